"""The code lists of a dossier, as the national standard numbers them (docs/domain.md §3.2).

One place for the names: the listing reader turns names into codes with them, the sample generator writes
names from codes, and a test checks that ``dw.dim_status`` (created by the first migration) says the same.
"""
from __future__ import annotations

STATUSES: dict[int, str] = {  # TrangThaiHoSo
    1: "Mới đăng ký",
    2: "Được tiếp nhận",
    3: "Không được tiếp nhận",
    4: "Đang xử lý",
    5: "Yêu cầu bổ sung giấy tờ",
    6: "Yêu cầu thực hiện nghĩa vụ tài chính",
    7: "Công dân yêu cầu rút hồ sơ",
    8: "Dừng xử lý",
    9: "Đã xử lý xong",
    10: "Đã trả kết quả",
}
FINAL_STATUSES = frozenset({3, 7, 8, 9, 10})  # processing has ended
RESOLVED_STATUSES = frozenset({9, 10})  # a result was produced: timeliness is judged

CHANNELS: dict[int, str] = {1: "Trực tiếp", 2: "Trực tuyến", 3: "Bưu chính công ích"}  # KenhThucHien
APPLICANT_TYPES: dict[int, str] = {1: "Công dân", 2: "Doanh nghiệp"}  # LoaiDoiTuong
