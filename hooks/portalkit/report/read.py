"""Exported checklist runs (JSON or CSV, versions 1 and 2) → `Run`s, or a refusal naming the file.

Every file is untrusted: it is bounded in size (LIMITS["importBytes"]), decoded as UTF-8 (with or
without BOM) or GB18030 (a superset of the GBK that Excel writes), checked against the export
format, and every text is cleaned of control characters and cut to its bound (with a notice).
What the file is follows from its content, not its name: text starting with `{` or `[` is JSON,
other text is CSV. A file is either read whole or refused whole, with one reason:

| code | reason |
| --- | --- |
| too-big | over LIMITS["importBytes"] |
| empty | no content (or only a BOM, whitespace, a header) |
| binary | a NUL byte, a binary signature (PNG, JPEG, GIF, PDF, ZIP, OLE, UTF-16 BOM), not UTF-8 nor GB18030 |
| truncated-json | JSON that does not parse and ends inside a string or with brackets left open |
| bad-json | other JSON that does not parse |
| not-export | valid JSON without "format": "portal-checklist-run" |
| bad-version | an export version other than 1 and 2 |
| csv-header | CSV whose header is neither version 1's nor version 2's |
| unknown-checklist | an export of a checklist this site does not have (by id; by title in a version-1 CSV) |
| bad-field | a field of the wrong type or value (unknown status, missing subject, malformed row …) |
| unreadable | the operating system could not read it (command line only) |

The browser twin refuses with the same codes; tests/report_vectors/expected.json lists them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from portalkit.checklist.model import Checklist
from portalkit.i18n import ZH, Messages
from portalkit.inputs import InputError, find_inputs, read_input
from portalkit.limits import LIMITS
from portalkit.report.model import NO_ORG, Entry, Notice, ReadResult, Refusal, Run, Status
from portalkit.report.text import clean_text, normalize_org
from portalkit.report.times import is_date, out_of_range, to_ms
from portalkit.sheets import SheetError, parse_csv

FORMAT = "portal-checklist-run"
VERSIONS = (1, 2)
STATES: tuple[Status, ...] = ("unchecked", "ok", "issue", "na")
# CSV column names are file format: fixed strings, whatever the interface language.
CSV_V1 = ("清单", "核查对象", "分节", "检查项", "必查", "状态", "备注")
CSV_V2 = (*CSV_V1, "党组织", "核查人", "更新时间", "清单编号", "记录编号", "检查项编号")
CSV_STATES: dict[str, Status] = {"未查": "unchecked", "符合": "ok", "不符合": "issue", "不适用": "na"}
# The site's CSV writer puts an apostrophe before a cell starting with one of these (OWASP CSV
# injection); reading takes it away again, and only then.
_NEUTRALISED = re.compile("^'(?=[=+\\-@\t\r])")
_RUN_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")  # ASCII on purpose: JavaScript's \w is ASCII-only
# What a file starting with these bytes is: report.signature.<name>.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "png"), (b"\xff\xd8\xff", "jpeg"), (b"GIF8", "gif"), (b"%PDF", "pdf"),
    (b"PK\x03\x04", "zip"), (b"\xd0\xcf\x11\xe0", "ole"),
    (b"\xff\xfe", "utf16le"), (b"\xfe\xff", "utf16be"),
)
# A cut field is named in its notice by report.field.<kind>.
_BOUNDS = {"subject": LIMITS["name"], "org": LIMITS["org"], "checker": LIMITS["checker"], "note": LIMITS["note"],
           "text": LIMITS["text"], "section": LIMITS["text"], "created": 40, "updated": 40}


@dataclass(frozen=True)
class Reason:
    """Why a file is refused, not yet in a language: a message key and its fields (a field may be
    a Reason itself). Worded by `Refused.reason(messages)` where the refusal is recorded."""

    key: str
    fields: tuple[tuple[str, object], ...] = ()

    def __call__(self, messages: Messages) -> str:
        return messages(self.key, **{k: v(messages) if isinstance(v, Reason | Names) else v for k, v in self.fields})


@dataclass(frozen=True)
class Names:
    """Names in a reason, separated the language's way."""

    names: tuple[str, ...]

    def __call__(self, messages: Messages) -> str:
        return messages("fields.separator").join(self.names)


@dataclass(frozen=True)
class _Said:
    """A reason already worded (by a shared reader such as portalkit.sheets)."""

    text: str

    def __call__(self, messages: Messages) -> str:
        return self.text


def _reason(key: str, **fields: object) -> Reason:
    return Reason(key, tuple(fields.items()))


class Refused(Exception):
    """Internal: stops reading a file; becomes a `Refusal`."""

    def __init__(self, code: str, reason: Reason | _Said) -> None:
        super().__init__(code)
        self.code = code
        self.why = reason

    def reason(self, messages: Messages) -> str:
        return self.why(messages)


@dataclass
class _File:
    """Per-file reading state: which fields were cut, reported once per field. `strings` is shared by
    all files of one reading: item texts and section titles repeat in every export, so each is
    cleaned once and held once (10,000 runs would otherwise keep 250,000 copies)."""

    name: str
    strings: dict[tuple[str, str], tuple[str, bool]] = field(default_factory=dict)
    cut: dict[str, int] = field(default_factory=dict)
    messages: Messages = ZH

    def text(self, value: str, kind: str) -> str:
        """Control characters removed, trimmed, cut to the field's bound."""
        if not value:
            return ""
        known = self.strings.get((value, kind))
        if known is None:
            text = clean_text(value).strip()
            bound = _BOUNDS[kind]
            known = self.strings[(value, kind)] = (text[:bound], len(text) > bound)
        if known[1]:
            self.cut[kind] = self.cut.get(kind, 0) + 1
        return known[0]

    def time(self, text: str) -> str:
        """A time as written; one out of the range a report can show (year 1, year 10000) is noted:
        the run is kept with its time unknown."""
        if text and out_of_range(text):
            self.cut["time"] = self.cut.get("time", 0) + 1
        return text

    def org(self, value: str) -> str:
        """normalize_org, then the bound (normalising first: NFKC may change the length)."""
        org = normalize_org(value)
        if len(org) > _BOUNDS["org"]:
            self.cut["org"] = self.cut.get("org", 0) + 1
            org = org[:_BOUNDS["org"]].rstrip()
        return org

    def notices(self) -> list[Notice]:
        m = self.messages
        return [Notice(self.name, "updated", m("report.time_unknown", count=n)) if kind == "time" else
                Notice(self.name, kind, m("report.cut", field=m(f"report.field.{kind}"), bound=_BOUNDS[kind], count=n))
                for kind, n in sorted(self.cut.items())]


# ---------------------------------------------------------------- files and folders
def read_paths(paths: Sequence[Path], checklists: Mapping[str, Checklist], *,
               exclude: Sequence[Path] = (), messages: Messages = ZH) -> ReadResult:
    """Every file under `paths` (portalkit.inputs: regular files inside the given folders, never a
    link, a pipe or a device; those are refused with the reason), except the files in `exclude`
    (the command's own outputs). `messages`: the language of reasons and notices."""
    result = ReadResult()
    strings: dict[tuple[str, str], tuple[str, bool]] = {}
    found = find_inputs(paths, messages, exclude=exclude)
    for skipped in found.skipped:
        result.files.append(skipped.display)
        result.refused.append(Refusal(skipped.display, "skipped", skipped.reason))
    for file in found.files:
        try:
            data = read_input(file, LIMITS["importBytes"], messages)
        except InputError as error:
            result.files.append(file.display)
            code = "too-big" if error.code == "too-big" else "unreadable"
            reason = _too_big(file.path.stat().st_size)(messages) if code == "too-big" else str(error)
            result.refused.append(Refusal(file.display, code, reason))
            continue
        read_into(result, file.display, data, checklists, strings, messages=messages, branch=file.branch)
    return result


def read_into(result: ReadResult, name: str, data: bytes, checklists: Mapping[str, Checklist],
              strings: dict[tuple[str, str], tuple[str, bool]] | None = None, *,
              messages: Messages = ZH, branch: str = "") -> None:
    """Reads one file's bytes into `result` (its runs and notices, or its refusal); `branch`: the
    folder the file came from (see branch_of)."""
    result.files.append(name)
    state = _File(name, {} if strings is None else strings, messages=messages)
    try:
        runs = read_bytes(state, data, checklists)
    except Refused as refused:
        result.refused.append(Refusal(name, refused.code, refused.reason(messages)))
        return
    except (ValueError, OverflowError, RecursionError, UnicodeError) as error:
        # one file's surprise never costs the others; its content is never quoted
        result.refused.append(Refusal(name, "bad-field", messages("report.read_failed", kind=type(error).__name__)))
        return
    for run in runs:
        run.branch = branch
    result.runs.extend(runs)
    result.notices.extend(state.notices())


def read_bytes(state: _File, data: bytes, checklists: Mapping[str, Checklist]) -> list[Run]:
    if len(data) > LIMITS["importBytes"]:
        raise Refused("too-big", _too_big(len(data)))
    text = _decode(data)
    start = text.lstrip()
    if not start:
        raise Refused("empty", _reason("report.empty"))
    if start[0] in "{[":
        return _read_json(state, text, checklists)
    return _read_csv(state, text, checklists)


def _too_big(size: int) -> Reason:
    return _reason("report.too_big", size=f"{size / 1024 / 1024:.1f}", limit=LIMITS["importBytes"] // 1024 // 1024)


def _decode(data: bytes) -> str:
    save_as = _reason("report.save_as_csv")
    for signature, what in _SIGNATURES:
        if data.startswith(signature):
            raise Refused("binary", _reason("report.binary", what=_reason(f"report.signature.{what}"),
                                            save_as=save_as))
    if b"\x00" in data:
        raise Refused("binary", _reason("report.binary_nul", save_as=save_as))
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for encoding in ("utf-8", "gb18030"):  # Excel re-saves a CSV as GBK, without BOM
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise Refused("binary", _reason("report.binary_encoding", save_as=save_as))


# ---------------------------------------------------------------- JSON
def _read_json(state: _File, text: str, checklists: Mapping[str, Checklist]) -> list[Run]:
    try:
        data = json.loads(text, parse_int=_small_int, parse_float=_small_float, parse_constant=_no_constant)
    except _NotANumber:
        raise Refused("bad-json", _reason("report.json_number")) from None
    except RecursionError:
        raise Refused("bad-json", _reason("report.json_too_deep")) from None
    except json.JSONDecodeError as error:
        if json_is_cut_short(text):
            raise Refused("truncated-json", _reason("report.json_truncated")) from None
        raise Refused("bad-json", _reason("report.json_bad", line=error.lineno, column=error.colno)) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise Refused("not-export", _reason("report.not_export", format=FORMAT))
    version = data.get("version")
    if type(version) is not int or version not in VERSIONS:
        raise Refused("bad-version", _reason("report.bad_version", version=str(version)[:20]))
    checklist = _checklist_by_id(data.get("checklist"), checklists)
    run = data.get("run")
    if not isinstance(run, dict):
        raise _bad("run", "mapping")
    run_id = run.get("id")
    if run_id is not None and (not isinstance(run_id, str) or not _RUN_ID.fullmatch(run_id)):
        raise _bad("run.id", "run_id")
    subject = state.text(_json_text(run, "subject", "run.subject"), "subject")
    if not subject:
        raise _bad("run.subject", "empty")
    entries: list[Entry] = []
    listed: set[str] = set()
    items = data.get("items")
    run_items = run.get("items")
    for where, listed_items in (("items", items), ("run.items", run_items)):
        if isinstance(listed_items, list | dict) and len(listed_items) > LIMITS["items"]:
            raise Refused("bad-field", _reason("report.too_many_items", where=where, count=len(listed_items),
                                               most=LIMITS["items"]))
    if items is not None:
        if not isinstance(items, list):
            raise _bad("items", "list")
        for i, item in enumerate(items):
            where = f"items[{i}]"
            if not isinstance(item, dict):
                raise _bad(where, "mapping")
            item_id = _item_id(item.get("id"), f"{where}.id")
            if item_id in listed:
                continue  # first wins, as in a CSV
            listed.add(item_id)
            entries.append(_json_entry(state, item_id, item, "status", where))
    if not isinstance(run_items, dict):
        raise _bad("run.items", "mapping")
    # run.items also keeps items the checklist had already dropped when it was exported
    for item_id, item in run_items.items():
        where = f"run.items.{item_id[:40]}"
        _item_id(item_id, where)
        if not isinstance(item, dict):
            raise _bad(where, "mapping")
        if item_id in listed:  # the same state as in `items`: checked, not built again
            if item.get("s", "unchecked") not in STATES:
                raise _bad(f"{where}.s", "status")
            for key in ("note", "text", "section"):
                _json_text(item, key, f"{where}.{key}")
            continue
        listed.add(item_id)
        entries.append(_json_entry(state, item_id, item, "s", where))
    _check_unknown(entries, checklist)
    created = _json_text(run, "created", "run.created")
    updated = state.time(state.text(_json_text(run, "updated", "run.updated"), "updated"))
    exported = data.get("exported")
    return [Run(
        checklist=checklist.id, run_id=run_id or "", subject=subject,
        org=state.org(_json_text(run, "org", "run.org")) if version >= 2 else NO_ORG,
        checker=state.text(_json_text(run, "checker", "run.checker"), "checker"),
        created=created if is_date(created) else "", updated=updated, updated_ms=to_ms(updated),
        exported_ms=to_ms(exported) if isinstance(exported, str) else None,
        entries=entries, file=state.name, version=version, kind="json")]


def _check_unknown(entries: list[Entry], checklist: Checklist) -> None:
    """A run of this checklist holds its items, and at most LIMITS["unknownItems"] the checklist no
    longer has (items removed since the export); more is no export of it, and each one would add a
    row to every table of the report."""
    ids = {item.id for item in checklist.items}
    texts = {item.text.strip() for item in checklist.items}
    unknown = sum(1 for e in entries if (e.item_id not in ids if e.item_id else e.text not in texts))
    if unknown > LIMITS["unknownItems"]:
        raise Refused("bad-field", _reason("report.too_many_unknown_items", count=unknown,
                                           most=LIMITS["unknownItems"], checklist=checklist.title))


class _NotANumber(ValueError):
    """A number no export holds (thousands of digits, NaN, Infinity): int() of 4,300 digits raises,
    and a long one costs quadratic time before that."""


def _small_int(text: str) -> int:
    if len(text) > 20:
        raise _NotANumber
    return int(text)


def _small_float(text: str) -> float:
    if len(text) > 40:
        raise _NotANumber
    return float(text)


def _no_constant(text: str) -> float:
    raise _NotANumber


def json_is_cut_short(text: str) -> bool:
    """True when the text ends inside a string or with a bracket left open: a download or a copy
    that stopped early, as opposed to JSON that is wrong in the middle."""
    depth = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "{[":
            depth += 1
        elif char in "}]":
            depth -= 1
    return in_string or depth > 0


def _json_text(obj: dict[str, Any], key: str, where: str) -> str:
    value = obj.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _bad(where, "text")
    return value


def _item_id(value: object, where: str) -> str:
    if not isinstance(value, str) or not value or len(value) > 200:
        raise _bad(where, "item_id")
    return value


def _json_entry(state: _File, item_id: str, item: dict[str, Any], status_key: str, where: str) -> Entry:
    status = item.get(status_key, "unchecked")
    if status not in STATES:
        raise _bad(f"{where}.{status_key}", "status")
    return Entry(item_id=item_id, section=state.text(_json_text(item, "section", f"{where}.section"), "section"),
                 text=state.text(_json_text(item, "text", f"{where}.text"), "text"),
                 status=status, note=state.text(_json_text(item, "note", f"{where}.note"), "note"))


def _bad(where: str, why: str) -> Refused:
    """A field of a JSON export that is wrong; `why` names its message, report.bad.<why>."""
    return Refused("bad-field", _reason(f"report.bad.{why}", where=where))


def _checklist_by_id(value: object, checklists: Mapping[str, Checklist]) -> Checklist:
    if not isinstance(value, str) or not value:
        raise _bad("checklist", "checklist")
    if value not in checklists:
        raise Refused("unknown-checklist", _reason("report.unknown_checklist", name=clean_text(value)[:64],
                                                   known=Names(tuple(sorted(checklists)))))
    return checklists[value]


# ---------------------------------------------------------------- CSV
# Column positions: version 2 only appends columns, so version 1's positions hold for both.
(_TITLE, _SUBJECT, _SECTION, _TEXT, _REQUIRED, _STATE, _NOTE,
 _ORG, _CHECKER, _UPDATED, _CHECKLIST, _RUN, _ITEM) = range(len(CSV_V2))


def _read_csv(state: _File, text: str, checklists: Mapping[str, Checklist]) -> list[Run]:
    try:
        rows = [(n, [str(c) for c in row]) for n, row in parse_csv(text, state.messages)]
    except SheetError as error:
        raise Refused("bad-field", _Said(str(error))) from None
    if not rows:
        raise Refused("empty", _reason("report.empty"))
    header = _trim_row([cell.strip() for cell in rows[0][1]])
    if tuple(header) not in (CSV_V1, CSV_V2):
        shown = ",".join(header)[:120]
        raise Refused("csv-header", _reason("report.csv_header", expected=",".join(CSV_V2), actual=clean_text(shown)))
    columns = len(header)
    records: list[tuple[int, list[str]]] = []
    for number, row in rows[1:]:
        row = _trim_row(row)
        if len(row) > columns:
            raise Refused("bad-field", _reason("report.csv_too_many_columns", line=number, count=len(row)))
        row += [""] * (columns - len(row))  # Excel drops trailing empty cells
        records.append((number, [cell[1:] if cell[:1] == "'" and _NEUTRALISED.match(cell) else cell
                                 for cell in row]))
    if not records:
        raise Refused("empty", _reason("report.csv_header_only"))
    if columns == len(CSV_V1):
        return [_csv_run(state, records, checklists, version=1)]
    groups: dict[str, list[tuple[int, list[str]]]] = {}
    for number, record in records:
        groups.setdefault(record[_RUN].strip(), []).append((number, record))
    if len(groups) > LIMITS["runsPerFile"]:
        raise Refused("bad-field", _reason("report.too_many_runs", count=len(groups), most=LIMITS["runsPerFile"]))
    return [_csv_run(state, group, checklists, version=2) for group in groups.values()]


def _trim_row(row: list[str]) -> list[str]:
    end = len(row)
    while end and not row[end - 1].strip():
        end -= 1
    return row[:end]


def _csv_run(state: _File, records: list[tuple[int, list[str]]], checklists: Mapping[str, Checklist],
             *, version: int) -> Run:
    first_line, first = records[0]
    if version == 2 and first[_CHECKLIST].strip():
        checklist = _checklist_by_id(first[_CHECKLIST].strip(), checklists)
    else:
        checklist = _checklist_by_title(first[_TITLE].strip(), checklists)
    subject = state.text(first[_SUBJECT], "subject")
    if not subject:
        raise Refused("bad-field", _reason("report.csv_empty_cell", line=first_line, column=CSV_V2[_SUBJECT]))
    run_id = first[_RUN].strip() if version == 2 else ""
    if run_id and not _RUN_ID.fullmatch(run_id):
        raise Refused("bad-field", _reason("report.csv_bad_run_id", line=first_line, column=CSV_V2[_RUN]))
    if len(records) > LIMITS["items"]:
        raise Refused("bad-field", _reason("report.csv_too_many_items", line=first_line, count=len(records),
                                           most=LIMITS["items"]))
    entries: list[Entry] = []
    seen: set[str] = set()
    for number, record in records:
        if version == 1 and (record[_TITLE] != first[_TITLE] or record[_SUBJECT] != first[_SUBJECT]):
            raise Refused("bad-field", _reason("report.csv_v1_mixed", line=number, first=first_line))
        status = CSV_STATES.get(record[_STATE].strip())
        if status is None:
            raise Refused("bad-field", _reason("report.csv_bad_state", line=number, column=CSV_V2[_STATE],
                                               states=Names(tuple(CSV_STATES)),
                                               value=clean_text(record[_STATE])[:20]))
        text = state.text(record[_TEXT], "text")
        item_id = record[_ITEM].strip() if version == 2 else ""
        if not text and not item_id:
            raise Refused("bad-field", _reason("report.csv_empty_cell", line=number, column=CSV_V2[_TEXT]))
        if len(item_id) > 200:
            raise Refused("bad-field", _reason("report.csv_long_item_id", line=number, column=CSV_V2[_ITEM]))
        key = item_id or "\0" + text
        if key in seen:
            continue  # first wins
        seen.add(key)
        entries.append(Entry(item_id=item_id, section=state.text(record[_SECTION], "section"), text=text,
                             status=status, note=state.text(record[_NOTE], "note")))
    _check_unknown(entries, checklist)
    updated = state.time(state.text(first[_UPDATED], "updated")) if version == 2 else ""
    return Run(
        checklist=checklist.id, run_id=run_id, subject=subject,
        org=state.org(first[_ORG]) if version == 2 else NO_ORG,
        checker=state.text(first[_CHECKER], "checker") if version == 2 else "",
        created="", updated=updated, updated_ms=to_ms(updated), exported_ms=None,
        entries=entries, file=state.name, version=version, kind="csv")


def _checklist_by_title(title: str, checklists: Mapping[str, Checklist]) -> Checklist:
    for checklist in checklists.values():
        if checklist.title == title:
            return checklist
    known = Names(tuple(c.title for c in sorted(checklists.values(), key=lambda c: c.id)))
    raise Refused("unknown-checklist", _reason("report.unknown_checklist", name=clean_text(title)[:64], known=known))


def read_all(files: Iterable[tuple[str, bytes]], checklists: Mapping[str, Checklist], *,
             messages: Messages = ZH) -> ReadResult:
    """Reads (name, bytes) pairs already in memory, in the order given (tests, other front ends)."""
    result = ReadResult()
    strings: dict[tuple[str, str], tuple[str, bool]] = {}
    for name, data in files:
        read_into(result, name, data, checklists, strings, messages=messages)
    return result
