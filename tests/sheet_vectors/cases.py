"""The bytes of each shared spreadsheet vector (see README.md); expected.json holds the answers."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from datetime import date, datetime

import openpyxl


def _csv(text: str, encoding: str = "utf-8") -> Callable[[], bytes]:
    return lambda: text.encode(encoding)


def _openpyxl_ledger() -> bytes:
    book = openpyxl.Workbook()
    book.active.title = "说明"
    book.active["A1"] = "本表每人一行"
    sheet = book.create_sheet("台账")
    sheet.append(["第一党支部发展党员台账"])
    sheet.append([])
    sheet.append(["姓名", "申请日期", "谈话时间", "人数", "比例", "已审", "公式"])
    sheet.append(["张三", date(2024, 2, 29), datetime(2026, 5, 18, 9, 30), 12, 0.5, True, "=B4+30"])
    sheet.append(["=不是公式", date(1900, 3, 1), None, -3, 1.25, False])
    sheet["A5"].data_type = "s"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


_CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
       'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
         'relationships"><Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/>'
         '<Relationship Id="rId9" Type="worksheet" Target="/xl/worksheets/sheet2.xml"/></Relationships>')


def _workbook(sheets: str, date1904: bool = False, doctype: str = "") -> str:
    pr = '<workbookPr date1904="1"/>' if date1904 else ""
    return (f'<?xml version="1.0" encoding="UTF-8"?>{doctype}<workbook xmlns="http://schemas.openxmlformats.org/'
            'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f"{pr}<sheets>{sheets}</sheets></workbook>")


def _zip(parts: dict[str, str | bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in parts.items():
            z.writestr(name, content)
    return buffer.getvalue()


_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _hand_made() -> bytes:
    """What other writers do: rich text with phonetic runs, inline strings, cached formula
    results, error and ISO date cells, cells and rows without references, entities, 1904 dates,
    a custom date format, a sheet addressed by an absolute target."""
    strings = (f'<sst {_NS}><si><t>党支部</t></si><si><r><t>入党</t></r><r><rPr><b/></rPr><t xml:space="preserve">'
               ' 申请</t></r><rPh sb="0" eb="2"><t>ニュウトウ</t></rPh></si><si><t>A&amp;B &lt;1&gt; &#x4E2D;</t></si></sst>')
    styles = (f'<styleSheet {_NS}><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>'
              '<numFmt numFmtId="165" formatCode="0.00&quot;d&quot;"/></numFmts>'
              '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="14"/></cellXfs></styleSheet>')
    sheet1 = (f'<worksheet {_NS}><sheetData>'
              '<row r="2"><c r="B2" t="s"><v>0</v></c><c t="s"><v>1</v></c><c r="E2" t="s"><v>2</v></c></row>'
              '<row><c t="inlineStr"><is><t>内联</t></is></c><c t="str"><v>文字结果</v></c><c t="e"><v>#N/A</v></c>'
              '<c t="b"><v>1</v></c><c t="d"><v>2026-05-18T00:00:00</v></c><c><f>SUM(A1:A2)</f><v>3</v></c></row>'
              '<row r="7"><c r="A7" s="1"><v>45431</v></c><c r="B7" s="2"><v>45431</v></c><c r="C7" s="3"><v>45431.75</v></c>'
              '<c r="D7"><v>1e3</v></c><c r="E7"><v> </v></c><c r="F7" t="s"><v>0</v></c></row>'
              '<row r="5"><c r="C5"><v>007</v></c></row>'
              '<row r="9"/></sheetData></worksheet>')
    sheet2 = f'<worksheet {_NS}><sheetData><row r="1"><c r="A1" s="3"><v>0</v></c><c r="B1" s="3"><v>1</v></c></row></sheetData></worksheet>'
    return _zip({"[Content_Types].xml": _CT, "xl/_rels/workbook.xml.rels": _RELS,
                 "xl/workbook.xml": _workbook('<sheet name="一" sheetId="1" r:id="rId1"/><sheet name="二" sheetId="2" r:id="rId9"/>'
                                              '<sheet name="缺" sheetId="3" r:id="rId7"/>', date1904=False),
                 "xl/sharedStrings.xml": strings, "xl/styles.xml": styles,
                 "xl/worksheets/sheet1.xml": sheet1, "xl/worksheets/sheet2.xml": sheet2})


def _date1904() -> bytes:
    styles = f'<styleSheet {_NS}><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>'
    sheet = f'<worksheet {_NS}><sheetData><row r="1"><c r="A1" s="1"><v>0.5</v></c><c r="B1" s="1"><v>44000</v></c></row></sheetData></worksheet>'
    return _zip({"xl/_rels/workbook.xml.rels": _RELS, "xl/workbook.xml": _workbook('<sheet name="S" r:id="rId1"/>', True),
                 "xl/styles.xml": styles, "xl/worksheets/sheet1.xml": sheet})


def _doctype() -> bytes:
    sheet = f'<worksheet {_NS}><sheetData/></worksheet>'
    doctype = '<!DOCTYPE workbook [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
    return _zip({"xl/_rels/workbook.xml.rels": _RELS,
                 "xl/workbook.xml": _workbook('<sheet name="S" r:id="rId1"/>', doctype=doctype),
                 "xl/worksheets/sheet1.xml": sheet})


def _bomb() -> bytes:
    """A sheet that inflates 2 MB past LIMITS["xlsxInflated"], from a few hundred KB."""
    from portalkit.limits import LIMITS

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("xl/_rels/workbook.xml.rels", _RELS)
        z.writestr("xl/workbook.xml", _workbook('<sheet name="S" r:id="rId1"/>'))
        with z.open("xl/worksheets/sheet1.xml", "w") as part:
            part.write(f"<worksheet {_NS}><sheetData>".encode())
            chunk = b" " * (1 << 20)
            for _ in range(LIMITS["xlsxInflated"] // len(chunk) + 2):
                part.write(chunk)
            part.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


def _many_parts() -> bytes:
    from portalkit.limits import LIMITS

    return _zip({f"x/{i}.xml": "" for i in range(LIMITS["xlsxParts"] + 1)})


def _no_sheets() -> bytes:
    return _zip({"xl/workbook.xml": _workbook("")})


def _cells_too_long() -> bytes:
    sheet = f'<worksheet {_NS}><sheetData><row r="3"><c r="B3" t="inlineStr"><is><t>{"长" * 32768}</t></is></c></row></sheetData></worksheet>'
    return _zip({"xl/_rels/workbook.xml.rels": _RELS, "xl/workbook.xml": _workbook('<sheet name="S" r:id="rId1"/>'),
                 "xl/worksheets/sheet1.xml": sheet})


def _too_many_columns() -> bytes:
    sheet = f'<worksheet {_NS}><sheetData><row r="4"><c r="GS4"><v>1</v></c></row></sheetData></worksheet>'
    return _zip({"xl/_rels/workbook.xml.rels": _RELS, "xl/workbook.xml": _workbook('<sheet name="S" r:id="rId1"/>'),
                 "xl/worksheets/sheet1.xml": sheet})


CASES: dict[str, Callable[[], bytes]] = {
    "csv-utf8-bom": _csv("\ufeff姓名,日期\n张三,2026-05-18\n\n李四,\"a,b\"\n"),
    "csv-utf16le-tab": lambda: b"\xff\xfe" + "姓名\t日期\r\n王五\t2026/5/18\r\n".encode("utf-16-le"),
    "csv-utf16be-tab": lambda: b"\xfe\xff" + "姓名\t日期\r\n王五\t2026/5/18\r\n".encode("utf-16-be"),
    "csv-gbk": _csv("姓名,备注\n赵六,党支部\n", "gb18030"),
    "csv-semicolon": _csv("a;b;c\n1;2;3\n"),
    "csv-comma-wins-a-tie": _csv("a,b;c\n1,2;3\n"),
    "csv-quotes": _csv('a,b\n"x\ny","say ""hi"""\nab"c,d\n'),
    "csv-trailing-empty": _csv("a,b,,\n ,,\n1,,2, \n"),
    "csv-cr-only": _csv("a,b\r1,2\r"),
    "csv-unclosed-quote": _csv('a,b,c\n1,"2,3\n4,5,6\n7,8,9\n'),
    "csv-swallowed-rows": _csv('a,b,c\n1,"2,3\n4,5,6\n7,8,9",x\n'),
    "csv-text-after-quote": _csv('a,b\n"x"y,2\n'),
    "csv-binary": lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    "csv-bad-utf16": lambda: b"\xff\xfe\x00\xd8a\x00",
    "xls-old": lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64,
    "xlsx-openpyxl": _openpyxl_ledger,
    "xlsx-hand-made": _hand_made,
    "xlsx-1904": _date1904,
    "xlsx-doctype": _doctype,
    "xlsx-bomb": _bomb,
    "xlsx-many-parts": _many_parts,
    "xlsx-no-sheets": _no_sheets,
    "xlsx-cell-too-long": _cells_too_long,
    "xlsx-too-many-columns": _too_many_columns,
    "xlsx-not-a-zip": lambda: b"PK\x03\x04 not really a workbook",
    "xlsx-truncated": lambda: _openpyxl_ledger()[:3000],
}
