"""The no-JavaScript markup of a quiz block and of its questions, built with plain string
operations.

It mirrors templates/quiz.html and templates/question.html, which a site may override (the
template is then rendered instead). This runs for every block and every question of a build,
where a Jinja render and markupsafe's escaping `Markup` operations cost more than the whole block
budget of 0.3 ms: here author text comes from RichText (sanitized HTML), words from the message
catalog escaped once per build, and everything else through `html.escape`. Tests compare the
output with the templates'.
"""

from __future__ import annotations

from functools import lru_cache
from html import escape as html_escape

from markupsafe import Markup
from markupsafe import escape as jinja_escape

from portalkit.i18n import ZH, Messages
from portalkit.quiz.model import Bank, Question, QuizBlockOptions
from portalkit.richtext import RichText

# Option texts and links recur across questions and banks (有/无, 正确, the same rules page)
escape = lru_cache(maxsize=4096)(html_escape)


def type_labels(messages: Messages = ZH) -> dict[str, str]:
    """Question type → its name, as the no-JavaScript markup shows it."""
    return {t: messages(f"quiz.type_{t}") for t in ("single", "multiple", "truefalse", "blank", "order", "match")}


def answer_text(q: Question, text: RichText | None = None, messages: Messages = ZH) -> str:
    """The right answer in words, for templates. Given `text`, options, items and pairs are
    formatted as they are shown above it (a Markup); without, plain text, as a site's older
    question.html asks."""
    if text is None:
        if q.type == "truefalse":
            return messages("quiz.true" if q.truth else "quiz.false")
        if q.type == "blank":
            return " / ".join(q.answer)
        if q.type == "order":
            return " → ".join(q.items)
        if q.type == "match":
            return messages("quiz.pair_sep").join(f"{left} — {right}" for left, right in q.pairs)
        return messages("quiz.list_sep").join(q.answer)
    return Markup(_answer_html(q, text, messages))


def _answer_html(q: Question, text: RichText, m: Messages) -> str:
    inline = text.inline  # sanitized HTML (a Markup): joined as it is, never escaped again
    if q.type == "truefalse":
        return m.escaped("quiz.true" if q.truth else "quiz.false")
    if q.type == "blank":
        return " / ".join(escape(a) for a in q.answer)
    if q.type == "order":
        return " → ".join(inline(item) for item in q.items)
    if q.type == "match":
        return m.escaped("quiz.pair_sep").join(f"{inline(left)} — {inline(right)}" for left, right in q.pairs)
    return m.escaped("quiz.list_sep").join(inline(a) for a in q.answer)


def _controls(q: Question, name: str, text: RichText, m: Messages) -> str:
    inline = text.inline
    if q.type in ("single", "multiple"):
        kind = "radio" if q.type == "single" else "checkbox"
        labels = "".join(
            f'<label><input type="{kind}" name="{name}" value="{escape(o.text)}"> {inline(o.text)}</label>'
            for o in q.options)
        return f'<div class="portal-choices">{labels}</div>'
    if q.type == "truefalse":
        return (f'<div class="portal-choices"><label><input type="radio" name="{name}" value="true"> '
                f'{m.escaped("quiz.true")}</label>'
                f'<label><input type="radio" name="{name}" value="false"> {m.escaped("quiz.false")}</label></div>')
    if q.type == "blank":
        return (f'<label class="portal-blank">{m.escaped("quiz.blank_label")} '
                f'<input type="text" name="{name}" autocomplete="off"></label>')
    if q.type == "order":
        items = "".join(f"<li>{inline(item)}</li>" for item in sorted(q.items))
        return (f'<p class="portal-hint">{m.escaped("tpl.question.order_hint")}</p>'
                f'<ul class="portal-order">{items}</ul>')
    # an <option> holds text only: the right side as the reader sees it, without the markup
    rights = f'<option value="">{m.escaped("quiz.pick")}</option>' + "".join(
        f"<option>{escape(text.plain(r))}</option>" for r in sorted(p[1] for p in q.pairs))
    rows = "".join(f'<label>{inline(left)} <select name="{name}-{i}">{rights}</select></label>'
                   for i, (left, _) in enumerate(q.pairs, 1))
    return f'<div class="portal-match">{rows}</div>'


def question_html(q: Question, index: int, uid: str, text: RichText, messages: Messages = ZH) -> str:
    """One question (templates/question.html) as HTML text."""
    m = messages
    return (
        f'<li class="portal-question" data-question="{q.id}" data-bank="{q.bank}" data-type="{q.type}">'
        f'<fieldset><legend><span class="portal-question__type">{m.escaped("quiz.type_" + q.type)}</span> '
        f"{text.inline(q.prompt)}</legend>{_controls(q, f'{uid}-{index}', text, m)}"
        f'<details class="portal-answer" data-search-exclude><summary>{m.escaped("tpl.question.answers")}</summary>'
        f"<p><strong>{m.escaped('tpl.question.answer')}</strong>{_answer_html(q, text, m)}</p>{text.block(q.explain)}"
        f'<p><a href="{escape(text.link(q.see))}">{m.escaped("quiz.source")}</a></p></details></fieldset></li>')


def quiz_html(bank: Bank, count: int, options: QuizBlockOptions, draw: int | None, questions_html: list[str],
              data: str, store: str, messages: Messages, quiz_note: str, time_limit: int | None,
              study_pages: list[tuple[str, str]], text: RichText) -> str:
    """The block (templates/quiz.html) around its questions' markup and its runtime data
    (`data`, already escaped as element text). Escaped as Jinja escapes (`&#34;`), a few times
    a block, so that it equals the template to the byte."""
    m = messages
    exam = options.mode == "exam"
    facts = [m.escaped("tpl.quiz.mode_exam" if exam else "tpl.quiz.mode_practice") + " ·\n      ",
             m.escaped("tpl.quiz.drawn").format(total=count, draw=draw) if draw and draw < count
             else m.escaped("tpl.quiz.count").format(n=count)]
    if exam:
        facts.append(" · " + m.escaped("tpl.quiz.pass_mark").format(mark=bank.pass_mark))
    if time_limit:
        facts.append(" · " + m.escaped("tpl.quiz.time_limit").format(n=time_limit))
    if quiz_note:
        facts.append(" · " + jinja_escape(quiz_note))
    if draw:
        if study_pages:
            links = "".join(f'<li><a href="{jinja_escape(href)}">{jinja_escape(title)}</a></li>'
                            for title, href in study_pages)
            note = f"\n    <p>{m.escaped('tpl.quiz.drawn_nojs')}</p>\n    <ul>{links}</ul>"
        else:
            note = f"\n    <p>{m.escaped('tpl.quiz.drawn_nojs_nolinks')}</p>"
        body = f'\n  <div class="portal-quiz__list portal-quiz__nojs">{note}\n  </div>'
    else:
        items = "".join(f"\n    {h}" for h in questions_html)
        body = f'\n  <ol class="portal-quiz__list">{items}\n  </ol>'
    attributes = (f' data-draw="{draw}"' if draw else "") + (" data-shuffle" if options.shuffle else "")
    description = text.block(bank.description) if bank.description else ""
    return (
        f'<section class="portal-quiz" data-search-exclude data-quiz="{jinja_escape(bank.id)}" '
        f'data-mode="{jinja_escape(options.mode)}"\n     data-pass-mark="{bank.pass_mark}" '
        f'data-store="{jinja_escape(store)}"{attributes}>\n  <div class="portal-quiz__intro">{description}\n'
        f'    <p class="portal-quiz__meta">{"".join(facts)}</p>\n  </div>{body}\n'
        f'  <template class="portal-data">{data}</template>\n</section>')
