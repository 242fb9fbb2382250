"""The opt-in fix to Material's search worker, on the worker text itself: the segmenter's call is
found by its shape in every 9.x worker, replaced once, and a worker without it is left alone."""

from __future__ import annotations

from pathlib import Path

import material

from portalkit.search_fix import MARKER, SEGMENTER_CALL, fixed_worker, patch_search_worker

SHIPPED = sorted((Path(material.__file__).parent / "templates" / "assets" / "javascripts" / "workers")
                 .glob("search.*.min.js"))


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
