"""Finding the header of an export: the :class:`Layout` that identifies it, the header search among the first rows,
merged multi-row headers flattened to one name per column, the row numbering the columns under it; the title
lines above it and the period they state (:func:`period_stated`, :func:`read_metadata`).
"""
from __future__ import annotations

import datetime as dt
import re
from contextlib import closing
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain, islice
from pathlib import Path
from typing import Iterator

from etl.sources import encodings
from etl.sources.spreadsheet.sheets import EXTENSIONS, HEADER_SEARCH_ROWS, MAX_HEADER_ROWS, Merge, open_sheet
from etl.sources.spreadsheet.values import Converter, _filled, text
from etl.vi import fold


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
    key: str | None = None  # the canonical column naming a row (its code): filled alone, the row is still data


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


_COLUMN_NUMBER = re.compile(r"(?:\(?(?:\d{1,3}|[A-Za-z])\)?)(?:\s*[=+\-*/x]\s*\(?(?:\d{1,3}|[A-Za-z])\)?)*")


def _numbers_columns(cells: list) -> bool:
    """A row that only numbers the columns: "(1) | (2) | (3)=(4)+(5)", "A | B | 1 | 2"."""
    filled = _filled(cells)
    if len(filled) < max(3, len(cells) // 2):
        return False
    values = [text(c) or "" for c in filled]
    return all(_COLUMN_NUMBER.fullmatch(v) for v in values) and len(set(values)) == len(values)


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


def period_stated(line: str) -> tuple[str, str] | None:
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
        period = period_stated(line)
        if period:
            meta["tu_ngay"], meta["den_ngay"] = period
            break
    if head.encoding in encodings.LEGACY:
        meta["bang_ma"] = encodings.LABELS[head.encoding]
    if layout.source:
        meta["bo_cuc"] = layout.source
    return meta
