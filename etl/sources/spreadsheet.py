"""Shared reading of the spreadsheet exports (.xlsx, .xls, .csv): rows, header, title rows, cell values.

An export is: title rows, an optional blank row, a header of one or more rows, data rows.

* **Header.** Found by the layout's marker headers among the first :data:`HEADER_SEARCH_ROWS` rows.
  A header of several rows (merged cells, "Số hồ sơ" over "Trực tuyến | Trực tiếp") is flattened into
  one name per column, the texts from top to bottom joined by " - " ("Số hồ sơ - Trực tuyến"). Its
  depth is the layout's ``header_rows``, or, when not given, as deep as the merged cells of the
  header reach (.xlsx/.xls; a CSV header is one row unless the layout says otherwise). A row just
  under the header that only numbers the columns ("(1) | (2) | …", "A | B | 1 | 2") is skipped.
  Columns are matched by header text compared with :func:`fold`, so case, spacing and Unicode
  composition do not matter.
* **Title rows** above the header are kept as metadata, with the period they state
  ("(Từ ngày 15/12/2023 đến ngày 14/12/2024)", "Tháng 01/2024") as ``tu_ngay``/``den_ngay``.
* **Data rows** may be interleaved with empty rows, group rows (one non-empty cell, e.g.
  "I. Xã Hoằng Cát"), subtotal rows ("Cộng …") and total rows ("Tổng cộng", "Tổng số"); these are
  skipped. The numeric columns of a total row are compared with the sum of the data rows above it;
  a difference is a file-level error (:class:`SourceError`): a total that does not add up means rows
  were lost, filtered or added by the export, and loading such a file would report wrong counts.
* A data cell merged over several rows (the same unit for a run of dossiers) gives its value to
  every row it covers.
* **CSV** files go through :mod:`etl.sources.encodings` (UTF-8/UTF-16/TCVN3/VNI/CP1258, NFC); the delimiter
  (``,`` ``;`` or tab) is recognised from the first rows.
"""
from __future__ import annotations

import calendar
import csv
import datetime as dt
import json
import re
import unicodedata
import zipfile
from collections import Counter
from contextlib import closing
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from itertools import chain, islice
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import pandas as pd
from python_calamine import CalamineError, CalamineWorkbook

from etl.canonical import CANONICAL_DATE_FORMAT, DEFAULT_CHUNK_ROWS, SourceError, frame_from_records
from etl.sources import encodings
from etl.sources.format import SourceFormat
from etl.vi import fold

EXTENSIONS = (".xlsx", ".xls", ".csv")
HEADER_SEARCH_ROWS = 30  # the header must start within the first rows
MAX_HEADER_ROWS = 5  # a header is at most this many rows deep

Converter = Callable[[Any], "str | None"]


# --- cell values -------------------------------------------------------------------------------

def _number_text(value: int | float) -> str:
    if isinstance(value, int):
        return str(value)
    if value.is_integer() and abs(value) < 1e15:  # the usual case, a whole number: skip Decimal
        return str(int(value))
    return format(Decimal(repr(value)).normalize(), "f")


def text(value: Any) -> str | None:
    """Any cell as canonical text: NFC and stripped, None when empty.

    Numeric cells lose a spurious ".0" (a code typed as the number 399 gives "399"), date-time
    cells become ``yyyyMMddHHmmss``, booleans "1"/"0".
    """
    kind = type(value)  # exact types first: this runs for every cell
    if kind is str:
        return unicodedata.normalize("NFC", value).strip() or None
    if value is None:
        return None
    if kind is dt.datetime:
        return (f"{value.year:04d}{value.month:02d}{value.day:02d}"
                f"{value.hour:02d}{value.minute:02d}{value.second:02d}")
    if kind is float or kind is int:
        return _number_text(value)
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value).strip() or None
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (int, float)):
        return _number_text(value)
    if isinstance(value, dt.datetime):
        return value.strftime(CANONICAL_DATE_FORMAT)
    if isinstance(value, dt.date):
        return value.strftime("%Y%m%d000000")
    return str(value)  # time, timedelta


_VI_GROUPED = re.compile(r"-?\d{1,3}(\.\d{3})+(,\d+)?")  # 1.234.567,5
_VI_PLAIN = re.compile(r"-?\d+(,\d+)?")  # 1234567,5
_DOT_DECIMAL = re.compile(r"-?\d+\.\d+")  # 0.5, as a machine writes it


def number(value: Any) -> str | None:
    """A vi-VN number as plain decimal text: "50.000" → "50000", "0,5" → "0.5"; other text unchanged."""
    if isinstance(value, (int, float)):  # a numeric cell, already a number (bool included: "1"/"0")
        return text(value)
    t = text(value)
    if t is None:
        return None
    compact = t.replace(" ", "").replace("\u00a0", "")
    if _VI_GROUPED.fullmatch(compact) or _VI_PLAIN.fullmatch(compact):
        compact = compact.replace(".", "").replace(",", ".")
    elif not _DOT_DECIMAL.fullmatch(compact):
        return t
    return format(Decimal(compact).normalize(), "f")


_YES = {"có", "x", "1"}
_NO = {"không", "0"}


def yes_no(value: Any) -> str | None:
    """"Có"/"x" → "1", "Không"/empty → "0"; other text unchanged."""
    t = text(value)
    if t is None:
        return "0"
    key = fold(t)
    return "1" if key in _YES else "0" if key in _NO else t


_VI_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?")


def date(value: Any) -> str | None:
    """A date-time cell, an Excel serial date (a number cell: 45300 = 09/01/2024) or "dd/mm/yyyy[ HH:MM[:SS]]"
    text as ``yyyyMMddHHmmss``; other text unchanged."""
    if isinstance(value, str):
        t = text(value)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        return excel_serial(value) or text(value)
    else:
        return text(value)
    if t is None:
        return None
    match = _VI_DATE.fullmatch(t)
    if not match:
        return excel_serial(t) if _SERIAL_IN_TEXT.fullmatch(t) else t  # a date cell saved to CSV as its serial
    day, month, year, hour, minute, second = match.groups()
    d, m, y = int(day), int(month), int(year)
    h, mi, sec = int(hour or 0), int(minute or 0), int(second or 0)
    if not (1 <= m <= 12 and 1 <= d <= _month_days(y, m) and y >= 1 and h < 24 and mi < 60 and sec < 60):
        return t
    return f"{y:04d}{m:02d}{d:02d}{h:02d}{mi:02d}{sec:02d}"


@lru_cache(maxsize=4096)
def _month_days(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1] if year >= 1 else 0


def choice(names: dict[str, str]) -> Converter:
    """A converter from the given names (compared with :func:`fold`) to codes; other text unchanged."""
    table = {fold(name): code for name, code in names.items()}

    def convert(value: Any) -> str | None:
        t = text(value)
        return None if t is None else table.get(fold(t), t)

    return convert



_SERIAL_IN_TEXT = re.compile(r"\d{5}(?:[.,]\d+)?")  # 10000 = 1927-05-18 … 99999 = 2173-10-14
EXCEL_EPOCH = dt.datetime(1899, 12, 30)  # day 0 of Excel's 1900 date system (its 1900-02-29 bug included)
_SERIAL_TEXT = re.compile(r"\d{1,7}(?:[.,]\d+)?")


def excel_serial(value: Any) -> str | None:
    """An Excel serial date-time (45300 = 2024-01-08, 45300.5 = noon) as ``yyyyMMddHHmmss``; None if not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        if not _SERIAL_TEXT.fullmatch(value):
            return None
        value = float(value.replace(",", "."))
    if not isinstance(value, (int, float)) or not 1 <= value < 2958466:  # 9999-12-31
        return None
    when = EXCEL_EPOCH + dt.timedelta(days=float(value))
    when = (when + dt.timedelta(microseconds=500_000)).replace(microsecond=0)  # float noise: nearest second
    return when.strftime(CANONICAL_DATE_FORMAT)


_DATE_TOKENS = {"yyyy": r"(?P<y>\d{4})", "dd": r"(?P<d>\d{2})", "d": r"(?P<d>\d{1,2})", "MM": r"(?P<m>\d{2})",
                "M": r"(?P<m>\d{1,2})", "HH": r"(?P<H>\d{2})", "H": r"(?P<H>\d{1,2})", "mm": r"(?P<M>\d{2})",
                "ss": r"(?P<S>\d{2})"}
_DATE_TOKEN = re.compile("|".join(sorted(_DATE_TOKENS, key=len, reverse=True)))


def date_pattern(pattern: str) -> re.Pattern:
    """A date format as written in layout files ("dd/MM/yyyy HH:mm", .NET/Excel letters: d day, M month,
    yyyy year, H hour, m minute, s second) as a regular expression; ValueError when it is not a usable
    date format (e.g. "dd/mm/yyyy", where mm would be minutes)."""
    parts, groups, position = [], [], 0
    for match in _DATE_TOKEN.finditer(pattern):
        literal = pattern[position:match.start()]
        if re.search(r"[A-Za-z]", literal):
            raise ValueError(f"ký tự không hiểu được {literal!r}")
        parts += [re.escape(literal), _DATE_TOKENS[match.group()]]
        groups.append(_DATE_TOKENS[match.group()][4])
        position = match.end()
    if re.search(r"[A-Za-z]", pattern[position:]):
        raise ValueError(f"ký tự không hiểu được {pattern[position:]!r}")
    parts.append(re.escape(pattern[position:]))
    if not {"y", "m", "d"} <= set(groups):
        raise ValueError("phải có ngày (dd), tháng (MM) và năm (yyyy); mm là phút, tháng viết MM")
    if len(set(groups)) != len(groups):
        raise ValueError("một thành phần xuất hiện hai lần")
    if "M" in groups and "H" not in groups or "S" in groups and "M" not in groups:
        raise ValueError("phút (mm) cần giờ (HH), giây (ss) cần phút (mm)")
    return re.compile("".join(parts))


def date_with(formats: Iterable[str]) -> Converter:
    """A date converter that also reads the given formats (see :func:`date_pattern`)."""
    patterns = [date_pattern(f) for f in formats]

    def convert(value: Any) -> str | None:
        t = text(value) if isinstance(value, str) else None
        if t:
            for pattern in patterns:
                match = pattern.fullmatch(t)
                if match:
                    g = match.groupdict()
                    try:
                        return dt.datetime(int(g["y"]), int(g["m"]), int(g["d"]), int(g.get("H") or 0),
                                           int(g.get("M") or 0), int(g.get("S") or 0)).strftime(CANONICAL_DATE_FORMAT)
                    except ValueError:
                        return t
        return date(value)

    return convert


def with_values(names: dict[str, str], base: Converter) -> Converter:
    """``base`` preceded by a list of names (compared with :func:`fold`) → codes."""
    table = {fold(name): code for name, code in names.items()}

    def convert(value: Any) -> str | None:
        t = text(value)
        if t is not None:
            code = table.get(fold(t))
            if code is not None:
                return code
        return base(value)

    convert.numeric = is_numeric(base)  # type: ignore[attr-defined]
    return convert


def is_numeric(convert: Converter) -> bool:
    """Whether a column converted by ``convert`` holds numbers (checked against a total row)."""
    return convert is number or getattr(convert, "numeric", False)


# --- rows ---------------------------------------------------------------------------------------

Merge = tuple[int, int, int, int]  # first row, first column, last row, last column: rows 1-based, columns 0-based


@dataclass
class Sheet:
    """An open export: its rows, one at a time, and what is known about the file."""

    rows: Iterator[tuple[int, list]]  # (row number, cells)
    merges: tuple[Merge, ...] = ()  # merged cell ranges (.xlsx/.xls)
    encoding: str | None = None  # CSV: the detected encoding


def open_sheet(path: Path | str) -> Sheet:
    """The first sheet of an .xlsx/.xls file, or a .csv file in any encoding :mod:`etl.sources.encodings` knows.

    Rows are produced one at a time; for .xlsx/.xls, calamine still holds the whole sheet in memory.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xls"):
        return _workbook_sheet(path)
    if suffix == ".csv":
        return _csv_sheet(path)
    raise SourceError(path, f"không đọc được tệp {suffix or 'không có phần mở rộng'}: chỉ hỗ trợ .xlsx, .xls, .csv")


def iter_rows(path: Path | str) -> Iterator[tuple[int, list]]:
    """Yield ``(row number, cells)`` of an .xlsx/.xls file's first sheet or of a .csv file."""
    return open_sheet(path).rows


MAX_UNZIPPED_BYTES = 1_000_000_000  # an .xlsx whose parts unzip to more is refused (zip bomb)
MAX_ZIP_RATIO = 200  # nor one whose parts unzip to more than this many times their compressed size


def _check_unzipped_size(path: Path) -> None:
    """Refuse an .xlsx that would unzip to an absurd size before anything decompresses it: calamine holds
    a whole sheet in memory."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        return  # not a zip: calamine says what is wrong with it
    unzipped = sum(p.file_size for p in parts)
    compressed = sum(p.compress_size for p in parts) or 1
    if unzipped > MAX_UNZIPPED_BYTES or (unzipped > 50_000_000 and unzipped / compressed > MAX_ZIP_RATIO):
        raise SourceError(path, f"tệp Excel giải nén ra {unzipped / 1e6:,.0f} MB từ {compressed / 1e6:,.1f} MB "
                                "(tỷ lệ nén bất thường, nghi là tệp nén độc hại); không đọc")


def _workbook_sheet(path: Path) -> Sheet:
    kind = "Excel 97-2003 (.xls)" if path.suffix.lower() == ".xls" else "Excel"
    if kind == "Excel":
        _check_unzipped_size(path)
    try:
        workbook = CalamineWorkbook.from_path(path)
        sheet = workbook.get_sheet_by_index(0)
        first_column = (sheet.start or (0, 0))[1]  # rows are numbered from row 1, columns from the first used one
        merges = tuple((r0 + 1, c0 - first_column, r1 + 1, c1 - first_column)
                       for (r0, c0), (r1, c1) in (sheet.merged_cell_ranges or ()))
    except CalamineError as error:
        raise SourceError(path, f"không đọc được tệp {kind}: {error}") from None

    def rows() -> Iterator[tuple[int, list]]:
        try:
            with workbook:
                # iter_rows starts at the sheet's first row even when it is empty, so the index is the row number
                yield from enumerate(sheet.iter_rows(), 1)
        except CalamineError as error:
            raise SourceError(path, f"không đọc được tệp {kind}: {error}") from None

    return Sheet(rows(), merges)


_DELIMITERS = (",", ";", "\t")


def _delimiter(lines: list[str]) -> str:
    """The delimiter that splits the most of the first lines into the same number (> 1) of columns, the
    wider on a tie ("," when none splits anything). Consistency, not the widest line: a value holding ";"
    must not make ";" win. Excel with Vietnamese regional settings saves CSV with ";", since "," is the
    decimal mark."""
    best, best_score = ",", (0, 0)
    for delimiter in _DELIMITERS:
        try:
            widths = [len(r) for r in csv.reader(lines, delimiter=delimiter) if len(r) > 1]
        except csv.Error:  # reported with its line when the rows are read
            continue
        if widths:
            width, count = Counter(widths).most_common(1)[0]
            if (count, width) > best_score:
                best, best_score = delimiter, (count, width)
    return best


def _csv_sheet(path: Path) -> Sheet:
    encoding = encodings.detect_file(path)
    lines = encodings.open_lines(path, encoding)
    try:
        head = list(islice(lines, HEADER_SEARCH_ROWS + MAX_HEADER_ROWS))
    except UnicodeDecodeError:
        lines.close()
        raise SourceError(path, _NOT_UTF8, row=_first_non_utf8_line(path)) from None
    delimiter = _delimiter(head)

    def rows() -> Iterator[tuple[int, list]]:
        reader = csv.reader(chain(head, lines), delimiter=delimiter)
        try:
            yield from enumerate(reader, 1)
        except UnicodeDecodeError:  # UTF-8 judged on the first MiB, and a later line is not
            raise SourceError(path, _NOT_UTF8, row=_first_non_utf8_line(path)) from None
        except csv.Error as error:
            raise SourceError(path, f"tệp CSV lỗi: {error}", row=reader.line_num) from None
        finally:
            lines.close()

    return Sheet(rows(), (), encoding)


_NOT_UTF8 = "tệp không phải UTF-8 (hãy lưu lại dạng CSV UTF-8)"


def _first_non_utf8_line(path: Path) -> int | None:
    """The 1-based line holding the first bytes that are not UTF-8 (decoding runs ahead of the csv reader)."""
    with open(path, "rb") as stream:
        for line_no, line in enumerate(stream, 1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                return line_no
    return None


def _is_filled(cell: Any) -> bool:
    return cell is not None and cell != "" and (not isinstance(cell, str) or not cell.isspace())


def _filled(cells: list) -> list:
    return [c for c in cells if _is_filled(c)]


_TOTAL_INITIALS = frozenset("tTcC")  # of "Tổng cộng", "Tổng số", "Cộng"


def _is_subtotal(label: str) -> bool:
    return label.startswith("cộng")


def _is_total(label: str) -> bool:
    return label.startswith(("tổng cộng", "tổng số")) or label in ("tổng", "tổng:")


_COLUMN_NUMBER = re.compile(r"(?:\(?(?:\d{1,3}|[A-Za-z])\)?)(?:\s*[=+\-*/x]\s*\(?(?:\d{1,3}|[A-Za-z])\)?)*")


def _numbers_columns(cells: list) -> bool:
    """A row that only numbers the columns: "(1) | (2) | (3)=(4)+(5)", "A | B | 1 | 2"."""
    filled = _filled(cells)
    if len(filled) < max(3, len(cells) // 2):
        return False
    values = [text(c) or "" for c in filled]
    return all(_COLUMN_NUMBER.fullmatch(v) for v in values) and len(set(values)) == len(values)


# --- header rows and title rows -----------------------------------------------------------------

@dataclass(frozen=True)
class Layout:
    """A spreadsheet format: the headers that mark its header and how each column is converted."""

    markers: tuple[str, ...]  # headers (flattened names) that together identify the header
    fields: dict[str, tuple[str, Converter]]  # header → (canonical column, converter); all required
    optional: dict[str, tuple[str, Converter]] = field(default_factory=dict)  # may be absent: column None
    ignored: tuple[str, ...] = ("STT",)  # headers read by nobody
    keep_extra: bool = False  # put unknown columns in "extra" as JSON text
    header_rows: int | None = None  # None: 1, or as deep as merged header cells reach
    source: str | None = None  # the layout file this layout was read from, for messages


@dataclass(frozen=True)
class _Header:
    row_no: int  # the first header row
    last_row_no: int  # the last header row
    cells: list[str | None]  # one flattened name per column
    titles: list[str]


def _fill_merges(block: list[list[str | None]], first_row: int, merges: tuple[Merge, ...]) -> bool:
    """Give every cell of a merged range in ``block`` (rows ``first_row``…) the range's value; True if any."""
    last_row = first_row + len(block) - 1
    width = len(block[0]) if block else 0
    filled = False
    for r0, c0, r1, c1 in merges:
        if r1 < first_row or r0 > last_row or c0 >= width:
            continue
        value = block[r0 - first_row][c0] if r0 >= first_row else None
        if value is None:
            continue
        for r in range(max(r0, first_row), min(r1, last_row) + 1):
            for c in range(c0, min(c1, width - 1) + 1):
                block[r - first_row][c] = value
        filled = True
    return filled


def _fill_groups(block: list[list[str | None]]) -> None:
    """Without merge information (CSV): a blank cell of an upper header row over sub-headers belongs to the
    group heading on its left ("Số hồ sơ", blank, blank over "Tổng số", "Trực tuyến", "Trực tiếp")."""
    width = len(block[0])
    has_below = [[any(block[k][c] for k in range(r + 1, len(block))) for c in range(width)]
                 for r in range(len(block))]
    for r in range(len(block) - 1):
        heading = None
        for c in range(width):
            if block[r][c]:
                heading = block[r][c] if has_below[r][c] else None
            elif heading is not None and has_below[r][c]:
                block[r][c] = heading
            else:
                heading = None


def _flatten(rows: list[tuple[int, list]], merges: tuple[Merge, ...]) -> list[str | None]:
    """One name per column from the header rows: texts top to bottom, repeats dropped, joined by " - "."""
    width = max(len(cells) for _, cells in rows)
    block = [[text(c) for c in cells] + [None] * (width - len(cells)) for _, cells in rows]
    if len(block) > 1 and not _fill_merges(block, rows[0][0], merges):
        _fill_groups(block)
    names = []
    for c in range(width):
        parts: list[str] = []
        for r in range(len(block)):
            value = block[r][c]
            if value and (not parts or fold(parts[-1]) != fold(value)):
                parts.append(value)
        names.append(" - ".join(parts) or None)
    return names


def _depth(row_no: int, layout: Layout, merges: tuple[Merge, ...]) -> int:
    """How many rows the header starting at ``row_no`` has."""
    if layout.header_rows:
        return layout.header_rows
    last = row_no
    while True:  # as deep as the merged cells starting in the header reach; under a merged group, one more row
        reach = last
        for r0, c0, r1, c1 in merges:
            if row_no <= r0 <= last:
                reach = max(reach, r1 + (1 if c1 > c0 and r1 >= last else 0))
        reach = min(reach, row_no + MAX_HEADER_ROWS - 1)
        if reach == last:
            return last - row_no + 1
        last = reach


def _find_header(rows: Iterator[tuple[int, list]], layout: Layout,
                 merges: tuple[Merge, ...] = ()) -> tuple[_Header | None, Iterator[tuple[int, list]]]:
    """The header among the first rows, with the title lines above it, and the rows after it."""
    wanted = {fold(m) for m in layout.markers}
    buffered = list(islice(rows, HEADER_SEARCH_ROWS + MAX_HEADER_ROWS))
    titles = []
    for index, (row_no, cells) in enumerate(buffered):
        if row_no > HEADER_SEARCH_ROWS:
            break
        texts = [text(c) for c in cells]
        if sum(1 for t in texts if t) > 1:  # a header has several columns; a title line one cell
            depth = _depth(row_no, layout, merges)
            block = buffered[index: index + depth]
            names = _flatten(block, merges) if depth > 1 else texts
            found = {fold(n) for n in names if n}
            if depth > 1:  # a marker may also be the text of one header cell
                found |= {fold(t) for _, cells_ in block for t in map(text, cells_) if t}
            if wanted <= found:
                rest = chain(buffered[index + len(block):], rows)
                header = _Header(row_no, block[-1][0], names, titles)
                return header, _after_header(rest)
        if any(texts):
            titles.append(" ".join(t for t in texts if t))
    return None, iter(())


def _after_header(rows: Iterator[tuple[int, list]]) -> Iterator[tuple[int, list]]:
    """The rows after the header, without a row that numbers the columns right under it."""
    first = next(rows, None)
    if first is not None and not _numbers_columns(first[1]):
        yield first
    yield from rows


@dataclass(frozen=True)
class _Head:
    rows: tuple[tuple[int, list], ...]
    merges: tuple[Merge, ...]
    encoding: str | None


def _head(path: Path | str) -> _Head:
    """The rows that may hold the header, read once per file version: sniffing each format and reading
    the metadata then cost one pass over the file, not one each (an .xlsx sheet is loaded whole)."""
    path = Path(path)
    stat = path.stat()
    return _head_of_version(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _head_of_version(path: Path, mtime_ns: int, size: int) -> _Head:
    sheet = open_sheet(path)
    with closing(sheet.rows) as rows:
        return _Head(tuple(islice(rows, HEADER_SEARCH_ROWS + MAX_HEADER_ROWS)), sheet.merges, sheet.encoding)


def has_header(path: Path | str, layout: Layout) -> bool:
    """True when the file has a spreadsheet extension and a header with the layout's markers."""
    if Path(path).suffix.lower() not in EXTENSIONS:
        return False
    head = _head(path)
    return _find_header(iter(head.rows), layout, head.merges)[0] is not None


_DAY = r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})"
_PERIOD = re.compile(rf"từ\s*(?:ngày\s*)?{_DAY}\s*(?:đến|tới|-|–)\s*(?:ngày\s*)?{_DAY}")
_MONTH = re.compile(r"tháng\s*(\d{1,2})\s*[/.-]\s*(\d{4})")


def parse_period(line: str) -> tuple[str, str] | None:
    """The period a title line states: "(Từ ngày 15/12/2023 đến ngày 14/12/2024)", "Từ 01/01/2024 - 31/03/2024",
    "Tháng 01/2024"; as ISO dates (from, to), or None."""
    key = fold(line)
    match = _PERIOD.search(key)
    try:
        if match:
            d1, m1, y1, d2, m2, y2 = map(int, match.groups())
            return dt.date(y1, m1, d1).isoformat(), dt.date(y2, m2, d2).isoformat()
        match = _MONTH.search(key)
        if match:
            month, year = map(int, match.groups())
            first = dt.date(year, month, 1)
            last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
            return first.isoformat(), last.isoformat()
    except ValueError:
        return None
    return None


def read_metadata(path: Path | str, layout: Layout) -> dict:
    """The title rows and the period they state; ``bang_ma`` when a CSV file was not UTF-8/UTF-16."""
    head = _head(path)
    header, _ = _find_header(iter(head.rows), layout, head.merges)
    titles = header.titles if header else []
    meta: dict = {"tu_ngay": None, "den_ngay": None, "tieu_de": titles}
    for line in titles:
        period = parse_period(line)
        if period:
            meta["tu_ngay"], meta["den_ngay"] = period
            break
    if head.encoding in encodings.LEGACY:
        meta["bang_ma"] = encodings.LABELS[head.encoding]
    if layout.source:
        meta["bo_cuc"] = layout.source
    return meta


# --- records ------------------------------------------------------------------------------------

def _is_ratio(header: str) -> bool:
    """A column whose total row holds a ratio or an average, not a sum ("Tỷ lệ (%)", "Bình quân")."""
    key = fold(header)
    return "%" in key or any(word in key for word in ("tỷ lệ", "tỉ lệ", "bình quân", "trung bình"))


class _Totals:
    """Sums of the numeric columns of the data rows, to check "Tổng cộng" rows against."""

    def __init__(self, columns: list[tuple[int, str]]):
        self.columns = columns  # (cell index, header as written)
        self.sums = {i: Decimal(0) for i, _ in columns}
        self.unsure: set[int] = set()  # a value that is not a number: that column cannot be checked

    def add(self, cells: list, record: dict, plan_columns: dict[int, str]) -> None:
        for index, _ in self.columns:
            value = record[plan_columns[index]]
            if value is not None:
                try:
                    self.sums[index] += Decimal(value)
                except InvalidOperation:
                    self.unsure.add(index)

    def check(self, path: Path | str, row_no: int, cells: list) -> None:
        wrong = []
        for index, header in self.columns:
            if index in self.unsure or index >= len(cells):
                continue
            stated = number(cells[index])
            if stated is None:
                continue
            try:
                expected = Decimal(stated)
            except InvalidOperation:
                continue
            if expected != self.sums[index]:
                got = format(self.sums[index].normalize(), "f")
                wrong.append(f"{header}: dòng tổng ghi {stated}, cộng các dòng dữ liệu được {got}")
        if wrong:
            raise SourceError(path, "dòng tổng cộng không khớp với dữ liệu (tệp có thể thiếu hoặc thừa dòng): "
                                    + "; ".join(wrong), row=row_no)


def _fill_down(merges: tuple[Merge, ...], after_row: int) -> dict[int, list[tuple[int, int]]]:
    """Data cells merged over several rows: first row → [(column, last row)]."""
    fills: dict[int, list[tuple[int, int]]] = {}
    for r0, c0, r1, c1 in merges:
        if r0 > after_row and r1 > r0:
            fills.setdefault(r0, []).append((c0, r1))
    return fills


def read_records(path: Path | str, layout: Layout) -> Iterator[dict[str, str | None]]:
    """Yield one canonical record per data row: ``row_no``, the layout's columns, and ``extra`` if kept.

    Raises SourceError when no header is found, a column of the layout is missing, or a total row does
    not match the data rows.
    """
    sheet = open_sheet(path)
    header, rows = _find_header(sheet.rows, layout, sheet.merges)
    if header is None:
        markers = ", ".join(layout.markers)
        raise SourceError(path, f"không tìm thấy dòng tiêu đề có cột {markers} trong {HEADER_SEARCH_ROWS} dòng đầu")
    by_key = {fold(h): spec for h, spec in (layout.fields | layout.optional).items()}
    ignored = {fold(h) for h in layout.ignored}
    plan, extra = [], []  # (index, column, converter), (index, header)
    taken = {}  # folded header of the layout -> its column number
    for index, written in enumerate(header.cells):
        key = fold(written) if written else ""
        if key in taken:  # which of the two holds the data? refuse to guess
            raise SourceError(path, f"cột {written!r} xuất hiện hai lần (cột {taken[key] + 1} và cột {index + 1})",
                              row=header.row_no)
        if key in by_key:
            plan.append((index, *by_key.pop(key)))
            taken[key] = index
        elif key not in ignored:
            extra.append((index, written or f"cột {index + 1}"))
    missing = ", ".join(h for h in layout.fields if fold(h) in by_key)
    if missing:
        where = f" (bố cục {layout.source})" if layout.source else ""
        raise SourceError(path, f"thiếu cột bắt buộc: {missing}{where}", row=header.row_no)

    plan_columns = {index: column for index, column, _ in plan}
    totals = _Totals([(index, header.cells[index] or column) for index, column, convert in plan
                      if is_numeric(convert) and not _is_ratio(header.cells[index] or column)])
    fills = _fill_down(sheet.merges, header.last_row_no)
    carry: dict[int, tuple[Any, int]] = {}  # column → (value, last row) of data cells merged downwards
    width = len(header.cells)
    for row_no, cells in rows:
        if fills or carry:
            cells = _carry_merged(row_no, list(cells), fills, carry)
        if len(cells) > 1 and _is_filled(cells[0]) and _is_filled(cells[1]):  # the usual data row: fast path
            first = cells[0]
        else:
            filled = _filled(cells)
            if len(filled) < 2:  # empty row or group row
                continue
            first = filled[0]
        if isinstance(first, str) and first.lstrip()[:1] in _TOTAL_INITIALS:
            label = fold(first)
            if _is_total(label):
                totals.check(path, row_no, cells)
                continue
            if _is_subtotal(label):
                continue
        if len(cells) < width:
            cells = cells + [None] * (width - len(cells))
        record = {"row_no": str(row_no)}
        for index, column, convert in plan:
            record[column] = convert(cells[index])
        if totals.columns:
            totals.add(cells, record, plan_columns)
        if layout.keep_extra:
            values = {h: text(cells[i]) for i, h in extra}
            values = {h: v for h, v in values.items() if v is not None}
            record["extra"] = json.dumps(values, ensure_ascii=False) if values else None
        yield record


def _carry_merged(row_no: int, cells: list, fills: dict, carry: dict) -> list:
    for column, last in fills.get(row_no, ()):
        if column < len(cells):
            carry[column] = (cells[column], last)
    for column, (value, last) in list(carry.items()):
        if row_no > last:
            del carry[column]
        elif column < len(cells):
            cells[column] = value
    return cells


def chunked(records: Iterable[dict], columns: tuple[str, ...], chunk_rows: int) -> Iterator[pd.DataFrame]:
    """Group records into canonical DataFrames of at most ``chunk_rows`` rows (one empty frame if none)."""
    if chunk_rows < 1:
        raise ValueError("chunk_rows must be at least 1")
    batch: list[dict] = []
    yielded = False
    for record in records:
        batch.append(record)
        if len(batch) == chunk_rows:
            yield frame_from_records(batch, columns)
            batch, yielded = [], True
    if batch or not yielded:
        yield frame_from_records(batch, columns)


def spreadsheet_format(name: str, kind: str, columns: tuple[str, ...], layout: Layout,
                       finish: Callable[[dict], dict] | None = None) -> SourceFormat:
    """The SourceFormat of a spreadsheet export (.xlsx, .xls or .csv) laid out as ``layout``.

    ``finish`` completes each record (e.g. a column derived from two others).
    """
    def read(path: Path, chunk_rows: int = DEFAULT_CHUNK_ROWS) -> Iterator[pd.DataFrame]:
        records = read_records(path, layout)
        return chunked(map(finish, records) if finish else records, columns, chunk_rows)

    return SourceFormat(name=name, kind=kind, extensions=EXTENSIONS, columns=columns,
                        sniff=lambda path: has_header(path, layout), read=read,
                        metadata=lambda path: read_metadata(path, layout), origin=layout.source)
