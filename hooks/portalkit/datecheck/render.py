"""Rule set → the checker block (form built by the runtime from the embedded JSON) and the
generated time-limits table. Both come from the same `RuleSet`, so they cannot disagree."""

from __future__ import annotations

from typing import Any

from portalkit.datecheck.model import UNIT_LABELS, Rule, RuleSet
from portalkit.quiz.render import dump_json
from portalkit.richtext import RichText
from portalkit.templating import Templates

NAME_COLUMN = "姓名"
# The runtime's own interface text is in its table `T` at the top of assets/datecheck.js.


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
        "dates": [{"id": d.id, "label": d.label, "column": d.column} for d in ruleset.dates],
        "rules": [rule_data(r, text) for r in ruleset.rules],
    }
    rows = [(r, describe_rule(r, ruleset)) for r in ruleset.rules]
    return templates.render("datecheck.html", ruleset=ruleset, rows=rows, text=text, data=dump_json(data),
                            store=store, name_column=NAME_COLUMN)


def render_timelimits(ruleset: RuleSet, text: RichText, templates: Templates) -> str:
    rows = [(r, describe_rule(r, ruleset)) for r in ruleset.rules]
    return templates.render("timelimits.html", ruleset=ruleset, rows=rows, text=text)
