"""The self-inspection report (python -m portalkit report): shared vectors, the three outputs, exit codes,
hostile files.

The numbers are checked against tests/report_vectors/expected.json, which make_vectors.py computes
from the spec the files were written from (not from portalkit.report), and a few of them against
literals counted by hand from that spec."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import markdown
import pytest
from docx import Document
from openpyxl import load_workbook

from portalkit.catalog import load_catalog
from portalkit.checklist.model import Checklist
from portalkit.limits import LIMITS
from portalkit.problems import ProblemLog
from portalkit.project import ProjectLayout
from portalkit.report.aggregate import aggregate, to_json
from portalkit.report.read import read_all, read_paths
from portalkit.report.text import normalize_org, org_key
from portalkit.report.write_markdown import escape

from conftest import ROOT, copy_project

VECTORS = ROOT / "tests" / "report_vectors"
FILES = VECTORS / "files"
EXPECTED: dict[str, Any] = json.loads((VECTORS / "expected.json").read_text("utf-8"))
REPORT = EXPECTED["report"]
VECTOR_FILES = sorted((p for p in FILES.rglob("*") if p.is_file()), key=lambda p: p.relative_to(FILES).as_posix())
LABELS = {"ok": "符合", "issue": "不符合", "na": "不适用", "unchecked": "未查"}
REMOVED = "（已从清单中删除）"

sys.path.insert(0, str(VECTORS))
import make_vectors  # noqa: E402  (the vectors' own script, not a package)


@pytest.fixture(scope="module")
def checklists() -> dict[str, Checklist]:
    layout = ProjectLayout.from_config_file(ROOT / "mkdocs.yml", "docs")
    return load_catalog(layout, ProblemLog()).checklists


def run_report(*args: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "portalkit", "report", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    out = tmp_path_factory.mktemp("report")
    # the files one by one, as the page gets them: given a folder, the runs without an organisation
    # would take their folder's name (test_report_corpus.py holds that rule)
    return out, run_report(*VECTOR_FILES, "-o", out, "-f", ROOT / "mkdocs.yml")


def item_text(checklists: dict[str, Checklist], cid: str, key: str) -> str:
    if key.startswith("removed:"):
        return key[len("removed:"):] + REMOVED
    return next(it.text for it in checklists[cid].items if it.id == key)


# ---------------------------------------------------------------- the shared vectors
def test_vectors_are_what_their_script_writes(tmp_path: Path) -> None:
    """The committed files and expected.json are the script's output for this site's checklists:
    a checklist edit without regenerating them (and reviewing expected.json) fails here."""
    make_vectors.build(tmp_path)
    written = sorted(p.relative_to(tmp_path / "files") for p in (tmp_path / "files").rglob("*") if p.is_file())
    committed = sorted(p.relative_to(FILES) for p in FILES.rglob("*") if p.is_file())
    assert written == committed
    for rel in written:
        assert (tmp_path / "files" / rel).read_bytes() == (FILES / rel).read_bytes(), rel
    assert json.loads((tmp_path / "expected.json").read_text("utf-8")) == EXPECTED


def test_vectors_cover_the_formats_and_the_site() -> None:
    raw = {p.name: p.read_bytes() for p in FILES.rglob("*") if p.is_file()}
    versions = set()
    for name, data in raw.items():
        try:
            parsed = json.loads(data.decode("utf-8-sig"))
        except ValueError:
            continue
        if name.endswith(".json") and parsed.get("format") == "portal-checklist-run":
            versions.add(parsed["version"])
    assert versions >= {1, 2}
    def encoding(data: bytes) -> str:
        if data.startswith(b"\xef\xbb\xbf"):
            return "utf-8-sig"
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return "gbk"
        return "utf-8"

    csv_files = {n: b for n, b in raw.items() if n.endswith(".csv") and b}
    assert {encoding(b) for b in csv_files.values()} == {"utf-8-sig", "utf-8", "gbk"}
    headers = {b.decode(encoding(b)).split("\r\n", 1)[0] for b in csv_files.values()}
    assert {",".join(make_vectors.V1), ",".join(make_vectors.V2)} <= headers
    assert set(REPORT["checklists"]) == {p.stem for p in (ROOT / "checklists").glob("*.yml")}
    assert len(REPORT["orgs"]) >= 4 and REPORT["duplicates"] and REPORT["unnamedRuns"]
    assert any(k.startswith("removed:") for c in REPORT["checklists"].values() for k in c["items"])
    assert {r["code"] for r in REPORT["refused"]} >= {"not-export", "truncated-json", "csv-header", "binary",
                                                      "unknown-checklist"}


@pytest.mark.parametrize(("raw", "normalised"), EXPECTED["normalizeOrg"])
def test_normalize_org(raw: str | None, normalised: str) -> None:
    assert normalize_org(raw) == normalised


@pytest.mark.parametrize(("raw", "key"), EXPECTED["orgKey"])
def test_org_key(raw: str, key: str) -> None:
    assert org_key(raw) == key


def test_given_the_folder_runs_without_an_organisation_take_their_folders(checklists: dict[str, Checklist]) -> None:
    report = aggregate(read_paths([FILES], checklists), checklists)
    assert report.unnamed_runs == 0 and report.from_folder == REPORT["unnamedRuns"]


def test_aggregate_gives_the_expected_json(checklists: dict[str, Checklist]) -> None:
    got = to_json(aggregate(read_paths(VECTOR_FILES, checklists), checklists))
    for key in REPORT:
        assert got[key] == REPORT[key], key
    assert got == REPORT


def test_some_numbers_counted_by_hand() -> None:
    """From make_vectors.spec(): five dossier runs (张三's older copy not counted), 张三, 王五 and
    孙八 lack materials; 李四 left three items and 周九's old export one item added since unchecked."""
    dossier = REPORT["checklists"]["dossier"]
    assert (dossier["runs"], dossier["subjects"], dossier["incomplete"]) == (5, 5, 2)
    assert dossier["items"]["materials-complete"] == {"ok": 2, "issue": 3, "na": 0, "unchecked": 0, "rate": 40}
    assert dossier["items"]["application-talk"] == {"ok": 3, "issue": 2, "na": 0, "unchecked": 0, "rate": 60}
    assert dossier["items"]["volunteer-form-signatures"]["rate"] is None
    assert dossier["items"]["removed:个人思想汇报每月一次（旧要求）"]["issue"] == 1
    # the yearly run of 离退休党支部 was exported twice; the later CSV (with staff-training 不符合) counts
    assert REPORT["checklists"]["yearly-work"]["items"]["staff-training"]["issue"] == 1
    assert REPORT["period"] == {"from": "2026-09-18", "to": "2026-11-01"}
    assert REPORT["orgs"] == ["机关第一党支部", "机关第二党支部", "机关第三党支部", "离退休党支部"]
    assert REPORT["problems"][0]["item"] == "materials-complete" and REPORT["problems"][0]["count"] == 3
    notes = {r["note"] for r in REPORT["rectification"]}
    assert '=HYPERLINK("http://example.org","未宣布审批结果")' in notes  # the apostrophe is removed on reading
    assert "'缺第二季度记录" in notes  # an apostrophe the site did not add stays
    assert "+缺《支部综合政审材料》" in notes  # from the GBK file


# ---------------------------------------------------------------- the command and its three files
def test_command_names_each_refused_file_and_exits_1(outputs: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    out, result = outputs
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stderr == ""
    assert f"计入核查记录 {REPORT['runs']} 条" in result.stdout
    reasons = {"not-export": "不是本站导出的核查记录", "truncated-json": "JSON 不完整", "csv-header": "CSV 的表头",
               "binary": "不是文本文件", "unknown-checklist": "本站没有这份清单", "bad-version": "版本 3",
               "bad-field": "“状态”应为", "empty": "是空的"}
    lines = result.stdout.splitlines()
    for refused in REPORT["refused"]:
        line = next((x for x in lines if refused["file"] in x), "")
        assert reasons[refused["code"]] in line, (refused, line)
    assert "核查人超过 100 字" in result.stdout
    assert {p.name for p in out.iterdir()} == {"report.docx", "report.xlsx", "report.md", "汇总说明.md"}
    notes = (out / "汇总说明.md").read_text("utf-8")
    for refused in REPORT["refused"]:
        assert escape(refused["file"]) in notes
    assert all(d["run"] in notes for d in REPORT["duplicates"])


def test_docx_sections_tables_and_numbers(outputs: tuple[Path, subprocess.CompletedProcess[str]],
                                          checklists: dict[str, Checklist]) -> None:
    document = Document(str(outputs[0] / "report.docx"))
    headings = [(p.style.name, p.text) for p in document.paragraphs
                if p.style.name == "Title" or p.style.name.startswith("Heading")]
    titles = {cid: checklists[cid].title for cid in REPORT["checklists"]}
    numbers = "一二三四"
    assert headings == [
        ("Title", "发展党员工作自查报告"), ("Heading 1", "一、基本情况"), ("Heading 1", "二、逐项核查情况"),
        *[("Heading 2", f"（{numbers[i]}）{titles[cid]}") for i, cid in enumerate(sorted(REPORT["checklists"]))],
        ("Heading 1", "三、存在的问题"), ("Heading 1", "四、改进措施"), ("Heading 1", "附件"), ("Title", "整改清单")]
    texts = [p.text for p in document.paragraphs]
    measures = texts.index("四、改进措施")
    assert texts[measures + 1] == ""  # left for the author
    assert "附件：整改清单" in texts
    body = "".join(texts)
    assert "符合率=符合÷（符合+不符合）" in body
    assert f"共有{len(REPORT['orgs'])}个党组织交来核查记录。另有{REPORT['unnamedRuns']}条核查记录未注明党组织。" in body
    assert "核查时间为2026年9月18日至2026年11月1日。" in texts
    ours = re.sub("“[^”]*”", "", body)  # the quoted notes are the users' words
    assert not re.search(r"[\u4e00-\u9fff] \d|\d [\u4e00-\u9fff]", ours)  # 共5人次, not 共 5 人次

    tables = document.tables
    assert all(t.style.name == "Table Grid" for t in tables)
    branches = [[c.text for c in row.cells] for row in tables[0].rows]
    assert branches[0] == ["党组织", "核查记录", "符合", "不符合", "不适用", "未查", "符合率"]
    assert [r[0] for r in branches[1:-1]] == [*REPORT["orgs"], "未注明"]
    totals = {k: sum(c["totals"][k] for c in REPORT["checklists"].values()) for k in ("ok", "issue", "na", "unchecked")}
    assert branches[-1][:6] == ["合计", str(REPORT["runs"]), *(str(totals[k]) for k in ("ok", "issue", "na", "unchecked"))]
    assert [sum(int(r[i]) for r in branches[1:-1]) for i in range(1, 6)] == [int(x) for x in branches[-1][1:6]]
    item_tables = tables[1:1 + len(REPORT["checklists"])]
    for table, cid in zip(item_tables, sorted(REPORT["checklists"]), strict=True):
        rows = [[c.text for c in row.cells] for row in table.rows if row._tr.xpath("./w:tc/w:tcPr/w:gridSpan") == []]
        assert rows[0] == ["检查项", "符合", "不符合", "不适用", "未查", "符合率"]
        expected = REPORT["checklists"][cid]
        got = {r[0]: [int(x) for x in r[1:5]] + [r[5]] for r in rows[1:-1]}
        want = {item_text(checklists, cid, k): [v["ok"], v["issue"], v["na"], v["unchecked"],
                                                "—" if v["rate"] is None else f"{v['rate']}%"]
                for k, v in expected["items"].items()}
        assert got == want
        t = expected["totals"]
        assert rows[-1] == ["合计", str(t["ok"]), str(t["issue"]), str(t["na"]), str(t["unchecked"]), f"{t['rate']}%"]
    rect = tables[1 + len(REPORT["checklists"])]
    rows = [[c.text for c in row.cells] for row in rect.rows]
    assert rows[0] == ["序号", "党组织", "核查对象", "存在问题", "整改措施", "整改责任人", "完成时限"]
    assert [r[:3] for r in rows[1:]] == [[str(i), r["org"], r["subject"]]
                                        for i, r in enumerate(REPORT["rectification"], 1)]
    for row, want in zip(rows[1:], REPORT["rectification"], strict=True):
        assert row[3].startswith(problem_words(checklists, want["checklist"], want["item"])), row
        assert (f"（备注：{want['note']}）" in row[3]) == bool(want["note"])
        assert row[4:] == ["", "", ""]
    # 三、存在的问题: the main problems only (five by default), most frequent first, in words
    shown = [t for t in texts if re.match("[一二三四五六七八九十]+是", t)]
    assert len(shown) == min(5, len(REPORT["problems"]))
    top = REPORT["problems"][0]
    assert shown[0].startswith(f"一是{problem_words(checklists, top['checklist'], top['item'])}。共{top['count']}")
    rest = len(REPORT["problems"]) - len(shown)
    assert f"其余{rest}个问题见附件整改清单。" in texts
    # only the report in the report: no file name, record id, refusal or duplicate
    everything = body + "".join(c.text for t in tables for row in t.rows for c in row.cells)
    for name in [r["file"] for r in REPORT["refused"]] + [f for d in REPORT["duplicates"] for f in d["files"]]:
        assert Path(name).stem not in everything, name
    assert not any(d["run"] in everything for d in REPORT["duplicates"])


def problem_words(checklists: dict[str, Checklist], cid: str, key: str) -> str:
    if key.startswith("removed:"):
        return f"未做到：{item_text(checklists, cid, key)}"
    return next(it.problem for it in checklists[cid].items if it.id == key)


def test_xlsx_sheets_headers_and_numbers(outputs: tuple[Path, subprocess.CompletedProcess[str]],
                                         checklists: dict[str, Checklist]) -> None:
    book = load_workbook(outputs[0] / "report.xlsx")
    # the first three sheets and their first columns are as they were: other tools read them
    assert book.sheetnames == ["检查项统计", "整改清单", "核查记录", "党组织", "合计"]
    items, rect, runs, branches, totals = (list(book[name].iter_rows(values_only=True)) for name in book.sheetnames)
    assert items[0] == ("清单", "分节", "检查项", "符合", "不符合", "不适用", "未查", "符合率")
    assert rect[0] == ("党组织", "核查对象", "清单", "检查项", "备注", "整改责任人", "完成时限", "存在问题", "整改措施")
    assert runs[0] == ("党组织", "核查对象", "清单", "核查人", "更新时间", "未查项数")
    assert branches[0] == ("党组织", "类别", "核查记录", "符合", "不符合", "不适用", "未查", "符合率", "交来情况")
    assert totals[0] == ("清单", "核查记录", "符合", "不符合", "不适用", "未查", "符合率")
    titles = {cid: checklists[cid].title for cid in REPORT["checklists"]}
    want = [(titles[cid], item_text(checklists, cid, k), v["ok"], v["issue"], v["na"], v["unchecked"],
             None if v["rate"] is None else v["rate"] / 100)
            for cid in sorted(REPORT["checklists"]) for k, v in REPORT["checklists"][cid]["items"].items()]
    assert [(r[0], r[2], *r[3:]) for r in items[1:]] == want
    assert [(*r[:4], r[4] or "") for r in rect[1:]] == [(r["org"], r["subject"], titles[r["checklist"]],
                                          item_text(checklists, r["checklist"], r["item"]), r["note"])
                                         for r in REPORT["rectification"]]
    assert all(r[5] is None and r[6] is None and r[8] is None for r in rect[1:])  # left to fill in
    assert [r[7].startswith(problem_words(checklists, w["checklist"], w["item"]))
            for r, w in zip(rect[1:], REPORT["rectification"], strict=True)] == [True] * len(REPORT["rectification"])
    assert len(runs) - 1 == REPORT["runs"]
    assert sorted(r[5] for r in runs[1:] if r[5]) == sorted(r["unchecked"] for r in REPORT["incomplete"])
    assert [r[0] for r in branches[1:]] == [*REPORT["orgs"], "未注明"] and {r[8] for r in branches[1:]} == {"已交"}
    assert sum(r[2] for r in branches[1:]) == REPORT["runs"]
    want_totals = [(titles[cid], c["runs"], c["totals"]["ok"], c["totals"]["issue"], c["totals"]["na"],
                    c["totals"]["unchecked"], c["totals"]["rate"] / 100) for cid, c in sorted(REPORT["checklists"].items())]
    assert totals[1:-1] == want_totals
    assert totals[-1][:2] == ("全部清单", REPORT["runs"]) and totals[-1][2] == sum(t[2] for t in want_totals)
    formula_like = [c for row in book["整改清单"].iter_rows(min_row=2) for c in row
                    if isinstance(c.value, str) and c.value.startswith(("=", "+", "-"))]
    assert {c.value for c in formula_like} >= {'=HYPERLINK("http://example.org","未宣布审批结果")'}
    assert all(c.data_type == "s" for c in formula_like)  # text, not a formula
    for sheet in book.worksheets:  # prints on A4 landscape, one page wide, the header row on every page
        assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
        assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_title_rows == "$1:$1"


def test_markdown_numbers_and_escaping(outputs: tuple[Path, subprocess.CompletedProcess[str]],
                                       checklists: dict[str, Checklist]) -> None:
    text = (outputs[0] / "report.md").read_text("utf-8")
    for heading in ("# 发展党员工作自查报告", "## 一、基本情况", "## 二、逐项核查情况", "## 三、存在的问题",
                    "## 四、改进措施", "## 附件：整改清单"):
        assert f"\n{heading}\n" in f"\n{text}", heading
    dossier = REPORT["checklists"]["dossier"]["items"]["materials-complete"]
    line = next(x for x in text.splitlines() if x.startswith("| ") and "入党材料齐全 |" in x)
    assert line.endswith(f"| {dossier['ok']} | {dossier['issue']} | {dossier['na']} | {dossier['unchecked']} | "
                         f"{dossier['rate']}% |")
    # the note 思想汇报*格式*不规范 | 见<附件1> [说明](http://example.org) stays text
    assert r"思想汇报\*格式\*不规范 \| 见&lt;附件1&gt; \[说明\](`http://example.org)`" in text
    html = markdown.markdown(text, extensions=["tables"])
    assert "<em>" not in html and "<a " not in html and "<附件1>" not in html
    assert "思想汇报*格式*不规范 | 见&lt;附件1&gt; [说明](<code>http://example.org)</code>" in html
    rect = text.split("## 附件：整改清单", 1)[1].split("\n## ", 1)[0]
    rows = [x for x in rect.splitlines() if x.startswith("| ")][2:]
    assert len(rows) == len(REPORT["rectification"])
    # every row of the rectification table still has its seven cells after rendering
    section = markdown.markdown(rect, extensions=["tables"])
    assert section.count("<tr>") == len(REPORT["rectification"]) + 1
    assert all(row.count("<td") == 7 for row in section.split("<tr>")[2:])
    for d in REPORT["duplicates"]:  # working notes are beside the report, not in it
        assert d["run"] not in text


@pytest.mark.parametrize(("raw", "escaped"), [
    ("a|b", r"a\|b"), ("<script>", "&lt;script&gt;"), ("*x*", r"\*x\*"), ("[a](b)", r"\[a\](b)"),
    ("# 标题", r"\# 标题"), ("- 项", r"\- 项"), ("1. 项", r"1\. 项"), ("a\nb", "a<br>b"), ("x\x00y", "xy"),
    ("`code`", r"\`code\`"), ("&amp;", "&amp;amp;"), ("~~删~~", "&#126;&#126;删&#126;&#126;"),
])
def test_markdown_escape(raw: str, escaped: str) -> None:
    assert escape(raw) == escaped


# ---------------------------------------------------------------- exit codes and the README
def good_files(dest: Path) -> Path:
    shutil.copytree(FILES, dest, ignore=shutil.ignore_patterns("其他"))
    return dest


def test_exit_0_when_every_file_is_read(tmp_path: Path) -> None:
    result = run_report(good_files(tmp_path / "in"), "-o", tmp_path / "out")
    assert result.returncode == 0, result.stdout
    assert "未能读取" not in result.stdout and (tmp_path / "out" / "report.docx").is_file()


@pytest.mark.parametrize("problem", ["missing path", "no -o", "no mkdocs.yml", "output is a file", "no paths",
                                     "empty folder"])
def test_exit_2_for_usage_errors(tmp_path: Path, problem: str) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "file.txt").write_text("x")
    args: list[str | Path] = {
        "missing path": [tmp_path / "nowhere", "-o", tmp_path / "out"],
        "no -o": [FILES],
        "no mkdocs.yml": [FILES, "-o", tmp_path / "out", "-f", tmp_path / "mkdocs.yml"],
        "output is a file": [FILES, "-o", tmp_path / "file.txt"],
        "no paths": ["-o", tmp_path / "out"],
        "empty folder": [tmp_path / "empty", "-o", tmp_path / "out"],
    }[problem]
    result = run_report(*args)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_the_readme_command_works_as_written(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme.split("## 汇总自查报告", 1)[1].split("\n## ", 1)[0]
    (command,) = re.findall(r"```sh\n\s*(.+?)\n\s*```", section)
    folder = re.search(r"report (\S+) -o (\S+)", command)
    assert folder, command
    project = copy_project(tmp_path / "portal")
    os.symlink(sys.prefix, project / ".venv")
    good_files(project / folder[1])
    result = subprocess.run(command, shell=True, cwd=project, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert {p.name for p in (project / folder[2]).iterdir()} == {"report.docx", "report.xlsx", "report.md", "汇总说明.md"}
    unit = re.search(r'--unit "([^"]+)"', command)
    assert unit, command
    document = Document(str(project / folder[2] / "report.docx"))
    assert document.paragraphs[0].text == f"{unit[1]}\n关于发展党员工作自查情况的报告"  # broken before 关于
    assert (ROOT / re.search(r"!\[[^]]*\]\(([^)]+\.png)\)", section)[1]).is_file()  # the picture of page 1
    # run again: the report folder inside the project is not read back as input
    again = subprocess.run(command, shell=True, cwd=project, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0 and again.stdout.split("：")[0] == result.stdout.split("：")[0]


# ---------------------------------------------------------------- hostile and awkward files
def export(**run: Any) -> dict[str, Any]:
    body = {"id": "r-1", "subject": "张三", "org": "第一党支部", "checker": "李", "created": "2026-10-01",
            "updated": "2026-10-02T00:00:00.000Z", "items": {}, **run}
    return {"format": "portal-checklist-run", "version": 2, "checklist": "dossier", "title": "x",
            "exported": "2026-10-02T00:00:00.000Z", "run": body, "items": []}


def read_one(checklists: dict[str, Checklist], data: bytes, name: str = "f.json") -> tuple[Any, Any]:
    result = read_all([(name, data)], checklists)
    return result, aggregate(result, checklists)


def test_control_characters_do_not_crash_any_output(tmp_path: Path, checklists: dict[str, Checklist]) -> None:
    nasty = "".join(chr(c) for c in range(32)) + "\x7f\x85\ufffe\ud800=1+1"
    data = json.dumps(export(subject="张" + nasty, org=nasty + "党支部", checker=nasty, items={
        "materials-complete": {"s": "issue", "note": nasty, "text": nasty, "section": nasty},
        "gone": {"s": "issue", "note": "=cmd|' /C calc'!A0", "text": "旧" + nasty, "section": nasty}}))
    result, report = read_one(checklists, data.encode())
    assert not result.refused
    from portalkit.report.write_docx import write_docx
    from portalkit.report.write_markdown import write_markdown
    from portalkit.report.write_xlsx import write_xlsx

    write_docx(report, tmp_path / "r.docx")
    write_xlsx(report, tmp_path / "r.xlsx")
    write_markdown(report, tmp_path / "r.md")
    assert Document(str(tmp_path / "r.docx")).tables
    sheet = load_workbook(tmp_path / "r.xlsx")["整改清单"]
    notes = [row[4] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "=cmd|' /C calc'!A0" in notes
    assert all("\x00" not in str(n) and "\x01" not in str(n) for n in notes)
    assert "\x00" not in (tmp_path / "r.md").read_text("utf-8")


def test_too_big_file_is_refused(tmp_path: Path, checklists: dict[str, Checklist]) -> None:
    big = tmp_path / "big.json"
    big.write_bytes(b"{" + b" " * LIMITS["importBytes"] + b"}")
    result = read_paths([big], checklists)
    assert [(r.code, "超过 5 MB" in r.reason) for r in result.refused] == [("too-big", True)]


@pytest.mark.parametrize(("data", "code"), [
    (b"[" * 100_000 + b"]" * 100_000, "bad-json"),
    (b'{"format": "portal-checklist-run", "version": 2,}', "bad-json"),
    (b'{"format": "portal-checklist-run", "version": 2, "checklist": "dossier", "run": {"subject": "x", "items":',
     "truncated-json"),
    (b'{"format": "portal-checklist-run", "version": true}', "bad-version"),
    (b"PK\x03\x04xlsx", "binary"),
    ("\ufeff清单,核查对象".encode("utf-16"), "binary"),
    (b"\xff\xfe\x00", "binary"),
    (b"\xef\xbb\xbf", "empty"),
    ("清单,核查对象,分节,检查项,必查,状态,备注\r\n".encode(), "empty"),
    ("清单,核查对象,分节,检查项,必查,状态,备注\r\n未知清单,张三,a,b,是,符合,\r\n".encode(), "unknown-checklist"),
    ("清单,核查对象,分节,检查项,必查,状态,备注\r\n发展对象入党材料预审清单,,a,b,是,符合,\r\n".encode(), "bad-field"),
    ("清单,核查对象,分节,检查项,必查,状态,备注\r\n发展对象入党材料预审清单,张,a,b,是,符合,,多余\r\n".encode(), "bad-field"),
    (json.dumps(export(id="../../etc")).encode(), "bad-field"),
    (json.dumps(export(subject="  ")).encode(), "bad-field"),
    (json.dumps(export(items={"x": {"s": "done"}})).encode(), "bad-field"),
    (json.dumps(export(items=[])).encode(), "bad-field"),
    (json.dumps({**export(), "checklist": None}).encode(), "bad-field"),
    (b"just some notes\r\n", "csv-header"),
])
def test_bad_files_are_refused_with_a_code(checklists: dict[str, Checklist], data: bytes, code: str) -> None:
    result, _ = read_one(checklists, data)
    assert [r.code for r in result.refused] == [code], result.refused
    assert result.refused[0].reason and result.refused[0].file == "f.json"


def test_excel_leftovers_are_accepted(checklists: dict[str, Checklist]) -> None:
    """Excel adds trailing empty cells and empty rows and drops trailing empty cells of a row."""
    text = ("清单,核查对象,分节,检查项,必查,状态,备注,,\r\n"
            "发展对象入党材料预审清单,张三,x,递交入党申请书时本人已年满十八岁,是,不符合\r\n"
            ",,,,,,,,\r\n")
    result, report = read_one(checklists, text.encode("gbk"), "f.csv")
    assert not result.refused
    assert [r.key for r in report.rectification] == ["applicant-age"]


def test_fields_over_their_bound_are_cut_with_a_notice(checklists: dict[str, Checklist]) -> None:
    data = json.dumps(export(subject="张" * 150, items={
        "applicant-age": {"s": "issue", "note": "备" * (LIMITS["note"] + 5)}})).encode()
    result, report = read_one(checklists, data)
    assert {n.field for n in result.notices} == {"subject", "note"}
    assert len(report.runs[0].subject) == LIMITS["name"]
    assert len(report.rectification[0].note) == LIMITS["note"]


def test_v2_csv_with_several_runs_and_organisations(checklists: dict[str, Checklist]) -> None:
    header = "清单,核查对象,分节,检查项,必查,状态,备注,党组织,核查人,更新时间,清单编号,记录编号,检查项编号\r\n"
    rows = "".join(f"x,{who},s,t,是,{state},'=1+2,{org},李,2026-10-0{n}T00:00:00.000Z,dossier,r-{n},applicant-age\r\n"
                   for n, (who, state, org) in enumerate([("甲", "不符合", "第二 党支部"), ("乙", "符合", "第十党支部"),
                                                          ("丙", "不符合", " 第二党支部")], 1))
    result, report = read_one(checklists, ("\ufeff" + header + rows).encode(), "f.csv")
    assert not result.refused and len(result.runs) == 3
    assert report.orgs == ["第二党支部", "第十党支部"]
    assert [(r.subject, r.note) for r in report.rectification] == [("丙", "=1+2"), ("甲", "=1+2")]


def test_the_core_imports_no_site_generator() -> None:
    """read, aggregate and the writers run without MkDocs or Markdown (DESIGN.md §3: one core, thin adapters)."""
    code = ("import sys, portalkit.report.read, portalkit.report.aggregate, portalkit.report.write_docx, "
            "portalkit.report.write_xlsx, portalkit.report.write_markdown, portalkit.report.cli; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'markdown', 'material', 'pymdownx')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "[]", result.stdout + result.stderr


def test_an_english_site_gets_an_english_report(tmp_path: Path, checklists: dict[str, Checklist]) -> None:
    import datetime

    from portalkit.i18n import Messages
    from portalkit.report.document import Options
    from portalkit.report.write_docx import write_docx
    from portalkit.report.write_markdown import render

    report = aggregate(read_paths(VECTOR_FILES, checklists), checklists)
    options = Options(date=datetime.date(2026, 12, 2), unit="Facilities office")
    text = render(report, options, Messages("en"))
    for line in ("# Facilities office: self-inspection report", r"## 1\. Overview", r"## 2\. Results item by item",
                 r"## 3\. Problems found", r"## 4\. Measures", "## Attachment: Rectification list"):
        assert f"\n{line}\n" in f"\n{text}", line
    assert "Facilities office<br>2 December 2026" in text
    ours = re.sub(r"\| [^|]*[\u4e00-\u9fff][^|]* ", "", text)  # the checklists' and files' own words are Chinese
    assert "Party" not in text and not re.search(r"[一二三四]、|附件|党组织", ours)
    write_docx(report, tmp_path / "report.docx", options, Messages("en"))
    document = Document(str(tmp_path / "report.docx"))
    assert document.paragraphs[0].text == "Facilities office: self-inspection report"
    section = document.sections[0]
    assert round(section.left_margin.mm) == 25 and document.styles["Normal"].font.name == "Calibri"
    assert [c.text for c in document.tables[0].rows[0].cells] == ["Organisation", "Runs", "Met", "Not met", "N/A",
                                                                  "Unchecked", "Rate"]
