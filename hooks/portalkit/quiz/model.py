"""Typed model of a quiz bank, as authors write it in quizzes/<bank-id>.yml."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

QuestionType = Literal["single", "multiple", "truefalse", "blank", "order", "match"]
QUESTION_TYPES: tuple[str, ...] = ("single", "multiple", "truefalse", "blank", "order", "match")
TYPE_LABELS = {
    "single": "单选题", "multiple": "多选题", "truefalse": "判断题",
    "blank": "填空题", "order": "排序题", "match": "连线题",
}
BLANK = "____"


@dataclass(frozen=True)
class Option:
    text: str
    feedback: str = ""


@dataclass
class Question:
    id: str
    type: QuestionType
    prompt: str
    explain: str
    see: str
    tags: list[str] = field(default_factory=list)
    hint: str = ""
    options: list[Option] = field(default_factory=list)  # single, multiple
    answer: list[str] = field(default_factory=list)  # single/multiple: option texts; blank
    truth: bool | None = None  # truefalse
    items: list[str] = field(default_factory=list)  # order, in the right order
    pairs: list[tuple[str, str]] = field(default_factory=list)  # match
    bank: str = ""  # id of the bank that defines it
    points: int | None = None  # its own `points:`
    type_points: int | None = None  # what its bank's `points:` sets for its type
    line: int = 0
    see_line: int = 0


@dataclass
class Bank:
    id: str
    title: str
    description: str = ""
    pass_mark: int = 60
    questions: list[Question] = field(default_factory=list)
    include: list[str] = field(default_factory=list)
    include_tags: list[str] = field(default_factory=list)
    draw: int | None = None
    time_limit: int | None = None  # minutes; exam-mode blocks only
    points: dict[str, int] = field(default_factory=dict)  # question type -> points (scoring.py)
    source: str = ""
    key_lines: dict[str, int] = field(default_factory=dict)  # top-level key -> line

    @property
    def composed(self) -> bool:
        return bool(self.include)


@dataclass
class QuizBlockOptions:
    """Options of one `/// quiz | bank-id` block on a page."""

    mode: Literal["practice", "exam"] = "practice"
    draw: int | None = None
    tags: list[str] = field(default_factory=list)
    shuffle: bool = False
    time_limit: int | None = None  # minutes; exam mode only (overrides the bank's)
    hand_in: bool = False  # exam mode only: asks who takes it, and the result can be exported
