"""report.xlsx: the report's tables for Excel or WPS, through openpyxl.

openpyxl because it writes the Office Open XML workbook itself (no Excel needed) and is the
maintained standard for it in Python; its write-only mode streams rows, so 10,000 runs stay cheap.
Three sheets with fixed names and header rows (file format, whatever the interface language).

Nothing from an export becomes a formula: openpyxl stores any string starting with "=" as a
formula, so every text cell is marked as a string explicitly. Control characters openpyxl refuses
are removed (the reader already did; this is the writer's own guard)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from portalkit.report.document import REMOVED_MARK
from portalkit.report.model import Report
from portalkit.report.text import clean_text

SHEET_ITEMS = "检查项统计"
SHEET_RECTIFICATION = "整改清单"
SHEET_RUNS = "核查记录"
COLUMNS_ITEMS = ("清单", "分节", "检查项", "符合", "不符合", "不适用", "未查")
COLUMNS_RECTIFICATION = ("党组织", "核查对象", "清单", "检查项", "备注", "整改责任人", "完成时限")
COLUMNS_RUNS = ("党组织", "核查对象", "清单", "核查人", "更新时间", "未查项数")
_WIDTHS = {  # characters, per column name
    "清单": 28, "分节": 24, "检查项": 60, "党组织": 20, "核查对象": 16, "备注": 40, "核查人": 12, "更新时间": 18,
    "整改责任人": 12, "完成时限": 12,
}


def write_xlsx(report: Report, path: Path) -> None:
    book = Workbook(write_only=True)
    _sheet(book, SHEET_ITEMS, COLUMNS_ITEMS, (
        [s.title, row.section, row.text + (REMOVED_MARK if row.removed else ""),
         row.counts.ok, row.counts.issue, row.counts.na, row.counts.unchecked]
        for s in report.checklists for row in s.rows))
    _sheet(book, SHEET_RECTIFICATION, COLUMNS_RECTIFICATION, (
        [r.org, r.subject, r.checklist_title, r.text + (REMOVED_MARK if r.removed else ""), r.note, "", ""]
        for r in report.rectification))
    _sheet(book, SHEET_RUNS, COLUMNS_RUNS, (
        [r.org, r.subject, r.checklist_title, r.checker, r.updated, r.unchecked] for r in report.runs))
    book.save(str(path))


def _sheet(book: Workbook, title: str, columns: Sequence[str], rows: Iterable[list[str | int]]) -> None:
    sheet: WriteOnlyWorksheet = book.create_sheet(title)
    for i, name in enumerate(columns):
        letter = chr(ord("A") + i)
        sheet.column_dimensions[letter].width = _WIDTHS.get(name, 9)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    header = []
    for name in columns:
        cell = _cell(sheet, name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    count = 0
    for row in rows:
        cells = []
        for value in row:
            cell = _cell(sheet, value)
            if isinstance(value, str) and "\n" in value:
                cell.alignment = wrap
            cells.append(cell)
        sheet.append(cells)
        count += 1
    sheet.auto_filter.ref = f"A1:{chr(ord('A') + len(columns) - 1)}{count + 1}"


def _cell(sheet: WriteOnlyWorksheet, value: str | int) -> WriteOnlyCell:
    if isinstance(value, int):
        return WriteOnlyCell(sheet, value=value)
    text = clean_text(value)
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"  # openpyxl made "=..." a formula; text it stays
    return cell
