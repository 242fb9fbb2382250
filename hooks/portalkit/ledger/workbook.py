"""The ledger table as an Excel workbook: sheet 台账 (one row per candidate, in the page's order)
and sheet 日程 (one row per pending step). Sheet and column names are file format.

Written directly as Office Open XML rather than through openpyxl: 5,000 candidates are some
200,000 cells, which openpyxl takes about 4 s to write, over the command's 2 s budget; this
writer takes a tenth of that. It is the same minimal workbook the page's export writes
(assets/ledger.js): every cell an inline string, so nothing is ever a formula whatever it
starts with; characters XML cannot hold are removed; the header row is bold, frozen and filtered."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from portalkit.datecheck.model import RuleSet
from portalkit.i18n import ZH, Messages
from portalkit.ledger.table import HEAD, STEP_HEAD, Entry, row, step_rows
from portalkit.sheets import column_letter

SHEET, STEPS = "台账", "日程"
_WIDTHS = {"姓名": 10, "阶段": 14, "下一步": 22, "事项": 22, "逾期": 30, "本单位要求": 30, "缺少的记录": 30,
           "违反的规则": 30, "提醒": 24, "规则": 22, "依据": 22}
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"


_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
_CELL = '<c t="inlineStr"{style}><is><t xml:space="preserve">{text}</t></is></c>'
_STYLES = (
    f'{_XML}<styleSheet xmlns="{_MAIN}"><fonts count="2"><font><sz val="11"/><name val="等线"/></font>'
    '<font><b/><sz val="11"/><name val="等线"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    '</fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>')


def _sheet(head: tuple[str, ...], rows: list[list[str]]) -> str:
    cols = "".join(f'<col min="{i}" max="{i}" width="{_WIDTHS.get(name, 12)}" customWidth="1"/>'
                   for i, name in enumerate(head, 1))
    last = f"{column_letter(len(head) - 1)}{len(rows) + 1}"
    # the name column stays in view when scrolling right, the header when scrolling down
    pane = ('<pane xSplit="2" ySplit="1" topLeftCell="C2" activePane="bottomRight" state="frozen"/>' if "姓名" in head
            else '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>')
    out = [f'{_XML}<worksheet xmlns="{_MAIN}"><sheetViews><sheetView workbookViewId="0">{pane}</sheetView>'
           f"</sheetViews><cols>{cols}</cols><sheetData>"]
    for number, values in enumerate([list(head), *rows], 1):
        style = ' s="1"' if number == 1 else ""
        cells = "".join(_CELL.format(style=style, text=escape(_ILLEGAL.sub("", v))) for v in values)
        out.append(f'<row r="{number}">{cells}</row>')
    out.append(f'</sheetData><autoFilter ref="A1:{last}"/></worksheet>')
    return "".join(out)


def _rels(targets: list[tuple[str, str]]) -> str:
    """Relationships: (type, target) numbered rId1, rId2, …"""
    items = "".join(f'<Relationship Id="rId{i}" Type="{_REL}/{kind}" Target="{target}"/>'
                    for i, (kind, target) in enumerate(targets, 1))
    return f'{_XML}<Relationships xmlns="{_PKG}">{items}</Relationships>'


def write_workbook(path: Path, entries: list[Entry], ruleset: RuleSet, messages: Messages = ZH) -> None:
    sheets = [(SHEET, _sheet(HEAD, [row(e, ruleset, messages) for e in entries])),
              (STEPS, _sheet(STEP_HEAD, step_rows(entries, ruleset, messages)))]
    numbers = range(1, len(sheets) + 1)
    overrides = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{_CT}.worksheet+xml"/>'
                        for i in numbers)
    sheet_list = "".join(f'<sheet name="{name}" sheetId="{i}" r:id="rId{i}"/>' for i, (name, _) in enumerate(sheets, 1))
    parts = {
        "[Content_Types].xml": f'{_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{_CT}.styles+xml"/>{overrides}</Types>',
        "_rels/.rels": _rels([("officeDocument", "xl/workbook.xml")]),
        "xl/_rels/workbook.xml.rels": _rels([*(("worksheet", f"worksheets/sheet{i}.xml") for i in numbers),
                                             ("styles", "styles.xml")]),
        "xl/workbook.xml": f'{_XML}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>{sheet_list}</sheets></workbook>',
        "xl/styles.xml": _STYLES,
    }
    for i, (_, xml) in enumerate(sheets, 1):
        parts[f"xl/worksheets/sheet{i}.xml"] = xml
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        for name, text in parts.items():
            z.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), text.encode("utf-8"), zipfile.ZIP_DEFLATED)
