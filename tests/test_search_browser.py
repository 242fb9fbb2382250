"""Search as a reader meets it, in Chromium, on both builds (served with instant navigation, and
the offline build opened from file://): the page that answers each of tests/search_questions.py
comes in the top three, at least 85 % first; the editors' reference is not found; every word of a
multi-word query counts and is highlighted; no zero-width space in what the reader sees."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from search_questions import MULTI_WORD, QUESTIONS

from conftest import StaticServer

pytestmark = pytest.mark.browser
ZWSP = "\u200b"


def open_search(page, url: str) -> None:
    page.goto(url)
    page.locator("input.md-search__input").click()


def run_query(page, query: str) -> None:
    box = page.locator("input.md-search__input")
    box.fill("")
    box.press("End")
    page.wait_for_function("() => !document.querySelector('.md-search-result__item')")
    box.fill(query)
    box.press("End")  # Material reads the query on keyup
    # the worker answers once it has built the index; then the list holds this query's results
    page.wait_for_function("""() => {
        const meta = document.querySelector('.md-search-result__meta');
        return meta && !/初始化|Initializing/.test(meta.textContent)
            && document.querySelector('.md-search-result__item'); }""", timeout=30_000)


def result_pages(page, base: str) -> list[str]:
    """The pages of the results in their order, as paths of the served site ("procedures/stage-1/")."""
    hrefs = page.eval_on_selector_all(
        ".md-search-result__item > a.md-search-result__link", "els => els.map(e => e.href)")
    return [site_path(href, base) for href in hrefs]


def site_path(href: str, base: str) -> str:
    path = unquote(urlsplit(href).path)
    path = path[len(unquote(urlsplit(base).path)):] if path.startswith(unquote(urlsplit(base).path)) else path
    # the offline build links files (use_directory_urls: false)
    if path.endswith("index.html"):
        path = path[: -len("index.html")]
    elif path.endswith(".html"):
        path = path[: -len(".html")] + "/"
    return path


def ranks(page, base: str) -> dict[str, int | None]:
    found: dict[str, int | None] = {}
    for query, answers in QUESTIONS:
        run_query(page, query)
        pages = result_pages(page, base)
        found[query] = next((i + 1 for i, p in enumerate(pages) if p in answers), None)
    return found


def check_ranks(found: dict[str, int | None]) -> None:
    missed = {q: r for q, r in found.items() if r is None or r > 3}
    first = sum(1 for r in found.values() if r == 1)
    assert not missed, f"answers not in the top three: {missed}; all ranks: {found}"
    assert first >= 0.85 * len(found), f"{first} of {len(found)} answers first: {found}"


def check_what_is_shown(page) -> None:
    for query, words in MULTI_WORD:
        run_query(page, query)
        # the best article of the top result (a page that matches only in a section is listed
        # with its title alone, score 0, before that section)
        articles = page.locator(".md-search-result__item").first.locator("article[data-md-score]")
        scores = [float(a.get_attribute("data-md-score")) for a in articles.all()]
        top = articles.nth(scores.index(max(scores)))
        assert top.locator(".md-search-result__terms").count() == 0, \
            f"{query}: a word reported missing: {top.inner_text()}"
        marked = "".join(top.locator("mark").all_text_contents())
        for word in words:
            assert word in marked, f"{query}: {word} not highlighted in the top result ({marked})"
        shown = page.locator(".md-search-result").inner_text()
        assert ZWSP not in shown and ZWSP not in page.locator(".md-search-result").inner_html(), \
            f"{query}: zero-width spaces in the results"
    run_query(page, "编辑指南 题库 字段")
    assert "reference/" not in result_pages(page, page.url), "the editors' reference is for editors"


def test_search_answers_a_reader_on_the_served_site(page, static_server: StaticServer) -> None:
    open_search(page, static_server.url)
    check_ranks(ranks(page, static_server.url))
    check_what_is_shown(page)


def test_search_answers_a_reader_on_the_offline_site(page, offline_site: Path) -> None:
    base = offline_site.as_uri() + "/"
    open_search(page, base + "index.html")
    check_ranks(ranks(page, base))
    check_what_is_shown(page)
