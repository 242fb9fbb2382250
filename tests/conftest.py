"""Shared fixtures: builds of the real site, a static server on a fixed address, and Chromium.

Browser tests build with `site_url` set to the server's address, because Material's instant
navigation only runs when the page is served at exactly that host and port.
"""

from __future__ import annotations

import http.server
import os
import shutil
import socketserver
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path(os.environ.get("PORTAL_CHROMIUM", "/usr/bin/chromium"))
SERVER_HOST = "127.0.0.1"


def _worker_port() -> int:
    """One port per pytest-xdist worker (gw0, gw1, ...): every worker builds the site for its own
    address and serves it, since instant navigation needs the exact host and port."""
    base = int(os.environ.get("PORTAL_TEST_PORT", "8765"))
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    return base + int(worker[2:]) if worker.startswith("gw") and worker[2:].isdigit() else base


SERVER_PORT = _worker_port()
SERVER_URL = f"http://{SERVER_HOST}:{SERVER_PORT}/"
FIXED_EPOCH = "1700000000"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def run_mkdocs_build(
    config_file: Path, site_dir: Path, *, site_url: str = "", cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Builds with --strict (never -q: it hides the warnings that --strict counts)."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    env["PORTAL_SITE_URL"] = site_url
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config_file),
         "-d", str(site_dir)],
        cwd=cwd or config_file.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def build_or_fail(config_file: Path, site_dir: Path, **kwargs: object) -> Path:
    result = run_mkdocs_build(config_file, site_dir, **kwargs)  # type: ignore[arg-type]
    if result.returncode != 0:
        pytest.fail(f"mkdocs build failed:\n{result.stdout}\n{result.stderr}")
    return site_dir


@pytest.fixture(scope="session")
def served_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site built for the test server's address (instant navigation on)."""
    out = tmp_path_factory.mktemp("served") / "site"
    return build_or_fail(ROOT / "mkdocs.yml", out, site_url=SERVER_URL)


@pytest.fixture(scope="session")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("offline") / "site"
    return build_or_fail(ROOT / "mkdocs.offline.yml", out)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


class _Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


@dataclass
class StaticServer:
    """Serves one folder at SERVER_URL; `serve()` swaps the folder between tests."""

    root: Path
    url: str = SERVER_URL
    _httpd: _Server | None = field(default=None, repr=False)

    def start(self) -> None:
        server = self

        class Handler(_QuietHandler):
            def __init__(self, *args: object, **kw: object) -> None:
                super().__init__(*args, directory=str(server.root), **kw)  # type: ignore[misc]

        self._httpd = _Server((SERVER_HOST, SERVER_PORT), Handler)
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()

    def serve(self, root: Path) -> str:
        self.root = root
        return self.url

    def stop(self) -> None:
        if self._httpd:
            self._httpd.shutdown()
            self._httpd.server_close()


@pytest.fixture(scope="session")
def static_server(served_site: Path) -> Iterator[StaticServer]:
    server = StaticServer(served_site)
    server.start()
    yield server
    server.stop()


def _browser_unavailable_reason() -> str | None:
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install -e '.[test]')"
    if not CHROMIUM.exists():
        return f"{CHROMIUM} not found (apt-get install chromium)"
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    reason = _browser_unavailable_reason()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests must run in CI: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@dataclass
class ConsoleLog:
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


@pytest.fixture
def console() -> ConsoleLog:
    return ConsoleLog()


@pytest.fixture
def page(browser: object, console: ConsoleLog) -> Iterator[object]:
    """A fresh context per test (empty localStorage) that records console errors and every
    request; a test fails if the page logged an error."""
    context = browser.new_context(locale="zh-CN", accept_downloads=True)  # type: ignore[attr-defined]
    pg = context.new_page()
    pg.on("console", lambda m: m.type == "error" and console.errors.append(m.text))
    pg.on("pageerror", lambda e: console.errors.append(str(e)))
    pg.on("request", lambda r: console.requests.append(r.url))
    yield pg
    context.close()
    assert console.errors == [], f"console errors: {console.errors}"


@pytest.fixture(scope="session")
def fixture_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fixtures")


def copy_project(dest: Path) -> Path:
    """A copy of the real project (content + config) to change in a test."""
    for name in ("docs", "quizzes", "checklists", "rules", "overrides"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, dest / name)
    for name in ("mkdocs.yml", "mkdocs.offline.yml", "jieba-userdict.txt"):
        shutil.copy2(ROOT / name, dest / name)
    return dest
