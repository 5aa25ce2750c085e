"""The 2024-2026 sample province, with the 2025 reorganisation and procedure changes, loaded end to end:
versions and restated figures agree exactly with what the generator wrote."""
from __future__ import annotations

from collections import Counter

import pytest

from conftest import query

COLUMN = {"Mức độ DVCTT": "online_level", "Có phí, lệ phí": "has_fee"}
VALUES = {"Một phần": "mot_phan", "Toàn trình": "toan_trinh", "Không": False, "Có": True}


@pytest.fixture
def loaded(history_sample):
    return history_sample  # conftest: loaded once, shared with test_report_marts


def loaded_per_unit_and_year(manifest) -> Counter:
    """(agency code, year) -> dossiers the manifest says were received, less those quarantined."""
    counts = Counter()
    for agency, unit in manifest["dossiers_by_unit"]["units"].items():
        for month, n in unit["months"].items():
            counts[agency, month[:4]] += n
    for kind in ("missing_ngay_tiep_nhan", "bad_date_format"):
        for item in manifest["defects"][kind]["items"]:
            agency, day, _ = item["ma_ho_so"].rsplit("-", 2)
            counts[agency, "20" + day[:2]] -= 1
    return counts


def test_the_new_commune_reports_in_both_modes(loaded):
    url, manifest = loaded
    expected = loaded_per_unit_and_year(manifest)
    [hoang_son] = [u for u in manifest["reorganisation"]["new_units"] if u["name"] == "Hoằng Sơn"]
    predecessors = hoang_son["predecessors"]
    restated = dict(query(url, """
        SELECT f.received_date_key / 10000, sum(r.share)::int FROM dw.fact_dossier f JOIN dw.dim_unit u USING (unit_key)
        JOIN dw.unit_restatement r ON r.unit_code = u.unit_code
        WHERE r.current_unit_code = %s GROUP BY 1""", (hoang_son["agency"],)))
    assert restated[2024] == sum(expected[p, "2024"] for p in predecessors)
    assert restated[2025] == sum(expected[p, "2025"] for p in predecessors) + expected[hoang_son["agency"], "2025"]
    as_then = dict(query(url, """
        SELECT u.unit_code, count(*) FROM dw.fact_dossier f JOIN dw.dim_unit u USING (unit_key)
        WHERE f.received_date_key BETWEEN 20250101 AND 20251231 AND u.unit_code = ANY(%s) GROUP BY 1""",
        (predecessors + [hoang_son["agency"]],)))
    assert as_then == {code: expected[code, "2025"] for code in predecessors + [hoang_son["agency"]]
                       if expected[code, "2025"]}


def test_the_abolished_district_still_reports_for_2024(loaded):
    url, manifest = loaded
    expected = loaded_per_unit_and_year(manifest)
    mapping = manifest["reorganisation"]["mapping"]
    [district] = manifest["reorganisation"]["dissolved"]
    subtree = query(url, """
        SELECT count(*) FROM dw.fact_dossier f JOIN dw.dim_unit u USING (unit_key)
        LEFT JOIN dw.dim_unit p ON p.unit_key = u.parent_unit_key
        WHERE f.received_date_key BETWEEN 20240101 AND 20241231 AND %s IN (u.gso_code, p.gso_code)""",
        (district["gso"],))
    agencies = {m["old_agency"] for m in mapping} | {district["agency"]}
    assert subtree == [(sum(expected[a, "2024"] for a in agencies),)]


def test_procedure_changes_become_versions_and_dossiers_follow_them(loaded):
    url, manifest = loaded
    for change in manifest["procedure_changes"]:
        if change["attribute"] not in COLUMN:
            continue
        column = COLUMN[change["attribute"]]
        rows = query(url, f"SELECT valid_from::text, {column} FROM dw.dim_procedure WHERE procedure_code = %s "
                          "ORDER BY valid_from", (change["code"],))
        assert rows[0] == ("1900-01-01", VALUES[change["old"]]), change
        assert (change["effective"], VALUES[change["new"]]) in rows, change
    toan_trinh = [c for c in manifest["procedure_changes"] if c["new"] == "Toàn trình"]
    wrong = query(url, """
        SELECT count(*) FROM dw.fact_dossier f JOIN dw.dim_procedure p USING (procedure_key)
        WHERE p.procedure_code = ANY(%s) AND f.online_level_at_receipt IS DISTINCT FROM
              CASE WHEN f.received_date_key >= 20240701 THEN 'toan_trinh' ELSE 'mot_phan' END""",
        ([c["code"] for c in toan_trinh],))
    assert wrong == [(0,)]
