"""Every command the README shows is run by a test, or the README says why not.

`COMMANDS` names, for each command the README shows (in a ```sh block or as inline code), the
test files that run it; each of those files must hold the command's words, so the table cannot
name a test that does not run it. A command the table does not know fails here: a new README
command needs its test. Commands that need the outside world (the package registries, apt)
are listed in `UNTESTED`, and the README must say so beside them. `mkdocs gh-deploy` runs here
against a local bare repository, `make serve` and `make build` in a copy of the project.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from test_make_offline import PORTAL_STAMP, _make

from conftest import ROOT, copy_project

README = (ROOT / "README.md").read_text("utf-8")

# command (as the README writes it, placeholders kept) → test files that run it, and the words
# of it that each of those files holds
COMMANDS: dict[str, tuple[list[str], str]] = {
    "make serve": (["test_readme_commands.py"], '"serve"'),
    "make test": (["test_make_offline.py"], '"test"'),  # itself: CI runs it; the test reads its recipe
    "make test TEST_WORKERS=0": (["test_readme_commands.py"], "TEST_WORKERS=0"),
    "make check": (["test_readme_commands.py"], '"check"'),
    "make build": (["test_readme_commands.py"], '"build"'),
    "make offline": (["test_make_offline.py"], '"offline"'),
    "make test-lowest": (["test_package.py"], '"test-lowest"'),  # the lowest versions' run is `make test`'s end
    "make bench": (["test_benchmarks.py"], "build_speed"),
    ".venv/bin/ruff check hooks tests benchmarks": (["test_readme_commands.py"], "ruff check hooks tests benchmarks"),
    ".venv/bin/python -m pytest -n auto --dist loadfile": (["test_make_offline.py"], "-m pytest -n auto --dist loadfile"),
    "PORTAL_SITE_URL=https://dangjian.example.org/fzdy/ .venv/bin/mkdocs build":
        (["test_readme_commands.py"], "PORTAL_SITE_URL"),
    ".venv/bin/mkdocs gh-deploy": (["test_readme_commands.py"], '"gh-deploy"'),
    ".venv/bin/python -m portalkit check": (["test_plugin.py", "test_package.py"], '"check"'),
    "python -m portalkit check": (["test_plugin.py", "test_package.py"], '"check"'),
    "python -m portalkit report": (["test_report.py"], "report"),
    "python -m portalkit assets": (["test_extension.py", "test_package.py"], '"assets"'),
    '.venv/bin/python -m portalkit report 自查材料 -o 自查报告 --unit "中共××局机关委员会" --to "中共××工委"':
        (["test_atomic_outputs.py", "test_report.py"], "README"),
    ".venv/bin/python -m portalkit ledger 台账.xlsx -o 台账结果.xlsx --ics 期限.ics --as-of 2026-06-30":
        (["test_ledger_command.py"], "README"),
    ".venv/bin/python -m portalkit paper final -o 试卷 --variants A,B --seed 2024": (["test_exchange.py"], "README"),
    ".venv/bin/python -m portalkit export quizzes/*.yml --format xlsx -o 题库.xlsx": (["test_exchange.py"], "README"),
    ".venv/bin/python -m portalkit export quizzes/*.yml --format moodle -o 题库.xml": (["test_exchange.py"], "README"),
    ".venv/bin/python -m portalkit import 培训题库.xlsx -o quizzes/training.yml --see procedures/stage-3.md#step-11":
        (["test_exchange.py"], "README"),
    ".venv/bin/python -m portalkit export stage-3 --format xlsx -o 阶段三.xlsx": (["test_exchange.py"], "README"),
    ".venv/bin/python -m portalkit import 阶段三.xlsx -o quizzes/stage-3.yml --force": (["test_exchange.py"], "README"),
    ".venv/bin/python -m portalkit scores 成绩 -o 成绩汇总": (["test_scores.py"], "README"),
    "pip install path/to/portal": (["test_readme_commands.py"], '"install"'),
    "pip install 'path/to/portal[zh]'": (["test_readme_commands.py"], '[zh]"'),
}

# commands that need the outside world, and what the README says beside each
UNTESTED = {
    "sudo apt-get install make python3-venv": "没有自动测试",
    ".venv/bin/python benchmarks/build_speed.py --full": "测试不运行这条命令",
}


def readme_commands() -> set[str]:
    found = set()
    for block in re.findall(r"```sh\n(.*?)```", README, re.S):
        found |= {line.split("  #")[0].strip() for line in block.strip().splitlines()}
    for code in re.findall(r"`([^`\n]+)`", README):
        if re.match(r"(make |\.venv/bin/|python -m |pip install |sudo |PORTAL_SITE_URL=)", code) \
                and code != "pip install":  # the words "`pip install` outside a venv", not a command
            found.add(code)
    return found


def test_every_readme_command_has_its_test_or_says_it_has_none() -> None:
    commands = readme_commands()
    assert commands - COMMANDS.keys() - UNTESTED.keys() == set(), "a README command without a test"
    assert COMMANDS.keys() - commands == set(), "the table names a command the README no longer shows"
    for command, (files, words) in COMMANDS.items():
        for name in files:
            assert words in (ROOT / "tests" / name).read_text("utf-8"), (command, name)
    for command, note in UNTESTED.items():
        paragraph = next(p for p in README.split("\n\n") if command in p)
        assert note in paragraph, f"the README must say that {command} is not tested"


def test_make_test_with_one_process_and_lint_as_the_readme_says() -> None:
    dry = _make(["-n", "-B", "test", "TEST_WORKERS=0", "CHROMIUM=/nonexistent/chromium"], ROOT).stdout
    assert ".venv/bin/python -m pytest -n 0 --dist loadfile" in dry
    assert ".venv/bin/ruff check hooks tests benchmarks" in dry
    result = subprocess.run([str(Path(sys.prefix) / "bin" / "ruff"), "check", "hooks", "tests", "benchmarks"],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """A copy of the project where make uses the running venv and installs nothing."""
    if not (Path(sys.prefix) / "bin" / "mkdocs").is_file():
        pytest.skip(f"run the tests from the project's venv (no mkdocs in {sys.prefix}/bin)")
    project = copy_project(tmp_path_factory.mktemp("readme") / "portal")
    for name in ("Makefile", "pyproject.toml"):
        (project / name).write_bytes((ROOT / name).read_bytes())
    venv = os.path.relpath(sys.prefix, project)
    return project, [f"VENV={venv}", "-o", f"{venv}/{PORTAL_STAMP}"]


def test_make_check_and_make_build(project: tuple[Path, list[str]]) -> None:
    folder, args = project
    result = _make(["check", *args], folder, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    env = {**os.environ, "PORTAL_SITE_URL": "https://dangjian.example.org/fzdy/", "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(["make", "build", *args], cwd=folder, env=env, capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    index = (folder / "site" / "index.html").read_text("utf-8")
    assert '<link rel="canonical" href="https://dangjian.example.org/fzdy/">' in index


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_make_serve_answers_at_its_address(project: tuple[Path, list[str]], tmp_path: Path) -> None:
    """`make serve` in a copy whose mkdocs.yml names a free port (tests run side by side)."""
    folder, args = project
    port = free_port()
    config = folder / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + f"\ndev_addr: 127.0.0.1:{port}\n", "utf-8")
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(["make", "serve", *args], cwd=folder, stdout=log, stderr=subprocess.STDOUT,
                              env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, start_new_session=True)
    try:
        page = ""
        deadline = time.monotonic() + 300  # a bound for a broken server, not a time asserted
        while not page and time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as response:
                    page = response.read().decode("utf-8")
            except OSError:
                time.sleep(1)
        assert "发展党员" in page, (tmp_path / "serve.log").read_text("utf-8")[-3000:]
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
        log.close()


def git(*args: object, cwd: Path) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org", "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(["git", *map(str, args)], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_gh_deploy_publishes_to_a_local_bare_repository(tmp_path: Path) -> None:
    """GitHub stands in as a bare repository on disk: the README's command, from the venv."""
    if not (Path(sys.prefix) / "bin" / "mkdocs").is_file():
        pytest.skip(f"run the tests from the project's venv (no mkdocs in {sys.prefix}/bin)")
    folder = copy_project(tmp_path / "portal")
    remote = tmp_path / "remote.git"
    git("init", "-q", "--bare", remote, cwd=tmp_path)
    git("init", "-q", cwd=folder)
    git("add", "-A", cwd=folder)
    git("commit", "-q", "-m", "portal", cwd=folder)
    git("remote", "add", "origin", remote, cwd=folder)
    git("config", "user.name", "t", cwd=folder)
    git("config", "user.email", "t@example.org", cwd=folder)
    result = subprocess.run([str(Path(sys.prefix) / "bin" / "mkdocs"), "gh-deploy"], cwd=folder,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "发展党员" in git("show", "gh-pages:index.html", cwd=remote)
    assert ".nojekyll" in git("ls-tree", "--name-only", "gh-pages", cwd=remote).split()


def test_pip_install_from_the_checkout_in_a_fresh_environment(tmp_path: Path) -> None:
    """`pip install 'path/to/portal[zh]'` into a fresh venv outside the checkout, from a copy of
    the checkout (no network: no build isolation, the dependencies borrowed as test_package does);
    whatever the install leaves in the copy is what the checkout's .gitignore ignores."""
    import shutil
    import sysconfig
    import venv

    source = tmp_path / "portal"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", ".venv*", "site", "site-offline", "build", "dist", "*.egg-info", "__pycache__", ".*cache"))
    before = {p.relative_to(source) for p in source.rglob("*")}
    fresh = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(fresh)
    python = fresh / "bin" / "python"
    purelib = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, timeout=60).stdout.strip()
    Path(purelib, "borrowed.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", "utf-8")
    result = subprocess.run([sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps",
                             "--no-index", "--no-build-isolation", f"{source}[zh]"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    where = subprocess.run([python, "-c", "import portalkit; print(portalkit.__file__)"], cwd=tmp_path,
                           capture_output=True, text=True, timeout=60).stdout
    assert where.startswith(purelib), where
    # folders with a trailing /, so that git matches them against `build/` in .gitignore
    left = sorted(str(p.relative_to(source)) + ("/" if p.is_dir() else "")
                  for p in source.rglob("*") if p.relative_to(source) not in before)
    assert "build/" in left, "the install writes build/ in the folder it installs from"
    ignored = subprocess.run(["git", "check-ignore", "--no-index", *left], cwd=ROOT, capture_output=True,
                             text=True, timeout=60).stdout.split()
    assert sorted(ignored) == left, sorted(set(left) - set(ignored))[:10]


def test_what_the_readme_commands_write_is_ignored_by_git() -> None:
    """Outputs (-o, --ics) of the README's commands, and the folders of people's files they read,
    stay out of commits; a bank written into quizzes/ is content and is not ignored."""
    commands = [c for c in readme_commands() if " -m portalkit " in c]
    outputs = {m for c in commands for m in re.findall(r"(?:-o|--ics) (\S+)", c)}
    written = sorted(o for o in outputs if not o.startswith("quizzes/"))
    assert {"试卷", "题库.xlsx", "台账结果.xlsx", "期限.ics", "成绩汇总", "自查报告"} <= set(written)
    read = ["自查材料/", "成绩/", "台账.xlsx"]
    # the folders exist after a run: a trailing / lets git match `name/` patterns
    paths = [o + "/" if "." not in o else o for o in written] + read
    ignored = subprocess.run(["git", "-c", "core.quotePath=false", "check-ignore", "--no-index", *paths], cwd=ROOT, capture_output=True, text=True,
                             timeout=60).stdout.split()
    assert sorted(ignored) == sorted(paths), sorted(set(paths) - set(ignored))
    kept = subprocess.run(["git", "check-ignore", "--no-index", "quizzes/training.yml"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert kept.returncode == 1, "a bank the README imports into quizzes/ is content"
