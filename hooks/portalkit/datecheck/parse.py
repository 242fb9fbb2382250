"""rules/<edition>.yml → `RuleSet`, through the same loader and field readers as the quiz banks:
every problem with file, line, column and field, all at once."""

from __future__ import annotations

import difflib
from pathlib import Path

from portalkit.datecheck.model import KINDS, SEVERITIES, UNITS, DateField, Rule, RuleSet
from portalkit.fields import Fields, describe
from portalkit.problems import ProblemLog
from portalkit.yamlsource import Located, load_yaml

RULESET_KEYS = ("title", "notes", "dates", "rules")
DATE_KEYS = ("id", "label", "column")
RULE_KEYS = ("id", "title", "kind", "from", "to", "amount", "unit", "extended", "early", "severity",
             "deadline", "message", "basis", "see")
KIND_HINT = "order（先后顺序）、min（至少间隔）、max（最多间隔）、exact（恰好间隔）、duration（首尾都算的天数）"


def load_ruleset(path: Path, log: ProblemLog) -> RuleSet | None:
    root = load_yaml(path, log)
    top = Fields.of(root, path, log, "", RULESET_KEYS, "时限规则文件")
    if top is None:
        return None
    ruleset = RuleSet(id=path.stem, title=top.text("title", hint="例如 title: 2014 年版《细则》时限规则") or path.stem,
                      notes=top.text("notes", required=False, markdown=True) or "", source=str(path),
                      notes_line=top.get("notes").line if top.has("notes") else 0)
    for key, what in (("dates", "日期"), ("rules", "规则")):
        node = top.get(key)
        if node is None:
            top.missing(key, f"需要{what}的列表。")
        elif not node.is_sequence or not node.items:
            top.problem(key, f"应为非空的{what}列表（每项以“- ”开头），实际是{describe(node.value)}。")
    dates = top.get("dates")
    if dates is not None and dates.is_sequence:
        _dates(dates, path, log, ruleset)
    rules = top.get("rules")
    if rules is not None and rules.is_sequence:
        _rules(rules, path, log, ruleset)
    top.done()
    return ruleset


def _dates(node: Located, path: Path, log: ProblemLog, ruleset: RuleSet) -> None:
    ids: dict[str, int] = {}
    columns: dict[str, int] = {}
    for i, item in enumerate(node.items):
        f = Fields.of(item, path, log, f"dates[{i}]", DATE_KEYS, "一个日期")
        if f is None:
            continue
        date_id = f.identifier("id", what="日期")
        label = f.text("label", hint="表单上显示的名称，例如 label: 确定为发展对象")
        column = f.text("column", required=False) or label
        if date_id and date_id in ids:
            f.problem("id", f"日期 id “{date_id}”重复（第 {ids[date_id]} 行已用过）。")
        if column and column in columns:
            f.problem("column" if f.has("column") else "label",
                      f"CSV 列名 “{column}”重复（第 {columns[column]} 行已用过）：每个日期的列名必须不同。")
        f.done()
        if date_id and date_id not in ids:  # kept even with a bad label: rules may refer to it
            ids[date_id] = item.line
            column = column or date_id
            columns.setdefault(column, item.line)
            ruleset.dates.append(DateField(date_id, label or date_id, column, item.line))


def _rules(node: Located, path: Path, log: ProblemLog, ruleset: RuleSet) -> None:
    known = ruleset.date_by_id
    ids: dict[str, int] = {}
    for i, item in enumerate(node.items):
        f = Fields.of(item, path, log, f"rules[{i}]", RULE_KEYS, "一条规则")
        if f is None:
            continue
        rule = _rule(f, known)
        if rule is None:
            continue
        if rule.id in ids:
            f.problem("id", f"规则 id “{rule.id}”重复（第 {ids[rule.id]} 行已用过）。")
            continue
        ids[rule.id] = rule.line
        ruleset.rules.append(rule)


def _date_ref(f: Fields, key: str, known: dict[str, DateField]) -> str | None:
    value = f.text(key, hint="写 dates 中某个日期的 id。")
    if value is None or value in known:
        return value
    close = difflib.get_close_matches(value, list(known), n=1)
    hint = f"是不是 {close[0]}？" if close else f"可用：{'、'.join(known)}。"
    f.problem(key, f"“{value}”不是 dates 中的日期 id。{hint}")
    return None


def _rule(f: Fields, known: dict[str, DateField]) -> Rule | None:
    rule_id = f.identifier("id", what="规则")
    title = f.text("title", hint="规则的简称，用在表格和导出的 CSV 里，例如 title: 一年以上培养考察")
    kind = f.text("kind", hint=f"可用：{KIND_HINT}。")
    if kind is not None and kind not in KINDS:
        close = difflib.get_close_matches(kind, KINDS, n=1)
        f.problem("kind", f"未知的规则类型 “{kind}”。" + (f"是不是 {close[0]}？" if close else f"可用：{KIND_HINT}。"))
        kind = None
    start, end = _date_ref(f, "from", known), _date_ref(f, "to", known)
    if start and end and start == end:
        f.problem("to", "from 和 to 是同一个日期：规则要比较两个不同的日期。")
    # notes and message are Markdown; title, labels, deadline and basis are escaped text
    message = f.text("message", hint="用中文写出规则本身，例如 message: 收到入党申请书后一个月内派人谈话。",
                     markdown=True)
    see = f.text("see", hint="链接到规则所在页面和锚点，例如 see: procedures/stage-1.md#step-2。")
    rule = Rule(id=rule_id or "", title=title or "", kind=kind or "order", from_=start or "", to=end or "",
                message=message or "", see=see or "", deadline=f.text("deadline", required=False) or "",
                basis=f.text("basis", required=False) or "", line=f.node.line,
                see_line=f.get("see").line if f.has("see") else f.node.line)
    severity = f.text("severity", required=False)
    if severity is not None and severity not in SEVERITIES:
        f.problem("severity", f"severity 应为 error（违反）或 warning（只提醒），实际是 “{severity}”。")
    rule.severity = severity if severity in SEVERITIES else "error"
    if kind is not None:
        _amounts(f, rule, kind)
    f.done()
    return rule if f.ok else None


def _amounts(f: Fields, rule: Rule, kind: str) -> None:
    if kind == "order":
        for key in ("amount", "unit", "extended", "early"):
            if f.has(key):
                f.problem(key, f"order（先后顺序）规则只比较先后，不用 {key}。")
        return
    if not f.has("amount"):
        f.missing("amount", "写间隔的数量，例如 amount: 1（配合 unit: years 表示一年）。")
    rule.amount = f.number("amount", default=0, minimum=1) or 0
    unit = f.text("unit", required=kind != "duration", hint="可用：days（天）、months（月）、years（年）。")
    if unit is not None and unit not in UNITS:
        f.problem("unit", f"unit 应为 days（天）、months（月）或 years（年），实际是 “{unit}”。")
    elif kind == "duration" and unit not in (None, "days"):
        f.problem("unit", "duration（首尾都算的天数）只能按天计算：unit 应为 days 或省略。")
    else:
        rule.unit = unit or "days"
    if f.has("extended"):
        if kind != "max":
            f.problem("extended", "extended（特殊情况可延长到）只用于 max 规则。")
        else:
            rule.extended = f.number("extended", default=0, minimum=1) or 0
            if rule.amount and rule.extended and rule.extended <= rule.amount:
                f.problem("extended", f"extended 应大于 amount（{rule.amount}），实际是 {rule.extended}。")
    if f.has("early"):
        if kind != "exact":
            f.problem("early", "early（提前几天只提醒）只用于 exact 规则。")
        else:
            rule.early = f.number("early", default=0, minimum=1, maximum=31) or 0
