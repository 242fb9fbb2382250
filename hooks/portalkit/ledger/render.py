"""Rule set -> the ledger block (/// ledger | <edition>): a readable account of what the ledger
reads without JavaScript, and the rules as JSON for assets/ledger.js, which does the rest in
the browser (the twin of portalkit/ledger/)."""

from __future__ import annotations

from typing import Any

from portalkit.datecheck.model import Rule, RuleSet
from portalkit.datecheck.render import NAME_COLUMN
from portalkit.i18n import ZH, Messages
from portalkit.ledger.columns import template_header
from portalkit.richtext import RichText
from portalkit.runtime_data import dump_json
from portalkit.templating import Templates, template_text


def _rule(rule: Rule, text: RichText) -> dict[str, Any]:
    data: dict[str, Any] = {"id": rule.id, "title": rule.title, "kind": rule.kind, "from": rule.from_, "to": rule.to,
                            "see": text.link(rule.see), "basis": rule.basis, "deadline": rule.deadline,
                            "local": rule.local, "severity": rule.severity}
    if rule.kind != "order":
        data.update(amount=rule.amount, unit=rule.unit)
    if rule.event:
        data["event"] = rule.event
    for key in ("extended", "early"):
        if getattr(rule, key):
            data[key] = getattr(rule, key)
    return data


def ledger_data(ruleset: RuleSet, text: RichText) -> dict[str, Any]:
    ext = ruleset.extension
    return {
        "edition": ruleset.id, "name": NAME_COLUMN, "name_aliases": ruleset.name_aliases,
        "dates": [{"id": d.id, "label": d.label, "column": d.column, "aliases": d.aliases} for d in ruleset.dates],
        "events": [{"id": e.id, "label": e.label, "column": e.column, "aliases": e.aliases, "local": e.local}
                   for e in ruleset.events],
        "stages": [{"id": s.id, "label": s.label, "from": s.from_, "closed": s.closed} for s in ruleset.stages],
        "extension": {"date": ext.date, "column": ext.column, "aliases": ext.aliases, "min": ext.minimum,
                      "max": ext.maximum, "rules": ext.rules} if ext else None,
        "rules": [_rule(r, text) for r in ruleset.rules],
        "template": template_header(ruleset),
    }


def render_ledger(ruleset: RuleSet, text: RichText, templates: Templates, store: str,
                  messages: Messages = ZH) -> str:
    columns = [(NAME_COLUMN, ruleset.name_aliases)]
    columns += [(d.column, d.aliases) for d in ruleset.dates]
    if ruleset.extension:
        columns.append((ruleset.extension.column, ruleset.extension.aliases))
    columns += [(e.column, e.aliases) for e in ruleset.events]
    return templates.render("ledger.html", ruleset=ruleset, columns=columns, data=dump_json(ledger_data(ruleset, text)),
                            store=store, t=template_text(messages))
