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
    """Pages by their path relative to docs/ (POSIX), each with its set of explicit anchors.

    Read on first use: a site whose pages link nothing (no banks, no checklists) never pays for
    reading every page (the plugin's budget on such sites is 2 % of the build)."""

    docs_dir: Path | None = None
    _anchors: dict[str, set[str]] | None = field(default=None, repr=False)

    @classmethod
    def scan(cls, docs_dir: Path) -> PageIndex:
        return cls(docs_dir)

    @property
    def anchors(self) -> dict[str, set[str]]:
        if self._anchors is None:
            self._anchors = {}
            if self.docs_dir is not None:
                for path in sorted(self.docs_dir.rglob("*.md")):
                    rel = path.relative_to(self.docs_dir).as_posix()
                    if not any(part.startswith(".") for part in Path(rel).parts):
                        self._anchors[rel] = _anchors_of(path.read_text("utf-8", errors="replace"))
        return self._anchors

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
