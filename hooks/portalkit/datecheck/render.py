"""Rule set → the checker block (form built by the runtime from the embedded JSON) and the
generated time-limits table. Both come from the same `RuleSet`, so they cannot disagree.
Their words come from the site's message catalog (`datecheck.*`, `tpl.datecheck.*`,
`tpl.timelimits.*`); the name column of the CSV files is file format and fixed."""

from __future__ import annotations

from string import Formatter
from typing import Any

from portalkit.datecheck.model import Rule, RuleSet
from portalkit.i18n import ZH, Messages
from portalkit.richtext import RichText
from portalkit.runtime_data import dump_json
from portalkit.templating import Templates, template_text

NAME_COLUMN = "姓名"
# The messages the build writes itself (datecheck.unit_*, describe_*, detail_*) are not sent to
# the runtime: see portalkit.runtime_data.


class _Keep(dict[str, Any]):
    """Fills the fields it has and leaves the others (`{bound}`) for the runtime."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def amount_text(rule: Rule, amount: int, messages: Messages = ZH) -> str:
    return messages(f"datecheck.unit_{rule.unit}", n=amount)


def describe_rule(rule: Rule, ruleset: RuleSet, messages: Messages = ZH) -> str:
    """How the checker applies a rule, in one sentence."""
    m = messages
    labels = ruleset.date_by_id
    a = m("datecheck.describe_quote", label=labels[rule.from_].label)
    b = m("datecheck.describe_quote", label=labels[rule.to].label)
    n = amount_text(rule, rule.amount, m) if rule.amount else ""
    if rule.kind == "order":
        text = m("datecheck.describe_order", a=a, b=b)
    elif rule.kind == "min":
        text = m("datecheck.describe_min", a=a, b=b, n=n)
    elif rule.kind == "max":
        text = m("datecheck.describe_max", a=a, b=b, n=n)
        if rule.extended:
            text += m("datecheck.describe_max_extended", n=n, e=amount_text(rule, rule.extended, m))
    elif rule.kind == "exact":
        text = m("datecheck.describe_exact", a=a, b=b, n=n)
        if rule.early:
            text += m("datecheck.describe_exact_early", early=rule.early)
    elif rule.kind == "every":
        event = next((e.label for e in ruleset.events if e.id == rule.event), rule.event)
        text = m("datecheck.describe_every", a=a, b=b, n=n,
                 event=m("datecheck.describe_quote", label=event))
    else:
        text = m("datecheck.describe_duration", a=a, b=b, n=n)
    if rule.severity == "warning":
        text += m("datecheck.describe_warning_only")
    return m("datecheck.describe_sentence", text=text)


def _detail(rule: Rule, messages: Messages = ZH) -> str:
    """The limit as the runtime shows it next to a finding: {bound}, and {ext} the extended bound."""
    if rule.kind == "max":
        key = "datecheck.detail_max_extended" if rule.extended else "datecheck.detail_max"
    elif rule.kind == "exact":
        key = "datecheck.detail_exact"
    elif rule.kind == "duration":
        key = "datecheck.detail_duration"
    elif rule.kind == "every":
        key = "datecheck.detail_every"
    else:
        key = "datecheck.detail_min"
    return Formatter().vformat(messages.raw(key), (), _Keep(n=rule.amount))


def rule_data(rule: Rule, text: RichText, messages: Messages = ZH) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": rule.id, "title": rule.title, "kind": rule.kind, "from": rule.from_, "to": rule.to,
        "html": text.inline(rule.message), "see": text.link(rule.see), "detail": _detail(rule, messages),
    }
    if rule.kind != "order":
        data.update(amount=rule.amount, unit=rule.unit)
    for key in ("extended", "early", "deadline", "basis"):
        if getattr(rule, key):
            data[key] = getattr(rule, key)
    if rule.severity != "error":
        data["severity"] = rule.severity
    if rule.event:
        data["event"] = rule.event
    if rule.local:
        data["local"] = True
    return data


def render_datecheck(ruleset: RuleSet, text: RichText, templates: Templates, store: str,
                     messages: Messages = ZH) -> str:
    ext = ruleset.extension
    data = {
        "edition": ruleset.id, "name": NAME_COLUMN,
        "dates": [{"id": d.id, "label": d.label, "column": d.column, **({"aliases": d.aliases} if d.aliases else {})}
                  for d in ruleset.dates],
        "rules": [rule_data(r, text, messages) for r in ruleset.rules],
        # the ledger's format: each recurring date in one cell, an extension's decision and length
        "events": [{"id": e.id, "label": e.label, "column": e.column, **({"aliases": e.aliases} if e.aliases else {}),
                    **({"local": True} if e.local else {})} for e in ruleset.events],
        "extension": {"date": ext.date, "column": ext.column, "aliases": ext.aliases, "min": ext.minimum,
                      "max": ext.maximum, "rules": ext.rules} if ext else None,
    }
    rows = [(r, describe_rule(r, ruleset, messages)) for r in ruleset.rules if not r.local]
    local = [(r, describe_rule(r, ruleset, messages)) for r in ruleset.rules if r.local]
    return templates.render("datecheck.html", ruleset=ruleset, rows=rows, local=local, text=text, data=dump_json(data),
                            store=store, name_column=NAME_COLUMN, t=template_text(messages))


def render_timelimits(ruleset: RuleSet, text: RichText, templates: Templates,
                      messages: Messages = ZH) -> str:
    rows = [(r, describe_rule(r, ruleset, messages)) for r in ruleset.rules if not r.local]
    local = [(r, describe_rule(r, ruleset, messages)) for r in ruleset.rules if r.local]
    return templates.render("timelimits.html", ruleset=ruleset, rows=rows, local=local, text=text,
                            t=template_text(messages))
