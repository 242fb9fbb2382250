"""The `/// scores` page (成绩汇总): the browser twin of `python -m portalkit scores`, for
trainers without Python. The build ships what marking needs (every question's answer, points,
fingerprint, plain prompt and source title; every bank's title, pass mark and points per type);
assets/scores.js reads the result files the trainer opens, re-marks them with quiz.js's isRight
and score, and shows the 成绩 and 试题分析 tables with CSV downloads. Nothing is read over the
network: the files come from the trainer's own disk."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from portalkit.exchange.offsite import OffsiteText
from portalkit.i18n import Messages
from portalkit.limits import LIMITS
from portalkit.paper.sources import SourceTitles
from portalkit.runtime_data import dump_json
from portalkit.scoring import fingerprint
from portalkit.templating import Templates, template_text

if TYPE_CHECKING:
    from portalkit.catalog import Catalog


def render_scores_page(catalog: Catalog, sources: SourceTitles, templates: Templates, store: str,
                       messages: Messages) -> str:
    text = OffsiteText(messages)
    questions: dict[str, dict[str, Any]] = {}
    for bank in catalog.banks.values():
        if bank.composed:
            continue
        for q in bank.questions:
            data: dict[str, Any] = {"type": q.type, "fp": fingerprint(q), "prompt": text.plain(q.prompt),
                                    "source": sources.of(q.see) if q.see else ""}
            if q.type == "truefalse":
                data["answer"] = q.truth
            elif q.type in ("single", "multiple", "blank"):
                data["answer"] = q.answer
            if q.items:
                data["items"] = q.items
            if q.pairs:
                data["pairs"] = [list(p) for p in q.pairs]
            if q.points:
                data["p"] = q.points
            if q.type_points:
                data["tp"] = q.type_points
            questions[f"{q.bank}/{q.id}"] = data
    banks = [{"id": b.id, "title": b.title, "passMark": b.pass_mark, "points": b.points}
             for b in catalog.banks.values()]
    data = dump_json({"banks": banks, "questions": questions, "limits": LIMITS})
    return templates.render("scores.html", data=data, store=store, t=template_text(messages))
