"""Rule set → the checker block (form built by the runtime from the embedded JSON) and the
generated time-limits table. Both come from the same `RuleSet`, so they cannot disagree."""

from __future__ import annotations

from typing import Any

from portalkit.datecheck.model import UNIT_LABELS, Rule, RuleSet
from portalkit.quiz.render import dump_json
from portalkit.richtext import RichText
from portalkit.templating import Templates

NAME_COLUMN = "姓名"

# Strings the runtime shows; {0}, {1} … are filled in by the runtime.
UI_TEXT = {
    "status": {"broken": "违反", "warning": "提醒", "met": "符合", "unknown": "无法核对"},
    "missing": "缺少日期：{0}",
    "summary": "违反 {0} 条，提醒 {1} 条，符合 {2} 条，无法核对 {3} 条（缺少日期）。",
    "empty": "还没有填写日期。填写后这里逐条列出核对结果。",
    "deadlines": "由已填日期算出的期限",
    "see": "查看依据",
    "cell": "第 {0} 行“{1}”列：{2}",
    "unknownColumn": "第 1 行：不认识的列名“{0}”，已忽略（列名见 CSV 模板）。",
    "noColumns": "第 1 行应为列名，例如“姓名,申请日期,确定积极分子日期……”。请先下载 CSV 模板，按模板填写。",
    "noRows": "表格里只有列名，没有发展对象。",
    "batch": "共 {0} 人：{1} 人有违反的规则，{2} 人只有提醒，{3} 人有无法读取的日期。",
    "head": ["行", NAME_COLUMN, "违反的规则", "提醒", "无法核对的规则数（缺少日期）", "无法读取的日期"],
    "none": "无",
    "row": "第 {0} 行",
    "clear": "确定清除本页保存在这台电脑上的日期和名单吗？此操作不能撤销。",
    "template": "入党材料日期核对模板.csv",
    "export": "入党材料日期核对结果（{edition} 年版规则）.csv",
    "read": "已读取文件 {0}。",
}


def amount_text(rule: Rule, amount: int) -> str:
    return f"{amount} {UNIT_LABELS[rule.unit]}"


def describe_rule(rule: Rule, ruleset: RuleSet) -> str:
    """How the checker applies a rule, in one Chinese sentence."""
    labels = ruleset.date_by_id
    a, b = f"“{labels[rule.from_].label}”", f"“{labels[rule.to].label}”"
    n = amount_text(rule, rule.amount) if rule.amount else ""
    if rule.kind == "order":
        text = f"{b}不早于{a}（同一天也可以）"
    elif rule.kind == "min":
        text = f"{b}不早于{a}满 {n}的那一天（恰好满 {n}即符合）"
    elif rule.kind == "max":
        text = f"{b}不早于{a}，不晚于{a}满 {n}的那一天"
        if rule.extended:
            e = amount_text(rule, rule.extended)
            text += f"；超过 {n}、不超过 {e}的只给提醒，超过 {e}为违反"
    elif rule.kind == "exact":
        text = f"{b}是{a}满 {n}的那一天"
        if rule.early:
            text += f"；早 {rule.early} 天以内的只给提醒"
    else:
        text = f"从{a}到{b}，首尾两天都算，不少于 {n}"
    if rule.severity == "warning":
        text += "；不符合的只给提醒，不判为违反"
    return text + "。"


def _detail(rule: Rule) -> str:
    """The limit as the runtime shows it next to a finding: {0} = bound, {1} = extended bound."""
    if rule.kind == "max":
        return "应不晚于 {0}" + ("，特殊情况不晚于 {1}" if rule.extended else "")
    if rule.kind == "exact":
        return "应为 {0}"
    if rule.kind == "duration":
        return f"结束日期不早于 {{0}} 才满 {rule.amount} 天"
    return "应不早于 {0}"


def rule_data(rule: Rule, text: RichText) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": rule.id, "title": rule.title, "kind": rule.kind, "from": rule.from_, "to": rule.to,
        "html": text.inline(rule.message), "see": text.link(rule.see), "detail": _detail(rule),
    }
    if rule.kind != "order":
        data.update(amount=rule.amount, unit=rule.unit)
    for key in ("extended", "early", "deadline"):
        if getattr(rule, key):
            data[key] = getattr(rule, key)
    if rule.severity != "error":
        data["severity"] = rule.severity
    return data


def render_datecheck(ruleset: RuleSet, text: RichText, templates: Templates, store: str) -> str:
    data = {
        "edition": ruleset.id, "name": NAME_COLUMN,
        "t": {**UI_TEXT, "export": UI_TEXT["export"].format(edition=ruleset.id)},
        "dates": [{"id": d.id, "label": d.label, "column": d.column} for d in ruleset.dates],
        "rules": [rule_data(r, text) for r in ruleset.rules],
    }
    rows = [(r, describe_rule(r, ruleset)) for r in ruleset.rules]
    return templates.render("datecheck.html", ruleset=ruleset, rows=rows, text=text, data=dump_json(data),
                            store=store, name_column=NAME_COLUMN)


def render_timelimits(ruleset: RuleSet, text: RichText, templates: Templates) -> str:
    rows = [(r, describe_rule(r, ruleset)) for r in ruleset.rules]
    return templates.render("timelimits.html", ruleset=ruleset, rows=rows, text=text)
