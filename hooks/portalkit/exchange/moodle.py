"""Banks → Moodle XML (the format of Moodle's question bank import and export).

FILE FORMAT: element names and values are Moodle's, whatever the interface language.

- single → multichoice with <single>true</single>; multiple → multichoice with <single>false</single>,
  each right option 100/k percent, each wrong one −100/w (so ticking everything scores nothing);
  the fractions are among the grades Moodle accepts on import.
- truefalse → truefalse; blank → shortanswer (every accepted answer at 100 %, `*` escaped, which
  Moodle reads as a wildcard); match → matching (right sides as plain text: Moodle shows them in
  a menu).
- order → Moodle's Ordering question type (`<question type="ordering">`, qtype_ordering: standard
  in recent Moodle versions, an add-on plugin in older ones). A Moodle without it refuses these
  questions on import, so a comment at the top of the file names them.
- The explanation (and the rule it refers to, as a page path: the portal is not in Moodle) is
  <generalfeedback>; an option's feedback is the <feedback> of its <answer>; the hint is a <hint>.
- Text is the portal's sanitized HTML without links to site pages (exchange.offsite), in
  <text> elements that ElementTree escapes.
- The question's bank and id are kept in <idnumber> (`bank/id`) and as tags (with the bank's tags).
- Each bank is its own category (`<question type="category">`, `$course$/top/<bank title>`, the
  bank's id as the category's idnumber), so 128 questions of nine banks arrive as nine categories
  from which a Moodle quiz draws per bank. A question's points are its <defaultgrade>.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping

from portalkit.exchange.offsite import OffsiteText
from portalkit.i18n import Messages
from portalkit.quiz.model import BLANK, Question
from portalkit.scoring import points_of

PENALTY = "0.3333333"


def _grade(percent: float) -> str:
    """A fraction as Moodle writes it (`33.33333`, `-50`)."""
    text = f"{percent:.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _text(parent: ET.Element, tag: str, html: str, *, fmt: str | None = "html") -> ET.Element:
    element = ET.SubElement(parent, tag, {"format": fmt} if fmt else {})
    ET.SubElement(element, "text").text = html
    return element


def _answer(parent: ET.Element, fraction: str, html: str, feedback: str = "", *,
            fmt: str = "html") -> None:
    answer = ET.SubElement(parent, "answer", {"fraction": fraction, "format": fmt})
    ET.SubElement(answer, "text").text = html
    _text(answer, "feedback", feedback)


def question_element(q: Question, text: OffsiteText, messages: Messages) -> ET.Element:
    kind = {"single": "multichoice", "multiple": "multichoice", "truefalse": "truefalse",
            "blank": "shortanswer", "match": "matching", "order": "ordering"}[q.type]
    element = ET.Element("question", {"type": kind})
    name = text.plain(q.prompt).replace(BLANK, "____")
    _text(element, "name", name if len(name) <= 60 else name[:59] + "…", fmt=None)
    prompt = str(text.inline(q.prompt))
    _text(element, "questiontext", f"<p>{prompt}</p>")
    feedback = str(text.block(q.explain))
    if q.see:
        feedback += f"<p>{_escape(messages('exchange.moodle_see', see=q.see))}</p>"
    _text(element, "generalfeedback", feedback)
    ET.SubElement(element, "defaultgrade").text = str(points_of(q))
    ET.SubElement(element, "penalty").text = PENALTY if q.type != "truefalse" else "1"
    ET.SubElement(element, "hidden").text = "0"
    ET.SubElement(element, "idnumber").text = f"{q.bank}/{q.id}"
    if q.type in ("single", "multiple"):
        ET.SubElement(element, "single").text = "true" if q.type == "single" else "false"
        ET.SubElement(element, "shuffleanswers").text = "true"
        ET.SubElement(element, "answernumbering").text = "ABCD"
        right = set(q.answer)
        wrong = len(q.options) - len(right)
        for option in q.options:
            if option.text in right:
                fraction = _grade(100 / len(right))
            else:
                fraction = "0" if q.type == "single" else _grade(-100 / wrong)
            _answer(element, fraction, str(text.inline(option.text)),
                    str(text.inline(option.feedback)) if option.feedback else "")
    elif q.type == "truefalse":
        _answer(element, "100" if q.truth else "0", "true", fmt="moodle_auto_format")
        _answer(element, "0" if q.truth else "100", "false", fmt="moodle_auto_format")
    elif q.type == "blank":
        ET.SubElement(element, "usecase").text = "0"
        for accepted in q.answer:
            _answer(element, "100", accepted.replace("*", "\\*"), fmt="moodle_auto_format")
    elif q.type == "match":
        ET.SubElement(element, "shuffleanswers").text = "true"
        for left, right in q.pairs:
            sub = _text(element, "subquestion", str(text.inline(left)))
            answer = ET.SubElement(sub, "answer")
            ET.SubElement(answer, "text").text = text.plain(right)
    elif q.type == "order":
        ET.SubElement(element, "layouttype").text = "VERTICAL"
        ET.SubElement(element, "selecttype").text = "ALL"
        ET.SubElement(element, "selectcount").text = "0"
        ET.SubElement(element, "gradingtype").text = "ALL_OR_NOTHING"
        ET.SubElement(element, "showgrading").text = "SHOW"
        ET.SubElement(element, "numberingstyle").text = "none"
        for position, item in enumerate(q.items, 1):
            _answer(element, f"{position}.0000000", str(text.inline(item)))
    if q.hint:
        _text(element, "hint", str(text.inline(q.hint)))
    tags = ET.SubElement(element, "tags")
    for tag in [q.bank, *q.tags]:
        ET.SubElement(ET.SubElement(tags, "tag"), "text").text = tag
    return element


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def category_element(bank_id: str, title: str) -> ET.Element:
    element = ET.Element("question", {"type": "category"})
    # Moodle reads "/" as the path separator inside a category name; "//" is a literal slash
    _text(element, "category", "$course$/top/" + title.replace("/", "//"), fmt=None)
    _text(element, "info", "")
    ET.SubElement(element, "idnumber").text = bank_id
    return element


def moodle_xml(questions: list[Question], messages: Messages, titles: Mapping[str, str] | None = None) -> bytes:
    """`titles`: bank id → title, for the categories (the id where a title is missing)."""
    text = OffsiteText(messages)
    by_bank: dict[str, list[Question]] = {}
    for q in questions:
        by_bank.setdefault(q.bank, []).append(q)
    quiz = ET.Element("quiz")
    ordering = [f"{q.bank}/{q.id}" for q in questions if q.type == "order"]
    if ordering:
        quiz.append(ET.Comment(" " + messages("exchange.moodle_ordering", count=len(ordering),
                                              questions=", ".join(ordering)).replace("--", "—") + " "))
    for bank_id, of_bank in by_bank.items():
        quiz.append(category_element(bank_id, (titles or {}).get(bank_id) or bank_id))
        for q in of_bank:
            quiz.append(question_element(q, text, messages))
    ET.indent(quiz, space="  ")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="utf-8") + b"\n"
