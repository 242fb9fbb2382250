"""An Excel question list → the YAML of one bank that the project's own loader reads without an
error, and a problem (row, column, field, what would be right) for every row left out.

The rows read from the sheet (xlsx_read) are written as YAML and loaded with `load_bank`, the
loader `check` and the build use, and their `see:` targets and page links are checked against the
site's pages as `check` checks them. A row the loader or the link check finds wrong is reported at
the cell the problem is in and left out, and the rest is loaded again, until what is written is
clean: so an imported bank never stops a build."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from portalkit.exchange import layout as L
from portalkit.exchange.xlsx_read import CellProblem, ReadResult, RowQuestion, read_questions
from portalkit.exchange.yaml_write import dump_bank
from portalkit.i18n import Messages
from portalkit.pages import PageIndex
from portalkit.problems import ProblemLog
from portalkit.quiz.parse import load_bank
from portalkit.richtext import markdown_links
from portalkit.yamlsource import gc_paused

BANK_KEYS = ("title", "description", "pass_mark")


@dataclass
class Imported:
    yaml_text: str | None  # None when no row could be used
    count: int
    problems: list[CellProblem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def _column(rq: RowQuestion, path: str) -> str:
    """`options[1].feedback` → the column that cell came from."""
    while path:
        if path in rq.columns:
            return rq.columns[path]
        cut = max(path.rfind("."), path.rfind("["))
        path = path[:cut] if cut > 0 else ""
    return L.TYPE


def _validate(text: str, bank_id: str, m: Messages, pages: PageIndex | None) -> list[tuple[int | None, str, str]]:
    """Problems of the YAML `text` as (question index or None for the bank, field path, message)."""
    with tempfile.TemporaryDirectory(prefix="portalkit-import-") as folder:
        path = Path(folder) / f"{bank_id}.yml"
        path.write_text(text, "utf-8")
        log = ProblemLog(messages=m)
        bank = load_bank(path, log)
    found: list[tuple[int | None, str, str]] = []
    for problem in log.errors:
        name = problem.field
        if name.startswith("questions["):
            index, _, rest = name[len("questions["):].partition("]")
            found.append((int(index), rest.lstrip("."), problem.message))
        else:
            found.append((None, name, problem.message))
    if bank is None or found or pages is None:
        return found
    for index, q in enumerate(bank.questions):
        if q.see:
            message = pages.check_target(q.see, m)
            if message:
                found.append((index, "see", message))
        for key, value in (("prompt", q.prompt), ("explain", q.explain), ("hint", q.hint)):
            for link in markdown_links(value):
                message = pages.check_target(link, m)
                if message:
                    found.append((index, key, message))
    return found


def import_workbook(data: bytes, source_name: str, bank_id: str, m: Messages, *,
                    pages: PageIndex | None = None, default_see: str = "") -> Imported:
    """Raises xlsx_read.Unreadable when the file is no workbook with a question sheet."""
    with gc_paused():  # 10,000 rows of cells, questions and YAML: no cycles, only work for the collector
        return _import_workbook(data, source_name, bank_id, m, pages=pages, default_see=default_see)


def _import_workbook(data: bytes, source_name: str, bank_id: str, m: Messages, *,
                     pages: PageIndex | None = None, default_see: str = "") -> Imported:
    read: ReadResult = read_questions(data, m, bank_id=bank_id, default_see=default_see)
    out = Imported(None, 0, list(read.problems), list(read.notices))
    bank: dict[str, Any] = {key: read.bank[key] for key in BANK_KEYS if key in read.bank}
    stem = Path(source_name).stem
    if "title" not in bank:
        out.notices.append(m("exchange.title_from_file", title=stem, sheet=L.SHEET_BANKS))
    rows = list(read.questions)
    sheet = read.question_sheet.name if read.question_sheet else L.SHEET_QUESTIONS
    header = m("exchange.yaml_header", file=Path(source_name).name)
    while rows:
        text = dump_bank({"title": bank.get("title", stem), **bank, "questions": [r.data for r in rows]}, header)
        problems = _validate(text, bank_id, m, pages)
        if not problems:
            out.yaml_text, out.count = text, len(rows)
            return out
        refused: set[int] = set()
        changed = False
        for index, path, message in problems:
            if index is not None and 0 <= index < len(rows):
                rq = rows[index]
                column = _column(rq, path)
                qs = read.question_sheet
                letter = qs.letters.get(column, "") if qs else ""
                out.problems.append(CellProblem(sheet, rq.row, letter, qs.headers.get(column, column) if qs else column,
                                                message))
                refused.add(index)
                continue
            key = path.split(".")[0].split("[")[0]
            if key in bank:
                row, letter = read.bank_columns.get(key, (0, ""))
                out.problems.append(CellProblem(L.SHEET_BANKS, row, letter, key, message))
                del bank[key]
                changed = True
        if not refused and not changed:
            # a problem no cell explains: nothing can be written that the loader accepts
            raise RuntimeError("; ".join(f"{path}: {message}" for _, path, message in problems))
        rows = [r for i, r in enumerate(rows) if i not in refused]
    return out
