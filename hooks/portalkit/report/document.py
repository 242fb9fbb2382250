"""The report's content, once: the document report.docx and report.md both print, and the working
notes (汇总说明.md) that go beside it.

Shaped like a bureau's self-inspection report sent upward (基本情况, 逐项核查情况, 存在的问题,
改进措施, with the 整改清单 as 附件), in the layout of `portalkit.officialdoc`. Every word comes from
the `reportdoc.*` catalog of the site's language, the one wording source the report page shares.
Only the report is in the report: files, record ids, duplicates, refusals and unfinished runs are
working notes (`build_notes`)."""

from __future__ import annotations

import datetime
import re
from collections import Counter
from dataclasses import dataclass

from portalkit.i18n import Messages
from portalkit.officialdoc import Appendix, Column, Document, Heading, Para, Table, cn_number, date_text, ordinal
from portalkit.officialdoc.model import Block
from portalkit.report.model import NO_ORG, Counts, Problem, RectRow, Report

DEFAULT_PROBLEMS = 5  # 三、存在的问题 names this many main problems unless told otherwise
SHOWN_NAMES = 5  # organisations named in one problem's paragraph; the 整改清单 has them all
SHOWN_NOTES = 3  # distinct notes quoted under a problem, most frequent first
SHOWN_MISSING = 60  # organisations named as not handed in; beyond, the 党组织 sheet lists them
_LINES = re.compile(r"\s*\n\s*")
# a closing full stop, semicolon or comma (both widths): the sentence around the note has its own
_END = re.compile("[.;,\u3002\uff1b\uff0c]+$")


@dataclass(frozen=True, slots=True)
class Options:
    date: datetime.date  # 成文日期
    unit: str = ""  # the issuing unit: in the title and the sign-off
    to: str = ""  # 主送机关
    problems: int = DEFAULT_PROBLEMS


class Words:
    """The catalog's `reportdoc.*` with the numbers put in."""

    def __init__(self, messages: Messages) -> None:
        self.m = messages
        self.language = "zh" if messages.language == "zh" else "en"

    def __call__(self, key: str, /, **fields: object) -> str:
        return self.m(f"reportdoc.{key}", **fields)

    def rate(self, counts: Counts) -> str:
        return self("rate_none") if counts.rate is None else f"{counts.rate}%"

    def names(self, names: list[str], shown: int) -> str:
        joined = self("list_separator").join(names[:shown])
        return joined if len(names) <= shown else self("names_more", names=joined)

    def heading(self, level: int, n: int, key: str) -> Heading:
        return Heading(level, ordinal(self.language, level, n) + self(key))

    def nth(self, n: int) -> str:
        return cn_number(n) if self.language == "zh" else str(n)

    def counted(self, subject: str, count: int) -> str:
        """发展对象91名, 会议44次, 44个年度: the measure word by what is counted, and where it goes."""
        if subject.endswith(("对象", "党员", "人", "积极分子")):
            return self("counted_person", subject=subject, count=count)
        if subject.endswith("会议"):
            return self("counted_meeting", subject=subject, count=count)
        return self("counted_other", subject=subject, count=count)

    def problem_count(self, subject: str, count: int) -> str:
        if subject.endswith(("对象", "党员", "人", "积极分子")):
            return self("problem_person", count=count)
        if subject.endswith("会议"):
            return self("problem_meeting", count=count)
        return self("problem_other", count=count)

    def problem_text(self, problem: str, text: str, removed: bool) -> str:
        """The item's `problem:` wording, else the fixed frame around its text."""
        return problem or self("fallback", text=text + (self("removed") if removed else ""))


def title_of(words: Words, options: Options) -> str:
    return words("title_unit", unit=options.unit) if options.unit else words("title")


def build(report: Report, options: Options, messages: Messages, subjects: dict[str, str] | None = None) -> Document:
    """`subjects`: what one run of each checklist checks (发展对象, 会议), by checklist id; by default
    the report's own summaries say."""
    words = Words(messages)
    subject_of = subjects or {s.id: s.subject for s in report.checklists}
    blocks: list[Block] = [Para(words("opening", runs=len(report.runs)))]
    blocks += _basics(report, words)
    blocks += _items(report, words)
    blocks += _problems(report, words, options.problems, subject_of)
    blocks += [words.heading(1, 4, "h_measures"), Para("")]  # for the author
    return Document(words.language, title_of(words, options), blocks, addressee=options.to, unit=options.unit,
                    date=options.date,
                    appendices=[Appendix(words("appendix_label"), words("appendix_title"),
                                         [_rectification(report.rectification, words)], landscape=True)])


# ---------------------------------------------------------------- 一、基本情况
def _basics(report: Report, words: Words) -> list[Block]:
    blocks: list[Block] = [words.heading(1, 1, "h_basics")]
    text = ""
    roster = report.roster
    if roster is not None:
        kinds = words("list_separator").join(words("roster_kind", kind=kind or words("kind_unknown"), count=count)
                                             for kind, count in roster.kinds())
        text += words("roster", count=len(roster.organisations), kinds=kinds)
        expected = len(roster.grass_roots)
        missing = [b.org for b in report.missing]
        if missing:
            text += words("coverage", expected=expected, handed=expected - len(missing), missing=len(missing),
                          names=words.names(missing, SHOWN_MISSING))
        else:
            text += words("coverage_all", expected=expected)
        if report.unmatched:
            text += words("outside", count=len(report.unmatched))
    elif report.orgs:
        text += words("orgs", count=len(report.orgs))
    if report.from_folder:
        text += words("from_folder", count=report.from_folder)
    if report.unnamed_runs:
        text += words("unnamed", count=report.unnamed_runs)
    if not report.runs:
        text += words("no_runs")
    if text:
        blocks.append(Para(text))
    for i, s in enumerate(report.checklists, 1):
        rest = (words("checklist_incomplete", count=s.incomplete) if s.incomplete
                else words("checklist_complete"))
        blocks.append(Para(words("checklist", n=ordinal(words.language, 2, i), title=s.title,
                                 counted=words.counted(s.subject, s.subjects), runs=s.runs, rest=rest)))
    if report.period:
        start, end = (date_text(words.language, datetime.date.fromisoformat(d)) for d in report.period)
        blocks.append(Para(words("period_day", day=start) if start == end else words("period", start=start, end=end)))
    return blocks


# ---------------------------------------------------------------- 二、逐项核查情况
def _counts_columns(words: Words) -> list[Column]:
    return [Column(words(f"col_{k}"), "number") for k in ("ok", "issue", "na", "unchecked", "rate")]


def _count_cells(words: Words, c: Counts) -> list[str | int]:
    return [c.ok, c.issue, c.na, c.unchecked, words.rate(c)]


def _items(report: Report, words: Words) -> list[Block]:
    blocks: list[Block] = [words.heading(1, 2, "h_items")]
    total = report.totals
    judged = total.ok + total.issue + total.na + total.unchecked
    branches = [b for b in report.branches if b.handed_in]
    if branches:
        blocks.append(Para(words("branch_lead", total=judged, ok=total.ok, issue=total.issue, rate=words.rate(total))))
        table = Table([Column(words("col_org")), Column(words("col_runs"), "number"), *_counts_columns(words)])
        for b in branches:
            table.add(b.org, b.runs, *_count_cells(words, b.counts))
        table.add(words("total"), len(report.runs), *_count_cells(words, total), kind="total")
        blocks.append(table)
    for i, s in enumerate(report.checklists, 1):
        t = s.totals
        blocks.append(Heading(2, ordinal(words.language, 2, i) + s.title))
        blocks.append(Para(words("checklist_lead", runs=s.runs, total=t.ok + t.issue + t.na + t.unchecked, ok=t.ok,
                                 issue=t.issue, na=t.na, unchecked=t.unchecked, rate=words.rate(t))))
        table = Table([Column(words("col_item")), *_counts_columns(words)])
        section = None
        for row in s.rows:
            if row.section != section and row.section:
                table.add(row.section, kind="group")
            section = row.section
            table.add(row.text + (words("removed") if row.removed else ""), *_count_cells(words, row.counts))
        table.add(words("total"), *_count_cells(words, t), kind="total")
        blocks.append(table)
    return blocks


# ---------------------------------------------------------------- 三、存在的问题
def _problems(report: Report, words: Words, limit: int, subjects: dict[str, str]) -> list[Block]:
    blocks: list[Block] = [words.heading(1, 3, "h_problems")]
    if not report.problems:
        blocks.append(Para(words("no_problems")))
        return blocks
    blocks.append(Para(words("problems_lead", issues=len(report.rectification), items=len(report.problems))))
    shown = report.problems[:max(limit, 0)]
    for i, p in enumerate(shown, 1):
        blocks.append(Para(problem_paragraph(p, i, words, subjects.get(p.checklist, ""))))
    rest = len(report.problems) - len(shown)
    blocks.append(Para(words("problems_rest", count=rest) if rest else words("problems_all")))
    return blocks


def problem_paragraph(p: Problem, i: int, words: Words, subject: str) -> str:
    """一是{problem}。共{n}人次，涉及{m}个党组织（…）。 then up to three distinct notes, most frequent first."""
    orgs = [o for o in p.orgs if o != NO_ORG]
    text = words("problem", nth=words.nth(i), problem=words.problem_text(p.problem, p.text, p.removed),
                 count=words.problem_count(subject, p.count), orgs=len(orgs) or len(p.orgs),
                 names=words.names(orgs or p.orgs, SHOWN_NAMES))
    notes = top_notes(p.notes, words_separator=words("note_lines"))
    if notes:
        text += words("problem_notes", notes="".join(words("quoted", text=n) for n in notes))
    return text


def top_notes(notes: list[str], shown: int = SHOWN_NOTES, words_separator: str = "; ") -> list[str]:
    """Distinct notes (compared without surrounding spaces and a closing full stop; the lines of a
    note joined by `words_separator`), most frequent first, ties in the order they first appear."""
    cleaned = [_END.sub("", _LINES.sub(words_separator, n.strip())) for n in notes]
    counts = Counter(n for n in cleaned if n)
    first = {n: i for i, n in reversed(list(enumerate(cleaned)))}
    return sorted(counts, key=lambda n: (-counts[n], first[n]))[:shown]


# ---------------------------------------------------------------- 附件：整改清单
def _rectification(rows: list[RectRow], words: Words) -> Table:
    table = Table([Column(words("col_index"), "index"), Column(words("col_org"), weight=2),
                   Column(words("col_subject"), weight=2), Column(words("col_problem"), weight=5),
                   Column(words("col_measure"), "fill", min_cm=3), Column(words("col_owner"), "fill", min_cm=3),
                   Column(words("col_deadline"), "fill", min_cm=3)])
    for i, r in enumerate(rows, 1):
        table.add(i, r.org, r.subject, rectification_problem(r, words), "", "", "")
    return table


def rectification_problem(r: RectRow, words: Words) -> str:
    text = words.problem_text(r.problem, r.text, r.removed)
    return text + (words("note", note=r.note) if r.note else "")


# ---------------------------------------------------------------- 汇总说明.md
def build_notes(report: Report, messages: Messages) -> Document:
    """The working notes beside the report: what was read, refused, counted once, cut, left
    unfinished, and which names the roster does not know."""
    words = Words(messages)
    blocks: list[Block] = [Para(words("notes_intro", files=len(report.files), runs=len(report.runs)))]
    n = 0

    def section(key: str) -> None:
        nonlocal n
        n += 1
        blocks.append(Heading(1, ordinal(words.language, 1, n) + words(key)))

    if report.refused:
        section("notes_refused")
        blocks.append(Para(words("notes_refused_lead")))
        table = Table([Column(words("col_file")), Column(words("col_reason"), weight=2)])
        for r in report.refused:
            table.add(r.file, r.reason)
        blocks.append(table)
    if report.duplicates:
        section("notes_duplicates")
        blocks.append(Para(words("notes_duplicates_lead")))
        table = Table([Column(words(f"col_{k}")) for k in ("checklist", "subject", "org", "run_id", "used", "files")])
        for d in report.duplicates:
            table.add(d.checklist_title, d.subject, d.org, d.run_id, d.used, "\n".join(d.files))
        blocks.append(table)
    if report.incomplete:
        section("notes_incomplete")
        table = Table([Column(words("col_org")), Column(words("col_subject")), Column(words("col_checklist")),
                       Column(words("col_unchecked_items"), "number")])
        for r in report.incomplete:
            table.add(r.org, r.subject, r.checklist_title, r.unchecked)
        blocks.append(table)
    if report.notices:
        section("notes_truncated")
        table = Table([Column(words("col_file")), Column(words("col_explanation"), weight=2)])
        for notice in report.notices:
            table.add(notice.file, notice.message)
        blocks.append(table)
    if report.from_folder:
        section("notes_folder")
        blocks.append(Para(words("notes_folder_lead", count=report.from_folder)))
    if report.unmatched:
        section("notes_unmatched")
        blocks.append(Para(words("notes_unmatched_lead",
                                 names=words("list_separator").join(report.unmatched))))
    return Document(words.language, words("notes_title"), blocks)
