"""Reads an author's YAML file into plain values that remember where they came from.

Safety: only YAML's standard tags are accepted (a `!!python/...` tag is refused, never built),
and anchors/aliases are refused, so an alias bomb cannot expand. Duplicate keys, which PyYAML
silently merges, are reported. A UTF-8 BOM and CRLF line endings are fine; a GBK file from a
Chinese Windows editor gets a message that says how to save it as UTF-8.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import Node

from portalkit.problems import ProblemLog

STANDARD_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq",
}
MAX_BYTES = 5_000_000


@dataclass(slots=True)
class Located:
    """A value read from YAML and the place (1-based line and column) it starts at."""

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
_Composer = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


_TEXT_TAGS = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp"}
_BOOL, _NULL, _INT = "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:int"
_BOOL_VALUES = yaml.constructor.SafeConstructor.bool_values
_scalar_constructor = yaml.SafeLoader("")


def decode_source(raw: bytes) -> tuple[str | None, int, str]:
    """UTF-8 (with or without BOM); returns (text, line of the first bad byte, error message)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), 0, ""
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        hint = ""
        try:
            raw.decode("gb18030")
            hint = "看起来是 GBK/GB18030 编码（中文 Windows 记事本等的默认编码）。"
        except UnicodeDecodeError:
            pass
        return None, line, f"文件不是 UTF-8 编码。{hint}请用编辑器“另存为”UTF-8 编码后再试。"


def load_yaml(path: Path, log: ProblemLog) -> Located | None:
    """Returns the document's root, or None after logging why it cannot be read."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        log.add(path, message=f"无法读取文件：{exc.strerror}")
        return None
    if len(raw) > MAX_BYTES:
        log.add(path, message=f"文件超过 {MAX_BYTES // 1_000_000} MB，请拆分成多个文件。")
        return None
    text, bad_line, error = decode_source(raw)
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
        what = exc.problem or exc.context or "YAML 语法错误"
        log.add(path, (mark.line + 1) if mark else 0, (mark.column + 1) if mark else 0,
                message=f"YAML 语法错误：{_translate(what)}。{_where_it_began(exc, text)}"
                        "请检查缩进、冒号后的空格和引号是否成对。")
        return None
    except yaml.YAMLError as exc:
        log.add(path, message=f"YAML 语法错误：{exc}")
        return None
    if node is None:
        log.add(path, 1, 1, message="文件是空的。")
        return None
    try:
        return _convert(node, path, log, set())
    except _RefusedConstruct as exc:
        mark = exc.problem_mark
        log.add(path, mark.line + 1, mark.column + 1, message=str(exc.problem))
        return None


_TRANSLATIONS = {
    "found character '\\t' that cannot start any token": "出现了制表符（Tab），请用空格缩进",
    "found character that cannot start any token": "出现了不能开始一项内容的字符（多半是制表符 Tab，请用空格缩进）",
    "found a tab character": "出现了制表符（Tab），请用空格缩进",
    "mapping values are not allowed": "此处不能出现“键: 值”（冒号后面的内容可能需要加引号）",
    "did not find expected key": "缩进不一致，或缺少“- ”",
    "did not find expected ',' or ']'": "方括号列表没有闭合，或缺少逗号",
    "did not find expected ',' or '}'": "花括号没有闭合，或缺少逗号",
    "expected ',' or ']'": "方括号列表没有闭合，或缺少逗号",
    "expected ',' or '}'": "花括号没有闭合，或缺少逗号",
    "could not find expected ':'": "缺少冒号“:”",
    "found undefined alias": "使用了未定义的别名",
    "expected <block end>, but found": "缩进不一致",
    "found unexpected end of stream": "文件意外结束（引号或括号未闭合？）",
}


# What PyYAML was reading when it failed (its context mark): an unclosed quote or bracket is only
# noticed where the file ends or the next key begins, often many lines after it was opened.
_CONTEXTS = {
    "while scanning a quoted scalar": "引号从第 {line} 行第 {column} 列开始，到这里还没有闭合。",
    "while parsing a flow sequence": "方括号“[”从第 {line} 行第 {column} 列开始，到这里还没有闭合。",
    "while parsing a flow mapping": "花括号“{{”从第 {line} 行第 {column} 列开始，到这里还没有闭合。",
    "while parsing a block mapping": "出错的这一组键值对从第 {line} 行开始，问题在第 {line}—{end} 行之间。",
    "while parsing a block collection": "出错的这个列表从第 {line} 行开始，问题在第 {line}—{end} 行之间。",
    "while scanning a simple key": "这个键从第 {line} 行第 {column} 列开始。",
    "while scanning a plain scalar": "出错的文字从第 {line} 行第 {column} 列开始。",
}


def _where_it_began(exc: yaml.MarkedYAMLError, text: str) -> str:
    """Names the line where the construct that failed began, when that is not where it failed."""
    start, end = exc.context_mark, exc.problem_mark
    if start is None or end is None or (start.line, start.column) == (end.line, end.column):
        return ""
    line, column, end_line = start.line + 1, start.column + 1, end.line + 1
    template = _CONTEXTS.get(exc.context or "")
    if template is None:
        return f"从第 {line} 行第 {column} 列开始（{exc.context}）。" if exc.context else ""
    if line == end_line and "—" in template:
        return ""
    where = template.format(line=line, column=column, end=end_line)
    if "—" in template:
        # A quoted text may run over several lines, so an unclosed quote is read on until the
        # next quote character and only fails there: point at the likely culprit.
        unclosed = _unclosed_quote_line(text, line, end_line)
        if unclosed:
            where += f"第 {unclosed} 行的引号可能没有闭合。"
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


def _translate(message: str) -> str:
    for english, chinese in _TRANSLATIONS.items():
        if message.startswith(english):
            return f"{chinese}（{message}）"
    return message


def _convert(node: Node, path: Path, log: ProblemLog, seen: set[int]) -> Located:
    # Hot path (every node of every file, on every build and `check`): kept flat on purpose.
    mark = node.start_mark
    line, column = mark.line + 1, mark.column + 1
    tag = node.tag
    if tag not in STANDARD_TAGS:
        log.add(path, line, column,
                message=f"不支持的 YAML 标签 {tag}：内容只能是文字、数字、列表和键值对。")
        return Located(None, line, column, tag)
    if node.id == "scalar":
        if tag in _TEXT_TAGS:
            value = node.value  # dates stay text too; their readers parse them
        elif tag == _BOOL:
            value = _BOOL_VALUES[node.value.lower()]
        elif tag == _NULL:
            value = None
        elif tag == _INT and node.value.isdigit():
            value = int(node.value)
        else:
            try:
                value = _scalar_constructor.construct_object(node, deep=True)
            except yaml.YAMLError:
                value = node.value
        return Located(value, line, column, tag)
    # An alias is the same collection node met twice: refuse it instead of expanding it.
    if id(node) in seen:
        raise _RefusedConstruct(None, None, "不支持 YAML 锚点（&名称）和别名（*名称）：请把内容直接写出来", mark)
    seen.add(id(node))
    if node.id == "sequence":
        items = [_convert(child, path, log, seen) for child in node.value]
        return Located([i.value for i in items], line, column, tag, items)
    mapping: dict[str, Located] = {}
    key_lines: dict[str, tuple[int, int]] = {}
    for key_node, value_node in node.value:
        k_mark = key_node.start_mark
        k_line, k_col = k_mark.line + 1, k_mark.column + 1
        if key_node.id != "scalar":
            log.add(path, k_line, k_col, message="键必须是简单的文字。")
            continue
        key = str(key_node.value)
        if key in mapping:
            log.add(path, k_line, k_col, key,
                    message=f"重复的键（第 {key_lines[key][0]} 行已经有 {key}）：请删除其中一个。")
            continue
        mapping[key] = _convert(value_node, path, log, seen)
        key_lines[key] = (k_line, k_col)
    return Located({k: v.value for k, v in mapping.items()}, line, column, tag, mapping, key_lines)
