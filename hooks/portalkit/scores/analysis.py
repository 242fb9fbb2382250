"""A cohort from its marked attempts: who is who, which attempt counts, and item analysis.

- A learner is 姓名 + 党组织 after normalisation (names: NFKC and no whitespace; organisations:
  report.text.org_key, so 第3党支部 and 第三党支部 meet). The same name under two organisations is
  listed as possible namesakes, never merged by guess.
- Each learner's counted attempt per bank is the best (ties: the earlier), or the last with
  `attempt="last"`; every attempt stays listed.
- Item analysis over the counted attempts, per question: answers (作答人数), facility (mean
  fraction of the marks, ×100) and Moodle's discrimination index: the correlation between the
  question's marks and the rest of the test (the attempt's other marks), ×100 — None below
  MIN_FOR_DISCRIMINATION answers or when either side does not vary. For choice questions, the
  wrong option chosen most often."""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from portalkit.report.text import normalize_org, org_key
from portalkit.scores.model import Marked

MIN_FOR_DISCRIMINATION = 10


def name_key(name: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name)).casefold()


@dataclass
class ItemStats:
    key: str
    answers: int
    facility: float  # 0–100
    discrimination: float | None  # ×100, None: not enough answers or no variance
    top_wrong: str = ""  # the wrong option chosen most often ("" none / not a choice question)
    top_wrong_count: int = 0


@dataclass
class OrgStats:
    name: str
    learners: int
    mean: float
    pass_rate: float  # 0–100


@dataclass
class Cohort:
    attempts: list[Marked]  # all, in order
    counted: list[Marked]
    items: list[ItemStats]
    orgs: list[OrgStats]
    namesakes: list[tuple[str, list[str]]] = field(default_factory=list)  # name, its organisations


def _correlation(xs: list[float], ys: list[float]) -> float | None:
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx <= 1e-12 or syy <= 1e-12:
        return None
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    return sxy / math.sqrt(sxx * syy)


def item_stats(counted: list[Marked]) -> list[ItemStats]:
    per: dict[str, list[tuple[float, float, tuple[str, ...]]]] = {}
    order: list[str] = []
    for marked in counted:
        for mark in marked.marks:
            if mark.key not in per:
                per[mark.key] = []
                order.append(mark.key)
            rest = (marked.earned - mark.earned) / (marked.total - mark.points) if marked.total > mark.points else 0.0
            per[mark.key].append((mark.earned / mark.points, rest, mark.wrong_choice))
    out: list[ItemStats] = []
    for key in order:
        rows = per[key]
        facility = 100 * sum(r[0] for r in rows) / len(rows)
        discrimination = None
        if len(rows) >= MIN_FOR_DISCRIMINATION:
            r = _correlation([x[0] for x in rows], [x[1] for x in rows])
            discrimination = None if r is None else 100 * r
        wrong = Counter(c for row in rows for c in row[2])
        top, count = wrong.most_common(1)[0] if wrong else ("", 0)
        out.append(ItemStats(key, len(rows), facility, discrimination, top, count))
    return out


def build_cohort(marked: list[Marked], *, attempt: str = "best",
                 org_of: Callable[[str], str] = org_key) -> Cohort:
    """`org_of`: an organisation's key (with a roster: the roster's organisation it names, aliases
    included; else report.text.org_key)."""
    def when(x: Marked) -> str:
        return x.attempt.handed_in or ""

    by_learner: dict[tuple[str, str, str], list[Marked]] = {}
    spellings: dict[str, set[str]] = {}
    for x in marked:
        x.learner = (name_key(x.attempt.name), org_of(x.attempt.org))
        by_learner.setdefault((*x.learner, x.attempt.bank), []).append(x)
        spellings.setdefault(x.learner[0], set()).add(x.learner[1])
    counted: list[Marked] = []
    for group in by_learner.values():
        group.sort(key=when)
        for i, x in enumerate(group, 1):
            x.number = i
        chosen = group[-1] if attempt == "last" else max(group, key=lambda x: (x.score, -group.index(x)))
        chosen.counted = True
        counted.append(chosen)
    namesakes = []
    for key, orgs in spellings.items():
        if len(orgs) > 1:
            shown = sorted({normalize_org(x.attempt.org) for x in marked if x.learner[0] == key})
            name = next(x.attempt.name for x in marked if x.learner[0] == key)
            namesakes.append((name, shown))
    orgs: dict[str, list[Marked]] = {}
    names: dict[str, str] = {}
    for x in counted:
        orgs.setdefault(x.learner[1], []).append(x)
        names.setdefault(x.learner[1], normalize_org(x.attempt.org))
    org_stats = [OrgStats(names[k], len({x.learner for x in group}), sum(x.score for x in group) / len(group),
                          100 * sum(1 for x in group if x.passed) / len(group)) for k, group in orgs.items()]
    org_stats.sort(key=lambda o: o.name)
    return Cohort(marked, counted, item_stats(counted), org_stats, sorted(namesakes))
