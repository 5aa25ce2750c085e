"""Biểu số 06/VPCP/KSTT (Thông tư 01/2020/TT-VPCP) as an Excel workbook, from ``ReportData.bieu06``.

Layout (domain.md §2.1): form name and legal basis top left, reporting / receiving unit top right, title,
"(Từ ngày … đến ngày …)", "Đơn vị tính", a 3-row merged header of 13 columns, a row of column numbers
(1)…(13), the lines of ``ReportData.bieu06`` (group headings I, II, III with their subtotals in bold, fields
numbered within their group, the total row last), then the note on withdrawn / stopped dossiers when there is
one. Figures are numeric cells formatted "#,##0" (Excel shows the reader's locale separators); A4 landscape,
fit to width, header rows repeated on every page.
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

from etl.reports import wording
from etl.reports.model import ReportData

FONT = "Times New Roman"
HEADER_ROW = 7  # first of the three header rows
FIRST_DATA_ROW = HEADER_ROW + 4  # after the header rows and the (1)…(13) row
NUMBER_FORMAT = "#,##0"
# (cell range, text) of the merged header: rows 7-9
HEADER = [
    ("A7:A9", "STT"),
    ("B7:B9", "Lĩnh vực, công việc giải quyết theo cấp"),
    ("C7:F7", "Số hồ sơ nhận giải quyết"),
    ("C8:C9", "Tổng số"),
    ("D8:F8", "Trong đó"),
    ("D9", "Trực tuyến"),
    ("E9", "Trực tiếp, dịch vụ bưu chính"),
    ("F9", "Từ kỳ trước"),
    ("G7:J7", "Số hồ sơ đã giải quyết"),
    ("G8:G9", "Tổng số"),
    ("H8:H9", "Trước hạn"),
    ("I8:I9", "Đúng hạn"),
    ("J8:J9", "Quá hạn"),
    ("K7:M7", "Số lượng hồ sơ đang giải quyết"),
    ("K8:K9", "Tổng số"),
    ("L8:L9", "Trong hạn"),
    ("M8:M9", "Quá hạn"),
]
WIDTHS = [6, 38, 10, 10, 13, 10, 10, 10, 10, 10, 10, 10, 10]
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _font(bold: bool = False, italic: bool = False, size: int = 12) -> Font:
    return Font(name=FONT, bold=bold, italic=italic, size=size)


def _numeric(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _line(ws, cells: str, text: str, font: Font, horizontal: str = "left") -> None:
    ws.merge_cells(cells)
    cell = ws[cells.split(":")[0]]
    _text_cell(cell, text)
    cell.font = font
    cell.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=True)


def _top(ws, data: ReportData) -> None:
    reporting, receiving = wording.bieu06_units(data)
    _line(ws, "A1:D1", wording.BIEU06_FORM, _font(bold=True))
    _line(ws, "A2:D2", wording.BIEU06_BASIS, _font(italic=True, size=11))
    _line(ws, "I1:M1", reporting, _font(bold=True))
    _line(ws, "I2:M2", receiving, _font(bold=True))
    _line(ws, "A4:M4", wording.BIEU06_TITLE, _font(bold=True, size=13), "center")
    _line(ws, "A5:M5", wording.bieu06_window(data.period), _font(italic=True), "center")
    _line(ws, "I6:M6", wording.BIEU06_UNIT, _font(italic=True, size=11), "right")
    ws.row_dimensions[4].height = 20


def _header(ws) -> None:
    for cells, text in HEADER:
        if ":" in cells:
            ws.merge_cells(cells)
        ws[cells.split(":")[0]].value = text
    for row in ws.iter_rows(min_row=HEADER_ROW, max_row=HEADER_ROW + 3, max_col=13):
        for cell in row:
            cell.font, cell.alignment, cell.border = _font(bold=cell.row < HEADER_ROW + 3), CENTRE, BOX
    for column in range(1, 14):
        cell = ws.cell(HEADER_ROW + 3, column, f"({column})")
        cell.font = _font(italic=True, size=11)
    ws.row_dimensions[HEADER_ROW + 2].height = 45


def _rows(ws, data: ReportData) -> int:
    """Writes the lines of the form (headings, fields, the total row); returns the last row written."""
    row = FIRST_DATA_ROW - 1
    for n, (number, line) in enumerate(zip(wording.bieu06_numbers(data.bieu06), data.bieu06)):
        row = FIRST_DATA_ROW + n
        ws.cell(row, 1, int(number) if number.isdigit() else number or None)
        _text_cell(ws.cell(row, 2), line.field_name)
        for column, value in enumerate(wording.bieu06_values(line), 3):
            ws.cell(row, column, _numeric(value)).number_format = NUMBER_FORMAT
        for cell in ws[row][:13]:
            cell.font, cell.border = _font(bold=line.kind != "field"), BOX
            cell.alignment = Alignment(horizontal="left" if cell.column == 2 else "center" if cell.column == 1
                                       else "right", vertical="center", wrap_text=True)
    return row


def _note(ws, data: ReportData, row: int) -> int:
    """The note under the table, when there is one; returns the last row used."""
    note = wording.bieu06_note(data)
    if note is None:
        return row - 1
    _line(ws, f"A{row}:M{row}", note, _font(italic=True, size=11))
    ws.row_dimensions[row].height = 30
    return row


def _signatures(ws, data: ReportData, row: int) -> None:
    _line(ws, f"I{row}:M{row}", wording.date_line(data.place or data.unit.name, data.issued_on),
          _font(italic=True), "center")
    _line(ws, f"A{row + 1}:D{row + 1}", "NGƯỜI LẬP BIỂU", _font(bold=True), "center")
    _line(ws, f"I{row + 1}:M{row + 1}", "THỦ TRƯỞNG ĐƠN VỊ", _font(bold=True), "center")


def _print_setup(ws, last_row: int) -> None:
    for column, width in enumerate(WIDTHS, 1):
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW + 3}"
    ws.print_area = f"A1:M{last_row}"
    ws.print_options.horizontalCentered = True
    ws.page_margins = PageMargins(left=0.6, right=0.4, top=0.6, bottom=0.6)
    ws.freeze_panes = f"C{FIRST_DATA_ROW}"


def write_bieu06_xlsx(data: ReportData, path: Path | str) -> Path:
    """Writes the Biểu 06 workbook of ``data`` to ``path`` and returns the path."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Biểu 06"
    _top(ws, data)
    _header(ws)
    last = _note(ws, data, _rows(ws, data) + 1)
    _signatures(ws, data, last + 2)
    _print_setup(ws, last + 6)
    wb.properties.title = f"{wording.BIEU06_FORM} - {data.unit.issuer} - {data.period.label}"
    wb.save(path)
    return Path(path)


def _text_cell(cell, text: str | None) -> None:
    """Text stays text: a name beginning with "=" (a field or unit name from an export) would otherwise be
    stored as a formula and run when the official opens the file."""
    cell.value = text
    if isinstance(text, str):
        cell.data_type = "s"
