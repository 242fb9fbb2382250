"""Marks an attempt again against the bank as it is now: the score in a file is never trusted. A
question whose fingerprint no longer matches the bank (what is right changed) or that is gone is
not marked and is listed; the others are marked as the page marks them (portalkit.scoring)."""

from __future__ import annotations

from collections.abc import Mapping

from portalkit.quiz.model import Bank, Question
from portalkit.scores.model import Attempt, Mark, Marked
from portalkit.scoring import fingerprint, is_right, percent, points_of


class Marker:
    def __init__(self, banks: Mapping[str, Bank], questions: Mapping[str, Question]) -> None:
        self.banks = banks
        self.questions = questions  # "bank/id" -> question
        self._fp: dict[str, str] = {}

    def fp(self, key: str) -> str:
        if key not in self._fp:
            self._fp[key] = fingerprint(self.questions[key])
        return self._fp[key]

    def mark(self, attempt: Attempt) -> Marked:
        exam = self.banks.get(attempt.bank)
        marks: list[Mark] = []
        unmarked: list[str] = []
        earned = total = 0
        for given in attempt.questions:
            q = self.questions.get(given.key)
            if q is None or given.fp != self.fp(given.key):
                unmarked.append(given.key)
                continue
            points = points_of(q, exam)
            right = is_right(q, given.answer)
            wrong_choice: tuple[str, ...] = ()
            if not right and q.type in ("single", "multiple") and given.answer is not None:
                chosen = given.answer if isinstance(given.answer, list) else [given.answer]
                wrong_choice = tuple(c for c in chosen if isinstance(c, str) and c not in q.answer)
            marks.append(Mark(given.key, points, points if right else 0, wrong_choice))
            total += points
            earned += points if right else 0
        score = percent(earned, total)
        pass_mark = exam.pass_mark if exam else 60
        return Marked(attempt, score, earned, total, score >= pass_mark, marks, unmarked)
