"""A workbook of plain tables (the chi-tiet lists, ``etl.reports.chi_tiet_xlsx``), written with XlsxWriter in its
constant-memory mode: each row goes to the file as it is written, so a province's lists (some two million cells
for the demo's 50 000 dossiers) take a few seconds and little memory; openpyxl, which keeps every cell, took
ten times as long. What the lists need: text, numbers, dates and months (real Excel dates shown dd/mm/yyyy or
mm/yyyy), a bold shaded header row, optionally frozen with an autofilter over the table, title lines above it,
column widths and the workbook's title.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import xlsxwriter

MAX_ROWS = 1_048_576  # Excel's rows per sheet, the header included
_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # not allowed in XML 1.0 (a source's junk)


@dataclass(frozen=True)
class Month:
    """A month shown as mm/yyyy (its first day as the Excel date)."""
    first_day: date


@dataclass
class Sheet:
    """A table: ``header`` (bold, shaded), then ``rows`` of values (str, int, float, Decimal, bool, date, Month or
    None for an empty cell), read once while the file is written. ``table``: the header row frozen and an
    autofilter over the header and the rows. ``lead``: title lines written above the header (a legend)."""
    name: str
    header: Sequence[str]
    rows: Iterable[Sequence]
    widths: Sequence[float] = ()
    table: bool = True
    lead: Sequence[str] = field(default_factory=tuple)


def sheet_name(name: str) -> str:
    """A name Excel accepts: no []:*?/\\, at most 31 characters."""
    return _NAME_FORBIDDEN.sub("-", name)[:31]


def write_tables(path: Path | str, sheets: Sequence[Sheet], title: str = "") -> Path:
    """Writes ``sheets`` as one .xlsx workbook at ``path`` (each sheet's rows are read once, as they are
    written); the first sheet is the one shown when the file opens."""
    names = [sheet_name(sheet.name) for sheet in sheets]
    if len(set(names)) < len(names):
        raise ValueError(f"hai trang cùng tên: {sorted(n for n in names if names.count(n) > 1)[0]!r}")
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False,
                                           "strings_to_formulas": False, "strings_to_urls": False})
    styles = {"day": book.add_format({"num_format": "dd/mm/yyyy"}),
              "month": book.add_format({"num_format": "mm/yyyy"}),
              "header": book.add_format({"bold": True, "bg_color": "#DDEBF7", "text_wrap": True, "valign": "top"}),
              "title": book.add_format({"bold": True, "font_size": 13})}
    book.set_properties({"title": title})
    for name, sheet in zip(names, sheets):
        _write_sheet(book.add_worksheet(name), sheet, styles)
    book.close()
    return Path(path)


def _write_sheet(ws, sheet: Sheet, styles: dict) -> None:
    for column, width in enumerate(sheet.widths):
        ws.set_column(column, column, width)
    for row, line in enumerate(sheet.lead):
        ws.write_string(row, 0, _clean(line), styles["title"] if row == 0 else None)
    head = len(sheet.lead)
    for column, text in enumerate(sheet.header):
        ws.write_string(head, column, text, styles["header"])
    last = head
    for last, values in enumerate(sheet.rows, head + 1):
        if last >= MAX_ROWS:
            raise ValueError(f"trang {sheet.name}: quá {MAX_ROWS - head - 1} dòng, Excel không mở được")
        for column, value in enumerate(values):
            if value is not None:
                _write_cell(ws, last, column, value, styles)
    if sheet.table:
        ws.freeze_panes(head + 1, 0)
        ws.autofilter(head, 0, last, max(len(sheet.header) - 1, 0))


def _write_cell(ws, row: int, column: int, value, styles: dict) -> None:
    if isinstance(value, str):
        ws.write_string(row, column, _clean(value))
    elif isinstance(value, bool):
        ws.write_boolean(row, column, value)
    elif isinstance(value, (int, float)):
        ws.write_number(row, column, value)
    elif isinstance(value, Decimal):
        ws.write_number(row, column, float(value))
    elif isinstance(value, Month):
        ws.write_datetime(row, column, value.first_day, styles["month"])
    elif isinstance(value, datetime):
        ws.write_datetime(row, column, value.replace(tzinfo=None), styles["day"])
    elif isinstance(value, date):
        ws.write_datetime(row, column, value, styles["day"])
    else:
        ws.write_string(row, column, _clean(str(value)))


def _clean(text: str) -> str:
    return _INVALID_XML.sub("", text) if _INVALID_XML.search(text) else text
