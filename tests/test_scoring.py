"""Scores: points per question or per type, read with errors at their line; one scoring function
held to hand-computed vectors (tests/scoring_vectors.yml, which the browser test shares)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from portalkit.problems import ProblemLog
from portalkit.quiz.model import Bank, Question
from portalkit.quiz.parse import load_bank
from portalkit.scoring import is_right, percent, points_of, score

VECTORS = yaml.safe_load((Path(__file__).parent / "scoring_vectors.yml").read_text("utf-8"))


@pytest.mark.parametrize("case", VECTORS, ids=[c["name"] for c in VECTORS])
def test_scores_match_the_hand_computed_vectors(case: dict) -> None:
    assert score((p, r) for p, r in case["marks"])[0] == case["score"]


def test_percent_rounds_half_up_in_integers() -> None:
    assert [percent(n, 8) for n in range(9)] == [0, 13, 25, 38, 50, 63, 75, 88, 100]
    assert percent(0, 0) == 0


BANK = """\
title: 分值
points: {single: 2, multiple: 3}
questions:
  - id: a
    type: single
    prompt: 甲？
    options: [是, 否]
    answer: 是
    explain: 是。
    see: a.md
  - id: b
    type: multiple
    prompt: 乙？
    options: [一, 二, 三]
    answer: [一, 二]
    explain: 一二。
    see: a.md
    points: 5
  - id: c
    type: truefalse
    prompt: 丙。
    answer: true
    explain: 对。
    see: a.md
"""


def test_points_come_from_the_question_then_the_exam_then_its_own_bank(tmp_path: Path) -> None:
    path = tmp_path / "points.yml"
    path.write_text(BANK, "utf-8")
    log = ProblemLog()
    bank = load_bank(path, log)
    assert not log.items and bank is not None
    a, b, c = bank.questions
    assert [points_of(q) for q in (a, b, c)] == [2, 5, 1]
    exam = Bank(id="final", title="结业", include=["points"], points={"single": 4, "truefalse": 2})
    assert [points_of(q, exam) for q in (a, b, c)] == [4, 5, 2]
    assert points_of(Question(id="x", type="single", prompt="", explain="", see="")) == 1


@pytest.mark.parametrize(("text", "field", "words"), [
    (BANK.replace("points: {single: 2, multiple: 3}", "points: 2"), "points", "points: {single: 1, multiple: 2}"),
    (BANK.replace("multiple: 3}", "multiple: 3, essay: 1}"), "points.essay", "essay"),
    (BANK.replace("    points: 5", "    points: 0"), "questions[1].points", "1 到 100"),
    (BANK.replace("    points: 5", "    points: 二"), "questions[1].points", "应为整数"),
])
def test_bad_points_are_errors_with_line_and_field(tmp_path: Path, text: str, field: str, words: str) -> None:
    path = tmp_path / "bad.yml"
    path.write_text(text, "utf-8")
    log = ProblemLog()
    load_bank(path, log)
    found = [str(p) for p in log.items]
    assert any(f"{field}：" in p and words in p and "bad.yml:" in p for p in found), found


MARKING = yaml.safe_load((Path(__file__).parent / "marking_vectors.yml").read_text("utf-8"))


def question_of(data: dict) -> Question:
    """A question from the runtime's data shape (the vectors are written in it)."""
    q = Question(id="x", type=data["type"], prompt="", explain="", see="")
    if q.type == "truefalse":
        q.truth = data["answer"]
    elif q.type in ("single", "multiple", "blank"):
        q.answer = list(data["answer"])
    q.items = list(data.get("items", []))
    q.pairs = [tuple(p) for p in data.get("pairs", [])]  # type: ignore[misc]
    return q


@pytest.mark.parametrize("case", MARKING, ids=[c["name"] for c in MARKING])
def test_marking_matches_the_hand_marked_vectors(case: dict) -> None:
    assert is_right(question_of(case["q"]), case["a"]) is case["right"]
