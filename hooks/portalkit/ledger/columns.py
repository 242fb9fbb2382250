"""The columns of a ledger: the names each column is recognised by (the rules file's column,
label and aliases) and the template's header. Shared by the reader, the page and the command."""

from __future__ import annotations

from portalkit.datecheck.model import RuleSet
from portalkit.datecheck.render import NAME_COLUMN

NAME = "name"  # canonical column names: these two, then date and event ids
LENGTH = "extension-length"


def columns(ruleset: RuleSet) -> dict[str, list[str]]:
    """Canonical column -> the headers accepted for it (the rules file's names and aliases)."""
    result: dict[str, list[str]] = {NAME: [NAME_COLUMN, *ruleset.name_aliases]}
    for d in [*ruleset.dates, *ruleset.events]:
        result[d.id] = [d.column, d.label, *d.aliases]
    if ruleset.extension:
        result[LENGTH] = [ruleset.extension.column, *ruleset.extension.aliases]
    return result


def template_header(ruleset: RuleSet) -> list[str]:
    """The columns of the ledger template, in procedure order."""
    head = [NAME_COLUMN, *(d.column for d in ruleset.dates)]
    if ruleset.extension:
        head.insert(head.index(next(d.column for d in ruleset.dates if d.id == ruleset.extension.date)) + 1,
                    ruleset.extension.column)
    return head + [e.column for e in ruleset.events]
