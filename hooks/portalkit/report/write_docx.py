"""report.docx: the report draft for Word or WPS, through python-docx.

python-docx because it writes real Word documents from Word's own template: the headings are the
built-in Title / Heading 1 / Heading 2 styles (so the navigation pane, the outline and a table of
contents work, and re-styling the document is one click), and tables use 'Table Grid'. Fonts are
the usual ones for Party documents (仿宋 body, 黑体 headings) set on the styles, not on each run,
so the author can change them in one place.

Large tables (the 整改清单 of a province has thousands of rows) are written as XML rows directly:
python-docx's cell access rebuilds the whole grid on every call, which is quadratic."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Emu, Pt, RGBColor
from docx.styles.style import BaseStyle
from docx.table import Table as DocxTable

from portalkit.report.document import Heading, Para, Table, build
from portalkit.report.model import Report
from portalkit.report.text import clean_text

TABLE_STYLE = "Table Grid"
_CHUNK = 1000  # rows parsed at a time: the XML text of a whole province's table would double the peak
# relative widths of text columns (numbers take 1.6 cm each)
_WEIGHTS = {"检查项": 12, "备注": 8, "原因": 12, "说明": 12, "全部文件": 8, "计入的文件": 8, "整改责任人": 3,
            "完成时限": 3}
_STYLE_FONTS = {  # style: (East Asian font, size in points, bold)
    "Normal": ("仿宋", 12, False),
    "Title": ("黑体", 22, False),
    "Heading 1": ("黑体", 16, False),
    "Heading 2": ("楷体", 14, True),
}


def write_docx(report: Report, path: Path) -> None:
    document = Document()
    _setup(document)
    landscape = False
    for block in build(report):
        if isinstance(block, Heading):
            style = "Title" if block.level == 0 else f"Heading {block.level}"
            document.add_paragraph(clean_text(block.text), style=style)
        elif isinstance(block, Para):
            _paragraph(document, block.text)
        elif isinstance(block, Table):
            if block.landscape and not landscape:
                _landscape(document)
                landscape = True
            _table(document, block)
    document.save(str(path))


def _setup(document: Document) -> None:  # type: ignore[valid-type]
    section = document.sections[0]  # the template is US Letter; Chinese offices print A4
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2.54)
    section.left_margin = section.right_margin = Cm(2.5)
    for name, (font, size, bold) in _STYLE_FONTS.items():
        style = document.styles[name]
        style.font.size = Pt(size)
        style.font.bold = bold
        style.font.color.rgb = RGBColor(0, 0, 0)  # the template's headings are blue
        _east_asian_font(style, font)
    title = document.styles["Title"]
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    border = title.element.pPr.find(qn("w:pBdr")) if title.element.pPr is not None else None
    if border is not None:  # the template underlines the title in blue; an official report does not
        border.getparent().remove(border)
    core = document.core_properties
    core.title = "发展党员工作自查报告"
    core.language = "zh-CN"


def _east_asian_font(style: BaseStyle, font: str) -> None:
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)  # a theme font would override the named one
    fonts.set(qn("w:eastAsia"), font)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")


def _paragraph(document: Document, text: str) -> None:  # type: ignore[valid-type]
    paragraph = document.add_paragraph()
    for i, line in enumerate(clean_text(text).splitlines() or [""]):
        run = paragraph.add_run(line)
        if i:
            run._r.insert(0, OxmlElement("w:br"))  # a line break inside the paragraph


def _landscape(document: Document) -> None:  # type: ignore[valid-type]
    section = document.add_section()
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21)


def _table(document: Document, block: Table) -> None:  # type: ignore[valid-type]
    table: DocxTable = document.add_table(rows=1, cols=len(block.columns))
    table.style = document.styles[TABLE_STYLE]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = table.rows[0]
    widths = _widths(document, block)
    table.autofit = False  # fixed layout: Word takes the grid's widths instead of measuring every cell
    for column, cell, name, width in zip(table.columns, header.cells, block.columns, widths, strict=True):
        column.width = cell.width = width
        cell.paragraphs[0].add_run(name).bold = True
    # the header row repeats on every page of a long table
    header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    # All rows as one XML string, parsed once: building them element by element through
    # python-docx costs about 100 µs a cell, which a province's 整改清单 (100,000 cells) cannot afford.
    for start in range(0, len(block.rows), _CHUNK):
        rows = "".join(_row_xml(values, block.numeric) for values in block.rows[start:start + _CHUNK])
        table._tbl.extend(parse_xml(f'<w:tbl {nsdecls("w")}>{rows}</w:tbl>'))


def _widths(document: Document, block: Table) -> list[Emu]:  # type: ignore[valid-type]
    """Numbers get a narrow column; text columns share the rest of the line by weight."""
    section = document.sections[-1]
    line = section.page_width - section.left_margin - section.right_margin
    numeric = int(Cm(1.6))
    weights = [0 if i in block.numeric else _WEIGHTS.get(name, 4) for i, name in enumerate(block.columns)]
    rest = line - numeric * len(block.numeric)
    return [Emu(numeric if not w else rest * w // sum(weights)) for w in weights]


def _row_xml(values: list[str | int], numeric: frozenset[int]) -> str:
    cells = []
    for i, value in enumerate(values):
        ppr = '<w:pPr><w:jc w:val="right"/></w:pPr>' if i in numeric else ""
        text = clean_text(str(value))
        run = ""
        if text:  # a line break inside a cell is <w:br/> between texts
            run = "<w:r>" + "<w:br/>".join(f'<w:t xml:space="preserve">{escape(line)}</w:t>'
                                           for line in text.splitlines()) + "</w:r>"
        cells.append(f"<w:tc><w:p>{ppr}{run}</w:p></w:tc>")  # a cell holds at least one paragraph
    return "<w:tr>" + "".join(cells) + "</w:tr>"
