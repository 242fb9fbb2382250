"""A branch's ledger (xlsx or CSV grids from portalkit.sheets) -> candidates with their dates.

The ledger is the branch's own table: title rows above the header are passed over, each column
is recognised by its name in the rules file or one of its `aliases`, and the columns that were
not understood are named. One row per candidate; a recurring date (each assessment, each
思想汇报) has one cell holding all of its dates, separated by ；;、,， or line breaks; an extended
probation has its decision date and its length in months ("6", "6个月", "半年", "一年").

A cell that cannot be read is a problem named by row and column; the candidate is still listed
with that date unknown, so nothing else in the row is lost."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from portalkit.datecheck.evaluate import read_date
from portalkit.datecheck.model import RuleSet
from portalkit.i18n import ZH, Messages
from portalkit.ledger.columns import LENGTH, NAME, columns
from portalkit.limits import LIMITS
from portalkit.sheets import Grid, Value, cell, column_letter, find_header

SEPARATORS = re.compile(r"[;；、,，\r\n]+")
MAX_OCCURRENCES = 200  # dates in one recurring cell (a candidate's whole file holds a few dozen)
_NUMERALS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
             "十": 10, "十一": 11, "十二": 12}


@dataclass
class CellProblem:
    row: int
    column: str  # letter, as Excel shows it
    header: str  # the header as written
    message: str


@dataclass
class Candidate:
    row: int
    name: str
    dates: dict[str, date] = field(default_factory=dict)
    events: dict[str, list[date]] = field(default_factory=dict)
    extension: int | None = None  # months
    problems: list[CellProblem] = field(default_factory=list)


@dataclass
class Ledger:
    sheet: str  # the sheet read ("" for a CSV)
    header_row: int
    understood: dict[str, str]  # canonical column -> the header as written
    unknown: list[str]  # headers not understood
    candidates: list[Candidate] = field(default_factory=list)


def read_ledger(grids: list[Grid], ruleset: RuleSet, messages: Messages = ZH) -> Ledger | None:
    """The first sheet with a header naming the name column; None when no sheet has one."""
    accepted = columns(ruleset)
    for grid in grids:
        header = find_header(grid, accepted, required=(NAME,))
        if header is None:
            continue
        ledger = Ledger(grid.name, header.row, dict(header.written), list(header.unknown))
        for number, cells in grid.rows:
            if number <= header.row:
                continue
            candidate = _candidate(number, cells, header.index, header.written, ruleset, messages)
            if candidate is not None:
                ledger.candidates.append(candidate)
        return ledger
    return None


def _candidate(number: int, cells: list[Value], index: dict[str, int], written: dict[str, str],
               ruleset: RuleSet, m: Messages) -> Candidate | None:
    def where(key: str) -> tuple[str, str]:
        return column_letter(index[key]), written[key]

    name = _text(cell(cells, index.get(NAME)))[: LIMITS["name"]]
    known = [k for k in index if k != NAME and _text(cell(cells, index[k]))]
    if not name and not known:
        return None
    candidate = Candidate(number, name)
    if not name:
        candidate.problems.append(CellProblem(number, *where(NAME), m("ledger.no_name")))
    for d in ruleset.dates:
        if d.id in index:
            value = _date(cell(cells, index[d.id]), m)
            if isinstance(value, date):
                candidate.dates[d.id] = value
            elif value:
                candidate.problems.append(CellProblem(number, *where(d.id), value))
    for e in ruleset.events:
        if e.id in index:
            days, errors = _dates(cell(cells, index[e.id]), m)
            candidate.events[e.id] = days
            candidate.problems.extend(CellProblem(number, *where(e.id), why) for why in errors)
    if LENGTH in index and ruleset.extension:
        text = _text(cell(cells, index[LENGTH]))
        if text:
            months = months_of(text)
            ext = ruleset.extension
            if months is None or not ext.minimum <= months <= ext.maximum:
                candidate.problems.append(CellProblem(number, *where(LENGTH), m(
                    "ledger.bad_extension", raw=_clip(text), min=ext.minimum, max=ext.maximum)))
            else:
                candidate.extension = months
    return candidate


def _text(value: Value) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return str(value).strip()


def _clip(text: str, most: int = 40) -> str:
    return text if len(text) <= most else text[:most] + "…"


def _date(value: Value, m: Messages) -> date | str:
    """A date, "" for an empty cell, or why it cannot be read."""
    if isinstance(value, (bool, float)):
        return m("ledger.not_a_date", raw=_clip(_text(value)))
    text = _text(value)
    if len(text) > 100:
        return m("ledger.not_a_date", raw=_clip(text))
    key = (text, m)
    if key not in _READ:  # a ledger repeats the same dates: each text is read once
        if len(_READ) > 50_000:
            _READ.clear()
        day, why = read_date(text, m)
        _READ[key] = day if day is not None else why
    return _READ[key]


_READ: dict[tuple[str, Messages], date | str] = {}


def _dates(value: Value, m: Messages) -> tuple[list[date], list[str]]:
    days: list[date] = []
    errors: list[str] = []
    parts = [p for p in SEPARATORS.split(_text(value)) if p.strip()]
    if len(parts) > MAX_OCCURRENCES:
        return [], [m("ledger.too_many_dates", most=MAX_OCCURRENCES)]
    for part in parts:
        day = _date(part, m)
        if isinstance(day, date):
            days.append(day)
        elif day:
            errors.append(day)
    return sorted(days), errors


def months_of(text: str) -> int | None:
    """"6", "6个月", "6月", "半年", "一年", "1年", "十二个月" -> months; None when not such a length."""
    s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    if s == "半年":
        return 6
    match = re.fullmatch(r"(\d{1,3}|[一二两三四五六七八九十]|十[一二])(个月|月|年)?", s)
    if not match:
        return None
    n = int(match[1]) if match[1].isdigit() else _NUMERALS[match[1]]
    return n * 12 if match[2] == "年" else n
