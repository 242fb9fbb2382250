"""The portal built by Zensical, which reads mkdocs.yml but ignores `hooks:` and MkDocs plugins:
the Markdown extension alone renders the blocks, with the runtime copied into docs/ by
`python -m portalkit assets` (README: "Use portalkit in your own site").

Zensical keeps a build cache (`.cache/` beside mkdocs.yml) that holds pages rendered from old
YAML: every build here starts from a fresh copy (DESIGN.md §8)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from conftest import ROOT, copy_project

if os.environ.get("CI") != "true":
    pytest.importorskip("zensical", reason="Zensical is in the zensical extra: pip install -e '.[test,zh,zensical]'")

BLOCK_OPENER = re.compile(r"^\s*/{3,}\s*(quiz|checklist|mistakes|datecheck|timelimits|report|progress|ledger|scores)\b", re.M)
FENCE = re.compile(r"^\s*(```|~~~)")


def zensical_build(project: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PORTAL_SITE_URL": "", "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "zensical", "build", "--clean"], cwd=project, env=env,
                          capture_output=True, text=True, timeout=600)


def copy_with_assets(dest: Path) -> Path:
    project = copy_project(dest)
    copied = subprocess.run([sys.executable, "-m", "portalkit", "assets"], cwd=project,
                            capture_output=True, text=True, timeout=60)
    assert copied.returncode == 0, copied.stdout + copied.stderr
    return project


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_with_assets(tmp_path_factory.mktemp("zensical") / "portal")
    result = zensical_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


def _blocks_in_sources() -> int:
    count = 0
    for path in (ROOT / "docs").rglob("*.md"):
        in_fence = False
        for line in path.read_text("utf-8").splitlines():
            if FENCE.match(line):
                in_fence = not in_fence
            elif not in_fence and BLOCK_OPENER.match(line):
                count += 1
    return count


class _BlockLinks(HTMLParser):
    """`href`/`src` of the elements inside each `<div class="portal-block">`, and every `id`."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.blocks = 0
        self._depth = 0  # <div> depth inside the current block; 0 = outside

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(attributes["id"] or "")
        if tag == "div" and (self._depth or attributes.get("class") == "portal-block"):
            self.blocks += self._depth == 0
            self._depth += 1
        if self._depth:
            self.links += [value for name, value in attrs if name in ("href", "src") and value]

    def handle_endtag(self, tag: str) -> None:
        if tag == "div" and self._depth:
            self._depth -= 1


def _parse(path: Path) -> _BlockLinks:
    parser = _BlockLinks()
    parser.feed(path.read_text("utf-8"))
    return parser


def test_every_block_is_rendered_and_none_is_left_as_text(zensical_site: Path) -> None:
    pages = sorted(zensical_site.rglob("*.html"))
    leftovers = [f"{p.relative_to(zensical_site)}: {m.group(0)}" for p in pages
                 for m in re.finditer(r"<p>\s*/{3,}\s*\w+[^<]{0,40}", p.read_text("utf-8"))]
    assert leftovers == []
    rendered = sum(_parse(p).blocks for p in pages)
    assert rendered == _blocks_in_sources() >= 16


def test_every_link_of_the_blocks_resolves_to_a_built_page_and_anchor(zensical_site: Path) -> None:
    parsed: dict[Path, _BlockLinks] = {p: _parse(p) for p in zensical_site.rglob("*.html")}
    checked, broken = 0, []
    for path, page in parsed.items():
        base = "/" + path.relative_to(zensical_site).as_posix()
        text = path.read_text("utf-8")
        # the markup's links and the runtime's (`see` in the JSON a block embeds)
        for link in page.links + re.findall(r'"see":"([^"]+)"', text):
            if urlsplit(link).scheme or link.startswith(("#", "/", "//")):
                continue
            target = urlsplit(urljoin(base, link))
            file = zensical_site / target.path.lstrip("/")
            if target.path.endswith("/"):
                file = file / "index.html"
            checked += 1
            if not file.is_file():
                broken.append(f"{path.relative_to(zensical_site)}: {link} (no {file.relative_to(zensical_site)})")
            elif target.fragment and file.suffix == ".html" and target.fragment not in parsed[file].ids:
                broken.append(f"{path.relative_to(zensical_site)}: {link} (no #{target.fragment})")
    assert broken == []
    assert checked > 200  # every question's and checklist item's `see:`, and the runtime's files


def test_the_runtime_files_are_served_from_the_copied_assets(zensical_site: Path) -> None:
    quiz = (zensical_site / "study" / "stage-3" / "index.html").read_text("utf-8")
    assert '<script src="../../assets/portalkit/quiz.js" defer></script>' in quiz
    assert (zensical_site / "assets" / "portalkit" / "quiz.js").is_file()
    about = (zensical_site / "about" / "index.html").read_text("utf-8")
    assert "assets/portalkit/" not in about  # a page without blocks loads none of the runtime


def test_a_broken_bank_fails_the_zensical_build_with_its_file_and_line(tmp_path: Path) -> None:
    project = copy_with_assets(tmp_path / "portal")
    bank = project / "quizzes" / "stage-3.yml"
    lines = bank.read_text("utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines, 1) if line.strip().startswith("answer:"))
    lines[number - 1] = re.sub(r"answer:.*", "answer: 不存在的选项", lines[number - 1])
    bank.write_text("".join(lines), "utf-8")
    result = zensical_build(project)
    assert result.returncode != 0
    assert f"quizzes/stage-3.yml:{number}:" in result.stdout + result.stderr, result.stdout + result.stderr


def test_a_changed_bank_rebuilds_its_pages_because_mkdocs_yml_watches_the_yaml(tmp_path: Path) -> None:
    """Zensical's cache keys a page on its Markdown; the portal's `watch:` of the YAML folders makes a
    changed bank rebuild the pages (README: without it, a page would keep the old questions)."""
    project = copy_with_assets(tmp_path / "portal")
    env = {**os.environ, "PORTAL_SITE_URL": "", "NO_COLOR": "1"}

    def build() -> str:
        result = subprocess.run([sys.executable, "-m", "zensical", "build"], cwd=project, env=env,
                                capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stdout + result.stderr
        return (project / "site" / "study" / "stage-3" / "index.html").read_text("utf-8")

    assert "缓存检验" not in build()
    bank = project / "quizzes" / "stage-3.yml"
    bank.write_text(bank.read_text("utf-8").replace("prompt: ", "prompt: 缓存检验", 1), "utf-8")
    assert "缓存检验" in build()
