"""Pure transforms on tiny frames: the derived measures of a dossier."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from etl.normalise import normalise_dossiers, parse_dates
from etl.canonical import CANONICAL_DATE_FORMAT, DOSSIER_COLUMNS, frame_from_records

BASE = {"ma_ho_so": "X", "ma_tthc": "1.001193.000.00.00.H56", "ma_don_vi": "000.35.27.H56", "trang_thai_ho_so": "10",
        "kenh_thuc_hien": "1", "ngay_tiep_nhan": "20240108080000", "ngay_hen_tra": "20240112170000"}


def one(**fields) -> pd.Series:
    record = {**BASE, "row_no": 1, **fields}
    return normalise_dossiers(frame_from_records([record], DOSSIER_COLUMNS)).iloc[0]


@pytest.mark.parametrize("finished, expected", [
    ("20240111235900", "truoc_han"),
    ("20240112080000", "dung_han"),
    ("20240112235900", "dung_han"),  # the due day counts as on time, whatever the hour
    ("20240113080000", "qua_han"),
])
def test_timeliness_by_calendar_day(finished, expected):
    assert one(ngay_ket_thuc_xu_ly=finished)["timeliness"] == expected


def test_no_timeliness_while_in_progress_or_without_due_date():
    assert one(trang_thai_ho_so="4", ngay_ket_thuc_xu_ly="20240110080000")["timeliness"] is None
    assert one(ngay_hen_tra=None, ngay_ket_thuc_xu_ly="20240110080000")["timeliness"] is None


def test_finish_falls_back_to_return_date_for_resolved_dossiers_only():
    assert one(ngay_tra="20240113090000")["timeliness"] == "qua_han"
    assert pd.isna(one(trang_thai_ho_so="8", ngay_tra="20240113090000")["finished_at"])


def test_missing_channel_counts_as_in_person():
    row = one(kenh_thuc_hien=None)
    assert (row["channel_code"], row["channel_given"]) == (1, False)


def test_received_falls_back_to_submission():
    row = one(ngay_tiep_nhan=None, ngay_nop_ho_so="20240107100000")
    assert row["received_at"] == pd.Timestamp("2024-01-07 10:00") and not row["thieu_ngay_tiep_nhan"]
    assert one(ngay_tiep_nhan=None)["thieu_ngay_tiep_nhan"]


def test_fees_and_online_payment():
    paid = one(phi_le_phi="50000", duoc_thanh_toan_truc_tuyen="2")
    assert (paid["has_fee"], paid["paid_online"], paid["payment_gateway"]) == (True, True, 2)
    free = one(phi_le_phi="0", duoc_thanh_toan_truc_tuyen="0")
    assert (free["has_fee"], free["paid_online"]) == (False, False) and pd.isna(free["payment_gateway"])
    assert one(phi_le_phi="năm mươi nghìn")["phi_le_phi_invalid"]


def test_invalid_dates_are_flagged_not_guessed():
    row = one(ngay_hen_tra="20240231170000")
    assert row["ngay_hen_tra_invalid"] and pd.isna(row["due_at"])
    assert one(ngay_hen_tra="12/01/2024")["ngay_hen_tra_invalid"]


def test_days_taken_and_latest_event():
    row = one(ngay_ket_thuc_xu_ly="20240110200000", ngay_tra="20240111080000")
    assert row["days_taken"] == 2.5
    assert row["source_event_at"] == pd.Timestamp("2024-01-11 08:00")  # the due date is not an event


def test_row_hash_changes_with_content_only():
    assert one()["row_hash"] == one()["row_hash"]
    assert one()["row_hash"] != one(trang_thai_ho_so="9")["row_hash"]


def test_dates_outside_the_warehouse_calendar_are_quarantined():
    from etl.validate import row_failures

    records = [{**BASE, "row_no": 1}, {**BASE, "row_no": 2, "ngay_hen_tra": "20400112170000"}]
    failures = row_failures(normalise_dossiers(frame_from_records(records, DOSSIER_COLUMNS)), "dossier_rows")
    assert failures[["position", "rule", "value"]].values.tolist() == [[1, "ngay_hen_tra_trong_lich", "20400112170000"]]


# --- issue 14: every bad value is a row failure with a rule, never an exception or a database error --------

LOAD_DATE = date(2024, 4, 1)


def failures(normalise, columns, suite: str, rows: list[dict], load_date: date = LOAD_DATE) -> list[tuple]:
    """(row_no, rule, value) of each failing row and rule, normalised and validated as a load would."""
    from etl.validate import row_failures

    frame = normalise(frame_from_records([{"row_no": str(n), **r} for n, r in enumerate(rows, 1)], columns),
                      load_date=load_date)
    found = row_failures(frame, suite)
    return sorted((int(frame.at[p, "row_no"]), rule, value) for p, rule, value in
                  found[["position", "rule", "value"]].itertuples(index=False))


def dossier_failures(*rows: dict, load_date: date = LOAD_DATE) -> list[tuple]:
    return failures(normalise_dossiers, DOSSIER_COLUMNS, "dossier_rows", [{**BASE, **r} for r in rows], load_date)


def test_numbers_of_the_wrong_type_are_row_failures_not_exceptions():
    assert dossier_failures({}, {"trang_thai_ho_so": "4.5"}, {"trang_thai_ho_so": "100000000000000000000"},
                            {"kenh_thuc_hien": "1.5"}, {"loai_doi_tuong": "2.5"}, {"duoc_thanh_toan_truc_tuyen": "inf"},
                            {"hinh_thuc": "2"}, {"so_hoa_thanh_phan": "Chưa"}, {"ket_qua_dien_tu": "x"},
                            {"so_lan_bo_sung": "1.5"}, {"ngay_cho_bo_sung": "hai ngày"}) == [
        (2, "trang_thai_hop_le", "4.5"), (3, "trang_thai_hop_le", "100000000000000000000"),
        (4, "kenh_thuc_hien_hop_le", "1.5"), (5, "loai_doi_tuong_hop_le", "2.5"),
        (6, "thanh_toan_truc_tuyen_hop_le", "inf"), (7, "hinh_thuc_hop_le", "2"),
        (8, "so_hoa_thanh_phan_hop_le", "Chưa"), (9, "ket_qua_dien_tu_hop_le", "x"),
        (10, "so_lan_bo_sung_la_so", "1.5"), (11, "ngay_cho_bo_sung_la_so", "hai ngày")]
    row = one(trang_thai_ho_so="4.5", kenh_thuc_hien="1e400")
    assert pd.isna(row["status_code"]) and row["channel_code"] == 1 and not row["channel_given"]


def test_counts_and_waiting_days_have_a_declared_range():
    assert dossier_failures({"so_lan_bo_sung": "3"}, {"so_lan_bo_sung": "40000"}, {"so_lan_bo_sung": "-3"},
                            {"ngay_cho_bo_sung": "2.5"}, {"ngay_cho_bo_sung": "45000"},
                            {"ngay_cho_bo_sung": "-1"}) == [
        (2, "so_lan_bo_sung_khoang", "40000"), (3, "so_lan_bo_sung_khoang", "-3"),
        (5, "ngay_cho_bo_sung_khoang", "45000"), (6, "ngay_cho_bo_sung_khoang", "-1")]


def test_events_after_the_load_date_are_quarantined_the_due_date_may_be_later(monkeypatch):
    rows = [{"ngay_tra": "20240402235959"},  # the day after the load date: within the tolerance
            {"ngay_tra": "20240403000000"}, {"ngay_ket_thuc_xu_ly": "20240415080000"},
            {"ngay_nop_ho_so": "20240410080000", "ngay_tiep_nhan": "20240410080000", "ngay_hen_tra": "20240415170000"},
            {"ngay_hen_tra": "20250101170000"},  # a promise: no limit but the calendar
            {"ngay_nop_ho_so": "20990101080000"}, {"ngay_tra": "19000101000000", "trang_thai_ho_so": "4"}]
    assert dossier_failures(*rows) == [
        (2, "ngay_tra_sau_ngay_nap", "20240403000000"), (3, "ngay_ket_thuc_xu_ly_sau_ngay_nap", "20240415080000"),
        (4, "ngay_nop_ho_so_sau_ngay_nap", "20240410080000"), (4, "ngay_tiep_nhan_sau_ngay_nap", "20240410080000"),
        (6, "ngay_nop_ho_so_trong_lich", "20990101080000"), (7, "ngay_tra_trong_lich", "19000101000000")]
    monkeypatch.setenv("CCHC_FUTURE_TOLERANCE_DAYS", "30")
    assert dossier_failures(*rows[:4]) == []


def test_the_latest_event_is_taken_from_dates_that_passed_their_rules():
    assert one(ngay_ket_thuc_xu_ly="20240110080000", ngay_tra="20240111080000")["source_event_at"] == \
        pd.Timestamp("2024-01-11 08:00")
    assert dossier_failures({"ngay_nop_ho_so": "20990101080000"}) != []  # a row that could poison it does not load


@pytest.mark.parametrize("code, named", [
    ("000.35.27.H56\u200b-240108-0001", "ký tự U+200B ZERO WIDTH SPACE ở vị trí 14"),
    ("000.35.27.\u041d56-240108-0001", "ký tự U+041D CYRILLIC CAPITAL LETTER EN ở vị trí 11"),
    ("\uff10\uff10\uff10.35.27.H56-240108-0001", "ký tự U+FF10 FULLWIDTH DIGIT ZERO ở vị trí 1"),
    ("\ufeff000.35.27.H56-240108-0001", "ký tự U+FEFF ZERO WIDTH NO-BREAK SPACE ở vị trí 1"),
    ("000.35.27.H56 240108/0001", "ký tự U+0020 SPACE ở vị trí 14; ký tự U+002F SOLIDUS ở vị trí 21"),
])
def test_look_alike_characters_in_a_code_are_named(code, named):
    from etl.normalise import code_problems

    assert code_problems(pd.Series([code, "000.35.27.H56-240108-0001", None], dtype=object)).tolist() == [
        named, None, None]
    assert dossier_failures({"ma_ho_so": code}) == [(1, "ma_ho_so_ky_tu", named)]


def test_every_code_of_a_dossier_follows_the_pattern():
    assert dossier_failures({"ma_tthc": "1.001193.000.00.00.Н56"}, {"ma_linh_vuc": "H\u200cT"},
                            {"ma_don_vi": "000.35.27.H56\ufeff"}) == [
        (1, "ma_tthc_ky_tu", "ký tự U+041D CYRILLIC CAPITAL LETTER EN ở vị trí 20"),
        (2, "ma_linh_vuc_ky_tu", "ký tự U+200C ZERO WIDTH NON-JOINER ở vị trí 2"),
        (3, "ma_don_vi_ky_tu", "ký tự U+FEFF ZERO WIDTH NO-BREAK SPACE ở vị trí 14")]


def test_petitions_dates_and_codes():
    from etl.canonical import PETITION_COLUMNS
    from etl.normalise import normalise_petitions

    good = {"ma_pakn": "PAKN-15907-2024-0001", "ngay_tiep_nhan": "20240305080000", "ma_don_vi": "000.35.27.H56",
            "han_xu_ly": "20240326170000"}
    rows = [good, {**good, "ngay_xu_ly_xong": "20240415080000"}, {**good, "ngay_tiep_nhan": "20240410080000",
                                                                  "han_xu_ly": "20240501170000"},
            {**good, "han_xu_ly": "20240501170000"}, {**good, "ma_pakn": "PAKN-15907-2024-\u041e001"},
            {**good, "ma_ho_so": "000.35.27.H56-240108-0001\u200b"}]
    assert failures(normalise_petitions, PETITION_COLUMNS, "petition_rows", rows) == [
        (2, "ngay_xu_ly_xong_sau_ngay_nap", "20240415080000"), (3, "ngay_tiep_nhan_sau_ngay_nap", "20240410080000"),
        (5, "ma_pakn_ky_tu", "ký tự U+041E CYRILLIC CAPITAL LETTER O ở vị trí 17"),
        (6, "ma_ho_so_ky_tu", "ký tự U+200B ZERO WIDTH SPACE ở vị trí 26")]


def test_ratings_dates_scores_and_codes():
    from etl.canonical import RATING_COLUMNS
    from etl.normalise import normalise_ratings

    good = {"ma_ho_so": "000.35.27.H56-240108-0001", "ngay_danh_gia": "20240320100000", "muc_danh_gia": "Hài lòng",
            "diem_danh_gia": "4"}
    rows = [good, {**good, "ngay_danh_gia": "20240410100000"}, {**good, "diem_danh_gia": "4.5"},
            {**good, "ma_ho_so": "000.35.27.H56-240108-000\uff11"}]
    assert failures(normalise_ratings, RATING_COLUMNS, "rating_rows", rows) == [
        (2, "ngay_danh_gia_sau_ngay_nap", "20240410100000"), (3, "muc_danh_gia_hop_le", "Hài lòng"),
        (4, "ma_ho_so_ky_tu", "ký tự U+FF11 FULLWIDTH DIGIT ONE ở vị trí 25")]


def test_reference_rows_effective_dates_and_codes():
    from etl.canonical import LINEAGE_COLUMNS, PROCEDURE_COLUMNS, UNIT_COLUMNS
    from etl.normalise import normalise_lineage, normalise_procedures, normalise_units

    unit = {"ma_dvhc": "15907", "ten_don_vi": "Xã Hoằng Cát", "cap": "xa", "loai": "Xã",
            "ma_dinh_danh": "000.35.27.H56", "ma_dvhc_cha": "399"}
    assert failures(normalise_units, UNIT_COLUMNS, "unit_rows", [
        {**unit, "hieu_luc_tu": "20250701000000"},  # ahead of the load date: a reorganisation announced
        {**unit, "hieu_luc_tu": "99991231000000"}, {**unit, "ma_dinh_danh": "000.35.27.Н56"},
        {**unit, "ma_dvhc": "1590\uff17"}, {**unit, "ma_dvhc_cha": "39 9"}]) == [
        (2, "ngay_hieu_luc_khoang", "9999-12-31"),
        (3, "ma_dinh_danh_ky_tu", "ký tự U+041D CYRILLIC CAPITAL LETTER EN ở vị trí 11"),
        (4, "ma_dvhc_dang_so", "1590\uff17"), (4, "ma_dvhc_ky_tu", "ký tự U+FF17 FULLWIDTH DIGIT SEVEN ở vị trí 5"),
        (5, "ma_dvhc_cha_ky_tu", "ký tự U+0020 SPACE ở vị trí 3")]
    procedure = {"ma_tthc": "1.001193.000.00.00.H56", "ten_tthc": "Đăng ký khai sinh", "ma_linh_vuc": "HT",
                 "cap_thuc_hien": "xa", "muc_do_dvctt": "toan_trinh", "lien_thong": "0", "thoi_han_ngay": "1",
                 "co_phi": "0"}
    assert failures(normalise_procedures, PROCEDURE_COLUMNS, "procedure_rows", [
        procedure, {**procedure, "hieu_luc_tu": "19000101000000"}, {**procedure, "ma_linh_vuc": "H T"}]) == [
        (2, "ngay_hieu_luc_khoang", "1900-01-01"), (3, "ma_linh_vuc_ky_tu", "ký tự U+0020 SPACE ở vị trí 2")]
    lineage = {"ma_dinh_danh_cu": "000.35.27.H56", "ma_dinh_danh_moi": "000.01.20.H56", "hieu_luc_tu": "20250701000000"}
    assert failures(normalise_lineage, LINEAGE_COLUMNS, "lineage_rows", [
        lineage, {**lineage, "hieu_luc_tu": "18991231000000"}, {**lineage, "ma_dinh_danh_moi": "000.01.20.Н56"}]) == [
        (2, "ngay_hieu_luc_khoang", "1899-12-31"),
        (3, "ma_dinh_danh_moi_ky_tu", "ký tự U+041D CYRILLIC CAPITAL LETTER EN ở vị trí 11")]


def test_control_characters_in_fields_the_format_does_not_know_are_flagged():
    import orjson

    flags = [one(extra=orjson.dumps(value).decode())["ky_tu_dieu_khien"] for value in (
        {"GhiChu": "Lê\u0000Thị"}, {"GhiChu": "a\u001bb"}, {"GhiChu": "C:\\u0000"}, {"GhiChu": "dòng 1\r\ndòng 2\tb"})]
    assert flags == [True, True, False, False]


def test_dates_are_read_as_pandas_strptime_reads_them():
    """parse_dates reads the digits with numpy; pandas' strptime with the canonical format is the reference: the
    same datetimes and the same NaT on impossible days, year 0, hour 24, a second of 60 or 61 (carried into the
    next minute by both), non-ASCII digits, spaces, numbers and empty values, and on 20,000 random digit strings."""
    random = __import__("random").Random(38)
    values = ["20240102045635", "99991231235959", "00000101000000", "00010101000000", "20240230000000",
              "20240229000000", "20230229000000", "19000229120000", "20000229120000", "20241231235960",
              "20241231235961", "20241231240000", "20241231236000", "20240000000000", "20241300000000",
              "2024010204563", "20240102045635 ", "20240102 04563", "２０２４０１０２０４５６３５", "", "abc", None,
              20240102045635]
    values += ["".join(random.choice("0123456789") for _ in range(14)) for _ in range(10_000)]
    values += ["%04d%02d%02d%02d%02d%02d" % (random.randint(0, 9999), random.randint(0, 13), random.randint(0, 32),
                                              random.randint(0, 25), random.randint(0, 61), random.randint(0, 62))
               for _ in range(10_000)]
    text = pd.Series(values, dtype=object)
    expected = pd.to_datetime(text.where(text.str.fullmatch(r"\d{14}", na=False)), format=CANONICAL_DATE_FORMAT,
                              errors="coerce")
    got = parse_dates(text)
    assert got.dtype == expected.dtype
    pd.testing.assert_series_equal(got, expected)
    assert got.notna().sum() > 5_000 and list(got.iloc[9:11]) == [pd.Timestamp("2025-01-01 00:00:00"),
                                                                  pd.Timestamp("2025-01-01 00:00:01")]
