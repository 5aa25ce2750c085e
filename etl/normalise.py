"""Normalisation, the pure transforms of every export kind: a canonical chunk (text) -> the typed, derived
staging layout (the kind's ``staging_columns``, etl/kinds.py), plus the flags its suite checks.

Each function keeps the canonical text columns (validation reports them, quarantine stores them) and adds
typed and derived ones. Nothing here touches the database, so every rule is tested on tiny frames.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from etl.canonical import (CANONICAL_DATE_FORMAT, DATE_COLUMNS, DOSSIER_COLUMNS, LINEAGE_COLUMNS, PETITION_COLUMNS,
                           PROCEDURE_COLUMNS, RATING_COLUMNS, UNIT_COLUMNS)
from etl.codes import RESOLVED_STATUSES

CALENDAR_START, CALENDAR_END = pd.Timestamp("2015-01-01"), pd.Timestamp("2035-12-31 23:59:59")  # dw.dim_date


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

    Derived rules (docs/domain.md §1.3, §6.1):
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


PETITION_DATES = {"ngay_tiep_nhan": "received_at", "han_xu_ly": "due_at", "ngay_xu_ly_xong": "handled_at"}


def normalise_petitions(chunk: pd.DataFrame) -> pd.DataFrame:
    """received_at / due_at / handled_at (naive local date-times), an ``_invalid`` flag per date, ``ngoai_lich``
    when a date is outside dw.dim_date, ``satisfied`` (True / False / None = not rated), ``source_event_at``
    (the latest of receipt and handling) and ``row_hash`` (of the canonical content)."""
    df = chunk.copy()
    out_of_calendar = pd.Series(False, index=df.index)
    for column, typed in PETITION_DATES.items():
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


SATISFIED_FROM = 4  # "Hài lòng" or better counts as satisfied (docs/domain.md §1.3, 5.4)


def normalise_ratings(chunk: pd.DataFrame) -> pd.DataFrame:
    """``rated_at`` (naive local date-time), the flags validation reads (``ngay_danh_gia_invalid``,
    ``ngoai_lich``, ``muc_danh_gia_invalid``), ``rating_score``, ``satisfied`` (score ≥ 4) and ``row_hash``
    (of the canonical content)."""
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
