"""Shared reading of the spreadsheet exports (.xlsx, .csv): rows, header row, title rows, cell values.

An export is: title rows, an optional blank row, one header row, data rows. Data rows may be
interleaved with empty rows, group rows (one non-empty cell, e.g. "I. Xã Hoằng Cát") and a
"Tổng cộng" total row; these are skipped. Columns are matched by header text compared with
:func:`fold`, so case, spacing and Unicode composition do not matter.
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import re
import unicodedata
from contextlib import closing
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import pandas as pd
from python_calamine import CalamineError, CalamineWorkbook

from etl.sources.base import (
    CANONICAL_DATE_FORMAT,
    DEFAULT_CHUNK_ROWS,
    SourceError,
    SourceFormat,
    frame_from_records,
)

EXTENSIONS = (".xlsx", ".csv")
HEADER_SEARCH_ROWS = 30  # the header row must be within the first rows

Converter = Callable[[Any], "str | None"]


# --- cell values -------------------------------------------------------------------------------

@lru_cache(maxsize=4096)  # the same few names repeat on every row
def fold(value: str) -> str:
    """The form in which headers and names are compared: NFC, single spaces, casefolded."""
    return " ".join(unicodedata.normalize("NFC", value).split()).casefold()


def _number_text(value: int | float) -> str:
    return str(value) if isinstance(value, int) else format(Decimal(repr(value)).normalize(), "f")


def text(value: Any) -> str | None:
    """Any cell as canonical text: NFC and stripped, None when empty.

    Numeric cells lose a spurious ".0" (a code typed as the number 399 gives "399"), date-time
    cells become ``yyyyMMddHHmmss``, booleans "1"/"0".
    """
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value).strip() or None
    if value is None:
        return None
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
    """A date-time cell or "dd/mm/yyyy[ HH:MM[:SS]]" text as ``yyyyMMddHHmmss``; other text unchanged."""
    t = text(value)
    match = _VI_DATE.fullmatch(t or "")
    if not match:
        return t
    day, month, year, hour, minute, second = (int(p or 0) for p in match.groups())
    try:
        return dt.datetime(year, month, day, hour, minute, second).strftime(CANONICAL_DATE_FORMAT)
    except ValueError:
        return t


def choice(names: dict[str, str]) -> Converter:
    """A converter from the given names (compared with :func:`fold`) to codes; other text unchanged."""
    table = {fold(name): code for name, code in names.items()}

    def convert(value: Any) -> str | None:
        t = text(value)
        return None if t is None else table.get(fold(t), t)

    return convert


# --- rows ---------------------------------------------------------------------------------------

def iter_rows(path: Path | str) -> Iterator[tuple[int, list]]:
    """Yield ``(row number, cells)`` of an .xlsx file's first sheet or of a UTF-8 .csv file.

    Rows are produced one at a time; for .xlsx, calamine still holds the whole sheet in memory.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _xlsx_rows(path)
    if suffix == ".csv":
        return _csv_rows(path)
    raise SourceError(path, f"không đọc được tệp {suffix or 'không có phần mở rộng'}: chỉ hỗ trợ .xlsx, .csv")


def _xlsx_rows(path: Path) -> Iterator[tuple[int, list]]:
    try:
        with CalamineWorkbook.from_path(path) as workbook:
            # iter_rows starts at the sheet's first row even when it is empty, so the index is the row number
            yield from enumerate(workbook.get_sheet_by_index(0).iter_rows(), 1)
    except CalamineError as error:
        raise SourceError(path, f"không đọc được tệp Excel: {error}") from None


def _csv_rows(path: Path) -> Iterator[tuple[int, list]]:
    with open(path, encoding="utf-8-sig", newline="") as stream:
        reader = csv.reader(stream)
        try:
            yield from enumerate(reader, 1)
        except UnicodeDecodeError:
            message = "tệp không phải UTF-8 (hãy lưu lại dạng CSV UTF-8)"
            raise SourceError(path, message, row=_first_non_utf8_line(path)) from None
        except csv.Error as error:
            raise SourceError(path, f"tệp CSV lỗi: {error}", row=reader.line_num) from None


def _first_non_utf8_line(path: Path) -> int | None:
    """The 1-based line holding the first bytes that are not UTF-8 (decoding runs ahead of the csv reader)."""
    with open(path, "rb") as stream:
        for line_no, line in enumerate(stream, 1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                return line_no
    return None


def _skipped(cells: list) -> bool:
    """Empty rows, group rows (one non-empty cell) and total rows ("Tổng cộng" first)."""
    filled = (c for c in cells if c is not None and c != "" and (not isinstance(c, str) or c.strip()))
    first, second = next(filled, None), next(filled, None)
    return second is None or (isinstance(first, str) and fold(first).startswith("tổng cộng"))


# --- header row and title rows ----------------------------------------------------------------

@dataclass(frozen=True)
class Layout:
    """A spreadsheet format: the headers that mark its header row and how each column is converted."""

    markers: tuple[str, ...]  # headers that together identify the header row
    fields: dict[str, tuple[str, Converter]]  # header → (canonical column, converter); all required
    optional: dict[str, tuple[str, Converter]] = field(default_factory=dict)  # may be absent: column None
    ignored: tuple[str, ...] = ("STT",)  # headers read by nobody
    keep_extra: bool = False  # put unknown columns in "extra" as JSON text


@dataclass(frozen=True)
class _Header:
    row_no: int
    cells: list[str | None]
    titles: list[str]


def _find_header(rows: Iterator[tuple[int, list]], markers: tuple[str, ...]) -> _Header | None:
    """The header row among the first rows, with the title lines above it; consumes ``rows`` up to it."""
    wanted = {fold(m) for m in markers}
    titles = []
    for row_no, cells in rows:
        if row_no > HEADER_SEARCH_ROWS:
            return None
        texts = [text(c) for c in cells]
        if wanted <= {fold(t) for t in texts if t}:
            return _Header(row_no, texts, titles)
        filled = [t for t in texts if t]
        if filled:
            titles.append(" ".join(filled))
    return None


def _head(path: Path | str) -> tuple[tuple[int, list], ...]:
    """The rows that may hold the header, read once per file version: sniffing each format and reading
    the metadata then cost one pass over the file, not one each (an .xlsx sheet is loaded whole)."""
    path = Path(path)
    stat = path.stat()
    return _head_of_version(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _head_of_version(path: Path, mtime_ns: int, size: int) -> tuple[tuple[int, list], ...]:
    with closing(iter_rows(path)) as rows:
        return tuple(islice(rows, HEADER_SEARCH_ROWS))


def has_header(path: Path | str, layout: Layout) -> bool:
    """True when the file has a spreadsheet extension and a header row with the layout's markers."""
    if Path(path).suffix.lower() not in EXTENSIONS:
        return False
    return _find_header(iter(_head(path)), layout.markers) is not None


_PERIOD = re.compile(r"từ ngày\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*đến ngày\s*(\d{1,2})/(\d{1,2})/(\d{4})")


def read_metadata(path: Path | str, layout: Layout) -> dict:
    """The title rows and the "(Từ ngày dd/mm/yyyy đến ngày dd/mm/yyyy)" period they state."""
    header = _find_header(iter(_head(path)), layout.markers)
    titles = header.titles if header else []
    meta = {"tu_ngay": None, "den_ngay": None, "tieu_de": titles}
    for line in titles:
        match = _PERIOD.search(fold(line))
        if match:
            d1, m1, y1, d2, m2, y2 = match.groups()
            meta["tu_ngay"] = f"{y1}-{int(m1):02d}-{int(d1):02d}"
            meta["den_ngay"] = f"{y2}-{int(m2):02d}-{int(d2):02d}"
            break
    return meta


# --- records ------------------------------------------------------------------------------------

def read_records(path: Path | str, layout: Layout) -> Iterator[dict[str, str | None]]:
    """Yield one canonical record per data row: ``row_no``, the layout's columns, and ``extra`` if kept.

    Raises SourceError when no header row is found or a column of the layout is missing.
    """
    rows = iter_rows(path)
    header = _find_header(rows, layout.markers)
    if header is None:
        markers = ", ".join(layout.markers)
        raise SourceError(path, f"không tìm thấy dòng tiêu đề có cột {markers} trong {HEADER_SEARCH_ROWS} dòng đầu")
    by_key = {fold(h): spec for h, spec in (layout.fields | layout.optional).items()}
    ignored = {fold(h) for h in layout.ignored}
    plan, extra = [], []  # (index, column, converter), (index, header)
    for index, written in enumerate(header.cells):
        key = fold(written) if written else ""
        if key in by_key:
            plan.append((index, *by_key.pop(key)))
        elif key not in ignored:
            extra.append((index, written or f"cột {index + 1}"))
    missing = ", ".join(h for h in layout.fields if fold(h) in by_key)
    if missing:
        raise SourceError(path, f"thiếu cột bắt buộc: {missing}", row=header.row_no)

    for row_no, cells in rows:
        if _skipped(cells):
            continue
        cells = cells + [None] * (len(header.cells) - len(cells))
        record = {"row_no": str(row_no)}
        for index, column, convert in plan:
            record[column] = convert(cells[index])
        if layout.keep_extra:
            values = {h: text(cells[i]) for i, h in extra}
            values = {h: v for h, v in values.items() if v is not None}
            record["extra"] = json.dumps(values, ensure_ascii=False) if values else None
        yield record


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
    """The SourceFormat of a spreadsheet export (.xlsx or .csv) laid out as ``layout``.

    ``finish`` completes each record (e.g. a column derived from two others).
    """
    def read(path: Path, chunk_rows: int = DEFAULT_CHUNK_ROWS) -> Iterator[pd.DataFrame]:
        records = read_records(path, layout)
        return chunked(map(finish, records) if finish else records, columns, chunk_rows)

    return SourceFormat(name=name, kind=kind, extensions=EXTENSIONS, columns=columns,
                        sniff=lambda path: has_header(path, layout), read=read,
                        metadata=lambda path: read_metadata(path, layout))
