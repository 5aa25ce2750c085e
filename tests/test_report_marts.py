"""mart.cchc_summary, the roll-up of units (mart.unit_rollup, mart.bieu06_rollup), QĐ 766 per reported unit, and
what a report gathers from them (etl.reports.data): exact figures on the small hand-made export, roll-ups in both
readings of the 2025 reorganisation on the generated sample, checked against the generator's manifest."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import psycopg
import pytest

from conftest import query
from etl.db import connect
from etl.marts import refresh_for_report
from etl.periods import LICH, Period
from etl.reports.data import gather
from test_sample_history import loaded_per_unit_and_year

CAT, TRINH, MOI = "000.35.27.H56", "000.31.27.H56", "000.99.27.H56"
DISTRICT, PROVINCE = "000.00.27.H56", "000.00.00.H56"
JAN = Period.from_code("thang:2024-01")  # 15/12/2023 - 14/01/2024


@pytest.fixture
def january(small_warehouse):
    url, _ = small_warehouse
    with connect(url) as conn:
        refresh_for_report(conn, JAN, ["chứng thực"])
    return url


def summary(url: str, unit_code: str, period_code: str = "thang:2024-01", restated: bool = False,
            calendar: str = "hanh_chinh") -> dict:
    with psycopg.connect(url) as conn:
        cursor = conn.execute("SELECT * FROM mart.cchc_summary WHERE calendar = %s AND period_code = %s "
                              "AND unit_code = %s AND restated = %s", (calendar, period_code, unit_code, restated))
        row = cursor.fetchone()
        return None if row is None else dict(zip([c.name for c in cursor.description], row))


def test_the_summary_of_a_commune(january):
    s = summary(january, CAT)
    got = {k: (v if isinstance(v, (int, type(None))) else Decimal(v)) for k, v in s.items()
           if k not in ("calendar", "period_code", "period_first_day", "period_last_day", "restated", "unit_code",
                        "refreshed_at")}
    # the 9 dossiers of Hoằng Cát received on 8/1/2024 (see test_mart_bieu06): 3 online, 5 in person, 1 by post
    # (0003); 6 handled by 14/1 (4 before, 2 on the due day), 3 still open and overdue
    assert got == {
        "tiep_nhan_tong": 9, "tiep_nhan_truc_tuyen": 3, "tiep_nhan_truc_tiep": 5, "tiep_nhan_bcci": 1,
        "tiep_nhan_ky_truoc": 0,
        "da_giai_quyet_tong": 6, "da_giai_quyet_truoc_han": 4, "da_giai_quyet_dung_han": 2, "da_giai_quyet_qua_han": 0,
        "dang_giai_quyet_tong": 3, "dang_giai_quyet_trong_han": 0, "dang_giai_quyet_qua_han": 3,
        "ty_le_giai_quyet_dung_han": Decimal("100.00"), "da_giai_quyet_rut_dung": 0,
        "nhan_moi": 9, "ty_le_truc_tuyen": Decimal("33.33"),
        # online: 2 of the partial-online procedure, 1 of the full-online one
        "ho_so_truc_tuyen_mot_phan": 2, "ty_le_truc_tuyen_mot_phan": Decimal("22.22"),
        "ho_so_truc_tuyen_toan_trinh": 1, "ty_le_truc_tuyen_toan_trinh": Decimal("11.11"),
        # 3 dossiers with a fee, 2 of them paid online (as QĐ 766's ONLINE_PAYMENT A: 2/3)
        "ho_so_co_phi": 3, "ho_so_thanh_toan_truc_tuyen": 2, "ty_le_thanh_toan_truc_tuyen": Decimal("66.67"),
        "ho_so_chung_thuc": 3,  # the CT (Chứng thực) line of Biểu 06
        "ho_so_so_hoa": 1, "ty_le_so_hoa_ho_so": Decimal("11.11"),
        "giai_quyet_trong_ky": 6, "tra_ket_qua_bcci": 1, "ket_qua_dien_tu": 1, "ty_le_so_hoa_ket_qua": Decimal("16.67"),
        # the catalogue's 2 commune-level procedures (Hộ tịch, Chứng thực): một cửa, one toàn trình, one một phần;
        # the commune's dossiers name 3 procedures, one of them of the district level: it is not one of the 2,
        # so "procedures with dossiers" is 2/2, never 3/2
        "so_tthc": 2, "so_linh_vuc": 2, "so_tthc_mot_cua": 2, "so_tthc_lien_thong": 0, "so_tthc_toan_trinh": 1,
        "so_tthc_mot_phan": 1, "so_tthc_co_ho_so": 2,
    }


def test_a_district_and_the_province_add_up_their_units_once(january):
    commune = summary(january, CAT)
    for above in (DISTRICT, PROVINCE):
        rolled = summary(january, above)
        assert rolled["tiep_nhan_tong"] == commune["tiep_nhan_tong"] == 9  # Hoằng Trinh received nothing
        assert rolled["ty_le_giai_quyet_dung_han"] == commune["ty_le_giai_quyet_dung_han"]
    # the inferred Hoằng Mới (no known parent) reports its own dossier and is in nobody's total
    assert summary(january, MOI)["tiep_nhan_tong"] == 1
    assert summary(january, TRINH)["tiep_nhan_tong"] == 0 and summary(january, TRINH)["so_tthc"] == 2
    # the district's catalogue counts add its own level's procedure (liên thông, toàn trình) to the communes'
    district = summary(january, DISTRICT)
    assert (district["so_tthc"], district["so_tthc_lien_thong"], district["so_tthc_toan_trinh"]) == (3, 1, 2)


def test_what_a_district_report_gathers(january):
    with connect(january) as conn:
        data = gather(conn, DISTRICT, JAN)
    assert (data.unit.name, data.unit.kind, data.unit.parent_name) == ("Hoằng Hóa", "Huyện", "tỉnh Thanh Hóa")
    assert data.unit.issuer == "UBND HUYỆN HOẰNG HÓA"
    assert data.restated is True  # the district exists today
    assert [(c.rank, c.name, c.tiep_nhan_tong) for c in data.children] == [(1, "xã Hoằng Cát", 9), (2, "xã Hoằng Trinh", 0)]
    assert data.children[1].diem_766 is None  # no dossier: no score, not 0
    assert [r.field_name for r in data.bieu06][-1] == "Tổng cộng"
    total = data.bieu06[-1]
    assert (total.tiep_nhan_tong, total.da_giai_quyet_tong, total.dang_giai_quyet_tong) == (9, 6, 3)
    assert sum(r.tiep_nhan_tong for r in data.bieu06[:-1]) == 9
    assert [(m.month, m.received, m.resolved, m.on_time) for m in data.monthly] == [
        (date(2023, 12, 1), 0, 0, 0), (date(2024, 1, 1), 9, 6, 6)]
    indicators = {i.code: i for i in data.indicators}
    assert len(indicators) == 18 and indicators["DOSSIER_ON_TIME"].ratio == Decimal("55.56")  # 5 of 9 by 31/1
    assert indicators["PETITION_PROCESSING_ON_TIME"].status == "thieu_du_lieu"
    assert data.previous.code == "thang:2023-12" and data.previous_summary is None  # nothing before January
    assert data.recipients == ["UBND tỉnh Thanh Hóa (b/c)", "Lưu: VT."]
    # one row of the export was quarantined for a bad due date: the report says so, in words (no rule code)
    assert ("1 hồ sơ tiếp nhận trong kỳ có ngày hẹn trả không đúng định dạng, chưa được tính vào số liệu báo cáo."
            in data.quality_notes)


def test_the_province_report_says_what_it_could_not_add_up(january):
    with connect(january) as conn:
        data = gather(conn, PROVINCE, JAN)
    # the province's report goes somewhere (config/reports.yaml "tinh"), never only "Lưu: VT."
    assert data.unit.parent_name is None and data.recipients[:2] == ["Bộ Nội vụ (b/c)", "Văn phòng Chính phủ (b/c)"]
    assert data.bieu06_receiver == "Văn phòng Chính phủ"
    assert "1 hồ sơ tiếp nhận trong kỳ của đơn vị chưa có trong danh mục đơn vị hành chính (không rõ cấp trên) " \
           "không được cộng vào số liệu toàn tỉnh." in data.quality_notes


# ---------------------------------------------------------------- the sample, with the 2025 reorganisation

@pytest.fixture(scope="module")
def sample_2025(history_sample):
    """The session's 2024-2026 sample (conftest.history_sample) with the marts of 2024 and 2025 refreshed."""
    url, manifest = history_sample
    with connect(url) as conn:
        for code in ("nam:2024", "nam:2025"):
            refresh_for_report(conn, Period.from_code(code, LICH), ["chứng thực"])
    return url, manifest


def refused(url: str, year: str, codes=None) -> int:
    """Dossiers with status 1 (not yet accepted) or 3 (refused at intake): not received for processing."""
    [(count,)] = query(url, """
        SELECT count(*) FROM dw.fact_dossier f JOIN dw.dim_unit u USING (unit_key)
        WHERE f.status_code IN (1, 3) AND f.received_date_key / 10000 = %s
          AND (%s::text[] IS NULL OR u.unit_code = ANY(%s))""", (int(year), codes, codes))
    return count


def test_the_province_counts_every_dossier_once_in_both_readings(sample_2025):
    url, manifest = sample_2025
    expected = loaded_per_unit_and_year(manifest)
    for year in ("2024", "2025"):
        assert refused(url, year) > 0
        everything = sum(n for (_, y), n in expected.items() if y == year) - refused(url, year)
        for restated in (False, True):
            got = summary(url, PROVINCE, f"nam:{year}", restated, "lich")
            assert got["nhan_moi"] == everything, (year, restated)


def test_a_merged_commune_in_both_readings(sample_2025):
    url, manifest = sample_2025
    expected = loaded_per_unit_and_year(manifest)
    [hoang_son] = [u for u in manifest["reorganisation"]["new_units"] if u["name"] == "Hoằng Sơn"]
    new, old = hoang_son["agency"], hoang_son["predecessors"]
    restated = summary(url, new, "nam:2025", True, "lich")
    assert restated["nhan_moi"] == (sum(expected[p, "2025"] for p in old) + expected[new, "2025"]
                                    - refused(url, "2025", old + [new]))
    assert summary(url, new, "nam:2025", False, "lich")["nhan_moi"] == expected[new, "2025"] - refused(url, "2025", [new])
    # a predecessor does not exist today: it has figures only as it was
    assert summary(url, old[0], "nam:2025", True, "lich") is None
    assert summary(url, old[0], "nam:2025", False, "lich")["nhan_moi"] == expected[old[0], "2025"] - refused(
        url, "2025", [old[0]])
    kpi = query(url, "SELECT restated, denominator FROM mart.kpi_766 WHERE period_code = 'nam:2025' "
                     "AND unit_code = %s AND indicator_code = 'ONLINE_DOSSIER' ORDER BY 1", (new,))
    assert kpi == [(False, expected[new, "2025"] - refused(url, "2025", [new])), (True, restated["nhan_moi"])]


def test_the_dissolved_district_reports_2025_as_it_was(sample_2025):
    url, manifest = sample_2025
    expected = loaded_per_unit_and_year(manifest)
    [district] = manifest["reorganisation"]["dissolved"]
    agencies = {m["old_agency"] for m in manifest["reorganisation"]["mapping"]} | {district["agency"]}
    got = summary(url, district["agency"], "nam:2025", False, "lich")
    assert got["nhan_moi"] == sum(expected[a, "2025"] for a in agencies) - refused(url, "2025", sorted(agencies))
    with connect(url) as conn:
        data = gather(conn, district["agency"], Period.from_code("nam:2025", LICH))
    assert data.restated is False  # it does not exist today: as it was
    assert sorted(c.code for c in data.children) == sorted(agencies - {district["agency"]})
    assert [c.rank for c in data.children] == sorted(c.rank for c in data.children)
    assert data.restatement_note and "được sắp xếp thành" in data.restatement_note


def test_communes_providing_electronic_certified_copies(sample_2025):
    url, _ = sample_2025
    # counted without the roll-up: communes in force at the end of 2025 that received a dossier of 2.002165
    [(providing, managed)] = query(url, """
        WITH commune AS (SELECT DISTINCT unit_code FROM dw.dim_unit WHERE level = 'xa' AND NOT is_inferred
                         AND date '2025-12-31' >= valid_from AND date '2025-12-31' < valid_to)
        SELECT (SELECT count(DISTINCT u.unit_code) FROM dw.fact_dossier f JOIN dw.dim_unit u USING (unit_key)
                JOIN dw.dim_procedure p USING (procedure_key)
                WHERE p.national_procedure_code = '2.002165' AND f.status_code NOT IN (1, 3)
                  AND f.received_date_key BETWEEN 20250101 AND 20251231
                  AND u.unit_code IN (SELECT unit_code FROM commune)),
               (SELECT count(*) FROM commune)""")
    assert providing <= managed and managed > 0  # the sample's 2.002165 dossiers are rare injected ones
    assert query(url, "SELECT numerator, denominator, status FROM mart.kpi_766 WHERE period_code = 'nam:2025' "
                      "AND unit_code = %s AND NOT restated AND indicator_code = 'ELECTRONIC_CERTIFIED_COPY'",
                 (PROVINCE,)) == [(providing, managed, "tinh_duoc")]


def test_every_summary_agrees_with_its_bieu06(sample_2025):
    url, _ = sample_2025
    assert query(url, """
        SELECT count(*) FILTER (WHERE b.tong IS DISTINCT FROM s.tiep_nhan_tong AND NOT (b.tong IS NULL AND s.tiep_nhan_tong = 0)),
               count(*)
        FROM mart.cchc_summary s
        LEFT JOIN (SELECT calendar, period_code, restated, unit_code, sum(tiep_nhan_tong) AS tong
                   FROM mart.bieu06_rollup GROUP BY 1, 2, 3, 4) b USING (calendar, period_code, restated, unit_code)
        WHERE s.period_code = 'nam:2025'""")[0][0] == 0


def test_carried_over_dossiers_and_a_unit_without_fee_data(small_warehouse):
    url, _ = small_warehouse
    february = Period.from_code("thang:2024-02")  # 15/01 - 14/02/2024: nothing new, 0003, 0008, 0005 carried over
    with connect(url) as conn:
        refresh_for_report(conn, february, ["chứng thực"])
    s = summary(url, CAT, "thang:2024-02")
    assert (s["tiep_nhan_tong"], s["tiep_nhan_ky_truoc"], s["nhan_moi"]) == (3, 3, 0)
    assert (s["da_giai_quyet_tong"], s["da_giai_quyet_qua_han"], s["dang_giai_quyet_qua_han"]) == (2, 2, 1)
    assert s["ty_le_giai_quyet_dung_han"] == Decimal("0.00")
    # no new dossier: every rate over the new dossiers is "not arisen" (null), never 0
    assert [s[k] for k in ("ty_le_truc_tuyen", "ty_le_thanh_toan_truc_tuyen", "ty_le_so_hoa_ho_so")] == [None] * 3
    # 0003 and 0008 were resolved (late) within February
    assert (s["giai_quyet_trong_ky"], s["ket_qua_dien_tu"]) == (2, 0)
    with connect(url) as conn:
        data = gather(conn, CAT, february)
    assert data.previous.code == "thang:2024-01" and data.previous_summary.tiep_nhan_tong == 9
    # Hoằng Mới's one dossier has no fee: no online-payment rate, and QĐ 766 says so rather than 0
    moi = summary(url, MOI)
    assert (moi["ho_so_co_phi"], moi["ty_le_thanh_toan_truc_tuyen"]) == (0, None)
