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
from pathlib import Path
from typing import Any

from portalkit.problems import ProblemLog
from portalkit.richtext import markup_removals
from portalkit.yamlsource import Located

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

_TYPE_NAMES = {
    bool: "布尔值（true/false）", int: "整数", float: "数字", str: "文字", type(None): "空值",
    list: "列表", dict: "键值对",
}


def describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"布尔值 {str(value).lower()}"
    return _TYPE_NAMES.get(type(value), type(value).__name__)


class Fields:
    def __init__(self, node: Located, path: Path, log: ProblemLog, where: str,
                 known: tuple[str, ...]) -> None:
        self.node, self.path, self.log, self.where = node, path, log, where
        self.known = known
        self.ok = True

    @classmethod
    def of(cls, node: Located | None, path: Path, log: ProblemLog, where: str,
           known: tuple[str, ...], what: str) -> Fields | None:
        if node is None:
            return None
        if not node.is_mapping:
            log.add(path, node.line, node.column, where or "（顶层）",
                    f"应为键值对（{what}），实际是{describe(node.value)}。")
            return None
        return cls(node, path, log, where, known)

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

    def missing(self, key: str, hint: str) -> None:
        self.problem(key, f"缺少必填项 {key}。{hint}")

    def text(self, key: str, *, required: bool = True, hint: str = "",
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
                self.problem(key, removal.message, node)
        return text

    def _plain_text(self, node: Located, key: str) -> str | None:
        value = node.value
        if isinstance(value, bool):
            self.problem(key, f"这里应为文字，YAML 把它读成了{describe(value)}"
                              "（yes/no/on/off/true/false 会被当作布尔值）：请给它加上引号。", node)
            return None
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
        if not isinstance(value, str):
            self.problem(key, f"这里应为文字，实际是{describe(value)}。", node)
            return None
        if not value.strip():
            self.problem(key, "不能为空。", node)
            return None
        return value.strip()

    def number(self, key: str, *, default: int | None = None, minimum: int = 0,
               maximum: int | None = None) -> int | None:
        node = self.get(key)
        if node is None:
            return default
        value = node.value
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(key, f"应为整数，实际是{describe(value)}。", node)
            return default
        if value < minimum or (maximum is not None and value > maximum):
            upper = f"到 {maximum} " if maximum is not None else "以上"
            self.problem(key, f"应在 {minimum} {upper}之间，实际是 {value}。", node)
            return default
        return value

    def boolean(self, key: str, *, default: bool) -> bool:
        node = self.get(key)
        if node is None:
            return default
        if not isinstance(node.value, bool):
            self.problem(key, f"应为 true 或 false，实际是{describe(node.value)}。", node)
            return default
        return node.value

    def text_list(self, key: str, *, required: bool = False, min_items: int = 0,
                  what: str = "项", markdown: bool = False) -> list[str] | None:
        node = self.get(key)
        if node is None:
            if required:
                self.missing(key, f"应为{what}的列表。")
            return None if required else []
        if not node.is_sequence:
            self.problem(key, f"应为列表（每行以“- ”开头），实际是{describe(node.value)}。", node)
            return None
        result: list[str] = []
        for i, item in enumerate(node.items):
            text = self.text_of(item, f"{key}[{i}]", markdown=markdown)
            if text is not None:
                result.append(text)
        if len(node.items) < min_items:
            self.problem(key, f"至少需要 {min_items} {what}，实际只有 {len(node.items)} {what}。", node)
        return result

    def identifier(self, key: str, *, what: str) -> str | None:
        value = self.text(key, hint=f"每个{what}都要有稳定的 id，保存的进度按它记录。")
        if value is not None and not ID_PATTERN.match(value):
            self.problem(key, f"“{value}”不能作 id：只能用小写英文字母、数字和连字符，"
                              "例如 activist-period。")
            return None
        return value

    def done(self) -> None:
        for key, (line, column) in (self.node.key_lines or {}).items():
            if key in self.known:
                continue
            close = difflib.get_close_matches(key, self.known, n=1)
            hint = f"是不是想写 {close[0]}？" if close else f"可用的键：{'、'.join(self.known)}。"
            self.ok = False
            self.log.add(self.path, line, column, self.field_name(key), f"未知的键 {key}。{hint}")
