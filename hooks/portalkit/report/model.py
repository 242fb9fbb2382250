"""Typed model of the self-inspection report: what the readers produce and what the writers print.

Two halves: the runs read from exported files (`Run`, `Entry`, `Refusal`, `Notice`, `ReadResult`)
and the aggregated report (`Report` and its parts). Nothing here knows about files or formats."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from portalkit.report.roster import Roster

Status = Literal["unchecked", "ok", "issue", "na"]
STATUSES: tuple[Status, ...] = ("ok", "issue", "na", "unchecked")  # the report's column order
# Labels are part of the file format (the site's CSV writes them): fixed, whatever the interface language.
STATUS_LABELS: dict[str, str] = {"ok": "符合", "issue": "不符合", "na": "不适用", "unchecked": "未查"}
NO_ORG = "未注明"
REMOVED_PREFIX = "removed:"  # key of an item the site's checklist no longer has


# ---------------------------------------------------------------- what the readers produce
@dataclass(slots=True)
class Entry:
    """One item's state in one run, as exported. `item_id` is "" in a version-1 CSV."""

    item_id: str
    section: str
    text: str
    status: Status
    note: str


@dataclass(slots=True)
class Run:
    checklist: str  # the site checklist's id
    run_id: str  # "" when the file carries none (version-1 CSV): such a run is never a duplicate
    subject: str
    org: str  # normalised (normalize_org); NO_ORG when not given
    checker: str
    created: str  # "YYYY-MM-DD" or ""
    updated: str  # as written in the file
    updated_ms: int | None  # epoch milliseconds of `updated`, None when missing or unreadable
    exported_ms: int | None
    entries: list[Entry]
    file: str  # display name of the file it came from
    version: int
    kind: Literal["json", "csv"]
    branch: str = ""  # the first folder under the given PATH the file came from; "" for a file given itself


@dataclass(frozen=True, slots=True)
class Refusal:
    file: str
    code: str  # stable reason code, shared with the browser twin (see read.py)
    reason: str  # Chinese, for people


@dataclass(frozen=True, slots=True)
class Notice:
    """Something read but changed on the way in (a field cut to its bound)."""

    file: str
    field: str
    message: str


@dataclass
class ReadResult:
    files: list[str] = field(default_factory=list)  # every file looked at, in reading order
    runs: list[Run] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)


# ---------------------------------------------------------------- the report
@dataclass
class Counts:
    ok: int = 0
    issue: int = 0
    na: int = 0
    unchecked: int = 0

    def add(self, status: str, n: int = 1) -> None:
        setattr(self, status, getattr(self, status) + n)

    @property
    def rate(self) -> int | None:
        """Compliance rate 符合 ÷ (符合 + 不符合) as a whole percent, rounded half up;
        None ("—") when neither was found. Integer arithmetic, so both twins round alike."""
        judged = self.ok + self.issue
        if not judged:
            return None
        return (200 * self.ok + judged) // (2 * judged)


@dataclass
class ItemRow:
    key: str  # the item id, or "removed:<exported text>"
    section: str
    text: str
    removed: bool
    counts: Counts = field(default_factory=Counts)
    problem: str = ""  # the item's `problem:` wording ("" for removed items and lists without it)


@dataclass
class RunRow:
    """One counted run (after duplicates were merged): a row of 核查记录."""

    org: str
    subject: str
    checklist: str
    checklist_title: str
    checker: str
    updated: str  # for people: "YYYY-MM-DD HH:MM" in Beijing time, a date, or ""
    unchecked: int  # items of the site's checklist left 未查
    run_id: str
    file: str


@dataclass
class RectRow:
    """One 不符合 found in one run: a row of the 整改清单."""

    org: str
    subject: str
    checklist: str
    checklist_title: str
    key: str
    text: str
    removed: bool
    note: str
    problem: str = ""


@dataclass
class BranchRow:
    """One organisation: its runs and item counts over every checklist (the report's table per
    branch and the 党组织 sheet). `handed_in` is False for a roster organisation without runs."""

    org: str
    kind: str = ""  # 类别 from the roster
    runs: int = 0
    counts: Counts = field(default_factory=Counts)
    handed_in: bool = True


@dataclass
class ChecklistSummary:
    id: str
    title: str
    subject: str  # what one run checks (发展对象, 会议, 年度 …)
    runs: int = 0
    subjects: int = 0  # distinct (党组织, 核查对象)
    incomplete: int = 0
    rows: list[ItemRow] = field(default_factory=list)
    totals: Counts = field(default_factory=Counts)


@dataclass
class Problem:
    checklist: str
    checklist_title: str
    key: str
    text: str
    removed: bool
    rows: list[RectRow] = field(default_factory=list)
    problem: str = ""

    @property
    def count(self) -> int:
        return len(self.rows)

    @property
    def orgs(self) -> list[str]:
        return sorted({r.org for r in self.rows}, key=org_sort_key)

    @property
    def subjects(self) -> list[str]:
        return sorted({r.subject for r in self.rows}, key=subject_sort_key)

    @property
    def notes(self) -> list[str]:
        return [r.note for r in self.rows if r.note]


@dataclass
class Duplicate:
    checklist: str
    checklist_title: str
    run_id: str
    subject: str
    org: str
    used: str  # the file whose copy was counted
    files: list[str]  # every file holding the run, sorted


@dataclass
class Report:
    files: list[str]
    runs: list[RunRow]
    orgs: list[str]  # named organisations covered, sorted
    unnamed_runs: int  # runs whose organisation is 未注明
    period: tuple[str, str] | None  # first and last day the checks touched, "YYYY-MM-DD"
    checklists: list[ChecklistSummary]
    problems: list[Problem]
    rectification: list[RectRow]
    duplicates: list[Duplicate]
    refused: list[Refusal]
    notices: list[Notice]
    branches: list[BranchRow] = field(default_factory=list)  # organisations with runs, then roster ones without
    from_folder: int = 0  # runs without an organisation that got theirs from their file's folder
    unmatched: list[str] = field(default_factory=list)  # names the roster does not know (to add as aliases)
    roster: Roster | None = None

    @property
    def totals(self) -> Counts:
        total = Counts()
        for s in self.checklists:
            for status in STATUSES:
                total.add(status, getattr(s.totals, status))
        return total

    @property
    def missing(self) -> list[BranchRow]:
        return [b for b in self.branches if not b.handed_in]

    @property
    def incomplete(self) -> list[RunRow]:
        return [r for r in self.runs if r.unchecked]


_NUMERAL = re.compile("[0-9]+|[零一二三四五六七八九十百千]+")
_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}


def _numeral_value(run: str) -> int:
    if run.isascii():
        return int(run)
    total = current = 0
    for char in run:
        if char in _CN_UNITS:
            total += (current or 1) * _CN_UNITS[char]  # 十二: a leading 十 means 一十
            current = 0
        else:
            current = _CN_DIGITS[char]
    return total + current


def natural_key(text: str) -> str:
    """Sort key in which numbers count as numbers, in Arabic or Chinese numerals: 第二党支部 before
    第十党支部, 2026年9月 before 2026年10月. Each run of digits or of 零一二…十百千 becomes its value
    as 10 zero-padded digits; the keys then compare by code point."""
    return _NUMERAL.sub(lambda m: f"{_numeral_value(m[0]):010d}", text)


def org_sort_key(org: str) -> tuple[bool, str, str]:
    """Organisations in natural order, 未注明 last; the name itself breaks ties (第3 / 第三)."""
    return (org == NO_ORG, natural_key(org), org)


def subject_sort_key(subject: str) -> tuple[str, str]:
    return (natural_key(subject), subject)
