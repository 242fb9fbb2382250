"""Checklist YAML → `Checklist`, through the same loader and field readers as the quiz banks.

The intro, each item's text and its help are Markdown (`markdown=True`: markup the sanitizer would
remove is an error); title, subject and section titles are shown as escaped text."""

from __future__ import annotations

from pathlib import Path

from portalkit.checklist.model import Checklist, Item, Section
from portalkit.fields import Fields
from portalkit.problems import ProblemLog
from portalkit.yamlsource import load_yaml

CHECKLIST_KEYS = ("title", "subject", "intro", "sections")
SECTION_KEYS = ("title", "items")
ITEM_KEYS = ("id", "text", "help", "see", "required")


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
                help=f.text("help", required=False, markdown=True) or "",
                see=f.text("see", hint="checklisterr.see_hint") or "",
                required=f.boolean("required", default=True), line=f.node.line,
                see_line=f.get("see").line if f.has("see") else f.node.line)
    f.done()
    return item if f.ok else None
