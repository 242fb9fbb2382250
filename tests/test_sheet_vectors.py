"""The shared spreadsheet vectors (tests/sheet_vectors) through the Python reader; the browser
reader (assets/sheets.js) runs the same ones in tests/test_sheet_vectors_browser.py."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from portalkit.i18n import ZH
from portalkit.limits import LIMITS
from portalkit.sheets import SheetError, read_grids

HERE = Path(__file__).parent / "sheet_vectors"
EXPECTED = json.loads((HERE / "expected.json").read_text("utf-8"))


def load_cases() -> dict:
    spec = importlib.util.spec_from_file_location("sheet_cases", HERE / "cases.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module.CASES


CASES = load_cases()


def test_every_case_has_an_answer_and_both_kinds_are_covered() -> None:
    assert set(CASES) == set(EXPECTED)
    assert sum("error" in e for e in EXPECTED.values()) >= 10
    assert sum("grids" in e for e in EXPECTED.values()) >= 10


def fields(expected: dict) -> dict:
    """The refusal's fields, with `LIMITS:name` and `MB:name` read from the one table of bounds."""
    def value(v: object) -> object:
        if isinstance(v, str) and v.startswith("LIMITS:"):
            return LIMITS[v[7:]]
        if isinstance(v, str) and v.startswith("MB:"):
            return LIMITS[v[3:]] // (1024 * 1024)
        return v
    return {k: value(v) for k, v in expected.get("fields", {}).items()}


def as_json(value: object) -> object:
    """Numbers by value: Python's 1000.0 is JavaScript's 1000."""
    return json.loads(json.dumps(value), parse_float=lambda s: float(s) if not float(s).is_integer() else int(float(s)))


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_python_reader_passes_every_vector(name: str) -> None:
    expected = EXPECTED[name]
    data = CASES[name]()
    if "error" in expected:
        with pytest.raises(SheetError) as caught:
            read_grids(data)
        assert str(caught.value) == ZH(f"sheets.{expected['error']}", **fields(expected))
    else:
        grids = [{"name": g.name, "rows": g.rows} for g in read_grids(data)]
        assert as_json(grids) == as_json(expected["grids"])
