"""The answer sheet (答题卡) of a paper exam: `paper` writes `{bank}-答题卡.xlsx`, the trainer fills
one row per learner, `scores` marks it. FILE FORMAT: sheet and column names are fixed (a file
programs read back), whatever the site's language; readers accept English headers too.

- sheet 答题卡: 姓名 | 党组织 | 试卷 | 1 | 2 | … | N — the question numbers of the paper (1…N across its
  sections). A cell holds what the learner wrote: single choice a letter (B), multiple choice the
  letters (ACD), true or false 对/错 (√/×, T/F), a blank the words, ordering the numbers written in
  the brackets from the top (3142), matching the letters after each left item in order (BAC);
- sheet 作答说明: for each number its type, points and how to write the answer (its cells are for
  people: in the site's language, paper.type.* and paper.how.*);
- sheet 试卷信息: format, version, bank, seed, variants, and for each variant and number the question
  (bank, id), its fingerprint, its points and the order its options, items or right sides were
  printed in (JSON) — all `scores` needs to mark the sheet without the papers."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from portalkit.exchange import layout as L
from portalkit.i18n import Messages
from portalkit.paper.compose import PaperQuestion, Variant
from portalkit.quiz.model import Bank
from portalkit.scores.model import PAPER, Attempt, Given
from portalkit.scoring import fingerprint

FORMAT = "portal-answer-sheet"
SHEET, GUIDE, META = "答题卡", "作答说明", "试卷信息"
NAME, ORG, VARIANT = "姓名", "党组织", "试卷"
HEADERS = {NAME: ("name", "learner"), ORG: ("organisation", "organization", "org", "party organisation"),
           VARIANT: ("paper", "variant", "卷别")}
META_COLUMNS = ("试卷", "题号", "题库", "题目", "指纹", "分值", "题型", "印刷顺序")
TYPES = ("single", "multiple", "truefalse", "blank", "order", "match")


def _printed(pq: PaperQuestion) -> list[str]:
    return [o.text for o in pq.options] or pq.items or pq.rights


def write_answer_sheet(path: Path, bank: Bank, variants: list[Variant], seed: str, m: Messages) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    count = max(v.count for v in variants)
    sheet.append([NAME, ORG, VARIANT, *range(1, count + 1)])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    sheet.freeze_panes = "D2"
    sheet.column_dimensions["A"].width = 12
    sheet.column_dimensions["B"].width = 22
    rule = DataValidation(type="list", formula1='"' + ",".join(v.name for v in variants) + '"', allow_blank=True)
    sheet.add_data_validation(rule)
    rule.add("C2:C2000")

    guide = book.create_sheet(GUIDE)
    guide.append(["题号", "题型", "分值", "作答格式"])
    for pq in variants[0].questions:
        qtype = pq.question.type
        guide.append([pq.number, m(f"paper.type.{qtype}"), pq.points, m(f"paper.how.{qtype}")])
    guide.column_dimensions["D"].width = 40

    meta = book.create_sheet(META)
    for key, value in (("format", FORMAT), ("version", 1), ("bank", bank.id), ("seed", seed),
                       ("variants", ",".join(v.name for v in variants))):
        meta.append([key, value])
    meta.append([])
    meta.append(list(META_COLUMNS))
    for variant in variants:
        for pq in variant.questions:
            q = pq.question
            meta.append([variant.name, pq.number, q.bank, q.id, fingerprint(q), pq.points, q.type,
                         json.dumps(_printed(pq), ensure_ascii=False)])
    book.save(path)


# ---------------------------------------------------------------- reading a filled sheet
class SheetProblem(Exception):
    """The workbook is no answer sheet of `paper` (the message says why)."""


@dataclass(frozen=True)
class Slot:
    bank: str
    id: str
    fp: str
    qtype: str
    printed: list[str]


@dataclass
class CellNote:
    row: int
    number: int
    message: str


def _meta(grids: list[Any], m: Messages) -> tuple[str, dict[tuple[str, int], Slot]]:
    grid = next((g for g in grids if g.name == META), None)
    if grid is None:
        raise SheetProblem(m("scores.sheet_no_meta", sheet=META))
    values: dict[str, Any] = {}
    slots: dict[tuple[str, int], Slot] = {}
    in_table = False
    for _, cells in grid.rows:
        if not in_table:
            if [str(c) for c in cells[:len(META_COLUMNS)]] == list(META_COLUMNS):
                in_table = True
            elif len(cells) >= 2:
                values[str(cells[0])] = cells[1]
            continue
        cells = [*cells, *[""] * (8 - len(cells))]
        try:
            printed = json.loads(str(cells[7]) or "[]")
            number = int(cells[1])
        except (ValueError, TypeError):
            raise SheetProblem(m("scores.sheet_bad_meta", sheet=META)) from None
        if not isinstance(printed, list) or not all(isinstance(x, str) for x in printed) or \
                str(cells[6]) not in TYPES:
            raise SheetProblem(m("scores.sheet_bad_meta", sheet=META))
        slots[(str(cells[0]), number)] = Slot(str(cells[2]), str(cells[3]), str(cells[4]), str(cells[6]), printed)
    if values.get("format") != FORMAT or str(values.get("version")) != "1" or not slots:
        raise SheetProblem(m("scores.sheet_bad_meta", sheet=META))
    return str(values.get("bank", "")), slots


_LETTERS = re.compile(r"[\s,，、;；/]+")


def _clean(value: Any) -> str:
    return unicodedata.normalize("NFKC", str(value)).strip()


def to_answer(slot: Slot, value: Any) -> tuple[Any, bool]:
    """A cell → (the runtime's answer, readable). Blank: (None, True)."""
    text = _clean(value)
    if text == "":
        return None, True
    n = len(slot.printed)
    if slot.qtype in ("single", "multiple", "match"):
        letters = _LETTERS.sub("", text).upper()
        if not letters.isascii() or not letters.isalpha() or any(ord(c) - 65 >= n for c in letters):
            return None, False
        texts = [slot.printed[ord(c) - 65] for c in letters]
        if slot.qtype == "single":
            return (texts[0], True) if len(texts) == 1 else (None, False)
        if slot.qtype == "multiple":
            return list(dict.fromkeys(texts)), len(set(texts)) == len(texts)
        return texts, True
    if slot.qtype == "truefalse":
        word = text.upper()
        if word in L.TRUE_WORDS or word == "√":
            return True, True
        if word in L.FALSE_WORDS or word in ("×", "X"):
            return False, True
        return None, False
    if slot.qtype == "order":
        digits = [int(d) for d in re.findall(r"\d+", text)] if re.search(r"\D", text) else [int(c) for c in text]
        if sorted(digits) != list(range(1, n + 1)):
            return None, False
        order = [""] * n
        for item, position in zip(slot.printed, digits, strict=True):
            order[position - 1] = item
        return order, True
    return text, True  # blank


def read_answer_sheet(grids: list[Any], source: str, m: Messages) -> tuple[list[Attempt], list[CellNote]]:
    from portalkit.sheets import cell, find_header

    bank, slots = _meta(grids, m)
    grid = next((g for g in grids if g.name == SHEET), None)
    header = find_header(grid, HEADERS, (NAME,)) if grid is not None else None
    if grid is None or header is None:
        raise SheetProblem(m("scores.sheet_no_header", sheet=SHEET, name=NAME))
    numbers: dict[int, int] = {}  # question number -> column
    for _, cells in grid.rows:
        if _ == header.row:
            for i, c in enumerate(cells):
                text = _clean(c)
                if text.isdigit():
                    numbers[int(text)] = i
            break
    variants = sorted({v for v, _ in slots})
    attempts: list[Attempt] = []
    notes: list[CellNote] = []
    for row, cells in grid.rows:
        if row <= header.row:
            continue
        name = _clean(cell(cells, header.index.get(NAME)))
        if not name:
            continue
        org = _clean(cell(cells, header.index.get(ORG)))
        variant = _clean(cell(cells, header.index.get(VARIANT))) or (variants[0] if len(variants) == 1 else "")
        if variant not in variants:
            notes.append(CellNote(row, 0, m("scores.sheet_bad_variant", row=row, variants="、".join(variants))))
            continue
        given: list[Given] = []
        for (v, number), slot in sorted(slots.items()):
            if v != variant:
                continue
            answer, readable = to_answer(slot, cell(cells, numbers.get(number)))
            if not readable:
                notes.append(CellNote(row, number, m("scores.sheet_bad_cell", row=row, number=number,
                                                     how=m(f"paper.how.{slot.qtype}"))))
            given.append(Given(slot.bank, slot.id, slot.fp, answer))
        attempts.append(Attempt(source=f"{source}:{row}", name=name, org=org, bank=bank, mode=PAPER,
                                questions=given, variant=variant))
    return attempts, notes
