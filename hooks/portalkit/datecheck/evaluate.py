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
- A rule whose date is missing cannot be checked ("unknown"); `severity: warning` turns a
  breach into a warning.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from portalkit.datecheck.model import Rule
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


def bounds(rule: Rule, start: date) -> tuple[date, date | None]:
    if rule.kind == "order":
        return start, None
    if rule.kind == "duration":
        return start + timedelta(days=rule.amount - 1), None
    ext = shift(start, rule.extended, rule.unit) if rule.extended else None
    return shift(start, rule.amount, rule.unit), ext


def evaluate_rule(rule: Rule, dates: dict[str, date]) -> Finding:
    start, end = dates.get(rule.from_), dates.get(rule.to)
    if start is None:
        return Finding(rule.id, "unknown")
    bound, ext = bounds(rule, start)
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


def evaluate(rules: list[Rule], dates: dict[str, date]) -> list[Finding]:
    return [evaluate_rule(rule, dates) for rule in rules]
