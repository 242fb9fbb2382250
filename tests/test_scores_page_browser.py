"""The /// scores page (成绩汇总), twin of `python -m portalkit scores`: the same item analysis on
the shared hand-computed vectors, the same scores and the same 试题分析 numbers as the command for
the same result files (an edited score listed, a bad file named), CSV downloads, and no request
to any other host. axe finds nothing in light or dark mode."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from test_accessibility import violations
from test_scores import VECTORS, result_file

from conftest import ROOT, StaticServer

pytestmark = pytest.mark.browser


def test_the_page_computes_the_shared_item_analysis_vectors(page, static_server: StaticServer) -> None:
    page.goto(static_server.url + "tools/scores/")
    for case in VECTORS:
        got = page.evaluate("""rows => portalKit.scoresPage.itemStats(rows.map(row => {
            const marks = row.map(([p, e], j) => ({key: 'b/q' + j, points: p, earned: e, wrong: []}));
            return {marks, earned: marks.reduce((a, m) => a + m.earned, 0), total: marks.reduce((a, m) => a + m.points, 0)};
          })).map(i => [i.answers, Math.round(i.facility * 100) / 100,
                        i.discrimination == null ? null : Math.round(i.discrimination * 100) / 100])""", case["marks"])
        assert got == case["items"], case["name"]


def test_the_page_gives_the_commands_numbers_for_the_same_files(page, static_server: StaticServer, tmp_path: Path,
                                                                  console) -> None:
    from portalkit.catalog import load_catalog
    from portalkit.problems import ProblemLog
    from portalkit.project import ProjectLayout

    catalog = load_catalog(ProjectLayout.from_config_file(ROOT / "mkdocs.yml", "docs"), ProblemLog())
    singles = [q for q in catalog.banks["stage-3"].questions if q.type == "single"][:4]
    right = {f"stage-3/{q.id}": q.answer[0] for q in singles}
    wrong = {f"stage-3/{q.id}": next(o.text for o in q.options if o.text not in q.answer) for q in singles}
    files = []
    for i, (name, org, answers, claimed) in enumerate([
            ("张三", "第一党支部", right, 100), ("李四", "第一党支部", wrong, 100),
            ("王五", "第二党支部", dict(list(right.items())[:3] + list(wrong.items())[3:]), 75)]):
        path = tmp_path / f"{i}.json"
        path.write_text(json.dumps(result_file(catalog, name, org, answers, score=claimed)), "utf-8")
        files.append(path)
    bad = tmp_path / "bad.json"
    bad.write_text("{", "utf-8")
    page.goto(static_server.url + "tools/scores/")
    page.locator(".portal-sp__file").set_input_files([str(p) for p in [*files, bad]])
    page.get_by_text("已汇总 3 人的 3 次考试").wait_for()
    notes = page.locator(".portal-sp__notes").inner_text()
    assert "bad.json" in notes and "李四 文件中的得分是 100 分，重新评分为 0 分" in notes
    with page.expect_download() as info:
        page.get_by_role("button", name="下载成绩（CSV）").click()
    shown = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text("utf-8-sig"))))
    with page.expect_download() as info:
        page.get_by_role("button", name="下载试题分析（CSV）").click()
    items = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text("utf-8-sig"))))
    out = tmp_path / "out"
    subprocess.run([sys.executable, "-m", "portalkit", "scores", *map(str, files), "-o", str(out)], cwd=ROOT,
                   check=True, capture_output=True, timeout=120)
    book = load_workbook(out / "成绩汇总.xlsx")
    table = [[c.value for c in row] for row in book["成绩"].iter_rows()]
    python = {r[0]: r for r in table[1:]}
    for row in shown:
        assert int(row["得分"]) == python[row["姓名"]][table[0].index("得分")]
        assert row["是否及格"] == python[row["姓名"]][table[0].index("是否及格")]
    table = [[c.value for c in row] for row in book["试题分析"].iter_rows()]
    python_items = {r[table[0].index("题目")]: r for r in table[1:]}
    for row in items:
        theirs = python_items[row["题目"]]
        assert float(row["答对率"]) == theirs[table[0].index("答对率")]
        assert row["出处"] == theirs[table[0].index("出处")]
    assert {r for r in console.requests if not r.startswith(static_server.url)} == set()
    assert violations(page) == []


def test_the_page_marks_an_answer_sheet_filled_from_the_key(page, static_server: StaticServer, tmp_path: Path) -> None:
    from test_scores import right_cell, wrong_cell

    from portalkit.catalog import load_catalog
    from portalkit.paper.compose import compose_set
    from portalkit.problems import ProblemLog
    from portalkit.project import ProjectLayout
    from portalkit.scoring import percent

    papers = tmp_path / "试卷"
    subprocess.run([sys.executable, "-m", "portalkit", "paper", "final", "-o", str(papers), "--variants", "A,B",
                    "--seed", "7"], cwd=ROOT, check=True, capture_output=True, timeout=120)
    catalog = load_catalog(ProjectLayout.from_config_file(ROOT / "mkdocs.yml", "docs"), ProblemLog())
    bank = catalog.banks["final"]
    a, b = (v.questions for v in compose_set(catalog.questions_of(bank), bank=bank, names=["A", "B"], seed="7",
                                            draw=bank.draw))
    sheet_path = papers / "final-答题卡.xlsx"
    book = load_workbook(sheet_path)
    book["答题卡"].append(["张三", "第一党支部", "A", *map(right_cell, a)])
    book["答题卡"].append(["李四", "第一党支部", "B", *map(wrong_cell, b)])
    book["答题卡"].append(["王五", "第二党支部", "A", *map(right_cell, a[:10]), "Z"])  # an unreadable cell
    book.save(sheet_path)
    page.goto(static_server.url + "tools/scores/")
    page.locator(".portal-sp__file").set_input_files(str(sheet_path))
    page.get_by_text("已汇总 3 人的 3 次考试").wait_for()
    rows = page.locator(".portal-sp__out table").first.locator("tbody tr").evaluate_all(
        "trs => trs.map(tr => [...tr.cells].map(td => td.textContent))")
    scores = {r[0]: (int(r[3]), r[7]) for r in rows}
    partial = percent(sum(pq.points for pq in a[:10]), sum(pq.points for pq in a))
    assert scores == {"张三": (100, "纸质"), "李四": (0, "纸质"), "王五": (partial, "纸质")}
    assert "第 4 行第 11 题看不懂所填的答案" in page.locator(".portal-sp__notes").inner_text()
