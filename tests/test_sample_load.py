"""The generated sample province, loaded end to end: exact numbers from its manifest, and a re-run that
changes nothing."""
from __future__ import annotations

import json
from datetime import date

import psycopg
import pytest
from psycopg import sql

from conftest import fresh_warehouse, query
from etl.pipeline import ingest
from etl.sample import MANIFEST_NAME, generate_sample

DOSSIERS = 3000


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    folder = tmp_path_factory.mktemp("inbox") / "thanhhoa"
    generate_sample(folder, dossiers=DOSSIERS, listing_share=0.1)
    return folder, json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))


def keys(manifest, kind) -> set[str]:
    return {item["ma_ho_so"] for item in manifest["defects"][kind]["items"]}


def checksums(url: str) -> dict[str, tuple]:
    """Row count and md5 of every dw table, without the columns that record when a row was written."""
    result = {}
    with psycopg.connect(url) as conn:
        tables = conn.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'dw' "
                              "ORDER BY 1").fetchall()
        for (table,) in tables:
            columns = [c for (c,) in conn.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = 'dw' AND table_name = %s "
                "AND column_name NOT IN ('inserted_at', 'updated_at') ORDER BY ordinal_position", (table,))]
            statement = sql.SQL("SELECT count(*), md5(string_agg(t::text, '|' ORDER BY t::text)) "
                                "FROM (SELECT {} FROM dw.{}) t").format(
                sql.SQL(", ").join(map(sql.Identifier, columns)), sql.Identifier(table))
            result[table] = conn.execute(statement).fetchone()
    return result


def test_sample_loads_with_exact_numbers_and_a_rerun_changes_nothing(sample, warehouse):
    folder, manifest = sample
    first = ingest([folder], source="thanhhoa", load_date=date(2025, 1, 1), progress=lambda _: None)
    assert first.failed == []
    totals = manifest["totals"]
    reference_rows = manifest["units"]["tinh"] + manifest["units"]["huyen"] + manifest["units"]["xa"] + manifest["procedures"]
    assert first.total("rows_read") == totals["json_rows"] + totals["listing_rows"] + reference_rows

    rejected = keys(manifest, "missing_ngay_tiep_nhan") | keys(manifest, "bad_date_format")
    assert query(warehouse, "SELECT count(*) FROM dw.fact_dossier") == [(DOSSIERS - len(rejected),)]
    quarantined = query(warehouse, "SELECT rule, array_agg(DISTINCT record_key) FROM audit.quarantine GROUP BY rule")
    by_rule = {rule: set(codes) for rule, codes in quarantined}
    assert by_rule.pop("ma_ho_so_trung_trong_tep") == keys(manifest, "duplicate_row")
    assert by_rule.pop("ngay_tiep_nhan_bat_buoc") == keys(manifest, "missing_ngay_tiep_nhan")
    assert set().union(*by_rule.values()) == keys(manifest, "bad_date_format")

    unknown = {item["MaTTHC"] for item in manifest["defects"]["unknown_procedure"]["items"]}
    assert {code for (code,) in query(warehouse, "SELECT procedure_code FROM dw.dim_procedure WHERE is_inferred")} == unknown
    assert query(warehouse, "SELECT count(*) FROM dw.fact_dossier f JOIN dw.dim_procedure p USING (procedure_key) "
                            "WHERE p.is_inferred") == [(len(keys(manifest, "unknown_procedure") - rejected),)]
    resent = keys(manifest, "resent_with_new_status") - rejected
    assert first.total("rows_updated") == len(resent)
    final_status = {item["ma_ho_so"]: item["status"] for item in manifest["defects"]["resent_with_new_status"]["items"]}
    stored = dict(query(warehouse, "SELECT dossier_code, status_code FROM dw.fact_dossier WHERE dossier_code = ANY(%s)",
                        (list(resent),)))
    assert stored == {k: final_status[k] for k in resent}
    assert query(warehouse, "SELECT count(*) FROM dw.fact_dossier_status_history") == [(DOSSIERS - len(rejected) + len(resent),)]

    orphans = query(warehouse, """
        SELECT count(*) FILTER (WHERE u.unit_key IS NULL), count(*) FILTER (WHERE p.procedure_key IS NULL),
               count(*) FILTER (WHERE f.field_key IS NOT NULL AND fi.field_key IS NULL),
               count(*) FILTER (WHERE c.channel_code IS NULL), count(*) FILTER (WHERE s.status_code IS NULL),
               count(*) FILTER (WHERE r.date_key IS NULL),
               count(*) FILTER (WHERE f.due_date_key IS NOT NULL AND d.date_key IS NULL),
               count(*) FILTER (WHERE f.finished_date_key IS NOT NULL AND e.date_key IS NULL)
        FROM dw.fact_dossier f
        LEFT JOIN dw.dim_unit u USING (unit_key) LEFT JOIN dw.dim_procedure p USING (procedure_key)
        LEFT JOIN dw.dim_field fi ON fi.field_key = f.field_key
        LEFT JOIN dw.dim_channel c USING (channel_code) LEFT JOIN dw.dim_status s USING (status_code)
        LEFT JOIN dw.dim_date r ON r.date_key = f.received_date_key
        LEFT JOIN dw.dim_date d ON d.date_key = f.due_date_key
        LEFT JOIN dw.dim_date e ON e.date_key = f.finished_date_key""")
    assert orphans == [(0,) * 8]  # the fact table has no foreign keys: the loader is what guarantees this

    before = checksums(warehouse)
    second = ingest([folder], source="thanhhoa", load_date=date(2025, 1, 2), progress=lambda _: None)
    assert {f.status for f in second.files} == {"skipped"}
    assert checksums(warehouse) == before
    assert query(warehouse, "SELECT count(*) FROM audit.file_load") == [(len(first.files),)]


def test_preparing_files_in_worker_processes_builds_the_same_warehouse(sample, admin_url, tmp_path, monkeypatch):
    folder, _ = sample
    sums = []
    for parallel_mb in ("100000", "0"):  # in this process; then in 2 worker processes, whatever the size
        monkeypatch.setenv("CCHC_PARALLEL_MB", parallel_mb)
        monkeypatch.setenv("CCHC_WORKERS", "2")
        with fresh_warehouse(admin_url, tmp_path / parallel_mb) as url:
            summary = ingest([folder], source="thanhhoa", load_date=date(2025, 1, 1), progress=lambda _: None)
            assert summary.failed == []
            sums.append((checksums(url), summary.total("rows_loaded"), summary.total("rows_quarantined")))
    assert sums[0] == sums[1]
