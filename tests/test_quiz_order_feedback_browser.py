"""Two bugs of the quiz runtime, reproduced in Chromium: the feedback of a multiple-choice option
was never shown (an array compared with ===), and in a shuffled quiz the options of later
questions changed order after a reload, or live when another tab answered an ordering question
(all questions drew from one random stream, and an answered ordering question draws nothing)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import SERVER_URL, StaticServer, build_or_fail
from sites import write_site

pytestmark = pytest.mark.browser

CHOICES = "[甲, 乙, 丙, 丁, 戊, 己]"
BANK = """\
title: 打乱
questions:
  - id: order
    type: order
    prompt: 排列顺序。
    items: [申请, 积极分子, 发展对象, 预备党员]
    explain: 先后顺序。
    see: rules.md#step-7
  - id: multi
    type: multiple
    prompt: 哪些对？
    options: [甲, {text: 乙, feedback: 乙是错的，因为要看第七条。}, 丙, 丁]
    answer: [甲, 丙]
    explain: 甲和丙。
    see: rules.md#step-7
""" + "".join(f"""\
  - id: later-{i}
    type: single
    prompt: 第 {i} 题
    options: {CHOICES}
    answer: 甲
    explain: 甲。
    see: rules.md#step-7
""" for i in range(6))


@pytest.fixture(scope="session")
def shuffle_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("shufflesite")
    config = write_site(root, {
        "quizzes/mixed.yml": BANK,
        "docs/index.md": "# 练习\n\n/// quiz | mixed\n    shuffle: true\n///\n",
    }, site_url=SERVER_URL)
    return build_or_fail(config, root / "site")


@pytest.fixture
def url(shuffle_site: Path, static_server: StaticServer) -> Iterator[str]:
    previous = static_server.root
    yield static_server.serve(shuffle_site)
    static_server.serve(previous)


def option_orders(page) -> dict[str, list[str]]:
    orders = {}
    for q in page.locator("form [data-question^='later-']").all():
        orders[q.get_attribute("data-question")] = q.locator(".portal-choices label").all_inner_texts()
    return orders


def test_a_wrong_multiple_choice_answer_shows_the_feedback_of_the_chosen_option(page, url: str) -> None:
    page.goto(url)
    q = page.locator("form [data-question='multi']")
    q.get_by_label("甲").check()
    q.get_by_label("乙").check()
    q.get_by_role("button", name="检查答案").click()
    assert q.locator(".portal-verdict").inner_text() == "回答错误"
    assert q.locator(".portal-feedback").all_inner_texts() == ["乙是错的，因为要看第七条。"]
    # not chosen, no feedback
    q.get_by_label("乙").uncheck()
    q.get_by_label("丁").check()
    q.get_by_role("button", name="检查答案").click()
    assert q.locator(".portal-feedback").count() == 0


def test_option_order_stays_within_a_round_across_reloads_and_tabs(browser, url: str) -> None:
    context = browser.new_context(locale="zh-CN")
    first = context.new_page()
    first.goto(url)
    before = option_orders(first)
    assert len(before) == 6 and any(v != ["甲", "乙", "丙", "丁", "戊", "己"] for v in before.values())
    second = context.new_page()
    second.goto(url)
    assert option_orders(second) == before
    # the second tab answers the ordering question: the first follows, its options stay put
    second.locator("form [data-question='order']").get_by_role("button", name="确认这个顺序").click()
    first.wait_for_function("() => document.querySelector(\"form [data-question='order'] .portal-order__confirm\").hidden")
    assert option_orders(first) == before
    first.reload()
    assert option_orders(first) == before
    context.close()
