"""Opening an export: the first sheet of an .xlsx/.xls file (calamine, after the zip-bomb check), or a .csv file
in any encoding :mod:`etl.sources.encodings` knows, its delimiter recognised from the first rows; rows one at a time.
"""
from __future__ import annotations

import csv
import zipfile
from collections import Counter
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path
from typing import Iterator

from python_calamine import CalamineError, CalamineWorkbook

from etl.canonical import SourceError
from etl.sources import encodings

EXTENSIONS = (".xlsx", ".xls", ".csv")
# the header is searched for in the first rows (header.py); a CSV file's delimiter is recognised from them
HEADER_SEARCH_ROWS = 30  # the header must start within the first rows
MAX_HEADER_ROWS = 5  # a header is at most this many rows deep

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


def check_unzipped_size(path: Path) -> None:
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
        check_unzipped_size(path)
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
