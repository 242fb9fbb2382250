"""Typed model of a checklist, as authors write it in checklists/<checklist-id>.yml."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Item:
    id: str
    text: str
    help: str = ""
    see: str = ""
    problem: str = ""  # how the item reads when it is not met (the report's 存在的问题); plain text
    required: bool = True
    line: int = 0
    see_line: int = 0


@dataclass
class Section:
    title: str
    items: list[Item] = field(default_factory=list)


@dataclass
class Checklist:
    id: str
    title: str
    subject: str
    intro: str = ""
    sections: list[Section] = field(default_factory=list)
    source: str = ""

    @property
    def items(self) -> list[Item]:
        return [item for section in self.sections for item in section.items]
