"""A handed-in exam (the final test, `hand_in: true`) in Chromium: it asks for 姓名 and 党组织
before it starts (normalised as checklist runs are), remembers them for the next exam, offers the
organisations used before, clears them with 不是我 (a shared PC), and after handing in exports a
versioned result file with every answer, which `scores` marks at the score the page showed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, StaticServer

pytestmark = pytest.mark.browser


def start(page, name: str, org: str) -> None:
    page.get_by_label("姓名").fill(name)
    page.get_by_label("党组织").fill(org)
    page.get_by_role("button", name="开始考试").click()


def take_and_export(page, tmp_path: Path, right_first: int = 3) -> tuple[Path, str]:
    """Answers the first choices of a few questions, hands in twice (the warning), exports."""
    questions = page.locator("form [data-question][data-type=single], form [data-question][data-type=truefalse]")
    for i in range(min(right_first, questions.count())):
        questions.nth(i).locator("input[type=radio]").first.check()
    page.get_by_role("button", name="交卷").click()
    page.get_by_role("button", name="交卷").click()
    shown = page.locator(".portal-score").inner_text()
    with page.expect_download() as info:
        page.get_by_role("button", name="导出成绩").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    return path, shown


def test_the_exam_asks_who_remembers_and_forgets_on_not_me(page, static_server: StaticServer) -> None:
    page.goto(static_server.url + "study/final/")
    assert page.locator("form [data-question]").count() == 0  # nothing before the form
    page.get_by_role("button", name="开始考试").click()
    assert "请填写姓名" in page.locator(".portal-quiz__who").inner_text()
    start(page, "张三", " 第三 党支部 ")
    assert page.locator(".portal-quiz__learner").inner_text().startswith("考生：张三（第三党支部）")
    assert page.locator("form [data-question]").count() == 20
    page.reload()
    assert "张三" in page.locator(".portal-quiz__learner").inner_text()  # remembered
    page.get_by_role("button", name="不是我").click()
    assert page.get_by_label("姓名").input_value() == ""
    assert page.locator("datalist option").evaluate_all("os => os.map(o => o.value)") == ["第三党支部"]


def test_an_exported_result_is_marked_by_scores_at_the_score_the_page_showed(page, static_server: StaticServer,
                                                                            tmp_path: Path) -> None:
    page.goto(static_server.url + "study/final/")
    start(page, "李四", "第一党支部")
    path, shown = take_and_export(page, tmp_path)
    result = json.loads(path.read_text("utf-8"))
    assert result["format"] == "portal-exam-result" and result["version"] == 1
    assert result["learner"] == {"name": "李四", "org": "第一党支部"} and result["bank"] == "final"
    assert len(result["questions"]) == 20 and all(len(q["fp"]) == 12 for q in result["questions"])
    assert result["started"] <= result["handedIn"] and result["timeLimit"] == 30 and result["byClock"] is False
    assert f"得分 {result['score']} 分" in shown
    out = tmp_path / "out"
    run = subprocess.run([sys.executable, "-m", "portalkit", "scores", str(path), "-o", str(out)], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    from openpyxl import load_workbook

    sheet = load_workbook(out / "成绩汇总.xlsx")["成绩"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = rows[0]
    (row,) = rows[1:]
    assert row[header.index("姓名")] == "李四" and row[header.index("得分")] == result["score"]
    assert row[header.index("方式")] == "网页"
    # a result edited to a higher score is marked at its true score, and listed
    result["score"] = 100
    path.write_text(json.dumps(result, ensure_ascii=False), "utf-8")
    run = subprocess.run([sys.executable, "-m", "portalkit", "scores", str(path), "-o", str(out)], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    rows = [[c.value for c in row] for row in load_workbook(out / "成绩汇总.xlsx")["成绩"].iter_rows()]
    assert rows[1][header.index("得分")] != 100 and "100" in run.stdout and "李四" in run.stdout


def test_the_progress_page_exports_every_result_at_once(page, static_server: StaticServer, tmp_path: Path) -> None:
    page.goto(static_server.url + "study/progress/")
    page.get_by_role("button", name="导出全部成绩").click()
    assert "还没有可以上交的考试成绩" in page.locator(".portal-progress").inner_text()
    page.goto(static_server.url + "study/final/")
    start(page, "王五", "第二党支部")
    take_and_export(page, tmp_path, 1)
    page.get_by_role("button", name="重新开始").click()
    take_and_export(page, tmp_path, 2)
    page.goto(static_server.url + "study/progress/")
    with page.expect_download() as info:
        page.get_by_role("button", name="导出全部成绩").click()
    path = tmp_path / "all.json"
    info.value.save_as(path)
    bundle = json.loads(path.read_text("utf-8"))
    assert bundle["format"] == "portal-exam-results" and len(bundle["results"]) == 2
    out = tmp_path / "out"
    run = subprocess.run([sys.executable, "-m", "portalkit", "scores", str(path), "-o", str(out)], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0 and "1 人的 2 次考试" in run.stdout, run.stdout
