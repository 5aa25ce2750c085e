"""Pure transforms on tiny frames: the derived measures of a dossier."""
from __future__ import annotations

import pandas as pd
import pytest

from etl.normalise import normalise_dossiers
from etl.canonical import DOSSIER_COLUMNS, frame_from_records

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
