"""The site's pages and the anchors they declare, read from docs/ without building.

`see:` links must point at a page and, when they name one, an explicit anchor (`{#step-7}`,
`id="..."`): Chinese headings otherwise get anchors like `_1` that shift when a heading is added.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from portalkit.i18n import Messages

_FENCE = re.compile(r"^\s*(```|~~~)")
_ATTR_ID = re.compile(r"\{[^}\n]*?#([A-Za-z][\w\-:.]*)[^}\n]*\}")
_HTML_ID = re.compile(r"""\bid\s*=\s*["']([^"']+)["']""")


@dataclass
class PageIndex:
    """Pages by their path relative to docs/ (POSIX), each with its set of explicit anchors."""

    anchors: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def scan(cls, docs_dir: Path) -> PageIndex:
        index = cls()
        for path in sorted(docs_dir.rglob("*.md")):
            rel = path.relative_to(docs_dir).as_posix()
            if any(part.startswith(".") for part in Path(rel).parts):
                continue
            index.anchors[rel] = _anchors_of(path.read_text("utf-8", errors="replace"))
        return index

    def check_target(self, target: str, messages: Messages) -> str | None:
        """None if `page.md#anchor` exists; otherwise what is wrong and what would be right, in
        `messages`' language."""
        if "://" in target or target.startswith(("/", "mailto:")):
            return messages("pages.not_site_page", target=target)
        page, _, anchor = target.partition("#")
        if not page.endswith(".md"):
            return messages("pages.not_markdown", target=target)
        if page not in self.anchors:
            return messages("pages.no_page", page=page)
        if anchor and anchor not in self.anchors[page]:
            return messages("pages.no_anchor", page=page, anchor=anchor)
        return None


def _anchors_of(text: str) -> set[str]:
    anchors: set[str] = set()
    in_fence = False
    for line in text.splitlines():
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        anchors.update(_ATTR_ID.findall(line))
        anchors.update(_HTML_ID.findall(line))
    return anchors
