"""Pure transforms: a canonical dossier chunk (text) -> the typed, derived staging layout.

Nothing here touches the database, so every rule is tested on tiny frames.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from etl.canonical import (CANONICAL_DATE_FORMAT, DATE_COLUMNS, DOSSIER_COLUMNS, LINEAGE_COLUMNS, PROCEDURE_COLUMNS,
                              UNIT_COLUMNS)

CALENDAR_START, CALENDAR_END = pd.Timestamp("2015-01-01"), pd.Timestamp("2035-12-31 23:59:59")  # dw.dim_date
RESOLVED_STATUSES = {9, 10}  # a result was produced: timeliness is judged
STAGING_COLUMNS: tuple[str, ...] = (
    "row_no", "ma_ho_so", "ma_tthc", "ten_tthc", "ma_linh_vuc", "ten_linh_vuc", "ma_don_vi", "don_vi_xu_ly",
    "channel_code", "channel_given", "applicant_type", "chu_ho_so", "so_dien_thoai", "email", "so_giay_to",
    "submitted_at", "received_at", "due_at", "finished_at", "returned_at", "status_code", "timeliness",
    "days_taken", "fee_amount", "has_fee", "paid_online", "payment_gateway", "returned_by_post",
    "digitised_input", "electronic_result", "supplement_count", "supplement_wait_days", "source_event_at",
    "row_hash", "extra",
)


# NUL (PostgreSQL cannot store it), the other C0 controls but tab/newline/return, DEL, and the bidirectional
# overrides that make text display other than it reads
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def control_characters(frame: pd.DataFrame, columns) -> pd.Series:
    """True for the rows with a control character in any of ``columns`` (text): the ``ky_tu_dieu_khien`` flag
    every kind's normalisation adds and every row suite checks. One search over the whole chunk first:
    clean chunks, the usual case, cost one pass."""
    text = frame[[c for c in columns if c in frame]]
    values = [v for v in text.to_numpy(dtype=object).ravel() if isinstance(v, str)]
    if not CONTROL_CHARACTERS.search("\n".join(values)):
        return pd.Series(False, index=frame.index)
    return text.apply(lambda column: column.map(
        lambda v: isinstance(v, str) and CONTROL_CHARACTERS.search(v) is not None)).any(axis=1)


def parse_dates(text: pd.Series) -> pd.Series:
    """``yyyyMMddHHmmss`` text -> naive local datetimes; anything else -> NaT."""
    exact = text.where(text.str.fullmatch(r"\d{14}", na=False))
    return pd.to_datetime(exact, format=CANONICAL_DATE_FORMAT, errors="coerce")


def _int(text: pd.Series) -> pd.Series:
    return pd.to_numeric(text, errors="coerce").astype("Int64")


def _number(text: pd.Series) -> pd.Series:
    return pd.to_numeric(text, errors="coerce")


def normalise_dossiers(chunk: pd.DataFrame) -> pd.DataFrame:
    """Canonical text columns (kept, for validation and quarantine) plus typed and derived columns.

    Derived rules (../shared/domain.md §1.3, §6.1):
    * received_at = NgayTiepNhan, falling back to NgayNopHoSo;
    * channel: KenhThucHien null counts as trực tiếp (1), ``channel_given`` records that it was null;
    * finished_at = NgayKetThucXuLy, falling back to NgayTra for statuses 9/10;
    * timeliness (statuses 9/10 with a due date), compared by local calendar day:
      finished before the due day = trước hạn, on it = đúng hạn, after it = quá hạn;
    * paid online = DuocThanhToanTrucTuyen 1 (DVCQG) or 2 (provincial gateway), or 3 (a listing's "Có",
      which does not say which gateway: payment_gateway stays empty).
    """
    df = chunk.copy()
    parsed = {column: parse_dates(df[column]) for column in DATE_COLUMNS}
    for column in DATE_COLUMNS:
        df[f"{column}_invalid"] = df[column].notna() & parsed[column].isna()
    df["thieu_ngay_tiep_nhan"] = df["ngay_tiep_nhan"].isna() & df["ngay_nop_ho_so"].isna()

    status = _int(df["trang_thai_ho_so"])
    channel = _int(df["kenh_thuc_hien"])
    df["status_code"] = status
    df["channel_given"] = channel.notna()
    df["channel_code"] = channel.fillna(1)
    df["applicant_type"] = _int(df["loai_doi_tuong"])

    df["submitted_at"] = parsed["ngay_nop_ho_so"]
    df["received_at"] = parsed["ngay_tiep_nhan"].fillna(parsed["ngay_nop_ho_so"])
    df["due_at"] = parsed["ngay_hen_tra"]
    df["returned_at"] = parsed["ngay_tra"]
    resolved = status.isin(RESOLVED_STATUSES).fillna(False).astype(bool)
    df["finished_at"] = parsed["ngay_ket_thuc_xu_ly"].fillna(parsed["ngay_tra"].where(resolved))

    for column in ("received_at", "due_at", "finished_at"):  # dw.dim_date covers these years only
        df[f"{column}_ngoai_lich"] = df[column].notna() & ~df[column].between(CALENDAR_START, CALENDAR_END)

    finished_day = df["finished_at"].dt.normalize()
    due_day = df["due_at"].dt.normalize()
    judged = resolved & finished_day.notna() & due_day.notna()
    df["timeliness"] = np.select(
        [judged & (finished_day < due_day), judged & (finished_day == due_day), judged & (finished_day > due_day)],
        ["truoc_han", "dung_han", "qua_han"],
        default=None,
    )
    df["timeliness"] = df["timeliness"].astype("object").where(judged, None)
    df["days_taken"] = ((df["finished_at"] - df["received_at"]).dt.total_seconds() / 86400).round(2)

    fee = _number(df["phi_le_phi"])
    df["fee_amount"] = fee
    df["phi_le_phi_invalid"] = df["phi_le_phi"].notna() & fee.isna()
    df["has_fee"] = fee.fillna(0) > 0
    gateway = _int(df["duoc_thanh_toan_truc_tuyen"])
    df["paid_online"] = gateway.isin([1, 2, 3]).fillna(False).astype(bool)
    df["payment_gateway"] = gateway.where(gateway.isin([1, 2]).fillna(False).astype(bool))
    df["returned_by_post"] = df["hinh_thuc"].eq("1").fillna(False)
    df["digitised_input"] = df["so_hoa_thanh_phan"].eq("1").fillna(False)
    df["electronic_result"] = df["ket_qua_dien_tu"].eq("1").fillna(False)
    df["supplement_count"] = _int(df["so_lan_bo_sung"]).fillna(0)
    df["supplement_wait_days"] = _number(df["ngay_cho_bo_sung"]).round(2)
    # the latest thing that happened to the dossier (the due date is a promise, not an event)
    events = [parsed[c] for c in DATE_COLUMNS if c != "ngay_hen_tra"]
    df["source_event_at"] = pd.concat(events, axis=1).max(axis=1)
    df["row_hash"] = pd.util.hash_pandas_object(
        chunk[[c for c in DOSSIER_COLUMNS if c != "row_no"]], index=False
    ).astype("int64")
    df["ky_tu_dieu_khien"] = control_characters(df, DOSSIER_COLUMNS)
    return df


def _effective_date(df: pd.DataFrame) -> None:
    """``hieu_luc_tu`` text -> a date (None when not given), with an ``_invalid`` flag for validation."""
    parsed = parse_dates(df["hieu_luc_tu"])
    df["hieu_luc_tu_invalid"] = df["hieu_luc_tu"].notna() & parsed.isna()
    df["hieu_luc_tu"] = parsed.dt.date.astype(object).where(parsed.notna(), None)


def normalise_procedures(chunk: pd.DataFrame) -> pd.DataFrame:
    df = chunk.copy()
    limit = _number(df["thoi_han_ngay"])
    df["thoi_han_ngay_invalid"] = df["thoi_han_ngay"].notna() & limit.isna()
    df["thoi_han_ngay"] = limit.round(2)
    _effective_date(df)
    df["ky_tu_dieu_khien"] = control_characters(df, PROCEDURE_COLUMNS)
    return df


def normalise_units(chunk: pd.DataFrame) -> pd.DataFrame:
    df = chunk.copy()
    df["ky_tu_dieu_khien"] = control_characters(df, UNIT_COLUMNS)
    _effective_date(df)
    return df


def normalise_lineage(chunk: pd.DataFrame) -> pd.DataFrame:
    df = chunk.copy()
    share = _number(df["ty_le"])
    df["ty_le_invalid"] = df["ty_le"].notna() & (share.isna() | ~share.between(0, 100, inclusive="right"))
    df["ty_le"] = share.fillna(100)
    df["ky_tu_dieu_khien"] = control_characters(df, LINEAGE_COLUMNS)
    _effective_date(df)
    return df
