"""The no-JavaScript markup of one question, built with plain string operations.

It mirrors templates/question.html, which a site may override: this runs once per question of
every block, where a Jinja render costs more than the whole block budget of 0.3 ms. Its words
come from the site's message catalog (`quiz.*`, `tpl.question.*`).
"""

from __future__ import annotations

from html import escape

from markupsafe import Markup

from portalkit.i18n import ZH, Messages
from portalkit.quiz.model import Question
from portalkit.richtext import RichText


def type_labels(messages: Messages = ZH) -> dict[str, str]:
    """Question type → its name, as the no-JavaScript markup shows it."""
    return {t: messages(f"quiz.type_{t}") for t in ("single", "multiple", "truefalse", "blank", "order", "match")}


def answer_text(q: Question, text: RichText | None = None, messages: Messages = ZH) -> str:
    """The right answer in words. Given `text`, options, items and pairs are formatted as they
    are shown above it (a Markup); without, plain text, as a site's older question.html asks."""
    if q.type == "truefalse":
        truth = messages("quiz.true" if q.truth else "quiz.false")
        return truth if text is None else Markup.escape(truth)
    list_sep, pair_sep = messages("quiz.list_sep"), messages("quiz.pair_sep")
    if text is None:
        if q.type == "blank":
            return " / ".join(q.answer)
        if q.type == "order":
            return " → ".join(q.items)
        if q.type == "match":
            return pair_sep.join(f"{left} — {right}" for left, right in q.pairs)
        return list_sep.join(q.answer)
    # Markup.join and .format escape every part that is plain text (blank answers, separators)
    if q.type == "blank":
        return Markup(" / ").join(q.answer)
    if q.type == "order":
        return Markup(" → ").join(text.inline(item) for item in q.items)
    if q.type == "match":
        return Markup.escape(pair_sep).join(Markup("{} — {}").format(text.inline(left), text.inline(right))
                                            for left, right in q.pairs)
    return Markup.escape(list_sep).join(text.inline(a) for a in q.answer)


def _words(messages: Messages, key: str) -> str:
    """A message as HTML text, escaped as the template's `t` escapes it."""
    return messages.escaped(key)


def _controls(q: Question, name: str, text: RichText, m: Messages) -> str:
    if q.type in ("single", "multiple"):
        kind = "radio" if q.type == "single" else "checkbox"
        labels = "".join(
            f'<label><input type="{kind}" name="{name}" value="{escape(o.text)}"> {text.inline(o.text)}</label>'
            for o in q.options)
        return f'<div class="portal-choices">{labels}</div>'
    if q.type == "truefalse":
        return (f'<div class="portal-choices"><label><input type="radio" name="{name}" value="true"> '
                f'{_words(m, "quiz.true")}</label>'
                f'<label><input type="radio" name="{name}" value="false"> {_words(m, "quiz.false")}</label></div>')
    if q.type == "blank":
        return (f'<label class="portal-blank">{_words(m, "quiz.blank_label")} '
                f'<input type="text" name="{name}" autocomplete="off"></label>')
    if q.type == "order":
        items = "".join(f"<li>{text.inline(item)}</li>" for item in sorted(q.items))
        return f'<p class="portal-hint">{_words(m, "tpl.question.order_hint")}</p><ul class="portal-order">{items}</ul>'
    # an <option> holds text only: the right side as the reader sees it, without the markup
    rights = f'<option value="">{_words(m, "quiz.pick")}</option>' + "".join(
        f"<option>{escape(text.plain(r))}</option>" for r in sorted(p[1] for p in q.pairs))
    rows = "".join(f'<label>{text.inline(left)} <select name="{name}-{i}">{rights}</select></label>'
                   for i, (left, _) in enumerate(q.pairs, 1))
    return f'<div class="portal-match">{rows}</div>'


def question_html(q: Question, index: int, uid: str, text: RichText, messages: Messages = ZH) -> Markup:
    m = messages
    name = f"{uid}-{index}"
    return Markup(
        f'<li class="portal-question" data-question="{q.id}" data-bank="{q.bank}" data-type="{q.type}">'
        f'<fieldset><legend><span class="portal-question__type">{_words(m, f"quiz.type_{q.type}")}</span> '
        f"{text.inline(q.prompt)}</legend>{_controls(q, name, text, m)}"
        f'<details class="portal-answer" data-search-exclude><summary>{_words(m, "tpl.question.answers")}</summary>'
        f"<p><strong>{_words(m, 'tpl.question.answer')}</strong>{answer_text(q, text, m)}</p>{text.block(q.explain)}"
        f'<p><a href="{escape(text.link(q.see))}">{_words(m, "quiz.source")}</a></p></details></fieldset></li>')
