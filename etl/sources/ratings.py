"""Per-dossier satisfaction ratings "Kết quả đánh giá mức độ hài lòng" (docs/formats.md §9), .xlsx, .xls or .csv.

One row per rating of a dossier. The level is kept as written (``muc_danh_gia``) and mapped to a 1–5 scale
(``diem_danh_gia``): Rất hài lòng 5, Hài lòng 4, Bình thường / Chấp nhận được 3, Không hài lòng 2,
Rất không hài lòng 1; the digits 1–5 are read as the scale itself. A level not in the list keeps
``diem_danh_gia`` None, and validation quarantines the row.
"""
from __future__ import annotations

import pandas as pd

from etl.normalise import CALENDAR_END, CALENDAR_START, control_characters, parse_dates
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
SATISFIED_FROM = 4  # "Hài lòng" or better counts as satisfied (../shared/domain.md §1.3, 5.4)
_LEVELS = {fold(name): score for name, score in LEVELS.items()}

LAYOUT = Layout(
    markers=("Mã hồ sơ", "Mức đánh giá"),
    fields={
        "Mã hồ sơ": ("ma_ho_so", text),
        "Ngày đánh giá": ("ngay_danh_gia", date),
        "Mức đánh giá": ("muc_danh_gia", text),
    },
    optional={"Kênh đánh giá": ("kenh_danh_gia", text)},
)


def with_score(record: dict) -> dict:
    """Complete a record with ``diem_danh_gia``, the 1–5 score of its level (None if not recognised)."""
    level = record["muc_danh_gia"]
    record["diem_danh_gia"] = None if level is None else _LEVELS.get(fold(level))
    return record


FORMAT = spreadsheet_format("dossier_rating", "rating", RATING_COLUMNS, LAYOUT, finish=with_score)

STAGING_COLUMNS: tuple[str, ...] = (
    "row_no", "ma_ho_so", "rated_at", "muc_danh_gia", "rating_score", "satisfied", "kenh_danh_gia", "row_hash",
)


def normalise(chunk: pd.DataFrame) -> pd.DataFrame:
    """Canonical text columns plus ``rated_at`` (naive local date-time), the flags validation reads
    (``ngay_danh_gia_invalid``, ``ngoai_lich``, ``muc_danh_gia_invalid``), ``rating_score``, ``satisfied``
    (score ≥ 4) and ``row_hash`` (of the canonical content)."""
    df = chunk.copy()
    parsed = parse_dates(df["ngay_danh_gia"])
    df["ngay_danh_gia_invalid"] = df["ngay_danh_gia"].notna() & parsed.isna()
    df["ngoai_lich"] = parsed.notna() & ~parsed.between(CALENDAR_START, CALENDAR_END)
    df["rated_at"] = parsed
    score = pd.to_numeric(df["diem_danh_gia"], errors="coerce").astype("Int64")
    df["muc_danh_gia_invalid"] = df["muc_danh_gia"].notna() & score.isna()
    df["rating_score"] = score
    df["satisfied"] = (score >= SATISFIED_FROM).astype(object).where(score.notna(), None)
    df["row_hash"] = pd.util.hash_pandas_object(
        chunk[[c for c in RATING_COLUMNS if c != "row_no"]], index=False).astype("int64")
    df["ky_tu_dieu_khien"] = control_characters(df, RATING_COLUMNS)
    return df
