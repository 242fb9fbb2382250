"""A `Document` → Markdown, the same text as the Word document in the same order.

Escaping is the caller's (`escape`: plain text → inline Markdown), so that every Markdown a
command writes goes through its one escaper."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from portalkit.officialdoc.model import Block, Document, Heading, Para, Table
from portalkit.officialdoc.words import date_text

Escape = Callable[[str], str]


def render_markdown(doc: Document, escape: Escape) -> str:
    zh = doc.language == "zh"
    out: list[str] = []
    if doc.title:
        out.append("# " + escape(doc.title))
    if doc.addressee:
        out.append(escape(doc.addressee) + ("：" if zh else ":"))
    out += _blocks(doc.blocks, escape, level=1)
    if doc.appendices:
        label = "附件：" if zh else "Attachment: " if len(doc.appendices) == 1 else "Attachments: "
        if len(doc.appendices) == 1:
            out.append(label + escape(doc.appendices[0].title))
        else:
            out.append("<br>".join(f"{label if i == 1 else ''}{i}.{escape(a.title)}"
                                   for i, a in enumerate(doc.appendices, 1)))
    if doc.date is not None:
        out.append("<br>".join([*([escape(doc.unit)] if doc.unit else []), date_text(doc.language, doc.date)]))
    for appendix in doc.appendices:
        out.append("## " + escape(f"{appendix.label}{'：' if zh else ': '}{appendix.title}"))
        out += _blocks(appendix.blocks, escape, level=2)
    return "\n\n".join(out) + "\n"


def _blocks(blocks: Sequence[Block], escape: Escape, *, level: int) -> list[str]:
    out = []
    for block in blocks:
        if isinstance(block, Heading):
            out.append("#" * (block.level + level) + " " + escape(block.text))
        elif isinstance(block, Para):
            if block.text:
                out.append(escape(block.text))
        elif isinstance(block, Table):
            out.append(_table(block, escape))
    return out


def _table(table: Table, escape: Escape) -> str:
    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(cells) + " |"

    align = ["---:" if c.kind in ("number", "index") else "---" for c in table.columns]
    lines = [line([escape(c.name) for c in table.columns]), line(align)]
    blank = [""] * (len(table.columns) - 1)
    for row in table.rows:
        if row.kind == "group":  # Markdown tables cannot span: the name in the first cell, in bold
            lines.append(line([f"**{escape(str(row.cells[0]))}**", *blank]))
            continue
        cells = [escape(str(c)) if c != "" else "" for c in row.cells]
        if row.kind == "total":
            cells = [f"**{c}**" if c else "" for c in cells]
        lines.append(line(cells))
    return "\n".join(lines)
