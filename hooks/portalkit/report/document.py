"""The report's text, once: headings, paragraphs and tables that report.docx and report.md both print.

Shaped like a bureau's self-inspection report (基本情况, 逐项核查情况, 存在的问题, 改进措施, with
the 整改清单 attached). Headings and column names are file format: fixed strings here, whatever the
interface language, so that readers of the files (and the browser twin) can rely on them."""

from __future__ import annotations

from dataclasses import dataclass, field

from portalkit.report.model import Counts, Report

TITLE = "发展党员工作自查报告"
H_BASICS = "一、基本情况"
H_ITEMS = "二、逐项核查情况"
H_PROBLEMS = "三、存在的问题"
H_MEASURES = "四、改进措施"
H_RECTIFICATION = "附：整改清单"
H_INCOMPLETE = "附：未查完的核查记录"
H_DUPLICATES = "附：重复的核查记录"
H_REFUSED = "附：未能读取的文件"
H_NOTICES = "附：读取时截断的内容"

COLUMNS_ITEMS = ("分节", "检查项", "符合", "不符合", "不适用", "未查", "符合率")
COLUMNS_RECTIFICATION = ("党组织", "核查对象", "清单", "检查项", "备注", "整改责任人", "完成时限")
COLUMNS_INCOMPLETE = ("党组织", "核查对象", "清单", "未查项数")
COLUMNS_DUPLICATES = ("清单", "核查对象", "党组织", "记录编号", "计入的文件", "全部文件")
COLUMNS_REFUSED = ("文件", "原因")
COLUMNS_NOTICES = ("文件", "说明")
REMOVED_MARK = "（已从清单中删除）"
RATE_RULE = ("符合率 = 符合 ÷（符合 + 不符合），取整数百分比（四舍五入）；符合和不符合都为 0 时记“—”。"
             "不适用和未查不计入符合率。")
# A problem's paragraph names at most this many persons and notes; the 整改清单 has them all.
SHOWN = 20
SHOWN_ORGS = 60


@dataclass
class Heading:
    level: int  # 0 = the title
    text: str


@dataclass
class Para:
    text: str  # may hold line breaks (notes)


@dataclass
class Table:
    columns: tuple[str, ...]
    rows: list[list[str | int]] = field(default_factory=list)
    numeric: frozenset[int] = frozenset()  # columns aligned right
    landscape: bool = False  # wide: the Word writer gives it a landscape page


Block = Heading | Para | Table


def rate_text(counts: Counts) -> str:
    rate = counts.rate
    return "—" if rate is None else f"{rate}%"


def day_text(day: str) -> str:
    year, month, date = day.split("-")
    return f"{int(year)}年{int(month)}月{int(date)}日"


_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 21 → 二十一; beyond 99 Arabic digits (no report lists that many problems by hand)."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    return ("" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")) + (_DIGITS[ones] if ones else "")


def _measure(subject: str) -> str:
    if subject.endswith(("对象", "党员", "人", "积极分子")):
        return "名"
    if subject.endswith("会议"):
        return "次"
    return "个"


def _listing(names: list[str], unit: str) -> str:
    shown = "、".join(names[:SHOWN])
    return shown if len(names) <= SHOWN else f"{shown}等 {len(names)} {unit}"


def build(report: Report) -> list[Block]:
    blocks: list[Block] = [Heading(0, TITLE)]
    blocks.append(Para(_opening(report)))
    blocks += _basics(report)
    blocks += _items(report)
    blocks += _problems(report)
    blocks += [Heading(1, H_MEASURES), Para("")]  # for the author
    blocks += _appendices(report)
    return blocks


def _opening(report: Report) -> str:
    text = (f"本报告草稿根据各党组织导出的核查记录汇总生成：共读取文件 {len(report.files)} 个，"
            f"计入核查记录 {len(report.runs)} 条")
    if report.duplicates:
        text += f"（{len(report.duplicates)} 条核查记录出现在多个文件中，只计一次，见“{H_DUPLICATES}”）"
    if report.refused:
        text += f"；{len(report.refused)} 个文件未能读取，未计入，见“{H_REFUSED}”"
    return text + "。“四、改进措施”请撰写人补充。"


def _basics(report: Report) -> list[Block]:
    blocks: list[Block] = [Heading(1, H_BASICS)]
    if report.orgs:
        text = f"本次自查覆盖党组织 {len(report.orgs)} 个"
        # a bureau's 57 organisations are named; a province's 500 would fill pages (核查记录 lists them)
        if len(report.orgs) <= SHOWN_ORGS:
            text += f"：{'、'.join(report.orgs)}。"
        else:
            text += "（名单见 report.xlsx 的“核查记录”）。"
        if report.unnamed_runs:
            text += f"另有 {report.unnamed_runs} 条核查记录未注明党组织。"
    elif report.unnamed_runs:
        text = f"核查记录均未注明党组织（共 {report.unnamed_runs} 条）。"
    else:
        text = "没有读到核查记录。"
    blocks.append(Para(text))
    for i, s in enumerate(report.checklists, 1):
        text = (f"（{cn_number(i)}）{s.title}：核查{s.subject} {s.subjects} {_measure(s.subject)}，"
                f"核查记录 {s.runs} 条")
        text += f"，其中 {s.incomplete} 条尚有检查项未查。" if s.incomplete else "，各项均已核查。"
        blocks.append(Para(text))
    if report.period:
        start, end = report.period
        when = day_text(start) if start == end else f"{day_text(start)}至{day_text(end)}"
        blocks.append(Para(f"核查时间：{when}。"))
    incomplete = report.incomplete
    if incomplete:
        blocks.append(Para(f"尚未查完的核查记录 {len(incomplete)} 条，见“{H_INCOMPLETE}”。"))
    return blocks


def _items(report: Report) -> list[Block]:
    blocks: list[Block] = [Heading(1, H_ITEMS), Para(RATE_RULE)]
    if not report.checklists:
        blocks.append(Para("无。"))
    for i, s in enumerate(report.checklists, 1):
        t = s.totals
        blocks.append(Heading(2, f"（{cn_number(i)}）{s.title}"))
        blocks.append(Para(f"核查记录 {s.runs} 条，共核查 {t.ok + t.issue + t.na + t.unchecked} 项次："
                           f"符合 {t.ok}，不符合 {t.issue}，不适用 {t.na}，未查 {t.unchecked}，"
                           f"符合率 {rate_text(t)}。"))
        table = Table(COLUMNS_ITEMS, numeric=frozenset({2, 3, 4, 5, 6}))
        for row in s.rows:
            c = row.counts
            table.rows.append([row.section, row.text + (REMOVED_MARK if row.removed else ""),
                               c.ok, c.issue, c.na, c.unchecked, rate_text(c)])
        table.rows.append(["合计", "", t.ok, t.issue, t.na, t.unchecked, rate_text(t)])
        blocks.append(table)
    return blocks


def _problems(report: Report) -> list[Block]:
    blocks: list[Block] = [Heading(1, H_PROBLEMS)]
    if not report.problems:
        blocks.append(Para("本次自查未发现不符合的检查项。"))
        return blocks
    blocks.append(Para(f"自查中共发现不符合 {len(report.rectification)} 项次，涉及 {len(report.problems)} 个检查项，"
                       "按出现次数从多到少列出如下（逐条见“附：整改清单”）："))
    for i, p in enumerate(report.problems, 1):
        text = (f"{cn_number(i)}是{p.text}{REMOVED_MARK if p.removed else ''}（{p.checklist_title}），"
                f"不符合 {p.count} 次；党组织：{_listing(p.orgs, '个')}；"
                f"核查对象：{_listing(p.subjects, '个')}。")
        notes = p.notes
        if notes:
            text += "\n备注：" + "；".join(notes[:SHOWN]) + ("等。" if len(notes) > SHOWN else "。")
        blocks.append(Para(text))
    return blocks


def _appendices(report: Report) -> list[Block]:
    blocks: list[Block] = [Heading(1, H_RECTIFICATION)]
    if report.rectification:
        blocks.append(Table(COLUMNS_RECTIFICATION, [
            [r.org, r.subject, r.checklist_title, r.text + (REMOVED_MARK if r.removed else ""), r.note, "", ""]
            for r in report.rectification], landscape=True))
    else:
        blocks.append(Para("无。"))
    if report.incomplete:
        blocks += [Heading(1, H_INCOMPLETE), Table(COLUMNS_INCOMPLETE, [
            [r.org, r.subject, r.checklist_title, r.unchecked] for r in report.incomplete], numeric=frozenset({3}))]
    if report.duplicates:
        blocks += [Heading(1, H_DUPLICATES),
                   Para("同一条核查记录（同一清单、同一记录编号）出现在多个文件中时只计一次，计入更新时间最晚的一份。"),
                   Table(COLUMNS_DUPLICATES, [
                       [d.checklist_title, d.subject, d.org, d.run_id, d.used, "\n".join(d.files)]
                       for d in report.duplicates])]
    if report.refused:
        blocks += [Heading(1, H_REFUSED), Para("这些文件没有计入本报告。"),
                   Table(COLUMNS_REFUSED, [[r.file, r.reason] for r in report.refused])]
    if report.notices:
        blocks += [Heading(1, H_NOTICES), Table(COLUMNS_NOTICES, [[n.file, n.message] for n in report.notices])]
    return blocks
