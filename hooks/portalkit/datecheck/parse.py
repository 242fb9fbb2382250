"""rules/<edition>.yml → `RuleSet`, through the same loader and field readers as the quiz banks:
every problem with file, line, column and field, all at once.

A site may add its unit's own requirements (the seed's quarterly 思想汇报) in
rules/local/<edition>.yml: the same `events` and `rules`, on the edition's dates, marked local
so that the table and the ledger show them apart. The edition's file never holds them."""

from __future__ import annotations

import difflib
from pathlib import Path

from portalkit.datecheck.model import (
    KINDS,
    SEVERITIES,
    UNITS,
    DateField,
    EventField,
    Extension,
    Rule,
    RuleSet,
    Stage,
)
from portalkit.fields import Fields, join
from portalkit.problems import ProblemLog
from portalkit.yamlsource import Located, load_yaml, sentences

RULESET_KEYS = ("title", "notes", "dates", "events", "rules", "stages", "extension", "name_aliases")
LOCAL_KEYS = ("title", "notes", "events", "rules")
DATE_KEYS = ("id", "label", "column", "aliases")
STAGE_KEYS = ("id", "label", "from", "closed")
EXTENSION_KEYS = ("date", "column", "aliases", "min", "max", "rules")
RULE_KEYS = ("id", "title", "kind", "from", "to", "event", "amount", "unit", "extended", "early", "severity",
             "deadline", "message", "basis", "see")
LOCAL_FOLDER = "local"


def load_ruleset(path: Path, log: ProblemLog) -> RuleSet | None:
    m = log.messages
    root = load_yaml(path, log)
    top = Fields.of(root, path, log, "", RULESET_KEYS, "ruleserr.what.file")
    if top is None:
        return None
    ruleset = RuleSet(id=path.stem, title=top.text("title", hint="ruleserr.title_hint") or path.stem,
                      notes=top.text("notes", required=False, markdown=True) or "", source=str(path),
                      notes_line=top.get("notes").line if top.has("notes") else 0)
    for key in ("dates", "rules"):
        node = top.get(key)
        if node is None:
            top.missing(key, f"ruleserr.{key}_hint")
        elif not node.is_sequence or not node.items:
            top.problem(key, m(f"ruleserr.{key}_not_list", actual=top.describe(node.value)))
    dates = top.get("dates")
    if dates is not None and dates.is_sequence:
        _dates(dates, path, log, ruleset)
    ruleset.name_aliases = top.text_list("name_aliases") or []
    columns = {d.column: d.line for d in ruleset.dates}
    events = top.get("events")
    if events is not None:
        _events(events, path, log, ruleset, columns, local=False)
    rules = top.get("rules")
    if rules is not None and rules.is_sequence:
        _rules(rules, path, log, ruleset)
    stages = top.get("stages")
    if stages is not None:
        _stages(stages, path, log, ruleset)
    if top.has("extension"):
        _extension(top.get("extension"), path, log, ruleset)
    top.done()
    local = path.parent / LOCAL_FOLDER / path.name
    if local.is_file():
        _local(local, log, ruleset, columns)
    return ruleset


def _local(path: Path, log: ProblemLog, ruleset: RuleSet, columns: dict[str, int]) -> None:
    """The unit's own requirements, on the edition's dates."""
    root = load_yaml(path, log)
    top = Fields.of(root, path, log, "", LOCAL_KEYS, "ruleserr.what.local")
    if top is None:
        return
    ruleset.local_title = top.text("title", hint="ruleserr.title_hint") or ""
    ruleset.local_notes = top.text("notes", required=False, markdown=True) or ""
    ruleset.local_source = str(path)
    events = top.get("events")
    if events is not None:
        _events(events, path, log, ruleset, columns, local=True)
    rules = top.get("rules")
    if rules is None:
        top.missing("rules", "ruleserr.rules_hint")
    elif not rules.is_sequence or not rules.items:
        top.problem("rules", log.messages("ruleserr.rules_not_list", actual=top.describe(rules.value)))
    else:
        _rules(rules, path, log, ruleset, local=True)
    top.done()


def _events(node: Located, path: Path, log: ProblemLog, ruleset: RuleSet, columns: dict[str, int],
            local: bool) -> None:
    m = log.messages
    if not node.is_sequence:
        log.add(str(path), node.line, node.column, "events", m("ruleserr.events_not_list"))
        return
    known = {d.id for d in ruleset.dates} | {e.id for e in ruleset.events}
    for i, item in enumerate(node.items):
        f = Fields.of(item, path, log, f"events[{i}]", DATE_KEYS, "ruleserr.what.event")
        if f is None:
            continue
        event_id = f.identifier("id", what="ruleserr.noun.date")
        label = f.text("label", hint="ruleserr.label_hint")
        column = f.text("column", required=False) or label
        aliases = f.text_list("aliases") or []
        if event_id and event_id in known:
            f.problem("id", m("ruleserr.duplicate_event", id=event_id))
        elif column and column in columns:
            f.problem("column" if f.has("column") else "label",
                      m("ruleserr.duplicate_column", column=column, line=columns[column]))
        elif event_id and label and column:
            known.add(event_id)
            columns[column] = item.line
            ruleset.events.append(EventField(event_id, label, column, item.line, aliases, local))
        f.done()


def _stages(node: Located, path: Path, log: ProblemLog, ruleset: RuleSet) -> None:
    m = log.messages
    if not node.is_sequence:
        log.add(str(path), node.line, node.column, "stages", m("ruleserr.stages_not_list"))
        return
    known = ruleset.date_by_id
    for i, item in enumerate(node.items):
        f = Fields.of(item, path, log, f"stages[{i}]", STAGE_KEYS, "ruleserr.what.stage")
        if f is None:
            continue
        stage_id = f.identifier("id", what="ruleserr.noun.stage")
        label = f.text("label", hint="ruleserr.stage_label_hint")
        start = _date_ref(f, "from", known)
        closed = f.boolean("closed", default=False)
        f.done()
        if f.ok and stage_id and label and start:
            ruleset.stages.append(Stage(stage_id, label, start, closed, item.line))


def _extension(node: Located | None, path: Path, log: ProblemLog, ruleset: RuleSet) -> None:
    f = Fields.of(node, path, log, "extension", EXTENSION_KEYS, "ruleserr.what.extension")
    if f is None:
        return
    m = f.m
    date_id = _date_ref(f, "date", ruleset.date_by_id)
    column = f.text("column", hint="ruleserr.extension_column_hint")
    aliases = f.text_list("aliases") or []
    minimum = f.number("min", default=6, minimum=1, maximum=120) or 6
    maximum = f.number("max", default=12, minimum=1, maximum=120) or 12
    if maximum < minimum:
        f.problem("max", m("ruleserr.extension_range", min=minimum, max=maximum))
    rules = f.text_list("rules") or []
    by_id = {r.id: r for r in ruleset.rules}
    for rule_id in rules:
        rule = by_id.get(rule_id)
        if rule is None or rule.kind not in ("min", "max", "exact") or rule.unit == "days":
            f.problem("rules", m("ruleserr.extension_rule", id=rule_id))
    f.done()
    if f.ok and date_id and column:
        ruleset.extension = Extension(date_id, column, aliases, minimum, maximum, rules, f.node.line)


def _dates(node: Located, path: Path, log: ProblemLog, ruleset: RuleSet) -> None:
    m = log.messages
    ids: dict[str, int] = {}
    columns: dict[str, int] = {}
    for i, item in enumerate(node.items):
        f = Fields.of(item, path, log, f"dates[{i}]", DATE_KEYS, "ruleserr.what.date")
        if f is None:
            continue
        date_id = f.identifier("id", what="ruleserr.noun.date")
        label = f.text("label", hint="ruleserr.label_hint")
        column = f.text("column", required=False) or label
        aliases = f.text_list("aliases") or []
        if date_id and date_id in ids:
            f.problem("id", m("ruleserr.duplicate_date", id=date_id, line=ids[date_id]))
        if column and column in columns:
            f.problem("column" if f.has("column") else "label",
                      m("ruleserr.duplicate_column", column=column, line=columns[column]))
        f.done()
        if date_id and date_id not in ids:  # kept even with a bad label: rules may refer to it
            ids[date_id] = item.line
            column = column or date_id
            columns.setdefault(column, item.line)
            ruleset.dates.append(DateField(date_id, label or date_id, column, item.line, aliases))


def _rules(node: Located, path: Path, log: ProblemLog, ruleset: RuleSet, local: bool = False) -> None:
    known = ruleset.date_by_id
    events = {e.id for e in ruleset.events}
    ids: dict[str, int] = {r.id: r.line for r in ruleset.rules}
    for i, item in enumerate(node.items):
        f = Fields.of(item, path, log, f"rules[{i}]", RULE_KEYS, "ruleserr.what.rule")
        if f is None:
            continue
        rule = _rule(f, known, events)
        if rule is None:
            continue
        rule.local = local
        if rule.id in ids:
            f.problem("id", f.m("ruleserr.duplicate_rule", id=rule.id, line=ids[rule.id]))
            continue
        ids[rule.id] = rule.line
        ruleset.rules.append(rule)


def _date_ref(f: Fields, key: str, known: dict[str, DateField]) -> str | None:
    m = f.m
    value = f.text(key, hint="ruleserr.date_ref_hint")
    if value is None or value in known:
        return value
    close = difflib.get_close_matches(value, list(known), n=1)
    hint = m("ruleserr.did_you_mean", id=close[0]) if close else m("ruleserr.available", ids=join(known, m))
    f.problem(key, sentences(m, m("ruleserr.not_a_date", value=value), hint))
    return None


def _rule(f: Fields, known: dict[str, DateField], events: set[str]) -> Rule | None:
    m = f.m
    rule_id = f.identifier("id", what="ruleserr.noun.rule")
    title = f.text("title", hint="ruleserr.rule_title_hint")
    kind = f.text("kind", hint=lambda: m("ruleserr.available", ids=m("ruleserr.kinds")))
    if kind is not None and kind not in KINDS:
        close = difflib.get_close_matches(kind, KINDS, n=1)
        hint = m("ruleserr.did_you_mean", id=close[0]) if close else m("ruleserr.available", ids=m("ruleserr.kinds"))
        f.problem("kind", sentences(m, m("ruleserr.unknown_kind", kind=kind), hint))
        kind = None
    start, end = _date_ref(f, "from", known), _date_ref(f, "to", known)
    if start and end and start == end:
        f.problem("to", m("ruleserr.same_dates"))
    # notes and message are Markdown; title, labels, deadline and basis are escaped text
    message = f.text("message", hint="ruleserr.message_hint", markdown=True)
    see = f.text("see", hint="ruleserr.see_hint")
    rule = Rule(id=rule_id or "", title=title or "", kind=kind or "order", from_=start or "", to=end or "",
                message=message or "", see=see or "", deadline=f.text("deadline", required=False) or "",
                basis=f.text("basis", required=False) or "", line=f.node.line,
                see_line=f.get("see").line if f.has("see") else f.node.line)
    if kind == "every":
        rule.event = f.text("event", hint="ruleserr.event_hint") or ""
        if rule.event and rule.event not in events:
            f.problem("event", m("ruleserr.not_an_event", value=rule.event,
                                 ids=join(sorted(events), m) if events else "—"))
    elif f.has("event"):
        f.problem("event", m("ruleserr.event_every_only"))
    severity = f.text("severity", required=False)
    if severity is not None and severity not in SEVERITIES:
        f.problem("severity", m("ruleserr.bad_severity", value=severity))
    rule.severity = severity if severity in SEVERITIES else "error"
    if kind is not None:
        _amounts(f, rule, kind)
    f.done()
    return rule if f.ok else None


def _amounts(f: Fields, rule: Rule, kind: str) -> None:
    m = f.m
    if kind == "order":
        for key in ("amount", "unit", "extended", "early"):
            if f.has(key):
                f.problem(key, m("ruleserr.order_no_key", key=key))
        return
    if not f.has("amount"):
        f.missing("amount", "ruleserr.amount_hint")
    rule.amount = f.number("amount", default=0, minimum=1) or 0
    unit = f.text("unit", required=kind != "duration", hint="ruleserr.unit_hint")
    if unit is not None and unit not in UNITS:
        f.problem("unit", m("ruleserr.bad_unit", value=unit))
    elif kind == "duration" and unit not in (None, "days"):
        f.problem("unit", m("ruleserr.duration_days"))
    else:
        rule.unit = unit or "days"
    if f.has("extended"):
        if kind != "max":
            f.problem("extended", m("ruleserr.extended_max_only"))
        else:
            rule.extended = f.number("extended", default=0, minimum=1) or 0
            if rule.amount and rule.extended and rule.extended <= rule.amount:
                f.problem("extended", m("ruleserr.extended_too_small", amount=rule.amount, extended=rule.extended))
    if f.has("early"):
        if kind != "exact":
            f.problem("early", m("ruleserr.early_exact_only"))
        else:
            rule.early = f.number("early", default=0, minimum=1, maximum=31) or 0
