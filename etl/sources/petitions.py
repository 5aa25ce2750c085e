"""The list of citizen feedback "Danh sách phản ánh, kiến nghị (PAKN)" (docs/formats.md §8), .xlsx, .xls or .csv.

One row per PAKN. Columns the format does not know (the petition's text, the sender's name or phone) are
not read: they may hold personal data, and dw holds none. ``normalise`` turns a canonical chunk into the
staging layout (typed dates, the satisfaction flag, a row hash); nothing here touches the database.
"""
from __future__ import annotations

import pandas as pd

from etl.normalise import CALENDAR_END, CALENDAR_START, control_characters, parse_dates
from etl.canonical import PETITION_COLUMNS
from etl.sources.spreadsheet import Layout, choice, date, spreadsheet_format, text

RATINGS = {"Hài lòng": "1", "Không hài lòng": "0"}  # ../shared/domain.md §1.3 (5.3): like / dislike

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
)

FORMAT = spreadsheet_format("petition_list", "petition", PETITION_COLUMNS, LAYOUT)

STAGING_COLUMNS: tuple[str, ...] = (
    "row_no", "ma_pakn", "ma_don_vi", "don_vi_xu_ly", "phan_loai", "linh_vuc", "ket_qua", "danh_gia",
    "satisfied", "ma_ho_so", "received_at", "due_at", "handled_at", "source_event_at", "row_hash",
)
DATES = {"ngay_tiep_nhan": "received_at", "han_xu_ly": "due_at", "ngay_xu_ly_xong": "handled_at"}


def normalise(chunk: pd.DataFrame) -> pd.DataFrame:
    """Canonical text columns (kept, for validation and quarantine) plus typed and derived ones:
    received_at / due_at / handled_at (naive local date-times), an ``_invalid`` flag per date, ``ngoai_lich``
    when a date is outside dw.dim_date, ``satisfied`` (True / False / None = not rated), ``source_event_at``
    (the latest of receipt and handling) and ``row_hash`` (of the canonical content)."""
    df = chunk.copy()
    out_of_calendar = pd.Series(False, index=df.index)
    for column, typed in DATES.items():
        parsed = parse_dates(df[column])
        df[f"{column}_invalid"] = df[column].notna() & parsed.isna()
        df[typed] = parsed
        out_of_calendar |= parsed.notna() & ~parsed.between(CALENDAR_START, CALENDAR_END)
    df["ngoai_lich"] = out_of_calendar
    df["satisfied"] = df["danh_gia"].map({"1": True, "0": False}).astype(object)
    df["satisfied"] = df["satisfied"].where(df["satisfied"].notna(), None)
    df["source_event_at"] = df[["received_at", "handled_at"]].max(axis=1)
    df["row_hash"] = pd.util.hash_pandas_object(
        chunk[[c for c in PETITION_COLUMNS if c != "row_no"]], index=False).astype("int64")
    df["ky_tu_dieu_khien"] = control_characters(df, PETITION_COLUMNS)
    return df
