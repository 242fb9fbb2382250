"""Nothing a reader enters is lost by a second tab: two pages of one browser context edit the
same checklist and the same quiz; both keep both edits, follow each other live, and data saved
by the previous version of the runtime is migrated, not dropped."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_checklist_browser import checklist_site, new_run  # noqa: F401  (a fixture)
from test_quiz_browser import question, quiz_site, quiz_url  # noqa: F401  (fixtures)

from conftest import SERVER_URL

pytestmark = pytest.mark.browser


@pytest.fixture
def two_tabs(browser, console) -> Iterator[tuple[object, object]]:
    context = browser.new_context(locale="zh-CN")
    pages = [context.new_page(), context.new_page()]
    for pg in pages:
        pg.on("pageerror", lambda e: console.errors.append(str(e)))
        pg.on("console", lambda m: m.type == "error" and console.errors.append(m.text))
    yield pages[0], pages[1]
    context.close()
    assert console.errors == []


def item(page, item_id: str):
    return page.locator(f".portal-checklist__body [data-item='{item_id}']")




def run_names(page) -> list[str]:
    return page.locator(".portal-run-select option").all_inner_texts()


def stored(page, suffix: str) -> dict:
    return json.loads(page.evaluate("s => localStorage.getItem(Object.keys(localStorage).find(k => k.endsWith(s)))",
                                    suffix))


def test_two_tabs_keep_each_others_item_edits_and_follow_live(two_tabs, checklist_site: Path) -> None:
    a, b = two_tabs
    a.goto(SERVER_URL)
    new_run(a, "张三")
    b.goto(SERVER_URL)  # B opens with 张三, then goes stale while A works
    item(a, "application-handwritten").get_by_label("不符合", exact=True).check()
    item(a, "application-handwritten").locator("textarea").fill("缺少落款日期")
    item(b, "one-year").get_by_label("符合", exact=True).check()
    # B follows A live, without a reload
    b.wait_for_function("() => document.querySelector(\"[data-item='application-handwritten']\").dataset.status === 'issue'")
    assert item(b, "application-handwritten").locator("textarea").input_value() == "缺少落款日期"
    a.wait_for_function("() => document.querySelector(\"[data-item='one-year']\").dataset.status === 'ok'")
    for page in (a, b):
        page.reload()
        assert item(page, "application-handwritten").get_attribute("data-status") == "issue"
        assert item(page, "application-handwritten").locator("textarea").input_value() == "缺少落款日期"
        assert item(page, "one-year").get_attribute("data-status") == "ok"


def test_runs_created_in_two_tabs_both_remain_and_a_deleted_run_stays_deleted(two_tabs, checklist_site: Path) -> None:
    a, b = two_tabs
    a.goto(SERVER_URL)
    b.goto(SERVER_URL)
    new_run(a, "甲")
    new_run(b, "乙")
    a.wait_for_function("() => document.querySelectorAll('.portal-run-select option').length === 2")
    assert a.locator(".portal-run-select option:checked").inner_text() == "甲", "another tab does not switch this one"
    b.reload()
    assert sorted(run_names(b)) == ["乙", "甲"]
    # A deletes 甲 while B shows it; B's later edit must not bring it back
    b.locator(".portal-run-select").select_option(label="甲")
    # B stops listening (a stale tab, e.g. a sleeping laptop) while A deletes the run
    b.evaluate("() => { window.__stale = e => e.stopImmediatePropagation(); window.addEventListener('storage', window.__stale, true) }")
    a.locator(".portal-run-select").select_option(label="甲")
    a.once("dialog", lambda d: d.accept())
    a.get_by_role("button", name="删除").click()
    item(b, "one-year").get_by_label("不适用", exact=True).check()
    for page in (a, b):
        page.reload()
        assert run_names(page) == ["乙"]
    runs = stored(a, ":checklist:dossier")["runs"]
    assert [r for r in runs.values() if "deleted" in r], "the deletion leaves a marker"


def test_quiz_answers_from_two_tabs_both_survive(two_tabs, quiz_url: str) -> None:
    a, b = two_tabs
    a.goto(quiz_url)
    b.goto(quiz_url)
    question(a, "single").get_by_label("三个月内").check()
    question(b, "blank").locator("input").fill("一年")
    b.wait_for_function("() => document.querySelector(\"form [data-question='single'] input:checked\")")
    for page in (a, b):
        page.reload()
        assert question(page, "single").get_by_label("三个月内").is_checked()
        assert question(page, "blank").locator("input").input_value() == "一年"


def test_a_restart_in_one_tab_is_followed_by_the_other(two_tabs, quiz_url: str) -> None:
    a, b = two_tabs
    a.goto(quiz_url)
    b.goto(quiz_url)
    question(a, "blank").locator("input").fill("一年")
    b.wait_for_function("() => document.querySelector(\"form [data-question='blank'] input\").value === '一年'")
    a.once("dialog", lambda d: d.accept())
    a.get_by_role("button", name="重新开始").click()
    b.wait_for_function("() => document.querySelector(\"form [data-question='blank'] input\").value === ''")
    question(b, "single").get_by_label("一个月内").check()
    a.reload()
    assert question(a, "blank").locator("input").input_value() == ""
    assert question(a, "single").get_by_label("一个月内").is_checked()


V1_CHECKLIST = {"v": 1, "current": "r1", "runs": {
    "r1": {"id": "r1", "subject": "张三", "created": "2026-11-01", "updated": "2026-11-02", "checker": "王书记",
           "items": {"one-year": {"s": "issue", "note": "只满十个月", "text": "确定积极分子满一年后才确定为发展对象",
                                  "section": "时间"},
                     "gone-item": {"s": "ok", "note": "", "text": "已删除的项", "section": "旧"}}},
    "r2": {"id": "r2", "subject": "李四", "created": "2026-11-03", "updated": "2026-11-03", "checker": "",
           "items": {}}}}


def test_a_checklist_saved_by_the_previous_version_is_migrated_whole(page, checklist_site: Path) -> None:
    page.goto(SERVER_URL)
    key = page.evaluate("document.querySelector('[data-checklist]').dataset.store") + ":checklist:dossier"
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [key, json.dumps(V1_CHECKLIST, ensure_ascii=False)])
    page.reload()
    assert page.locator(".portal-banner--corrupt").count() == 0
    assert run_names(page) == ["张三", "李四"]
    assert page.locator(".portal-run-select option:checked").inner_text() == "张三"
    assert page.locator(".portal-meta input").input_value() == "王书记"
    assert item(page, "one-year").get_attribute("data-status") == "issue"
    assert item(page, "one-year").locator("textarea").input_value() == "只满十个月"
    assert "已删除的项：符合" in page.locator(".portal-removed").inner_text()


def test_a_quiz_saved_by_the_previous_version_is_migrated_whole(page, quiz_url: str) -> None:
    page.goto(quiz_url + "exam/")
    key = page.evaluate("document.querySelector('[data-quiz]').dataset.store") + ":quiz:exam"
    saved = {"v": 1, "seed": 7, "order": ["exam/c", "exam/a", "exam/b"], "answers": {"exam/a": True, "exam/b": True},
             "submitted": False, "attempts": [{"at": "2026-11-01", "score": 33, "correct": 1, "total": 3, "passed": False}]}
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [key, json.dumps(saved)])
    page.reload()
    assert page.locator(".portal-banner--corrupt").count() == 0
    ids = page.locator("form [data-question]").evaluate_all("els => els.map(e => e.dataset.question)")
    assert ids == ["c", "a", "b"]
    assert question(page, "a").get_by_label("正确").is_checked()
    assert question(page, "b").get_by_label("正确").is_checked()
    assert "33 分" in page.locator(".portal-quiz__history").inner_text()


def test_clearing_in_one_tab_is_not_undone_by_another(two_tabs, checklist_site: Path) -> None:
    a, b = two_tabs
    a.goto(SERVER_URL)
    b.goto(SERVER_URL)
    new_run(b, "甲")
    item(b, "one-year").get_by_label("符合", exact=True).check()
    a.wait_for_function("() => document.querySelectorAll('.portal-run-select option').length === 1 && "
                        "!document.querySelector('.portal-run-select').disabled")
    a.once("dialog", lambda d: d.accept())
    a.get_by_role("button", name="清除本机数据").click()
    a.wait_for_load_state()
    b.wait_for_function("() => document.querySelector('.portal-run-select').disabled")
    new_run(b, "新的")
    for page in (a, b):
        page.reload()
        assert run_names(page) == ["新的"]


def test_an_imported_run_that_replaces_one_stays_replaced_in_the_other_tab(two_tabs, checklist_site: Path,
                                                                          tmp_path: Path) -> None:
    a, b = two_tabs
    a.goto(SERVER_URL)
    new_run(a, "甲")
    item(a, "one-year").get_by_label("不符合", exact=True).check()
    item(a, "one-year").locator("textarea").fill("缺")
    b.goto(SERVER_URL)
    run_id = a.locator(".portal-run-select").input_value()
    export = tmp_path / "replace.json"
    export.write_text(json.dumps({"format": "portal-checklist-run", "version": 2, "checklist": "dossier", "run": {
        "id": run_id, "subject": "甲", "items": {"application-handwritten": {"s": "ok"}}}}), "utf-8")
    a.once("dialog", lambda d: d.accept())  # overwrite
    a.locator("input.portal-file").set_input_files(str(export))
    a.wait_for_function("() => document.querySelector(\"[data-item='one-year']\").dataset.status === 'unchecked'")
    b.wait_for_function("() => document.querySelector(\"[data-item='application-handwritten']\").dataset.status === 'ok'")
    for page in (a, b):
        page.reload()
        assert item(page, "one-year").get_attribute("data-status") == "unchecked"
        assert item(page, "application-handwritten").get_attribute("data-status") == "ok"


def test_a_focused_note_takes_the_other_tabs_newer_text(two_tabs, checklist_site: Path) -> None:
    a, b = two_tabs
    a.goto(SERVER_URL)
    new_run(a, "甲")
    item(a, "one-year").get_by_label("不符合", exact=True).check()
    note_a = item(a, "one-year").locator("textarea")
    note_a.fill("A写的")
    b.goto(SERVER_URL)
    item(b, "one-year").locator("textarea").fill("A写的，B补充")
    a.wait_for_function("() => document.querySelector(\"[data-item='one-year'] textarea\").value === 'A写的，B补充'")
    assert note_a.evaluate("t => t === document.activeElement"), "the reader keeps the field"
    note_a.press("End")
    note_a.type("。")
    a.reload()
    assert item(a, "one-year").locator("textarea").input_value() == "A写的，B补充。"


def test_two_mistake_pages_with_different_sets_do_not_fight(two_tabs, quiz_url: str) -> None:
    a, b = two_tabs
    a.goto(quiz_url)
    question(a, "single").get_by_label("三个月内").check()
    question(a, "single").get_by_role("button", name="检查答案").click()
    b.goto(quiz_url + "mistakes/")
    question(a, "truefalse").get_by_label("正确").check()
    question(a, "truefalse").get_by_role("button", name="检查答案").click()
    a.goto(quiz_url + "mistakes/")
    writes = "() => { window.__writes = 0; const set = Storage.prototype.setItem; " \
             "Storage.prototype.setItem = function (...x) { window.__writes++; return set.apply(this, x); }; }"
    a.evaluate(writes)
    b.evaluate(writes)
    a.wait_for_timeout(1500)
    assert a.evaluate("window.__writes") + b.evaluate("window.__writes") <= 2
    assert a.locator("form [data-question]").count() == 2 and b.locator("form [data-question]").count() == 1
    question(a, "single").get_by_label("一个月内").check()
    question(a, "single").get_by_role("button", name="检查答案").click()
    assert question(a, "single").locator(".portal-verdict").inner_text() == "回答正确"
