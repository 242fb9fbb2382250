"""The report on a realistic corpus (tests/report_corpus/make_corpus.py: a bureau of 2 党委, 8 党总支
and 47 党支部, its roster, folders per branch, names in Arabic numerals, with spaces and as aliases,
version-1 files without an organisation, three branches that hand in nothing), and report.docx as
LibreOffice prints it (the PDF's text, read with pdftotext)."""

from __future__ import annotations

import datetime
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from portalkit.i18n import Messages
from portalkit.report.aggregate import aggregate
from portalkit.report.document import Options, build
from portalkit.report.read import read_paths
from portalkit.report.roster import build_roster
from portalkit.report.text import org_key

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tests" / "report_corpus"))
import make_corpus  # noqa: E402  (the corpus's own script, not a package)

UNIT = "中共××局机关委员会"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, make_corpus.Corpus]:
    folder = tmp_path_factory.mktemp("corpus")
    return folder, make_corpus.write(folder)


def corpus_roster(corpus: make_corpus.Corpus):  # type: ignore[no-untyped-def]
    rows = [(i, o.name, o.kind, o.parent, "、".join(o.aliases)) for i, o in enumerate(corpus.roster, 2)]
    roster, problems = build_roster(rows, "组织名册.csv")
    assert not problems
    return roster


def test_the_corpus_is_the_bureau_of_the_issue(corpus: tuple[Path, make_corpus.Corpus]) -> None:
    _, c = corpus
    kinds = [o.kind for o in c.roster]
    assert (kinds.count("党委"), kinds.count("党总支"), kinds.count("党支部")) == (2, 8, 47)
    assert len(c.missing) == 3 and c.from_folder > 0
    names = "\n".join(c.files)
    assert re.search(r"第\d+党支部", names) and any(o.aliases[0] in names for o in c.roster if o.kind == "党支部")


@pytest.mark.parametrize(("a", "b"), [("第3党支部", "第三党支部"), ("机关第 十二 党支部", "机关第12党支部"),
                                      ("第03党支部", "第三党支部"), ("第二十党支部", "第20党支部"),
                                      ("第一百零五党支部", "第105党支部"), ("２支部", "二支部")])
def test_numerals_meet(a: str, b: str) -> None:
    assert org_key(a) == org_key(b)


@pytest.mark.parametrize(("a", "b"), [("第3党支部", "第13党支部"), ("第二党支部", "第二十党支部"), ("机关第一党支部", "直属第一党支部")])
def test_different_numbers_stay_apart(a: str, b: str) -> None:
    assert org_key(a) != org_key(b)


def test_every_branch_accounted_for(corpus: tuple[Path, make_corpus.Corpus]) -> None:
    folder, c = corpus
    from portalkit.report.cli import load_site_checklists

    checklists = load_site_checklists(ROOT / "mkdocs.yml")
    report = aggregate(read_paths([folder / "材料"], checklists), checklists, corpus_roster(c))
    roster_names = {o.name for o in c.roster}
    assert [b.org for b in report.missing] == c.missing
    assert report.unmatched == [c.unknown]  # listed for the user, merged with nothing
    assert report.from_folder == c.from_folder and report.unnamed_runs == 0
    handed = [b.org for b in report.branches if b.handed_in]
    assert set(handed) == (roster_names - set(c.missing) - {o.name for o in c.roster if o.kind != "党支部"}) | {c.unknown}
    assert sum(b.runs for b in report.branches) == len(report.runs) == c.runs
    document = build(report, Options(date=datetime.date(2026, 12, 2)), Messages("zh"))
    text = "\n".join(getattr(b, "text", "") for b in document.blocks)
    assert "名册列有党组织57个，其中党委2个、党总支8个、党支部47个。" in text
    assert f"应交核查记录的基层党组织47个，已交44个，未交3个：{'、'.join(c.missing)}。" in text
    assert f"{c.from_folder}条核查记录未注明党组织，按交来时所在的文件夹计入相应党组织。" in text


@pytest.mark.skipif(not shutil.which("soffice") or not shutil.which("pdftotext"), reason="needs LibreOffice")
def test_libreoffice_prints_the_report_as_sent_upward(corpus: tuple[Path, make_corpus.Corpus], tmp_path: Path) -> None:
    folder, c = corpus
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "portalkit", "report", str(folder / "材料"), "-o", str(out),
                             "-f", str(ROOT / "mkdocs.yml"), "--unit", UNIT, "--date", "2026-12-02",
                             "--to", "中共××工委", "--problems", "3"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    pages = pdf_pages(out / "report.docx")
    assert len(pages) > 3
    assert f"{UNIT}关于发展党员工作自查情况的报告" in "".join(pages[0].splitlines()[:3])
    for n, page in enumerate(pages, 1):  # a page number on every page, as its last line
        assert page.splitlines()[-1] == f"—{n}—", (n, page[-100:])
    for n, page in enumerate(pages, 1):  # no heading is the last line of its page
        last = page.splitlines()[-2]
        assert not re.fullmatch(r"[一二三四五六七八九十]+、.{2,12}|（[一二三四五六七八九十]+）.+清单|附件", last), (n, last)
    # the 整改清单 starts on its own page, its heading with its table's header row
    start = next(i for i, p in enumerate(pages) if p.startswith("附件\n整改清单"))
    assert "序号党组织核查对象存在问题整改措施整改责任人完成时限" in pages[start].replace("\n", "")
    text = "\n".join(pages)
    problems = text.split("三、存在的问题", 1)[1].split("四、改进措施", 1)[0]
    assert len(re.findall(r"(?m)^[一二三四五六七八九十]+是", problems)) == 3
    assert "见附件整改清单" in problems
    assert f"{UNIT}\n2026年12月2日" in text
    # only the report in the report: no file names, no record ids
    assert not re.search(r"\.json|\.csv|r-\d{4}", text)
    assert (out / "汇总说明.md").is_file()


def pdf_pages(docx: Path) -> list[str]:
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{docx.parent}/lo",
                    "--convert-to", "pdf", "--outdir", str(docx.parent), str(docx)],
                   check=True, capture_output=True, timeout=300)
    text = subprocess.run(["pdftotext", "-layout", str(docx.with_suffix(".pdf")), "-"], check=True,
                          capture_output=True, text=True).stdout
    # in visual order, one printed line a line, without the spaces -layout puts between characters
    return ["\n".join(re.sub(r"\s", "", line) for line in page.splitlines() if line.strip())
            for page in text.split("\f")[:-1]]


def run_report(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "portalkit", "report", *map(str, args), "-f", str(ROOT / "mkdocs.yml"),
                           "--date", "2026-12-02"], capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_command_reads_the_roster(corpus: tuple[Path, make_corpus.Corpus], tmp_path: Path, kind: str) -> None:
    folder, c = corpus
    roster = folder / "组织名册.csv"
    if kind == "xlsx":  # as an office keeps it: a title row above the header, English-free
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.append(["××局党组织名册（2026年）"])
        sheet.append(["党组织名称", "类别", "上级党组织", "别名"])
        for o in c.roster:
            sheet.append([o.name, o.kind, o.parent or None, "，".join(o.aliases)])
        roster = tmp_path / "组织名册.xlsx"
        book.save(roster)
    out = tmp_path / "out"
    result = run_report(folder / "材料", "-o", out, "--roster", roster)
    assert result.returncode == 0, result.stdout + result.stderr
    assert c.unknown in result.stdout  # a name the roster does not know is listed, for the user to add
    text = (out / "report.md").read_text("utf-8")
    assert f"未交3个：{'、'.join(c.missing)}。" in text
    body = text.split("## 附件", 1)[0]  # the roster's spelling only: no Arabic numerals, no aliases
    assert not re.search(r"第\d+党支部", body) and not any(f"| {o.aliases[0]} |" in body for o in c.roster)
    assert all(f"| {o.name} |" in body for o in c.roster if o.kind == "党支部" and o.name not in c.missing)
    notes = (out / "汇总说明.md").read_text("utf-8")
    assert c.unknown in notes and "别名" in notes
    from openpyxl import load_workbook

    branches = list(load_workbook(out / "report.xlsx")["党组织"].iter_rows(values_only=True))
    assert sorted(r[0] for r in branches if r[8] == "未交") == sorted(c.missing)


@pytest.mark.parametrize(("content", "words"), [
    ("党组织,类别,上级,别名\r\n机关第一党支部,党支部,,一支部\r\n机关第二党支部,党支部,,一支部\r\n",
     "组织名册.csv:3:“别名”：“一支部”已是第 2 行“机关第一党支部”的名称或别名"),
    ("党组织,类别,上级,别名\r\n第3党支部,党支部,,\r\n第三党支部,党支部,,\r\n", "组织名册.csv:3:“党组织”：“第三党支部”已是第 2 行"),
    ("名称甲,类别\r\n机关第一党支部,党支部\r\n", "没有找到表头"),
    (",党支部,,\r\n", "没有找到表头"),
    ("党组织,类别\r\n,党支部\r\n", "组织名册.csv:2:“党组织”：这一行没有党组织名称"),
])
def test_a_bad_roster_stops_the_command_with_file_row_and_column(corpus: tuple[Path, make_corpus.Corpus],
                                                                 tmp_path: Path, content: str, words: str) -> None:
    folder, _ = corpus
    roster = tmp_path / "组织名册.csv"
    roster.write_text(content, "utf-8")
    result = run_report(folder / "材料", "-o", tmp_path / "out", "--roster", roster)
    assert result.returncode == 2, result.stdout
    assert words in result.stdout and "Traceback" not in result.stdout + result.stderr
    assert not (tmp_path / "out").exists()
