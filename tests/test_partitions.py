"""dw.fact_dossier partitioned by year of receipt (migration 0020): each dossier in its year's partition, moved
when a later export changes its year of receipt, keeping its dossier_key and history; dossier_code unique through
dw.fact_dossier_key; an existing warehouse's rows moved by the migration."""
from __future__ import annotations

import json
import re
import uuid
from datetime import date

import psycopg
import pytest

from conftest import FIXTURES, _create, _drop, query
from etl import migrate
from etl.pipeline import ingest

SMALL = FIXTURES / "small"
UNIT = "000.35.27.H56"
MOVED = f"{UNIT}-240108-0005"  # the dossier of the update file ho-so-hoang-cat-2024-01-capnhat.json

PER_PARTITION = "SELECT tableoid::regclass::text, count(*) FROM dw.fact_dossier GROUP BY 1 ORDER BY 1"
KEYS_AGREE = """
    SELECT count(*) FILTER (WHERE f.dossier_key = k.dossier_key AND f.received_date_key = k.received_date_key),
           count(*)
    FROM dw.fact_dossier f FULL JOIN dw.fact_dossier_key k USING (dossier_code)"""


def write_export(tmp_path, name: str, change) -> list:
    """The update file of the small export with ``change`` applied to its one record, as a new file."""
    payload = json.loads((SMALL / "ho-so-hoang-cat-2024-01-capnhat.json").read_text(encoding="utf-8"))
    change(payload["data"][0])
    path = tmp_path / name
    path.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    return [path]


def received_on(day: str):
    def change(record):
        record["NgayNopHoSo"] = record["NgayTiepNhan"] = day
    return change


def test_each_dossier_is_in_its_years_partition(small_warehouse):
    url, _ = small_warehouse
    assert query(url, PER_PARTITION) == [("dw.fact_dossier_2024", 10)]
    assert query(url, KEYS_AGREE) == [(10, 10)]
    assert query(url, "SELECT relkind FROM pg_class WHERE oid = 'dw.fact_dossier'::regclass") == [("p",)]
    assert query(url, "SELECT count(*) FROM pg_inherits WHERE inhparent = 'dw.fact_dossier'::regclass") == [(22,)]
    # the refresh of the marts reads the last key given out from the sequence of fact_dossier.dossier_key
    assert query(url, "SELECT pg_get_serial_sequence('dw.fact_dossier', 'dossier_key'), "
                      "pg_sequence_last_value('dw.fact_dossier_dossier_key_seq')") == [
        ("dw.fact_dossier_dossier_key_seq", 10)]


def test_a_later_export_with_another_year_of_receipt_moves_the_row(small_warehouse, tmp_path):
    url, _ = small_warehouse
    [(key,)] = query(url, "SELECT dossier_key FROM dw.fact_dossier WHERE dossier_code = %s", (MOVED,))
    summary = ingest(write_export(tmp_path, "nam-truoc.json", received_on("20231229080000")), source="test",
                     load_date=date(2024, 2, 2), progress=lambda _: None)
    assert (summary.files[0].status, summary.files[0].rows_inserted, summary.files[0].rows_updated) == ("loaded", 0, 1)
    assert query(url, PER_PARTITION) == [("dw.fact_dossier_2023", 1), ("dw.fact_dossier_2024", 9)]
    assert query(url, "SELECT dossier_key, received_date_key, status_code, tableoid::regclass::text "
                      "FROM dw.fact_dossier WHERE dossier_code = %s", (MOVED,)) == [
        (key, 20231229, 10, "dw.fact_dossier_2023")]
    assert query(url, KEYS_AGREE) == [(10, 10)]
    assert query(url, "SELECT status_code FROM dw.fact_dossier_status_history WHERE dossier_key = %s "
                      "ORDER BY observed_at", (key,)) == [(4,), (10,)]
    # the marts' change log (migration 0019) holds the state before the move, as for any update
    assert query(url, "SELECT dossier_key, received_date_key, status_code FROM audit.dossier_change") == [
        (key, 20240108, 4)]
    assert query(url, "SELECT count(*) FROM restricted.applicant a JOIN dw.fact_dossier f USING (dossier_code) "
                      "WHERE f.dossier_key = %s", (key,)) == [(1,)]

    # and back to 2024 by a later export: the same row again, no new key
    back = write_export(tmp_path, "tra-lai.json", lambda r: (received_on("20240109080000")(r),
                                                             r.update(NgayTra="20240113100000")))
    summary = ingest(back, source="test", load_date=date(2024, 2, 3), progress=lambda _: None)
    assert (summary.files[0].rows_inserted, summary.files[0].rows_updated) == (0, 1)
    assert query(url, PER_PARTITION) == [("dw.fact_dossier_2024", 10)]
    assert query(url, "SELECT dossier_key, received_date_key FROM dw.fact_dossier WHERE dossier_code = %s", (MOVED,)) == [
        (key, 20240109)]
    assert query(url, KEYS_AGREE) == [(10, 10)]
    assert query(url, "SELECT count(*) FROM dw.fact_dossier_status_history WHERE dossier_key = %s", (key,)) == [(2,)]


def test_a_reload_changes_nothing_and_draws_no_key(small_warehouse, tmp_path):
    url, _ = small_warehouse
    state = ("SELECT (SELECT count(*) FROM dw.fact_dossier), (SELECT max(updated_at) FROM dw.fact_dossier), "
             "(SELECT count(*) FROM dw.fact_dossier_key), (SELECT count(*) FROM dw.fact_dossier_status_history), "
             "pg_sequence_last_value('dw.fact_dossier_dossier_key_seq')")
    before = query(url, state)
    copy = tmp_path / "ban-sao.json"  # the same dossiers, other bytes: not skipped as a file loaded before
    copy.write_text((SMALL / "ho-so-hoang-cat-2024-01.json").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    summary = ingest([copy], source="test", progress=lambda _: None)
    assert (summary.files[0].status, summary.files[0].rows_inserted, summary.files[0].rows_updated) == ("loaded", 0, 0)
    assert query(url, state) == before
    assert before[0][0] == 10 and before[0][2:] == (10, 10, 10)


def test_a_new_dossier_takes_the_next_key_in_its_years_partition(small_warehouse, tmp_path):
    url, _ = small_warehouse
    new = write_export(tmp_path, "moi.json", lambda r: (received_on("20250102080000")(r),
                                                        r.update(MaHoSo=f"{UNIT}-250102-0001",
                                                                 NgayHenTra="20250106170000",
                                                                 NgayKetThucXuLy="20250106090000",
                                                                 NgayTra="20250106100000")))
    summary = ingest(new, source="test", load_date=date(2025, 1, 7), progress=lambda _: None)
    assert (summary.files[0].rows_inserted, summary.files[0].rows_updated) == (1, 0)
    assert query(url, "SELECT dossier_key, tableoid::regclass::text FROM dw.fact_dossier WHERE dossier_code = %s",
                 (f"{UNIT}-250102-0001",)) == [(11, "dw.fact_dossier_2025")]
    assert query(url, "SELECT status_code FROM dw.fact_dossier_status_history WHERE dossier_key = 11") == [(10,)]


def test_a_filter_on_the_day_of_receipt_reads_only_its_years(small_warehouse):
    url, _ = small_warehouse
    plan = "\n".join(r[0] for r in query(url, "EXPLAIN SELECT count(*) FROM dw.fact_dossier "
                                              "WHERE received_date_key BETWEEN 20240401 AND 20250331"))
    assert sorted(set(re.findall(r" on (fact_dossier_\w+)", plan))) == ["fact_dossier_2024", "fact_dossier_2025"]


def test_the_analyst_reads_the_key_table_and_writes_nothing(small_warehouse):
    url, _ = small_warehouse
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SET ROLE analyst")
        assert conn.execute("SELECT count(*) FROM dw.fact_dossier_key").fetchone() == (10,)
        assert conn.execute("SELECT count(*) FROM dw.fact_dossier_2024").fetchone() == (10,)
        for statement in ("DELETE FROM dw.fact_dossier_key", "UPDATE dw.fact_dossier_2024 SET status_code = 1"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)


# ---------------------------------------------------------------- the migration of an existing warehouse

OLD_ROWS = """
INSERT INTO dw.fact_dossier (  -- at 0019: the column names of then (0021 renamed ma_ho_so)
    ma_ho_so, unit_key, procedure_key, field_key, channel_code, channel_given, status_code, received_date_key,
    received_at, source_event_at, has_fee, paid_online, returned_by_post, digitised_input, electronic_result,
    supplement_count, row_hash, first_load_id, last_load_id)
SELECT 'HS-' || n, 1, 1, NULL, 1, true, 4, to_char(d, 'YYYYMMDD')::integer, d, d, false, false, false, false, false,
       0, n, 1, 1
FROM (SELECT n, timestamptz '2022-12-31 12:00+07' + (n * 9) * interval '1 day' AS d
      FROM generate_series(1, 200) AS n) AS days
"""


@pytest.fixture
def warehouse_at_0019(admin_url, tmp_path, monkeypatch):
    """A warehouse migrated up to 0019 (fact table not partitioned) holding 200 dossiers received every 9 days
    from 2023-01-09 to 2027-12-05, one of them with a day outside dim_date, and a status history row each."""
    name = f"cchc_test_{uuid.uuid4().hex[:10]}"
    url = _create(admin_url, name)
    monkeypatch.setenv("WAREHOUSE_URL", url)
    monkeypatch.setenv("CCHC_HOME", str(tmp_path / "home"))
    migrate.upgrade(url, "0019")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(OLD_ROWS)
        conn.execute("UPDATE dw.fact_dossier SET received_date_key = 20400101 WHERE ma_ho_so = 'HS-200'")
        conn.execute("INSERT INTO dw.fact_dossier_status_history SELECT dossier_key, 4, source_event_at, 1 "
                     "FROM dw.fact_dossier")
        conn.execute("TRUNCATE audit.dossier_change")
    yield url
    _drop(admin_url, name)


def test_the_migration_moves_the_rows_of_an_existing_warehouse(warehouse_at_0019):
    url = warehouse_at_0019
    every_row = "SELECT f::text FROM dw.fact_dossier f ORDER BY dossier_key"
    triggers = ("SELECT tgname, tgtype, tgfoid::regproc::text FROM pg_trigger "
                "WHERE tgrelid = 'dw.fact_dossier'::regclass ORDER BY 1")
    before = query(url, every_row)
    triggers_before = query(url, triggers)
    assert len(triggers_before) == 3  # the change log of the marts (0019)
    assert len(before) == 200 and query(url, "SELECT relkind FROM pg_class WHERE oid = 'dw.fact_dossier'::regclass") == [
        ("r",)]
    # up to 0021: 0022's foreign keys refuse these hand-made rows (unit and procedure key 1 of empty dimensions, a
    # day outside dim_date), as tests/test_analyst_layer.py checks; this test is about 0020's move of the rows
    migrate.upgrade(url, "0021")
    assert query(url, PER_PARTITION) == [
        ("dw.fact_dossier_2023", 40), ("dw.fact_dossier_2024", 41), ("dw.fact_dossier_2025", 40),
        ("dw.fact_dossier_2026", 41), ("dw.fact_dossier_2027", 37), ("dw.fact_dossier_default", 1)]
    assert query(url, every_row) == before  # every column of every row as it was, same keys
    assert query(url, KEYS_AGREE) == [(200, 200)]
    assert query(url, "SELECT count(*) FROM dw.fact_dossier_status_history h JOIN dw.fact_dossier f "
                      "USING (dossier_key)") == [(200,)]
    # the sequence goes on where it was; comments, triggers and grants came along
    assert query(url, "SELECT pg_get_serial_sequence('dw.fact_dossier', 'dossier_key'), "
                      "pg_sequence_last_value('dw.fact_dossier_dossier_key_seq')") == [
        ("dw.fact_dossier_dossier_key_seq", 200)]
    assert query(url, "SELECT count(*) FROM pg_attribute a WHERE a.attrelid = 'dw.fact_dossier'::regclass "
                      "AND a.attnum > 0 AND col_description(a.attrelid, a.attnum) IS NULL") == [(0,)]
    assert query(url, triggers) == triggers_before
    assert query(url, "SELECT has_table_privilege('analyst', 'dw.fact_dossier', 'SELECT'), "
                      "has_table_privilege('analyst', 'dw.fact_dossier', 'UPDATE')") == [(True, False)]
    # the moved rows are updated like any: the change log holds the old state, a year change moves the row
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("UPDATE dw.fact_dossier SET received_date_key = 20250105 WHERE dossier_code = 'HS-1'")
    assert query(url, "SELECT received_date_key FROM audit.dossier_change") == [(20230109,)]
    assert query(url, "SELECT tableoid::regclass::text FROM dw.fact_dossier WHERE dossier_code = 'HS-1'") == [
        ("dw.fact_dossier_2025",)]
