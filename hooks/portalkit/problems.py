"""One standard for every input error: where (file, line, column, field), what is wrong, what
would be right. Problems are collected, never raised one at a time, so a user sees all of them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.exceptions import PluginError


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int = 0  # 1-based; 0 = the whole file
    column: int = 0
    field: str = ""
    message: str = ""
    warning: bool = False

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        kind = "提醒" if self.warning else "错误"
        subject = f"{self.field}：" if self.field else ""
        return f"{where}: {kind}: {subject}{self.message}"


@dataclass
class ProblemLog:
    """Collects problems across files; `display_root` shortens paths in messages."""

    display_root: Path | None = None
    items: list[Problem] = field(default_factory=list)

    def rel(self, path: Path | str) -> str:
        p = Path(path)
        if self.display_root:
            try:
                return p.resolve().relative_to(self.display_root.resolve()).as_posix()
            except ValueError:
                pass
        return p.as_posix()

    def add(self, file: Path | str, line: int = 0, column: int = 0, field: str = "",
            message: str = "", *, warning: bool = False) -> None:
        self.items.append(Problem(self.rel(file), line, column, field, message, warning))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if not p.warning]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.warning]

    def __iter__(self) -> Iterator[Problem]:
        return iter(sorted(set(self.items)))

    def __bool__(self) -> bool:
        return bool(self.items)


class ContentError(PluginError):
    """Raised after every problem and the `summary` have been logged; MkDocs prints the message,
    no traceback.

    The caller logs the summary itself: MkDocs prints the message of a build error through a
    logger that drops any message it has printed before in the same process, so under
    `mkdocs serve` a second failed build with the same number of errors would show no summary.
    """

    def __init__(self, errors: list[Problem]) -> None:
        super().__init__("有错误的内容不会发布。")
        self.problems = errors
        self.summary = (f"内容有 {len(errors)} 个错误（见上面的 ERROR 行），已停止构建。"
                        "可以用 python -m portalkit check 单独检查。")
