"""The real portal in Chromium: search, dark mode, instant navigation, the offline build."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_checklist_browser import new_run

from conftest import SERVER_URL, ConsoleLog, StaticServer

pytestmark = pytest.mark.browser


def _result_links(page) -> list[str]:
    """Result hrefs without Material's ?h= highlight parameter."""
    hrefs = page.locator(".md-search-result__link").evaluate_all(
        "els => els.map(e => e.getAttribute('href'))")
    return [re.sub(r"\?h=[^#]*", "", h) for h in hrefs]


def _search(page, query: str) -> None:
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.press("End")  # Material reads the query on keyup
    page.locator(".md-search-result__item").first.wait_for(timeout=15000)


def test_search_for_development_target_finds_the_step(page, static_server: StaticServer) -> None:
    page.goto(static_server.url)
    _search(page, "发展对象")
    links = _result_links(page)
    assert any(h.endswith("procedures/stage-3/#step-7") for h in links[:6]), links


def test_search_for_the_short_form_zhengshen_finds_political_review(
        page, static_server: StaticServer) -> None:
    page.goto(static_server.url)
    _search(page, "政审")
    links = _result_links(page)
    assert any(h.endswith("procedures/stage-3/#step-10") for h in links), links


def test_palette_toggle_switches_to_dark_and_is_remembered(
        page, static_server: StaticServer) -> None:
    page.emulate_media(color_scheme="light")
    page.goto(static_server.url)
    body = page.locator("body")
    assert body.get_attribute("data-md-color-scheme") == "default"
    # the toggle cycles 跟随系统 → 浅色 → 深色
    for _ in range(3):
        if body.get_attribute("data-md-color-scheme") == "slate":
            break
        page.locator("form[data-md-component=palette] label:visible").first.click()
    assert body.get_attribute("data-md-color-scheme") == "slate"
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background != "rgb(255, 255, 255)", background
    page.reload()
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"


def test_instant_navigation_keeps_the_document(page, static_server: StaticServer,
                                               console: ConsoleLog) -> None:
    page.goto(static_server.url)
    page.evaluate("window.__portalMarker = 42")
    page.locator("a.md-tabs__link", has_text="发展程序").click()
    page.wait_for_url("**/procedures/")
    page.locator("h1").wait_for()
    assert page.evaluate("window.__portalMarker") == 42, "the page was reloaded"
    assert all(u.startswith(SERVER_URL) for u in console.requests), [
        u for u in console.requests if not u.startswith(SERVER_URL)]


def test_offline_build_works_from_file_urls(page, offline_site: Path,
                                            console: ConsoleLog) -> None:
    page.goto((offline_site / "index.html").as_uri())
    assert "发展党员" in page.locator("h1").first.inner_text()
    page.locator("a.md-tabs__link", has_text="发展程序").click()
    page.wait_for_url("**/procedures/index.html")
    _search(page, "发展对象")
    assert "发展对象" in page.locator(".md-search-result").inner_text()
    assert all(u.startswith("file://") for u in console.requests), [
        u for u in console.requests if not u.startswith("file://")]


def test_offline_build_runs_quizzes_and_checklists_from_file_urls(page, offline_site: Path,
                                                                  console: ConsoleLog) -> None:
    page.goto((offline_site / "study" / "stage-1.html").as_uri())
    first = page.locator("form [data-question]").filter(has=page.locator("input[type=radio]")).first
    first.locator("input[type=radio]").first.check()
    first.get_by_role("button", name="检查答案").click()
    assert first.locator(".portal-verdict").inner_text() in ("回答正确", "回答错误")
    page.goto((offline_site / "checks" / "dossier.html").as_uri())
    new_run(page, "张三")
    page.locator(".portal-checklist__body [data-item]").first.get_by_label("符合", exact=True).check()
    page.reload()
    assert page.locator(".portal-checklist__body [data-item]").first.get_attribute("data-status") == "ok"
    assert all(u.startswith("file://") for u in console.requests)
