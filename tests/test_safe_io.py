"""The one writer, the one input finder and the one spreadsheet reader that every command uses
(portalkit.outputs, portalkit.inputs, portalkit.sheets), against ordinary and hostile files."""

from __future__ import annotations

import datetime
import io
import os
import re
import stat
import sys
from pathlib import Path

import openpyxl
import pytest

from portalkit.i18n import Messages
from portalkit.inputs import InputError, find_inputs, read_input
from portalkit.limits import LIMITS
from portalkit.outputs import OutputSet, WriteError, write_file
from portalkit.sheets import SheetError, find_header, read_grids

sys.path.insert(0, str(Path(__file__).parent / "hostile"))
from make_command_corpus import WORKBOOK_XML, one_sheet_book, zip_parts  # noqa: E402

EN = Messages("en")


# ------------------------------------------------------------------------------------ outputs
def test_a_set_is_written_whole_and_keeps_the_mode_of_what_it_replaces(tmp_path: Path) -> None:
    old = tmp_path / "a.txt"
    old.write_text("old")
    old.chmod(0o640)
    with OutputSet(tmp_path) as out:
        out.add("a.txt", "new a")
        out.add("b.bin", b"\x00\x01")
        out.add("c.txt", lambda p: p.write_text("via a path"))
        assert old.read_text() == "old"  # nothing is renamed before the set ends
    assert old.read_text() == "new a"
    assert stat.S_IMODE(old.stat().st_mode) == 0o640
    assert (tmp_path / "b.bin").read_bytes() == b"\x00\x01"
    assert (tmp_path / "c.txt").read_text() == "via a path"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".part")) == []


def test_a_failing_writer_leaves_every_old_file_and_no_temporary_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("old a")

    def broken(path: Path) -> None:
        path.write_text("half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError), OutputSet(tmp_path) as out:
        out.add("a.txt", "new a")
        out.add("b.txt", broken)
    assert (tmp_path / "a.txt").read_text() == "old a"
    assert not (tmp_path / "b.txt").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_a_symlinked_output_is_refused_naming_its_target(tmp_path: Path) -> None:
    shared = tmp_path / "shared.yml"
    shared.write_text("bank")
    (tmp_path / "link.yml").symlink_to(shared)
    with pytest.raises(WriteError, match="shared.yml"):
        write_file(tmp_path / "link.yml", "replaced", EN)
    assert shared.read_text() == "bank"
    assert (tmp_path / "link.yml").is_symlink()


def test_two_names_for_one_file_in_one_set_are_refused(tmp_path: Path) -> None:
    with pytest.raises(WriteError), OutputSet(tmp_path, EN) as out:
        out.add("x.html", "1")
        out.add("x.html", "2")
    assert not (tmp_path / "x.html").exists()


# ------------------------------------------------------------------------------------- inputs
def test_inputs_are_regular_files_inside_the_folder_never_links_or_pipes(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    secret = tmp_path / "secret.txt"
    secret.write_text("token=abc")
    given = tmp_path / "材料"
    (given / "第三党支部" / "旧版").mkdir(parents=True)
    (given / "第三党支部" / "旧版" / "a.json").write_text("{}")
    (given / "top.csv").write_text("x")
    (given / "link.json").symlink_to(secret)
    (given / "dirlink").symlink_to(tmp_path)
    os.mkfifo(given / "pipe.csv")
    (given / ".git").mkdir()
    (given / ".git" / "config").write_text("x")
    (given / "~$报告.docx").write_text("lock")
    found = find_inputs([Path("材料")], EN)
    assert [(f.display, f.branch) for f in found.files] == [
        ("材料/top.csv", ""), ("材料/第三党支部/旧版/a.json", "第三党支部")]
    assert {(s.display, s.code) for s in found.skipped} == {
        ("材料/dirlink", "symlink"), ("材料/link.json", "symlink"), ("材料/pipe.csv", "special")}
    assert all("token" not in s.reason for s in found.skipped)


def test_an_unlistable_subfolder_is_named_not_skipped_silently(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a" / "locked").mkdir(parents=True)
    real = os.scandir

    def scandir(path: object) -> object:
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    found = find_inputs([tmp_path / "a"], EN)
    assert [(s.display, s.code) for s in found.skipped] == [(f"{(tmp_path / 'a').as_posix()}/locked/", "unreadable-folder")]


def test_read_input_stops_at_its_bound_and_refuses_a_swapped_file(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_bytes(b"x" * 1000)
    found = find_inputs([tmp_path])
    with pytest.raises(InputError) as error:
        read_input(found.files[0], 999, EN)
    assert error.value.code == "too-big"
    assert read_input(found.files[0], 1000) == b"x" * 1000
    path.rename(tmp_path / "kept")  # kept, so the new file cannot reuse its inode
    path.write_bytes(b"other")
    with pytest.raises(InputError) as error:
        read_input(found.files[0], 1000, EN)
    assert error.value.code == "changed"


def test_outputs_given_as_exclusions_are_not_read(tmp_path: Path) -> None:
    (tmp_path / "in.json").write_text("{}")
    (tmp_path / "report.md").write_text("# old")
    found = find_inputs([tmp_path], exclude=[tmp_path / "report.md"])
    assert [f.path.name for f in found.files] == ["in.json"]


# ------------------------------------------------------------------------------------- sheets
def _xlsx(build: object) -> bytes:
    book = openpyxl.Workbook()
    build(book)  # type: ignore[operator]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_ledger_with_title_rows_dates_formulas_and_booleans() -> None:
    def build(book: openpyxl.Workbook) -> None:
        sheet = book.active
        sheet.title = "台账"
        sheet.append(["第三党支部发展党员工作台账"])
        sheet.append([])
        sheet.append(["序号", " 姓 名 ", "入党申请日期", "备注", "是否"])
        sheet.append([1, "张三", datetime.date(2024, 1, 31), "=B4&\"x\"", True])
        sheet.append([2.5, "李四", datetime.datetime(2024, 2, 29, 13, 5), None, False])
        sheet["F10"] = "远处"
        book.create_sheet("说明").append(["只是说明"])

    grids = read_grids(_xlsx(build))
    assert [g.name for g in grids] == ["台账", "说明"]
    assert grids[0].rows == [
        (1, ["第三党支部发展党员工作台账"]),
        (3, ["序号", " 姓 名 ", "入党申请日期", "备注", "是否"]),
        (4, [1, "张三", "2024-01-31", '=B4&"x"', True]),
        (5, [2.5, "李四", "2024-02-29 13:05:00", "", False]),
        (10, ["", "", "", "", "", "远处"]),
    ]
    header = find_header(grids[0], {"name": ["姓名", "Name"], "applied": ["入党申请日期", "申请日期"]}, ["name"])
    assert header is not None and header.row == 3
    assert header.index == {"name": 1, "applied": 2}
    assert header.unknown == ["序号", "备注", "是否"]


@pytest.mark.parametrize(("data", "rows"), [
    ("姓名,日期\r\n张三,2024-01-31\r\n".encode("gb18030"), [(1, ["姓名", "日期"]), (2, ["张三", "2024-01-31"])]),
    ("\ufeff姓名,备注\n张三,\"两行\n备注\"\n\n".encode(), [(1, ["姓名", "备注"]), (2, ["张三", "两行\n备注"])]),
    ("姓名\t日期\r\n张三\t2024-01-31\r\n".encode("utf-16"), [(1, ["姓名", "日期"]), (2, ["张三", "2024-01-31"])]),
    (b"a;b;c\n1;2;3\n", [(1, ["a", "b", "c"]), (2, ["1", "2", "3"])]),
])
def test_csv_in_the_encodings_and_separators_offices_save(data: bytes, rows: list) -> None:
    assert read_grids(data)[0].rows == rows


def test_csv_with_an_unclosed_quote_names_its_line() -> None:
    data = b'a,b,c\n1,"note without its end,3\n4,5,6\n7,8,9\n'
    with pytest.raises(SheetError, match="line 2"):
        read_grids(data, EN)
    with pytest.raises(SheetError, match="line 2"):
        read_grids(b'a,b,c\n1,"open,3\n', EN)


def _sheet(rows: bytes) -> bytes:
    return b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' + rows + \
        b"</sheetData></worksheet>"


@pytest.mark.parametrize("case", ["inflates", "wide-row", "long-shared-string", "many-cells", "dtd", "many-parts",
                                  "long-inline", "not-zip"])
def test_hostile_workbooks_are_refused_with_a_reason_never_their_content(case: str,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    # the same code paths as the real bounds, at a size a busy test machine builds in no time
    for key, small in (("xlsxInflated", 2 << 20), ("sheetCells", 3000), ("cellChars", 5000), ("xlsxParts", 50)):
        monkeypatch.setitem(LIMITS, key, small)
    if case == "inflates":  # a few hundred KB that inflate past the bound
        data = one_sheet_book(_sheet(b'<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
                            + b"<!--" + b" " * (LIMITS["xlsxInflated"] + 10) + b"-->"))
        assert len(data) < 1024 * 1024
    elif case == "wide-row":
        data = one_sheet_book(_sheet(b'<row r="1">' + b'<c t="inlineStr"><is><t>v</t></is></c>' * 300 + b"</row>"))
    elif case == "long-shared-string":
        strings = (b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>'
                   + b"y" * (LIMITS["cellChars"] + 1) + b"</t></si></sst>")
        data = one_sheet_book(_sheet(b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>'), **{"xl/sharedStrings.xml": strings})
    elif case == "many-cells":
        rows = b"".join(b'<row r="%d">' % r + b"<c><v>1</v></c>" * 150 + b"</row>"
                        for r in range(1, LIMITS["sheetCells"] // 150 + 3))
        data = one_sheet_book(_sheet(rows))
    elif case == "dtd":
        data = one_sheet_book(b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>' + _sheet(b""))
    elif case == "many-parts":
        data = zip_parts({f"junk/{i}": b"" for i in range(LIMITS["xlsxParts"] + 1)} | {"xl/workbook.xml": WORKBOOK_XML})
    elif case == "long-inline":
        data = one_sheet_book(_sheet(b'<row r="1"><c r="A1" t="inlineStr"><is><t>' + b"z" * (LIMITS["cellChars"] + 1)
                            + b"</t></is></c></row>"))
    else:
        data = b"PK\x03\x04 truncated"
    with pytest.raises(SheetError) as error:
        read_grids(data, EN)
    assert "xxx" not in str(error.value) and "yyy" not in str(error.value) and "zzz" not in str(error.value)


def test_empty_rows_cost_nothing_and_a_value_past_the_last_row_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(LIMITS, "sheetRows", 2000)
    empty = b"".join(b'<row r="%d"/>' % r for r in range(4, 5000))
    with pytest.raises(SheetError, match="2000"):
        read_grids(one_sheet_book(_sheet(empty + b'<row r="5000"><c r="A5000" t="inlineStr"><is><t>last</t></is></c></row>')), EN)
    assert read_grids(one_sheet_book(_sheet(b'<row r="3"><c r="B3"><v>7</v></c></row>' + empty)))[0].rows == [(3, ["", 7])]


# ------------------------------------------------------------------------ the one table of limits
_UNITS = {"MB": 1024 * 1024, "KB": 1024}


@pytest.mark.parametrize("page", ["index.md", "en.md"])
def test_the_editors_reference_lists_every_limit_with_its_value(page: str) -> None:
    text = (Path(__file__).resolve().parent.parent / "docs" / "reference" / page).read_text("utf-8")
    section = text.split("{#limits}", 1)[1].split("\n## ", 1)[0]
    listed = {}
    for key, value in re.findall(r"^\| `(\w+)` \| ([^|]+) \|", section, re.M):
        number, unit = re.match(r"([0-9]+)\s*(\S*)", value.strip()).groups()  # type: ignore[union-attr]
        listed[key] = int(number) * _UNITS.get(unit, 1)
    assert listed == LIMITS


def test_the_advertised_import_maximum_fits_the_bank_bound() -> None:
    """An import of LIMITS["importQuestions"] questions like the portal's own writes a bank that
    loads: twice the YAML they take stays within LIMITS["bankBytes"] (benchmarks/linearity.py
    imports and loads one of that size)."""
    import yaml as pyyaml

    from portalkit.exchange.yaml_write import dump_bank

    root = Path(__file__).resolve().parent.parent
    questions = [q for path in sorted((root / "quizzes").glob("*.yml"))
                 for q in (pyyaml.safe_load(path.read_text("utf-8")).get("questions") or [])]
    per_question = len(dump_bank({"title": "x", "questions": questions}).encode("utf-8")) / len(questions)
    assert 2 * per_question * LIMITS["importQuestions"] <= LIMITS["bankBytes"], per_question
