"""Author text (Markdown) → HTML for questions and checklist items.

Texts without Markdown syntax take a fast path (escape only): most prompts are plain Chinese,
and a Markdown conversion costs far more than the block budget of 0.3 ms.
Everything else is converted and then sanitized (portalkit.sanitize), here and nowhere else, so
every block kind and every generator gets the same allowlist. `removals()` tells the loaders what
the sanitizer would take out of a text, for an error at `check` and build time.
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

from portalkit.sanitize import Removal, clean, removals, text_content

ROOT_TOKEN = "@@portal-root@@"
_MARKDOWN_SYNTAX = re.compile(r"[*_`\[\]<>#|\\]|^\s*[-+]\s|^\s*\d+\.\s|\n\s*\n", re.M)
_MD_HREF = re.compile(r'href="([^":#?]+\.md)(#[^"]*)?"')
# The census of what the sanitizer would remove needs a Markdown conversion (~0.1 ms a text), too
# slow for `check` of 10,000 questions in ≤ 1 s if every text with a link paid it. Only raw HTML
# and autolinks (`<`), attribute lists (`{`), entities (`&`) and link or image targets can make
# Markdown output anything outside the allowlist; a target that is a plain relative path or a
# plain http(s)/mailto URL cannot. So a text needs the census if it has `<`, `{` or `&`, or if a
# `](` or `]:` is left after striking out its plainly safe link targets. Rendering sanitizes
# every converted text regardless: this only decides where a removal must be looked for.
_RISKY_CHARACTER = re.compile(r"[<{&]")
_SAFE_LINK_TARGET = re.compile(
    r'\]\((?:[^\s()<>:&"\\]+|https?://[^\s()<>&"\\]+|mailto:[^\s()<>&"\\]+)(?: +"[^"\n]*")?\)')
_LINK_TARGET = re.compile(r"\]\s*[(:]")


def _may_need_removal(text: str) -> bool:
    if _RISKY_CHARACTER.search(text):
        return True
    if "]" not in text:
        return False
    if "![" in text:
        return True  # an image may only come from the site; links may go anywhere: convert to tell
    return _LINK_TARGET.search(_SAFE_LINK_TARGET.sub(")", text)) is not None


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
        self._converter: markdown.Markdown | None = None  # made for the first text with Markdown
        self._cache: dict[str, Markup] = {}
        self._inline: dict[str, Markup] = {}
        self._removals: dict[str, list[Removal]] = {}
        self._targets: dict[str, str] = {}

    @staticmethod
    def _converted(text: str) -> bool:
        """False for the fast path: plain text, only escaped."""
        return "\n" in text or _MARKDOWN_SYNTAX.search(text) is not None

    def _markdown(self, text: str) -> str:
        """Markdown → HTML with site links, not yet sanitized."""
        if self._converter is None:
            self._converter = markdown.Markdown(extensions=["attr_list", "sane_lists", "tables"])
        return self._links(self._converter.reset().convert(text))

    def block(self, text: str) -> Markup:
        if not text:
            return Markup("")
        cached = self._cache.get(text)
        if cached is None:
            if self._converted(text):
                cached = Markup(clean(self._markdown(text)))
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

    def plain(self, text: str) -> str:
        """What a reader sees of `inline(text)`, as text (unescaped), for places that hold no
        markup, such as the options of a <select>."""
        if not self._converted(text):
            return text
        return text_content(self.inline(text))

    def removals(self, text: str) -> list[Removal]:
        """What the sanitizer removes from this text's HTML; empty for plain text and harmless
        Markdown. Compares a census of the HTML before and after, not the strings."""
        # cheapest test first: this runs for every Markdown field of every question in `check`
        if not _may_need_removal(text) or not self._converted(text):
            return []
        found = self._removals.get(text)
        if found is None:
            raw = self._markdown(text)
            found = self._removals[text] = removals(raw, clean(raw))
        return found

    def link(self, target: str) -> str:
        """`procedures/stage-3.md#step-7` → ROOT_TOKEN + site URL."""
        found = self._targets.get(target)
        if found is None:
            page, _, anchor = target.partition("#")
            found = self._targets[target] = ROOT_TOKEN + self.page_url(page) + (f"#{anchor}" if anchor else "")
        return found

    def _links(self, rendered: str) -> str:
        return _MD_HREF.sub(lambda m: f'href="{self.link(m.group(1) + (m.group(2) or ""))}"',
                            rendered)


@lru_cache(maxsize=1)
def _checker() -> RichText:
    """One converter for the loaders, kept for the process (also across `mkdocs serve` rebuilds):
    its cache maps a text to its removals, a pure function of the text, and holds only the few
    texts that needed a census."""
    return RichText()


def markup_removals(text: str) -> list[Removal]:
    """For the loaders (which have no build): what the sanitizer would remove from `text`."""
    return _checker().removals(text)


_PAGE_LINK = re.compile(r"\]\(([^)\s:]+\.md(?:#[^)\s]*)?)\)")


def markdown_links(text: str) -> list[str]:
    """Page links written in author Markdown, for validation."""
    if "](" not in text:  # nearly every text: no link at all
        return []
    return [m.group(1) for m in _PAGE_LINK.finditer(text)]


@lru_cache(maxsize=4096)
def root_prefix(page_url: str) -> str:
    """Relative path from a page (by its URL) to the site root."""
    folder = page_url if page_url.endswith("/") or not page_url else page_url.rsplit("/", 1)[0] + "/"
    if "/" not in page_url:
        folder = page_url if page_url.endswith("/") else ""
    depth = folder.strip("/").count("/") + 1 if folder.strip("/") else 0
    return "../" * depth
