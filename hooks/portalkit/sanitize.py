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

    @property
    def message(self) -> str:
        if self.kind == "element":
            return _element_message(self.tag)
        if self.kind == "attribute":
            return _attribute_message(self.tag, self.name)
        return _scheme_message(self.tag, self.name)


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


_HOW_TO_WRITE = ("题库、清单和规则中的文字只能用 Markdown 格式：**粗体**、*斜体*、`代码`、列表、表格，"
                 "链接写成 [文字](procedures/stage-3.md#step-7) 或 [文字](https://…)。")
_SCRIPT_LIKE = {"script", "noscript", "template"}
_STYLE_LIKE = {"style", "link", "meta", "base", "title", "head", "body", "html"}
_EMBEDDED = {"iframe", "frame", "frameset", "object", "embed", "applet", "portal", "video", "audio",
             "source", "track", "canvas", "picture"}
_FORMS = {"form", "input", "button", "select", "option", "optgroup", "textarea", "label", "fieldset",
          "legend", "output", "datalist", "dialog", "details", "summary", "menu"}
_FOREIGN = {"svg", "math"}


def _element_message(tag: str) -> str:
    written = f"<{tag}>"
    if tag in ALLOWED_TAGS:  # allowed, but dropped by the HTML parser where it stands
        return (f"HTML 元素 {written} 放错了位置，会被丢弃：请不要手写 HTML，"
                "表格用 Markdown 表格（| 列 | 列 |），列表用“- ”开头。")
    if tag in _SCRIPT_LIKE:
        what = "不能含脚本，请删除它；要把标签本身显示出来，请用反引号括起来：`<script>`。"
    elif tag in _STYLE_LIKE:
        what = "不能写样式、页面信息或自动跳转，请删除它；需要强调时用 **粗体**。"
    elif tag in _EMBEDDED:
        what = "不能嵌入其他页面、插件或媒体，请改成链接：[说明](https://…)。"
    elif tag in _FORMS:
        what = "不能放表单、按钮或输入框，请删除它；答题控件由门户自动生成。"
    elif tag in _FOREIGN:
        what = "不能嵌入 SVG 或 MathML，请删除它；图片写成 ![说明](图片地址)。"
    else:
        what = "请删除它，改用 Markdown 的写法。"
    return f"不允许的 HTML 元素 {written}：{_HOW_TO_WRITE}{what}"


def _attribute_message(tag: str, name: str) -> str:
    where = f"不允许的 HTML 属性 {name}（在 <{tag}> 上）："
    if name.startswith("on"):
        return where + "事件属性会执行脚本，请删除它。" + _HOW_TO_WRITE
    if name == "style":
        return where + "内容中不能写样式，请删除它；需要强调时用 **粗体**。"
    return (where + "请删除它。只能用 Markdown 的写法：链接写成 [文字](地址 \"提示\")，"
            "图片写成 ![说明](地址)，类名和锚点写成 {: .类名 #锚点 }。")


def _scheme_message(tag: str, scheme: str) -> str:
    if tag == "img":
        shown = scheme if scheme == "//" else scheme + ":"
        return (f"不允许的图片地址 “{shown}”：图片只能放在本站，用相对路径引用（例如 ![说明](images/a.png)），"
                "页面不从其他网站加载任何内容。")
    return (f"不允许的链接地址 “{scheme}:”：链接只能指向本站页面（例如 [文字](procedures/stage-3.md#step-7)）"
            "或 http://、https://、mailto: 地址。请改写或删除这个链接。")
