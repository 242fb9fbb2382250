"""Runs + the site's checklists → the report model. A pure function: no files, no formats.

Rules (the browser twin follows the same ones; tests/report_vectors/expected.json checks both):

- Checklists are taken in the order of their ids; only checklists with at least one run appear.
- Duplicates: runs with the same checklist and the same run id (from any files, JSON or CSV) are
  one run. The copy counted is the one with the latest `updated`, then the latest `exported`; a
  copy without a readable time counts as oldest; a remaining tie goes to the file whose base name
  sorts first. A run without id (version-1 CSV) is never a duplicate.
- Items: an exported item is matched to the site's item with the same id; an item without id
  (version-1 CSV) to the site's item with the same text. Anything else is an item the checklist no
  longer has: counted under `removed:<exported text>` (the id when the text is empty) and marked
  已从清单中删除. An item of the site's checklist that a run does not mention is 未查. When one
  run mentions an item twice, the first mention counts.
- Compliance rate of an item or a checklist: 符合 ÷ (符合 + 不符合), a whole percent rounded half
  up; none ("—") when both are 0. 不适用 and 未查 do not enter it.
- A run is incomplete when any item of the site's checklist is 未查 in it (removed items do not count).
- Organisations are normalised when read (text.normalize_org); 未注明 is not counted as one. A run
  without one takes the first folder under the given PATH its file came from (Run.branch). Names
  that meet under text.org_key (numerals alike: 第3党支部 = 第三党支部; spaces) are one
  organisation, named as the roster spells it (through its names and aliases), else by the most
  frequent spelling (ties: natural order); with a roster, names it does not know are listed
  (Report.unmatched), never merged by guess. Branches: organisations with runs in natural order,
  then the roster's grass roots (no organisation names them as 上级) that handed in nothing.
- Period: the earliest and the latest Beijing day among the runs' `created` dates and `updated` times.
- Order: runs (核查记录, 整改清单, incomplete runs) by organisation (未注明 last), checklist,
  subject, run id, file base name, then the item's place; rows of a checklist's table: the site's
  items in checklist order, then removed items by text; problems by number of 不符合 (most first),
  then checklist, then the row's place. Organisations and subjects sort in natural order
  (model.natural_key: numbers in Arabic or Chinese numerals by value, so 第二党支部 comes before
  第十党支部), ties by the name itself; all other strings by code point (JavaScript's default sort
  compares UTF-16 units: the same for every character outside the supplementary planes).

`to_json(report)` gives the plain JSON shape the shared vectors hold. Files are named by their base
name (what a browser's File.name gives); lists are in the orders above, except `refused` and
`truncated`, which are sorted by file name (the browser reads files in the order they were dropped):

    {
      "files": 25,                                  # files looked at, read or refused
      "runs": 18,                                   # runs counted, duplicates once
      "orgs": ["机关第一党支部", …],                  # named organisations, natural order
      "unnamedRuns": 3,                             # runs whose organisation is 未注明
      "period": {"from": "2026-09-20", "to": "2026-11-02"} | null,
      "checklists": {
        "<checklist id>": {
          "runs": 5, "subjects": 4, "incomplete": 1,
          "totals": {"ok": 90, "issue": 6, "na": 10, "unchecked": 4, "rate": 94},
          "items": {"<item id>" | "removed:<text>": {"ok": 4, "issue": 1, "na": 0, "unchecked": 0, "rate": 80}}
        }
      },
      "incomplete": [{"checklist", "org", "subject", "unchecked": 3}],
      "problems": [{"checklist", "item": "<key>", "count": 3, "orgs": [...], "subjects": [...],
                    "notes": [non-empty notes in 整改清单 order]}],
      "rectification": [{"org", "subject", "checklist", "item": "<key>", "note"}],
      "duplicates": [{"checklist", "run": "<run id>", "used": "<file>", "files": ["<file>", …]}],
      "refused": [{"file", "code"}],                # codes: see read.py
      "truncated": [{"file", "field"}]              # fields cut to their bound (LIMITS)
    }
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import replace
from pathlib import PurePath
from typing import Any

from portalkit.checklist.model import Checklist
from portalkit.report.model import (
    NO_ORG,
    REMOVED_PREFIX,
    STATUSES,
    BranchRow,
    ChecklistSummary,
    Counts,
    Duplicate,
    Entry,
    ItemRow,
    Problem,
    ReadResult,
    RectRow,
    Report,
    Run,
    RunRow,
    org_sort_key,
    subject_sort_key,
)
from portalkit.report.roster import Roster
from portalkit.report.text import normalize_org, org_key
from portalkit.report.times import beijing_day, beijing_minute, is_date

_NEVER = float("-inf")


def aggregate(read: ReadResult, checklists: Mapping[str, Checklist], roster: Roster | None = None) -> Report:
    order = {cid: i for i, cid in enumerate(sorted(checklists))}
    runs, duplicates = _merge_duplicates(read.runs, checklists, order)
    runs, from_folder, unmatched = _organisations(runs, roster)
    runs.sort(key=lambda r: (org_sort_key(r.org), order[r.checklist], subject_sort_key(r.subject), r.run_id,
                             _base(r.file), r.file))

    summaries: dict[str, ChecklistSummary] = {}
    current_rows: dict[str, dict[str, ItemRow]] = {}
    removed_rows: dict[str, dict[str, ItemRow]] = {}
    by_text: dict[str, dict[str, str]] = {}
    for cid in sorted({r.checklist for r in runs}, key=order.__getitem__):
        checklist = checklists[cid]
        summaries[cid] = ChecklistSummary(id=cid, title=checklist.title, subject=checklist.subject)
        current_rows[cid] = {item.id: ItemRow(item.id, section.title, item.text, removed=False, problem=item.problem)
                             for section in checklist.sections for item in section.items}
        removed_rows[cid] = {}
        by_text[cid] = {}
        for item in checklist.items:
            by_text[cid].setdefault(item.text.strip(), item.id)

    run_rows: list[RunRow] = []
    rectification: list[RectRow] = []
    subjects: dict[str, set[tuple[str, str]]] = {cid: set() for cid in summaries}
    days: list[str] = []
    branches: dict[str, BranchRow] = {}
    for run in runs:
        cid = run.checklist
        summary, current, removed = summaries[cid], current_rows[cid], removed_rows[cid]
        found: dict[str, Entry] = {}
        for entry in run.entries:
            if entry.item_id:
                key = entry.item_id if entry.item_id in current else REMOVED_PREFIX + (entry.text or entry.item_id)
            else:
                key = by_text[cid].get(entry.text) or REMOVED_PREFIX + entry.text
            found.setdefault(key, entry)
        unchecked = 0
        issues: list[tuple[ItemRow, str]] = []
        branch = branches.get(run.org)
        if branch is None:
            known = roster.find(run.org) if roster else None
            branch = branches[run.org] = BranchRow(run.org, kind=known.kind if known else "")
        branch.runs += 1
        for key, row in current.items():
            entry = found.get(key)
            status = entry.status if entry else "unchecked"
            row.counts.add(status)
            branch.counts.add(status)
            unchecked += status == "unchecked"
            if status == "issue" and entry:
                issues.append((row, entry.note))
        for key in sorted(k for k in found if k.startswith(REMOVED_PREFIX)):
            entry = found[key]
            row = removed.get(key)
            if row is None:
                row = removed[key] = ItemRow(key, entry.section, key[len(REMOVED_PREFIX):], removed=True)
            row.counts.add(entry.status)
            branch.counts.add(entry.status)
            if entry.status == "issue":
                issues.append((row, entry.note))
        summary.runs += 1
        summary.incomplete += unchecked > 0
        subjects[cid].add((run.org, run.subject))
        run_rows.append(RunRow(org=run.org, subject=run.subject, checklist=cid, checklist_title=summary.title,
                               checker=run.checker, updated=_shown_time(run), unchecked=unchecked,
                               run_id=run.run_id, file=run.file))
        rectification.extend(RectRow(org=run.org, subject=run.subject, checklist=cid, checklist_title=summary.title,
                                     key=row.key, text=row.text, removed=row.removed, note=note,
                                     problem=row.problem)
                             for row, note in issues)
        if run.created:
            days.append(run.created)
        if run.updated_ms is not None:
            days.append(beijing_day(run.updated_ms))

    for cid, summary in summaries.items():
        summary.rows = [*current_rows[cid].values(), *(removed_rows[cid][k] for k in sorted(removed_rows[cid]))]
        summary.subjects = len(subjects[cid])
        for row in summary.rows:
            for status in STATUSES:
                summary.totals.add(status, getattr(row.counts, status))

    return Report(
        files=list(read.files), runs=run_rows,
        orgs=sorted({r.org for r in runs if r.org != NO_ORG}, key=org_sort_key),
        unnamed_runs=sum(r.org == NO_ORG for r in runs),
        period=(min(days), max(days)) if days else None,
        checklists=list(summaries.values()),
        problems=_problems(rectification, summaries, order),
        rectification=rectification, duplicates=duplicates,
        refused=list(read.refused), notices=list(read.notices),
        branches=_branches(branches, roster), from_folder=from_folder, unmatched=unmatched, roster=roster)


def _organisations(runs: list[Run], roster: Roster | None) -> tuple[list[Run], int, list[str]]:
    """Each run's organisation as the report names it: a run without one takes its file's branch
    folder; spellings that meet under text.org_key (numerals alike, spaces, aliases through the
    roster) become one name: the roster's, else the most frequent spelling (ties: natural order).
    Returns the runs, how many got their folder's name, and the names the roster does not know."""
    from_folder = 0
    named: list[tuple[Run, str]] = []
    for run in runs:
        org = run.org
        if org == NO_ORG and run.branch:
            org = normalize_org(run.branch)
            from_folder += org != NO_ORG
        named.append((run, org))
    spellings: dict[str, Counter[str]] = {}
    for _, org in named:
        if org != NO_ORG:
            spellings.setdefault(org_key(org), Counter())[org] += 1
    shown: dict[str, str] = {}
    unmatched: list[str] = []
    for key, counter in spellings.items():
        known = roster.find(next(iter(counter))) if roster else None
        if known is not None:
            shown[key] = known.name
            continue
        best = min(counter, key=lambda name: (-counter[name], org_sort_key(name)))
        shown[key] = best
        if roster is not None:
            unmatched.append(best)
    out = [run if run.org == (org if org == NO_ORG else shown[org_key(org)]) else
           replace(run, org=org if org == NO_ORG else shown[org_key(org)]) for run, org in named]
    return out, from_folder, sorted(unmatched, key=org_sort_key)


def _branches(found: dict[str, BranchRow], roster: Roster | None) -> list[BranchRow]:
    """Organisations with runs in natural order (未注明 last), then the roster's grass roots that
    handed in nothing, in the roster's order."""
    rows = sorted(found.values(), key=lambda b: org_sort_key(b.org))
    if roster is not None:
        rows += [BranchRow(o.name, kind=o.kind, handed_in=False) for o in roster.grass_roots if o.name not in found]
    return rows


def _merge_duplicates(runs: list[Run], checklists: Mapping[str, Checklist],
                      order: dict[str, int]) -> tuple[list[Run], list[Duplicate]]:
    kept: list[Run] = []
    copies: dict[tuple[str, str], list[Run]] = {}
    for run in runs:
        if run.run_id:
            copies.setdefault((run.checklist, run.run_id), []).append(run)
        else:
            kept.append(run)
    duplicates: list[Duplicate] = []
    for (cid, run_id), same in sorted(copies.items(), key=lambda kv: (order[kv[0][0]], kv[0][1])):
        used = min(same, key=lambda r: (-_or_never(r.updated_ms), -_or_never(r.exported_ms), _base(r.file), r.file))
        kept.append(used)
        if len(same) > 1:
            duplicates.append(Duplicate(checklist=cid, checklist_title=checklists[cid].title, run_id=run_id,
                                        subject=used.subject, org=used.org, used=used.file,
                                        files=sorted({r.file for r in same})))
    return kept, duplicates


def _or_never(ms: int | None) -> float:
    return _NEVER if ms is None else ms


def _shown_time(run: Run) -> str:
    if run.updated_ms is None:
        return run.updated
    return run.updated if is_date(run.updated) else beijing_minute(run.updated_ms)


def _problems(rows: list[RectRow], summaries: dict[str, ChecklistSummary], order: dict[str, int]) -> list[Problem]:
    place = {(cid, row.key): i for cid, s in summaries.items() for i, row in enumerate(s.rows)}
    problems: dict[tuple[str, str], Problem] = {}
    for row in rows:
        problem = problems.get((row.checklist, row.key))
        if problem is None:
            problem = problems[(row.checklist, row.key)] = Problem(
                checklist=row.checklist, checklist_title=row.checklist_title, key=row.key, text=row.text,
                removed=row.removed, problem=row.problem)
        problem.rows.append(row)
    return sorted(problems.values(),
                  key=lambda p: (-p.count, order[p.checklist], place[(p.checklist, p.key)]))


# ---------------------------------------------------------------- the shared JSON shape
def _counts(counts: Counts) -> dict[str, int | None]:
    return {"ok": counts.ok, "issue": counts.issue, "na": counts.na, "unchecked": counts.unchecked,
            "rate": counts.rate}


def _base(name: str) -> str:
    return PurePath(name).name


def to_json(report: Report) -> dict[str, Any]:
    """The report as the plain JSON shape documented at the top of this module."""
    return {
        "files": len(report.files),
        "runs": len(report.runs),
        "orgs": list(report.orgs),
        "unnamedRuns": report.unnamed_runs,
        "period": {"from": report.period[0], "to": report.period[1]} if report.period else None,
        "checklists": {
            s.id: {"runs": s.runs, "subjects": s.subjects, "incomplete": s.incomplete,
                   "totals": _counts(s.totals), "items": {row.key: _counts(row.counts) for row in s.rows}}
            for s in report.checklists},
        "incomplete": [{"checklist": r.checklist, "org": r.org, "subject": r.subject, "unchecked": r.unchecked}
                       for r in report.incomplete],
        "problems": [{"checklist": p.checklist, "item": p.key, "count": p.count, "orgs": p.orgs,
                      "subjects": p.subjects, "notes": p.notes} for p in report.problems],
        "rectification": [{"org": r.org, "subject": r.subject, "checklist": r.checklist, "item": r.key,
                           "note": r.note} for r in report.rectification],
        "duplicates": [{"checklist": d.checklist, "run": d.run_id, "used": _base(d.used),
                        "files": sorted(_base(f) for f in d.files)} for d in report.duplicates],
        "refused": sorted(({"file": _base(r.file), "code": r.code} for r in report.refused),
                          key=lambda r: (r["file"], r["code"])),
        "truncated": sorted(({"file": _base(n.file), "field": n.field} for n in report.notices),
                            key=lambda n: (n["file"], n["field"])),
    }
