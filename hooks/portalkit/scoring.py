"""How a quiz, a paper and `scores` compute a score: one function on each side (this module in
Python, `score` in assets/quiz.js in the browser), held equal by tests/scoring_vectors.yml.

A question weighs its points: its own `points:`, else the points the exam's bank sets for its
type, else those its own bank sets for its type, else 1 (every question the same, as before
points existed). A question earns all of its points or none. The score is earned ÷ total × 100,
rounded half up to a whole number, in integers so that no float rounding decides a pass."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from portalkit.quiz.model import Bank, Question

POINTS_MAX = 100  # per question: more is a typo


def points_of(question: Question, exam: Bank | None = None) -> int:
    if question.points:
        return question.points
    if exam is not None and question.type in exam.points:
        return exam.points[question.type]
    return question.type_points or 1


def percent(earned: int, total: int) -> int:
    """earned ÷ total × 100, half up (2.5 → 3); 0 when nothing could be earned."""
    if total <= 0:
        return 0
    return (200 * earned + total) // (2 * total)


def score(marks: Iterable[tuple[int, bool]]) -> tuple[int, int, int]:
    """(points, right) per question → (score, earned, total)."""
    earned = total = 0
    for points, right in marks:
        total += points
        earned += points if right else 0
    return percent(earned, total), earned, total


# ---------------------------------------------------------------- marking one answer
# The same rules as quiz.js's isRight and normalize (tests/marking_vectors.yml holds them equal).
# An answer has the runtime's shape: single → the option's text; multiple → a list of texts;
# truefalse → a bool; blank → the text typed; order → the items' texts in the order given; match →
# for each left side (in the bank's order) the right side's text, "" for none; None: not answered.
_CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_RUN = re.compile("[零〇一二两三四五六七八九十百千]+")
_SPACES = re.compile(r"[\s\u3000]+")
_TRAILING = re.compile(r"[。．.，,、；;！!]+$")


def _cn_number(run: str) -> str:
    # as quiz.js's cnNumber: 十 → 10, 十二 → 12, 二十四 → 24, 一百 → 100
    total = digit = 0
    for ch in run:
        if ch in _CN_DIGIT:
            digit = _CN_DIGIT[ch]
        else:
            total += (digit or 1) * (10 if ch == "十" else 100 if ch == "百" else 1000)
            digit = 0
    return str(total + digit)


def normalize_blank(text: object) -> str:
    value = unicodedata.normalize("NFKC", str(text or "")).lower()
    value = _TRAILING.sub("", _SPACES.sub("", value))
    return _CN_RUN.sub(lambda m: _cn_number(m[0]), value)


def answered(question: Question, answer: Any) -> bool:
    if answer is None:
        return False
    if question.type in ("multiple", "order"):
        return isinstance(answer, list) and len(answer) > 0
    if question.type == "match":
        return isinstance(answer, list) and any(answer)
    if question.type == "blank":
        return normalize_blank(answer) != ""
    return True


def is_right(question: Question, answer: Any) -> bool:
    if not answered(question, answer):
        return False
    q = question
    if q.type == "single":
        return isinstance(answer, str) and answer == q.answer[0]
    if q.type == "multiple":
        return (isinstance(answer, list) and len(answer) == len(q.answer)
                and all(x in answer for x in q.answer))
    if q.type == "truefalse":
        return answer is q.truth
    if q.type == "blank":
        return isinstance(answer, str) and any(normalize_blank(x) == normalize_blank(answer) for x in q.answer)
    if q.type == "order":
        return answer == q.items
    if q.type == "match":
        return isinstance(answer, list) and len(answer) >= len(q.pairs) and \
            all(answer[i] == right for i, (_, right) in enumerate(q.pairs))
    return False


def fingerprint(question: Question) -> str:
    """What marking depends on, hashed: the type, the options (in any order), the answer, the
    items and pairs. Rewording an explanation keeps it; changing what is right changes it."""
    q = question
    content = [q.type, sorted(o.text for o in q.options), q.answer, q.truth, q.items, [list(p) for p in q.pairs]]
    digest = hashlib.sha256(json.dumps(content, ensure_ascii=False, sort_keys=True).encode("utf-8"))
    return digest.hexdigest()[:12]
