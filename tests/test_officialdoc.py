"""The document layout (portalkit.officialdoc): what Word reads from the file (python-docx) and what
LibreOffice prints (PDF text). The standard's fonts are not on the test machine: the declared names
and the pagination are tested, not the look."""

from __future__ import annotations

import datetime
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document as open_docx
from docx.oxml.ns import qn
from docx.shared import Pt

from portalkit.officialdoc import Appendix, Column, Document, Heading, Para, Table, cn_number, date_text, ordinal
from portalkit.officialdoc.write_docx import write_docx
from portalkit.officialdoc.write_markdown import render_markdown


def sample(language: str = "zh", rows: int = 60) -> Document:
    table = Table([Column("党组织"), Column("核查记录", "number"), Column("符合", "number"), Column("符合率", "number")])
    for i in range(1, rows + 1):
        table.add(f"机关第{cn_number(i)}党支部", i, 10 * i, "100%")
    table.add("合计", 5, 50, "98%", kind="total")
    fill = Table([Column("序号", "index"), Column("存在问题", weight=3), Column("整改措施", "fill", min_cm=3),
                  Column("整改责任人", "fill", min_cm=3), Column("完成时限", "fill", min_cm=3)])
    for i in range(1, 41):
        fill.add(i, "谈话不及时：收到入党申请书后未在一个月内派人谈话", "", "", "")
    blocks = [Heading(1, "一、基本情况"), *[Para("本局机关共有党组织57个，其中党委2个、党总支8个、党支部47个。" * 3)] * 12,
              Heading(2, "（一）各党组织"), table, Heading(1, "二、存在的问题"), Para("一是谈话不及时。")]
    return Document(language, "中共××局机关委员会关于发展党员工作自查情况的报告", blocks, addressee="中共××工委",
                    unit="中共××局机关委员会", date=datetime.date(2026, 12, 2),
                    appendices=[Appendix("附件", "整改清单", [fill], landscape=True)])


def test_words() -> None:
    assert [ordinal("zh", level, 3) for level in (1, 2, 3, 4)] == ["三、", "（三）", "3.", "（3）"]
    assert cn_number(21) == "二十一" and cn_number(10) == "十"
    assert date_text("zh", datetime.date(2026, 12, 2)) == "2026年12月2日"
    assert date_text("en", datetime.date(2026, 12, 2)) == "2 December 2026"


def test_gbt9704_page_fonts_and_styles(tmp_path: Path) -> None:
    path = tmp_path / "doc.docx"
    write_docx(sample(), path)
    doc = open_docx(str(path))
    body = doc.sections[0]
    assert (round(body.page_width.mm), round(body.page_height.mm)) == (210, 297)
    assert [round(x / 36000) for x in (body.top_margin, body.bottom_margin, body.left_margin, body.right_margin)] \
        == [37, 35, 28, 26]
    landscape = doc.sections[-1]
    assert landscape.page_width > landscape.page_height
    styles = doc.styles

    def east_asian(name: str) -> str:
        return styles[name].element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))

    assert (east_asian("Title"), styles["Title"].font.size) == ("方正小标宋简体", Pt(22))
    assert (east_asian("Normal"), styles["Normal"].font.size) == ("仿宋_GB2312", Pt(16))
    assert [east_asian(f"Heading {n}") for n in (1, 2, 3, 4)] == ["黑体", "楷体_GB2312", "仿宋_GB2312", "仿宋_GB2312"]
    assert all(styles[f"Heading {n}"].font.size == Pt(16) for n in (1, 2, 3, 4))
    ind = styles["Normal"].element.pPr.find(qn("w:ind"))
    assert ind.get(qn("w:firstLineChars")) == "200"
    grid = body._sectPr.find(qn("w:docGrid"))
    pitch = int(grid.get(qn("w:linePitch")))
    assert 22 * pitch <= 225 / 25.4 * 1440 < 23 * pitch  # 22 lines fill the 版心
    assert styles["Normal"].paragraph_format.line_spacing == pitch * 635
    fonts = _font_table(path)
    assert fonts["方正小标宋简体"] == "宋体" and fonts["仿宋_GB2312"] == "仿宋" and fonts["楷体_GB2312"] == "楷体"
    # the headings are Word's own, kept with what follows
    headings = [p for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings and all(p.style.paragraph_format.keep_with_next for p in headings)
    assert doc.settings.odd_and_even_pages_header_footer


def _font_table(path: Path) -> dict[str, str | None]:
    import zipfile

    from lxml import etree

    root = etree.fromstring(zipfile.ZipFile(path).read("word/fontTable.xml"))
    out = {}
    for font in root.findall(qn("w:font")):
        alt = font.find(qn("w:altName"))
        out[font.get(qn("w:name"))] = None if alt is None else alt.get(qn("w:val"))
    return out


def test_tables_repeat_their_header_and_never_split_a_row(tmp_path: Path) -> None:
    path = tmp_path / "doc.docx"
    write_docx(sample(), path)
    doc = open_docx(str(path))
    for table in doc.tables:
        rows = table._tbl.tr_lst
        assert rows[0].trPr.find(qn("w:tblHeader")) is not None
        assert all(r.trPr.find(qn("w:cantSplit")) is not None for r in rows)
        assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    branches, fill = doc.tables
    widths = [int(c.get(qn("w:w"))) for c in branches._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert widths[0] > 2 * max(widths[1:])  # the names get the width the numbers do not need
    fill_widths = [int(c.get(qn("w:w"))) for c in fill._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert all(w >= 3 / 2.54 * 1440 - 1 for w in fill_widths[-3:])
    total = branches.rows[-1].cells[0].paragraphs[0].runs[0]
    assert total.bold


@pytest.mark.skipif(not shutil.which("soffice") or not shutil.which("pdftotext"), reason="needs LibreOffice")
def test_libreoffice_prints_page_numbers_sign_off_and_keeps_headings_with_their_text(tmp_path: Path) -> None:
    path = tmp_path / "doc.docx"
    write_docx(sample(), path)
    pages = pdf_pages(path)
    assert len(pages) >= 4
    for n, page in enumerate(pages, 1):
        assert page.splitlines()[-1] == f"—{n}—", page[-80:]  # the last line of the page
    assert "中共××局机关委员会\n关于发展党员工作自查情况的报告\n" in pages[0]  # broken before 关于, not inside 自查
    body = pages[1].splitlines()[:-1]  # a page of body text only: 22 lines of at most 28 characters
    assert len(body) == 22, body
    widths = [sum(1 if ord(c) > 255 else 0.5 for c in line) for line in body]  # digits are half-width
    assert max(widths) <= 28, widths
    last_body = next(p for p in pages if "附件：整改清单" in p)
    assert "附件：整改清单\n中共××局机关委员会\n2026年12月2日" in last_body
    appendix = next(i for i, p in enumerate(pages) if "整改清单" in p and "序号" in p)
    assert "附件" in pages[appendix].split("整改清单")[0]
    for page in pages:
        body = page.splitlines()[:-1]
        assert not re.match(r"(一|二|三|四)、|（[一二三四]）", body[-1]), body[-1]


def pdf_pages(docx: Path) -> list[str]:
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{docx.parent}/lo",
                    "--convert-to", "pdf", "--outdir", str(docx.parent), str(docx)],
                   check=True, capture_output=True, timeout=180)
    text = subprocess.run(["pdftotext", "-layout", str(docx.with_suffix(".pdf")), "-"], check=True,
                          capture_output=True, text=True).stdout
    # in visual order, one printed line a line, without the spaces -layout puts between characters
    return ["\n".join(re.sub(r"\s", "", line) for line in page.splitlines() if line.strip())
            for page in text.split("\f")[:-1]]


def test_markdown_reads_like_the_document() -> None:
    text = render_markdown(sample(rows=2), lambda s: s)
    assert text.startswith("# 中共××局机关委员会关于发展党员工作自查情况的报告\n\n中共××工委：\n\n## 一、基本情况")
    assert "| **合计** | **5** | **50** | **98%** |" in text
    assert "附件：整改清单\n\n中共××局机关委员会<br>2026年12月2日\n\n## 附件：整改清单" in text


def test_english_is_a_plain_business_layout(tmp_path: Path) -> None:
    path = tmp_path / "doc.docx"
    write_docx(sample("en", rows=2), path)
    doc = open_docx(str(path))
    assert doc.styles["Normal"].font.size == Pt(11)
    assert not doc.settings.odd_and_even_pages_header_footer
    assert doc.paragraphs[1].text == "中共××工委:"


@pytest.mark.parametrize(("title", "lines"), [
    ("中共××局机关委员会关于发展党员工作自查情况的报告", ["中共××局机关委员会", "关于发展党员工作自查情况的报告"]),
    ("关于发展党员工作自查情况的报告", ["关于发展党员工作自查情况的报告"]),  # fits one line
    ("中共××市××区××街道××社区××小区第一联合党支部委员会关于发展党员工作自查情况的报告",
     ["中共××市××区××街道××社区××小区第一联合党支部委员会关于发展党员工作自查情况的报告"]),  # no good break: wraps
])
def test_a_long_title_breaks_before_guanyu_never_inside_a_word(title: str, lines: list[str]) -> None:
    from portalkit.officialdoc.write_docx import TITLE_LINE, title_lines

    assert title_lines(title, "zh") == lines
    assert title_lines(title, "en") == [title]
    assert len(lines) == 1 or all(len(line) <= TITLE_LINE for line in lines)
