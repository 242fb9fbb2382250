"""Reads an author's YAML file into plain values that remember where they came from.

Safety: only YAML's standard tags are accepted (a `!!python/...` tag is refused, never built),
and anchors/aliases are refused, so an alias bomb cannot expand. Duplicate keys, which PyYAML
silently merges, are reported. A UTF-8 BOM and CRLF line endings are fine; a GBK file from a
Chinese Windows editor gets a message that says how to save it as UTF-8.
"""

from __future__ import annotations

import contextlib
import gc
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import Node, ScalarNode, SequenceNode

from portalkit.i18n import Messages
from portalkit.limits import LIMITS
from portalkit.problems import ProblemLog

STANDARD_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq",
}
MAX_BYTES = LIMITS["bankBytes"]


@dataclass(slots=True)
class Located:
    """A value read from YAML and the place (1-based line and column) it starts at.

    A scalar's `value` is its Python value; a mapping's or a sequence's is its `items` (Located
    children), whose type is what YAML made of it: building plain copies of every mapping and
    list, which no reader used, was a fifth of loading a bank."""

    value: Any
    line: int
    column: int
    tag: str = ""
    # for mappings: key -> (key position, Located value); for sequences: list of Located
    items: Any = None
    key_lines: dict[str, tuple[int, int]] | None = None  # mappings only: key -> (line, column)

    @property
    def is_mapping(self) -> bool:
        return isinstance(self.items, dict)

    @property
    def is_sequence(self) -> bool:
        return isinstance(self.items, list)


class _RefusedConstruct(yaml.MarkedYAMLError):
    """A construct we refuse on purpose; its message is already complete."""


# libyaml's composer is about ten times faster than PyYAML's; both only build nodes, never
# Python objects, and an alias is the same node object seen twice (not expanded).
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Composer(_Loader):  # type: ignore[misc,valid-type]
    """The safe loader, with the tag of most nodes found without Resolver's search: libyaml
    calls `resolve` and the path resolvers for every node, and Resolver builds a list of
    candidate patterns for each one, a sixth of composing a bank. Text that is quoted, or plain
    text whose first character starts no implicit type (Chinese text, ids, paths), is a string;
    a list is a list; a mapping a mapping: what Resolver itself returns for them, as long as
    nobody taught PyYAML path resolvers or resolvers for any first character (then every node
    goes to Resolver, as before)."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        if self.yaml_path_resolvers or self.yaml_implicit_resolvers is not _IMPLICIT_STARTS \
                or None in _IMPLICIT_STARTS:
            for name in ("resolve", "descend_resolver", "ascend_resolver"):
                setattr(self, name, getattr(super(), name))

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            if not implicit[0] or (value and value[0] not in _IMPLICIT_STARTS):
                return _STR
            return _Loader.resolve(self, kind, value, implicit)
        return _SEQ if kind is SequenceNode else _MAP

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass  # no path resolvers (see __init__)

    def ascend_resolver(self) -> None:
        pass


_IMPLICIT_STARTS = _Loader.yaml_implicit_resolvers  # first character -> implicit types (the live table)
_STR, _SEQ, _MAP = _Loader.DEFAULT_SCALAR_TAG, _Loader.DEFAULT_SEQUENCE_TAG, _Loader.DEFAULT_MAPPING_TAG


_TEXT_TAGS = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp"}
_BOOL, _NULL, _INT = "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:int"
_BOOL_VALUES = yaml.constructor.SafeConstructor.bool_values
_scalar_constructor = yaml.SafeLoader("")


def sentences(messages: Messages, *parts: str) -> str:
    """Sentences of one message, in the language's way: side by side in Chinese, a space apart in
    English. Empty parts are left out."""
    return messages("yaml.sentence_gap").join(part for part in parts if part)


def decode_source(raw: bytes, messages: Messages) -> tuple[str | None, int, str]:
    """UTF-8 (with or without BOM); returns (text, line of the first bad byte, error message)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), 0, ""
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        try:
            raw.decode("gb18030")
            return None, line, messages("yaml.not_utf8_gbk")
        except UnicodeDecodeError:
            return None, line, messages("yaml.not_utf8")


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Python's cyclic collector paused while a large acyclic structure is built: each collection
    walks every object built so far, which made a 10,000-question bank several times slower per
    question than a 1,000-question one. Nothing built here forms a cycle."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_yaml(path: Path, log: ProblemLog) -> Located | None:
    """Returns the document's root, or None after logging why it cannot be read."""
    with gc_paused():
        return _load_yaml(path, log)


def _load_yaml(path: Path, log: ProblemLog) -> Located | None:
    m = log.messages
    try:
        raw = path.read_bytes()
    except OSError as exc:
        log.add(path, message=m("yaml.unreadable", reason=exc.strerror))
        return None
    if len(raw) > MAX_BYTES:
        log.add(path, message=m("yaml.too_big", mb=MAX_BYTES // (1024 * 1024)))
        return None
    text, bad_line, error = decode_source(raw, m)
    if text is None:
        log.add(path, bad_line, message=error)
        return None
    try:
        loader = _Composer(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except _RefusedConstruct as exc:
        mark = exc.problem_mark
        log.add(path, mark.line + 1, mark.column + 1, message=str(exc.problem))
        return None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = _translate(exc.problem or exc.context or "", m) or m("yaml.unknown_problem")
        log.add(path, (mark.line + 1) if mark else 0, (mark.column + 1) if mark else 0,
                message=sentences(m, m("yaml.syntax", what=what), _where_it_began(exc, text, m),
                                  m("yaml.syntax_advice")))
        return None
    except yaml.YAMLError as exc:
        log.add(path, message=m("yaml.syntax_plain", error=exc))
        return None
    if node is None:
        log.add(path, 1, 1, message=m("yaml.empty"))
        return None
    try:
        return _convert(node, path, log, set())
    except _RefusedConstruct as exc:
        mark = exc.problem_mark
        log.add(path, mark.line + 1, mark.column + 1, message=str(exc.problem))
        return None


# PyYAML's problem (English, by its start) → the message that says it in the editor's words.
_TRANSLATIONS = {
    "found character '\\t' that cannot start any token": "yaml.problem.tab",
    "found character that cannot start any token": "yaml.problem.bad_start",
    "found a tab character": "yaml.problem.tab",
    "mapping values are not allowed": "yaml.problem.mapping_value",
    "did not find expected key": "yaml.problem.expected_key",
    "did not find expected ',' or ']'": "yaml.problem.open_bracket",
    "did not find expected ',' or '}'": "yaml.problem.open_brace",
    "expected ',' or ']'": "yaml.problem.open_bracket",
    "expected ',' or '}'": "yaml.problem.open_brace",
    "could not find expected ':'": "yaml.problem.colon",
    "found undefined alias": "yaml.problem.undefined_alias",
    "expected <block end>, but found": "yaml.problem.indentation",
    "found unexpected end of stream": "yaml.problem.end_of_stream",
}


# What PyYAML was reading when it failed (its context mark): an unclosed quote or bracket is only
# noticed where the file ends or the next key begins, often many lines after it was opened.
_CONTEXTS = {
    "while scanning a quoted scalar": "yaml.context.quoted",
    "while parsing a flow sequence": "yaml.context.flow_sequence",
    "while parsing a flow mapping": "yaml.context.flow_mapping",
    "while parsing a block mapping": "yaml.context.block_mapping",
    "while parsing a block collection": "yaml.context.block_collection",
    "while scanning a simple key": "yaml.context.simple_key",
    "while scanning a plain scalar": "yaml.context.plain_scalar",
}
# Contexts that name a range of lines (from where the construct began to where it failed).
_RANGES = {"yaml.context.block_mapping", "yaml.context.block_collection"}


def _where_it_began(exc: yaml.MarkedYAMLError, text: str, messages: Messages) -> str:
    """Names the line where the construct that failed began, when that is not where it failed."""
    start, end = exc.context_mark, exc.problem_mark
    if start is None or end is None or (start.line, start.column) == (end.line, end.column):
        return ""
    line, column, end_line = start.line + 1, start.column + 1, end.line + 1
    key = _CONTEXTS.get(exc.context or "")
    if key is None:
        return messages("yaml.context.other", line=line, column=column, context=exc.context) if exc.context else ""
    if line == end_line and key in _RANGES:
        return ""
    where = messages(key, line=line, column=column, end=end_line)
    if key in _RANGES:
        # A quoted text may run over several lines, so an unclosed quote is read on until the
        # next quote character and only fails there: point at the likely culprit.
        unclosed = _unclosed_quote_line(text, line, end_line)
        if unclosed:
            where = sentences(messages, where, messages("yaml.context.unclosed_quote", line=unclosed))
    return where


_QUOTED_VALUE = re.compile(r"""^\s*(?:-\s+)*(?:[^\s"'#][^#]*?:\s+)?(["'])(.*)$""")


def _unclosed_quote_line(text: str, first: int, last: int) -> int:
    """The first line in first..last (1-based) whose value opens a quote and does not close it."""
    for number, line in enumerate(text.splitlines()[first - 1:last], first):
        m = _QUOTED_VALUE.match(line)
        if not m:
            continue
        quote, rest = m.groups()
        rest = rest.replace("\\\\", "").replace('\\"', "") if quote == '"' else rest.replace("''", "")
        if quote not in rest:
            return number
    return 0


MAX_CONFIG_ALIASES = 100


def expanding_alias(text: str) -> tuple[int, int] | None:
    """(line, column) of the first alias in a configuration file that could make it expand: an
    alias of a list or mapping (a nest of them is an alias bomb), or more than MAX_CONFIG_ALIASES
    aliases. Aliases of single values stay allowed: mkdocs.yml files use them to say a thing once."""
    if "*" not in text:
        return None
    collections: set[str] = set()
    aliases = 0
    try:
        for event in yaml.parse(text, Loader=_Composer):
            if isinstance(event, yaml.CollectionStartEvent) and event.anchor:
                collections.add(event.anchor)
            elif isinstance(event, yaml.AliasEvent):
                aliases += 1
                if event.anchor in collections or aliases > MAX_CONFIG_ALIASES:
                    return event.start_mark.line + 1, event.start_mark.column + 1
    except yaml.YAMLError:
        return None  # the reader reports the syntax error itself
    return None


def problem_of(exc: yaml.YAMLError, messages: Messages) -> tuple[int | None, str]:
    """What is wrong in a snippet of YAML (such as a block's options), in the editor's words,
    and its 0-based line in the snippet (None if PyYAML does not say)."""
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        what = _translate(exc.problem or exc.context or "", messages) or messages("yaml.unknown_problem")
        return (mark.line if mark else None), what
    return None, str(exc)


def _translate(message: str, messages: Messages) -> str:
    for english, key in _TRANSLATIONS.items():
        if message.startswith(english):
            return messages("yaml.translated", text=messages(key), original=message)
    return message


def _convert(node: Node, path: Path, log: ProblemLog, seen: set[int]) -> Located:
    # Hot path (every node of every file, on every build and `check`): kept flat on purpose, the
    # common scalar (text under a standard tag, met once) handled in place without a call.
    mark = node.start_mark
    line, column = mark.line + 1, mark.column + 1
    tag = node.tag
    if tag not in STANDARD_TAGS:
        log.add(path, line, column, message=log.messages("yaml.bad_tag", tag=tag))
        return Located(None, line, column, tag)
    # An alias is the node of its anchor met again, refused, never expanded. The portal's own
    # YAML has none: an alias of a long text repeated thousands of times makes every later step
    # do that work again.
    if id(node) in seen:
        raise _RefusedConstruct(None, None, log.messages("yaml.alias"), mark)
    seen.add(id(node))
    kind = node.id
    if kind == "scalar":
        return Located(_scalar_value(node, tag), line, column, tag)
    if kind == "sequence":
        items: list[Located] = []
        for child in node.value:
            if child.id == "scalar" and child.tag in _TEXT_TAGS and id(child) not in seen:
                seen.add(id(child))
                c_mark = child.start_mark
                items.append(Located(child.value, c_mark.line + 1, c_mark.column + 1, child.tag))
            else:
                items.append(_convert(child, path, log, seen))
        return Located(items, line, column, tag, items)
    mapping: dict[str, Located] = {}
    key_lines: dict[str, tuple[int, int]] = {}
    for key_node, value_node in node.value:
        k_mark = key_node.start_mark
        k_line, k_col = k_mark.line + 1, k_mark.column + 1
        if key_node.id != "scalar":
            log.add(path, k_line, k_col, message=log.messages("yaml.complex_key"))
            continue
        key = str(key_node.value)
        if key in mapping:
            log.add(path, k_line, k_col, key,
                    message=log.messages("yaml.duplicate_key", key=key, line=key_lines[key][0]))
            continue
        if value_node.id == "scalar" and value_node.tag in _TEXT_TAGS and id(value_node) not in seen:
            seen.add(id(value_node))
            v_mark = value_node.start_mark
            mapping[key] = Located(value_node.value, v_mark.line + 1, v_mark.column + 1, value_node.tag)
        else:
            mapping[key] = _convert(value_node, path, log, seen)
        key_lines[key] = (k_line, k_col)
    return Located(mapping, line, column, tag, mapping, key_lines)


def _scalar_value(node: Node, tag: str) -> Any:
    if tag in _TEXT_TAGS:
        return node.value  # dates stay text too; their readers parse them
    if tag == _BOOL:
        return _BOOL_VALUES[node.value.lower()]
    if tag == _NULL:
        return None
    if tag == _INT and node.value.isdigit():
        return int(node.value)
    try:
        return _scalar_constructor.construct_object(node, deep=True)
    except yaml.YAMLError:
        return node.value
