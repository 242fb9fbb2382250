"""A `Document` → .docx through python-docx, in the receiver's conventions.

Chinese: the layout of Party and government documents, GB/T 9704-2012 (党政机关公文格式): A4 with
the 156 × 225 mm 版心 (margins 37/35/28/26 mm), 22 lines of 28 characters (exact line pitch and a
document grid), title in 2号 小标宋, body in 3号 仿宋 with a first-line indent of two characters,
headings in 黑体 / 楷体 / 仿宋, page numbers "— 1 —" in 4号 宋体 (odd pages right, even pages left),
主送机关, 附件说明 and an unsealed sign-off. English: a plain business layout.

Everything is set on Word's own styles (Normal, Title, Heading 1–4, Salutation, Signature, Date,
Footer, Table Grid) and one added style for table text, never on single runs: Word and WPS users
restyle the whole document at once. Fonts are declared by name, with the common fallbacks as
`altName` in the font table, because the standard's fonts (方正小标宋简体, 仿宋_GB2312) are not free
and many machines lack them.

Tables are written as XML text, parsed a chunk at a time: python-docx's cell access rebuilds the
grid on every call, which is quadratic in a province's 整改清单."""

from __future__ import annotations

import datetime
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.section import Section
from docx.shared import Mm, Pt, RGBColor, Twips
from docx.styles.style import ParagraphStyle
from lxml import etree

from portalkit.officialdoc.model import Appendix, Block, Column, Document, Heading, Para, Table
from portalkit.officialdoc.words import date_text, plain, width

TABLE_TEXT = "Table Text"  # the one style Word lacks: table cells without the body's indent and pitch
_CHUNK = 1000  # table rows parsed at a time
_CELL_PADDING = 2 * 108  # twips: Word's default left and right cell margins
_TWIPS_PER_MM = 1440 / 25.4


@dataclass(frozen=True, slots=True)
class Layout:
    margins: tuple[float, float, float, float]  # top, bottom, left, right in mm (portrait)
    body: tuple[str, float]  # font, size in pt
    title: tuple[str, float]
    headings: tuple[tuple[str, bool], ...]  # levels 1–4: font, bold
    table_size: float
    number_font: tuple[str, float]  # page numbers
    lines: int  # lines a page (0: single spacing, no grid)
    chars: int  # characters a line (0: no character grid)
    indent: int  # first-line indent in characters
    fonts: dict[str, str]  # declared font → its fallback (altName)
    language: str  # w:lang


GBT9704 = Layout(
    margins=(37, 35, 28, 26), body=("仿宋_GB2312", 16), title=("方正小标宋简体", 22),
    headings=(("黑体", False), ("楷体_GB2312", False), ("仿宋_GB2312", False), ("仿宋_GB2312", False)),
    table_size=14, number_font=("宋体", 14), lines=22, chars=28, indent=2,
    fonts={"方正小标宋简体": "宋体", "仿宋_GB2312": "仿宋", "楷体_GB2312": "楷体", "黑体": "SimHei", "宋体": "SimSun"},
    language="zh-CN")
BUSINESS = Layout(
    margins=(25, 25, 25, 25), body=("Calibri", 11), title=("Calibri", 18),
    headings=(("Calibri", True), ("Calibri", True), ("Calibri", True), ("Calibri", False)),
    table_size=10, number_font=("Calibri", 10), lines=0, chars=0, indent=0, fonts={}, language="en-GB")


def layout_of(language: str) -> Layout:
    return GBT9704 if language == "zh" else BUSINESS


def write_docx(doc: Document, path: Path) -> None:
    build_docx(doc).save(str(path))


def build_docx(doc: Document) -> DocxDocument:
    layout = layout_of(doc.language)
    out = new_docx()
    _page(out.sections[0], layout, landscape=False)
    _styles(out, layout)
    _fonts(out, layout)
    _page_numbers(out, layout)
    _properties(out, doc, layout)
    if doc.title:
        _title(out, plain(doc.title), doc.language)
    if doc.addressee:
        out.add_paragraph(plain(doc.addressee) + ("：" if doc.language == "zh" else ":"), style="Salutation")
    _blocks(out, doc.blocks, layout, doc.language)
    _attachment_note(out, doc, layout)
    _sign_off(out, doc, layout)
    for appendix in doc.appendices:
        _appendix(out, appendix, layout, doc.language)
    return out


# ---------------------------------------------------------------- page, styles, fonts
def _page(section: Section, layout: Layout, *, landscape: bool) -> None:
    top, bottom, left, right = layout.margins
    if landscape:  # the 版心 turned: 225 mm wide, 156 mm high
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
        top, bottom, left, right = left, right, top, bottom
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)
    section.header_distance = Mm(15)
    # GB/T 9704 7.5: the page number's line sits 7 mm below the 版心
    size = layout.number_font[1]
    section.footer_distance = Mm(bottom - 7) - Pt(size) if layout.lines else Mm(12)
    sect = section._sectPr
    for grid in sect.findall(qn("w:docGrid")):
        sect.remove(grid)
    if layout.lines:
        # A line grid only: with a character grid LibreOffice gives each 3号 character two cells
        # when the pitch is below the font size (14 characters a line); Normal's character
        # spacing makes the 28 characters instead, alike in Word, WPS and LibreOffice.
        grid = OxmlElement("w:docGrid")
        grid.set(qn("w:type"), "lines")
        grid.set(qn("w:linePitch"), str(_line_pitch(layout)))
        sect.append(grid)


def _line_pitch(layout: Layout) -> int:
    """Twips between lines: the 版心's height over the lines a page, rounded down so all fit."""
    top, bottom = layout.margins[:2]
    return math.floor((297 - top - bottom) * _TWIPS_PER_MM / layout.lines)


def _styles(out: DocxDocument, layout: Layout) -> None:
    styles = out.styles
    font, size = layout.body
    pitch = Twips(_line_pitch(layout)) if layout.lines else None

    def paragraph_style(name: str) -> ParagraphStyle:
        if name in [s.name for s in styles]:
            return styles[name]  # type: ignore[return-value]
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles["Normal"]
        return style  # type: ignore[return-value]

    def setup(style: ParagraphStyle, font: str, size: float, *, bold: bool = False, indent: int = 0,
              align: WD_ALIGN_PARAGRAPH | None = None, keep: bool = False) -> None:
        style.font.size = Pt(size)
        style.font.bold = bold
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)  # the template's headings are blue
        _font_names(style, font, layout.language)
        fmt = style.paragraph_format
        fmt.space_before = fmt.space_after = Pt(0)
        if pitch is not None:
            fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            fmt.line_spacing = pitch
        fmt.alignment = align
        fmt.keep_with_next = keep
        fmt.widow_control = True
        _first_line(style, indent, size)
        border = style.element.pPr.find(qn("w:pBdr")) if style.element.pPr is not None else None
        if border is not None:  # the template underlines its Title
            border.getparent().remove(border)

    zh = layout.lines > 0
    normal = styles["Normal"]
    setup(normal, font, size, indent=layout.indent, align=WD_ALIGN_PARAGRAPH.JUSTIFY if zh else None)  # type: ignore[arg-type]
    if zh:
        _character_spacing(normal, layout)  # type: ignore[arg-type]
    else:
        normal.paragraph_format.space_after = Pt(6)  # type: ignore[union-attr]
    title = paragraph_style("Title")
    setup(title, layout.title[0], layout.title[1], bold=not zh, align=WD_ALIGN_PARAGRAPH.CENTER, keep=True)
    if zh:  # GB/T 9704 7.3.1: a blank line between the title and what follows
        title.paragraph_format.space_after = pitch
        title.paragraph_format.line_spacing = Pt(35)  # 2号 lines off the body's grid, as offices set them
        _no_grid(title)
    else:
        title.paragraph_format.space_after = Pt(12)
    for level, (heading_font, bold) in enumerate(layout.headings, 1):
        heading = paragraph_style(f"Heading {level}")
        setup(heading, heading_font, size if zh else size + 4 - level, bold=bold, indent=layout.indent, keep=True)
        if not zh:
            heading.paragraph_format.space_before = Pt(12)
            heading.paragraph_format.space_after = Pt(4)
    setup(paragraph_style("Salutation"), font, size, keep=True)
    setup(paragraph_style("Signature"), font, size, align=WD_ALIGN_PARAGRAPH.RIGHT if zh else None, keep=True)
    setup(paragraph_style("Date"), font, size, align=WD_ALIGN_PARAGRAPH.RIGHT if zh else None)
    setup(paragraph_style("Footer"), layout.number_font[0], layout.number_font[1])
    table_text = paragraph_style(TABLE_TEXT)
    setup(table_text, font, layout.table_size)
    table_text.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    table_text.paragraph_format.space_after = Pt(0)
    _no_grid(table_text)  # table text keeps its own, smaller pitch


def _no_grid(style: ParagraphStyle) -> None:
    snap = OxmlElement("w:snapToGrid")
    snap.set(qn("w:val"), "0")
    style.element.get_or_add_pPr().insert_element_before(
        snap, "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:jc", "w:textDirection",
        "w:textAlignment", "w:outlineLvl", "w:rPr")


def _character_spacing(style: ParagraphStyle, layout: Layout) -> None:
    """Characters closer by the fraction of a point that puts `layout.chars` on a line of the 版心
    (3号 is 16 pt; 156 mm hold 27.6 of them)."""
    top, bottom, left, right = layout.margins
    line = (210 - left - right) * 72 / 25.4
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(math.floor((line / layout.chars - layout.body[1]) * 20)))
    style.element.get_or_add_rPr().append(spacing)


def _font_names(style: ParagraphStyle, font: str, language: str) -> None:
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)  # a theme font would override the named one
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), font)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), language)
    lang.set(qn("w:eastAsia"), "zh-CN")


def _first_line(style: ParagraphStyle, chars: int, size: float) -> None:
    """A first-line indent in characters (w:firstLineChars, which Word and WPS follow) and the same
    in twips (for readers that ignore the former)."""
    ppr = style.element.get_or_add_pPr()
    ind = ppr.find(qn("w:ind"))
    if ind is None:
        ind = OxmlElement("w:ind")
        ppr.append(ind)
    ind.set(qn("w:firstLineChars"), str(chars * 100))
    ind.set(qn("w:firstLine"), str(round(chars * size * 20)))


def _fonts(out: DocxDocument, layout: Layout) -> None:
    """Each declared font in the font table, with its fallback as altName."""
    if not layout.fonts:
        return
    part = next(p for p in out.part.package.iter_parts() if p.partname == "/word/fontTable.xml")
    root = etree.fromstring(part.blob)
    w = root.nsmap.get("w") or "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    for name, alt in layout.fonts.items():
        font = etree.SubElement(root, f"{{{w}}}font")
        font.set(f"{{{w}}}name", name)
        etree.SubElement(font, f"{{{w}}}altName").set(f"{{{w}}}val", alt)
        etree.SubElement(font, f"{{{w}}}charset").set(f"{{{w}}}val", "86")  # GB2312
        etree.SubElement(font, f"{{{w}}}family").set(f"{{{w}}}val", "auto")
        etree.SubElement(font, f"{{{w}}}pitch").set(f"{{{w}}}val", "variable")
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _page_numbers(out: DocxDocument, layout: Layout) -> None:
    """"— 1 —": odd pages on the right and even pages on the left, one character in from the edge
    (GB/T 9704 7.5); an English document gets the number centred."""
    section = out.sections[0]
    if layout.lines:
        out.settings.odd_and_even_pages_header_footer = True
        _number(section.footer.paragraphs[0], "right", layout)
        _number(section.even_page_footer.paragraphs[0], "left", layout)
    else:
        _number(section.footer.paragraphs[0], "center", layout)


def _number(paragraph, side: str, layout: Layout) -> None:  # type: ignore[no-untyped-def]
    paragraph.style = "Footer"
    paragraph.alignment = {"right": WD_ALIGN_PARAGRAPH.RIGHT, "left": WD_ALIGN_PARAGRAPH.LEFT,
                           "center": WD_ALIGN_PARAGRAPH.CENTER}[side]
    ppr = paragraph._p.get_or_add_pPr()
    for tabs in ppr.findall(qn("w:tabs")):
        ppr.remove(tabs)
    if side != "center":
        ind = OxmlElement("w:ind")
        ind.set(qn(f"w:{side}Chars"), "100")
        ind.set(qn(f"w:{side}"), str(round(layout.number_font[1] * 20)))
        ppr.append(ind)
    dash = "— " if layout.lines else ""
    end = " —" if layout.lines else ""
    xml = (f'<w:r {nsdecls("w")}><w:t xml:space="preserve">{dash}</w:t></w:r>'
           f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"/></w:r>'
           f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
           f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="separate"/></w:r>'
           f'<w:r {nsdecls("w")}><w:t>1</w:t></w:r>'
           f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>'
           f'<w:r {nsdecls("w")}><w:t xml:space="preserve">{end}</w:t></w:r>')
    for run in parse_xml(f'<w:p {nsdecls("w")}>{xml}</w:p>'):
        paragraph._p.append(run)


def _properties(out: DocxDocument, doc: Document, layout: Layout) -> None:
    core = out.core_properties
    core.title = doc.title
    core.language = layout.language
    core.author = core.last_modified_by = doc.unit
    core.comments = core.keywords = core.subject = ""
    when = datetime.datetime.combine(doc.date or datetime.date(2000, 1, 1), datetime.time())
    core.created = core.modified = when  # the same input gives the same file
    core.revision = 1
    # the template's thumbnail shows an empty Word page of another size
    for rel in [r for r in out.part.package.rels.values() if r.reltype == RT.THUMBNAIL]:
        out.part.package.rels.pop(rel.rId)


# ---------------------------------------------------------------- blocks
def _blocks(out: DocxDocument, blocks: Sequence[Block], layout: Layout, language: str) -> None:
    for block in blocks:
        if isinstance(block, Heading):
            out.add_paragraph(plain(block.text), style=f"Heading {min(max(block.level, 1), 4)}")
        elif isinstance(block, Para):
            _paragraph(out, block.text)
        elif isinstance(block, Table):
            _table(out, block, layout)


def _paragraph(out: DocxDocument, text: str, style: str | None = None):  # type: ignore[no-untyped-def]
    paragraph = out.add_paragraph(style=style)
    for i, line in enumerate(plain(text).split("\n")):
        run = paragraph.add_run(line)
        if i:
            run._r.insert(0, OxmlElement("w:br"))
    return paragraph


TITLE_LINE = 20  # 2号 characters on the 156 mm line of the 版心


def title_lines(title: str, language: str) -> list[str]:
    """A title too long for one line, broken where its words allow (GB/T 9704 7.3.1: 回行时词意
    完整、排列对称): before 关于, so the issuing unit stands on the first line and the subject on
    the next, not wherever the line happens to end (…自 / 查情况…). Other titles wrap as they fall."""
    if language != "zh" or width(title) <= TITLE_LINE:
        return [title]
    cut = title.find("关于")
    if cut <= 0 or width(title[cut:]) > TITLE_LINE or width(title[:cut]) > TITLE_LINE:
        return [title]
    return [title[:cut], title[cut:]]


def _title(out: DocxDocument, title: str, language: str) -> None:
    paragraph = out.add_paragraph(style="Title")
    lines = title_lines(title, language)
    for i, line in enumerate(lines):
        run = paragraph.add_run(line)
        if i < len(lines) - 1:
            run.add_break()


def _attachment_note(out: DocxDocument, doc: Document, layout: Layout) -> None:
    """附件说明 (GB/T 9704 7.3.4): a blank line, then 附件：name, or 附件：1.name with the further
    names aligned under the first."""
    if not doc.appendices:
        return
    zh = doc.language == "zh"
    out.add_paragraph()
    label = "附件：" if zh else "Attachment: " if len(doc.appendices) == 1 else "Attachments: "
    if len(doc.appendices) == 1:
        out.add_paragraph(label + plain(doc.appendices[0].title))
        return
    for i, appendix in enumerate(doc.appendices, 1):
        paragraph = out.add_paragraph(f"{label if i == 1 else ''}{i}.{plain(appendix.title)}")
        if i > 1:  # aligned under the first name: the indent plus the width of the label
            fmt = paragraph.paragraph_format
            fmt.first_line_indent = Pt(0)
            fmt.left_indent = Pt((layout.indent + width(label)) * layout.body[1])


def _sign_off(out: DocxDocument, doc: Document, layout: Layout) -> None:
    """The unsealed sign-off (GB/T 9704 7.3.5.2): a blank line, the unit two characters in from the
    right, the date on the next line starting two characters to the right of the unit's start; a
    date longer than that sits two characters in and pushes the unit left."""
    if doc.date is None:
        return
    day = date_text(doc.language, doc.date)
    out.add_paragraph()
    if layout.lines == 0:
        if doc.unit:
            out.add_paragraph(plain(doc.unit), style="Signature")
        out.add_paragraph(day, style="Date")
        return
    unit_w, date_w = width(doc.unit), width(day)
    unit_right = 2.0 if not doc.unit or date_w + 2 <= unit_w else date_w + 4 - unit_w
    date_right = max(unit_w + unit_right - 2 - date_w, 2.0) if doc.unit else 2.0
    if doc.unit:
        _right_indent(out.add_paragraph(plain(doc.unit), style="Signature"), unit_right, layout)
    _right_indent(out.add_paragraph(day, style="Date"), date_right, layout)


def _right_indent(paragraph, chars: float, layout: Layout) -> None:  # type: ignore[no-untyped-def]
    ind = paragraph._p.get_or_add_pPr().get_or_add_ind()
    ind.set(qn("w:rightChars"), str(round(chars * 100)))
    ind.set(qn("w:right"), str(round(chars * layout.body[1] * 20)))
    ind.set(qn("w:firstLineChars"), "0")
    ind.set(qn("w:firstLine"), "0")


def _appendix(out: DocxDocument, appendix: Appendix, layout: Layout, language: str) -> None:
    """附件 on new pages (GB/T 9704 8): the label in 3号 黑体 in the top left corner, the title
    centred on the next line, then its content."""
    section = out.add_section(WD_SECTION.NEW_PAGE)
    _page(section, layout, landscape=appendix.landscape)
    label = out.add_paragraph(plain(appendix.label), style="Heading 1")
    fmt = label.paragraph_format
    fmt.first_line_indent = Pt(0)
    ind = label._p.get_or_add_pPr().get_or_add_ind()
    ind.set(qn("w:firstLineChars"), "0")
    out.add_paragraph(plain(appendix.title), style="Title")
    _blocks(out, appendix.blocks, layout, language)


# ---------------------------------------------------------------- tables
def _table(out: DocxDocument, table: Table, layout: Layout) -> None:
    section = out.sections[-1]
    line = int((section.page_width - section.left_margin - section.right_margin) / 635)  # EMU → twips
    widths = _widths(table, line, layout.table_size)
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    header = _row_xml([c.name for c in table.columns], table.columns, widths, header=True)
    tbl = parse_xml(
        f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
        f'<w:jc w:val="center"/><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{header}</w:tbl>')
    for start in range(0, len(table.rows), _CHUNK):
        rows = "".join(_row_xml(row.cells, table.columns, widths, kind=row.kind)
                       for row in table.rows[start:start + _CHUNK])
        tbl.extend(parse_xml(f'<w:tbl {nsdecls("w")}>{rows}</w:tbl>'))
    body = out.element.body
    body.sectPr.addprevious(tbl) if body.sectPr is not None else body.append(tbl)
    # a paragraph after the table: Word needs one before a section break, and it gives the space
    # that separates the table from what follows
    out.add_paragraph(style=TABLE_TEXT)


def _widths(table: Table, line: int, size: float) -> list[int]:
    """Twips per column. Numbers and 序号 as wide as their widest cell or header; fill-in columns
    at least `min_cm`; text columns share the rest by weight, never narrower than their header (a
    header never breaks inside a word)."""
    char = size * 20
    fixed: dict[int, int] = {}
    for i, column in enumerate(table.columns):
        header = math.ceil(width(column.name) * char) + _CELL_PADDING + 20
        if column.kind in ("number", "index"):
            widest = max((width(str(r.cells[i])) for r in table.rows if r.kind != "group" and i < len(r.cells)),
                         default=0)
            fixed[i] = max(header, math.ceil(widest * char) + _CELL_PADDING + 20)
        elif column.kind == "fill":
            fixed[i] = max(header, round(column.min_cm * 10 * _TWIPS_PER_MM))
    text = [i for i in range(len(table.columns)) if i not in fixed]
    rest = line - sum(fixed.values())
    weights = sum(table.columns[i].weight for i in text) or 1
    widths = [0] * len(table.columns)
    for i, w in fixed.items():
        widths[i] = w
    for i in text:
        header = math.ceil(width(table.columns[i].name) * char) + _CELL_PADDING + 20
        widths[i] = max(header, rest * table.columns[i].weight // weights)
    return widths


def _row_xml(cells: Sequence[object], columns: Sequence[Column], widths: list[int], *, header: bool = False,
             kind: str = "data") -> str:
    # every row stays on one page; the header row repeats on each page the table spans
    tr = "<w:trPr><w:cantSplit/>" + ("<w:tblHeader/>" if header else "") + "</w:trPr>"
    if kind == "group":
        span = len(columns)
        return (f'<w:tr>{tr}<w:tc><w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr>'
                f'{_cell_p(str(cells[0]) if cells else "", "", bold=True)}</w:tc></w:tr>')
    # Cells carry only what differs from the defaults (their widths are the grid's, fixed): a
    # province's 整改清单 has 100,000 of them, and every element is memory while the file is built
    out = [f"<w:tr>{tr}"]
    bold = header or kind == "total"
    for i, column in enumerate(columns):
        value = cells[i] if i < len(cells) else ""
        align = "center" if header or column.kind in ("number", "index") else ""
        out.append(f"<w:tc>{_cell_p(str(value), align, bold=bold)}</w:tc>")
    out.append("</w:tr>")
    return "".join(out)


def _cell_p(text: str, align: str, *, bold: bool) -> str:
    jc = f'<w:jc w:val="{align}"/>' if align else ""
    ppr = f'<w:pPr><w:pStyle w:val="{_style_id(TABLE_TEXT)}"/>{jc}</w:pPr>'
    if not text:
        return f"<w:p>{ppr}</w:p>"  # a cell holds at least one paragraph
    rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
    body = "<w:br/>".join(f'<w:t xml:space="preserve">{escape(line)}</w:t>' for line in plain(text).split("\n"))
    return f"<w:p>{ppr}<w:r>{rpr}{body}</w:r></w:p>"


def _style_id(name: str) -> str:
    return name.replace(" ", "")  # python-docx's rule for the id of an added style
