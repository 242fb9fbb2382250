"""Every kind of block page, as a reader meets it in Chromium: nothing moves while the runtime
starts (Cumulative Layout Shift ≤ 0.1 on a 412 px phone and a 1350 px desktop, with saved data
and without), no axe violations in light and dark mode (the 编辑指南's highlighted code
included), the sticky timer of an exam never covers what the reader is reading or focusing,
and the restore preview names records by their titles, never by an internal id."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_accessibility import violations
from test_hand_in_browser import start
from test_layout_shift_browser import OBSERVE, VIEWPORTS
from test_progress_browser import answer_first_choice_questions

from conftest import StaticServer

pytestmark = pytest.mark.browser

BLOCK_PAGES = ["study/stage-1/", "study/final/", "study/mistakes/", "study/progress/", "checks/dossier/",
               "checks/report/", "tools/datecheck/", "procedures/time-limits/", "tools/scores/", "tools/ledger/"]


def cls_after_load(page) -> float:
    page.wait_for_load_state("load")
    page.wait_for_function("() => !document.querySelector('[data-quiz], [data-progress], [data-checklist]')"
                           " || document.querySelector('.portal-js')")
    page.wait_for_timeout(400)
    return page.evaluate("window.__cls")


def make_saved_data(page, url: str) -> None:
    """An answered practice question (a mistake), a started timed exam, a checklist run."""
    page.goto(url + "study/stage-1/")
    q = page.locator("form [data-question][data-type=single]").first
    q.locator("input").first.check()
    q.get_by_role("button", name="检查答案").click()
    page.goto(url + "study/final/")
    start(page, "张三", "第三党支部")
    page.locator("form [data-question] input[type=radio]").first.check()


@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_no_block_page_shifts_when_the_runtime_starts(browser, static_server: StaticServer, size: str) -> None:
    context = browser.new_context(locale="zh-CN", **VIEWPORTS[size])
    context.add_init_script(OBSERVE)
    page = context.new_page()
    shifts = {}
    for path in BLOCK_PAGES:
        page.goto(static_server.url + path)
        shifts["empty " + path] = cls_after_load(page)
    make_saved_data(page, static_server.url)
    for path in BLOCK_PAGES:
        page.goto(static_server.url + path)
        shifts["saved " + path] = cls_after_load(page)
    context.close()
    assert {k: v for k, v in shifts.items() if v > 0.1} == {}, shifts


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_type_has_no_axe_violations(browser, static_server: StaticServer, scheme: str) -> None:
    context = browser.new_context(locale="zh-CN", color_scheme=scheme)
    page = context.new_page()
    make_saved_data(page, static_server.url)
    found = {}
    for path in [*BLOCK_PAGES, "reference/", "reference/en/", "study/", "procedures/stage-3/"]:
        page.goto(static_server.url + path)
        found[path] = violations(page)
    context.close()
    assert found == {k: [] for k in found}


def test_the_timer_never_covers_the_text_or_the_control_in_use(browser, static_server: StaticServer) -> None:
    context = browser.new_context(locale="zh-CN", **VIEWPORTS["mobile"])
    page = context.new_page()
    page.goto(static_server.url + "study/final/")
    start(page, "张三", "第三党支部")
    timer = page.get_by_role("timer")
    timer.wait_for()
    covered = []
    questions = page.locator("form [data-question] legend")
    for i in range(questions.count()):
        legend = questions.nth(i)
        legend.evaluate("el => el.scrollIntoView()")  # as a link to the question would
        if not legend.evaluate("el => { const r = el.getBoundingClientRect();"
                               " const hit = document.elementFromPoint(r.left + r.width / 2, r.top + 4);"
                               " return !!hit && el.contains(hit); }"):
            covered.append(f"legend {i + 1}")
    # keyboard, backwards from the end: every control the focus lands on is in plain view
    page.locator(".portal-submit").focus()
    for step in range(40):
        page.keyboard.press("Shift+Tab")
        if not page.evaluate("() => { const el = document.activeElement; if (!el.closest('form')) return true;"
                             " const r = el.getBoundingClientRect(); const t = document.querySelector('.portal-timer').getBoundingClientRect();"
                             " return r.top >= t.bottom - 1 || r.bottom <= t.top; }"):
            covered.append(f"focus {step}")
    box = timer.bounding_box()
    context.close()
    assert covered == []
    assert box and box["width"] > 300  # a bar across the column, not a box beside the text


def test_the_restore_preview_names_records_by_title_never_by_id(page, static_server: StaticServer,
                                                                tmp_path: Path) -> None:
    url = static_server.url
    answer_first_choice_questions(page, url + "study/stage-1/", 1, right=False)
    page.goto(url + "study/mistakes/")  # keeps a practice round under a generated id
    page.goto(url + "study/progress/")
    site = page.locator("[data-progress]").get_attribute("data-store")
    with page.expect_download() as info:
        page.get_by_role("button", name="下载备份").click()
    backup = tmp_path / "backup.json"
    info.value.save_as(backup)
    data = json.loads(backup.read_text("utf-8"))
    assert any(":quiz:mistakes-" in key for key in data["records"])
    data["records"][f"{site}:quiz:retired-bank"] = data["records"][f"{site}:quiz:stage-1"]
    backup.write_text(json.dumps(data), "utf-8")
    page.evaluate("localStorage.clear()")
    page.reload()
    page.locator(".portal-progress__restore-file").set_input_files(str(backup))
    plan = page.locator(".portal-progress__plan")
    plan.get_by_role("button", name="确认合并").wait_for()
    shown = plan.inner_text()
    assert "错题本的练习" in shown and "题库：阶段一 申请入党" in shown and "本站已删除的题库" in shown
    assert "mistakes-" not in shown and "retired-bank" not in shown and site not in shown
