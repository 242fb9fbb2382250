"""Quizzes in Chromium: every type right and wrong, exam scoring, persistence, keyboard, navigation."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from test_hand_in_browser import start

from conftest import SERVER_URL, StaticServer, build_or_fail
from sites import write_site

pytestmark = pytest.mark.browser

ALL_TYPES = """\
title: 六种题型
pass_mark: 60
questions:
  - id: single
    type: single
    prompt: 收到申请书后多久内谈话？
    options: [一个月内, {text: 三个月内, feedback: 《细则》要求一个月内。}]
    answer: 一个月内
    explain: 《细则》第七条。
    see: rules.md#step-7
  - id: multiple
    type: multiple
    prompt: 哪些是正式党员才能担任的？
    options: [入党介绍人, 培养联系人, 发展对象]
    answer: [入党介绍人, 培养联系人]
    explain: 两者都须是正式党员。
    see: rules.md#step-7
  - id: truefalse
    type: truefalse
    prompt: 赞成票按实到会人数计算。
    answer: false
    explain: 按应到会人数计算。
    see: rules.md#vote
  - id: blank
    type: blank
    prompt: 积极分子经过____以上培养考察，方可列为发展对象。
    answer: [一年]
    explain: 一年以上。
    see: rules.md#step-7
  - id: order
    type: order
    prompt: 排列顺序。
    items: [申请, 积极分子, 发展对象]
    explain: 先后顺序。
    see: rules.md#step-7
  - id: match
    type: match
    prompt: 配对。
    pairs: [[介绍人, 两名], [培养联系人, 一至两名]]
    explain: 人数。
    see: rules.md#step-7
"""

EXAM = """\
title: 考试
pass_mark: 60
questions:
  - id: a
    type: truefalse
    prompt: 题一：预备期为一年。
    answer: true
    explain: 一年。
    see: rules.md#step-7
  - id: b
    type: truefalse
    prompt: 题二：预备期可以延长两次。
    answer: false
    explain: 只能一次。
    see: rules.md#step-7
  - id: c
    type: truefalse
    prompt: 题三：介绍人须是正式党员。
    answer: true
    explain: 正式党员。
    see: rules.md#step-7
"""


@pytest.fixture(scope="session")
def quiz_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("quizsite")
    config = write_site(root, {
        "quizzes/types.yml": ALL_TYPES,
        "quizzes/exam.yml": EXAM,
        "docs/index.md": "# 练习\n\n/// quiz | types\n///\n\n[去考试](exam.md)\n",
        "docs/exam.md": "# 考试\n\n/// quiz | exam\n    mode: exam\n///\n",
        "docs/mistakes.md": "# 错题本\n\n/// mistakes\n///\n",
    }, site_url=SERVER_URL)
    return build_or_fail(config, root / "site")


@pytest.fixture
def quiz_url(quiz_site: Path, static_server: StaticServer) -> Iterator[str]:
    """The quiz fixture site, served for one test (other test modules import it)."""
    previous = static_server.root
    yield static_server.serve(quiz_site)
    static_server.serve(previous)


@pytest.fixture
def site(quiz_url: str) -> str:
    return quiz_url


def question(page, qid: str):
    return page.locator(f"form [data-question='{qid}']")


def answer_right(page) -> None:
    question(page, "single").get_by_label("一个月内").check()
    q = question(page, "multiple")
    q.get_by_label("入党介绍人").check()
    q.get_by_label("培养联系人").check()
    question(page, "truefalse").get_by_label("错误").check()
    question(page, "blank").locator("input").fill("1 年")  # 一年 = 1年, spaces ignored
    sort_order(page, ["申请", "积极分子", "发展对象"])
    q = question(page, "match")
    q.get_by_label("介绍人").select_option("两名")
    q.get_by_label("培养联系人").select_option("一至两名")


def sort_order(page, wanted: list[str]) -> None:
    """Moves items with the keyboard only: focus a 上移 button, press Enter."""
    q = question(page, "order")
    for target, text in enumerate(wanted):
        while True:
            items = q.locator("ol.portal-order li span").all_inner_texts()
            position = items.index(text)
            if position == target:
                break
            q.get_by_role("button", name=f"上移：{text}").focus()
            page.keyboard.press("Enter")


def check_all(page) -> list[str]:
    verdicts = []
    for qid in ["single", "multiple", "truefalse", "blank", "order", "match"]:
        q = question(page, qid)
        q.get_by_role("button", name="检查答案").click()
        verdicts.append(q.locator(".portal-verdict").inner_text())
    return verdicts


def test_every_type_answered_right(page, site: str) -> None:
    page.goto(site)
    answer_right(page)
    assert check_all(page) == ["回答正确"] * 6
    assert "查看依据" in question(page, "single").locator(".portal-live").inner_text()
    href = question(page, "single").locator(".portal-live a").get_attribute("href")
    assert href.endswith("rules/#step-7")


def test_every_type_answered_wrong_shows_answer_feedback_and_explanation(page, site: str) -> None:
    page.goto(site)
    question(page, "single").get_by_label("三个月内").check()
    question(page, "multiple").get_by_label("入党介绍人").check()
    question(page, "truefalse").get_by_label("正确").check()
    question(page, "blank").locator("input").fill("半年")
    question(page, "match").get_by_label("介绍人").select_option("一至两名")
    # order is shown shuffled and never already right: confirming it as shown is a wrong answer
    question(page, "order").get_by_role("button", name="确认这个顺序").click()
    assert check_all(page) == ["回答错误"] * 6
    single = question(page, "single").locator(".portal-live").inner_text()
    assert "《细则》要求一个月内。" in single and "正确答案：一个月内" in single and "《细则》第七条。" in single
    assert "正确答案：申请 → 积极分子 → 发展对象" in question(page, "order").inner_text()
    assert "null" not in page.locator("[data-quiz]").inner_text()


def test_answers_survive_a_reload_and_mistakes_are_collected(page, site: str) -> None:
    page.goto(site)
    question(page, "single").get_by_label("三个月内").check()
    question(page, "single").get_by_role("button", name="检查答案").click()
    question(page, "blank").locator("input").fill("一年")
    page.reload()
    assert question(page, "single").get_by_label("三个月内").is_checked()
    assert question(page, "blank").locator("input").input_value() == "一年"
    page.goto(site + "mistakes/")
    mistakes = page.locator("[data-mistakes] [data-question]")
    assert mistakes.count() == 1
    assert "共 1 道错题" in page.locator(".portal-mistakes").inner_text()
    mistakes.get_by_label("一个月内").check()
    mistakes.get_by_role("button", name="检查答案").click()
    page.reload()
    assert "错题本是空的" in page.locator(".portal-mistakes").inner_text()


def test_exam_warns_scores_reviews_and_retries_only_the_wrong_ones(page, site: str) -> None:
    events = []
    page.goto(site + "exam/")
    page.evaluate("document.addEventListener('portal:quiz-submitted', e => window.__last = e.detail)")
    q = page.locator("form [data-question]")
    q.nth(0).get_by_label("正确").check()
    page.get_by_role("button", name="交卷").click()
    assert "还有 2 题没有作答" in page.locator(".portal-quiz__summary").inner_text()
    q.nth(1).get_by_label("正确").check()  # wrong
    q.nth(2).get_by_label("正确").check()
    page.get_by_role("button", name="交卷").click()
    summary = page.locator(".portal-quiz__summary").inner_text()
    assert "得分 67 分（答对 2 / 3 题）" in summary and "及格" in summary and "不及格" not in summary
    events.append(page.evaluate("window.__last"))
    assert events[0]["score"] == 67 and events[0]["passed"] is True and events[0]["wrong"] == ["b"]
    assert page.locator("[data-result=wrong]").count() == 1
    assert "你的答案：正确" in page.locator("[data-result=wrong]").inner_text()
    page.reload()  # the submitted review survives
    assert "得分 67 分" in page.locator(".portal-quiz__summary").inner_text()
    assert "67 分" in page.locator(".portal-quiz__history").inner_text()
    page.get_by_role("button", name="只重做错题").click()
    assert page.locator("form [data-question]").count() == 1
    page.locator("form [data-question='b']").get_by_label("正确").check()
    page.get_by_role("button", name="交卷").click()
    assert "得分 0 分" in page.locator(".portal-quiz__summary").inner_text()
    assert "不及格" in page.locator(".portal-quiz__summary").inner_text()


def test_instant_navigation_to_another_quiz_page_starts_it(page, site: str) -> None:
    page.goto(site)
    page.evaluate("window.__marker = 1")
    page.get_by_role("link", name="去考试").click()
    page.wait_for_url("**/exam/")
    page.get_by_role("button", name="交卷").wait_for()
    assert page.evaluate("window.__marker") == 1, "instant navigation reloaded the page"
    page.go_back()
    question(page, "single").get_by_role("button", name="检查答案").wait_for()
    assert page.locator("[data-quiz='types'] form").count() == 1, "the quiz started twice"


def test_blank_answers_are_normalised(page, site: str) -> None:
    page.goto(site)
    normalize = "s => window.portalKit.normalize(s)"
    assert page.evaluate(normalize, "一年") == page.evaluate(normalize, "１ 年") == "1年"
    assert page.evaluate(normalize, "二十四学时") == "24学时"
    assert page.evaluate(normalize, "十二个月。") == "12个月"
    assert page.evaluate(normalize, "ＡＢＣ") == "abc"


def test_printing_does_not_reveal_the_folded_answers(page, site: str) -> None:
    page.goto(site)
    page.emulate_media(media="print")
    assert page.locator("[data-quiz] .portal-answer").count() == 0 or \
        page.locator("[data-quiz] .portal-answer").first.is_hidden()
    assert page.locator(".portal-check").first.is_hidden()


def test_without_javascript_every_question_and_folded_answer_is_readable(browser, quiz_site: Path,
                                                                           static_server: StaticServer) -> None:
    previous = static_server.root
    static_server.serve(quiz_site)
    try:
        context = browser.new_context(java_script_enabled=False)
        page = context.new_page()
        page.goto(SERVER_URL)
        assert page.locator("[data-question]").count() == 6
        answer = page.locator("details.portal-answer").first
        assert not answer.evaluate("d => d.open")
        assert "答案：一个月内" in answer.text_content()
        context.close()
    finally:
        static_server.serve(previous)


def test_restart_asks_before_clearing_answers(page, site: str) -> None:
    page.goto(site)
    question(page, "blank").locator("input").fill("一年")
    page.once("dialog", lambda d: d.dismiss())
    page.get_by_role("button", name="重新开始").click()
    assert question(page, "blank").locator("input").input_value() == "一年"
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="重新开始").click()
    assert question(page, "blank").locator("input").input_value() == ""


def test_match_and_check_work_with_the_keyboard_alone(page, site: str) -> None:
    page.goto(site)
    q = question(page, "match")
    for left, wanted in [("介绍人", "两名"), ("培养联系人", "一至两名")]:
        select = q.get_by_label(left)
        select.focus()
        for _ in range(5):
            if select.input_value() == wanted:
                break
            page.keyboard.press("ArrowDown")
        assert select.input_value() == wanted
    q.get_by_role("button", name="检查答案").focus()
    page.keyboard.press("Enter")
    assert q.locator(".portal-verdict").inner_text() == "回答正确"


def test_saved_answers_survive_edits_of_the_yaml(page, static_server: StaticServer, tmp_path: Path) -> None:
    def build(bank: str) -> Path:
        config = write_site(tmp_path, {"quizzes/types.yml": bank, "docs/index.md": "# 练习\n\n/// quiz | types\n///\n"},
                            site_url=SERVER_URL)
        return build_or_fail(config, tmp_path / "site")

    previous = static_server.root
    static_server.serve(build(ALL_TYPES))
    try:
        page.goto(SERVER_URL)
        question(page, "single").get_by_label("三个月内").check()
        question(page, "blank").locator("input").fill("一年")
        # options reordered, a question removed: answers are keyed by id and option text
        edited = ALL_TYPES.replace("options: [一个月内, {text: 三个月内, feedback: 《细则》要求一个月内。}]",
                                   "options: [{text: 三个月内, feedback: 《细则》要求一个月内。}, 一个月内, 半年内]")
        edited = edited[:edited.index("  - id: multiple")] + edited[edited.index("  - id: truefalse"):]
        build(edited)
        page.reload()
        assert page.locator("form [data-question]").count() == 5
        assert question(page, "single").get_by_label("三个月内").is_checked()
        assert question(page, "blank").locator("input").input_value() == "一年"
    finally:
        static_server.serve(previous)


def test_the_final_test_draws_twenty_and_a_new_attempt_draws_again(page, static_server: StaticServer) -> None:
    page.goto(static_server.url + "study/final/")
    start(page, "张三", "第三党支部")
    ids = lambda: page.locator("form [data-question]").evaluate_all(  # noqa: E731
        "els => els.map(e => e.dataset.bank + '/' + e.dataset.question)")
    first = ids()
    assert len(first) == 20 and len(set(first)) == 20
    page.reload()
    assert ids() == first, "a reload keeps the drawn questions"
    page.get_by_role("button", name="重新开始").click()
    assert len(ids()) == 20 and ids() != first


def test_an_untouched_order_question_is_unanswered_until_moved_or_confirmed(page, quiz_site: Path,
                                                                            static_server: StaticServer,
                                                                            tmp_path: Path) -> None:
    config = write_site(tmp_path, {"quizzes/types.yml": ALL_TYPES,
                                   "docs/index.md": "# 考试\n\n/// quiz | types\n    mode: exam\n///\n"},
                        site_url=SERVER_URL)
    previous = static_server.root
    static_server.serve(build_or_fail(config, tmp_path / "site"))
    try:
        page.goto(SERVER_URL)
        order = question(page, "order")
        assert "尚未作答" in order.inner_text()
        page.get_by_role("button", name="交卷").click()
        assert "还有 6 题没有作答" in page.locator(".portal-quiz__summary").inner_text()
        order.get_by_role("button", name="确认这个顺序").click()
        page.reload()
        assert page.locator("form [data-question='order'] .portal-order__state").inner_text() == "已作答。"
        page.get_by_role("button", name="交卷").click()
        assert "还有 5 题没有作答" in page.locator(".portal-quiz__summary").inner_text()
        page.get_by_role("button", name="交卷").click()
        assert "你的答案：（未作答）" in question(page, "single").inner_text()
        assert "你的答案：（未作答）" not in question(page, "order").inner_text()
    finally:
        static_server.serve(previous)


FORMATTED = """\
title: 格式
questions:
  - id: order
    type: order
    prompt: 排列。
    items: ["**申请**入党", 积极分子, 发展对象]
    explain: 先后。
    see: rules.md#step-7
  - id: match
    type: match
    prompt: 配对。
    pairs: [["*介绍人*", "**两名**"], [培养联系人, 一至两名]]
    explain: 人数。
    see: rules.md#step-7
"""


def test_order_and_match_items_show_the_same_formatting_as_without_javascript(page, static_server: StaticServer,
                                                                              tmp_path: Path) -> None:
    config = write_site(tmp_path, {"quizzes/fmt.yml": FORMATTED, "docs/index.md": "# 练习\n\n/// quiz | fmt\n///\n"},
                        site_url=SERVER_URL)
    previous = static_server.root
    static_server.serve(build_or_fail(config, tmp_path / "site"))
    try:
        page.goto(SERVER_URL)
        order, match = question(page, "order"), question(page, "match")
        assert order.locator("ol.portal-order strong").inner_text() == "申请"
        assert match.locator("label em").inner_text() == "介绍人"
        assert "**" not in order.inner_text() and "**" not in match.inner_text() and "*介绍人*" not in match.inner_text()
        assert "两名" in match.locator("select").first.locator("option").all_inner_texts()
        match.get_by_label("介绍人").select_option("**两名**")
        match.get_by_role("button", name="检查答案").click()
        assert "**" not in match.locator(".portal-live").inner_text()
    finally:
        static_server.serve(previous)


def test_checking_or_submitting_blank_questions_is_no_corrupt_data_and_no_mistake(page, site: str) -> None:
    page.goto(site)
    question(page, "single").get_by_role("button", name="检查答案").click()
    assert "请先作答" in question(page, "single").inner_text()
    page.reload()
    assert page.locator(".portal-banner--corrupt").count() == 0
    page.goto(site + "exam/")
    question(page, "a").get_by_label("正确").check()
    page.get_by_role("button", name="交卷").click()
    page.get_by_role("button", name="交卷").click()
    page.reload()
    assert page.locator(".portal-banner--corrupt").count() == 0
    assert "得分 33 分" in page.locator(".portal-quiz__summary").inner_text()
    page.goto(site + "mistakes/")
    assert "共 2 道错题" in page.locator(".portal-mistakes").inner_text(), "blank exam answers are mistakes, a blank check is not"


def test_a_retry_of_the_wrong_questions_keeps_only_them_after_a_reload(page, static_server: StaticServer) -> None:
    page.goto(static_server.url + "study/final/")
    start(page, "张三", "第三党支部")
    page.locator("form [data-question] input[type=radio]").first.check()
    page.get_by_role("button", name="交卷").click()
    page.get_by_role("button", name="交卷").click()
    page.get_by_role("button", name="只重做错题").click()
    count = page.locator("form [data-question]").count()
    assert 19 <= count <= 20
    page.reload()
    assert page.locator("form [data-question]").count() == count


def test_the_confirm_button_goes_away_and_the_keyboard_keeps_its_place(page, site: str) -> None:
    page.goto(site)
    confirm = question(page, "order").get_by_role("button", name="确认这个顺序")
    confirm.focus()
    page.keyboard.press("Enter")
    assert confirm.is_hidden()
    assert page.evaluate("document.activeElement.closest('.portal-order') !== null")
