"""The organisations' roster (组织名册): who should hand in, and the names they may be written as.

A roster is a table, as offices keep it (xlsx or CSV): 党组织, 类别 (党委, 党总支, 党支部 …), 上级,
别名 (several, separated by 、 ， , or ；). Its column names are file format, accepted in either
language (`COLUMNS`). Names match after `text.org_key` (normalised, numerals alike), through the
name or any alias; a name that matches nothing is never merged by guess: the report lists it for
the user to add as an alias.

Organisations that no other organisation names as its 上级 are the grass roots that hand in
walkthroughs (党支部 as a rule); the others are counted by kind."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from portalkit.i18n import Messages
from portalkit.limits import LIMITS
from portalkit.report.text import normalize_org, org_key

Value = str | bool | int | float

# canonical column → accepted header spellings (both languages)
COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("党组织", "党组织名称", "组织名称", "名称", "Organisation", "Organization", "Name"),
    "kind": ("类别", "类型", "组织类别", "Kind", "Type"),
    "parent": ("上级", "上级党组织", "Parent"),
    "aliases": ("别名", "简称", "Aliases", "Alias"),
}
REQUIRED = ("name",)
TEMPLATE_HEADER = ("党组织", "类别", "上级", "别名")  # the template's header row (file format)
ALIAS_SEPARATOR = re.compile("[、，,；;]")


@dataclass(frozen=True, slots=True)
class Organisation:
    name: str  # as the roster spells it (normalised)
    kind: str = ""
    parent: str = ""
    aliases: tuple[str, ...] = ()
    row: int = 0  # 1-based row of the roster's file


@dataclass(frozen=True, slots=True)
class RosterProblem:
    row: int
    column: str  # the column as the file writes it
    message_key: str
    fields: tuple[tuple[str, str], ...] = ()


@dataclass
class Roster:
    organisations: list[Organisation]
    source: str = ""  # the file's display name
    _index: dict[str, Organisation] = field(default_factory=dict, repr=False)

    def find(self, name: str) -> Organisation | None:
        return self._index.get(org_key(name))

    @property
    def grass_roots(self) -> list[Organisation]:
        """The organisations no other one names as its 上级: those expected to hand in."""
        parents = {org_key(o.parent) for o in self.organisations if o.parent}
        return [o for o in self.organisations if org_key(o.name) not in parents]

    def kinds(self) -> list[tuple[str, int]]:
        """(类别, count) in the order the roster first names each kind; "" for rows without one."""
        counts: dict[str, int] = {}
        for o in self.organisations:
            counts[o.kind] = counts.get(o.kind, 0) + 1
        return list(counts.items())


def build_roster(rows: Sequence[tuple[int, str, str, str, str]], source: str = "",
                 columns: dict[str, str] | None = None) -> tuple[Roster, list[RosterProblem]]:
    """Rows of (row number, 党组织, 类别, 上级, 别名 as written) → the roster and its problems: a row
    without a name, and a name or alias that two organisations share (which one would it be?).
    `columns`: the headers as the file writes them, for the problems."""
    written = columns or dict(zip(COLUMNS, TEMPLATE_HEADER, strict=True))
    organisations: list[Organisation] = []
    problems: list[RosterProblem] = []
    index: dict[str, Organisation] = {}
    for row, name, kind, parent, aliases in rows:
        if not name.strip():
            if kind.strip() or parent.strip() or aliases.strip():
                problems.append(RosterProblem(row, written["name"], "report.roster_no_name"))
            continue
        org = Organisation(normalize_org(name), kind.strip(), normalize_org(parent) if parent.strip() else "",
                           tuple(dict.fromkeys(normalize_org(a) for a in ALIAS_SEPARATOR.split(aliases) if a.strip())),
                           row)
        for spelling, column in [(org.name, "name"), *((a, "aliases") for a in org.aliases)]:
            key = org_key(spelling)
            other = index.get(key)
            if other is not None and other is not org:
                problems.append(RosterProblem(row, written[column], "report.roster_clash",
                                              (("name", spelling), ("other", other.name), ("line", str(other.row)))))
            elif other is None:
                index[key] = org
        if index.get(org_key(org.name)) is org:  # a row whose own name clashes is left out (reported)
            organisations.append(org)
    return Roster(organisations, source, index), problems


class RosterError(Exception):
    """The roster cannot be used; the message names the file, and the row and column when one is at fault."""


TEMPLATE = Path(__file__).parent / "roster-template.csv"


def load_roster(path: Path, messages: Messages) -> Roster:
    """Reads and checks a roster (xlsx or CSV) through the one reader of user files and the one
    spreadsheet reader."""
    from portalkit.inputs import InputError, find_inputs, read_input
    from portalkit.sheets import SheetError

    found = find_inputs([path], messages)
    if not found.files:
        reason = found.skipped[0].reason if found.skipped else messages("report.roster_missing", path=path)
        raise RosterError(messages("report.roster_bad", file=path.as_posix(), error=reason))
    file = found.files[0]
    try:
        data = read_input(file, LIMITS["importBytes"], messages)
        return roster_from_bytes(data, file.display, messages)
    except (InputError, SheetError) as error:
        raise RosterError(messages("report.roster_bad", file=file.display, error=error)) from None


def roster_from_bytes(data: bytes, source: str, messages: Messages) -> Roster:
    from portalkit.sheets import cell, find_header, read_grids

    for grid in read_grids(data, messages):
        header = find_header(grid, COLUMNS, REQUIRED)
        if header is not None:
            break
    else:
        raise RosterError(messages("report.roster_no_header", file=source, template=TEMPLATE.name))

    def text(cells: list[Value], key: str) -> str:
        value = cell(cells, header.index.get(key))
        return "" if value is None or isinstance(value, bool) else str(value).strip()

    rows = [(number, text(cells, "name"), text(cells, "kind"), text(cells, "parent"), text(cells, "aliases"))
            for number, cells in grid.rows if number > header.row]
    columns = {key: header.written.get(key, TEMPLATE_HEADER[i]) for i, key in enumerate(COLUMNS)}
    roster, problems = build_roster(rows, source, columns)
    if problems:
        raise RosterError("\n".join(
            messages("report.roster_problem", file=source, row=p.row, column=p.column,
                     message=messages(p.message_key, **dict(p.fields)))
            for p in problems))
    return roster
