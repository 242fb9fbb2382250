"""report.xlsx: the report's tables for Excel or WPS, through openpyxl.

openpyxl because it writes the Office Open XML workbook itself (no Excel needed) and is the
maintained standard for it in Python; its write-only mode streams rows, so 10,000 runs stay cheap.
Sheet names and header rows are file format (other tools read them back), whatever the interface
language: existing sheets and columns stay as they are, new columns only come at the end, and
totals have a sheet of their own (合计) so that no data sheet holds a row that is not a record.

Every sheet prints on A4 landscape, one page wide, with its header row on every page; columns
are as wide as their content. Nothing from an export becomes a formula: openpyxl stores any
string starting with "=" as a formula, so every text cell is marked as a string explicitly.
Control characters openpyxl refuses are removed (the reader already did; this is the writer's
own guard)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from portalkit.i18n import ZH, Messages
from portalkit.officialdoc.words import width
from portalkit.report.document import Words, rectification_problem
from portalkit.report.model import Counts, Report
from portalkit.report.text import clean_text

SHEET_ITEMS = "检查项统计"
SHEET_RECTIFICATION = "整改清单"
SHEET_RUNS = "核查记录"
SHEET_BRANCHES = "党组织"
SHEET_TOTALS = "合计"
COLUMNS_ITEMS = ("清单", "分节", "检查项", "符合", "不符合", "不适用", "未查", "符合率")
COLUMNS_RECTIFICATION = ("党组织", "核查对象", "清单", "检查项", "备注", "整改责任人", "完成时限", "存在问题",
                         "整改措施")
COLUMNS_RUNS = ("党组织", "核查对象", "清单", "核查人", "更新时间", "未查项数")
COLUMNS_BRANCHES = ("党组织", "类别", "核查记录", "符合", "不符合", "不适用", "未查", "符合率", "交来情况")
COLUMNS_TOTALS = ("清单", "核查记录", "符合", "不符合", "不适用", "未查", "符合率")
HANDED_IN, NOT_HANDED_IN = "已交", "未交"
ALL_CHECKLISTS = "全部清单"
REMOVED_MARK = "（已从清单中删除）"
_MAX_WIDTH = 60  # characters: longer texts wrap
Value = str | int | float | None


def write_xlsx(report: Report, path: Path, messages: Messages = ZH) -> None:
    words = Words(messages)
    book = Workbook(write_only=True)
    _sheet(book, SHEET_ITEMS, COLUMNS_ITEMS, [
        [s.title, row.section, row.text + (REMOVED_MARK if row.removed else ""), *_counts(row.counts)]
        for s in report.checklists for row in s.rows])
    _sheet(book, SHEET_RECTIFICATION, COLUMNS_RECTIFICATION, [
        [r.org, r.subject, r.checklist_title, r.text + (REMOVED_MARK if r.removed else ""), r.note, "", "",
         rectification_problem(r, words), ""]
        for r in report.rectification])
    _sheet(book, SHEET_RUNS, COLUMNS_RUNS, [
        [r.org, r.subject, r.checklist_title, r.checker, r.updated, r.unchecked] for r in report.runs])
    _sheet(book, SHEET_BRANCHES, COLUMNS_BRANCHES, [
        [b.org, b.kind, b.runs, *_counts(b.counts), HANDED_IN if b.handed_in else NOT_HANDED_IN]
        for b in report.branches])
    _sheet(book, SHEET_TOTALS, COLUMNS_TOTALS, [
        *([s.title, s.runs, *_counts(s.totals)] for s in report.checklists),
        [ALL_CHECKLISTS, len(report.runs), *_counts(report.totals)]])
    book.save(str(path))


def _counts(c: Counts) -> list[Value]:
    """符合, 不符合, 不适用, 未查 and the rate as a fraction shown as a percent (empty when none)."""
    return [c.ok, c.issue, c.na, c.unchecked, None if c.rate is None else c.rate / 100]


def _sheet(book: Workbook, title: str, columns: Sequence[str], rows: list[list[Value]]) -> None:
    sheet: WriteOnlyWorksheet = book.create_sheet(title)
    for i, name in enumerate(columns):
        # a text longer than the widest column counts as that long: measuring 10,000 notes in full is slow
        cap = _MAX_WIDTH // 2 + 1
        widest = max([width(name), *(width(r[i][:cap]) for r in rows if isinstance(r[i], str))], default=4)
        # Excel's unit is one digit: a Chinese character takes two
        sheet.column_dimensions[get_column_letter(i + 1)].width = min(_MAX_WIDTH, max(8, round(2 * widest) + 2))
    sheet.freeze_panes = "A2"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.orientation = Worksheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as it takes
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_title_rows = "1:1"
    sheet.print_options.gridLines = True
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    header = []
    for name in columns:
        cell = _cell(sheet, name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    rate = columns.index("符合率") if "符合率" in columns else -1
    for row in rows:
        cells: list[WriteOnlyCell | Value] = []
        for i, value in enumerate(row):
            if i == rate:
                cell = _cell(sheet, value)
                cell.number_format = "0%"
            elif isinstance(value, str) and len(value) > _MAX_WIDTH // 4 and (
                    "\n" in value or width(value[:_MAX_WIDTH]) > _MAX_WIDTH / 2):
                cell = _cell(sheet, value)
                cell.alignment = wrap
            elif isinstance(value, str):
                text = clean_text(value)
                # a plain value costs openpyxl less than a cell object; only "=" makes it a formula
                cell = _cell(sheet, text) if text.startswith("=") else text
            else:
                cell = value
            cells.append(cell)
        sheet.append(cells)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"


def _cell(sheet: WriteOnlyWorksheet, value: Value) -> WriteOnlyCell:
    if value is None or isinstance(value, int | float):
        return WriteOnlyCell(sheet, value=value)
    text = clean_text(value)
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"  # openpyxl made "=..." a formula; text it stays
    return cell
