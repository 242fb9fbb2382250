"""The opt-in fix to Material's search worker, on the worker text itself: the segmenter's call is
found by its shape in every worker from Material 9.2 to 9.8, replaced once, and a worker without
it is left alone, with a warning that names Material's version (`mkdocs build --strict` fails)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import material
import pytest

from portalkit.search_fix import MARKER, SEGMENTER_CALL, fixed_worker, material_version, patch_search_worker

from conftest import run_mkdocs_build
from sites import write_english_site

# material/templates/assets/ since 9.4, material/assets/ before
SHIPPED = sorted(Path(material.__file__).parent.glob("**/javascripts/workers/search.*.min.js"))

# The start of the worker's `search` as Material's releases wrote it, read from their wheels.
# 9.2.0 is the first that segments Chinese queries; 9.1 has no segmenter to fix.
SEGMENTING_RELEASES = {
    "9.2.0 9.2.8 9.3.0 9.3.2 9.4.0 9.4.14 9.5.0 9.5.20":
        'search(e){if(e=e.replace(new RegExp("\\\\p{sc=Han}+","gu"),s=>[...he(s,this.index.invertedIndex)]'
        '.join("* ")),e=ue(e),',
    "9.5.50 9.6.0 9.6.23 9.7.0 9.7.7 9.8.0 9.8.2":
        'search(e){if(e=e.replace(new RegExp("\\\\p{sc=Han}+","gu"),s=>[...fe(s,this.index.invertedIndex)]'
        '.join("* ")),e=ce(e),',
}
WITHOUT_SEGMENTER = 'search(e){if(e=ue(e),!e)return{items:[]};let r=ce(e).filter(s=>s.presence!==lunr.Query.presence.PROHIBITED)'


def test_the_installed_worker_is_fixed_once() -> None:
    text = SHIPPED[0].read_text("utf-8")
    fixed = fixed_worker(text)
    assert fixed is not None and fixed != text
    assert SEGMENTER_CALL.search(fixed) is None
    assert "portalSegmentQuery(" in fixed and fixed.count(MARKER) == 1
    assert fixed_worker(fixed) == fixed, "a second build does not patch twice"


def test_minified_names_do_not_matter() -> None:
    call = 'e=e.replace(new RegExp("\\\\p{sc=Han}+","gu"),q=>[...zz(q,this.index.invertedIndex)].join("* "))'
    fixed = fixed_worker(call)
    assert fixed is not None and fixed.startswith(
        'e=e.replace(new RegExp("\\\\p{sc=Han}+","gu"),q=>portalSegmentQuery(q,this.index.invertedIndex))')


def test_a_worker_without_the_call_is_left_alone(tmp_path: Path) -> None:
    workers = tmp_path / "assets" / "javascripts" / "workers"
    workers.mkdir(parents=True)
    (workers / "search.x.min.js").write_text("self.search = () => 1;", "utf-8")
    assert patch_search_worker(tmp_path) is False
    assert (workers / "search.x.min.js").read_text("utf-8") == "self.search = () => 1;"
    assert patch_search_worker(tmp_path / "nowhere") is None


@pytest.mark.parametrize("releases", list(SEGMENTING_RELEASES))
def test_every_segmenting_release_is_fixed(releases: str) -> None:
    fixed = fixed_worker(SEGMENTING_RELEASES[releases])
    assert fixed is not None and SEGMENTER_CALL.search(fixed) is None
    assert ',s=>portalSegmentQuery(s,this.index.invertedIndex)),e=' in fixed


def test_a_release_before_the_segmenter_is_refused() -> None:
    assert fixed_worker(WITHOUT_SEGMENTER) is None  # Material 9.1.21


def test_a_worker_it_cannot_fix_is_named_with_materials_version(tmp_path: Path) -> None:
    """A site that opts in, on a Material whose worker lacks the call (here the theme's custom_dir
    puts such a worker in place of Material's): a warning names the version, --strict fails, and
    without --strict the site builds with the worker untouched."""
    config = write_english_site(tmp_path)
    config.write_text(config.read_text("utf-8").replace(
        "  language: en\n", "  language: en\n  custom_dir: overrides\n").replace(
        "      checklists_dir: content/lists\n", "      checklists_dir: content/lists\n      search_fix: true\n"),
        "utf-8")
    worker = tmp_path / "overrides" / "assets" / "javascripts" / "workers" / SHIPPED[0].name
    worker.parent.mkdir(parents=True)
    worker.write_text(WITHOUT_SEGMENTER + "}", "utf-8")

    strict = run_mkdocs_build(config, tmp_path / "strict")
    assert strict.returncode != 0
    assert f"Material {material_version()}" in strict.stderr and "search_fix" in strict.stderr, strict.stderr
    assert "Material 9.2 to 9.8" in strict.stderr

    built = tmp_path / "site"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", config, "-d", built], cwd=tmp_path,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stderr
    assert f"Material {material_version()}" in result.stderr
    assert (built / "assets" / "javascripts" / "workers" / SHIPPED[0].name).read_text("utf-8") == \
        WITHOUT_SEGMENTER + "}"
