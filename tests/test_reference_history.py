"""Reference data with history: versioned procedures and units, the 2025 reorganisation, restatement."""
from __future__ import annotations

from datetime import date

import psycopg
import pytest

from conftest import FIXTURES, query
from etl.pipeline import ingest

HISTORY = FIXTURES / "history"
A = "1.001193.000.00.00.H56"  # becomes toàn trình on 2025-01-01
B = "2.000815.000.00.00.H56"  # its fee is abolished on 2025-01-01
NEW_HOANG_SON = "000.60.00.H56"
PREDECESSORS = ["000.31.27.H56", "000.32.27.H56", "000.33.27.H56", "000.35.27.H56"]
DISTRICT = "000.00.27.H56"


def load(*names, load_date=date(2025, 12, 31)):
    return ingest([HISTORY / n for n in names], source="test", load_date=load_date, progress=lambda _: None)


@pytest.fixture
def everything(warehouse):
    summary = load("don-vi-2024.csv", "danh-muc-tthc.csv", "danh-muc-tthc-2025-01-01.csv", "don-vi-2025-07-01.csv",
                   "sap-xep-dvhc-2025.csv", "ho-so-2024-2025.json")
    assert summary.failed == []
    return warehouse


def versions(url, code):
    return query(url, "SELECT valid_from::text, valid_to::text, online_level, has_fee FROM dw.dim_procedure "
                      "WHERE procedure_code = %s ORDER BY valid_from", (code,))


def online_level(url, dossier_code):
    return query(url, "SELECT f.online_level_at_receipt, p.has_fee FROM dw.fact_dossier f "
                      "JOIN dw.dim_procedure p USING (procedure_key) WHERE f.dossier_code = %s", (dossier_code,))[0]


def test_two_catalogue_versions_give_two_versions(everything):
    assert versions(everything, A) == [("1900-01-01", "2025-01-01", "mot_phan", False),
                                       ("2025-01-01", "9999-12-31", "toan_trinh", False)]
    assert versions(everything, B) == [("1900-01-01", "2025-01-01", "mot_phan", True),
                                       ("2025-01-01", "9999-12-31", "mot_phan", False)]


def test_a_dossier_is_judged_by_the_version_in_force_on_its_receipt_day(everything):
    assert online_level(everything, "000.35.27.H56-241220-0001") == ("mot_phan", False)
    assert online_level(everything, "000.35.27.H56-250210-0001") == ("toan_trinh", False)
    assert online_level(everything, f"{NEW_HOANG_SON}-251202-0001") == ("mot_phan", False)  # fee abolished


def test_dossiers_loaded_before_the_new_catalogue_are_rejudged(warehouse):
    load("don-vi-2024.csv", "danh-muc-tthc.csv", "don-vi-2025-07-01.csv", "ho-so-2024-2025.json")
    assert online_level(warehouse, "000.35.27.H56-250210-0001") == ("mot_phan", False)
    load("danh-muc-tthc-2025-01-01.csv")
    assert online_level(warehouse, "000.35.27.H56-250210-0001") == ("toan_trinh", False)
    assert online_level(warehouse, "000.35.27.H56-241220-0001") == ("mot_phan", False)


def test_the_reorganisation_ends_the_old_units_and_opens_the_new_one(everything):
    rows = query(everything, "SELECT u.unit_code, u.valid_from::text, u.valid_to::text, p.gso_code FROM dw.dim_unit u "
                             "LEFT JOIN dw.dim_unit p ON p.unit_key = u.parent_unit_key "
                             "WHERE u.unit_code = ANY(%s) ORDER BY 1", (PREDECESSORS + [DISTRICT, NEW_HOANG_SON],))
    assert rows == [(DISTRICT, "1900-01-01", "2025-07-01", "38")] + [
        (code, "1900-01-01", "2025-07-01", "399") for code in PREDECESSORS] + [
        (NEW_HOANG_SON, "2025-07-01", "9999-12-31", "38")]
    assert query(everything, "SELECT count(*), count(new_unit_code), sum(share_percent) FILTER (WHERE new_unit_code IS NOT NULL) "
                             "FROM dw.unit_lineage") == [(5, 4, 400)]


AS_THEN = """
    SELECT u.unit_code, count(*) FROM dw.fact_dossier f JOIN dw.dim_unit u USING (unit_key)
    WHERE f.received_date_key BETWEEN %(start)s AND %(end)s GROUP BY 1 ORDER BY 1"""
AS_TODAY = """
    SELECT r.current_unit_code, sum(r.share) FROM dw.fact_dossier f JOIN dw.dim_unit u USING (unit_key)
    JOIN dw.unit_restatement r ON r.unit_code = u.unit_code
    WHERE f.received_date_key BETWEEN %(start)s AND %(end)s GROUP BY 1 ORDER BY 1"""
YEAR_2024 = {"start": 20240101, "end": 20241231}
YEAR_2025 = {"start": 20250101, "end": 20251231}


def test_a_merged_unit_reports_2025_in_both_modes(everything):
    assert query(everything, AS_THEN, YEAR_2025) == [("000.33.27.H56", 1), ("000.35.27.H56", 2), (NEW_HOANG_SON, 4)]
    assert query(everything, AS_TODAY, YEAR_2025) == [(NEW_HOANG_SON, 7)]


def test_2024_restated_as_the_units_are_today(everything):
    # the four predecessors' 2024 dossiers are the new xã Hoằng Sơn's; the dissolved district keeps its own
    assert query(everything, AS_TODAY, YEAR_2024) == [(DISTRICT, 2), (NEW_HOANG_SON, 7)]


def test_a_district_that_no_longer_exists_still_reports_for_2024(everything):
    district_2024 = query(everything, """
        SELECT d.name, count(*) FROM dw.fact_dossier f JOIN dw.dim_unit u USING (unit_key)
        JOIN dw.dim_unit d ON d.unit_key IN (u.unit_key, u.parent_unit_key)
        WHERE d.gso_code = '399' AND f.received_date_key BETWEEN 20240101 AND 20241231 GROUP BY 1""")
    assert district_2024 == [("Hoằng Hóa", 9)]


def test_reloading_reference_files_changes_nothing(everything, tmp_path):
    before = query(everything, "SELECT count(*), max(updated_at) FROM dw.dim_unit") + query(
        everything, "SELECT count(*), max(updated_at) FROM dw.dim_procedure") + query(
        everything, "SELECT count(*) FROM dw.unit_lineage")
    copies = []
    for name in ("don-vi-2024.csv", "danh-muc-tthc.csv", "danh-muc-tthc-2025-01-01.csv", "don-vi-2025-07-01.csv",
                 "sap-xep-dvhc-2025.csv"):
        copy = tmp_path / name  # other bytes, same content: landed and loaded again
        copy.write_text((HISTORY / name).read_text(encoding="utf-8") + "\n", encoding="utf-8")
        copies.append(copy)
    summary = ingest(copies, source="test", load_date=date(2026, 1, 15), progress=lambda _: None)
    assert [f.status for f in summary.files] == ["loaded"] * 5
    after = query(everything, "SELECT count(*), max(updated_at) FROM dw.dim_unit") + query(
        everything, "SELECT count(*), max(updated_at) FROM dw.dim_procedure") + query(
        everything, "SELECT count(*) FROM dw.unit_lineage")
    assert after == before


def test_the_database_allows_one_current_version_per_code(everything):
    with psycopg.connect(everything) as conn, pytest.raises(psycopg.errors.UniqueViolation):
        conn.execute("INSERT INTO dw.dim_unit (unit_code, name, valid_from) VALUES (%s, 'x', '2026-01-01')",
                     (NEW_HOANG_SON,))
    with psycopg.connect(everything) as conn, pytest.raises(psycopg.errors.UniqueViolation):
        conn.execute("INSERT INTO dw.dim_procedure (procedure_code, national_procedure_code, name, valid_from) "
                     "VALUES (%s, '1.001193', 'x', '2026-01-01')", (A,))
    with psycopg.connect(everything) as conn, pytest.raises(psycopg.errors.CheckViolation):
        conn.execute("UPDATE dw.dim_unit SET valid_to = valid_from WHERE unit_code = %s", (NEW_HOANG_SON,))


def test_the_restatement_example_runs_as_the_analyst(everything):
    text = (FIXTURES.parent.parent / "sql" / "examples" / "07_restated_as_units_today.sql").read_text(encoding="utf-8")
    with psycopg.connect(everything) as conn:
        conn.execute("SET ROLE analyst")
        rows = conn.execute(text).fetchall()
    assert rows == [(NEW_HOANG_SON, "Hoằng Sơn", True, 7), (DISTRICT, "Hoằng Hóa", False, 2)]


def test_a_period_that_straddles_the_reorganisation_says_how_it_was_restated(everything):
    from etl.restatement import THEN, TODAY, restatement_note

    with psycopg.connect(everything) as conn:
        today = restatement_note(conn, date(2025, 1, 1), date(2025, 12, 31), TODAY)
        then = restatement_note(conn, date(2025, 1, 1), date(2025, 12, 31), THEN, unit_codes=[NEW_HOANG_SON])
        assert restatement_note(conn, date(2024, 1, 1), date(2024, 12, 31), TODAY) is None
        assert restatement_note(conn, date(2025, 7, 1), date(2025, 9, 30), TODAY) is None  # starts on the day
    assert today == (
        "Số liệu được tổng hợp theo đơn vị hành chính hiện nay (sau sắp xếp theo Nghị quyết 1686/NQ-UBTVQH15 "
        "ngày 16/6/2025). Số liệu của xã Hoằng Sơn gồm cả số liệu trước ngày 01/07/2025 của xã Hoằng Trinh, "
        "xã Hoằng Sơn (cũ), xã Hoằng Xuyên và xã Hoằng Cát.")
    assert then == (
        "Số liệu được tổng hợp theo đơn vị hành chính tại thời điểm tiếp nhận hồ sơ. Từ ngày 01/07/2025, "
        "xã Hoằng Trinh, xã Hoằng Sơn (cũ), xã Hoằng Xuyên và xã Hoằng Cát được sắp xếp thành xã Hoằng Sơn "
        "theo Nghị quyết 1686/NQ-UBTVQH15 ngày 16/6/2025; số liệu từ ngày này thuộc xã Hoằng Sơn.")
