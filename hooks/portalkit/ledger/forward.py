"""The rules looking forward: from a candidate's known dates and today's date, the stage and the
window (earliest, latest) of every step the rules still expect. The browser twin is
assets/ledger.js; both pass the `ledger` vectors of tests/datecheck_vectors.yml.

Conventions (stated on the ledger page and in rules/2014.yml):
- A rule whose `from` date is known and whose `to` date is not yields a step:
  order -> (from, no deadline); min -> (from + amount, no deadline); duration -> (from + amount - 1
  days, no deadline); max -> (from, from + amount), with the special-case limit of `extended`;
  exact -> (the day, the day); every -> (no earliest, the last occurrence up to today, or from,
  + amount). A rule with no latest date never makes a deadline: nothing is invented.
- A deadline day is inclusive: a step is overdue when today is after it.
- The stage is the last of the rules file's `stages` whose date is known, whatever the order of
  the dates (dates out of order are the rules' findings, not a reason to guess). A `closed` stage
  (正式党员, 取消预备党员资格) has no next step. A probationary member with an extension decided is
  shown as extended; the extension's months are added to the rules the file lists.
- A step whose date belongs before the candidate's stage (the talk for someone already an
  activist) is not a next step: it is a missing record ("missing"), still with its window.
- Today is the date in Beijing (UTC+8, no daylight saving) unless given."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone

from portalkit.datecheck.evaluate import Finding, bounds, evaluate, extension_months, recurring, shift
from portalkit.datecheck.model import Rule, RuleSet

BEIJING = timezone(timedelta(hours=8))
STATES = ("overdue", "open", "missing")  # the order a reader sees steps in


def today_in_beijing(now: datetime | None = None) -> date:
    return (now or datetime.now(UTC)).astimezone(BEIJING).date()


@dataclass(frozen=True)
class Step:
    rule: Rule
    earliest: date | None
    latest: date | None
    state: str  # overdue | open | missing
    special: date | None = None  # max with `extended`: the limit in special cases
    days_left: int | None = None  # latest - today (negative when overdue)


@dataclass
class Outlook:
    stage: str  # a stage id of the rules file, "" before the first
    extended: bool
    steps: list[Step] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    next: Step | None = None  # the step to do first: overdue or open, the nearest deadline first

    @property
    def overdue(self) -> list[Step]:
        return [s for s in self.steps if s.state == "overdue"]

    @property
    def broken(self) -> list[Finding]:
        return [f for f in self.findings if f.status == "broken"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.status == "warning"]


def stage_of(ruleset: RuleSet, dates: dict[str, date]) -> str:
    stage = ""
    for s in ruleset.stages:
        if s.from_ in dates:
            stage = s.id
    return stage


def window(rule: Rule, start: date, plus_months: int, occurrences: list[date], today: date
           ) -> tuple[date | None, date | None, date | None]:
    """(earliest, latest, special-case latest) of a rule's pending `to` from its known `from`."""
    if rule.kind == "every":
        last, _ = recurring(rule, start, today, occurrences)
        return None, shift(last, rule.amount, rule.unit), None
    bound, ext = bounds(rule, start, plus_months)
    if rule.kind == "max":
        return start, bound, ext
    if rule.kind == "exact":
        return bound, bound, None
    return bound, None, None


def outlook(ruleset: RuleSet, dates: dict[str, date], today: date,
            events: dict[str, list[date]] | None = None, extension: int | None = None) -> Outlook:
    """`extension`: months of an extended probation (its decision date is in `dates`)."""
    events = events or {}
    stage_id = stage_of(ruleset, dates)
    stage = next((s for s in ruleset.stages if s.id == stage_id), None)
    plus = extension_months(ruleset, dates, extension)
    result = Outlook(stage_id, bool(plus))
    result.findings = evaluate(ruleset.rules, dates, events, plus)
    if stage is not None and stage.closed:
        return result
    order = {d.id: i for i, d in enumerate(ruleset.dates)}
    entered = order.get(stage.from_, -1) if stage else -1
    for rule in ruleset.rules:
        start = dates.get(rule.from_)
        if start is None or rule.to in dates:
            continue
        earliest, latest, special = window(rule, start, plus.get(rule.id, 0), events.get(rule.event, []), today)
        if order.get(rule.to, 0) < entered:
            state = "missing"
        elif latest is not None and today > latest:
            state = "overdue"
        else:
            state = "open"
        days = (latest - today).days if latest is not None else None
        result.steps.append(Step(rule, earliest, latest, state, special, days))
    result.steps.sort(key=_step_order)
    result.next = next((s for s in result.steps if s.state != "missing"), None)
    return result


def _step_order(step: Step) -> tuple[int, date, date, int]:
    far = date.max
    return (STATES.index(step.state), step.latest or far, step.earliest or far, step.rule.line)
