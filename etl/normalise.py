"""Normalisation, the pure transforms of every export kind: a canonical chunk (text) -> the typed, derived
staging layout (the kind's ``staging_columns``, etl/kinds.py), plus the flags its suite checks.

Each function keeps the canonical text columns (validation reports them, quarantine stores them) and adds
typed and derived ones. Nothing here touches the database, so every rule is tested on tiny frames.
Every normaliser is called as ``normalise(chunk, load_date=...)`` (etl.load.prepare): the load date bounds the
event dates a row may carry. A value of the wrong type or out of range never raises here: its typed column stays
empty or keeps the value, and a flag (or the suite's range) makes the row a failure with a rule and a reason.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from etl.canonical import (CANONICAL_DATE_FORMAT, DATE_COLUMNS, DOSSIER_COLUMNS, LINEAGE_COLUMNS, PETITION_COLUMNS,
                           PROCEDURE_COLUMNS, RATING_COLUMNS, UNIT_COLUMNS)
from etl.codes import RESOLVED_STATUSES
from etl.config import TIMEZONE, settings

CALENDAR_START, CALENDAR_END = pd.Timestamp("2015-01-01"), pd.Timestamp("2035-12-31 23:59:59")  # dw.dim_date
# the days a reference row may take effect (Ngày hiệu lực): from the founding of the state to the end of the century;
# 1900-01-01 and 9999-12-31, the usual placeholders of an unknown date, fall outside
EFFECTIVE_START, EFFECTIVE_END = pd.Timestamp("1945-09-02"), pd.Timestamp("2099-12-31")
# codes (mã hồ sơ, mã TTHC, mã lĩnh vực, mã đơn vị, mã định danh, mã ĐVHC, mã PAKN) as the national lists write them
CODE = re.compile(r"[A-Za-z0-9.\-]+")


# NUL (PostgreSQL cannot store it), the other C0 controls but tab/newline/return, DEL, and the bidirectional
# overrides that make text display other than it reads
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


# the same characters as JSON writes them in ``extra`` (an odd number of backslashes before the escape): NUL there
# fails the jsonb column of the whole file ("unsupported Unicode escape sequence")
ESCAPED_CONTROL_CHARACTERS = re.compile(r"(?<!\\)(?:\\\\)*\\(?:u00(?:0[0-8bBcCeEfF]|1[0-9a-fA-F])|u007[fF]|[bf])")


def escaped_control_characters(json_text: pd.Series) -> pd.Series:
    """True for the JSON texts (``extra``) holding an escaped control character: the ``ky_tu_dieu_khien`` rule
    for the fields a format does not know, which reach the warehouse as JSON, not as text."""
    if not json_text.notna().any():
        return pd.Series(False, index=json_text.index)
    return json_text.map(lambda v: isinstance(v, str) and ESCAPED_CONTROL_CHARACTERS.search(v) is not None)


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
    """``yyyyMMddHHmmss`` text -> naive local datetimes (microseconds); anything else -> NaT.

    The digits are read as numbers by numpy, a whole column at once: the dates of a load are most of its
    normalisation, and pandas' strptime took ~5 µs per value. The result is that of
    ``pd.to_datetime(text, format=CANONICAL_DATE_FORMAT, errors="coerce")`` on 14 ASCII digits
    (tests/test_normalise.py compares them): year 0001-9999, a real month and day, hour < 24, minute < 60, a
    second of 60 or 61 carried into the next minute as strptime does; anything else is NaT."""
    values = text.to_numpy(dtype=object)
    exact = np.fromiter((v.__class__ is str and len(v) == 14 and v.isascii() and v.isdigit() for v in values),
                        dtype=bool, count=len(values))
    parsed = np.full(len(values), np.datetime64("NaT", "us"))
    if exact.any():
        digits = np.frombuffer("".join(values[exact]).encode("ascii"), dtype=np.uint8).reshape(-1, 14) - ord("0")
        year, month, day, hour, minute, second = (
            digits[:, a:b].astype(np.int64) @ (10 ** np.arange(b - a - 1, -1, -1))
            for a, b in ((0, 4), (4, 6), (6, 8), (8, 10), (10, 12), (12, 14)))
        months = ((year - 1970) * 12 + month - 1).astype("datetime64[M]")
        days = months.astype("datetime64[D]") + (day - 1)
        valid = ((year >= 1) & (month >= 1) & (month <= 12) & (day >= 1) & (days.astype("datetime64[M]") == months)
                 & (hour <= 23) & (minute <= 59) & (second <= 61))
        stamps = days.astype("datetime64[us]") + (((hour * 60 + minute) * 60 + second) * 1_000_000).astype(
            "timedelta64[us]")
        parsed[exact] = np.where(valid, stamps, np.datetime64("NaT", "us"))
    return pd.Series(parsed, index=text.index)


def _int(text: pd.Series) -> pd.Series:
    """Whole numbers as nullable integers; anything else (text, 4.5, 1e400) -> <NA> for the suite to flag.
    pandas refuses to cast 4.5 to an integer (TypeError, the whole run stopped); past 2**53 a float is no
    longer exact, so such values are not numbers here either (every code and count is far below)."""
    number = pd.to_numeric(text, errors="coerce").astype("float64")
    whole = np.isfinite(number) & (number == np.floor(number)) & (number.abs() <= 2 ** 53)
    return number.where(whole).astype("Int64")


def _local_today() -> date:
    return datetime.now(ZoneInfo(TIMEZONE)).date()


def event_limit(load_date: date | None = None) -> pd.Timestamp:
    """The first moment (naive local time) an event date may no longer be: the day after the load date plus
    ``CCHC_FUTURE_TOLERANCE_DAYS`` (clocks of the sending systems). A later date is a typing error (2099 for
    2019) that would become a dossier's latest event and make every later, correct export of it look older.
    ``load_date`` None: today in Asia/Ho_Chi_Minh."""
    days = 1 + settings().future_tolerance_days
    return pd.Timestamp(load_date or _local_today()) + pd.Timedelta(days=days)


def _after_load(parsed: pd.Series, limit: pd.Timestamp) -> pd.Series:
    """Dates past ``limit`` but inside the warehouse calendar (beyond it, the calendar rule says why)."""
    return parsed.notna() & (parsed >= limit) & (parsed <= CALENDAR_END)


def code_problems(codes: pd.Series) -> pd.Series:
    """None for a code that follows :data:`CODE` (or is empty), else the characters that break it, named
    ("ký tự U+200B ZERO WIDTH SPACE ở vị trí 14"): a zero-width space, a Cyrillic "Н", a full-width "０" or
    U+FEFF looks like the real code but would make a second dossier or unit. The value the quarantine shows."""
    text = codes.astype(object)
    good = text.isna() | text.str.fullmatch(CODE.pattern, na=False).astype(bool)
    found = pd.Series([None] * len(text), index=codes.index, dtype=object)
    if not good.all():
        found[~good] = text[~good].map(lambda v: _describe_code(str(v)) or None)
    return found


def _describe_code(code: str) -> str:
    """The distinct characters of ``code`` outside :data:`CODE`, the first three named, by first position."""
    bad: dict[str, int] = {}
    for position, char in enumerate(code, start=1):
        if not CODE.fullmatch(char):
            bad.setdefault(char, position)
    named = [f"ký tự U+{ord(c):04X} {unicodedata.name(c, '')}".rstrip() + f" ở vị trí {p}"
             for c, p in list(bad.items())[:3]]
    more = f" và {len(bad) - 3} ký tự khác" if len(bad) > 3 else ""
    return "; ".join(named) + more


def _check_codes(df: pd.DataFrame, columns: tuple[str, ...]) -> None:
    """``<code>_ky_tu_la``: what breaks each code column's pattern (None when nothing), for the suite."""
    for column in columns:
        df[f"{column}_ky_tu_la"] = code_problems(df[column])


def _number(text: pd.Series) -> pd.Series:
    return pd.to_numeric(text, errors="coerce")


DOSSIER_CODES = ("ma_ho_so", "ma_tthc", "ma_linh_vuc", "ma_don_vi")
EVENT_COLUMNS = ("ngay_nop_ho_so", "ngay_tiep_nhan", "ngay_ket_thuc_xu_ly", "ngay_tra")  # the due date is a promise


def normalise_dossiers(chunk: pd.DataFrame, load_date: date | None = None) -> pd.DataFrame:
    """Canonical text columns (kept, for validation and quarantine) plus typed and derived columns.

    Derived rules (docs/domain.md §1.3, §6.1):
    * received_at = NgayTiepNhan, falling back to NgayNopHoSo;
    * channel: KenhThucHien null counts as trực tiếp (1), ``channel_given`` records that it was null;
    * finished_at = NgayKetThucXuLy, falling back to NgayTra for statuses 9/10;
    * timeliness (statuses 9/10 with a due date), compared by local calendar day:
      finished before the due day = trước hạn, on it = đúng hạn, after it = quá hạn;
    * paid online = DuocThanhToanTrucTuyen 1 (DVCQG) or 2 (provincial gateway), or 3 (a listing's "Có",
      which does not say which gateway: payment_gateway stays empty).

    Flags for the suite (expectations/dossier_rows.json): ``<date>_invalid``, ``<date>_sau_ngay_nap`` (an
    event after the load date, :func:`event_limit`), ``*_ngoai_lich``, ``<code>_ky_tu_la``, ``*_invalid`` of
    the counts. A value of the wrong type leaves its typed column empty and is flagged, never raises.
    """
    df = chunk.copy()
    parsed = {column: parse_dates(df[column]) for column in DATE_COLUMNS}
    limit = event_limit(load_date)
    for column in DATE_COLUMNS:
        df[f"{column}_invalid"] = df[column].notna() & parsed[column].isna()
    for column in EVENT_COLUMNS:
        df[f"{column}_sau_ngay_nap"] = _after_load(parsed[column], limit)
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

    for column in ("submitted_at", "received_at", "due_at", "finished_at", "returned_at"):  # dw.dim_date's years
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
    supplements = _int(df["so_lan_bo_sung"])
    df["so_lan_bo_sung_invalid"] = df["so_lan_bo_sung"].notna() & supplements.isna()
    df["supplement_count"] = supplements.fillna(0)
    wait = _number(df["ngay_cho_bo_sung"])
    df["ngay_cho_bo_sung_invalid"] = df["ngay_cho_bo_sung"].notna() & wait.isna()
    df["supplement_wait_days"] = wait.round(2)
    # the latest thing that happened to the dossier (the due date is a promise, not an event)
    events = [parsed[c] for c in DATE_COLUMNS if c != "ngay_hen_tra"]
    df["source_event_at"] = pd.concat(events, axis=1).max(axis=1)
    df["row_hash"] = pd.util.hash_pandas_object(
        chunk[[c for c in DOSSIER_COLUMNS if c != "row_no"]], index=False
    ).astype("int64")
    df["ky_tu_dieu_khien"] = control_characters(df, DOSSIER_COLUMNS) | escaped_control_characters(df["extra"])
    _check_codes(df, DOSSIER_CODES)
    return df


def _effective_date(df: pd.DataFrame) -> None:
    """``hieu_luc_tu`` text -> a date (None when not given), with an ``_invalid`` flag and a
    ``_ngoai_khoang`` flag (outside EFFECTIVE_START–EFFECTIVE_END) for validation. A reorganisation may be
    announced ahead, so a date after the load date is allowed."""
    parsed = parse_dates(df["hieu_luc_tu"])
    df["hieu_luc_tu_invalid"] = df["hieu_luc_tu"].notna() & parsed.isna()
    df["hieu_luc_tu_ngoai_khoang"] = parsed.notna() & ~parsed.between(EFFECTIVE_START, EFFECTIVE_END)
    df["hieu_luc_tu"] = parsed.dt.date.astype(object).where(parsed.notna(), None)


def normalise_procedures(chunk: pd.DataFrame, load_date: date | None = None) -> pd.DataFrame:
    """Typed time limit and effective date, their flags, ``<code>_ky_tu_la``; ``load_date`` is not used (the
    same signature as every kind's normaliser)."""
    df = chunk.copy()
    limit = _number(df["thoi_han_ngay"])
    df["thoi_han_ngay_invalid"] = df["thoi_han_ngay"].notna() & limit.isna()
    df["thoi_han_ngay"] = limit.round(2)
    _effective_date(df)
    df["ky_tu_dieu_khien"] = control_characters(df, PROCEDURE_COLUMNS)
    _check_codes(df, ("ma_tthc", "ma_linh_vuc"))
    return df


def normalise_units(chunk: pd.DataFrame, load_date: date | None = None) -> pd.DataFrame:
    """The effective date and the flags of the unit suite; ``load_date`` is not used."""
    df = chunk.copy()
    df["ky_tu_dieu_khien"] = control_characters(df, UNIT_COLUMNS)
    _effective_date(df)
    _check_codes(df, ("ma_dvhc", "ma_dinh_danh", "ma_dvhc_cha"))
    return df


def normalise_lineage(chunk: pd.DataFrame, load_date: date | None = None) -> pd.DataFrame:
    """The share and effective date and the flags of the lineage suite; ``load_date`` is not used."""
    df = chunk.copy()
    share = _number(df["ty_le"])
    df["ty_le_invalid"] = df["ty_le"].notna() & (share.isna() | ~share.between(0, 100, inclusive="right"))
    df["ty_le"] = share.fillna(100)
    df["ky_tu_dieu_khien"] = control_characters(df, LINEAGE_COLUMNS)
    _effective_date(df)
    _check_codes(df, ("ma_dvhc_cu", "ma_dinh_danh_cu", "ma_dvhc_moi", "ma_dinh_danh_moi"))
    return df


PETITION_DATES = {"ngay_tiep_nhan": "received_at", "han_xu_ly": "due_at", "ngay_xu_ly_xong": "handled_at"}


def normalise_petitions(chunk: pd.DataFrame, load_date: date | None = None) -> pd.DataFrame:
    """received_at / due_at / handled_at (naive local date-times), an ``_invalid`` flag per date, ``ngoai_lich``
    when a date is outside dw.dim_date, ``<date>_sau_ngay_nap`` when receipt or handling is after the load date
    (:func:`event_limit`; the due date may be), ``satisfied`` (True / False / None = not rated),
    ``source_event_at`` (the latest of receipt and handling), ``row_hash`` (of the canonical content) and
    ``<code>_ky_tu_la``."""
    df = chunk.copy()
    out_of_calendar = pd.Series(False, index=df.index)
    limit = event_limit(load_date)
    for column, typed in PETITION_DATES.items():
        parsed = parse_dates(df[column])
        df[f"{column}_invalid"] = df[column].notna() & parsed.isna()
        df[typed] = parsed
        out_of_calendar |= parsed.notna() & ~parsed.between(CALENDAR_START, CALENDAR_END)
        if column != "han_xu_ly":
            df[f"{column}_sau_ngay_nap"] = _after_load(parsed, limit)
    df["ngoai_lich"] = out_of_calendar
    df["satisfied"] = df["danh_gia"].map({"1": True, "0": False}).astype(object)
    df["satisfied"] = df["satisfied"].where(df["satisfied"].notna(), None)
    df["source_event_at"] = df[["received_at", "handled_at"]].max(axis=1)
    df["row_hash"] = pd.util.hash_pandas_object(
        chunk[[c for c in PETITION_COLUMNS if c != "row_no"]], index=False).astype("int64")
    df["ky_tu_dieu_khien"] = control_characters(df, PETITION_COLUMNS)
    _check_codes(df, ("ma_pakn", "ma_don_vi", "ma_ho_so"))
    return df


SATISFIED_FROM = 4  # "Hài lòng" or better counts as satisfied (docs/domain.md §1.3, 5.4)


def normalise_ratings(chunk: pd.DataFrame, load_date: date | None = None) -> pd.DataFrame:
    """``rated_at`` (naive local date-time), the flags validation reads (``ngay_danh_gia_invalid``,
    ``ngoai_lich``, ``ngay_danh_gia_sau_ngay_nap``, ``muc_danh_gia_invalid``, ``ma_ho_so_ky_tu_la``),
    ``rating_score``, ``satisfied`` (score ≥ 4) and ``row_hash`` (of the canonical content)."""
    df = chunk.copy()
    parsed = parse_dates(df["ngay_danh_gia"])
    df["ngay_danh_gia_invalid"] = df["ngay_danh_gia"].notna() & parsed.isna()
    df["ngoai_lich"] = parsed.notna() & ~parsed.between(CALENDAR_START, CALENDAR_END)
    df["ngay_danh_gia_sau_ngay_nap"] = _after_load(parsed, event_limit(load_date))
    df["rated_at"] = parsed
    score = _int(df["diem_danh_gia"])
    df["muc_danh_gia_invalid"] = df["muc_danh_gia"].notna() & score.isna()
    df["rating_score"] = score
    df["satisfied"] = (score >= SATISFIED_FROM).astype(object).where(score.notna(), None)
    df["row_hash"] = pd.util.hash_pandas_object(
        chunk[[c for c in RATING_COLUMNS if c != "row_no"]], index=False).astype("int64")
    df["ky_tu_dieu_khien"] = control_characters(df, RATING_COLUMNS)
    _check_codes(df, ("ma_ho_so",))
    return df
