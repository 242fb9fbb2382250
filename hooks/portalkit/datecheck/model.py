"""Typed model of a rule file, as editors write it in rules/<edition>.yml."""

from __future__ import annotations

from dataclasses import dataclass, field

KINDS = ("order", "min", "max", "exact", "duration")
UNITS = ("days", "months", "years")
UNIT_LABELS = {"days": "天", "months": "个月", "years": "年"}
SEVERITIES = ("error", "warning")
# Finding statuses, in the order a reader should see them.
STATUSES = ("broken", "warning", "met", "unknown")


@dataclass
class DateField:
    id: str
    label: str
    column: str
    line: int = 0


@dataclass
class Rule:
    id: str
    title: str
    kind: str
    from_: str
    to: str
    message: str
    see: str
    amount: int = 0
    unit: str = "days"
    extended: int = 0  # max: beyond `amount` but within `extended` is only a warning
    early: int = 0  # exact: up to this many days before the expected date is only a warning
    severity: str = "error"
    deadline: str = ""  # label of the computed limit shown once `from` is known
    basis: str = ""
    line: int = 0
    see_line: int = 0


@dataclass
class RuleSet:
    id: str  # the edition: the file stem
    title: str
    notes: str = ""
    notes_line: int = 0
    dates: list[DateField] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    source: str = ""

    @property
    def date_by_id(self) -> dict[str, DateField]:
        return {d.id: d for d in self.dates}
