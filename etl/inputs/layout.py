"""Where everything sits in the fill-in workbook (docs/formats.md §11): sheet names, header texts, keys, rows and
columns. The template writer (etl/inputs/template.py) and the reader (etl/sources/report_inputs.py) both follow
these constants, so the two cannot drift apart.
"""
from __future__ import annotations

from etl.files import safe_name
from etl.inputs.catalogue import Catalogue, InputList

TEMPLATE_NAME = "phieu_so_lieu_cchc"  # the value of the key "mau"
TITLE = "PHIẾU SỐ LIỆU BÁO CÁO CÔNG TÁC CẢI CÁCH HÀNH CHÍNH"  # A1 of INFO_SHEET, what the reader recognises
CARRIED_NOTE = "Lấy từ kỳ trước — cần kiểm tra"  # column "Ghi chú" of a pre-filled row

GUIDE_SHEET = "Hướng dẫn"
INFO_SHEET = "Thông tin phiếu"
VALUES_SHEET = "Số liệu"
FIGURES_SHEET = "Số liệu từ hệ thống"  # read-only, ignored by the reader

# "Thông tin phiếu": from row INFO_FIRST_ROW, one key a row in this order; A label, B value, C key (hidden).
INFO_FIRST_ROW = 3
INFO_LABEL_COLUMN, INFO_VALUE_COLUMN, INFO_KEY_COLUMN = 1, 2, 3
INFO_KEYS: tuple[tuple[str, str], ...] = (
    ("mau", "Mẫu phiếu"),
    ("phien_ban", "Phiên bản mẫu"),
    ("ma_don_vi", "Mã đơn vị"),
    ("ten_don_vi", "Tên đơn vị"),
    ("ky_bao_cao", "Mã kỳ báo cáo"),
    ("ten_ky", "Kỳ báo cáo"),
    ("tu_ngay", "Từ ngày"),
    ("den_ngay", "Đến ngày (ngày chốt số liệu)"),
    ("nguoi_lap", "Người lập phiếu"),
    ("dien_thoai", "Điện thoại"),
    ("ngay_lap", "Ngày lập phiếu"),
)
INFO_FILL_KEYS = ("nguoi_lap", "dien_thoai", "ngay_lap")  # the only cells of INFO_SHEET the unit fills


def info_row(key: str) -> int:
    """The row of ``key`` on INFO_SHEET."""
    return INFO_FIRST_ROW + [k for k, _ in INFO_KEYS].index(key)


# "Số liệu": title in row 1, header in row VALUES_HEADER_ROW, then per section a heading row (A section code,
# B empty, C title) followed by one row per item (A section, B item code, C label, D unit, E value, F help, G note).
VALUES_HEADER_ROW = 3
VALUES_FIRST_ROW = 4
VALUES_HEADER = ("Mục", "Mã", "Nội dung", "Đơn vị tính", "Giá trị", "Hướng dẫn", "Ghi chú")
(SECTION_COLUMN, CODE_COLUMN, LABEL_COLUMN, UNIT_COLUMN, VALUE_COLUMN, HELP_COLUMN,
 NOTE_COLUMN) = range(1, len(VALUES_HEADER) + 1)


def item_rows(catalogue: Catalogue) -> dict[str, int]:
    """The row of every item on VALUES_SHEET, as the template writes them (each section's heading takes a row).
    A reader should still find items by their code in column B: a row an official inserted moves the rest."""
    rows, row = {}, VALUES_FIRST_ROW
    for section in catalogue.sections:
        row += 1  # the heading
        for item in section.items:
            rows[item.code] = row
            row += 1
    return rows


def section_rows(catalogue: Catalogue) -> dict[str, int]:
    """The heading row of every section on VALUES_SHEET."""
    rows, row = {}, VALUES_FIRST_ROW
    for section in catalogue.sections:
        rows[section.code] = row
        row += 1 + len(section.items)
    return rows


# List sheets (named by the catalogue's `sheet`): title in row 1, header in row LIST_HEADER_ROW: "STT", the
# columns' labels in catalogue order, then "Ghi chú"; LIST_ROWS fillable rows from LIST_FIRST_ROW.
LIST_HEADER_ROW = 3
LIST_FIRST_ROW = 4
LIST_ROWS = 200
LIST_NUMBER_HEADER = "STT"
LIST_NOTE_HEADER = "Ghi chú"


def list_header(input_list: InputList) -> tuple[str, ...]:
    """The header row of the list's sheet."""
    return (LIST_NUMBER_HEADER, *(column.label for column in input_list.columns), LIST_NOTE_HEADER)


def list_columns(input_list: InputList) -> dict[str, int]:
    """The sheet column of each of the list's columns (column A is STT)."""
    return {column.code: index for index, column in enumerate(input_list.columns, start=2)}


def list_note_column(input_list: InputList) -> int:
    return len(input_list.columns) + 2


def file_name(unit_code: str, period_code: str) -> str:
    """``phieu-so-lieu_000.21.20.H56_nam-2025.xlsx``: the name ``cchc template`` gives a workbook."""
    return safe_name(f"phieu-so-lieu_{unit_code}_{period_code}.xlsx")
