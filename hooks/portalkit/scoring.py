"""How a quiz, a paper and `scores` compute a score: one function on each side (this module in
Python, `score` in assets/quiz.js in the browser), held equal by tests/scoring_vectors.yml.

A question weighs its points: its own `points:`, else the points the exam's bank sets for its
type, else those its own bank sets for its type, else 1 (every question the same, as before
points existed). A question earns all of its points or none. The score is earned ÷ total × 100,
rounded half up to a whole number, in integers so that no float rounding decides a pass."""

from __future__ import annotations

from collections.abc import Iterable

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
