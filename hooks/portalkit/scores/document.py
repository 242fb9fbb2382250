"""培训考试情况: the cohort's results in words for the course's file, in the document layout of
`portalkit.officialdoc` (the same as the self-inspection report), in the site's language. Notes
about files (refused, edited, namesakes) are the command's output, never part of the document."""

from __future__ import annotations

from collections.abc import Callable

from portalkit.i18n import Messages
from portalkit.officialdoc import Column, Document, Heading, Para, Table, ordinal
from portalkit.scores.analysis import Cohort
from portalkit.scores.model import PAPER, WEB

BANDS = ((90, 100), (80, 89), (70, 79), (60, 69))
HARD_SHOWN = 5
HARD_BELOW = 80  # facility: questions answered right by fewer than this share
HARD_MIN_ANSWERS = 3


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def build_document(cohort: Cohort, m: Messages, *, language: str, titles: dict[str, str],
                   prompt: Callable[[str], str], source: Callable[[str], str], unreached: list[str],
                   attempt: str) -> Document:
    w = m
    counted = cohort.counted
    people = len({x.learner for x in counted})
    passed = sum(1 for x in counted if x.passed)
    exams = w("scores.doc.exam_sep").join(dict.fromkeys(titles.get(x.attempt.bank, x.attempt.bank) for x in counted))
    blocks: list = []
    n = 0

    def heading(key: str) -> None:
        nonlocal n
        n += 1
        blocks.append(Heading(1, ordinal(language, 1, n) + w(key)))

    heading("scores.doc.basic")
    text = w("scores.doc.basic_text", people=people, exams=exams, passed=passed,
             rate=_number(100 * passed / len(counted)) if counted else "0",
             mean=_number(sum(x.score for x in counted) / len(counted)) if counted else "0")
    web = sum(1 for x in cohort.attempts if x.attempt.mode == WEB)
    paper = sum(1 for x in cohort.attempts if x.attempt.mode == PAPER)
    text += w("scores.doc.modes", web=web, paper=paper)
    repeats = len({x.learner for x in cohort.attempts if x.number > 1})
    if repeats:
        which = w("scores.doc.last" if attempt == "last" else "scores.doc.best")
        text += w("scores.doc.repeats", n=repeats, which=which)
    blocks.append(Para(text))

    heading("scores.doc.distribution")
    table = Table([Column(w("scores.doc.band")), Column(w("scores.doc.people"), "number"),
                   Column(w("scores.doc.share"), "number")])
    for low, high in BANDS:
        count = sum(1 for x in counted if low <= x.score <= high)
        table.add(w("scores.doc.band_range", low=low, high=high), count,
                  w("scores.doc.percent", n=_number(100 * count / len(counted)) if counted else "0"))
    below = sum(1 for x in counted if x.score < BANDS[-1][0])
    table.add(w("scores.doc.band_below", high=BANDS[-1][0]), below,
              w("scores.doc.percent", n=_number(100 * below / len(counted)) if counted else "0"))
    blocks.append(table)

    heading("scores.doc.hard")
    hard = sorted((i for i in cohort.items if i.answers >= HARD_MIN_ANSWERS and i.facility < HARD_BELOW),
                  key=lambda i: (i.facility, -i.answers))[:HARD_SHOWN]
    if hard:
        blocks.append(Para(w("scores.doc.hard_text", min=HARD_MIN_ANSWERS)))
        table = Table([Column(w("scores.doc.no"), "index"), Column(w("scores.doc.question"), weight=3),
                       Column(w("scores.doc.facility"), "number"), Column(w("scores.doc.source"), weight=2)])
        for i, item in enumerate(hard, 1):
            table.add(i, prompt(item.key), w("scores.doc.percent", n=_number(item.facility)), source(item.key))
        blocks.append(table)
    else:
        blocks.append(Para(w("scores.doc.hard_none")))

    heading("scores.doc.orgs")
    table = Table([Column(w("scores.doc.org"), weight=2), Column(w("scores.doc.people"), "number"),
                   Column(w("scores.doc.mean"), "number"), Column(w("scores.doc.pass_rate"), "number")])
    for org in cohort.orgs:
        table.add(org.name, org.learners, _number(org.mean), w("scores.doc.percent", n=_number(org.pass_rate)))
    blocks.append(table)
    if unreached:
        blocks.append(Para(w("scores.doc.unreached", orgs=w("scores.doc.list_sep").join(unreached))))
    return Document(language=language if language in ("zh", "en") else "zh",  # type: ignore[arg-type]
                    title=w("scores.doc.title"), blocks=blocks)
