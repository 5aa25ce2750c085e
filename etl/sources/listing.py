"""The provincial dossier listing "Danh sách hồ sơ" (docs/formats.md §2), .xlsx, .xls or .csv.

Every column of §2 except STT is required; columns the format does not know go to ``extra`` as JSON
text. The listing has no applicant ID number, supplement waiting days or payment gateway, so
``so_giay_to`` and ``ngay_cho_bo_sung`` are None and "Thanh toán trực tuyến: Có" becomes "3" (gateway unknown).
"""
from __future__ import annotations

from etl import codes
from etl.canonical import DOSSIER_COLUMNS
from etl.sources.spreadsheet import Layout, choice, date, number, spreadsheet_format, text, yes_no

# name as written -> code (etl/codes.py)
CHANNELS = {name: str(code) for code, name in codes.CHANNELS.items()}
APPLICANT_TYPES = {name: str(code) for code, name in codes.APPLICANT_TYPES.items()}
STATUSES = {name: str(code) for code, name in codes.STATUSES.items()}


def paid_online(value) -> str | None:
    """"Có" -> "3": paid online, but the listing does not say through which gateway."""
    flag = yes_no(value)
    return "3" if flag == "1" else flag


LAYOUT = Layout(
    markers=("Mã hồ sơ",),
    fields={
        "Mã hồ sơ": ("ma_ho_so", text),
        "Mã TTHC": ("ma_tthc", text),
        "Tên thủ tục hành chính": ("ten_tthc", text),
        "Mã lĩnh vực": ("ma_linh_vuc", text),
        "Lĩnh vực": ("ten_linh_vuc", text),
        "Mã đơn vị": ("ma_don_vi", text),
        "Đơn vị xử lý": ("don_vi_xu_ly", text),
        "Chủ hồ sơ": ("chu_ho_so", text),
        "Số điện thoại": ("so_dien_thoai", text),
        "Email": ("email", text),
        "Đối tượng": ("loai_doi_tuong", choice(APPLICANT_TYPES)),
        "Kênh nộp": ("kenh_thuc_hien", choice(CHANNELS)),
        "Ngày nộp": ("ngay_nop_ho_so", date),
        "Ngày tiếp nhận": ("ngay_tiep_nhan", date),
        "Ngày hẹn trả": ("ngay_hen_tra", date),
        "Ngày kết thúc xử lý": ("ngay_ket_thuc_xu_ly", date),
        "Ngày trả kết quả": ("ngay_tra", date),
        "Trạng thái": ("trang_thai_ho_so", choice(STATUSES)),
        "Phí, lệ phí (đồng)": ("phi_le_phi", number),
        "Thanh toán trực tuyến": ("duoc_thanh_toan_truc_tuyen", paid_online),
        "Trả kết quả qua BCCI": ("hinh_thuc", yes_no),
        "Số hóa thành phần": ("so_hoa_thanh_phan", yes_no),
        "Kết quả điện tử": ("ket_qua_dien_tu", yes_no),
        "Số lần bổ sung": ("so_lan_bo_sung", number),
    },
    keep_extra=True,
    key="ma_ho_so",
)


FORMAT = spreadsheet_format("dossier_listing", "dossier", DOSSIER_COLUMNS, LAYOUT)
