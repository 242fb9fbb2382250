"""The blocks of a document, as its content module builds them. Nothing here knows Word or Markdown.

Texts are plain (no markup); a writer escapes them for its format. A heading's text carries its own
ordinal ("一、基本情况", made with `words.ordinal`), so that the Markdown and the Word document read
the same and a content module decides what is numbered."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

Language = Literal["zh", "en"]
# index: 序号; number: counts and rates (as narrow as their content); text: shares the rest by weight;
# fill: left empty for the reader to fill in by hand (as wide as `min_cm` at least)
ColumnKind = Literal["index", "number", "text", "fill"]
RowKind = Literal["data", "group", "total"]
Cell = str | int


@dataclass(frozen=True, slots=True)
class Heading:
    level: int  # 1 = 一、 (黑体), 2 = （一） (楷体), 3 = 1., 4 = （1） (仿宋)
    text: str


@dataclass(frozen=True, slots=True)
class Para:
    text: str  # "\n" breaks a line inside the paragraph


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    kind: ColumnKind = "text"
    weight: int = 1  # share of the width left to text columns
    min_cm: float = 0.0


@dataclass(slots=True)
class Row:
    cells: Sequence[Cell]
    kind: RowKind = "data"  # group: one cell across the table (a section's name); total: in bold


@dataclass(slots=True)
class Table:
    columns: Sequence[Column]
    rows: list[Row] = field(default_factory=list)

    def add(self, *cells: Cell, kind: RowKind = "data") -> None:
        self.rows.append(Row(cells, kind))


Block = Heading | Para | Table


@dataclass(slots=True)
class Appendix:
    """附件: on its own pages after the sign-off, labelled ("附件", "附件2") and titled."""

    label: str
    title: str
    blocks: list[Block] = field(default_factory=list)
    landscape: bool = False


@dataclass(slots=True)
class Document:
    language: Language
    title: str
    blocks: list[Block] = field(default_factory=list)
    addressee: str = ""  # 主送机关, without the colon
    unit: str = ""  # 署名 (the issuing unit); none: the sign-off is the date alone
    date: datetime.date | None = None  # 成文日期; none: no sign-off
    appendices: list[Appendix] = field(default_factory=list)  # listed in the 附件说明 after the body


def document_json(doc: Document) -> dict[str, object]:
    """The document as plain JSON: what a browser twin builds to show the same text (tests compare)."""

    def block(b: Block) -> dict[str, object]:
        if isinstance(b, Heading):
            return {"h": b.level, "text": b.text}
        if isinstance(b, Para):
            return {"p": b.text}
        return {"columns": [[c.name, c.kind] for c in b.columns], "rows": [[r.kind, list(r.cells)] for r in b.rows]}

    return {"language": doc.language, "title": doc.title, "addressee": doc.addressee, "unit": doc.unit,
            "date": doc.date.isoformat() if doc.date else None, "blocks": [block(b) for b in doc.blocks],
            "appendices": [{"label": a.label, "title": a.title, "landscape": a.landscape,
                            "blocks": [block(b) for b in a.blocks]} for a in doc.appendices]}
