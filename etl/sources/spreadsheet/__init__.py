"""Shared reading of the spreadsheet exports (.xlsx, .xls, .csv): rows, header, title rows, cell values.

An export is: title rows, an optional blank row, a header of one or more rows, data rows.

* **Header.** Found by the layout's marker headers among the first :data:`HEADER_SEARCH_ROWS` rows.
  A header of several rows (merged cells, "Số hồ sơ" over "Trực tuyến | Trực tiếp") is flattened into
  one name per column, the texts from top to bottom joined by " - " ("Số hồ sơ - Trực tuyến"). Its
  depth is the layout's ``header_rows``, or, when not given, as deep as the merged cells of the
  header reach (.xlsx/.xls; a CSV header is one row unless the layout says otherwise). A row just
  under the header that only numbers the columns ("(1) | (2) | …", "A | B | 1 | 2") is skipped.
  Columns are matched by header text compared with :func:`etl.vi.fold`, so case, spacing and Unicode
  composition do not matter.
* **Title rows** above the header are kept as metadata, with the period they state
  ("(Từ ngày 15/12/2023 đến ngày 14/12/2024)", "Tháng 01/2024", see :func:`period_stated`) as
  ``tu_ngay``/``den_ngay``.
* **Data rows** may be interleaved with empty rows, group rows (one non-empty cell, e.g.
  "I. Xã Hoằng Cát"), subtotal rows ("Cộng …") and total rows ("Tổng cộng", "Tổng số"); these are
  skipped. The numeric columns of a total row are compared with the sum of the data rows above it;
  a difference is a file-level error (:class:`~etl.canonical.SourceError`): a total that does not add up
  means rows were lost, filtered or added by the export, and loading such a file would report wrong counts.
* A data cell merged over several rows (the same unit for a run of dossiers) gives its value to
  every row it covers.
* **CSV** files go through :mod:`etl.sources.encodings` (UTF-8/UTF-16/TCVN3/VNI/CP1258, NFC); the delimiter
  (``,`` ``;`` or tab) is recognised from the first rows.

The modules, by role; each imports only from those after it (rows → header → sheets → values):

* :mod:`.rows` — data rows to canonical records (:func:`read_records`, :func:`chunked`), group/subtotal/total
  rows and the total check, merged data cells carried down; :func:`spreadsheet_format`.
* :mod:`.header` — :class:`Layout`, the header search and the flattening of multi-row headers, the numbering
  row, :func:`has_header`; the title lines and their period (:func:`period_stated`, :func:`read_metadata`).
* :mod:`.sheets` — opening a file (:func:`open_sheet`, :func:`iter_rows`): .xlsx/.xls through calamine after
  the zip-bomb check, CSV through :mod:`etl.sources.encodings` with delimiter detection.
* :mod:`.values` — cell values as canonical text: the converters (:func:`text`, :func:`number`,
  :func:`yes_no`, :func:`date`, :func:`choice`, :func:`date_with`, :func:`with_values`, …).

The names below are the ones the readers (etl/sources/*.py) and the tests import from here.
"""
from __future__ import annotations

from etl.sources.spreadsheet.header import Layout, has_header, period_stated, read_metadata
from etl.sources.spreadsheet.rows import chunked, read_records, spreadsheet_format
from etl.sources.spreadsheet.sheets import (
    EXTENSIONS,
    HEADER_SEARCH_ROWS,
    MAX_HEADER_ROWS,
    MAX_UNZIPPED_BYTES,
    MAX_ZIP_RATIO,
    Merge,
    Sheet,
    check_unzipped_size,
    iter_rows,
    open_sheet,
)
from etl.sources.spreadsheet.values import (
    EXCEL_EPOCH,
    Converter,
    choice,
    date,
    date_pattern,
    date_with,
    excel_serial,
    is_numeric,
    number,
    text,
    with_values,
    yes_no,
)

__all__ = [
    "EXCEL_EPOCH", "EXTENSIONS", "HEADER_SEARCH_ROWS", "MAX_HEADER_ROWS", "MAX_UNZIPPED_BYTES", "MAX_ZIP_RATIO",
    "Converter", "Layout", "Merge", "Sheet",
    "check_unzipped_size", "choice", "chunked", "date", "date_pattern", "date_with", "excel_serial", "has_header",
    "is_numeric", "iter_rows", "number", "open_sheet", "period_stated", "read_metadata", "read_records",
    "spreadsheet_format", "text", "with_values", "yes_no",
]
