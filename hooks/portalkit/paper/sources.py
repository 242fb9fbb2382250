"""Where a question's rule stands, in words a reader of paper finds it by: the page's title and
the heading its anchor marks ("阶段四　预备党员的接收 · 步骤 13　上级党委预审"), never the file path
`procedures/stage-4.md#step-13`. Read from the site's own docs folder, each page once."""

from __future__ import annotations

import re
from pathlib import Path

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_ATTRS = re.compile(r"\s*\{[^}\n]*\}\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_FRONT_TITLE = re.compile(r"^title:\s*[\"']?(.*?)[\"']?\s*$")
PAGE_BYTES = 2_000_000  # a page larger than this is not read for a title


class SourceTitles:
    def __init__(self, docs_dir: Path, separator: str = " · ") -> None:
        self.docs_dir = docs_dir
        self.separator = separator
        self._pages: dict[str, tuple[str, dict[str, str]]] = {}

    def _page(self, page: str) -> tuple[str, dict[str, str]]:
        if page not in self._pages:
            self._pages[page] = _read_titles(self.docs_dir, page)
        return self._pages[page]

    def of(self, see: str) -> str:
        """`page.md#anchor` → "page title · heading"; what is unknown falls back to the link."""
        page, _, anchor = see.partition("#")
        title, headings = self._page(page)
        if not title:
            return see
        if anchor and anchor in headings and headings[anchor] != title:
            return f"{title}{self.separator}{headings[anchor]}"
        return title


def _read_titles(docs_dir: Path, page: str) -> tuple[str, dict[str, str]]:
    path = docs_dir / page
    try:
        inside = path.resolve().is_relative_to(docs_dir.resolve())
        if not inside or not path.is_file() or path.is_symlink() or path.stat().st_size > PAGE_BYTES:
            return "", {}
        text = path.read_text("utf-8", errors="replace")
    except OSError:
        return "", {}
    title, headings, in_fence = "", {}, False
    lines = text.splitlines()
    if lines and lines[0].strip() == "---":
        for i, line in enumerate(lines[1:], 1):
            if line.strip() == "---":
                lines = lines[i + 1:]
                break
            if m := _FRONT_TITLE.match(line):
                title = m[1]
    for line in lines:
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        m = None if in_fence else _HEADING.match(line)
        if not m:
            continue
        words = _ATTRS.sub("", m[2]).strip()
        if not title and len(m[1]) == 1:
            title = words
        for anchor in re.findall(r"#([A-Za-z][\w\-:.]*)", line[len(m[1]):][len(_ATTRS.sub("", line[len(m[1]):])):]):
            headings[anchor] = words
    return title, headings
