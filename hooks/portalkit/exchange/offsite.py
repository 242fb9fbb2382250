"""Author text as HTML for places that are not the site: a printed paper, its answer key, a Moodle
question bank.

The text goes through the project's RichText (Markdown, then the one sanitizer), and then loses
what only works on the site: a link to a site page becomes its text (the page is not there), any
other link its text followed by the address in brackets (paper cannot be clicked), an image its
description (a paper file asks for nothing from anywhere). Ids and classes meant for the site's
stylesheet are dropped. Everything else is re-serialised from the sanitized HTML as it was."""

from __future__ import annotations

from html import escape
from html.parser import HTMLParser

from markupsafe import Markup

from portalkit.i18n import ZH, Messages
from portalkit.richtext import ROOT_TOKEN, RichText

_VOID = {"br", "hr", "img"}


class _Offsite(HTMLParser):
    def __init__(self, image_label: str, link_label: str) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.links: list[str | None] = []  # per open <a>: the address to add after its text
        self.image_label, self.link_label = image_label, link_label

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "a":
            href = values.get("href", "")
            external = "://" in href or href.startswith("mailto:")
            self.links.append(href if external and not href.startswith(ROOT_TOKEN) else None)
            return
        if tag == "img":
            alt = values.get("alt", "").strip()
            if alt:
                self.out.append(escape(self.image_label.format(alt=alt), quote=False))
            return
        kept = "".join(f' {k}="{escape(v)}"' for k, v in attrs
                       if k in ("start", "style", "title") and v is not None)
        self.out.append(f"<{tag}{kept}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            href = self.links.pop() if self.links else None
            if href:
                self.out.append(escape(self.link_label.format(url=href.removeprefix("mailto:")), quote=False))
            return
        if tag not in _VOID:
            self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self.out.append(escape(data, quote=False))


def offsite(html: str, image_label: str = "[{alt}]", link_label: str = " ({url})") -> Markup:
    """Sanitized site HTML → the same HTML without links and images (see the module docstring).
    `image_label`: how an image's description is shown, a format string with `{alt}`;
    `link_label`: what follows the text of a link to another site, with `{url}`."""
    if "<a" not in html and "<img" not in html and " id=" not in html and " class=" not in html:
        return Markup(html)
    parser = _Offsite(image_label, link_label)
    parser.feed(html)
    parser.close()
    return Markup("".join(parser.out))


class OffsiteText:
    """RichText for paper and other systems: `inline`, `block` and `plain`, all without links."""

    def __init__(self, messages: Messages = ZH) -> None:
        self.rich = RichText()
        self.labels = messages("exchange.image"), messages("exchange.link")

    def inline(self, text: str) -> Markup:
        return offsite(self.rich.inline(text), *self.labels)

    def block(self, text: str) -> Markup:
        return offsite(self.rich.block(text), *self.labels)

    def plain(self, text: str) -> str:
        return self.rich.plain(text)
