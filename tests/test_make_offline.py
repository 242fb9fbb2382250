"""The README's commands, run through the real Makefile in a copy of the project.

`make offline` runs with the test's own venv given as a *relative* `VENV` (as the default
`.venv` is), so a recipe that changes folder before calling the venv's Python fails here as it
failed on a fresh clone. Make is told not to install anything (`-o STAMP`): the running venv
already has the portal, and reinstalling it from a temporary copy would repoint its editable
install.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, copy_project

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")

PORTAL_STAMP = ".installed-portal"  # Makefile: PORTAL_INSTALLED := $(VENV)/.installed-portal


def _make(args: list[str], cwd: Path, timeout: int = 60) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(["make", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


def _installs(target: str) -> list[str]:
    """The pip install lines `make TARGET` would run in a fresh clone (dry run, nothing built)."""
    result = _make(["-n", "-B", target, "VENV=fresh-venv", "CHROMIUM=/nonexistent/chromium"], ROOT)
    assert result.returncode == 0, result.stderr
    return [line for line in result.stdout.splitlines() if "pip install" in line and "--upgrade pip" not in line]


@pytest.mark.parametrize("target", ["serve", "build", "offline", "check", "bench"])
def test_serving_and_building_install_only_the_portal(target: str) -> None:
    installs = _installs(target)
    # the portal with its Chinese search extra (jieba), nothing for tests
    assert len(installs) == 1 and installs[0].endswith("pip install --quiet -e '.[zh]'"), installs


def test_the_tests_install_the_test_tools_and_the_lowest_versions() -> None:
    """`make test` is what CI runs: the test tools (Zensical too) in .venv, and the lowest versions
    pyproject.toml allows in a venv of their own, where the lowest versions' tests run."""
    installs = _installs("test")
    assert len(installs) == 2, installs
    assert installs[0] == "fresh-venv/bin/python -m pip install --quiet -e '.[test,zh,zensical]'"
    assert installs[1].endswith("/bin/python -m pip install --quiet -c .ci/constraints-lowest.txt -e '.[test,zh]'")
    runs = [line for line in _make(["-n", "-B", "test", "VENV=fresh-venv", "CHROMIUM=/nonexistent/chromium"],
                                   ROOT).stdout.splitlines() if "-m pytest" in line]
    assert runs[0] == "fresh-venv/bin/python -m pytest -n auto --dist loadfile", runs
    assert runs[1].startswith(".venv-lowest/bin/python -m pytest -n auto --dist loadfile tests/"), runs


def test_lint_installs_the_test_tools_only() -> None:
    installs = _installs("lint")
    assert len(installs) == 1 and installs[0].endswith("pip install --quiet -e '.[test,zh,zensical]'"), installs


def test_the_two_installs_have_separate_stamps() -> None:
    serve = _make(["-n", "-B", "serve", "VENV=fresh-venv"], ROOT).stdout
    test = _make(["-n", "-B", "test", "VENV=fresh-venv", "CHROMIUM=/nonexistent/chromium"], ROOT).stdout
    serve_stamps = set(re.findall(r"^touch (\S+)$", serve, re.M))
    test_stamps = set(re.findall(r"^touch (\S+)$", test, re.M))
    assert serve_stamps == {f"fresh-venv/{PORTAL_STAMP}"}
    assert test_stamps == {"fresh-venv/.installed-test", ".venv-lowest/.installed-lowest"}
    assert not serve_stamps & test_stamps


def test_make_offline_writes_a_zip_with_the_site(tmp_path: Path) -> None:
    if not (Path(sys.prefix) / "bin" / "mkdocs").is_file():
        pytest.skip(f"run the tests from the project's venv (no mkdocs in {sys.prefix}/bin)")
    project = copy_project(tmp_path / "portal")
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy2(ROOT / name, project / name)
    venv = os.path.relpath(sys.prefix, project)
    assert not os.path.isabs(venv)
    args = ["offline", f"VENV={venv}", "-o", f"{venv}/{PORTAL_STAMP}"]

    planned = _make(["-n", *args], project)
    assert planned.returncode == 0, planned.stderr
    assert "pip install" not in planned.stdout and "-m venv" not in planned.stdout, planned.stdout

    result = _make(args, project, timeout=600)
    assert result.returncode == 0, f"{result.stdout}\n{result.stderr}"
    archive = project / "portal-offline.zip"
    assert archive.is_file()
    with zipfile.ZipFile(archive) as z:
        names = set(z.namelist())
        assert "index.html" in names, sorted(names)[:20]
        assert "procedures/stage-3.html" in names  # the offline plugin turns off directory URLs
        assert b"</html>" in z.read("index.html")
    built = {p.relative_to(project / "site-offline").as_posix()
             for p in (project / "site-offline").rglob("*") if p.is_file()}
    assert built <= names
