"""Banks → an Excel question list in the layout of `layout.py`, through openpyxl.

openpyxl because it writes the Office Open XML workbook itself (no Excel needed) and is the
maintained standard for it in Python (the report command uses it too).

Nothing becomes a formula: openpyxl stores any string that starts with "=" as a formula, so every
text cell is marked as a string (data_type "s") after its value is set. Characters that the file
format cannot hold (control characters other than tab and line breaks) are removed."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from portalkit.exchange import layout as L
from portalkit.fields import UNCARRIABLE
from portalkit.i18n import Messages
from portalkit.quiz.model import Bank, Question

EXCEL_CELL_LIMIT = 32767  # characters Excel keeps in one cell
TAG_SEPARATORS = "|,，、;；"  # what an importer splits `tags` at
_WIDTHS = {L.TYPE: 8, L.PROMPT: 48, L.ANSWER: 12, L.EXPLAIN: 48, L.ID: 24, L.BANK: 12, L.SEE: 32,
           L.TAGS: 14, L.HINT: 24, L.ITEMS: 30, L.PAIRS: 30}
_BANK_WIDTHS = {"id": 14, "title": 30, "description": 50, "include": 40}


@dataclass(frozen=True)
class Refusal:
    question: Question
    message: str


def join_texts(values: Iterable[str], separators: str = "|") -> str:
    """A list of texts in one cell: joined by `|`, or as JSON when a text holds a separator, is
    empty, or the joined text would read as JSON (starts with `[`)."""
    values = list(values)
    joined = "|".join(values)
    if (any(not v or v != v.strip() or any(s in v for s in separators) for v in values)
            or joined.startswith("[")):
        return json.dumps(values, ensure_ascii=False)
    return joined


def question_row(q: Question, messages: Messages) -> dict[str, str]:
    """One question as cells by column name. Raises ValueError (a message) when the layout
    cannot hold it."""
    row = {L.TYPE: L.TYPE_NAMES[q.type], L.PROMPT: q.prompt, L.EXPLAIN: q.explain, L.ID: q.id,
           L.BANK: q.bank, L.SEE: q.see, L.TAGS: join_texts(q.tags, TAG_SEPARATORS) if q.tags else "",
           L.HINT: q.hint}
    if q.type in ("single", "multiple"):
        if len(q.options) > len(L.LETTERS):
            raise ValueError(messages("exchange.too_many_options", count=len(q.options), most=len(L.LETTERS)))
        texts = [o.text for o in q.options]
        for i, option in enumerate(q.options):
            row[L.option_column(i)] = option.text
            if option.feedback:
                row[L.feedback_column(i)] = option.feedback
        row[L.ANSWER] = "".join(L.LETTERS[texts.index(a)] for a in q.answer)
    elif q.type == "truefalse":
        row[L.ANSWER] = L.TRUE if q.truth else L.FALSE
    elif q.type == "blank":
        row[L.ANSWER] = join_texts(q.answer)
    elif q.type == "order":
        if len(q.items) > len(L.LETTERS):
            raise ValueError(messages("exchange.too_many_options", count=len(q.items), most=len(L.LETTERS)))
        for i, item in enumerate(q.items):
            row[L.option_column(i)] = item
        row[L.ANSWER] = L.LETTERS[:len(q.items)]
        row[L.ITEMS] = json.dumps(q.items, ensure_ascii=False)
    elif q.type == "match":
        row[L.ANSWER] = "；".join(f"{left} — {right}" for left, right in q.pairs)
        row[L.PAIRS] = json.dumps([list(p) for p in q.pairs], ensure_ascii=False)
    too_long = [name for name, value in row.items() if len(value) > EXCEL_CELL_LIMIT]
    if too_long:
        raise ValueError(messages("exchange.cell_too_long", column=too_long[0], most=EXCEL_CELL_LIMIT))
    return row


def bank_row(bank: Bank) -> list[str | int | None]:
    return [bank.id, bank.title, bank.description, bank.pass_mark,
            join_texts(bank.include) if bank.include else "",
            join_texts(bank.include_tags, TAG_SEPARATORS) if bank.include_tags else "",
            bank.draw]


def write_xlsx(banks: list[Bank], questions: list[Question], path: Path,
               messages: Messages) -> list[Refusal]:
    refused: list[Refusal] = []
    rows: list[dict[str, str]] = []
    for q in questions:
        try:
            rows.append(question_row(q, messages))
        except ValueError as error:
            refused.append(Refusal(q, str(error)))
    most = max((len(q.options) if q.type != "order" else len(q.items) for q in questions), default=0)
    columns = L.question_columns(min(most, len(L.LETTERS)))
    book = Workbook()
    sheet = book.active
    sheet.title = L.SHEET_QUESTIONS
    _table(sheet, columns, ([row.get(c, "") for c in columns] for row in rows), _WIDTHS)
    _table(book.create_sheet(L.SHEET_BANKS), list(L.BANK_COLUMNS), (bank_row(b) for b in banks), _BANK_WIDTHS)
    book.save(str(path))
    return refused


def _table(sheet: Worksheet, columns: list[str], rows: Iterable[list[str | int | None]],
           widths: dict[str, int]) -> None:
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    for j, name in enumerate(columns, 1):
        cell = sheet.cell(row=1, column=j)
        _set(cell, name)
        cell.font = bold
        letter = L.column_letter(j - 1)
        sheet.column_dimensions[letter].width = widths.get(name, 14 if name.startswith(L.OPTION) else 10)
    count = 1
    for count, values in enumerate(rows, 2):
        for j, value in enumerate(values, 1):
            if value is None or value == "":
                continue
            cell = sheet.cell(row=count, column=j)
            _set(cell, value)
            if isinstance(value, str) and "\n" in value:
                cell.alignment = wrap
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{L.column_letter(len(columns) - 1)}{count}"


def _set(cell: object, value: str | int) -> None:
    if isinstance(value, int):
        cell.value = value  # type: ignore[attr-defined]
        return
    # the writer's own guard: characters no xlsx can hold are dropped (check refuses them in content)
    cell.value = UNCARRIABLE.sub("", ILLEGAL_CHARACTERS_RE.sub("", value))  # type: ignore[attr-defined]
    cell.data_type = "s"  # type: ignore[attr-defined]  # openpyxl made "=..." a formula; text it stays
