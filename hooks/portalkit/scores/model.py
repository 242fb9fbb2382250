"""What `scores` reads (attempts, from result files and filled answer sheets) and what it makes of
them (marked attempts). No reading, writing or wording here."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

WEB, PAPER = "web", "paper"


@dataclass(frozen=True)
class Given:
    """One question as an attempt has it: which question, its fingerprint then, the answer."""

    bank: str
    id: str
    fp: str
    answer: Any  # the runtime's shape (portalkit.scoring); None: not answered

    @property
    def key(self) -> str:
        return f"{self.bank}/{self.id}"


@dataclass
class Attempt:
    source: str  # the file, and the row of an answer sheet ("答题卡.xlsx:5")
    name: str
    org: str
    bank: str  # the exam's bank (final), whose points and pass mark apply
    mode: str  # WEB or PAPER
    questions: list[Given]
    started: str = ""  # ISO timestamps as the file gives them ("" unknown)
    handed_in: str = ""
    time_limit: int | None = None
    by_clock: bool = False
    claimed: int | None = None  # the score the file states (never trusted)
    variant: str = ""  # the paper's variant
    attempt_id: str = ""


@dataclass
class Mark:
    key: str
    points: int
    earned: int
    wrong_choice: tuple[str, ...] = ()  # options chosen that are not right (choice questions)


@dataclass
class Marked:
    attempt: Attempt
    score: int
    earned: int
    total: int
    passed: bool
    marks: list[Mark] = field(default_factory=list)
    unmarked: list[str] = field(default_factory=list)  # question keys: changed since, or gone
    learner: tuple[str, str] = ("", "")  # (name key, organisation key): who this is
    number: int = 0  # the learner's how-manieth attempt at this bank
    counted: bool = False

    @property
    def score_differs(self) -> bool:
        return self.attempt.claimed is not None and self.attempt.claimed != self.score
