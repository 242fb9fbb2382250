"""Author text (Markdown) → HTML for questions and checklist items.

Texts without Markdown syntax take a fast path (escape only): most prompts are plain Chinese,
and a Markdown conversion costs far more than the block budget of 0.3 ms.
Links to site pages (`procedures/stage-3.md#step-7`) become `ROOT_TOKEN`-prefixed site URLs,
which each block resolves relative to the page it stands on.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from functools import lru_cache

import markdown
from markupsafe import Markup

ROOT_TOKEN = "@@portal-root@@"
_MARKDOWN_SYNTAX = re.compile(r"[*_`\[\]<>#|\\]|^\s*[-+]\s|^\s*\d+\.\s|\n\s*\n", re.M)
_MD_HREF = re.compile(r'href="([^":#?]+\.md)(#[^"]*)?"')

# Maps a page path relative to docs/ (`procedures/stage-3.md`) to its URL relative to the
# site root; set by the build (which knows use_directory_urls), identity-like in `check`.
PageUrl = Callable[[str], str]


def default_page_url(src: str) -> str:
    stem = src[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


class RichText:
    def __init__(self, page_url: PageUrl = default_page_url) -> None:
        self.page_url = page_url
        self._md = markdown.Markdown(extensions=["attr_list", "sane_lists", "tables"])
        self._cache: dict[str, Markup] = {}
        self._inline: dict[str, Markup] = {}

    def block(self, text: str) -> Markup:
        if not text:
            return Markup("")
        cached = self._cache.get(text)
        if cached is None:
            if "\n" in text or _MARKDOWN_SYNTAX.search(text):
                cached = Markup(self._links(self._md.reset().convert(text)))
            else:
                cached = Markup("<p>" + html.escape(text, quote=False) + "</p>")
            self._cache[text] = cached
        return cached

    def inline(self, text: str) -> Markup:
        cached = self._inline.get(text)
        if cached is None:
            out = self.block(text)
            if out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
                out = Markup(out[3:-4])
            cached = self._inline[text] = out
        return cached

    def link(self, target: str) -> str:
        """`procedures/stage-3.md#step-7` → ROOT_TOKEN + site URL."""
        page, _, anchor = target.partition("#")
        return ROOT_TOKEN + self.page_url(page) + (f"#{anchor}" if anchor else "")

    def _links(self, rendered: str) -> str:
        return _MD_HREF.sub(lambda m: f'href="{self.link(m.group(1) + (m.group(2) or ""))}"',
                            rendered)


def markdown_links(text: str) -> list[str]:
    """Page links written in author Markdown, for validation."""
    return [m.group(1) for m in re.finditer(r"\]\(([^)\s:]+\.md(?:#[^)\s]*)?)\)", text)]


@lru_cache(maxsize=4096)
def root_prefix(page_url: str) -> str:
    """Relative path from a page (by its URL) to the site root."""
    folder = page_url if page_url.endswith("/") or not page_url else page_url.rsplit("/", 1)[0] + "/"
    if "/" not in page_url:
        folder = page_url if page_url.endswith("/") else ""
    depth = folder.strip("/").count("/") + 1 if folder.strip("/") else 0
    return "../" * depth
