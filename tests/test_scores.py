"""`python -m portalkit scores`: answer sheets filled from the key mark 100, 0 and the partial
score; result files are re-marked (an edited score is listed, a changed question is not marked);
bad files are named and the rest counted (exit 1); namesakes are listed; item analysis equals the
hand-computed vectors (tests/scores_vectors.yml)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from portalkit.catalog import Catalog, load_catalog
from portalkit.paper.compose import PaperQuestion, compose_set
from portalkit.problems import ProblemLog
from portalkit.project import ProjectLayout
from portalkit.scores.analysis import build_cohort
from portalkit.scores.model import Attempt, Mark, Marked
from portalkit.scoring import fingerprint, percent

from conftest import ROOT

VECTORS = yaml.safe_load((Path(__file__).parent / "scores_vectors.yml").read_text("utf-8"))


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    log = ProblemLog()
    return load_catalog(ProjectLayout.from_config_file(ROOT / "mkdocs.yml", "docs"), log)


def portalkit(*args: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "portalkit", *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, timeout=300)


def right_cell(pq: PaperQuestion) -> str:
    q = pq.question
    if q.type in ("single", "multiple"):
        return pq.right_letters()
    if q.type == "truefalse":
        return "对" if q.truth else "错"
    if q.type == "blank":
        return q.answer[0]
    if q.type == "order":
        return "".join(str(p) for p in pq.item_positions())
    return "".join(pq.match_letters())


def wrong_cell(pq: PaperQuestion) -> str:
    q = pq.question
    if q.type == "single":
        return next(chr(65 + i) for i, o in enumerate(pq.options) if o.text not in q.answer)
    if q.type == "multiple":
        return "".join(chr(65 + i) for i, o in enumerate(pq.options) if o.text not in q.answer) or "A"
    if q.type == "truefalse":
        return "错" if q.truth else "对"
    if q.type == "blank":
        return "并非答案"
    if q.type == "order":  # the printed order is never the right one
        return "".join(str(i) for i in range(1, len(pq.items) + 1))
    return "".join(chr(65 + i) for i in range(len(pq.rights)))


def rows(path: Path, sheet: str) -> list[dict[str, object]]:
    table = [[c.value for c in row] for row in load_workbook(path)[sheet].iter_rows()]
    return [dict(zip(table[0], row, strict=False)) for row in table[1:]]


def test_an_answer_sheet_filled_from_the_key_marks_100_0_and_the_partial_score(tmp_path: Path,
                                                                              catalog: Catalog) -> None:
    papers = tmp_path / "试卷"
    result = portalkit("paper", "final", "-o", papers, "--variants", "A,B", "--seed", "2024")
    assert result.returncode == 0, result.stdout
    sheet_path = papers / "final-答题卡.xlsx"
    bank = catalog.banks["final"]
    variants = {v.name: v for v in compose_set(catalog.questions_of(bank), bank=bank, names=["A", "B"],
                                               seed="2024", draw=bank.draw)}
    book = load_workbook(sheet_path)
    sheet = book["答题卡"]
    assert [c.value for c in sheet[1]][:4] == ["姓名", "党组织", "试卷", 1]
    guide = [[c.value for c in row] for row in book["作答说明"].iter_rows()]
    assert guide[0] == ["题号", "题型", "分值", "作答格式"] and len(guide) == 21
    a, b = variants["A"].questions, variants["B"].questions
    sheet.append(["张三", "第一党支部", "A", *map(right_cell, a)])
    sheet.append(["李四", "第1党支部", "B", *map(wrong_cell, b)])
    sheet.append(["王五", "第二党支部", "A", *map(right_cell, a[:10])])  # the rest left blank
    book.save(sheet_path)
    out = tmp_path / "汇总"
    result = portalkit("scores", sheet_path, "-o", out)
    assert result.returncode == 0, result.stdout + result.stderr
    found = {r["姓名"]: r for r in rows(out / "成绩汇总.xlsx", "成绩")}
    partial = percent(sum(pq.points for pq in a[:10]), sum(pq.points for pq in a))
    assert (found["张三"]["得分"], found["李四"]["得分"], found["王五"]["得分"]) == (100, 0, partial)
    assert found["张三"]["方式"] == "纸质" and found["张三"]["是否及格"] == "是" and found["李四"]["是否及格"] == "否"
    orgs = {r["党组织"]: r for r in rows(out / "成绩汇总.xlsx", "党组织")}
    assert orgs["第一党支部"]["人数"] == 2 and orgs["第一党支部"]["平均分"] == 50  # 第1 and 第一 meet
    items = rows(out / "成绩汇总.xlsx", "试题分析")
    assert len(items) == 20 and all(r["作答人数"] == 3 for r in items)
    md = (out / "培训考试情况.md").read_text("utf-8")
    assert "共有 3 人参加结业测试，1 人及格" in md and "纸质考试 3 人次" in md
    assert "procedures/" not in md  # sources are titles, not paths
    if shutil.which("soffice") and shutil.which("pdftotext"):  # the document in its real client
        from test_officialdoc import pdf_pages

        pages = pdf_pages(out / "培训考试情况.docx")
        text = "".join(pages)
        assert "培训考试情况" in pages[0] and pages[0].splitlines()[-1] == "—1—"
        assert "共有3人参加结业测试，1人及格" in text and "第一党支部" in text and "成绩分布" in text


def result_file(catalog: Catalog, name: str, org: str, answers: dict[str, object], *, score: int = 0,
                handed: str = "2026-12-01T02:00:00Z") -> dict[str, object]:
    questions = []
    for key, answer in answers.items():
        bank, qid = key.split("/")
        q = next(x for x in catalog.banks[bank].questions if x.id == qid)
        questions.append({"bank": bank, "id": qid, "fp": fingerprint(q), "answer": answer})
    return {"format": "portal-exam-result", "version": 1, "site": "portal:x", "bank": "stage-3", "title": "t",
            "learner": {"name": name, "org": org}, "attempt": name + handed, "questions": questions,
            "started": "2026-12-01T01:40:00Z", "handedIn": handed, "timeLimit": None, "byClock": False,
            "score": score, "earned": 0, "total": len(questions), "passMark": 60}


def test_results_are_re_marked_bad_files_named_namesakes_listed(tmp_path: Path, catalog: Catalog) -> None:
    singles = [q for q in catalog.banks["stage-3"].questions if q.type == "single"][:4]
    right = {f"stage-3/{q.id}": q.answer[0] for q in singles}
    wrong = {f"stage-3/{q.id}": next(o.text for o in q.options if o.text not in q.answer) for q in singles}
    half = dict(list(right.items())[:2] + list(wrong.items())[2:])
    folder = tmp_path / "交来的"
    (folder / "一支部").mkdir(parents=True)
    (folder / "一支部" / "a.json").write_text(json.dumps(result_file(catalog, "张三", "第一党支部", right, score=100)))
    (folder / "一支部" / "b.json").write_text(json.dumps(result_file(catalog, "张三", "第一党支部", half, score=100,
                                                                     handed="2026-12-02T02:00:00Z")))
    changed = result_file(catalog, "李四", "第二党支部", wrong)
    changed["questions"][0]["fp"] = "000000000000"  # the bank changed that question since
    (folder / "c.json").write_text(json.dumps(changed))
    (folder / "d.json").write_text(json.dumps(result_file(catalog, "张三", "第二党支部", half, score=50)))
    (folder / "broken.json").write_text('{"format": "portal-exam-result", "version": 1, "bank": "stage-3"')
    (folder / "notes.txt").write_text("会议记录")
    out = tmp_path / "out"
    result = portalkit("scores", folder, "-o", out, "--attempt", "best")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "broken.json" in result.stdout and "notes.txt" in result.stdout and "Traceback" not in result.stderr
    assert "会议记录" not in result.stdout  # never quotes a file
    assert "b.json" in result.stdout and "100 分，重新评分为 50 分" in result.stdout  # an edited score
    assert "c.json" in result.stdout and "1 道题在题库中已改动或删除" in result.stdout
    assert "可能同名：张三" in result.stdout
    notes = (out / "成绩汇总说明.md").read_text("utf-8")  # the same notes beside the document, never in it
    assert "可能同名：张三" in notes and "broken.json" in notes
    assert "broken.json" not in (out / "培训考试情况.md").read_text("utf-8")
    found = rows(out / "成绩汇总.xlsx", "成绩")
    zhang = sorted((r["得分"], r["第几次"], r["计入"]) for r in found if r["姓名"] == "张三" and r["党组织"] == "第一党支部")
    assert zhang == [(50, 2, "否"), (100, 1, "是")]
    (li,) = [r for r in found if r["姓名"] == "李四"]
    assert li["得分"] == 0  # three questions marked, all wrong; the changed one not marked
    last = portalkit("scores", folder, "-o", tmp_path / "last", "--attempt", "last")
    counted = [r for r in rows(tmp_path / "last" / "成绩汇总.xlsx", "成绩") if r["计入"] == "是" and r["党组织"] == "第一党支部"]
    assert [r["得分"] for r in counted] == [50] and last.returncode == 1


def test_item_analysis_equals_the_hand_computed_vectors() -> None:
    for case in VECTORS:
        marked = []
        for i, row in enumerate(case["marks"]):
            marks = [Mark(f"b/q{j}", p, e) for j, (p, e) in enumerate(row)]
            earned, total = sum(m.earned for m in marks), sum(m.points for m in marks)
            attempt = Attempt(source=f"f{i}", name=f"学员{i}", org="一支部", bank="b", mode="web", questions=[],
                              handed_in=f"2026-01-01T00:00:{i:02d}Z")
            marked.append(Marked(attempt, percent(earned, total), earned, total, True, marks))
        cohort = build_cohort(marked)
        got = [[item.answers, round(item.facility, 2),
                None if item.discrimination is None else round(item.discrimination, 2)] for item in cohort.items]
        assert got == case["items"], case["name"]


def test_the_readme_commands_run_as_shown(tmp_path: Path, catalog: Catalog) -> None:
    import re

    from conftest import copy_project

    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme.split("## 培训考试和成绩汇总", 1)[1].split("\n## ", 1)[0]
    commands = [line.strip() for block in re.findall(r"```sh\n(.+?)```", section, re.S)
                for line in block.splitlines() if line.strip()]
    assert [c.split()[3] for c in commands] == ["scores"]
    project = copy_project(tmp_path / "portal")
    (project / ".venv").symlink_to(sys.prefix)
    singles = [q for q in catalog.banks["stage-3"].questions if q.type == "single"][:2]
    (project / "成绩" / "一支部").mkdir(parents=True)
    answers = {f"stage-3/{q.id}": q.answer[0] for q in singles}
    (project / "成绩" / "一支部" / "张三.json").write_text(json.dumps(result_file(catalog, "张三", "第一党支部", answers,
                                                                               score=100)), "utf-8")
    for command in commands:
        result = subprocess.run(command, shell=True, cwd=project, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, command + "\n" + result.stdout + result.stderr
    assert sorted(p.name for p in (project / "成绩汇总").iterdir() if not p.name.startswith(".")) == \
        ["培训考试情况.docx", "培训考试情况.md", "成绩汇总.xlsx", "成绩汇总说明.md"]


def test_with_a_roster_the_organisations_with_nobody_tested_are_listed(tmp_path: Path, catalog: Catalog) -> None:
    singles = [q for q in catalog.banks["stage-3"].questions if q.type == "single"][:2]
    answers = {f"stage-3/{q.id}": q.answer[0] for q in singles}
    (tmp_path / "a.json").write_text(json.dumps(result_file(catalog, "张三", "第1党支部", answers)), "utf-8")
    (tmp_path / "b.json").write_text(json.dumps(result_file(catalog, "李四", "二支部", answers)), "utf-8")
    (tmp_path / "c.json").write_text(json.dumps(result_file(catalog, "王五", "第二党支部", answers)), "utf-8")
    roster = tmp_path / "名册.csv"
    roster.write_text("党组织,类别,上级,别名\n机关党委,,,\n第一党支部,,机关党委,\n第二党支部,,机关党委,二支部\n", "utf-8")
    out = tmp_path / "out"
    result = portalkit("scores", tmp_path / "a.json", "-o", out, "--roster", roster)
    assert result.returncode == 0, result.stdout + result.stderr
    orgs = {r["党组织"]: r["人数"] for r in rows(out / "成绩汇总.xlsx", "党组织")}
    assert orgs == {"第一党支部": 1, "第二党支部": 0}  # 第1 is the roster's 第一, so spelt; the 上级 is not expected
    assert "名册中以下党组织没有人参加考试：第二党支部。" in (out / "培训考试情况.md").read_text("utf-8")
    # an alias of the roster is the organisation it names
    result = portalkit("scores", tmp_path / "b.json", tmp_path / "c.json", "-o", out, "--roster", roster)
    orgs = {r["党组织"]: r["人数"] for r in rows(out / "成绩汇总.xlsx", "党组织")}
    assert orgs == {"第二党支部": 2, "第一党支部": 0}, result.stdout
