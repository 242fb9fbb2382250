"""Timed exams in Chromium: the countdown counts from the round's saved start, survives a reload,
is not reset by a second tab, speaks at 5 minutes left, submits itself at zero (unanswered
questions count as wrong) and starts again with a new round. Time is Playwright's fake clock."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from test_quiz_browser import EXAM

from conftest import SERVER_URL, StaticServer, build_or_fail
from sites import write_site

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def timed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("timedsite")
    config = write_site(root, {
        "quizzes/exam.yml": EXAM,
        "quizzes/long.yml": EXAM.replace("title: 考试", "title: 长考试\ntime_limit: 6"),
        "docs/index.md": "# 限时\n\n/// quiz | exam\n    mode: exam\n    time_limit: 1\n///\n",
        "docs/long.md": "# 长考试\n\n/// quiz | long\n    mode: exam\n///\n",
    }, site_url=SERVER_URL)
    return build_or_fail(config, root / "site")


@pytest.fixture
def site(timed_site: Path, static_server: StaticServer) -> Iterator[str]:
    previous = static_server.root
    yield static_server.serve(timed_site)
    static_server.serve(previous)


def seconds_left(page) -> int:
    text = page.get_by_role("timer").inner_text()
    assert text.startswith("剩余时间 ")
    minutes, seconds = text.split()[-1].split(":")
    return int(minutes) * 60 + int(seconds)


def test_countdown_reload_second_tab_and_submission_at_zero(page, site: str) -> None:
    page.clock.install()
    page.clock.pause_at(1_900_000_000_000)  # time moves only when the test moves it: a slow machine changes nothing
    page.goto(site)
    assert "限时 1 分钟" in page.locator(".portal-quiz__meta").inner_text()
    timer = page.get_by_role("timer")
    assert timer.get_attribute("aria-live") == "off"  # the text is not read out every second
    assert seconds_left(page) == 60
    page.locator("form [data-question]").nth(0).get_by_label("正确").check()  # right; b and c left blank
    page.clock.fast_forward(20_000)
    assert seconds_left(page) == 40

    page.reload()  # counts on from the saved start
    assert seconds_left(page) == 40
    assert page.locator("form [data-question]").nth(0).get_by_label("正确").is_checked()

    second = page.context.new_page()  # a second tab does not start the clock again
    second.goto(site)
    assert seconds_left(second) == 40
    second.close()

    page.clock.fast_forward(45_000)
    summary = page.locator(".portal-quiz__summary")
    summary.get_by_text("得分").wait_for()
    assert "答对 1 / 3 题" in summary.inner_text()  # unanswered questions count as wrong
    assert "时间到" in page.locator(".portal-timer__alarm").inner_text()
    assert page.get_by_role("timer").is_hidden()
    assert page.locator("form [data-question][data-result=wrong]").count() == 2  # the review shows
    assert "（未作答）" in page.locator("form [data-question]").nth(1).inner_text()

    page.reload()  # handed in: stays handed in, once
    assert "答对 1 / 3 题" in page.locator(".portal-quiz__summary").inner_text()
    assert page.locator(".portal-quiz__history li").count() == 1

    page.get_by_role("button", name="重新开始").click()  # a new round, a new clock
    assert seconds_left(page) == 60
    assert page.locator("form [data-question][data-result]").count() == 0


def test_a_second_tab_opened_later_keeps_the_first_start(page, site: str) -> None:
    page.clock.install()
    page.clock.pause_at(1_900_000_000_000)  # time moves only when the test moves it
    page.goto(site)
    start = page.evaluate("""() => { for (const k of Object.keys(localStorage)) if (k.endsWith(':quiz:exam'))
        return Object.values(JSON.parse(localStorage.getItem(k)).starts)[0]; }""")
    page.clock.fast_forward(30_000)
    second = page.context.new_page()
    second.goto(site)
    assert seconds_left(second) == 30
    again = second.evaluate("""() => { for (const k of Object.keys(localStorage)) if (k.endsWith(':quiz:exam'))
        return Object.values(JSON.parse(localStorage.getItem(k)).starts)[0]; }""")
    assert again == start
    second.clock.fast_forward(31_000)  # both tabs reach zero: one attempt, not two
    second.locator(".portal-quiz__summary").get_by_text("得分").wait_for()
    page.locator(".portal-quiz__summary").get_by_text("得分").wait_for()
    second.reload()
    assert second.locator(".portal-quiz__history li").count() == 1
    second.close()


def test_a_bank_time_limit_announces_five_minutes_left(page, site: str) -> None:
    page.clock.install()
    page.clock.pause_at(1_900_000_000_000)  # on a busy machine a running clock had ticked to 359 before the read
    page.goto(site + "long/")
    assert seconds_left(page) == 360
    alarm = page.locator(".portal-timer__alarm")
    assert alarm.get_attribute("aria-live") == "polite" and alarm.inner_text() == ""
    page.clock.fast_forward(62_000)
    assert alarm.inner_text() == "考试还剩 5 分钟。"
    page.clock.fast_forward(240_000)
    assert alarm.inner_text() == "考试还剩 1 分钟。"
