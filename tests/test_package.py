"""The package as another site gets it: `python -m build` gives an sdist and a wheel that pass
`twine check` with no deprecation warning, and the wheel, installed in a fresh virtual
environment outside the checkout, runs its commands and builds a foreign site with the plugin.

No network: the wheel is installed with --no-index, and the fresh environment borrows the
dependencies the test environment already has (a .pth line), never portalkit itself."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from conftest import ROOT
from sites import write_english_site


def run(*args: object, cwd: Path, python: Path | str = sys.executable) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["NO_MKDOCS_2_WARNING"] = "1"
    return subprocess.run([str(python), *map(str, args)], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=600)


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    result = run("-m", "build", "--no-isolation", "--outdir", out, ROOT, cwd=out)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Deprecat" not in result.stdout + result.stderr, "the build warns of a deprecation"
    return out


def test_sdist_and_wheel_pass_twine_check(dist: Path) -> None:
    files = sorted(dist.iterdir())
    assert sorted(f.suffix for f in files) == [".gz", ".whl"], files
    result = run("-m", "twine", "check", "--strict", *files, cwd=dist)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_wheel_in_a_fresh_environment_builds_a_foreign_site(dist: Path, tmp_path: Path) -> None:
    fresh = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(fresh)
    python = fresh / "bin" / "python"
    site_packages = Path(run("-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])",
                             cwd=tmp_path, python=python).stdout.strip())
    (site_packages / "borrowed-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", "utf-8")
    [wheel] = dist.glob("*.whl")
    result = run("-m", "pip", "--python", python, "install", "--no-deps", "--no-index", "--quiet", wheel,
                 cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr

    where = run("-c", "import portalkit; print(portalkit.__file__, portalkit.__version__)", cwd=tmp_path,
                python=python).stdout
    assert where.startswith(str(site_packages)), f"portalkit came from {where}"

    config = write_english_site(tmp_path / "site")
    result = run("-m", "portalkit", "check", cwd=config.parent, python=python)
    assert result.returncode == 0, result.stdout + result.stderr
    result = run("-m", "mkdocs", "build", "--strict", "-d", tmp_path / "out", cwd=config.parent, python=python)
    assert result.returncode == 0, result.stdout + result.stderr
    built = (tmp_path / "out" / "training" / "quiz" / "index.html").read_text("utf-8")
    assert 'data-quiz="fire-safety"' in built and "Check answer" in built
    assert list((tmp_path / "out" / "assets" / "portalkit").glob("*.js")), "the runtime is served"

    # every command answers in the site's language from the wheel's own catalogs
    for command in ("check", "report", "assets", "paper", "export", "import"):
        result = run("-m", "portalkit", command, "--help", cwd=config.parent, python=python)
        assert result.returncode == 0 and "usage:" in result.stdout, (command, result.stderr)
    result = run("-m", "portalkit", "assets", "-o", tmp_path / "copied", cwd=config.parent, python=python)
    assert result.returncode == 0, result.stdout + result.stderr
    assert list((tmp_path / "copied").rglob("*.css")), "the runtime is copied"


def test_the_lowest_versions_run_pins_every_lower_bound() -> None:
    """`make test-lowest` installs .ci/constraints-lowest.txt: one pin per dependency of the
    package (and jieba of the zh extra), at the lowest version its range in pyproject.toml allows."""
    import re
    import tomllib

    from packaging.version import Version

    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    wanted = {}
    for requirement in [*project["dependencies"], *project["optional-dependencies"]["zh"]]:
        name, lowest = re.match(r"([A-Za-z0-9_.-]+)\s*>=\s*([0-9][0-9.]*)", requirement).groups()
        wanted[name.lower()] = Version(lowest)
    pins = dict(re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)$", (ROOT / ".ci" / "constraints-lowest.txt").read_text("utf-8"),
                           re.M))
    pinned = {name.lower(): Version(version) for name, version in pins.items()}
    assert {name: pinned.get(name) for name in wanted} == wanted
    dry = run_make_dry("test-lowest")
    assert "pip install --quiet -c .ci/constraints-lowest.txt -e '.[test,zh]'" in dry
    assert "tests/test_search_browser.py" in dry and "tests/test_site_build.py" in dry


def run_make_dry(target: str) -> str:
    result = subprocess.run(["make", "-n", "-B", target, "CHROMIUM=/nonexistent/chromium", "LOWEST=fresh-lowest"],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout
