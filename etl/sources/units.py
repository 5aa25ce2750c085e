"""The administrative unit list "Danh mục đơn vị hành chính" (docs/formats.md §4), .xlsx, .xls or .csv.

Every column of §4 except STT is required. ``loai`` is Cấp as written; ``cap`` is its level.
"Thành phố" is a province-level city when it has no parent unit and a district-level one otherwise.
"""
from __future__ import annotations

from etl.canonical import UNIT_COLUMNS
from etl.sources.spreadsheet import Layout, date, spreadsheet_format, text
from etl.vi import fold

LEVELS = {
    "tỉnh": "tinh",
    "thành phố trực thuộc trung ương": "tinh",
    "huyện": "huyen",
    "thị xã": "huyen",
    "xã": "xa",
    "phường": "xa",
    "thị trấn": "xa",
}

LAYOUT = Layout(
    markers=("Mã ĐVHC",),
    fields={
        "Mã ĐVHC": ("ma_dvhc", text),
        "Tên đơn vị": ("ten_don_vi", text),
        "Cấp": ("loai", text),
        "Mã định danh": ("ma_dinh_danh", text),
        "Mã ĐVHC cấp trên": ("ma_dvhc_cha", text),
    },
    optional={"Ngày hiệu lực": ("hieu_luc_tu", date)},
    key="ma_dinh_danh",
)


def unit_level(loai: str | None, parent: str | None) -> str | None:
    """"tinh" | "huyen" | "xa" for a kind as written; an unknown kind is passed through."""
    if loai is None:
        return None
    if fold(loai) == "thành phố":
        return "huyen" if parent else "tinh"
    return LEVELS.get(fold(loai), loai)


def with_level(record: dict) -> dict:
    """Complete a record with ``cap``, the level of its kind (also used by vendor layouts)."""
    record["cap"] = unit_level(record["loai"], record["ma_dvhc_cha"])
    return record


FORMAT = spreadsheet_format("unit_list", "unit", UNIT_COLUMNS, LAYOUT, finish=with_level)
