"""Per-dossier satisfaction ratings "Kết quả đánh giá mức độ hài lòng" (docs/formats.md §9), .xlsx, .xls or .csv.

One row per rating of a dossier. The level is kept as written (``muc_danh_gia``) and mapped to a 1–5 scale
(``diem_danh_gia``): Rất hài lòng 5, Hài lòng 4, Bình thường / Chấp nhận được 3, Không hài lòng 2,
Rất không hài lòng 1; the digits 1–5 are read as the scale itself. A level not in the list keeps
``diem_danh_gia`` None, and validation quarantines the row.
"""
from __future__ import annotations

from etl.canonical import RATING_COLUMNS
from etl.sources.spreadsheet import Layout, date, spreadsheet_format, text
from etl.vi import fold

LEVELS = {
    "Rất hài lòng": "5",
    "Hài lòng": "4",
    "Bình thường": "3",
    "Chấp nhận được": "3",
    "Không hài lòng": "2",
    "Rất không hài lòng": "1",
    **{str(n): str(n) for n in range(1, 6)},
}
_LEVELS = {fold(name): score for name, score in LEVELS.items()}

LAYOUT = Layout(
    markers=("Mã hồ sơ", "Mức đánh giá"),
    fields={
        "Mã hồ sơ": ("ma_ho_so", text),
        "Ngày đánh giá": ("ngay_danh_gia", date),
        "Mức đánh giá": ("muc_danh_gia", text),
    },
    optional={"Kênh đánh giá": ("kenh_danh_gia", text)},
    key="ma_ho_so",
)


def with_score(record: dict) -> dict:
    """Complete a record with ``diem_danh_gia``, the 1–5 score of its level (None if not recognised)."""
    level = record["muc_danh_gia"]
    record["diem_danh_gia"] = None if level is None else _LEVELS.get(fold(level))
    return record


FORMAT = spreadsheet_format("dossier_rating", "rating", RATING_COLUMNS, LAYOUT, finish=with_score)
