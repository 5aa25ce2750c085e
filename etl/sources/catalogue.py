"""The procedure catalogue "Danh mục TTHC" (docs/formats.md §3), .xlsx, .xls or .csv.

Every column of §3 except STT is required. Values outside the lists of §3 are passed through
unchanged for validation to quarantine.
"""
from __future__ import annotations

from etl.canonical import PROCEDURE_COLUMNS
from etl.sources.spreadsheet import Layout, choice, date, number, spreadsheet_format, text, yes_no

LEVELS = {"Cấp xã": "xa", "Cấp huyện": "huyen", "Cấp tỉnh": "tinh"}
ONLINE_LEVELS = {"Không": "khong", "Một phần": "mot_phan", "Toàn trình": "toan_trinh"}
PROCEDURE_TYPES = {"Một cửa": "0", "Liên thông": "1"}  # "Loại"

LAYOUT = Layout(
    markers=("Mã TTHC", "Mức độ DVCTT"),
    fields={
        "Mã TTHC": ("ma_tthc", text),
        "Tên thủ tục hành chính": ("ten_tthc", text),
        "Mã lĩnh vực": ("ma_linh_vuc", text),
        "Lĩnh vực": ("ten_linh_vuc", text),
        "Cấp thực hiện": ("cap_thuc_hien", choice(LEVELS)),
        "Mức độ DVCTT": ("muc_do_dvctt", choice(ONLINE_LEVELS)),
        "Loại": ("lien_thong", choice(PROCEDURE_TYPES)),
        "Thời hạn giải quyết (ngày)": ("thoi_han_ngay", number),
        "Có phí, lệ phí": ("co_phi", yes_no),
    },
    optional={"Ngày hiệu lực": ("hieu_luc_tu", date)},
    key="ma_tthc",
)


FORMAT = spreadsheet_format("procedure_catalogue", "procedure", PROCEDURE_COLUMNS, LAYOUT)
