"""The one allowlist for author text that becomes HTML, and a census of what it would remove.

Question banks, checklists and rule files are edited by many hands, and their text reaches every
reader's browser (also through `innerHTML` in the runtime). Python-Markdown passes raw HTML and
any link scheme through, so its output goes through Ammonia (the `nh3` bindings), an HTML5
parser-based allowlist sanitizer, never through a regular expression.

`removals()` says what the sanitizer took away. It compares a census of elements, attributes and
URL schemes before and after, not the strings: Ammonia also normalises harmless markup
(`<br />` → `<br>`, entities decoded, attributes re-quoted), which is no author error.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Literal

import nh3

from portalkit.i18n import Messages

# What Python-Markdown makes of ordinary Markdown with the portal's extensions (attr_list,
# sane_lists, tables), and nothing else: no forms, frames, media, styles or scripts.
ALLOWED_TAGS = frozenset({
    "p", "br", "hr", "em", "strong", "code", "pre", "blockquote", "del", "sup", "sub",
    "a", "img", "ul", "ol", "li", "span", "div",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
    "h1", "h2", "h3", "h4", "h5", "h6",
})
ALLOWED_ATTRIBUTES = {
    "*": {"class", "id"},  # attr_list: `{: .note #why }`
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},  # sane_lists: a list that starts at 3
}
# The tables extension writes column alignment as exactly these styles; any other style is refused.
_ALIGN = {f"text-align: {side};" for side in ("left", "center", "right")}
ALLOWED_ATTRIBUTE_VALUES = {"th": {"style": _ALIGN}, "td": {"style": _ALIGN}}
# Relative URLs (site pages, `#anchor`, ROOT_TOKEN-prefixed links) have no scheme and pass.
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
# An image is a request the page makes by itself: the portal loads nothing from other hosts, so
# images come from the site only (relative paths; no scheme, no //host/).
IMAGE_SCHEMES: frozenset[str] = frozenset()
# Dropped with their content: the text of a script or style is code, not something to show.
_DROP_WITH_CONTENT = {"script", "style"}
_URL_ATTRIBUTES = ("href", "src")

# WHATWG URL parsing: leading/trailing C0 controls and spaces are stripped and tabs/newlines
# removed anywhere, so `jav&#x09;ascript:` and ` javascript:` are javascript: to a browser.
_C0_AND_SPACE = "".join(chr(i) for i in range(0x21))
_TAB_OR_NEWLINE = str.maketrans("", "", "\t\n\r")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")


def url_scheme(value: str) -> str | None:
    """The scheme a browser would see in an attribute value (already entity-decoded), lower case;
    None for a relative URL."""
    match = _SCHEME.match(value.strip(_C0_AND_SPACE).translate(_TAB_OR_NEWLINE))
    return match.group(1).lower() if match else None


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    # nh3 applies one scheme list to href and src; an image must not load a mailto: or similar.
    if tag == "img" and attribute == "src":
        scheme = url_scheme(value)
        if (scheme is not None and scheme not in IMAGE_SCHEMES) or value.strip(_C0_AND_SPACE).startswith(("//", "\\")):
            return None
    return value


def _make_cleaner() -> Callable[[str], str]:
    options = {
        "tags": set(ALLOWED_TAGS), "clean_content_tags": set(_DROP_WITH_CONTENT),
        "attributes": {k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
        "tag_attribute_values": {k: {a: set(v) for a, v in attrs.items()}
                                 for k, attrs in ALLOWED_ATTRIBUTE_VALUES.items()},
        "attribute_filter": _filter_attribute, "url_schemes": set(LINK_SCHEMES),
        # no rel="noopener noreferrer" added to every link: it would change harmless markup,
        # and the portal's links open in the same tab
        "link_rel": None, "strip_comments": True,
    }
    cleaner = getattr(nh3, "Cleaner", None)  # nh3 ≥ 0.3: builds the allowlist once
    if cleaner is not None:
        return cleaner(**options).clean  # type: ignore[no-any-return]
    return functools.partial(nh3.clean, **options)


clean: Callable[[str], str] = _make_cleaner()


class _Census(HTMLParser):
    """Counts start tags, attributes and URL schemes; entities decoded like a browser does."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: Counter[str] = Counter()
        self.attributes: Counter[tuple[str, str]] = Counter()
        self.schemes: Counter[tuple[str, str, str]] = Counter()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements[tag] += 1
        for name, value in attrs:
            self.attributes[(tag, name)] += 1
            if name in _URL_ATTRIBUTES and value:
                scheme = url_scheme(value)
                if scheme is None and value.strip(_C0_AND_SPACE).startswith(("//", "\\")):
                    scheme = "//"  # protocol-relative: another host all the same
                if scheme is not None:
                    self.schemes[(tag, name, scheme)] += 1

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def census(html: str) -> _Census:
    parser = _Census()
    parser.feed(html)
    parser.close()
    return parser


def text_content(html: str) -> str:
    """The text a reader sees, for places that can hold no markup (a <select>'s options)."""
    return "".join(census(html).text)


@dataclass(frozen=True, order=True)
class Removal:
    """One thing the sanitizer removed: an element, an attribute (of `tag`) or a URL scheme."""

    kind: Literal["element", "attribute", "scheme"]
    tag: str
    name: str = ""  # the attribute, or the scheme; "" for an element

    def message(self, messages: Messages) -> str:
        """What was removed and how to write it instead, in the build's language."""
        if self.kind == "element":
            return _element_message(self.tag, messages)
        if self.kind == "attribute":
            return _attribute_message(self.tag, self.name, messages)
        return _scheme_message(self.tag, self.name, messages)


def removals(before: str, after: str) -> list[Removal]:
    """What is in `before` but not in `after` (the sanitizer's output), most telling first.

    An attribute or scheme of an element that went as a whole is not named again: for
    `<iframe src="javascript:…">` the one thing to fix is the iframe."""
    a, b = census(before), census(after)
    gone_elements = a.elements - b.elements
    gone_schemes = a.schemes - b.schemes
    found = {Removal("element", tag) for tag in gone_elements}
    found |= {Removal("scheme", tag, scheme) for tag, _, scheme in gone_schemes
              if tag not in gone_elements}
    url_attributes = {(tag, attribute) for tag, attribute, _ in gone_schemes}
    found |= {Removal("attribute", tag, name) for tag, name in a.attributes - b.attributes
              if tag not in gone_elements and (tag, name) not in url_attributes}
    return sorted(found)


_SCRIPT_LIKE = {"script", "noscript", "template"}
_STYLE_LIKE = {"style", "link", "meta", "base", "title", "head", "body", "html"}
_EMBEDDED = {"iframe", "frame", "frameset", "object", "embed", "applet", "portal", "video", "audio",
             "source", "track", "canvas", "picture"}
_FORMS = {"form", "input", "button", "select", "option", "optgroup", "textarea", "label", "fieldset",
          "legend", "output", "datalist", "dialog", "details", "summary", "menu"}
_FOREIGN = {"svg", "math"}


def _element_message(tag: str, m: Messages) -> str:
    written = f"<{tag}>"
    if tag in ALLOWED_TAGS:  # allowed, but dropped by the HTML parser where it stands
        return m("markup.element.misplaced", tag=written)
    if tag in _SCRIPT_LIKE:
        what = "markup.element.script"
    elif tag in _STYLE_LIKE:
        what = "markup.element.style"
    elif tag in _EMBEDDED:
        what = "markup.element.embedded"
    elif tag in _FORMS:
        what = "markup.element.form"
    elif tag in _FOREIGN:
        what = "markup.element.foreign"
    else:
        what = "markup.element.other"
    return m("markup.element", tag=written, how=m("markup.how_to_write"), what=m(what))


def _attribute_message(tag: str, name: str, m: Messages) -> str:
    if name.startswith("on"):
        return m("markup.attribute.event", name=name, tag=tag, how=m("markup.how_to_write"))
    if name == "style":
        return m("markup.attribute.style", name=name, tag=tag)
    return m("markup.attribute.other", name=name, tag=tag)


def _scheme_message(tag: str, scheme: str, m: Messages) -> str:
    if tag == "img":
        return m("markup.scheme.image", scheme=scheme if scheme == "//" else scheme + ":")
    return m("markup.scheme.link", scheme=scheme)
