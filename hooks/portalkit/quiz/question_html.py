"""The no-JavaScript markup of one question, built with plain string operations.

It mirrors templates/question.html, which a site may override: this runs once per question of
every block, where a Jinja render costs more than the whole block budget of 0.3 ms.
"""

from __future__ import annotations

from html import escape

from markupsafe import Markup

from portalkit.quiz.model import TYPE_LABELS, Question
from portalkit.richtext import RichText


def answer_text(q: Question, text: RichText | None = None) -> str:
    """The right answer in words. Given `text`, options, items and pairs are formatted as they
    are shown above it (a Markup); without, plain text, as a site's older question.html asks."""
    if text is None:
        if q.type == "truefalse":
            return "正确" if q.truth else "错误"
        if q.type == "blank":
            return " / ".join(q.answer)
        if q.type == "order":
            return " → ".join(q.items)
        if q.type == "match":
            return "；".join(f"{left} — {right}" for left, right in q.pairs)
        return "、".join(q.answer)
    # Markup.join and .format escape every part that is plain text (blank answers)
    if q.type == "truefalse":
        return Markup("正确" if q.truth else "错误")
    if q.type == "blank":
        return Markup(" / ").join(q.answer)
    if q.type == "order":
        return Markup(" → ").join(text.inline(item) for item in q.items)
    if q.type == "match":
        return Markup("；").join(Markup("{} — {}").format(text.inline(left), text.inline(right))
                                 for left, right in q.pairs)
    return Markup("、").join(text.inline(a) for a in q.answer)


def _controls(q: Question, name: str, text: RichText) -> str:
    if q.type in ("single", "multiple"):
        kind = "radio" if q.type == "single" else "checkbox"
        labels = "".join(
            f'<label><input type="{kind}" name="{name}" value="{escape(o.text)}"> {text.inline(o.text)}</label>'
            for o in q.options)
        return f'<div class="portal-choices">{labels}</div>'
    if q.type == "truefalse":
        return (f'<div class="portal-choices"><label><input type="radio" name="{name}" value="true"> 正确</label>'
                f'<label><input type="radio" name="{name}" value="false"> 错误</label></div>')
    if q.type == "blank":
        return f'<label class="portal-blank">填写答案 <input type="text" name="{name}" autocomplete="off"></label>'
    if q.type == "order":
        items = "".join(f"<li>{text.inline(item)}</li>" for item in sorted(q.items))
        return f'<p class="portal-hint">按正确顺序排列：</p><ul class="portal-order">{items}</ul>'
    # an <option> holds text only: the right side as the reader sees it, without the markup
    rights = '<option value="">请选择</option>' + "".join(
        f"<option>{escape(text.plain(r))}</option>" for r in sorted(p[1] for p in q.pairs))
    rows = "".join(f'<label>{text.inline(left)} <select name="{name}-{i}">{rights}</select></label>'
                   for i, (left, _) in enumerate(q.pairs, 1))
    return f'<div class="portal-match">{rows}</div>'


def question_html(q: Question, index: int, uid: str, text: RichText) -> Markup:
    name = f"{uid}-{index}"
    return Markup(
        f'<li class="portal-question" data-question="{q.id}" data-bank="{q.bank}" data-type="{q.type}">'
        f'<fieldset><legend><span class="portal-question__type">{TYPE_LABELS[q.type]}</span> '
        f"{text.inline(q.prompt)}</legend>{_controls(q, name, text)}"
        f'<details class="portal-answer" data-search-exclude><summary>答案与解析</summary>'
        f"<p><strong>答案：</strong>{answer_text(q, text)}</p>{text.block(q.explain)}"
        f'<p><a href="{escape(text.link(q.see))}">查看依据</a></p></details></fieldset></li>')
