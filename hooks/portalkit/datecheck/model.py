"""Typed model of a rule file, as editors write it in rules/<edition>.yml."""

from __future__ import annotations

from dataclasses import dataclass, field

KINDS = ("order", "min", "max", "exact", "duration", "every")
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
    aliases: list[str] = field(default_factory=list)  # other headers a ledger may use for its column


@dataclass
class EventField:
    """A date that recurs (each assessment, each 思想汇报): a ledger cell holds all of them."""

    id: str
    label: str
    column: str
    line: int = 0
    aliases: list[str] = field(default_factory=list)
    local: bool = False  # from the site's local rules (rules/local/<edition>.yml)


@dataclass
class Stage:
    """A candidate is in the last stage whose `from` date is known; a `closed` stage has no next step."""

    id: str
    label: str
    from_: str
    closed: bool = False
    line: int = 0


@dataclass
class Extension:
    """An extended probation: the decision's date (a date id), the length's column (months), and the
    rules whose interval grows by that length."""

    date: str
    column: str
    aliases: list[str] = field(default_factory=list)
    minimum: int = 6
    maximum: int = 12
    rules: list[str] = field(default_factory=list)
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
    event: str = ""  # every: the recurring date that fulfils the duty
    local: bool = False  # the unit's own requirement, not the edition's rule


@dataclass
class RuleSet:
    id: str  # the edition: the file stem
    title: str
    notes: str = ""
    notes_line: int = 0
    dates: list[DateField] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    source: str = ""
    events: list[EventField] = field(default_factory=list)
    stages: list[Stage] = field(default_factory=list)
    extension: Extension | None = None
    name_aliases: list[str] = field(default_factory=list)  # other headers of the name column
    local_title: str = ""  # the local rules' title, when the site has them
    local_notes: str = ""
    local_source: str = ""

    @property
    def date_by_id(self) -> dict[str, DateField]:
        return {d.id: d for d in self.dates}
