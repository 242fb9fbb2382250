"""Nothing a reader enters is lost by a second tab: two pages of one browser context edit the
same checklist and the same quiz; both keep both edits, follow each other live, and data saved
by the previous version of the runtime is migrated, not dropped."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_checklist_browser import build as build_checklist_site
from test_checklist_browser import new_run
from test_quiz_browser import question, quiz_site  # noqa: F401  (a fixture)

from conftest import SERVER_URL, StaticServer

pytestmark = pytest.mark.browser


@pytest.fixture
def checklist_site(tmp_path: Path, static_server: StaticServer) -> Iterator[Path]:
    previous = static_server.root
    static_server.serve(build_checklist_site(tmp_path))
    yield tmp_path
    static_server.serve(previous)


@pytest.fixture
def quiz_url(quiz_site: Path, static_server: StaticServer) -> Iterator[str]:  # noqa: F811
    previous = static_server.root
    yield static_server.serve(quiz_site)
    static_server.serve(previous)


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
