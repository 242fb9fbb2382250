"""report.md: the report as Markdown, to publish (on the portal itself) or to diff.

Names and notes come from untrusted files, so every text is escaped: nothing in an export becomes
a link, an image, emphasis, a table cell boundary or raw HTML. The escapes are ones that both
CommonMark/GFM and Python-Markdown understand (entities for `&`, `<`, `>` and `~`; a backslash for
the rest; `\\|` inside tables). Text that an autolinker would turn into a link even when escaped
(GitHub's cmark-gfm links `a@b.com` whatever its escapes; markdown-it's linkify links `example.com`)
is written as a code span: shown as it is, linked by none of them."""

from __future__ import annotations

import re
from pathlib import Path

from portalkit.i18n import ZH, Messages
from portalkit.officialdoc.write_markdown import render_markdown
from portalkit.report.document import Options, build, build_notes
from portalkit.report.model import Report
from portalkit.report.text import clean_text
from portalkit.report.times import beijing_today

_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "~": "&#126;"}
_INLINE = re.compile(r"[\\`*_\[\]{}|#&<>~]")
# What starts a block at the beginning of a line: a list item or an ordered list item ("#" is
# escaped everywhere, also to keep a heading's closing "#"s).
_LINE_START = re.compile(r"^([-+]|\d+(?=[.)]))")
_NEWLINES = re.compile(r"\r\n|\r|\n")
# URLs with a scheme or www., e-mail addresses, and bare domain names (linkify's "fuzzy" links)
_LINKABLE = re.compile(
    r"(?i)(?:\b[a-z][a-z0-9+.-]*:/+|\bwww\.)[^\s<>|`\u3000-\u303f\uff01-\uff5e]*"
    r"|[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+"
    r"|(?<![a-z0-9@.-])[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?![a-z0-9-])")


def escape(text: str) -> str:
    """Inline Markdown escape; line breaks become <br> (the only HTML this writer emits)."""
    lines = []
    for line in _NEWLINES.split(clean_text(str(text))):
        # leading spaces would make an indented code block; they carry no meaning in a note
        line = _inert(line.lstrip(" \t"))
        line = _LINE_START.sub(_escape_start, line)
        lines.append(line)
    return "<br>".join(lines)


def _inert(line: str) -> str:
    out, end = [], 0
    for found in _LINKABLE.finditer(line):
        out.append(_escaped(line[end:found.start()]))
        out.append(f"`{found[0]}`")  # the pattern holds no backtick, so one opens and closes it
        end = found.end()
    out.append(_escaped(line[end:]))
    return "".join(out)


def _escaped(text: str) -> str:
    return _INLINE.sub(lambda m: _ENTITIES.get(m[0], "\\" + m[0]), text)


def _escape_start(m: re.Match[str]) -> str:
    mark = m[1]
    if mark[0].isdigit():  # "1." → "1\." keeps the digits, breaks the list marker
        return mark + "\\"
    return "\\" + mark


def render(report: Report, options: Options | None = None, messages: Messages = ZH) -> str:
    return render_markdown(build(report, options or Options(date=beijing_today()), messages), escape)


def write_markdown(report: Report, path: Path, options: Options | None = None, messages: Messages = ZH) -> None:
    path.write_text(render(report, options, messages), encoding="utf-8", newline="\n")


def write_notes(report: Report, path: Path, messages: Messages = ZH) -> None:
    """汇总说明.md: the working notes beside the report."""
    path.write_text(render_markdown(build_notes(report, messages), escape), encoding="utf-8", newline="\n")
