"""report.md: the report as Markdown, to publish (on the portal itself) or to diff.

Names and notes come from untrusted files, so every text is escaped: nothing in an export becomes
a link, an image, emphasis, a table cell boundary or raw HTML. The escapes are ones that both
CommonMark/GFM and Python-Markdown understand (entities for `&`, `<`, `>` and `~`; a backslash for
the rest; `\\|` inside tables)."""

from __future__ import annotations

import re
from pathlib import Path

from portalkit.report.document import Block, Heading, Para, Table, build
from portalkit.report.model import Report
from portalkit.report.text import clean_text

_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "~": "&#126;"}
_INLINE = re.compile(r"[\\`*_\[\]{}|#&<>~]")
# What starts a block at the beginning of a line: a list item or an ordered list item ("#" is
# escaped everywhere, also to keep a heading's closing "#"s).
_LINE_START = re.compile(r"^([-+]|\d+(?=[.)]))")
_NEWLINES = re.compile(r"\r\n|\r|\n")


def escape(text: str) -> str:
    """Inline Markdown escape; line breaks become <br> (the only HTML this writer emits)."""
    lines = []
    for line in _NEWLINES.split(clean_text(str(text))):
        # leading spaces would make an indented code block; they carry no meaning in a note
        line = _INLINE.sub(lambda m: _ENTITIES.get(m[0], "\\" + m[0]), line.lstrip(" \t"))
        line = _LINE_START.sub(_escape_start, line)
        lines.append(line)
    return "<br>".join(lines)


def _escape_start(m: re.Match[str]) -> str:
    mark = m[1]
    if mark[0].isdigit():  # "1." → "1\." keeps the digits, breaks the list marker
        return mark + "\\"
    return "\\" + mark


def render(blocks: list[Block]) -> str:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            out.append("#" * (block.level + 1) + " " + escape(block.text))
        elif isinstance(block, Para):
            if block.text:
                out.append(escape(block.text))
        elif isinstance(block, Table):
            out.append(_table(block))
    return "\n\n".join(out) + "\n"


def _table(table: Table) -> str:
    def line(cells: list[str]) -> str:
        return "| " + " | ".join(cells) + " |"

    align = ["---:" if i in table.numeric else "---" for i in range(len(table.columns))]
    lines = [line([escape(c) for c in table.columns]), line(align)]
    # An empty cell stays empty: GFM and Python-Markdown both accept "|  |".
    lines += [line([escape(str(cell)) if cell != "" else "" for cell in row]) for row in table.rows]
    return "\n".join(lines)


def write_markdown(report: Report, path: Path) -> None:
    path.write_text(render(build(report)), encoding="utf-8", newline="\n")
