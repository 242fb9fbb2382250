"""THE reader of the spreadsheets users hand in (question tables, rosters, answer sheets, ledgers):
xlsx or CSV bytes → grids of cell values, within bounds, or a SheetError that says why.

Why not openpyxl here: it trusts a workbook's own sizes. A 200 KB workbook whose shared strings
or one row inflate to gigabytes makes it build all of them in memory before a caller can stop it.
This reader inflates each part itself, counting the bytes that really come out (never the sizes
the zip claims), parses the XML as a stream with defusedxml (no DTD, no entities), keeps one cell
at a time, and stops at the first bound it crosses:

| bound (LIMITS) | what it limits |
| --- | --- |
| sheetBytes | the file as handed in |
| xlsxInflated | all parts read from an xlsx, inflated, counted while inflating |
| xlsxParts | entries in the zip |
| sheetCells | cells holding a value, over the whole workbook |
| sheetRows, sheetColumns | the last row and column that hold a value |
| cellChars | characters in one cell (Excel's own limit) |

Values: text is `str`, numbers `int` or `float`, TRUE/FALSE `bool`; a number in a date format
becomes "YYYY-MM-DD" ("YYYY-MM-DD HH:MM:SS" with a time), as typed dates in a CSV are read; a
formula is its text ("=B2+30"), never evaluated; an error value its code ("#N/A"). Empty rows are
left out; rows keep their numbers in the file (1-based), cells their column index (0-based).

The browser twin is assets/sheets.js (same bounds, same values); tests/sheet_vectors checks both."""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from portalkit.i18n import ZH, Messages
from portalkit.limits import LIMITS

Value = str | bool | int | float
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0"


class SheetError(Exception):
    """The file cannot be read as a table; the message says why (never quoting it) and what to do."""


@dataclass
class Grid:
    name: str  # the sheet's name; "" for a CSV
    rows: list[tuple[int, list[Value]]] = field(default_factory=list)


@dataclass(frozen=True)
class Header:
    row: int  # its number in the file
    index: dict[str, int]  # canonical column name -> column index
    written: dict[str, str]  # canonical column name -> the header as written
    unknown: list[str]  # headers that name no known column (a repeated one as "名称 (C)")


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read_grids(data: bytes, messages: Messages = ZH) -> list[Grid]:
    """Every sheet of an xlsx (in the workbook's order), or the one table of a CSV."""
    if len(data) > LIMITS["sheetBytes"]:
        raise SheetError(messages("sheets.too_big", size=f"{len(data) / 1024 / 1024:.1f}",
                                  limit=LIMITS["sheetBytes"] // (1024 * 1024)))
    if data.startswith(_ZIP):
        return _Workbook(data, messages).grids()
    if data.startswith(_OLE):
        raise SheetError(messages("sheets.old_xls"))
    return [_read_csv(data, messages)]


# ------------------------------------------------------------------------------------------ CSV
def decode_text(data: bytes, messages: Messages = ZH) -> str:
    """UTF-8 (BOM or not), UTF-16 with its BOM (Excel's “Unicode 文本”), else GB18030 (the GBK that
    Excel writes when it re-saves a CSV)."""
    if data.startswith(codecs.BOM_UTF8):
        encodings: tuple[str, ...] = ("utf-8-sig",)
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ("utf-16",)
    else:
        if b"\x00" in data:
            raise SheetError(messages("sheets.binary"))
        encodings = ("utf-8", "gb18030")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SheetError(messages("sheets.encoding"))


def _delimiter(text: str) -> str:
    """Comma, or the tab of Excel's “Unicode 文本”, or the semicolon of some locales: whichever the
    first line holds most of, outside quotes."""
    first = text.lstrip("\r\n").split("\n", 1)[0]
    outside = re.sub(r'"[^"]*"', "", first)
    counts = {d: outside.count(d) for d in (",", "\t", ";")}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def _read_csv(data: bytes, messages: Messages) -> Grid:
    return Grid("", parse_csv(decode_text(data, messages), messages))


def parse_csv(text: str, messages: Messages = ZH) -> list[tuple[int, list[Value]]]:
    """Records of CSV text (numbered from 1, as Excel shows them), empty ones left out; raises
    SheetError for an unclosed quote and for text beyond the bounds."""
    delimiter = _delimiter(text)
    rows: list[tuple[int, list[Value]]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    cells = width = line = 0
    try:
        for number, row in enumerate(reader, 1):
            start, line = line + 1, reader.line_num
            values = _trim(row)
            if not values:
                continue
            width = width or len(values)
            for column, value in enumerate(values):
                if len(value) > LIMITS["cellChars"]:
                    raise SheetError(messages("sheets.cell_too_long", row=number, column=column_letter(column),
                                              most=LIMITS["cellChars"]))
                if "\n" in value and _swallowed_row(value, delimiter, width):
                    raise SheetError(messages("sheets.unclosed_quote", line=start))
            cells += sum(1 for v in values if v != "")
            _check_size(number, len(values), cells, messages)
            rows.append((number, list(values)))
    except csv.Error:
        raise SheetError(messages("sheets.unclosed_quote", line=line + 1)) from None
    return rows


def _swallowed_row(value: str, delimiter: str, width: int) -> bool:
    """A cell spanning lines where a later line looks like a whole row of the table: a quote that
    was opened and not closed has eaten the rows after it."""
    if width < 3:
        return False
    return any(line.count(delimiter) >= width - 1 for line in value.split("\n")[1:])


def _trim(row: Sequence[Value]) -> list[Value]:
    end = len(row)
    while end and (row[end - 1] == "" or (isinstance(row[end - 1], str) and not str(row[end - 1]).strip())):
        end -= 1
    return list(row[:end])


def _check_size(row: int, columns: int, cells: int, messages: Messages) -> None:
    if row > LIMITS["sheetRows"]:
        raise SheetError(messages("sheets.too_many_rows", most=LIMITS["sheetRows"]))
    if columns > LIMITS["sheetColumns"]:
        raise SheetError(messages("sheets.too_many_columns", row=row, most=LIMITS["sheetColumns"]))
    if cells > LIMITS["sheetCells"]:
        raise SheetError(messages("sheets.too_many_cells", most=LIMITS["sheetCells"]))


# ----------------------------------------------------------------------------------------- xlsx
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_REL_STRICT = "{http://purl.oclc.org/ooxml/officeDocument/relationships}id"
_CELL_REF = re.compile(r"([A-Z]{1,3})([0-9]{1,7})$")
# Number formats Excel builds in that show dates or times (ids 14–22, 45–47; 27–36 and 50–58 are
# the CJK date formats of Chinese, Japanese and Korean Excel).
_DATE_FORMAT_IDS = {*range(14, 23), *range(27, 37), 45, 46, 47, *range(50, 59)}
_FORMAT_NOISE = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')
_DATE_CODE = re.compile(r"[dmyhsDMYHS年月日]")
_FIRST_SLICE, _LAST_SLICE = 64 << 10, 16 << 20  # bytes inflated and parsed at a time


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


class _Budget:
    def __init__(self, messages: Messages) -> None:
        self.left = LIMITS["xlsxInflated"]
        self.messages = messages

    def take(self, n: int) -> None:
        self.left -= n
        if self.left < 0:
            raise SheetError(self.messages("sheets.inflates_too_much",
                                           limit=LIMITS["xlsxInflated"] // (1024 * 1024)))


class _Workbook:
    def __init__(self, data: bytes, messages: Messages) -> None:
        self.m = messages
        self.budget = _Budget(messages)
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            parts = self.zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
            raise SheetError(messages("sheets.not_xlsx")) from None
        if len(parts) > LIMITS["xlsxParts"]:
            raise SheetError(messages("sheets.too_many_parts", most=LIMITS["xlsxParts"]))
        self.names = {p.filename for p in parts}
        self.cells = 0

    def _events(self, name: str, events: tuple[str, ...] = ("end",)) -> Iterator[tuple[str, Any]]:
        """The part's XML events, inflated and parsed a slice at a time. Slices start small, so a
        bound is met after little work, and double while a slice yields no event: expat (2.5)
        parses a token that spans two slices again from its start, so one huge token (a long
        comment or text) in small slices would cost quadratic time."""
        parser = ET.XMLPullParser(events, _parser=DefusedXMLParser(target=ET.TreeBuilder(), forbid_dtd=True))
        size = _FIRST_SLICE
        try:
            with self.zip.open(name) as raw:
                while chunk := raw.read(size):
                    self.budget.take(len(chunk))
                    parser.feed(chunk)
                    produced = False
                    for event in parser.read_events():
                        produced = True
                        yield event
                    size = _FIRST_SLICE if produced else min(size * 2, _LAST_SLICE)
                parser.close()
                yield from parser.read_events()
        except SheetError:
            raise
        except DefusedXmlException:
            raise SheetError(self.m("sheets.xml_refused")) from None
        except (zipfile.BadZipFile, OSError, EOFError, ET.ParseError, ValueError, RuntimeError,
                NotImplementedError):
            raise SheetError(self.m("sheets.not_xlsx")) from None

    def grids(self) -> list[Grid]:
        if "xl/workbook.xml" not in self.names:
            raise SheetError(self.m("sheets.not_xlsx"))
        sheets, date1904 = self._sheets()
        strings = self._shared_strings()
        dates = self._date_styles()
        epoch = datetime(1904, 1, 1) if date1904 else datetime(1899, 12, 30)
        return [self._grid(name, path, strings, dates, epoch, date1904) for name, path in sheets]

    def _sheets(self) -> tuple[list[tuple[str, str]], bool]:
        targets: dict[str, str] = {}
        if "xl/_rels/workbook.xml.rels" in self.names:
            for _, element in self._events("xl/_rels/workbook.xml.rels"):
                if _local(element.tag) == "Relationship":
                    target = element.get("Target", "")
                    if element.get("TargetMode") == "External":
                        continue
                    targets[element.get("Id", "")] = _part_path(target)
        sheets: list[tuple[str, str]] = []
        date1904 = False
        for _, element in self._events("xl/workbook.xml"):
            tag = _local(element.tag)
            if tag == "workbookPr":
                date1904 = element.get("date1904", "").lower() in ("1", "true")
            elif tag == "sheet":
                rel = element.get(_REL) or element.get(_REL_STRICT) or ""
                path = targets.get(rel, "")
                if path in self.names and "/worksheets/" in "/" + path:
                    sheets.append((element.get("name", ""), path))
        if not sheets:
            raise SheetError(self.m("sheets.no_sheets"))
        return sheets, date1904

    def _text(self, element: Any) -> str:
        """The text of <si> or <is>: its <t>, or the <t>s of its runs (phonetic runs left out)."""
        parts: list[str] = []
        for child in element:
            tag = _local(child.tag)
            if tag == "t":
                parts.append(child.text or "")
            elif tag == "r":
                parts.extend(t.text or "" for t in child if _local(t.tag) == "t")
        text = "".join(parts)
        if len(text) > LIMITS["cellChars"]:
            raise SheetError(self.m("sheets.string_too_long", most=LIMITS["cellChars"]))
        return text

    def _shared_strings(self) -> list[str]:
        path = "xl/sharedStrings.xml"
        if path not in self.names:
            return []
        strings: list[str] = []
        for _, element in self._events(path):
            if _local(element.tag) == "si":
                strings.append(self._text(element))
                element.clear()
                if len(strings) > LIMITS["sheetCells"]:
                    raise SheetError(self.m("sheets.too_many_cells", most=LIMITS["sheetCells"]))
        return strings

    def _date_styles(self) -> set[int]:
        """Indexes of the cell formats (cellXfs) that show a number as a date or time."""
        path = "xl/styles.xml"
        if path not in self.names:
            return set()
        custom: dict[int, bool] = {}
        formats: list[int] = []
        in_cell_xfs = False
        for event, element in self._events(path, ("start", "end")):
            tag = _local(element.tag)
            if event == "start":
                if tag == "cellXfs":
                    in_cell_xfs = True
                continue
            if tag == "numFmt":
                code = _FORMAT_NOISE.sub("", element.get("formatCode", ""))
                custom[_int(element.get("numFmtId"))] = bool(_DATE_CODE.search(code))
            elif tag == "xf" and in_cell_xfs:
                formats.append(_int(element.get("numFmtId")))
            elif tag == "cellXfs":
                in_cell_xfs = False
        return {i for i, fmt in enumerate(formats) if custom.get(fmt, fmt in _DATE_FORMAT_IDS)}

    def _grid(self, name: str, path: str, strings: list[str], dates: set[int], epoch: datetime,
              date1904: bool) -> Grid:
        grid = Grid(name)
        row_number = 0
        values: dict[int, Value] = {}
        column = -1
        row_element = rows_parent = None
        m = self.m
        for event, element in self._events(path, ("start", "end")):
            tag = _local(element.tag)
            if event == "start":
                if tag == "sheetData":
                    rows_parent = element
                elif tag == "row":
                    row_element = element
                    row_number = _int(element.get("r")) or row_number + 1
                    values, column = {}, -1
                continue
            if tag == "c":
                ref = _CELL_REF.match(element.get("r") or "")
                column = _column_index(ref[1]) if ref else column + 1
                value = self._value(element, strings, dates, epoch, date1904)
                if row_element is not None:  # keep one cell at a time, whatever the row's length
                    row_element.remove(element)
                if value == "" or value is None:
                    continue
                self.cells += 1
                _check_size(row_number, column + 1, self.cells, m)
                if isinstance(value, str) and len(value) > LIMITS["cellChars"]:
                    raise SheetError(m("sheets.cell_too_long", row=row_number, column=column_letter(column),
                                       most=LIMITS["cellChars"]))
                values[column] = value
            elif tag == "row":
                if values:
                    cells: list[Value] = [""] * (max(values) + 1)
                    for i, v in values.items():
                        cells[i] = v
                    grid.rows.append((row_number, cells))
                element.clear()
                if rows_parent is not None:  # nor one row at a time, whatever the sheet's length
                    rows_parent.remove(element)
                row_element = None
            elif tag == "sheetData":
                break
        grid.rows.sort(key=lambda r: r[0])
        return grid

    def _value(self, cell: Any, strings: list[str], dates: set[int], epoch: datetime,
               date1904: bool) -> Value | None:
        kind = cell.get("t", "n")
        v = f = None
        inline = None
        for child in cell:
            tag = _local(child.tag)
            if tag == "v":
                v = child.text or ""
            elif tag == "f":
                f = child.text
            elif tag == "is":
                inline = child
        if f:  # a formula is read as its text, never evaluated
            return "=" + f
        if kind == "inlineStr":
            return self._text(inline) if inline is not None else ""
        if v is None:
            return None
        if kind == "s":
            index = _int(v, -1)
            if not 0 <= index < len(strings):
                raise SheetError(self.m("sheets.not_xlsx"))
            return strings[index]
        if kind in ("str", "e"):
            return v
        if kind == "b":
            return v.strip() in ("1", "true")
        if kind == "d":
            return v.replace("T", " ")[:19].removesuffix(" 00:00:00")
        number = _number(v)
        if number is None:
            return v
        if _int(cell.get("s"), 0) in dates:
            return _date_text(number, epoch, date1904) or number
        return number


def _part_path(target: str) -> str:
    """A relationship's target as a path inside the zip (targets are relative to xl/)."""
    if target.startswith("/"):
        return target.lstrip("/")
    parts: list[str] = ["xl"]
    for piece in target.split("/"):
        if piece == "..":
            if parts:
                parts.pop()
        elif piece and piece != ".":
            parts.append(piece)
    return "/".join(parts)


def _column_index(letters: str) -> int:
    index = 0
    for char in letters:
        index = index * 26 + ord(char) - 64
    return index - 1


def _int(text: str | None, default: int = 0) -> int:
    if text is None or not text.isdigit() or len(text) > 9:
        return default
    return int(text)


def _number(text: str) -> int | float | None:
    text = text.strip()
    if len(text) > 40:
        return None
    try:
        if re.fullmatch(r"-?[0-9]+", text):
            return int(text)
        number = float(text)
    except ValueError:
        return None
    if number != number or number in (float("inf"), float("-inf")):
        return None
    return int(number) if number.is_integer() and abs(number) < 2**53 and "e" not in text.lower() else number


def _date_text(serial: float, epoch: datetime, date1904: bool) -> str | None:
    """An Excel date serial as text; None outside 1900–9999."""
    if not 0 < serial < 2958466:
        return None
    whole = int(serial)
    seconds = round((serial - whole) * 86400)
    if seconds == 86400:
        whole, seconds = whole + 1, 0
    if not date1904 and whole < 60:  # Excel counts a 29 February 1900 that never was
        whole += 1
    moment = epoch + timedelta(days=whole, seconds=seconds)
    return moment.strftime("%Y-%m-%d") if not seconds else moment.strftime("%Y-%m-%d %H:%M:%S")


# --------------------------------------------------------------------------------------- header
def normal_header(value: Value) -> str:
    """A header as compared: NFKC, without whitespace, case-folded (英文 headers in any case)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(value))).casefold()


def find_header(grid: Grid, columns: Mapping[str, Sequence[str]], required: Sequence[str] = (),
                search_rows: int = 10) -> Header | None:
    """The first row among the first `search_rows` rows that holds a header for every `required`
    column (and at least one known column); None when there is none. A ledger's own title rows
    above its header are passed over."""
    spelling = {normal_header(s): name for name, spellings in columns.items() for s in (name, *spellings)}
    for number, cells in grid.rows[:search_rows]:
        names = [spelling.get(normal_header(c)) if c != "" else None for c in cells]
        if not any(names) or any(r not in names for r in required):
            continue
        index: dict[str, int] = {}
        written: dict[str, str] = {}
        unknown: list[str] = []
        for i, (name, cell) in enumerate(zip(names, cells, strict=True)):
            text = str(cell).strip()
            if name is None:
                if text:
                    unknown.append(text)
            elif name in index:
                unknown.append(f"{text} ({column_letter(i)})")
            else:
                index[name], written[name] = i, text
        return Header(number, index, written, unknown)
    return None


def cell(row: Sequence[Value], index: int | None) -> Value:
    """The value at `index` of a row ("" past its end or for a column the header lacks)."""
    return row[index] if index is not None and index < len(row) else ""
