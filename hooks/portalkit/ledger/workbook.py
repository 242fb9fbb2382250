"""The ledger table as an Excel workbook (openpyxl): sheet 台账 (one row per candidate, in the
page's order) and sheet 日程 (one row per pending step). Sheet and column names are file format.

Nothing becomes a formula: every cell is written as text (data_type "s"), whatever it starts
with, and characters the file format cannot hold are removed, as in exchange/xlsx_write.py."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from portalkit.datecheck.model import RuleSet
from portalkit.i18n import ZH, Messages
from portalkit.ledger.table import HEAD, STEP_HEAD, Entry, row, step_rows

SHEET, STEPS = "台账", "日程"
_WIDTHS = {"姓名": 10, "阶段": 14, "下一步": 22, "事项": 22, "逾期": 30, "缺少的记录": 30, "违反的规则": 30,
           "提醒": 24, "规则": 22, "依据": 22}


def _fill(sheet: Worksheet, head: tuple[str, ...], rows: list[list[str]]) -> None:
    sheet.append(list(head))
    for c in sheet[1]:
        c.font = Font(bold=True)
    for values in rows:
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) for v in values])
    for row_cells in sheet.iter_rows(min_row=2):
        for c in row_cells:
            c.data_type = "s"  # text stays text: "=1+1" is not a formula
    for i, name in enumerate(head, 1):
        sheet.column_dimensions[sheet.cell(1, i).column_letter].width = _WIDTHS.get(name, 12)
    sheet.freeze_panes = "C2" if "姓名" in head else "A2"
    sheet.auto_filter.ref = sheet.dimensions


def write_workbook(path: Path, entries: list[Entry], ruleset: RuleSet, messages: Messages = ZH) -> None:
    book = Workbook()
    _fill(book.active, HEAD, [row(e, ruleset, messages) for e in entries])
    book.active.title = SHEET
    _fill(book.create_sheet(STEPS), STEP_HEAD, step_rows(entries, ruleset, messages))
    book.save(path)
