"""Exchange with other systems: `python -m portalkit export` (Excel question list, Moodle XML) and
`python -m portalkit import` (an Excel question list into a bank).

The round trip runs over every bank in quizzes/: a plain bank exported and imported again is the
same bank, field for field (the loaded model objects compared); a composed bank exports the
questions it includes."""

from __future__ import annotations

import dataclasses
import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from defusedxml import ElementTree as SafeET
from openpyxl import Workbook, load_workbook

from portalkit.catalog import Catalog, load_catalog
from portalkit.exchange import layout as L
from portalkit.exchange import xlsx_read
from portalkit.exchange.importer import import_workbook
from portalkit.exchange.moodle import moodle_xml
from portalkit.exchange.offsite import OffsiteText
from portalkit.exchange.xlsx_write import join_texts, write_xlsx
from portalkit.i18n import ZH, Messages, fields_of
from portalkit.limits import LIMITS
from portalkit.problems import ProblemLog
from portalkit.project import ProjectLayout
from portalkit.quiz.model import Bank, Question
from portalkit.quiz.parse import load_bank

from conftest import ROOT, copy_project

BANK_FILES = sorted(p.stem for p in (ROOT / "quizzes").glob("*.yml"))


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    log = ProblemLog()
    found = load_catalog(ProjectLayout.from_config_file(ROOT / "mkdocs.yml", "docs"), log)
    assert not log.errors, [str(p) for p in log.errors]
    return found


def run(*args: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "portalkit", *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, timeout=120)


def comparable_bank(bank: Bank) -> dict[str, Any]:
    """Every field of the model except where it was read from."""
    out = dataclasses.asdict(bank)
    for key in ("source", "key_lines"):
        out.pop(key)
    out["questions"] = [comparable_question(q) for q in bank.questions]
    return out


def comparable_question(q: Question, *, keep_bank: bool = True) -> dict[str, Any]:
    out = dataclasses.asdict(q)
    for key in ("line", "see_line") + (() if keep_bank else ("bank",)):
        out.pop(key)
    return out


def load_yaml_text(text: str, folder: Path, bank_id: str) -> Bank:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{bank_id}.yml"
    path.write_text(text, "utf-8")
    log = ProblemLog()
    bank = load_bank(path, log)
    assert bank is not None and not log.items, [str(p) for p in log]
    return bank


# ---------------------------------------------------------------- the round trip, every bank
def test_the_round_trip_covers_every_bank(catalog: Catalog) -> None:
    assert sorted(catalog.banks) == BANK_FILES
    assert any(b.composed for b in catalog.banks.values()) and len(BANK_FILES) >= 5


@pytest.mark.parametrize("bank_id", BANK_FILES)
def test_round_trip(bank_id: str, catalog: Catalog, tmp_path: Path) -> None:
    bank = catalog.banks[bank_id]
    questions = catalog.questions_of(bank)
    workbook = tmp_path / f"{bank_id}.xlsx"
    assert write_xlsx([bank], questions, workbook, ZH) == []
    imported = import_workbook(workbook.read_bytes(), workbook.name, bank_id, ZH, pages=catalog.pages)
    if not bank.composed:
        assert imported.problems == [] and imported.notices == []
        again = load_yaml_text(imported.yaml_text or "", tmp_path / "quizzes", bank_id)
        assert comparable_bank(again) == comparable_bank(bank)
        return
    # a composed bank: its export holds the questions it includes, which import as a plain bank
    assert imported.problems == [] and len(imported.notices) == 1  # include/draw are not imported
    again = load_yaml_text(imported.yaml_text or "", tmp_path / "quizzes", bank_id)
    assert not again.composed and (again.title, again.description, again.pass_mark) == (
        bank.title, bank.description, bank.pass_mark)
    assert [comparable_question(q, keep_bank=False) for q in again.questions] == [
        comparable_question(q, keep_bank=False) for q in questions]


def test_imported_yaml_reads_like_the_authors_file(tmp_path: Path, catalog: Catalog) -> None:
    """Not only the same model: the same text, but for the line that says where it came from."""
    bank = catalog.banks["voting"]
    workbook = tmp_path / "voting.xlsx"
    write_xlsx([bank], bank.questions, workbook, ZH)
    text = import_workbook(workbook.read_bytes(), workbook.name, "voting", ZH).yaml_text or ""
    assert text.splitlines()[0].startswith("# ")
    assert text.split("\n", 1)[1] == (ROOT / "quizzes" / "voting.yml").read_text("utf-8")


def test_cli_round_trip_of_all_banks_in_one_workbook(tmp_path: Path, catalog: Catalog) -> None:
    project = copy_project(tmp_path / "portal")
    files = sorted(str(p.relative_to(project)) for p in (project / "quizzes").glob("*.yml"))
    result = run("export", *files, "--format", "xlsx", "-o", "all.xlsx", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    count = sum(len(b.questions) for b in catalog.banks.values())  # the final test adds none of its own
    assert f"已导出 {count} 道题（{len(files)} 个题库）" in result.stdout
    book = load_workbook(project / "all.xlsx")
    assert book.sheetnames == [L.SHEET_QUESTIONS, L.SHEET_BANKS]
    header = [c.value for c in book[L.SHEET_QUESTIONS][1]]
    assert header[:9] == ["题型", "题干", "选项A", "选项B", "选项C", "选项D", "选项E", "选项F", "正确答案"]
    assert header[9] == "解析" and {"id", "题库", "see", "tags", "hint", "选项反馈A", "items", "pairs"} <= set(header)
    assert book[L.SHEET_QUESTIONS].max_row == count + 1
    banks = {row[0]: row for row in book[L.SHEET_BANKS].iter_rows(min_row=2, values_only=True)}
    assert set(banks) == set(catalog.banks)
    final = dict(zip([c.value for c in book[L.SHEET_BANKS][1]], banks["final"], strict=True))
    assert final["draw"] == 20 and final["include"].split("|") == catalog.banks["final"].include
    # one bank of it back, through the command, over the original file
    result = run("export", "stage-2", "-o", "stage-2.xlsx", cwd=project)
    assert result.returncode == 0, result.stdout
    before = (project / "quizzes" / "stage-2.yml").read_text("utf-8")
    result = run("import", "stage-2.xlsx", "-o", "quizzes/stage-2.yml", "--force", cwd=project)
    assert result.returncode == 0 and "已导入" in result.stdout, result.stdout + result.stderr
    assert (project / "quizzes" / "stage-2.yml").read_text("utf-8").split("\n", 1)[1] == before


def test_cells_of_the_platform_columns(catalog: Catalog, tmp_path: Path) -> None:
    bank = catalog.banks["stage-3"]
    path = tmp_path / "s.xlsx"
    write_xlsx([bank], bank.questions, path, ZH)
    sheet = load_workbook(path)[L.SHEET_QUESTIONS]
    header = [c.value for c in sheet[1]]
    rows = {r[header.index("id")]: dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=2, values_only=True)}
    single = rows["activist-period"]
    assert (single["题型"], single["选项B"], single["正确答案"], single["选项反馈C"]) == (
        "单选题", "一年以上", "B", "《细则》要求的是一年以上，不是两年。")
    assert single["see"] == "procedures/stage-3.md#step-7" and single["tags"] == "时限"
    multiple = rows["opinions-before-target"]
    assert multiple["题型"] == "多选题" and multiple["正确答案"] == "ABCD"
    assert rows["sponsors-number"]["正确答案"] == "两|2|二"
    truefalse = next(r for r in rows.values() if r["题型"] == "判断题")
    assert truefalse["正确答案"] in ("正确", "错误")
    order = next(r for r in rows.values() if r["题型"] == "排序题")
    assert json.loads(order["items"]) == [order[f"选项{c}"] for c in order["正确答案"]]
    match = next(r for r in rows.values() if r["题型"] == "连线题")
    assert all(len(p) == 2 for p in json.loads(match["pairs"]))


def test_lists_holding_a_separator_are_written_as_json() -> None:
    assert join_texts(["两", "2"]) == "两|2"
    assert json.loads(join_texts(["a|b", "c"])) == ["a|b", "c"]
    assert json.loads(join_texts(["[1]"])) == ["[1]"]
    assert json.loads(join_texts(["时限、备案"], "|、")) == ["时限、备案"]


# ---------------------------------------------------------------- nothing becomes a formula
FORMULA_BANK = """\
title: "=HYPERLINK(\\"http://example.com\\")"
questions:
  - id: formula
    type: single
    prompt: "=1+1 的结果是？"
    options: ["=2", "+3", "-4", "@5"]
    answer: "=2"
    explain: "=CMD|' /C calc'!A0"
    see: rules.md#step-7
    tags: ["=tag"]
"""


def small_site(folder: Path, banks: dict[str, str], language: str = "zh") -> Path:
    (folder / "docs").mkdir(parents=True)
    (folder / "quizzes").mkdir()
    (folder / "mkdocs.yml").write_text(f"site_name: 测试\ntheme:\n  name: material\n  language: {language}\n"
                                       "plugins: [portalkit]\n", "utf-8")
    (folder / "docs" / "rules.md").write_text("# 规则\n\n## 步骤 7 {#step-7}\n\n## 步骤 8 {#step-8}\n", "utf-8")
    for name, text in banks.items():
        (folder / "quizzes" / f"{name}.yml").write_text(text, "utf-8")
    return folder


def test_text_starting_with_equals_is_never_a_formula(tmp_path: Path) -> None:
    site = small_site(tmp_path / "site", {"formula": FORMULA_BANK})
    result = run("export", "formula", "--format", "xlsx", "-o", tmp_path / "f.xlsx", cwd=site)
    assert result.returncode == 0, result.stdout + result.stderr
    with zipfile.ZipFile(tmp_path / "f.xlsx") as archive:
        sheets = [archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/")]
    assert sheets and not any("<f>" in s or "<f " in s for s in sheets)
    book = load_workbook(tmp_path / "f.xlsx")
    cells = [c for ws in book for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert cells and all(c.data_type == "s" for c in cells)
    assert {"=1+1 的结果是？", "=2", "=CMD|' /C calc'!A0"} <= {c.value for c in cells}
    # and back: the same bank
    result = run("import", tmp_path / "f.xlsx", "-o", "quizzes/formula-again.yml", cwd=site)
    assert result.returncode == 0, result.stdout
    log = ProblemLog()
    again, original = (load_bank(site / "quizzes" / f"{n}.yml", log) for n in ("formula-again", "formula"))
    assert again and original and not log.items
    assert comparable_question(again.questions[0]) == comparable_question(original.questions[0]) | {
        "bank": "formula-again"}


def test_formulas_in_a_workbook_are_read_as_their_text(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["题型", "题干", "选项A", "选项B", "正确答案", "解析", "see"])
    sheet.append(["单选题", "=SUM(1,2)", "=A1*3", "3", "B", '=HYPERLINK("http://x")', "rules.md"])
    path = tmp_path / "f.xlsx"
    book.save(path)
    with zipfile.ZipFile(path) as archive:  # openpyxl stored them as formulas
        assert "<f>" in archive.read("xl/worksheets/sheet1.xml").decode()
    imported = import_workbook(path.read_bytes(), path.name, "formulas", ZH)
    assert imported.problems == []
    q = yaml.safe_load(imported.yaml_text or "")["questions"][0]
    assert (q["prompt"], q["options"], q["explain"]) == ("=SUM(1,2)", ["=A1*3", "3"], '=HYPERLINK("http://x")')


# ---------------------------------------------------------------- import: rows that cannot be read
PLATFORM_ROWS = [
    ["某平台题库导入模板（第 1 行是说明）"],
    ["题型", "题目", "选项A", "选项B", "选项C", "选项D", "答案", "解析", "see", "难度"],
    ["单选", "发展党员应当有几名入党介绍人？", "一名", "两名", "三名", None, "B", "党章第五条。", "rules.md#step-7", "易"],
    ["多选题", "下列哪些是入党材料？", "入党申请书", "入党志愿书", "工资条", None, "a、b", "见细则。", None, "中"],
    ["判断题", "预备期为一年。", None, None, None, None, "√", "党章第七条。", None, None],
    ["填空题", "预备期为（　）年。", None, None, None, None, "一|1", "党章第七条。", None, None],
    ["单选题", "坏答案", "x", "y", None, None, "E", "解析", None, None],  # row 7: G
    ["问答题", "不支持的题型", None, None, None, None, "略", "解析", None, None],  # row 8: A
    ["单选题", "没有解析", "x", "y", None, None, "A", None, None, None],  # row 9: H
    ["单选题", "依据的锚点不存在", "x", "y", None, None, "A", "解析", "rules.md#nowhere", None],  # row 10: I
    ["多选题", "<script>alert(1)</script>", "x", "y", "z", None, "AB", "解析", None, None],  # row 11: B
    ["排序题", "排序", "乙", "甲", "丙", None, "BAC", "解析", None, None],
    ["判断题", "答案写错", None, None, None, None, "也许", "解析", None, None],  # row 13: G
    [None],
    ["单选题", "两个正确答案", "x", "y", None, None, "AB", "解析", None, None],  # row 15: G
]


def platform_workbook(path: Path, rows: list[list[Any]] = PLATFORM_ROWS) -> Path:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def test_import_reports_each_bad_row_by_row_and_column_and_writes_the_rest(tmp_path: Path) -> None:
    site = small_site(tmp_path / "site", {})
    platform_workbook(site / "培训题库.xlsx")
    result = run("import", "培训题库.xlsx", "-o", "quizzes/training.yml", "--see", "rules.md#step-8", cwd=site)
    assert result.returncode == 1, result.stdout + result.stderr
    errors = re.findall(r"^培训题库\.xlsx:(\d+):([A-Z]+): 错误: (.+?)：", result.stdout, re.M)
    assert errors == [("7", "G", "答案"), ("8", "A", "题型"), ("9", "H", "解析"), ("10", "I", "see"),
                      ("11", "B", "题目"), ("13", "G", "答案"), ("15", "G", "答案")], result.stdout
    assert "“E”不是正确答案的写法" in result.stdout and "nowhere" in result.stdout
    assert "不认识“难度”列（J 列）" in result.stdout and "Traceback" not in result.stdout + result.stderr
    log = ProblemLog()
    bank = load_bank(site / "quizzes" / "training.yml", log)
    assert bank is not None and not log.items, [str(p) for p in log]
    assert bank.title == "培训题库"
    by_prompt = {q.prompt: q for q in bank.questions}
    assert by_prompt["发展党员应当有几名入党介绍人？"].answer == ["两名"]
    assert by_prompt["发展党员应当有几名入党介绍人？"].see == "rules.md#step-7"
    assert by_prompt["下列哪些是入党材料？"].answer == ["入党申请书", "入党志愿书"]
    assert by_prompt["下列哪些是入党材料？"].see == "rules.md#step-8"  # --see for rows without one
    assert by_prompt["预备期为一年。"].truth is True
    assert by_prompt["预备期为____年。"].answer == ["一", "1"]
    assert by_prompt["排序"].items == ["甲", "乙", "丙"]
    assert [q.id for q in bank.questions] == ["q-3", "q-4", "q-5", "q-6", "q-12"]  # made up from the row
    # the whole site still checks clean with the new bank in it
    log = ProblemLog()
    load_catalog(ProjectLayout.from_config_file(site / "mkdocs.yml", "docs"), log)
    assert not log.errors, [str(p) for p in log.errors]


def test_import_never_overwrites_without_force(tmp_path: Path) -> None:
    site = small_site(tmp_path / "site", {"formula": FORMULA_BANK})
    run("export", "formula", "-o", "f.xlsx", cwd=site)
    before = (site / "quizzes" / "formula.yml").read_bytes()
    result = run("import", "f.xlsx", "-o", "quizzes/formula.yml", cwd=site)
    assert result.returncode == 2 and "--force" in result.stdout
    assert (site / "quizzes" / "formula.yml").read_bytes() == before
    assert run("import", "f.xlsx", "-o", "quizzes/formula.yml", "--force", cwd=site).returncode == 0


def test_nothing_readable_writes_nothing(tmp_path: Path) -> None:
    site = small_site(tmp_path / "site", {})
    platform_workbook(site / "bad.xlsx", [["题型", "题干", "正确答案", "解析", "see"], ["问答题", "x", "y", "z", "rules.md"]])
    result = run("import", "bad.xlsx", "-o", "quizzes/bad.yml", cwd=site)
    assert result.returncode == 1 and "bad.xlsx:2:A" in result.stdout
    assert not (site / "quizzes" / "bad.yml").exists()


@pytest.mark.parametrize("problem", ["no mkdocs.yml", "unknown bank", "no format", "bad output name", "not a workbook",
                                     "old xls", "too big", "no header", "no see column", "missing workbook",
                                     "bad --see", "entity expansion"])
def test_exit_2_for_usage_errors(tmp_path: Path, problem: str) -> None:
    site = small_site(tmp_path / "site", {"formula": FORMULA_BANK})
    (site / "text.xlsx").write_text("题型,题干\n单选题,x\n", "utf-8")
    (site / "old.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with (site / "big.xlsx").open("wb") as handle:
        handle.truncate(LIMITS["importBytes"] + 1)
    platform_workbook(site / "noheader.xlsx", [["a", "b"], ["c", "d"]])
    platform_workbook(site / "nosee.xlsx", [["题型", "题干", "正确答案", "解析"], ["判断题", "x", "对", "y"]])
    platform_workbook(site / "ok.xlsx", [["题型", "题干", "正确答案", "解析", "see"], ["判断题", "x", "对", "y", "rules.md"]])
    (site / "entities.xlsx").write_bytes(with_entities(site / "ok.xlsx"))
    args: list[str | Path] = {
        "no mkdocs.yml": ["export", "formula", "-o", "f.xlsx", "-f", tmp_path / "mkdocs.yml"],
        "unknown bank": ["export", "nowhere", "-o", "f.xlsx"],
        "no format": ["export", "formula", "-o", "f.txt"],
        "bad output name": ["import", "ok.xlsx", "-o", "quizzes/Bad Name.yml"],
        "not a workbook": ["import", "text.xlsx", "-o", "quizzes/x.yml"],
        "old xls": ["import", "old.xlsx", "-o", "quizzes/x.yml"],
        "too big": ["import", "big.xlsx", "-o", "quizzes/x.yml"],
        "no header": ["import", "noheader.xlsx", "-o", "quizzes/x.yml"],
        "no see column": ["import", "nosee.xlsx", "-o", "quizzes/x.yml"],
        "missing workbook": ["import", "nowhere.xlsx", "-o", "quizzes/x.yml"],
        "bad --see": ["import", "ok.xlsx", "-o", "quizzes/x.yml", "--see", "rules.md#nowhere"],
        "entity expansion": ["import", "entities.xlsx", "-o", "quizzes/x.yml"],
    }[problem]
    result = run(*args, cwd=site)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stdout.strip() and "Traceback" not in result.stdout + result.stderr
    assert not (site / "quizzes" / "x.yml").exists()
    if problem == "unknown bank":
        assert "formula" in result.stdout  # the banks there are
    if problem == "old xls":
        assert ".xlsx" in result.stdout and "另存为" in result.stdout


def with_entities(path: Path) -> bytes:
    """The workbook with an entity-expansion ("billion laughs") declaration in its sheet."""
    out = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = re.sub(r"^(<\?xml[^>]*\?>)?", "", data.decode())
                laughs = '<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
                data = (laughs + text.replace(">x<", ">&b;<")).encode()
            target.writestr(item, data)
    return out.getvalue()


def test_openpyxl_reads_through_defusedxml(tmp_path: Path) -> None:
    import openpyxl
    from defusedxml import EntitiesForbidden

    assert openpyxl.DEFUSEDXML is True
    path = platform_workbook(tmp_path / "ok.xlsx", [["题型", "题干"], ["判断题", "x"]])
    data = with_entities(path)
    with pytest.raises(Exception) as caught:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        list(book.active.iter_rows(values_only=True))
    assert isinstance(caught.value.__context__, EntitiesForbidden), repr(caught.value.__context__)
    with pytest.raises(xlsx_read.Unreadable):
        xlsx_read.read_questions(data, ZH, bank_id="x")


def test_a_workbook_that_unpacks_too_big_is_refused_before_parsing(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    path = platform_workbook(tmp_path / "ok.xlsx", [["题型", "题干"], ["判断题", "x"]])
    monkeypatch.setitem(LIMITS, "xlsxInflated", 1000)
    with pytest.raises(xlsx_read.Unreadable, match="1000|0 MB"):
        xlsx_read.read_questions(path.read_bytes(), ZH, bank_id="ok")


def test_an_existing_row_is_never_given_a_made_up_id_twice(tmp_path: Path) -> None:
    rows = [["题型", "题干", "正确答案", "解析", "see", "id"],
            ["判断题", "a", "对", "e", "rules.md", "q-3"],
            ["判断题", "b", "对", "e", "rules.md", None],  # row 3 would be q-3
            ["判断题", "c", "对", "e", "rules.md", "q-3"]]  # a real duplicate: refused
    path = platform_workbook(tmp_path / "ids.xlsx", rows)
    imported = import_workbook(path.read_bytes(), path.name, "ids", ZH)
    assert [q["id"] for q in yaml.safe_load(imported.yaml_text or "")["questions"]] == ["q-3", "q-3-2"]
    assert [(p.row, p.column) for p in imported.problems] == [(4, "F")]


# ---------------------------------------------------------------- Moodle XML
def test_moodle_xml_of_all_banks(tmp_path: Path, catalog: Catalog) -> None:
    project = copy_project(tmp_path / "portal")
    files = sorted(str(p.relative_to(project)) for p in (project / "quizzes").glob("*.yml"))
    result = run("export", *files, "--format", "moodle", "-o", "题库.xml", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    raw = (project / "题库.xml").read_bytes()
    root = SafeET.fromstring(raw)
    questions = [q for bank in catalog.banks.values() if not bank.composed for q in bank.questions]
    found = [e for e in root.findall("question") if e.get("type") != "category"]
    assert len(found) == len(questions)
    # each bank its own category, named by its title, before its questions
    categories = {}
    current = None
    for element in root.findall("question"):
        if element.get("type") == "category":
            current = element.findtext("idnumber")
            categories[current] = element.findtext("category/text")
        else:
            assert (element.findtext("idnumber") or "").split("/")[0] == current
    plain_banks = {b.id: b.title for b in catalog.banks.values() if not b.composed}
    assert categories == {bid: f"$course$/top/{title}" for bid, title in plain_banks.items()}
    text = OffsiteText(ZH)
    by_id = {f"{q.bank}/{q.id}": q for q in questions}
    kinds = {"single": "multichoice", "multiple": "multichoice", "truefalse": "truefalse", "blank": "shortanswer",
             "match": "matching", "order": "ordering"}
    for element in found:
        q = by_id.pop(element.findtext("idnumber") or "")
        assert element.get("type") == kinds[q.type]
        general = element.findtext("generalfeedback/text") or ""
        assert str(text.block(q.explain)) in general and q.see in general
        assert "<a " not in general and "<a " not in (element.findtext("questiontext/text") or "")
        answers = element.findall("answer")
        if q.type in ("single", "multiple"):
            assert element.findtext("single") == ("true" if q.type == "single" else "false")
            assert [a.findtext("feedback/text") or "" for a in answers] == [
                str(text.inline(o.feedback)) if o.feedback else "" for o in q.options]
            fractions = [float(a.get("fraction") or 0) for a in answers]
            assert abs(sum(f for f in fractions if f > 0) - 100) < 0.01
            assert q.type == "single" or abs(sum(f for f in fractions if f < 0) + 100) < 0.01
        if q.type == "truefalse":
            right = next(a.findtext("text") for a in answers if a.get("fraction") == "100")
            assert right == ("true" if q.truth else "false")
        if q.type == "blank":
            assert [a.findtext("text") for a in answers] == q.answer
        if q.type == "match":
            assert len(element.findall("subquestion")) == len(q.pairs)
        if q.type == "order":
            assert [float(a.get("fraction") or 0) for a in answers] == list(range(1, len(q.items) + 1))
    assert by_id == {}
    comment = raw.split(b"<question", 1)[0].decode()
    ordering = [f"{q.bank}/{q.id}" for q in questions if q.type == "order"]
    assert "<!--" in comment and all(name in comment for name in ordering)
    assert f"其中 {len(ordering)} 道排序题" in result.stdout


def test_moodle_grades_are_ones_moodle_accepts(catalog: Catalog) -> None:
    valid = {100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20, 16.66667, 14.28571, 12.5,
             11.11111, 10, 5, 0}
    valid |= {-v for v in valid}
    root = SafeET.fromstring(moodle_xml([q for b in catalog.banks.values() for q in b.questions], ZH))
    for element in root.findall("question[@type='multichoice']"):
        for answer in element.findall("answer"):
            assert float(answer.get("fraction") or "x") in valid, answer.get("fraction")


def test_moodle_text_is_escaped_and_site_links_become_text() -> None:
    q = Question(id="x", type="single", prompt="见[步骤七](procedures/stage-3.md#step-7)与 `<b>` & ]]> 的区别",
                 explain="详见 [外部](https://example.com/a)。", see="procedures/stage-3.md#step-7",
                 options=[], answer=[], bank="b")
    from portalkit.quiz.model import Option

    q.options = [Option("甲 ]]>"), Option("乙", "不对：见 [这里](procedures/x.md)")]
    q.answer = ["甲 ]]>"]
    root = SafeET.fromstring(moodle_xml([q], ZH))
    prompt = root.findtext("question/questiontext/text") or ""
    assert "步骤七" in prompt and "href" not in prompt and "]]&gt;" in prompt and "&lt;b&gt;" in prompt
    assert "example.com/a" in (root.findtext("question/generalfeedback/text") or "")
    assert root.findall("question/answer")[1].findtext("feedback/text") == "不对：见 这里"


# ---------------------------------------------------------------- language and catalog
def test_messages_follow_the_sites_language(tmp_path: Path) -> None:
    site = small_site(tmp_path / "site", {"formula": FORMULA_BANK}, language="en")
    result = run("export", "formula", "-o", "f.xlsx", cwd=site)
    assert result.returncode == 0 and result.stdout.startswith("Exported to f.xlsx: 1 question(s)"), result.stdout
    result = run("export", "nowhere", "-o", "f.xlsx", cwd=site)
    assert result.returncode == 2 and "There is no bank" in result.stdout
    book = load_workbook(site / "f.xlsx")  # the file format stays Chinese
    assert [c.value for c in book[L.SHEET_QUESTIONS][1]][:2] == ["题型", "题干"]


def test_catalogs_have_the_same_keys_and_fields() -> None:
    zh = yaml.safe_load((ROOT / "hooks/portalkit/locales/zh/exchange.yml").read_text("utf-8"))
    en = yaml.safe_load((ROOT / "hooks/portalkit/locales/en/exchange.yml").read_text("utf-8"))
    assert set(zh) == set(en) and all(k.startswith(("exchange.", "paper.")) for k in zh)
    assert all(isinstance(v, str) for v in [*zh.values(), *en.values()])
    assert all(fields_of(zh[k]) == fields_of(en[k]) for k in zh)
    used = set()
    for path in [*(ROOT / "hooks/portalkit/exchange").glob("*.py"), *(ROOT / "hooks/portalkit/paper").glob("*.py")]:
        used |= set(re.findall(r"""["']((?:exchange|paper)\.[a-z_.]+[a-z])["']""", path.read_text("utf-8")))
    used -= {"paper.type", "exchange.offsite", "exchange.site"}
    assert used <= set(zh), used - set(zh)
    assert Messages("en")("paper.count", count=3) == "Questions: 3"


# ---------------------------------------------------------------- the README's commands
def test_readme_commands_run_as_shown(tmp_path: Path, catalog: Catalog) -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme.split("## 试卷和题库交换", 1)[1].split("\n## ", 1)[0]
    commands = [line.strip() for block in re.findall(r"```sh\n(.+?)```", section, re.S)
                for line in block.splitlines() if line.strip()]
    assert [c.split()[3] for c in commands] == ["paper", "export", "export", "import", "export", "import"]
    project = copy_project(tmp_path / "portal")
    (project / ".venv").symlink_to(sys.prefix)
    platform_workbook(project / "培训题库.xlsx", [  # a trainer's list: no ids, no rule links
        ["题型", "题干", "选项A", "选项B", "选项C", "正确答案", "解析"],
        ["单选题", "集中培训时间一般不少于多少学时？", "8", "24", "40", "B", "《细则》第十六条：一般不少于三天或 24 学时。"],
        ["判断题", "发展对象未经培训的，除个别特殊情况外，不能发展入党。", None, None, None, "正确", "《细则》第十六条。"]])
    before = (project / "quizzes" / "stage-3.yml").read_text("utf-8")
    for command in commands:
        result = subprocess.run(command, shell=True, cwd=project, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, command + "\n" + result.stdout + result.stderr
    assert sorted(p.name for p in (project / "试卷").iterdir() if not p.name.startswith(".")) == ["final-A.html", "final-B.html", "final-key.html",
                                                              "final-答题卡.xlsx"]
    assert load_workbook(project / "题库.xlsx")[L.SHEET_QUESTIONS].max_row > 100
    assert SafeET.fromstring((project / "题库.xml").read_bytes()).findall("question")
    assert (project / "quizzes" / "stage-3.yml").read_text("utf-8").split("\n", 1)[1] == before
    log = ProblemLog()
    banks = load_catalog(ProjectLayout.from_config_file(project / "mkdocs.yml", "docs"), log).banks
    assert not log.errors, [str(p) for p in log.errors]
    training = banks["training"]
    assert training.title == "培训题库" and [q.type for q in training.questions] == ["single", "truefalse"]
    assert {q.see for q in training.questions} == {"procedures/stage-3.md#step-11"}


def test_a_sheet_with_a_value_past_its_bounds_is_refused_naming_the_bound(tmp_path: Path) -> None:
    # what it costs is the machine's: benchmarks time it against their budget
    book = Workbook()
    sheet = book.active
    sheet.append(["题型", "题干", "正确答案", "解析", "see"])
    sheet.append(["判断题", "第 1 题", "对", "e", "rules.md"])
    sheet["XFD1048576"] = "far away"
    path = tmp_path / "huge.xlsx"
    book.save(path)
    with pytest.raises(xlsx_read.Unreadable, match="20000"):
        import_workbook(path.read_bytes(), path.name, "huge", ZH)


def test_more_questions_than_a_bank_may_hold_are_refused_up_front(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["题型", "题干", "正确答案", "解析", "see", "题干"])  # 题干 twice: the first is read
    for i in range(5):
        sheet.append(["判断题", f"第 {i} 题", "对", "e", "rules.md", "不读"])
    path = tmp_path / "many.xlsx"
    book.save(path)
    monkeypatch.setattr(xlsx_read, "MAX_ROWS", 3)
    with pytest.raises(xlsx_read.Unreadable, match="3 道题"):
        import_workbook(path.read_bytes(), path.name, "many", ZH)
    monkeypatch.setattr(xlsx_read, "MAX_ROWS", 5)
    imported = import_workbook(path.read_bytes(), path.name, "many", ZH)
    assert len(yaml.safe_load(imported.yaml_text or "")["questions"]) == 5
    assert any("题干 (F)" in n for n in imported.notices)


BROKEN_BANK = FORMULA_BANK + """\
  - id: broken
    type: single
    prompt: 答案不是选项
    options: [甲, 乙]
    answer: 丙
    explain: e
    see: rules.md#step-7
"""


@pytest.mark.parametrize("command", [["export", "formula", "-o", "f.xlsx"], ["export", "formula", "-o", "f.xml"],
                                     ["paper", "formula", "-o", "papers", "--seed", "1"]])
def test_a_bank_with_errors_is_exported_without_them_and_exits_1(tmp_path: Path, command: list[str]) -> None:
    site = small_site(tmp_path / "site", {"formula": BROKEN_BANK})
    result = run(*command, cwd=site)
    assert result.returncode == 1, result.stdout + result.stderr
    assert re.search(r"^quizzes/formula\.yml:\d+:\d+: 错误: questions\[1\]\.answer", result.stdout, re.M), result.stdout
    assert "python -m portalkit check" in result.stdout
    written = site / command[3]
    assert written.exists()
    if written.suffix == ".xml":
        assert [q.findtext("idnumber") for q in SafeET.parse(written).getroot().findall("question") if q.get("type") != "category"] == ["formula/formula"]


def test_import_takes_english_headers_and_type_names(tmp_path: Path) -> None:
    site = small_site(tmp_path / "site", {})
    platform_workbook(site / "english.xlsx", [
        ["Question type", "Question", "Option A", "Option B", "Option C", "Correct answer", "Explanation",
         "Feedback B"],
        ["Single choice", "How long?", "One year", "Two years", "Half a year", "A", "Article 13.", "Too long."],
        ["Multiple choice", "Which?", "Red", "Green", "Blue", "AC", "Red and blue.", None],
        ["True/False", "Fire doors may be wedged open.", None, None, None, "F", "Never.", None],
        ["Fill in the blank", "A ____ year.", None, None, None, "one|1", "One.", None]])
    result = run("import", "english.xlsx", "-o", "quizzes/english.yml", "--see", "rules.md#step-8", cwd=site)
    assert result.returncode == 0, result.stdout + result.stderr
    bank = yaml.safe_load((site / "quizzes" / "english.yml").read_text("utf-8"))
    assert [q["type"] for q in bank["questions"]] == ["single", "multiple", "truefalse", "blank"]
    first = bank["questions"][0]
    assert first["answer"] == "One year" and first["options"][1] == {"text": "Two years", "feedback": "Too long."}
    assert bank["questions"][1]["answer"] == ["Red", "Blue"] and bank["questions"][2]["answer"] is False
