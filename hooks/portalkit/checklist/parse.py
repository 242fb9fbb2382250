"""Checklist YAML → `Checklist`, through the same loader and field readers as the quiz banks.

The intro, each item's text and its help are Markdown (`markdown=True`: markup the sanitizer would
remove is an error); title, subject and section titles are shown as escaped text."""

from __future__ import annotations

from pathlib import Path

from portalkit.checklist.model import Checklist, Item, Section
from portalkit.fields import Fields, describe
from portalkit.problems import ProblemLog
from portalkit.yamlsource import load_yaml

CHECKLIST_KEYS = ("title", "subject", "intro", "sections")
SECTION_KEYS = ("title", "items")
ITEM_KEYS = ("id", "text", "help", "see", "required")


def load_checklist(path: Path, log: ProblemLog) -> Checklist | None:
    root = load_yaml(path, log)
    top = Fields.of(root, path, log, "", CHECKLIST_KEYS, "清单")
    if top is None:
        return None
    checklist = Checklist(
        id=path.stem, title=top.text("title", hint="例如 title: 入党材料预审清单") or path.stem,
        subject=top.text("subject", hint="每次核查的对象，例如 subject: 发展对象") or "对象",
        intro=top.text("intro", required=False, markdown=True) or "", source=str(path))
    sections = top.get("sections")
    if sections is None:
        top.missing("sections", "清单需要 sections 列表，每节有 title 和 items。")
    elif not sections.is_sequence:
        top.problem("sections", f"应为分节的列表，实际是{describe(sections.value)}。")
    else:
        seen: dict[str, int] = {}
        for i, node in enumerate(sections.items):
            sf = Fields.of(node, path, log, f"sections[{i}]", SECTION_KEYS, "一节")
            if sf is None:
                continue
            section = Section(title=sf.text("title") or "")
            items = sf.get("items")
            if items is None:
                sf.missing("items", "每节需要 items 列表。")
            elif not items.is_sequence or not items.items:
                sf.problem("items", "应为非空的检查项列表。")
            else:
                for j, item_node in enumerate(items.items):
                    item = _item(Fields.of(item_node, path, log, f"sections[{i}].items[{j}]",
                                           ITEM_KEYS, "一个检查项"))
                    if item is None:
                        continue
                    if item.id in seen:
                        log.add(path, item.line, 0, f"sections[{i}].items[{j}].id",
                                f"检查项 id “{item.id}”重复（第 {seen[item.id]} 行已用过）："
                                "整份清单内 id 必须唯一。")
                        continue
                    seen[item.id] = item.line
                    section.items.append(item)
            sf.done()
            checklist.sections.append(section)
        if not sections.items:
            top.problem("sections", "分节列表是空的。")
    top.done()
    return checklist


def _item(f: Fields | None) -> Item | None:
    if f is None:
        return None
    item = Item(id=f.identifier("id", what="检查项") or "",
                text=f.text("text", hint="写成应当达到的状态，例如《入党申请书》由本人亲笔书写。",
                            markdown=True) or "",
                help=f.text("help", required=False, markdown=True) or "",
                see=f.text("see", hint="链接到规则所在页面和锚点，例如 procedures/documents.md#signatures。") or "",
                required=f.boolean("required", default=True), line=f.node.line,
                see_line=f.get("see").line if f.has("see") else f.node.line)
    f.done()
    return item if f.ok else None
