"""The date rules, evaluated in Python. The browser runtime (assets/datecheck.js) implements the
same definitions; both must pass tests/datecheck_vectors.yml.

Definitions (also stated on the time-limits page):
- Adding N months keeps the day of the month, clamped to the last day of the target month:
  2024-01-31 + 1 month = 2024-02-29, 2023-01-31 + 1 month = 2023-02-28,
  2024-02-29 + 12 months = 2025-02-28. A year is 12 months.
- order:    `to` is not earlier than `from` (the same day is fine).
- min:      `to` >= `from` + amount ("一年以上" includes exactly one year).
- max:      `from` <= `to` <= `from` + amount; with `extended`, up to `from` + extended is a warning.
- exact:    `to` == `from` + amount; with `early`, up to that many days before is a warning.
- duration: `to` - `from` + 1 >= amount days (both ends count).
- every:    from `from` until `to`, each occurrence of `event` no later than the previous one
            (the first: `from`) + amount, and `to` no later than the last one + amount;
            occurrences outside that span are not counted. The occurrences are known when
            `events` has the event's key: an empty list is "none recorded" (a ledger's column
            with an empty cell); no key (no column, an empty field) is "unknown". While `to` is
            unknown, the date checker (`check_dossier`) holds the last occurrence to today too,
            unless a later date shows the candidate is past that stage (then `to` is only
            missing); the ledger shows that gap as an overdue step instead.
- An extended probation adds its months to the interval of the rules the rules file lists
  under `extension.rules` (a year becomes 12 + N months).
- A rule whose date is missing cannot be checked ("unknown"); `severity: warning` turns a
  breach into a warning.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from portalkit.datecheck.model import Rule, RuleSet
from portalkit.i18n import ZH, Messages

_DATE = re.compile(r"^(\d{4})(?:([-/.])(\d{1,2})\2(\d{1,2})|年(\d{1,2})月(\d{1,2})日?|(\d{2})(\d{2}))$")
_TIME = re.compile(r"\s+\d{1,2}:\d{2}(?::\d{2})?$")


def add_months(day: date, months: int) -> date:
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def shift(day: date, amount: int, unit: str) -> date:
    if unit == "days":
        return day + timedelta(days=amount)
    return add_months(day, amount * (12 if unit == "years" else 1))


def read_date(text: str | None, messages: Messages = ZH) -> tuple[date | None, str]:
    """(date, "") or (None, why it cannot be read, in `messages`' language); an empty cell is
    (None, ""). The browser twin words the same errors with its own catalog (datecheck.*)."""
    raw = (text or "").strip()
    s = re.sub(r"\s+", "", _TIME.sub("", unicodedata.normalize("NFKC", raw)))
    if not s:
        return None, ""
    m = _DATE.match(s)
    if not m:
        return None, messages("ruleserr.date.unreadable", raw=raw)
    year, month, day = int(m[1]), int(m[3] or m[5] or m[7]), int(m[4] or m[6] or m[8])
    if not 1900 <= year <= 2100:
        return None, messages("ruleserr.date.bad_year", raw=raw, year=year)
    if not 1 <= month <= 12:
        return None, messages("ruleserr.date.bad_month", raw=raw)
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        return None, messages("ruleserr.date.bad_day", raw=raw, year=year, month=month, days=last)
    return date(year, month, day), ""


@dataclass(frozen=True)
class Finding:
    rule: str
    status: str  # met | warning | broken | unknown
    bound: date | None = None  # the limit the later date is held to (None without `from`)
    extended: date | None = None  # max with `extended`: the limit for special cases


def bounds(rule: Rule, start: date, plus_months: int = 0) -> tuple[date, date | None]:
    """`plus_months`: an extended probation's length, for the rules it moves."""
    if rule.kind == "order":
        return start, None
    if rule.kind == "duration":
        return start + timedelta(days=rule.amount - 1), None
    ext = shift(start, rule.extended, rule.unit) if rule.extended else None
    if plus_months:
        months = rule.amount * (12 if rule.unit == "years" else 1) + plus_months
        return add_months(start, months), ext
    return shift(start, rule.amount, rule.unit), ext


def recurring(rule: Rule, start: date, end: date | None, occurrences: list[date]) -> tuple[date, date | None]:
    """An `every` rule from `start`: (the last occurrence counted, or `start`; the first limit that
    was missed, or None). Occurrences after `end` (when known) are not counted."""
    last, missed = start, None
    for day in sorted(d for d in occurrences if d >= start and (end is None or d <= end)):
        limit = shift(last, rule.amount, rule.unit)
        if day > limit and missed is None:
            missed = limit
        last = day
    if end is not None and end > shift(last, rule.amount, rule.unit) and missed is None:
        missed = shift(last, rule.amount, rule.unit)
    return last, missed


def evaluate_rule(rule: Rule, dates: dict[str, date], events: dict[str, list[date]] | None = None,
                  plus_months: int = 0, today: date | None = None) -> Finding:
    """`today`: for an `every` rule whose `to` is unknown, the day its last occurrence is held to."""
    start, end = dates.get(rule.from_), dates.get(rule.to)
    if start is None:
        return Finding(rule.id, "unknown")
    if rule.kind == "every":
        if events is None or rule.event not in events:
            return Finding(rule.id, "unknown")
        last, missed = recurring(rule, start, end or today, events[rule.event])
        if missed is not None:
            return Finding(rule.id, "warning" if rule.severity == "warning" else "broken", missed)
        if end is not None:
            return Finding(rule.id, "met")
        return Finding(rule.id, "unknown", shift(last, rule.amount, rule.unit))
    bound, ext = bounds(rule, start, plus_months)
    if end is None:
        return Finding(rule.id, "unknown", bound, ext)
    if rule.kind == "max":
        ok = start <= end <= bound
    elif rule.kind == "exact":
        ok = end == bound
    else:
        ok = end >= bound
    if ok:
        status = "met"
    elif (ext and bound < end <= ext) or (rule.kind == "exact" and rule.early
                                            and bound - timedelta(days=rule.early) <= end < bound):
        status = "warning"
    else:
        status = "warning" if rule.severity == "warning" else "broken"
    return Finding(rule.id, status, bound, ext)


def extension_months(ruleset: RuleSet, dates: dict[str, date], months: int | None) -> dict[str, int]:
    """rule id -> months added, when an extension was decided and its length is known."""
    ext = ruleset.extension
    if ext is None or not months or ext.date not in dates:
        return {}
    return dict.fromkeys(ext.rules, months)


def check_dossier(ruleset: RuleSet, dates: dict[str, date], events: dict[str, list[date]] | None = None,
                  extension: int | None = None, today: date | None = None) -> list[Finding]:
    """The date checker's findings for one candidate, after the fact: every rule (the unit's own
    too), an extended probation's months added, and a recurring duty whose end is unknown held
    to `today` unless a later date of the rules file is known."""
    plus = extension_months(ruleset, dates, extension)
    order = {d.id: i for i, d in enumerate(ruleset.dates)}
    reached = max((order[k] for k in dates if k in order), default=-1)
    return [evaluate_rule(rule, dates, events, plus.get(rule.id, 0),
                          today if rule.kind == "every" and reached <= order.get(rule.to, 0) else None)
            for rule in ruleset.rules]


def evaluate(rules: list[Rule], dates: dict[str, date], events: dict[str, list[date]] | None = None,
             extended: dict[str, int] | None = None) -> list[Finding]:
    """`events`: the occurrences of each recurring date (None: not known, as in the date checker);
    `extended`: rule id -> months an extended probation adds to its interval."""
    return [evaluate_rule(rule, dates, events, (extended or {}).get(rule.id, 0)) for rule in rules]
