"""The reorganisation of units "Danh sách sắp xếp đơn vị hành chính" (docs/formats.md §5), .xlsx, .xls or .csv."""
from __future__ import annotations

from etl.canonical import LINEAGE_COLUMNS
from etl.sources.spreadsheet import Layout, date, number, spreadsheet_format, text

LAYOUT = Layout(
    markers=("Mã ĐVHC cũ",),
    fields={
        "Mã ĐVHC cũ": ("ma_dvhc_cu", text),
        "Tên đơn vị cũ": ("ten_don_vi_cu", text),
        "Mã định danh cũ": ("ma_dinh_danh_cu", text),
        "Mã ĐVHC mới": ("ma_dvhc_moi", text),
        "Tên đơn vị mới": ("ten_don_vi_moi", text),
        "Mã định danh mới": ("ma_dinh_danh_moi", text),
        "Ngày hiệu lực": ("hieu_luc_tu", date),
        "Tỷ lệ (%)": ("ty_le", number),
        "Căn cứ": ("can_cu", text),
    },
    key="ma_dinh_danh_cu",
)

FORMAT = spreadsheet_format("unit_lineage", "lineage", LINEAGE_COLUMNS, LAYOUT)
