"""The list of citizen feedback "Danh sách phản ánh, kiến nghị (PAKN)" (docs/formats.md §8), .xlsx, .xls or .csv.

One row per PAKN. Columns the format does not know (the petition's text, the sender's name or phone) are
not read: they may hold personal data, and dw holds none.
"""
from __future__ import annotations

from etl.canonical import PETITION_COLUMNS
from etl.sources.spreadsheet import Layout, choice, date, spreadsheet_format, text

RATINGS = {"Hài lòng": "1", "Không hài lòng": "0"}  # docs/domain.md §1.3 (5.3): like / dislike

LAYOUT = Layout(
    markers=("Mã PAKN",),
    fields={
        "Mã PAKN": ("ma_pakn", text),
        "Ngày tiếp nhận": ("ngay_tiep_nhan", date),
        "Mã đơn vị xử lý": ("ma_don_vi", text),
        "Phân loại": ("phan_loai", text),
        "Hạn xử lý": ("han_xu_ly", date),
        "Ngày xử lý xong": ("ngay_xu_ly_xong", date),
        "Kết quả": ("ket_qua", text),
        "Đánh giá": ("danh_gia", choice(RATINGS)),
    },
    optional={
        "Đơn vị xử lý": ("don_vi_xu_ly", text),
        "Lĩnh vực": ("linh_vuc", text),
        "Mã hồ sơ liên quan": ("ma_ho_so", text),
    },
    key="ma_pakn",
)

FORMAT = spreadsheet_format("petition_list", "petition", PETITION_COLUMNS, LAYOUT)
