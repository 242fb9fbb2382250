"""Typed reading of YAML mappings, with a precise message for every wrong field.

`Fields` wraps one mapping; each `text()`/`number()`/... call either returns a typed value or
logs what is wrong (file, line, column, field path) and returns None. Unknown keys are
reported once `done()` is called, with the closest known key as a suggestion.

Text fields that are rendered as Markdown are read with `markdown=True`: anything in them that
the HTML sanitizer would remove (a script, an event attribute, a javascript: link) is an error
here, in the load layer, so that `check`, which renders no page, reports it too.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from portalkit.i18n import Messages
from portalkit.problems import ProblemLog
from portalkit.richtext import markup_removals
from portalkit.yamlsource import Located, sentences

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z")  # \Z: `$` would also match before a final newline
# Control characters other than tab and line breaks: YAML admits them only as escapes in quoted
# text ("\x02"); a page would show them as garbage, and STX/ETX are Markdown's own placeholders.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Characters no output can carry: noncharacters (U+FDD0–FDEF and the last two of every plane) and
# lone surrogates are illegal in XML 1.0 (a Moodle export would not parse, an xlsx not save);
# bidi controls reorder what a reader sees (a name shown backwards, one organisation counted as two).
UNCARRIABLE = re.compile("[\ud800-\udfff\ufdd0-\ufdef" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)) + "]")
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Zero-width characters: invisible, so two titles that look the same differ (search, sorting, ids)
_ZERO_WIDTH = re.compile("[\u200b-\u200d\u2060\ufeff]")
# Any character of the three sets above, searched first: nearly every text has none, and one
# search instead of three is a tenth of loading a bank.
_SUSPECT = re.compile("|".join((_CONTROL.pattern, UNCARRIABLE.pattern, _BIDI.pattern)))

# What an editor is told about a missing field: a message key ("" = nothing more), or a function
# that words a message with fields. Looked up only when the field is missing: `check` reads every
# field of 10,000 questions, and nearly all are there.
Hint = str | Callable[[], str]

_TYPE_KEYS = {
    bool: "fields.type.bool", int: "fields.type.int", float: "fields.type.float", str: "fields.type.str",
    type(None): "fields.type.null", list: "fields.type.list", dict: "fields.type.dict",
}


def describe(value: Any, messages: Messages) -> str:
    """What YAML made of a value, for "…, but it is {actual}"."""
    if isinstance(value, bool):
        return messages("fields.type.bool_value", value=str(value).lower())
    key = _TYPE_KEYS.get(type(value))
    return messages(key) if key else type(value).__name__


def join(items: Any, messages: Messages) -> str:
    """A list of names for a message, separated the language's way."""
    return messages("fields.separator").join(str(i) for i in items)


class Fields:
    def __init__(self, node: Located, path: Path, log: ProblemLog, where: str,
                 known: tuple[str, ...]) -> None:
        self.node, self.path, self.log, self.where = node, path, log, where
        self.known = known
        self.ok = True

    @classmethod
    def of(cls, node: Located | None, path: Path, log: ProblemLog, where: str,
           known: tuple[str, ...], what: str) -> Fields | None:
        """`what`: the message key naming what the mapping is ("a question")."""
        if node is None:
            return None
        if not node.is_mapping:
            m = log.messages
            log.add(path, node.line, node.column, where or m("fields.top_level"),
                    m("fields.not_mapping", what=m(what), actual=describe(node.value, m)))
            return None
        return cls(node, path, log, where, known)

    @property
    def m(self) -> Messages:
        """The build's messages (the log's language)."""
        return self.log.messages

    def describe(self, value: Any) -> str:
        return describe(value, self.log.messages)

    def field_name(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def problem(self, key: str, message: str, node: Located | None = None,
                *, warning: bool = False) -> None:
        target = node or self.node.items.get(key) or self.node
        if not warning:
            self.ok = False
        self.log.add(self.path, target.line, target.column, self.field_name(key), message,
                     warning=warning)

    def has(self, key: str) -> bool:
        return key in self.node.items

    def get(self, key: str) -> Located | None:
        return self.node.items.get(key)

    def missing(self, key: str, hint: Hint) -> None:
        m = self.m
        more = hint() if callable(hint) else m(hint) if hint else ""
        self.problem(key, sentences(m, m("fields.missing", key=key), more))

    def text(self, key: str, *, required: bool = True, hint: Hint = "",
             markdown: bool = False) -> str | None:
        node = self.get(key)
        if node is None:
            if required:
                self.missing(key, hint)
            return None
        return self.text_of(node, key, markdown=markdown)

    def text_of(self, node: Located, key: str, *, markdown: bool = False) -> str | None:
        """`markdown`: the text is rendered through RichText, so markup the sanitizer would
        remove is reported. The text is still returned: the error stops the build anyway, and
        the field's other checks (answers equal to options, duplicates) can still run."""
        text = self._plain_text(node, key)
        if markdown and text is not None:
            for removal in markup_removals(text):
                self.problem(key, removal.message(self.m), node)
        return text

    def _plain_text(self, node: Located, key: str) -> str | None:
        value = node.value
        if isinstance(value, bool):
            self.problem(key, self.m("fields.text_read_as_bool", actual=self.describe(value)), node)
            return None
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
        if not isinstance(value, str):
            self.problem(key, self.m("fields.not_text", actual=self.describe(value)), node)
            return None
        stripped = value.strip()
        if not stripped:
            self.problem(key, self.m("fields.empty"), node)
            return None
        if _SUSPECT.search(value):
            for pattern, message in ((_CONTROL, "fields.control_character"), (UNCARRIABLE, "fields.noncharacter"),
                                     (_BIDI, "fields.bidi_control")):
                found = pattern.search(value)
                if found:
                    self.problem(key, self.m(message, code=f"U+{ord(found.group()):04X}"), node)
                    return None
        if key == "title" and (found := _ZERO_WIDTH.search(value)):
            self.problem(key, self.m("fields.zero_width", code=f"U+{ord(found.group()):04X}"), node)
            return None
        return stripped

    def number(self, key: str, *, default: int | None = None, minimum: int = 0,
               maximum: int | None = None) -> int | None:
        node = self.get(key)
        if node is None:
            return default
        value = node.value
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(key, self.m("fields.not_integer", actual=self.describe(value)), node)
            return default
        if value < minimum or (maximum is not None and value > maximum):
            if maximum is None:
                message = self.m("fields.too_small", minimum=minimum, value=value)
            else:
                message = self.m("fields.out_of_range", minimum=minimum, maximum=maximum, value=value)
            self.problem(key, message, node)
            return default
        return value

    def boolean(self, key: str, *, default: bool) -> bool:
        node = self.get(key)
        if node is None:
            return default
        if not isinstance(node.value, bool):
            self.problem(key, self.m("fields.not_boolean", actual=self.describe(node.value)), node)
            return default
        return node.value

    def text_list(self, key: str, *, required: bool = False, min_items: int = 0,
                  what: str = "fields.what.items", markdown: bool = False) -> list[str] | None:
        """`what`: the message key naming the items."""
        node = self.get(key)
        if node is None:
            if required:
                self.missing(key, lambda: self.m("fields.list_of", what=self.m(what)))
            return None if required else []
        if not node.is_sequence:
            self.problem(key, self.m("fields.not_list", actual=self.describe(node.value)), node)
            return None
        result: list[str] = []
        for i, item in enumerate(node.items):
            text = self.text_of(item, f"{key}[{i}]", markdown=markdown)
            if text is not None:
                result.append(text)
        if len(node.items) < min_items:
            self.problem(key, self.m("fields.too_few", minimum=min_items, count=len(node.items),
                                     what=self.m(what)), node)
        return result

    def identifier(self, key: str, *, what: str) -> str | None:
        """`what`: the message key naming what the id is of ("question")."""
        value = self.text(key, hint=lambda: self.m("fields.id_hint", what=self.m(what)))
        if value is not None and not ID_PATTERN.match(value):
            self.problem(key, self.m("fields.bad_id", value=value))
            return None
        return value

    def done(self) -> None:
        for key, (line, column) in (self.node.key_lines or {}).items():
            if key in self.known:
                continue
            close = difflib.get_close_matches(key, self.known, n=1)
            m = self.m
            hint = (m("fields.did_you_mean_key", key=close[0]) if close
                    else m("fields.known_keys", keys=join(self.known, m)))
            self.ok = False
            self.log.add(self.path, line, column, self.field_name(key),
                         sentences(m, m("fields.unknown_key", key=key), hint))
