"""A small hand-made export with known answers, loaded through the same path as the DAG."""
from __future__ import annotations

from datetime import date

import pytest

from conftest import FIXTURES, load_small, query
from etl.pipeline import ingest

SMALL = FIXTURES / "small"
UNIT = "000.35.27.H56"


@pytest.fixture
def loaded(small_warehouse):
    return small_warehouse


def counts(url: str, column: str) -> dict:
    return dict(query(url, f"SELECT {column}, count(*) FROM dw.fact_dossier GROUP BY 1"))


def test_every_row_is_accounted_for(loaded):
    url, summary = loaded
    dossiers = summary.files[-1]
    assert (dossiers.status, dossiers.rows_read, dossiers.rows_loaded, dossiers.rows_quarantined) == ("loaded", 13, 10, 3)
    assert query(url, "SELECT count(*) FROM dw.fact_dossier") == [(10,)]
    assert query(url, "SELECT bool_and(rows_read = rows_loaded + rows_quarantined) FROM audit.file_load") == [(True,)]


def test_timeliness_channels_and_fees(loaded):
    url, _ = loaded
    assert counts(url, "timeliness") == {"truoc_han": 5, "dung_han": 2, "qua_han": 2, None: 1}
    assert counts(url, "channel_code") == {1: 6, 2: 3, 3: 1}
    assert counts(url, "channel_given") == {True: 9, False: 1}
    assert query(url, "SELECT count(*) FILTER (WHERE has_fee), count(*) FILTER (WHERE paid_online), "
                      "sum(fee_amount), array_agg(payment_gateway ORDER BY payment_gateway) "
                      "FILTER (WHERE paid_online) FROM dw.fact_dossier") == [(3, 2, 120000, [1, 2])]
    assert query(url, "SELECT dossier_code, returned_by_post, digitised_input, electronic_result, supplement_count, "
                      "supplement_wait_days FROM dw.fact_dossier WHERE returned_by_post OR supplement_count > 0") == [
        (f"{UNIT}-240108-0012", True, True, True, 2, 1.5)]


def test_received_date_falls_back_to_submission_date(loaded):
    url, _ = loaded
    assert query(url, "SELECT received_date_key, timeliness FROM dw.fact_dossier WHERE dossier_code = %s",
                 (f"{UNIT}-240108-0008",)) == [(20240108, "qua_han")]


def test_quarantine_reasons(loaded):
    url, _ = loaded
    rows = query(url, "SELECT row_no, record_key, rule, column_name, value, reason FROM audit.quarantine ORDER BY row_no")
    assert rows == [
        (1, f"{UNIT}-240108-0001", "ma_ho_so_trung_trong_tep", "ma_ho_so", f"{UNIT}-240108-0001",
         "Mã hồ sơ xuất hiện nhiều lần trong tệp; giữ dòng 11"),
        (9, f"{UNIT}-240108-0009", "ngay_tiep_nhan_bat_buoc", "ngay_tiep_nhan", None,
         "Thiếu ngày tiếp nhận (NgayTiepNhan) và cả ngày nộp (NgayNopHoSo)"),
        (10, f"{UNIT}-240108-0010", "ngay_hen_tra_dinh_dang", "ngay_hen_tra", "2024-01-15",
         "Ngày hẹn trả (NgayHenTra) sai định dạng yyyyMMddHHmmss hoặc không phải ngày có thật"),
    ]


def test_unknown_unit_and_procedure_are_inferred_then_completed(loaded):
    url, summary = loaded
    assert summary.files[-1].inferred == {"unit": 1, "procedure": 1, "dossiers_with_inferred_unit": 1,
                                          "dossiers_with_inferred_procedure": 1}
    assert query(url, "SELECT unit_code, name, is_inferred FROM dw.dim_unit WHERE is_inferred") == [
        ("000.99.27.H56", "UBND xã Hoằng Mới", True)]
    load_small("danh-muc-tthc-bo-sung.csv")
    assert query(url, "SELECT is_inferred, online_level, time_limit_days FROM dw.dim_procedure "
                      "WHERE procedure_code = '2.999999.000.00.00.H56'") == [(False, "mot_phan", 0.5)]
    assert query(url, "SELECT online_level_at_receipt FROM dw.fact_dossier WHERE dossier_code = %s",
                 (f"{UNIT}-240108-0007",)) == [("mot_phan",)]


def test_units_hang_under_their_parents(loaded):
    url, _ = loaded
    assert query(url, "SELECT c.gso_code, c.level, p.gso_code FROM dw.dim_unit c "
                      "LEFT JOIN dw.dim_unit p ON p.unit_key = c.parent_unit_key "
                      "WHERE c.gso_code IS NOT NULL ORDER BY c.gso_code") == [
        ("15895", "xa", "399"), ("15907", "xa", "399"), ("38", "tinh", None), ("399", "huyen", "38")]


def test_resent_dossier_updates_and_keeps_its_status_history(loaded):
    url, _ = loaded
    summary = load_small("ho-so-hoang-cat-2024-01-capnhat.json", load_date=date(2024, 2, 2))
    assert (summary.files[0].rows_inserted, summary.files[0].rows_updated) == (0, 1)
    code = f"{UNIT}-240108-0005"
    assert query(url, "SELECT status_code, timeliness FROM dw.fact_dossier WHERE dossier_code = %s", (code,)) == [(10, "dung_han")]
    assert query(url, "SELECT h.status_code FROM dw.fact_dossier_status_history h JOIN dw.fact_dossier f USING (dossier_key) "
                      "WHERE f.dossier_code = %s ORDER BY h.observed_at", (code,)) == [(4,), (10,)]


def test_an_older_export_does_not_overwrite_a_newer_state(loaded, tmp_path):
    url, _ = loaded
    load_small("ho-so-hoang-cat-2024-01-capnhat.json")
    # the original file again, with other bytes: the same dossiers in their older states
    copy = tmp_path / "older-copy.json"
    copy.write_text((SMALL / "ho-so-hoang-cat-2024-01.json").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    summary = ingest([copy], source="test", progress=lambda _: None)
    assert summary.files[0].rows_updated == 0
    assert query(url, "SELECT status_code FROM dw.fact_dossier WHERE dossier_code = %s", (f"{UNIT}-240108-0005",)) == [(10,)]


def test_same_content_is_never_loaded_twice(loaded):
    url, _ = loaded
    before = query(url, "SELECT count(*), max(updated_at) FROM dw.fact_dossier")
    again = load_small("don-vi-hanh-chinh.csv", "danh-muc-tthc.csv", "ho-so-hoang-cat-2024-01.json")
    assert [f.status for f in again.files] == ["skipped"] * 3
    assert query(url, "SELECT count(*), max(updated_at) FROM dw.fact_dossier") == before
    assert query(url, "SELECT count(*) FROM audit.landed_file") == [(3,)]


def test_unknown_fields_are_kept_in_raw_and_text_is_nfc(loaded):
    url, _ = loaded
    # row 1 was quarantined as a duplicate of row 11: its extra fields are in its quarantine record
    assert query(url, "SELECT row_no, extra FROM raw.dossier_extra ORDER BY row_no") == [(11, {"SoBienNhan": "BN-0001"})]
    assert query(url, "SELECT record -> 'extra' FROM audit.quarantine WHERE row_no = 1") == [({"SoBienNhan": "BN-0001"},)]
    names = [r[0] for r in query(url, "SELECT name FROM dw.dim_procedure")]
    import unicodedata
    assert all(unicodedata.is_normalized("NFC", n) for n in names)
    assert "Thủ tục đăng ký khai sinh" in names


def test_personal_data_stays_in_the_restricted_schema(loaded):
    url, _ = loaded
    assert query(url, "SELECT count(*) FROM restricted.applicant WHERE phone = '0912000111'") == [(10,)]
    leaked = query(url, "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'dw' "
                        "AND column_name IN ('applicant_name', 'phone', 'email', 'id_number')")
    assert leaked == []
    dump = query(url, "SELECT string_agg(t::text, ' ') FROM (SELECT * FROM dw.fact_dossier) t")[0][0]
    dims = query(url, "SELECT string_agg(t::text, ' ') FROM (SELECT * FROM dw.dim_unit) t")[0][0]
    for secret in ("0912000111", "Lê Thị Hoa", "hoa.le@example.vn", "038190000111"):
        assert secret not in dump + dims


def test_default_bad_row_threshold_fails_the_file_without_touching_the_warehouse(warehouse):
    summary = load_small("don-vi-hanh-chinh.csv", "danh-muc-tthc.csv", "ho-so-hoang-cat-2024-01.json")
    dossiers = summary.files[-1]
    assert dossiers.status == "failed"
    assert "Tỷ lệ dòng bị cách ly vượt ngưỡng" in dossiers.error and "0.23" in dossiers.error
    assert query(warehouse, "SELECT count(*) FROM dw.fact_dossier") == [(0,)]
    assert query(warehouse, "SELECT status, rows_read, error IS NOT NULL FROM audit.file_load ORDER BY load_id") == [
        ("loaded", 4, False), ("loaded", 3, False), ("failed", 13, True)]
