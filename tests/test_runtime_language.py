"""The blocks in another language: an English site (theme language `en`, the portalkit plugin)
whose quiz, checklist, mistakes and date-checker blocks show English interface text, in the
markup for readers without JavaScript, in the runtime's data and in Chromium after every action
that brings up a message; a site's override of one string (`messages: {quiz.submit: Hand in}`);
and every string a runtime module reads is in both catalogs.

The author's own content of the fixture (bank, checklist, rules) is English too, so a CJK
character anywhere in a block is interface text that escaped the catalog."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from portalkit.i18n import Messages

from conftest import SERVER_URL, StaticServer, build_or_fail
from sites import page_text

ASSETS = Path(__file__).resolve().parent.parent / "hooks" / "portalkit" / "assets"
# CJK ideographs, kana, CJK and full-width punctuation (、：（）…), full-width forms
CJK = re.compile(r"[\u2e80-\u303f\u3040-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]")
# The name column of the date checker's CSV files is file format, the same in every language.
FILE_FORMAT = ("姓名",)

MKDOCS_YML = f"""\
site_name: Safety Training
site_url: "{SERVER_URL}"
theme:
  name: material
  language: en
  font: false
plugins:
  - search
  - portalkit:
      messages:
        quiz.submit: Hand in
markdown_extensions:
  - attr_list
  - pymdownx.superfences
"""

FILES = {
    "docs/index.md": "# Safety training\n\n[Practice](practice.md), [exam](exam.md).\n",
    "docs/rules.md": """\
# Safety rules

## Fire exits {#exits}

Keep every fire exit clear.

## First aid {#first-aid}

Know where the first-aid kit is.
""",
    "docs/practice.md": "# Practice\n\n/// quiz | safety\n///\n",
    "docs/exam.md": "# Exam\n\n/// quiz | drill\n    mode: exam\n///\n",
    "docs/mistakes.md": "# Mistakes\n\n/// mistakes\n///\n",
    "docs/inspection.md": "# Inspection\n\n/// checklist | walk\n///\n",
    "docs/dates.md": "# Dates\n\n/// datecheck | v1\n///\n\n/// timelimits | v1\n///\n",
    "quizzes/safety.yml": """\
title: Fire safety
description: Exits and first aid.
pass_mark: 80
questions:
  - id: single
    type: single
    prompt: How wide must a fire exit be kept clear?
    options: [The full width, {text: Half the width, feedback: Every bit of it counts.}]
    answer: The full width
    hint: Think of a crowd.
    explain: The whole exit.
    see: rules.md#exits
  - id: multiple
    type: multiple
    prompt: What belongs in a first-aid kit?
    options: [Bandages, Gloves, Matches]
    answer: [Bandages, Gloves]
    explain: Not matches.
    see: rules.md#first-aid
  - id: truefalse
    type: truefalse
    prompt: A fire door may be wedged open.
    answer: false
    explain: Never.
    see: rules.md#exits
  - id: blank
    type: blank
    prompt: Call ____ in an emergency.
    answer: ["112"]
    explain: The emergency number.
    see: rules.md#first-aid
  - id: order
    type: order
    prompt: Put the steps in order.
    items: [Raise the alarm, Leave the building, Gather outside]
    explain: Alarm first.
    see: rules.md#exits
  - id: match
    type: match
    prompt: Match each sign to its colour.
    pairs: [[Exit, Green], [Danger, Red]]
    explain: Colours of signs.
    see: rules.md#exits
""",
    "quizzes/drill.yml": """\
title: Fire drill
pass_mark: 80
questions:
  - id: alarm
    type: truefalse
    prompt: Everyone leaves when the alarm sounds.
    answer: true
    explain: Everyone.
    see: rules.md#exits
  - id: lift
    type: truefalse
    prompt: Take the lift in a fire.
    answer: false
    explain: Never the lift.
    see: rules.md#exits
""",
    "checklists/walk.yml": """\
title: Site walk
subject: site
intro: Walk the site and check each item.
sections:
  - title: Exits
    items:
      - id: exits-clear
        text: Every fire exit is clear
        help: Open each door once.
        see: rules.md#exits
      - id: signs-lit
        text: Exit signs are lit
        required: false
        see: rules.md#exits
  - title: First aid
    items:
      - id: kit-full
        text: The first-aid kit is complete
        see: rules.md#first-aid
""",
    "rules/v1.yml": """\
title: Safety rules, first edition
dates:
  - id: hired
    label: Hired on
  - id: trained
    label: Trained on
  - id: drill
    label: First fire drill
rules:
  - id: trained-after-hire
    title: Training after hiring
    kind: order
    from: hired
    to: trained
    message: Training comes after hiring.
    see: rules.md#exits
  - id: trained-soon
    title: Training within a month
    kind: max
    from: hired
    to: trained
    amount: 1
    unit: months
    extended: 2
    deadline: Train by
    message: Train new staff within a month.
    see: rules.md#exits
  - id: drill-later
    title: Drill after three months
    kind: min
    from: hired
    to: drill
    amount: 3
    unit: months
    message: The first drill is held three months after hiring at the earliest.
    see: rules.md#first-aid
""",
}


def cjk_in(text: str) -> list[str]:
    for word in FILE_FORMAT:
        text = text.replace(word, "")
    return sorted({m.group(0) for m in CJK.finditer(text)})


@pytest.fixture(scope="module")
def english_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("english")
    (root / "mkdocs.yml").write_text(MKDOCS_YML, "utf-8")
    for name, text in FILES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return build_or_fail(root / "mkdocs.yml", root / "site")


def blocks_of(html: str) -> list[str]:
    """Each block's markup on a built page: its root <section> (which holds no other section) or
    the time-limits <div> (which holds no other div)."""
    return re.findall(r'<section class="portal-(?:quiz|checklist|mistakes|datecheck)".*?</section>'
                      r'|<div class="portal-timelimits".*?</div>', html, re.S)


# ---------------------------------------------------------------------------- without a browser
@pytest.mark.parametrize("page", ["practice", "exam", "mistakes", "inspection", "dates"])
def test_the_markup_and_the_runtime_data_of_an_english_site_are_english(english_site: Path, page: str) -> None:
    html = (english_site / page / "index.html").read_text("utf-8")
    blocks = blocks_of(html)
    assert blocks, f"no block on {page}"
    for block in blocks:
        markup = re.sub(r'<template class="portal-data">.*?</template>', "", block, flags=re.S)
        assert cjk_in(markup) == [], (page, cjk_in(markup))
    if 'class="portal-data"' in html:
        words = json.dumps(page_text(html), ensure_ascii=False)
        assert "ui" in page_text(html) and cjk_in(words) == [], (page, cjk_in(words))


def test_the_site_override_reaches_the_runtime_and_the_rest_stays_english(english_site: Path) -> None:
    words = page_text((english_site / "exam" / "index.html").read_text("utf-8"))
    assert words["quiz"]["submit"] == "Hand in"
    assert words["quiz"]["restart"] == Messages("en")("quiz.restart")
    assert set(words) == {"ui", "quiz"}
    mistakes = page_text((english_site / "mistakes" / "index.html").read_text("utf-8"))
    assert set(mistakes) == {"ui", "quiz", "mistakes"} and mistakes["quiz"]["submit"] == "Hand in"
    meta = re.search(r'<p class="portal-quiz__meta">(.*?)</p>', (english_site / "exam" / "index.html").read_text("utf-8"), re.S)
    assert meta and " ".join(meta.group(1).split()) == "Exam · 2 questions · pass mark 80"  # no rules line: none set


@pytest.mark.parametrize(("module", "areas"), [
    ("ui.js", ("ui",)), ("quiz.js", ("quiz",)), ("mistakes.js", ("mistakes",)), ("checklist.js", ("checklist",)),
    ("datecheck.js", ("datecheck",)), ("report.js", ("reportpage",))])
def test_every_string_a_runtime_module_reads_is_in_both_catalogs(module: str, areas: tuple[str, ...]) -> None:
    source = (ASSETS / module).read_text("utf-8")
    used = set(re.findall(r"\bT\.(\w+)", source)) | set(re.findall(r"uiText\(root\)\.(\w+)", source))
    used |= {f"{prefix}{name}" for prefix, names in (
        ("type_", ("single", "multiple_all", "truefalse", "blank", "order", "match")),
        ("state_", ("unchecked", "ok", "issue", "na")), ("status_", ("broken", "warning", "met", "unknown")))
        if f"`{prefix}$" in source for name in names}
    assert used, module
    for language in ("zh", "en"):
        known = {key for area in areas for key in Messages(language).subset(area + ".")}
        assert used - known == set(), (module, language)


def test_chinese_is_the_default_and_a_single_string_can_be_overridden() -> None:
    from portalkit.i18n import ZH
    from portalkit.quiz.model import Bank, Question, QuizBlockOptions
    from portalkit.quiz.render import render_quiz
    from portalkit.richtext import RichText
    from portalkit.runtime_data import text_for
    from portalkit.templating import Templates

    bank = Bank(id="b", title="t", pass_mark=60)
    questions = [Question(id="q", bank="b", type="truefalse", prompt="p", explain="e", see="rules.md", truth=True)]
    page = render_quiz(bank, questions, QuizBlockOptions(mode="exam"), RichText(), Templates(), "s")
    assert "考试模式 ·" in page and "60 分及格" in page and "<summary>答案与解析</summary>" in page
    assert page_text(text_for("quiz", set(), ZH))["quiz"]["submit"] == "交卷"
    messages = Messages("zh", {"quiz.submit": "提交", "quiz.true": "对"})
    page = render_quiz(bank, questions, QuizBlockOptions(), RichText(), Templates(), "s", messages,
                       quiz_note="依据本站规则")
    assert page_text(text_for("quiz", set(), messages))["quiz"]["submit"] == "提交"
    assert "> 对</label>" in page and "依据本站规则</p>" in page


# ---------------------------------------------------------------------------- in Chromium

SCAN = """() => {
    const roots = [...document.querySelectorAll('[data-quiz], [data-checklist], [data-mistakes-page], [data-datecheck]')];
    const texts = [];
    for (const root of roots) {
        texts.push(root.textContent);  // hidden parts too (forms, print view, no-JS notes); not <template> data
        for (const el of root.querySelectorAll('*')) {
            for (const name of ['aria-label', 'placeholder', 'title', 'alt']) {
                if (el.getAttribute(name)) texts.push(el.getAttribute(name));
            }
        }
    }
    return texts.join('\\n');
}"""


@pytest.fixture
def english(english_site: Path, static_server: StaticServer) -> Iterator[str]:
    previous = static_server.root
    yield static_server.serve(english_site)
    static_server.serve(previous)


@pytest.fixture
def dialogs(page) -> list[str]:
    """The texts of confirm() dialogs, each dismissed (the reader chose Cancel)."""
    seen: list[str] = []

    def on_dialog(dialog) -> None:
        seen.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return seen


def assert_english(page, where: str) -> str:
    text = page.evaluate(SCAN)
    assert text.strip(), where
    assert cjk_in(text) == [], (where, cjk_in(text), text)
    return text


@pytest.mark.browser
def test_an_english_quiz_mistakes_and_exam_show_no_chinese(page, english: str, dialogs: list[str]) -> None:
    page.goto(english + "practice/")
    form = page.locator("form.portal-quiz__form")
    form.wait_for()
    for qid in ("single", "multiple", "truefalse", "blank", "order", "match"):  # nothing given yet
        form.locator(f"[data-question='{qid}'] .portal-check").click()
    assert form.locator(".portal-warning").first.inner_text() == "Answer the question first, then check it."
    question = lambda qid: form.locator(f"[data-question='{qid}']")  # noqa: E731
    question("single").get_by_label("Half the width").check()
    question("multiple").get_by_label("Matches").check()
    question("truefalse").get_by_label("True").check()
    question("blank").get_by_label("Your answer").fill("911")
    question("order").get_by_role("button", name="Confirm this order").click()
    question("match").get_by_label("Exit").select_option("Red")
    page.locator("details.portal-hint summary").first.click()
    text = assert_english(page, "practice, before checking")
    assert "Single choice · question 1 of 6" in text and "Answered." in text
    assert question("order").get_by_role("button", name=re.compile(r"^Move (up|down): ")).count() >= 2
    for qid in ("single", "multiple", "truefalse", "blank", "order", "match"):
        question(qid).locator(".portal-check").click()
    text = assert_english(page, "practice, checked wrong")
    assert "Incorrect" in text and "Correct answer: The full width" in text and "Every bit of it counts." in text
    assert "Correct answer: Bandages, Gloves" in text and "Exit — Green; Danger — Red" in text
    assert "See the source" in text and "Multiple choice (select every correct answer)" in text
    page.get_by_role("button", name="Start over").click()
    assert dialogs == [Messages("en")("quiz.restart_confirm")]

    page.goto(english + "mistakes/")
    page.locator("[data-mistakes] form").wait_for()
    text = assert_english(page, "mistakes")
    assert "6 question(s) to review." in text

    page.goto(english + "exam/")
    submit = page.get_by_role("button", name="Hand in")  # the site's own word
    submit.click()
    assert page.get_by_role("button", name="Submit").count() == 0
    text = assert_english(page, "exam, unanswered")
    assert "2 question(s) not answered yet. Click “Hand in” again to submit anyway." in text
    submit.click()
    page.locator(".portal-score").wait_for()
    text = assert_english(page, "exam, scored")
    assert "Score 0 (0 of 2 correct) · Not passed (pass mark 80)" in text
    assert "Past scores" in text and "Retry the wrong ones" in text and "Your answer: (no answer)" in text


@pytest.mark.browser
def test_an_english_checklist_shows_no_chinese(page, english: str, dialogs: list[str], tmp_path: Path) -> None:
    page.goto(english + "inspection/")
    page.get_by_role("button", name="New check").click()
    form = page.locator(".portal-run-form")
    assert form.locator(".portal-run-form__title").inner_text() == "New check: enter the site and their organisation"
    form.get_by_label("Organisation").fill("North Depot")
    form.locator("input[name=subject]").fill("Warehouse")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('.portal-run-form').hidden")
    body = page.locator(".portal-checklist__body")
    body.locator("[data-item='exits-clear']").get_by_label("Not compliant", exact=True).check()
    body.locator("[data-item='exits-clear'] textarea").fill("Door 3 blocked")
    body.locator("[data-item='kit-full']").get_by_label("Compliant", exact=True).check()
    body.locator("[data-item='signs-lit'] .portal-add-note").click()
    text = assert_english(page, "checklist, one run")
    assert "2 of 3 checked: Not checked 1, Compliant 1, Not compliant 1, N/A 0" in text
    assert "1 of 2 checked, 1 not compliant" in text and "Warehouse (North Depot)" in text
    # a second run brings the summary; the print view is drawn before printing
    page.get_by_role("button", name="New check").click()
    form.get_by_label("Organisation").fill("")
    form.locator("input[name=subject]").fill("Office")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('.portal-run-form').hidden")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    text = assert_english(page, "checklist, two runs and the print view")
    assert "All checks (2)" in text and "Problems to fix (supply what is missing)" in text
    assert "Organisation: Not given   Subject: Office" in text
    page.get_by_role("button", name="Delete").click()
    assert dialogs == ["Delete the check of “Office”? This cannot be undone."]
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", "utf-8")
    page.locator(".portal-file").set_input_files(str(bad))
    page.locator(".portal-banner--import").wait_for()
    text = assert_english(page, "checklist, a refused import")
    assert "Cannot import: The file is not valid JSON." in text


@pytest.mark.browser
def test_english_banners_for_broken_and_corrupt_storage(page, english: str) -> None:
    page.goto(english + "practice/")
    store = page.locator("[data-quiz]").get_attribute("data-store")
    page.evaluate("key => localStorage.setItem(key, '{broken')", f"{store}:quiz:safety")
    page.reload()
    page.locator(".portal-banner--corrupt").wait_for()
    text = assert_english(page, "corrupt stored data")
    assert "could not be read and were set aside" in text and "Download the unreadable original data" in text
    page.add_init_script("Storage.prototype.setItem = () => { throw new DOMException('full', 'QuotaExceededError'); }")
    page.goto(english + "exam/")
    page.locator("[data-question='lift']").get_by_label("False").check()
    page.locator(".portal-banner--storage").wait_for()
    assert_english(page, "broken storage")


@pytest.mark.browser
def test_an_english_date_checker_shows_no_chinese(page, english: str) -> None:
    page.goto(english + "dates/")
    page.get_by_label("Hired on", exact=True).fill("2024-01-31")
    page.get_by_label("Trained on", exact=True).fill("2024-04-01")
    page.get_by_label("First fire drill", exact=True).fill("2024-02-30")
    page.get_by_label("First fire drill", exact=True).press("Tab")
    text = assert_english(page, "date checker, one candidate")
    assert "Train by: 2024-02-29 (special cases: 2024-03-31)" in text
    assert "Training within a month: Train new staff within a month. Limit: on or before 2024-02-29;" in text
    assert "“2024-02-30” is not a valid date: month 2 of 2024 has only 29 days." in text
    page.locator(".portal-dc__paste").fill("Name,Hired on,Trained on\nAda,2024-01-31,2024-01-01\n")
    page.get_by_role("button", name="Check the table").click()
    text = assert_english(page, "date checker, a table")
    assert "Row 1: unknown column name “Name”" in text and "1 candidate(s): 1 breach a rule" in text
