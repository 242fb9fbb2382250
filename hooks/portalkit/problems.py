"""One standard for every input error: where (file, line, column, field), what is wrong, what
would be right. Problems are collected, never raised one at a time, so a user sees all of them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from portalkit.i18n import ZH, Messages


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int = 0  # 1-based; 0 = the whole file
    column: int = 0
    field: str = ""
    message: str = ""
    warning: bool = False

    def __str__(self) -> str:
        return self.text(ZH)

    def text(self, messages: Messages) -> str:
        """`file:line:column: 错误: field：message`, in the build's language."""
        where = self.file
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        kind = messages("problems.warning" if self.warning else "problems.error")
        subject = messages("problems.field", field=self.field) if self.field else ""
        return f"{where}: {kind}: {subject}{self.message}"


@dataclass
class ProblemLog:
    """Collects problems across files; `display_root` shortens paths in messages. `messages` is
    the build's language: loaders and validators word their problems with it."""

    display_root: Path | None = None
    items: list[Problem] = field(default_factory=list)
    messages: Messages = ZH

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

