"""What goes on a paper: the drawn (or all) questions of a bank, in sections by question type,
numbered 1…N across the sections, with options, order items and the right column of match
questions shuffled.

Variants are parallel papers. By default every variant has the same questions (one draw for all),
each in its own order and with its own shuffled options; with `separate_draws` each variant draws
its own questions, but as many of each type from each bank as the first variant has, so the
papers stay of one difficulty and length.

Everything is drawn from `random.Random`s seeded with strings made of the seed, the bank and the
variant's name (Python seeds from a string through SHA-512, the same on every machine and run), so
the same seed gives the same papers, and variants differ from each other. Order items and the
right column of a match question never come out in the right order: that would print the answer."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from portalkit.quiz.model import QUESTION_TYPES, Bank, Option, Question
from portalkit.scoring import points_of


@dataclass
class PaperQuestion:
    question: Question
    number: int  # on the paper, 1…N across the sections
    options: list[Option] = field(default_factory=list)  # single, multiple: as printed
    items: list[str] = field(default_factory=list)  # order: as printed
    rights: list[str] = field(default_factory=list)  # match: the right column as printed
    points: int = 1

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

    @property
    def questions(self) -> list[PaperQuestion]:
        return [pq for s in self.sections for pq in s.questions]

    @property
    def total_points(self) -> int:
        return sum(pq.points for pq in self.questions)


def _shuffled_not_identity(values: list[str], rng: random.Random) -> list[str]:
    if len(values) < 2:
        return list(values)
    while True:
        out = rng.sample(values, len(values))
        if out != values:
            return out


def _rng(seed: str, bank_id: str, name: str) -> random.Random:
    return random.Random(f"portalkit-paper\0{seed}\0{bank_id}\0{name}")


def _stratum(q: Question) -> tuple[str, str]:
    return (q.bank, q.type)


def draw_set(pool: list[Question], *, bank_id: str, names: list[str], seed: str, draw: int | None,
             separate_draws: bool = False) -> list[list[Question]]:
    """The questions of each variant (order not yet decided)."""
    if not draw:
        return [list(pool) for _ in names]
    first = _rng(seed, bank_id, f"draw\0{names[0]}" if separate_draws else "draw").sample(pool, draw)
    if not separate_draws:
        return [first for _ in names]
    wanted: dict[tuple[str, str], int] = {}
    for q in first:
        wanted[_stratum(q)] = wanted.get(_stratum(q), 0) + 1
    out = [first]
    for name in names[1:]:
        rng = _rng(seed, bank_id, f"draw\0{name}")
        chosen: list[Question] = []
        for stratum, n in wanted.items():
            chosen += rng.sample([q for q in pool if _stratum(q) == stratum], n)
        out.append(chosen)
    return out


def compose(pool: list[Question], *, bank_id: str, name: str, seed: str, draw: int | None,
            exam: Bank | None = None, chosen: list[Question] | None = None) -> Variant:
    """One variant. `chosen`: its questions (from `draw_set`); without it, a draw of its own."""
    rng = _rng(seed, bank_id, name)
    if chosen is None:
        chosen = rng.sample(pool, draw) if draw else list(pool)
    chosen = rng.sample(chosen, len(chosen))
    sections: list[Section] = []
    number = 0
    for qtype in QUESTION_TYPES:
        of_type = [q for q in chosen if q.type == qtype]
        if not of_type:
            continue
        section = Section(qtype, [])
        for q in of_type:
            number += 1
            pq = PaperQuestion(q, number, points=points_of(q, exam))
            if q.type in ("single", "multiple"):
                pq.options = rng.sample(q.options, len(q.options))
            elif q.type == "order":
                pq.items = _shuffled_not_identity(q.items, rng)
            elif q.type == "match":
                pq.rights = _shuffled_not_identity([right for _, right in q.pairs], rng)
            section.questions.append(pq)
        sections.append(section)
    return Variant(name, sections)


def compose_set(pool: list[Question], *, bank: Bank, names: list[str], seed: str, draw: int | None,
                separate_draws: bool = False) -> list[Variant]:
    """Parallel papers: see the module's docstring."""
    sets = draw_set(pool, bank_id=bank.id, names=names, seed=seed, draw=draw, separate_draws=separate_draws)
    return [compose(pool, bank_id=bank.id, name=name, seed=seed, draw=draw, exam=bank, chosen=chosen)
            for name, chosen in zip(names, sets, strict=True)]
