"""An Excel question list (the layout of `layout.py`, or a platform's template close to it) →
the questions of a bank as the YAML loader reads them, and a problem for every cell that cannot
be read (row, column, field, what would be right).

The workbook is untrusted input, read by the one hardened reader, portalkit.sheets: within the
bounds of LIMITS (bytes, bytes inflated counted while inflating, rows, columns, cells, characters
per cell), with no DTD or entities, a formula read as its text (`=SUM(A1:A3)`), never evaluated.
A list of more than LIMITS["importQuestions"] questions is refused up front, naming the limit:
a bank of that many questions loads (LIMITS["bankBytes"]), so what is imported always builds.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from portalkit.exchange import layout as L
from portalkit.exchange.xlsx_write import TAG_SEPARATORS
from portalkit.fields import ID_PATTERN
from portalkit.i18n import Messages
from portalkit.limits import LIMITS
from portalkit.quiz.model import BLANK
from portalkit.sheets import Grid, SheetError, read_grids

MAX_ROWS = LIMITS["importQuestions"]
HEADER_SEARCH_ROWS = 10  # a platform's template may have a title or notes above its header

# Header names other platforms use for the same columns (after NFKC, without spaces)
HEADER_ALIASES = {
    "题目": L.PROMPT, "试题": L.PROMPT, "题目内容": L.PROMPT, "试题内容": L.PROMPT, "题干内容": L.PROMPT,
    "题目类型": L.TYPE, "试题类型": L.TYPE,
    "答案": L.ANSWER, "标准答案": L.ANSWER, "参考答案": L.ANSWER,
    "答案解析": L.EXPLAIN, "试题解析": L.EXPLAIN, "题目解析": L.EXPLAIN,
}
_OPTION = re.compile(rf"^{L.OPTION}([A-Z])$")
_FEEDBACK = re.compile(rf"^{L.FEEDBACK}([A-Z])$")
_BLANK_RUN = re.compile(r"_{3,}")
_EMPTY_BRACKETS = re.compile(r"[（(][\s\u3000]*[）)]")
_LETTER_SEPARATORS = re.compile(r"[\s,，、;；/|]+")


class Unreadable(Exception):
    """The file is no workbook the command can read (the message says why and what to do)."""


@dataclass(frozen=True)
class CellProblem:
    sheet: str
    row: int
    column: str  # Excel's letter; "" when the column is missing
    field: str
    message: str


@dataclass
class RowQuestion:
    row: int
    data: dict[str, Any]  # the question as the YAML loader reads it
    columns: dict[str, str] = field(default_factory=dict)  # YAML key (and `options[i]`...) -> column name


@dataclass
class Sheet:
    """A header row and the data rows under it, cells as text (or bool) by column name."""

    name: str
    header_row: int
    letters: dict[str, str]  # column name -> letter
    rows: list[tuple[int, dict[str, Any]]]
    unknown: list[str]
    headers: dict[str, str] = field(default_factory=dict)  # column name -> the header as written
    cut: bool = False  # rows beyond the bounds were not read


@dataclass
class ReadResult:
    questions: list[RowQuestion] = field(default_factory=list)
    bank: dict[str, Any] = field(default_factory=dict)  # title, description, pass_mark
    bank_columns: dict[str, tuple[int, str]] = field(default_factory=dict)  # key -> (row, letter)
    problems: list[CellProblem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    question_sheet: Sheet | None = None


def _cell_text(value: Any) -> Any:
    """A cell's value as the importer reads it: text (stripped), or a bool for TRUE/FALSE."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _normal_header(value: Any) -> str:
    text = unicodedata.normalize("NFKC", str(value or "")).strip()
    if english := L.header_from_english(text):
        return english
    text = re.sub(r"\s+", "", text)
    upper = text.upper()
    for pattern, prefix in ((_FEEDBACK, L.FEEDBACK), (_OPTION, L.OPTION)):
        match = pattern.match(prefix + upper[len(prefix):]) if upper.startswith(prefix) else None
        if match:
            return prefix + match.group(1)
    return text if text in _KNOWN else HEADER_ALIASES.get(text, text)


_KNOWN = {L.TYPE, L.PROMPT, L.ANSWER, L.EXPLAIN, L.ID, L.BANK, L.SEE, L.TAGS, L.HINT, L.ITEMS, L.PAIRS,
          *L.BANK_COLUMNS}


def read_workbook(data: bytes, m: Messages) -> list[Grid]:
    """The workbook's sheets, read by the one hardened reader (portalkit.sheets): within bounds
    counted while inflating, no DTD or entities, formulas as their text, never evaluated."""
    if not data.startswith(b"PK\x03\x04"):
        raise Unreadable(m("exchange.old_xls") if data.startswith(b"\xd0\xcf\x11\xe0") else m("exchange.not_xlsx"))
    try:
        return read_grids(data, m)
    except SheetError as error:
        raise Unreadable(str(error)) from None


def _sheet(grid: Grid, required: tuple[str, ...]) -> Sheet | None:
    """The table on a sheet whose header (within the first rows) holds `required`; at most
    MAX_ROWS questions of it are kept (the reader has already bounded rows, columns and cells)."""
    header: list[str] | None = None
    written: list[Any] = []
    header_row = 0
    rows: list[tuple[int, dict[str, Any]]] = []
    number = 0
    for position, (number, values) in enumerate(grid.rows, 1):
        if header is None:
            names = [_normal_header(v) for v in values]
            if all(r in names for r in required):
                header, header_row, written = names, number, list(values)
                # a column named twice: the first is read, the others are reported as unknown
                seen: set[str] = set()
                for i, name in enumerate(header):
                    if name and name in seen:
                        header[i] = f"{str(written[i]).strip()} ({L.column_letter(i)})"
                    seen.add(name)
            elif position >= HEADER_SEARCH_ROWS:
                return None
            continue
        cells = {name: _cell_text(v) for name, v in zip(header, values, strict=False) if name}
        if not any(v != "" for v in cells.values()):
            continue
        rows.append((number, cells))
        if len(rows) > MAX_ROWS:
            break
    if header is None:
        return None
    letters: dict[str, str] = {}
    headers: dict[str, str] = {}
    for i, name in enumerate(header):
        if name and name not in letters:
            letters[name] = L.column_letter(i)
            headers[name] = str(written[i]).strip()
    unknown = [n for n in letters if n not in _KNOWN and not _OPTION.match(n) and not _FEEDBACK.match(n)]
    sheet = Sheet(grid.name, header_row, letters, rows, unknown, headers)
    sheet.cut = len(rows) > MAX_ROWS
    return sheet


def read_sheets(grids: list[Grid], m: Messages) -> tuple[Sheet, Sheet | None]:
    by_name = {g.name: g for g in grids}
    ordered = sorted(grids, key=lambda g: g.name != L.SHEET_QUESTIONS)
    questions = None
    for grid in ordered:
        questions = _sheet(grid, (L.TYPE, L.PROMPT))
        if questions is not None:
            break
    if questions is None:
        raise Unreadable(m("exchange.no_header", type=L.TYPE, prompt=L.PROMPT))
    banks = None
    if L.SHEET_BANKS in by_name and questions.name != L.SHEET_BANKS:
        banks = _sheet(by_name[L.SHEET_BANKS], ("id", "title"))
    return questions, banks


class RowReader:
    """Reads one data row of sheet 题目 into a question, noting every cell it cannot use."""

    def __init__(self, sheet: Sheet, m: Messages, default_see: str, result: ReadResult) -> None:
        self.sheet, self.m, self.default_see, self.result = sheet, m, default_see, result
        self.option_letters = sorted(n[len(L.OPTION):] for n in sheet.letters if _OPTION.match(n))
        self.cells: dict[str, Any] = {}

    def problem(self, row: int, column: str, message: str) -> None:
        self.result.problems.append(CellProblem(self.sheet.name, row, self.sheet.letters.get(column, ""),
                                                self.sheet.headers.get(column, column), message))

    def read(self, row: int, cells: dict[str, Any], qid: str) -> RowQuestion | None:
        m = self.m
        ok = True
        self.cells = cells

        def text(column: str) -> str:
            value = cells.get(column, "")
            return ("TRUE" if value else "FALSE") if isinstance(value, bool) else value

        raw_type = text(L.TYPE)
        qtype = (L.TYPE_ALIASES.get(unicodedata.normalize("NFKC", raw_type).replace(" ", ""))
                 or L.type_from_english(raw_type))
        if qtype is None:
            names = m("fields.separator").join(L.TYPE_NAMES.values())
            self.problem(row, L.TYPE, m("exchange.bad_type", value=raw_type, types=names) if raw_type
                         else m("exchange.no_type", types=names))
            return None
        q: dict[str, Any] = {"id": qid, "type": qtype, "prompt": text(L.PROMPT)}
        rq = RowQuestion(row, q, {"id": L.ID, "type": L.TYPE, "prompt": L.PROMPT, "answer": L.ANSWER,
                                  "explain": L.EXPLAIN, "see": L.SEE, "tags": L.TAGS, "hint": L.HINT,
                                  "items": L.ITEMS, "pairs": L.PAIRS, "options": L.option_column(0)})
        if not q["prompt"]:
            self.problem(row, L.PROMPT, m("exchange.empty_prompt"))
            ok = False
        options = {letter: text(L.OPTION + letter) for letter in self.option_letters}
        options = {k: v for k, v in options.items() if v != ""}
        feedback = {letter: text(L.FEEDBACK + letter) for letter in L.LETTERS
                    if text(L.FEEDBACK + letter) != ""}
        answer = cells.get(L.ANSWER, "")
        reader = getattr(self, f"_{qtype}")
        ok = reader(row, q, rq, options, feedback, answer) and ok
        if qtype not in ("single", "multiple") and feedback:
            first = next(iter(feedback))
            self.problem(row, L.FEEDBACK + first, m("exchange.feedback_unused", type=L.TYPE_NAMES[qtype]))
            ok = False
        explain = text(L.EXPLAIN)
        if explain:
            q["explain"] = explain
        else:
            self.problem(row, L.EXPLAIN, m("exchange.empty_explain"))
            ok = False
        see = text(L.SEE) or self.default_see
        if see:
            q["see"] = see
        else:
            self.problem(row, L.SEE, m("exchange.empty_see"))
            ok = False
        tags = _texts(text(L.TAGS), TAG_SEPARATORS)
        if tags:
            q["tags"] = tags
        if text(L.HINT):
            q["hint"] = text(L.HINT)
        return rq if ok else None

    def _letters(self, value: Any) -> str:
        text = unicodedata.normalize("NFKC", str(value)).upper()
        return _LETTER_SEPARATORS.sub("", text)

    # -- one method per question type: fills `q`, returns whether the row can be used
    def _choice(self, row: int, q: dict[str, Any], rq: RowQuestion, options: dict[str, str],
                feedback: dict[str, str], answer: Any, single: bool) -> bool:
        m = self.m
        ok = True
        if not options:
            self.problem(row, L.option_column(0), m("exchange.no_options"))
            return False
        for letter in feedback:
            if letter not in options:
                self.problem(row, L.FEEDBACK + letter, m("exchange.feedback_without_option", letter=letter))
                ok = False
        written: list[Any] = []
        for i, (letter, text) in enumerate(options.items()):
            rq.columns[f"options[{i}]"] = L.OPTION + letter
            rq.columns[f"options[{i}].text"] = L.OPTION + letter
            rq.columns[f"options[{i}].feedback"] = L.FEEDBACK + letter
            written.append({"text": text, "feedback": feedback[letter]} if letter in feedback else text)
        q["options"] = written
        if isinstance(answer, bool) or answer == "":
            self.problem(row, L.ANSWER, m("exchange.no_answer_letters", letters="".join(options)))
            return False
        texts = list(options.values())
        if answer in texts:  # the option's text instead of its letter
            picked = [answer]
        else:
            letters = self._letters(answer)
            unknown = [c for c in letters if c not in options]
            if not letters or unknown:
                self.problem(row, L.ANSWER, m("exchange.bad_answer_letters", value=answer,
                                              letters="".join(options)))
                return False
            if len(set(letters)) != len(letters):
                self.problem(row, L.ANSWER, m("exchange.duplicate_letters", value=answer))
                return False
            picked = [options[c] for c in letters]
        if single and len(picked) != 1:
            self.problem(row, L.ANSWER, m("exchange.single_one_letter", value=answer))
            return False
        q["answer"] = picked[0] if single else picked
        return ok

    def _single(self, row: int, q: dict[str, Any], rq: RowQuestion, options: dict[str, str],
                feedback: dict[str, str], answer: Any) -> bool:
        return self._choice(row, q, rq, options, feedback, answer, True)

    def _multiple(self, row: int, q: dict[str, Any], rq: RowQuestion, options: dict[str, str],
                  feedback: dict[str, str], answer: Any) -> bool:
        return self._choice(row, q, rq, options, feedback, answer, False)

    def _truefalse(self, row: int, q: dict[str, Any], rq: RowQuestion, options: dict[str, str],
                   feedback: dict[str, str], answer: Any) -> bool:
        if isinstance(answer, bool):
            q["answer"] = answer
            return True
        word = unicodedata.normalize("NFKC", str(answer)).strip().upper()
        if word in options:  # a platform's 判断题 as options A 正确 / B 错误 with the answer a letter
            word = unicodedata.normalize("NFKC", options[word]).strip().upper()
        if word in L.TRUE_WORDS or word in L.FALSE_WORDS:
            q["answer"] = word in L.TRUE_WORDS
            return True
        self.problem(row, L.ANSWER, self.m("exchange.bad_truefalse", value=answer, true=L.TRUE, false=L.FALSE))
        return False

    def _blank(self, row: int, q: dict[str, Any], rq: RowQuestion, options: dict[str, str],
               feedback: dict[str, str], answer: Any) -> bool:
        m = self.m
        # a platform's blank is any run of underscores, or empty brackets: the portal's is `____`
        prompt = q["prompt"]
        runs = _BLANK_RUN.findall(prompt)
        if len(runs) == 1:
            prompt = _BLANK_RUN.sub(BLANK, prompt)
        elif not runs and len(_EMPTY_BRACKETS.findall(prompt)) == 1:
            prompt = _EMPTY_BRACKETS.sub(BLANK, prompt)
        q["prompt"] = prompt
        if options:
            self.problem(row, L.OPTION + next(iter(options)), m("exchange.options_unused", type=L.TYPE_NAMES["blank"]))
            return False
        accepted = _texts("TRUE" if answer is True else "FALSE" if answer is False else str(answer), "|")
        if not accepted:
            self.problem(row, L.ANSWER, m("exchange.no_blank_answers"))
            return False
        q["answer"] = accepted
        return True

    def _order(self, row: int, q: dict[str, Any], rq: RowQuestion, options: dict[str, str],
               feedback: dict[str, str], answer: Any) -> bool:
        m = self.m
        listed: list[str] | None = None
        if options:
            letters = self._letters(answer) if answer not in ("", True, False) else "".join(options)
            if set(letters) != set(options) or len(letters) != len(options):
                self.problem(row, L.ANSWER, m("exchange.bad_order_letters", value=answer, letters="".join(options)))
                return False
            listed = [options[c] for c in letters]
        raw = self.sheet_value(row, L.ITEMS)
        if raw:
            items = _json_texts(raw)
            if items is None:
                self.problem(row, L.ITEMS, m("exchange.bad_items_json"))
                return False
            if listed is not None and listed != items:
                self.problem(row, L.ITEMS, m("exchange.items_disagree", letters="".join(options)))
                return False
        elif listed is not None:
            items = listed
            rq.columns["items"] = L.option_column(0)
        else:
            self.problem(row, L.ITEMS, m("exchange.no_items"))
            return False
        q["items"] = items
        return True

    def _match(self, row: int, q: dict[str, Any], rq: RowQuestion, options: dict[str, str],
               feedback: dict[str, str], answer: Any) -> bool:
        m = self.m
        if options:
            self.problem(row, L.OPTION + next(iter(options)), m("exchange.options_unused", type=L.TYPE_NAMES["match"]))
            return False
        raw = self.sheet_value(row, L.PAIRS)
        pairs = None
        if raw:
            try:
                parsed = json.loads(raw)
            except ValueError:
                parsed = None
            if isinstance(parsed, list) and all(isinstance(p, list) and len(p) == 2 and all(isinstance(s, str)
                                                                                          for s in p) for p in parsed):
                pairs = [[s.strip() for s in p] for p in parsed]
        if pairs is None:
            self.problem(row, L.PAIRS, m("exchange.bad_pairs_json" if raw else "exchange.no_pairs"))
            return False
        q["pairs"] = pairs
        return True

    def sheet_value(self, row: int, column: str) -> str:
        value = self.cells.get(column, "")
        return "" if isinstance(value, bool) else value


def _texts(value: str, separators: str) -> list[str]:
    """A list of texts in one cell: JSON (`["a", "b"]`, as the exporter writes a list whose texts
    hold a separator), or texts between separators."""
    if not value:
        return []
    if value.startswith("["):
        parsed = _json_texts(value)
        if parsed is not None:
            return [v for v in parsed if v]
    parts = re.split("|".join(map(re.escape, separators)), value)
    return [p.strip() for p in parts if p.strip()]


def _json_texts(raw: str) -> list[str] | None:
    try:
        parsed = json.loads(raw)
    except ValueError:
        return None
    if isinstance(parsed, list) and all(isinstance(v, str) for v in parsed):
        return [v.strip() for v in parsed]
    return None


def read_questions(data: bytes, m: Messages, *, bank_id: str, default_see: str = "") -> ReadResult:
    """Raises Unreadable when the file is no workbook with a question sheet."""
    questions, banks = read_sheets(read_workbook(data, m), m)
    result = ReadResult(question_sheet=questions)
    for name in questions.unknown:
        result.notices.append(m("exchange.unknown_column", column=name, letter=questions.letters[name]))
    if questions.cut:
        raise Unreadable(m("exchange.too_many_questions", most=MAX_ROWS))
    missing = [c for c in (L.EXPLAIN, L.ANSWER) if c not in questions.letters]
    if not default_see and L.SEE not in questions.letters:
        missing.append(L.SEE)
    if missing:
        raise Unreadable(m("exchange.missing_columns", columns=m("fields.separator").join(missing)))
    explicit = {str(cells.get(L.ID, "")) for _, cells in questions.rows}
    reader = RowReader(questions, m, default_see, result)
    for row, cells in questions.rows:
        qid = cells.get(L.ID, "")
        qid = "" if isinstance(qid, bool) else qid
        if qid and not ID_PATTERN.match(qid):
            reader.problem(row, L.ID, m("exchange.bad_id", value=qid))
            continue
        if not qid:
            qid = f"q-{row}"
            n = 2
            while qid in explicit:
                qid, n = f"q-{row}-{n}", n + 1
            explicit.add(qid)
        read = reader.read(row, cells, qid)
        if read is not None:
            result.questions.append(read)
    _read_bank(banks, bank_id, result, m)
    return result


def _read_bank(sheet: Sheet | None, bank_id: str, result: ReadResult, m: Messages) -> None:
    if sheet is None or not sheet.rows:
        return
    matching = [(row, cells) for row, cells in sheet.rows if cells.get("id") == bank_id]
    if not matching and len(sheet.rows) == 1:
        matching = sheet.rows
    if not matching:
        ids = m("fields.separator").join(str(cells.get("id", "")) for _, cells in sheet.rows)
        result.notices.append(m("exchange.bank_row_missing", bank=bank_id, ids=ids, sheet=L.SHEET_BANKS))
        return
    row, cells = matching[0]
    for key in ("title", "description"):
        value = cells.get(key, "")
        if value not in ("", True, False):
            result.bank[key] = value
            result.bank_columns[key] = (row, sheet.letters[key])
    if cells.get("pass_mark", "") not in ("", None):
        value = cells["pass_mark"]
        try:
            mark = int(str(value))
        except ValueError:
            result.problems.append(CellProblem(sheet.name, row, sheet.letters["pass_mark"], "pass_mark",
                                               m("exchange.bad_pass_mark", value=value)))
        else:
            result.bank["pass_mark"] = mark
            result.bank_columns["pass_mark"] = (row, sheet.letters["pass_mark"])
    composed = [k for k in ("include", "tags", "draw") if cells.get(k, "") not in ("", None)]
    if composed:
        result.notices.append(m("exchange.composed_not_imported", keys=m("fields.separator").join(composed)))
