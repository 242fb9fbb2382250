"""What goes on a paper: the drawn (or all) questions of a bank, in sections by question type,
with options, order items and the right column of match questions shuffled.

Everything is drawn from one `random.Random` per variant, seeded with a string made of the seed,
the bank and the variant's name (Python seeds from a string through SHA-512, the same on every
machine and run), so the same seed gives the same papers, and variants differ from each other.
Order items and the right column of a match question never come out in the right order: that
would print the answer."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from portalkit.quiz.model import QUESTION_TYPES, Option, Question


@dataclass
class PaperQuestion:
    question: Question
    number: int  # within its section, from 1
    options: list[Option] = field(default_factory=list)  # single, multiple: as printed
    items: list[str] = field(default_factory=list)  # order: as printed
    rights: list[str] = field(default_factory=list)  # match: the right column as printed

    def right_letters(self) -> str:
        """single/multiple: the letters of the right options as printed (`ACD`)."""
        right = set(self.question.answer)
        return "".join(chr(ord("A") + i) for i, o in enumerate(self.options) if o.text in right)

    def item_positions(self) -> list[int]:
        """order: for each printed item, its place in the right order (1-based)."""
        return [self.question.items.index(item) + 1 for item in self.items]

    def match_letters(self) -> list[str]:
        """match: for each left item (in the bank's order), the letter of its right side."""
        return [chr(ord("A") + self.rights.index(right)) for _, right in self.question.pairs]


@dataclass
class Section:
    qtype: str
    questions: list[PaperQuestion]


@dataclass
class Variant:
    name: str
    sections: list[Section]

    @property
    def count(self) -> int:
        return sum(len(s.questions) for s in self.sections)


def _shuffled_not_identity(values: list[str], rng: random.Random) -> list[str]:
    if len(values) < 2:
        return list(values)
    while True:
        out = rng.sample(values, len(values))
        if out != values:
            return out


def compose(pool: list[Question], *, bank_id: str, name: str, seed: str, draw: int | None) -> Variant:
    rng = random.Random(f"portalkit-paper\0{seed}\0{bank_id}\0{name}")
    chosen = rng.sample(pool, draw) if draw else rng.sample(pool, len(pool))
    sections: list[Section] = []
    for qtype in QUESTION_TYPES:
        of_type = [q for q in chosen if q.type == qtype]
        if not of_type:
            continue
        section = Section(qtype, [])
        for number, q in enumerate(of_type, 1):
            pq = PaperQuestion(q, number)
            if q.type in ("single", "multiple"):
                pq.options = rng.sample(q.options, len(q.options))
            elif q.type == "order":
                pq.items = _shuffled_not_identity(q.items, rng)
            elif q.type == "match":
                pq.rights = _shuffled_not_identity([right for _, right in q.pairs], rng)
            section.questions.append(pq)
        sections.append(section)
    return Variant(name, sections)
