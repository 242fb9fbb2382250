"""Checklist YAML → `Checklist`, through the same loader and field readers as the quiz banks.

The intro, each item's text and its help are Markdown (`markdown=True`: markup the sanitizer would
remove is an error); title, subject and section titles are shown as escaped text."""

from __future__ import annotations

import re
from pathlib import Path

from portalkit.checklist.model import Checklist, Item, Section
from portalkit.fields import Fields
from portalkit.limits import LIMITS
from portalkit.problems import ProblemLog
from portalkit.yamlsource import load_yaml

CHECKLIST_KEYS = ("title", "subject", "intro", "sections")
SECTION_KEYS = ("title", "items")
ITEM_KEYS = ("id", "text", "problem", "help", "see", "required")
# What `problem` may not hold: it is put into sentences of reports and pages as plain text
_MARKUP = re.compile(r"[*_`\[\]<>#|\\~]")
# full stops, semicolons, commas and the list comma, both widths
_SENTENCE_END = (*".;!?,", *map(chr, (0x3002, 0xFF1B, 0xFF01, 0xFF1F, 0xFF0C, 0x3001)))


def load_checklist(path: Path, log: ProblemLog) -> Checklist | None:
    m = log.messages
    root = load_yaml(path, log)
    top = Fields.of(root, path, log, "", CHECKLIST_KEYS, "checklisterr.what.checklist")
    if top is None:
        return None
    checklist = Checklist(
        id=path.stem, title=top.text("title", hint="checklisterr.title_hint") or path.stem,
        subject=top.text("subject", hint="checklisterr.subject_hint") or m("checklisterr.subject_fallback"),
        intro=top.text("intro", required=False, markdown=True) or "", source=str(path))
    sections = top.get("sections")
    if sections is None:
        top.missing("sections", "checklisterr.sections_hint")
    elif not sections.is_sequence:
        top.problem("sections", m("checklisterr.sections_not_list", actual=top.describe(sections.value)))
    else:
        seen: dict[str, int] = {}
        for i, node in enumerate(sections.items):
            sf = Fields.of(node, path, log, f"sections[{i}]", SECTION_KEYS, "checklisterr.what.section")
            if sf is None:
                continue
            section = Section(title=sf.text("title") or "")
            items = sf.get("items")
            if items is None:
                sf.missing("items", "checklisterr.items_hint")
            elif not items.is_sequence or not items.items:
                sf.problem("items", m("checklisterr.items_not_list"))
            else:
                for j, item_node in enumerate(items.items):
                    item = _item(Fields.of(item_node, path, log, f"sections[{i}].items[{j}]",
                                           ITEM_KEYS, "checklisterr.what.item"))
                    if item is None:
                        continue
                    if item.id in seen:
                        log.add(path, item.line, 0, f"sections[{i}].items[{j}].id",
                                m("checklisterr.duplicate_id", id=item.id, line=seen[item.id]))
                        continue
                    seen[item.id] = item.line
                    section.items.append(item)
            sf.done()
            checklist.sections.append(section)
        if not sections.items:
            top.problem("sections", m("checklisterr.sections_empty"))
    top.done()
    return checklist


def _item(f: Fields | None) -> Item | None:
    if f is None:
        return None
    item = Item(id=f.identifier("id", what="checklisterr.noun.item") or "",
                text=f.text("text", hint="checklisterr.text_hint", markdown=True) or "",
                problem=_problem(f),
                help=f.text("help", required=False, markdown=True) or "",
                see=f.text("see", hint="checklisterr.see_hint") or "",
                required=f.boolean("required", default=True), line=f.node.line,
                see_line=f.get("see").line if f.has("see") else f.node.line)
    f.done()
    return item if f.ok else None


def _problem(f: Fields) -> str:
    """How the item reads when not met: a phrase the report and the page put into a sentence
    ("一是{problem}。"), so plain text, bounded, without its own full stop."""
    text = f.text("problem", required=False)
    if text is None:
        return ""
    m = f.m
    bound = LIMITS["problem"]
    if len(text) > bound:
        f.problem("problem", m("checklisterr.problem_long", bound=bound, length=len(text)))
    elif "\n" in text or _MARKUP.search(text):
        f.problem("problem", m("checklisterr.problem_markup"))
    elif text.endswith(_SENTENCE_END):
        f.problem("problem", m("checklisterr.problem_end", end=text[-1]))
    return text
