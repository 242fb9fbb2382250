"""Quiz bank → HTML (overridable template) and the JSON the runtime reads."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from portalkit.i18n import ZH, Messages
from portalkit.quiz.markup import answer_text, question_html, quiz_html, type_labels
from portalkit.quiz.model import Bank, Question, QuizBlockOptions
from portalkit.richtext import RichText
from portalkit.runtime_data import dump_json
from portalkit.scoring import fingerprint, points_of
from portalkit.templating import Templates, template_text

if TYPE_CHECKING:
    from portalkit.catalog import Catalog


def question_data(q: Question, text: RichText) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": q.id, "bank": q.bank, "type": q.type, "prompt": text.inline(q.prompt),
        "explain": text.block(q.explain), "see": text.link(q.see),
    }
    if q.hint:
        data["hint"] = text.inline(q.hint)
    if q.type in ("single", "multiple"):
        data["options"] = [[o.text, text.inline(o.text), text.inline(o.feedback)]
                           for o in q.options]
        data["answer"] = q.answer
    elif q.type == "truefalse":
        data["answer"] = q.truth
    elif q.type == "blank":
        data["answer"] = q.answer
    elif q.type == "order":
        # texts for the answer check; the same texts formatted (and sanitized) for display,
        # so the runtime shows what the no-JavaScript markup shows, never `**粗体**` literally
        data["items"] = q.items
        data["itemsHtml"] = [text.inline(item) for item in q.items]
    elif q.type == "match":
        data["pairs"] = [list(p) for p in q.pairs]
        data["pairsHtml"] = [[text.inline(left), text.inline(right)] for left, right in q.pairs]
    return data


def render_quiz(bank: Bank, questions: list[Question], options: QuizBlockOptions,
                text: RichText, templates: Templates, store: str, messages: Messages = ZH,
                quiz_note: str = "", study_pages: list[tuple[str, str]] | None = None) -> str:
    """The block's HTML with `@@uid@@` and the root token still to be filled in per page.
    `quiz_note` is the site's line under every quiz (e.g. which rules it follows), "" for none.

    A drawn block renders no question markup for readers without JavaScript: the runtime shows
    only the drawn questions, and 128 questions rendered to be replaced by 20 made the final
    test cost far more than a study page. Those readers get a note and `study_pages` (title,
    link) where the questions can be read with their answers."""
    if options.tags:
        questions = [q for q in questions if set(options.tags) & set(q.tags)]
    draw = options.draw or bank.draw
    data = {
        "bank": bank.id, "title": bank.title, "mode": options.mode, "passMark": bank.pass_mark,
        "draw": draw if draw and draw < len(questions) else None, "shuffle": options.shuffle,
        "questions": [question_data(q, text) for q in questions],
    }
    for q, qdata in zip(questions, data["questions"], strict=True):
        if (points := points_of(q, bank)) != 1:
            qdata["points"] = points
        if options.hand_in:  # the result file names what each answer was given to (scores checks it)
            qdata["fp"] = fingerprint(q)
    if options.hand_in:
        data["handIn"] = True
    time_limit = (options.time_limit or bank.time_limit) if options.mode == "exam" else None
    if time_limit:
        data["timeLimit"] = time_limit
    uid = "@@uid@@"
    study_pages = study_pages or []
    if data["draw"]:
        rendered = []
    elif templates.overridden("question.html"):
        t = template_text(messages)
        labels, answer = type_labels(messages), partial(answer_text, messages=messages)
        rendered = [templates.render("question.html", q=q, index=i, uid=uid, labels=labels, text=text, t=t,
                                     answer_text=answer) for i, q in enumerate(questions, 1)]
    else:
        rendered = [question_html(q, i, uid, text, messages) for i, q in enumerate(questions, 1)]
    data_text = dump_json(data)
    if not templates.overridden("quiz.html"):
        return quiz_html(bank, len(questions), options, data["draw"], rendered, data_text, store, messages,
                         quiz_note, time_limit, study_pages, text)
    return templates.render(
        "quiz.html", bank=bank, questions=questions, options=options, draw=data["draw"],
        question_html=[Markup(h) for h in rendered], text=text, data=data_text, store=store,
        t=template_text(messages), quiz_note=quiz_note, time_limit=time_limit, study_pages=study_pages)


def render_mistakes(catalog: Catalog, text: RichText, templates: Templates, store: str,
                    messages: Messages = ZH) -> str:
    """Every question of every plain bank, for the runtime to pick the reader's mistakes from.
    The page runs a quiz over them (its text areas are the quiz's and its own)."""
    questions = [question_data(q, text) for bank in catalog.banks.values()
                 if not bank.composed for q in bank.questions]
    data = {"questions": questions}
    return templates.render("mistakes.html", data=dump_json(data), store=store, t=template_text(messages))


def render_progress(catalog: Catalog, pages: dict[tuple[str, str], list[tuple[str, str]]],
                    text: RichText, templates: Templates, store: str, messages: Messages = ZH) -> str:
    """The progress page: every bank (its question keys `bank/id`, as the quiz records hold
    them) and every checklist (its item ids), each with the pages that use it, for the runtime
    to count the reader's records against. Right and wrong come from the records (quiz.js
    stores whether each answer is right), so no answers are shipped here."""
    def links(kind: str, item_id: str) -> list[list[str]]:
        return [[title, text.link(src)] for title, src in pages.get((kind, item_id), [])]

    banks = [{"id": b.id, "title": b.title, "composed": b.composed,
              "questions": [f"{q.bank}/{q.id}" for q in catalog.questions_of(b)],
              "pages": links("quiz", b.id)} for b in catalog.banks.values()]
    checklists = [{"id": c.id, "title": c.title, "items": [i.id for i in c.items],
                   "pages": links("checklist", c.id)} for c in catalog.checklists.values()]
    data = {"banks": banks, "checklists": checklists}
    return templates.render("progress.html", banks=banks, checklists=checklists, data=dump_json(data),
                            store=store, t=template_text(messages))
