"""Candidates and their outlooks -> the ledger table, the same on the page (assets/ledger.js) and
in the command's workbook: one row per candidate, overdue first, then the nearest deadline.

The column names are file format (a program may read the export back): fixed, whatever the
interface language, like the date checker's export. The words inside cells are the site's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from portalkit.datecheck.model import Rule, RuleSet
from portalkit.i18n import ZH, Messages
from portalkit.ledger.forward import Outlook, Step, outlook
from portalkit.ledger.read import Candidate

HEAD = ("行", "姓名", "阶段", "下一步", "最早日期", "期限", "剩余天数", "逾期", "本单位要求", "缺少的记录",
        "违反的规则", "提醒", "无法读取的单元格")
STEP_HEAD = ("行", "姓名", "阶段", "事项", "最早日期", "期限", "特殊情况期限", "状态", "规则", "依据", "本单位要求")


@dataclass
class Entry:
    candidate: Candidate
    outlook: Outlook


def build(candidates: list[Candidate], ruleset: RuleSet, today: date) -> list[Entry]:
    entries = [Entry(c, outlook(ruleset, c.dates, today, c.events, c.extension)) for c in candidates]
    entries.sort(key=_order)
    return entries


def _order(entry: Entry) -> tuple[int, date, int]:
    nxt = entry.outlook.next
    if nxt is None:
        return (3, date.max, entry.candidate.row)
    rank = 0 if nxt.state == "overdue" else 1 if nxt.latest else 2
    return (rank, nxt.latest or nxt.earliest or date.max, entry.candidate.row)


def step_name(rule: Rule, m: Messages = ZH) -> str:
    name = rule.deadline or rule.title
    return m("ledger.local_mark", name=name) if rule.local else name


def stage_label(entry: Entry, ruleset: RuleSet, m: Messages = ZH) -> str:
    stage = next((s for s in ruleset.stages if s.id == entry.outlook.stage), None)
    label = stage.label if stage else m("ledger.no_stage")
    return m("ledger.extended_stage", stage=label) if entry.outlook.extended and stage and not stage.closed else label


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


def _names(steps: list[Step], m: Messages) -> str:
    return m("ledger.list_sep").join(f"{step_name(s.rule, m)}（{_day(s.latest)}）" if s.latest else step_name(s.rule, m)
                                     for s in steps)


def local_steps(steps: list[Step], m: Messages = ZH) -> str:
    """The unit's own duties still ahead (本单位要求 column), apart from the edition's, so that a
    secretary can filter them: "最迟下一次思想汇报：2026-04-15（逾期）"."""
    return m("ledger.list_sep").join(
        m("ledger.local_step" if s.latest else "ledger.local_step_open", step=s.rule.deadline or s.rule.title,
          day=_day(s.latest or s.earliest), state=m(f"ledger.state_{s.state}"))
        for s in steps if s.rule.local and s.state != "missing")


def row(entry: Entry, ruleset: RuleSet, m: Messages = ZH) -> list[str]:
    c, o = entry.candidate, entry.outlook
    nxt = o.next
    titles = {r.id: (m("ledger.local_mark", name=r.title) if r.local else r.title) for r in ruleset.rules}
    sep = m("ledger.list_sep")
    return [
        str(c.row), c.name, stage_label(entry, ruleset, m),
        step_name(nxt.rule, m) if nxt else "", _day(nxt.earliest) if nxt else "", _day(nxt.latest) if nxt else "",
        str(nxt.days_left) if nxt and nxt.days_left is not None else "",
        _names(o.overdue, m), local_steps(o.steps, m), _names([s for s in o.steps if s.state == "missing"], m),
        sep.join(titles[f.rule] for f in o.broken), sep.join(titles[f.rule] for f in o.warnings),
        sep.join(f"{p.column}{p.row}" for p in c.problems),
    ]


def step_rows(entries: list[Entry], ruleset: RuleSet, m: Messages = ZH) -> list[list[str]]:
    """One row per pending step of every candidate: the calendar's content as a table."""
    rows = []
    for entry in entries:
        stage = stage_label(entry, ruleset, m)
        for s in entry.outlook.steps:
            rows.append([str(entry.candidate.row), entry.candidate.name, stage, step_name(s.rule, m),
                         _day(s.earliest), _day(s.latest), _day(s.special), m(f"ledger.state_{s.state}"),
                         s.rule.title, s.rule.basis, m("ledger.yes") if s.rule.local else ""])
    return rows
