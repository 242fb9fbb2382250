"""The shared spreadsheet vectors through the browser's reader (assets/sheets.js, minified with
the build's LIMITS), in Chromium: the same grids and the same refusals as portalkit.sheets."""

from __future__ import annotations

import base64
import json

import pytest
from test_sheet_vectors import CASES, EXPECTED, as_json, fields

from portalkit.assets import SOURCE, _minified

pytestmark = pytest.mark.browser

READ = """async (b64) => {
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  try { return {grids: (await portalSheets.read(bytes)).grids}; }
  catch (e) { return {error: e.code || String(e), fields: e.fields || {}}; }
}"""


def script() -> str:
    return _minified("sheets.js", (SOURCE / "sheets.js").stat().st_mtime_ns)


def test_the_browser_reader_passes_every_vector(page: object) -> None:
    page.set_content("<!doctype html><title>sheets</title>")  # type: ignore[attr-defined]
    page.add_script_tag(content=script())  # type: ignore[attr-defined]
    failures = []
    for name, make in sorted(CASES.items()):
        got = page.evaluate(READ, base64.b64encode(make()).decode())  # type: ignore[attr-defined]
        expected = EXPECTED[name]
        if "error" in expected:
            ok = got.get("error") == expected["error"] and as_json(got.get("fields")) == as_json(fields(expected))
        else:
            ok = "grids" in got and as_json(got["grids"]) == as_json(expected["grids"])
        if not ok:
            failures.append(f"{name}: {json.dumps(got, ensure_ascii=False)[:300]}")
    assert not failures, "\n".join(failures)


def test_the_limits_are_the_builds(page: object) -> None:
    from portalkit.limits import LIMITS

    assert "/*LIMITS*/" not in script() and json.dumps(LIMITS["xlsxInflated"]) in script()


def test_a_header_is_found_below_title_rows_as_in_python(page: object) -> None:
    from portalkit.sheets import Grid, find_header

    rows = [(1, ["第一党支部台账"]), (3, ["序号", "名 字", "申请日期", "申请日期", "备注"]), (4, ["1", "张三"])]
    columns = {"name": ["姓名", "名字"], "application": ["申请日期"]}
    py = find_header(Grid("", rows), columns, required=("name",))
    page.set_content("<!doctype html><title>sheets</title>")  # type: ignore[attr-defined]
    page.add_script_tag(content=script())  # type: ignore[attr-defined]
    js = page.evaluate("([rows, columns]) => portalSheets.findHeader({name: '', rows}, columns, ['name'])",  # type: ignore[attr-defined]
                       [rows, columns])
    assert js == {"row": py.row, "index": py.index, "written": py.written, "unknown": py.unknown}
    assert py.row == 3 and py.unknown == ["序号", "申请日期 (D)", "备注"]
