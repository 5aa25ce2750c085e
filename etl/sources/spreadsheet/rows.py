"""The data rows of an export as canonical records: group, subtotal and total rows skipped, total rows checked
against the data rows above them, merged data cells carried down; :func:`read_records`, :func:`chunked` and
:func:`spreadsheet_format`, the SourceFormat of a spreadsheet export.
"""
from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import pandas as pd

from etl.canonical import DEFAULT_CHUNK_ROWS, SourceError, frame_from_records
from etl.sources.format import SourceFormat
from etl.sources.spreadsheet.header import Layout, _find_header, has_header, read_metadata
from etl.sources.spreadsheet.sheets import EXTENSIONS, HEADER_SEARCH_ROWS, Merge, open_sheet
from etl.sources.spreadsheet.values import _filled, _is_filled, is_numeric, number, text
from etl.vi import fold

_TOTAL_INITIALS = frozenset("tTcC")  # of "Tổng cộng", "Tổng số", "Cộng"


def _is_subtotal(label: str) -> bool:
    return label.startswith("cộng")


def _is_total(label: str) -> bool:
    return label.startswith(("tổng cộng", "tổng số")) or label in ("tổng", "tổng:")


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
    key_index = next((index for index, column in plan_columns.items() if column == layout.key), None)
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
            if len(filled) < 2 and not _only_a_code(cells, key_index):  # empty row or group row
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


def _only_a_code(cells: list, key_index: int | None) -> bool:
    """A row whose one filled cell is a code (no blank inside) in the layout's key column ("Mã hồ sơ"): a data
    row with the other fields missing, to be read and quarantined, not a group row ("I. Xã Hoằng Cát") to skip."""
    if key_index is None or key_index >= len(cells) or not _is_filled(cells[key_index]):
        return False
    code = text(cells[key_index])
    return code is not None and not any(c.isspace() for c in code)


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
