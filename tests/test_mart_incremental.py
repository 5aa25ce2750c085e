"""Marts kept up to date incrementally (etl.marts, migration 0019): after changes to dw.fact_dossier, a refresh that
applies only the changed dossiers leaves every row of every mart exactly as a refresh from scratch of the same
periods writes it; mart.refreshed_period lists what each mart holds; a refresh never misses a change committed
while it waits."""
from __future__ import annotations

import re
import threading
from datetime import date
from pathlib import Path

import psycopg
import pytest

from conftest import _clone, _drop, load_small, query
from etl.db import connect, run
from etl.marts import current_periods, refresh, refresh_after_load, refresh_for_report
from etl.periods import HANH_CHINH, LICH, Period

NIGHT = date(2026, 7, 1)
FIELDS = ["chứng thực"]
MARTS = {  # every mart and the order that makes a dump comparable
    "bieu06": "calendar, period_code, unit_key, field_key",
    "dossier_counts": "calendar, period_code, unit_key, procedure_key, field_key",
    "dossier_month": "calendar, period_code, unit_key, month",
    "cchc_summary": "calendar, period_code, unit_code, restated",
    "kpi_766": "period_code, unit_code, restated, indicator_code",
}
BENCH_SQL = Path(__file__).resolve().parents[1] / "bench" / "sql"


@pytest.fixture(scope="module")
def sample_template(admin_url, migrated_template, tmp_path_factory):
    """A warehouse holding a generated province (1,500 dossiers, 2024 to mid-2026, the 2025 reorganisation, sync files
    only: too few rows for a listing), loaded
    once for the module and only ever copied."""
    from etl.pipeline import ingest
    from etl.sample import generate_sample

    name, url = _clone(admin_url, migrated_template)
    folder = tmp_path_factory.mktemp("incremental-inbox") / "thanhhoa"
    generate_sample(folder, dossiers=1500, until=date(2026, 6, 30), listing_share=0)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CCHC_HOME", str(tmp_path_factory.mktemp("incremental-home")))
        summary = ingest([folder], source="thanhhoa", load_date=NIGHT, url=url, progress=lambda _: None)
    assert summary.failed == []
    yield name
    _drop(admin_url, name)


@pytest.fixture
def province(admin_url, sample_template, monkeypatch, tmp_path):
    name, url = _clone(admin_url, sample_template)
    monkeypatch.setenv("WAREHOUSE_URL", url)
    monkeypatch.setenv("CCHC_HOME", str(tmp_path / "home"))
    yield url
    _drop(admin_url, name)


def dump(url: str) -> dict[str, list[tuple]]:
    """Every row of every mart, without the time it was written."""
    out = {}
    with psycopg.connect(url) as conn:
        for mart, order in MARTS.items():
            cursor = conn.execute(f"SELECT * FROM mart.{mart} ORDER BY {order}")
            names = [c.name for c in cursor.description]
            out[mart] = [tuple(v for n, v in zip(names, row) if n != "refreshed_at") for row in cursor]
    return out


def held(url: str) -> list[tuple[str, Period]]:
    with connect(url) as conn:
        return [(mart, Period.from_code(code, calendar)) for mart, calendar, code, *_ in run(conn, "marts/held_periods")]


def recompute_whole(url: str, pairs: list[tuple[str, Period]]) -> dict[str, list[tuple]]:
    with connect(url) as conn:
        refresh(conn, pairs, FIELDS, whole=True)
    return dump(url)


def hold_many_periods(url: str) -> None:
    """Reports of a year, a quarter and a month, and what a night's load refreshes: months, quarters and years of
    both calendars, open and closed, some of them long before the changes."""
    with connect(url) as conn:
        refresh_for_report(conn, Period.from_code("nam:2025"), FIELDS)
        refresh_for_report(conn, Period.from_code("quy:2024-2"), FIELDS)
        refresh_for_report(conn, Period.from_code("thang:2025-07", LICH), FIELDS)
        refresh_after_load(conn, NIGHT, FIELDS)


# Changes a load or a reference load can make to dossiers, each an edge of the counting rules.
CHANGES = """
-- a late export: an old open dossier ended long ago (it leaves "in progress" of past periods)
UPDATE dw.fact_dossier SET status_code = 10, finished_at = received_at + interval '3 days',
       finished_date_key = to_char(received_at + interval '3 days', 'YYYYMMDD')::integer, timeliness = 'truoc_han'
WHERE dossier_key IN (SELECT dossier_key FROM dw.fact_dossier WHERE status_code IN (2, 4, 5, 6)
                      ORDER BY received_date_key LIMIT 3);
-- withdrawn and stopped without an end date: the end day is that of their latest event
UPDATE dw.fact_dossier SET status_code = 7 + (dossier_key % 2)::smallint, finished_at = NULL, finished_date_key = NULL,
       timeliness = NULL, source_event_at = received_at + interval '40 days'
WHERE dossier_key IN (SELECT dossier_key FROM dw.fact_dossier WHERE status_code = 10 ORDER BY dossier_key LIMIT 5);
-- refused at intake (off every form) and back on it
UPDATE dw.fact_dossier SET status_code = 3 WHERE dossier_key IN (SELECT dossier_key FROM dw.fact_dossier
                                                                 WHERE status_code = 10 ORDER BY dossier_key DESC LIMIT 3);
UPDATE dw.fact_dossier SET status_code = 4, finished_at = NULL, finished_date_key = NULL, timeliness = NULL
WHERE dossier_key IN (SELECT dossier_key FROM dw.fact_dossier WHERE status_code = 3 ORDER BY dossier_key LIMIT 2);
-- channel, fee, payment, digitised input, electronic result, supplements, due day, field and procedure changed
UPDATE dw.fact_dossier SET channel_code = 3 - channel_code % 2, has_fee = NOT has_fee, paid_online = NOT paid_online,
       digitised_input = NOT digitised_input, electronic_result = NOT electronic_result,
       supplement_count = supplement_count + 1, supplement_wait_days = 2.5,
       due_date_key = to_char(received_at + interval '1 day', 'YYYYMMDD')::integer, due_at = received_at + interval '1 day',
       field_key = CASE WHEN dossier_key % 3 = 0 THEN NULL ELSE field_key END,
       online_level_at_receipt = 'khong'
WHERE dossier_key % 37 = 5;
UPDATE dw.fact_dossier f SET procedure_key = (SELECT min(procedure_key) FROM dw.dim_procedure)
WHERE dossier_key % 53 = 11;
-- repointed to another unit (a unit list that corrects a unit, as sql/load/unit/repoint_facts.sql does)
UPDATE dw.fact_dossier SET unit_key = (SELECT max(unit_key) FROM dw.dim_unit WHERE level = 'xa')
WHERE dossier_key % 41 = 7;
-- received a year earlier: the row moves to the partition of that year
UPDATE dw.fact_dossier SET received_at = received_at - interval '1 year',
       received_date_key = to_char(received_at - interval '1 year', 'YYYYMMDD')::integer
WHERE dossier_key IN (SELECT dossier_key FROM dw.fact_dossier WHERE received_date_key BETWEEN 20250101 AND 20251231
                      ORDER BY dossier_key LIMIT 4);
UPDATE dw.fact_dossier_key k SET received_date_key = f.received_date_key
FROM dw.fact_dossier f WHERE f.dossier_key = k.dossier_key AND f.received_date_key <> k.received_date_key;
-- changed twice: only its state before the first change was counted
UPDATE dw.fact_dossier SET status_code = 9 WHERE dossier_key % 97 = 1 AND status_code = 10;
UPDATE dw.fact_dossier SET timeliness = 'qua_han' WHERE dossier_key % 97 = 1 AND status_code = 9;
-- deleted
DELETE FROM dw.fact_dossier WHERE dossier_key % 101 = 13;
"""


def night(url: str) -> None:
    """A night's load (bench/sql/night.sql: open dossiers end, results are returned, new dossiers arrive), then
    the edge cases above."""
    with connect(url) as conn:
        run(conn, BENCH_SQL / "night.sql", {"night": NIGHT, "changed": 0.05, "added": 0.02})
        conn.execute(CHANGES)


def test_a_night_applied_incrementally_equals_a_refresh_from_scratch(province):
    hold_many_periods(province)
    pairs = held(province)
    assert len(pairs) > 40 and {p.calendar for _, p in pairs} == {HANH_CHINH, LICH}
    recomputed = query(province, "SELECT mart, calendar, period_code, recomputed_at FROM mart.refreshed_period")
    night(province)
    assert query(province, "SELECT count(*) > 100 FROM audit.dossier_change") == [(True,)]

    with connect(province) as conn:
        refresh_after_load(conn, NIGHT, FIELDS)
    incremental = dump(province)
    # nothing was recomputed whole: the periods took in the changed dossiers only, and the log is emptied
    assert query(province, "SELECT mart, calendar, period_code, recomputed_at FROM mart.refreshed_period "
                           "WHERE mart IN ('bieu06', 'dossier_counts', 'dossier_month')") == [
        row for row in recomputed if row[0] in ("bieu06", "dossier_counts", "dossier_month")]
    assert query(province, "SELECT count(*) FROM audit.dossier_change") == [(0,)]

    assert recompute_whole(province, pairs) == incremental
    assert all(incremental[mart] for mart in MARTS)


def test_periods_brought_up_to_date_at_different_times(province):
    hold_many_periods(province)
    pairs = held(province)
    night(province)
    with connect(province) as conn:  # one report's periods take the night in (and a year, whole, again)
        refresh_for_report(conn, Period.from_code("nam:2025"), FIELDS)
        refresh(conn, [("bieu06", Period.from_code("nam:2024"))], whole=True)
    positions = query(province, "SELECT count(DISTINCT (change_id, dossier_key)) FROM mart.refreshed_period "
                                "WHERE change_id IS NOT NULL")
    assert positions == [(2,)]
    # the log keeps what the other periods have not taken in yet
    assert query(province, "SELECT count(*) > 0 FROM audit.dossier_change") == [(True,)]
    with connect(province) as conn:  # a second night, then every period brought up to date
        run(conn, BENCH_SQL / "night.sql", {"night": date(2026, 7, 2), "changed": 0.02, "added": 0.01})
        conn.execute("UPDATE dw.fact_dossier SET status_code = 8 WHERE dossier_key % 89 = 3")
        conn.commit()
        refresh_after_load(conn, date(2026, 7, 2), FIELDS)
    assert query(province, "SELECT count(*) FROM audit.dossier_change") == [(0,)]
    incremental = dump(province)
    assert recompute_whole(province, pairs) == incremental


def test_a_load_through_the_pipeline_is_taken_in(small_warehouse):
    url, _ = small_warehouse
    january, february = Period.from_code("thang:2024-01"), Period.from_code("thang:2024-02")
    with connect(url) as conn:
        refresh_for_report(conn, january, FIELDS)
        refresh_for_report(conn, february, FIELDS)
    load_small("ho-so-hoang-cat-2024-01-capnhat.json", load_date=date(2024, 2, 2))  # finishes 0005 on 12/1
    assert query(url, "SELECT count(*) FROM audit.dossier_change") == [(1,)]
    with connect(url) as conn:
        refresh_for_report(conn, january, FIELDS)
        refresh_for_report(conn, february, FIELDS)
    incremental = dump(url)
    assert recompute_whole(url, held(url)) == incremental
    # the dossier finished on its due day is now handled on time in January, and no longer carried into February
    assert query(url, "SELECT da_giai_quyet_dung_han, dang_giai_quyet_tong FROM mart.cchc_summary WHERE "
                      "calendar = 'hanh_chinh' AND period_code = 'thang:2024-01' AND unit_code = '000.35.27.H56' "
                      "AND NOT restated") == [(3, 2)]


def test_a_truncated_fact_table_is_recomputed_whole(province):
    with connect(province) as conn:
        refresh_for_report(conn, Period.from_code("quy:2025-3"), FIELDS)
        conn.execute("TRUNCATE dw.fact_dossier")
        conn.commit()
    assert query(province, "SELECT count(*) FROM mart.refreshed_period WHERE change_id IS NOT NULL") == [(0,)]
    with connect(province) as conn:
        refresh_for_report(conn, Period.from_code("quy:2025-3"), FIELDS)
    assert query(province, "SELECT count(*) FROM mart.bieu06") == [(0,)]
    assert query(province, "SELECT max(tiep_nhan_tong) FROM mart.cchc_summary") == [(0,)]


def test_a_refresh_waits_for_a_load_and_takes_its_changes_in(province):
    period = Period.from_code("quy:2025-3")
    with connect(province) as conn:
        refresh_for_report(conn, period, FIELDS)
    load = psycopg.connect(province)  # a load in progress: it changed dossiers and has not committed yet
    load.execute("UPDATE dw.fact_dossier SET status_code = 3 WHERE received_date_key BETWEEN 20250615 AND 20250914")
    done = threading.Event()

    def refresh_now():
        with connect(province) as conn:
            refresh_for_report(conn, period, FIELDS)
        done.set()

    worker = threading.Thread(target=refresh_now)
    worker.start()
    assert not done.wait(2)  # the refresh waits for the load
    load.commit()
    load.close()
    worker.join(60)
    assert done.is_set()
    assert query(province, "SELECT sum(nhan_moi) FROM mart.dossier_counts "
                           "WHERE calendar = 'hanh_chinh' AND period_code = 'quy:2025-3'") == [(0,)]
    assert recompute_whole(province, held(province)) == dump(province)


def test_the_nightly_periods_and_what_an_analyst_sees_of_them(province):
    assert [p.code for p in current_periods(NIGHT, HANH_CHINH)] == [
        "thang:2026-07", "thang:2026-06", "quy:2026-3", "quy:2026-2", "nam:2026", "nam:2025"]
    assert [(p.code, p.first_day) for p in current_periods(date(2026, 6, 15), HANH_CHINH)][:2] == [
        ("thang:2026-07", date(2026, 6, 15)), ("thang:2026-06", date(2026, 5, 15))]
    assert [p.code for p in current_periods(NIGHT, LICH)] == [
        "thang:2026-07", "thang:2026-06", "quy:2026-3", "quy:2026-2", "nam:2026", "nam:2025"]
    with connect(province) as conn:
        refresh_for_report(conn, Period.from_code("quy:2024-2"), FIELDS)
        refresh_after_load(conn, NIGHT, FIELDS)
    with psycopg.connect(province) as conn:
        conn.execute("SET ROLE analyst")
        listed = conn.execute("SELECT mart, calendar, period_code FROM mart.refreshed_period "
                              "ORDER BY mart, calendar, period_last_day").fetchall()
    assert ("cchc_summary", "hanh_chinh", "quy:2024-2") in listed  # held, kept up to date every night
    assert ("dossier_month", "hanh_chinh", "thang:2026-07") in listed  # the open month's report
    assert ("kpi_766", "lich", "nam:2025") in listed and ("kpi_766", "lich", "quy:2024-2") in listed
    assert ("bieu06", "lich", "nam:2026") not in listed  # QĐ 766's periods need no Biểu 06


def test_the_data_dictionary_lists_the_new_marts_as_their_comments_say(warehouse):
    text = (Path(__file__).resolve().parents[1] / "docs" / "warehouse.md").read_text(encoding="utf-8")
    documented: dict[str, dict[str, str]] = {}
    current = None
    for line in text.splitlines():
        heading = re.fullmatch(r"#### `mart\.(\w+)`", line)
        if heading:
            current = documented.setdefault(heading.group(1), {})
        elif line.startswith("#"):
            current = None
        elif current is not None and (row := re.fullmatch(r"\| `(\w+)` \| [^|]+ \| (.+) \|", line)):
            current[row.group(1)] = row.group(2)
    assert set(documented) == {"dossier_counts", "dossier_month", "refreshed_period"}
    in_database = {table: dict(query(warehouse, """
        SELECT a.attname, col_description(a.attrelid, a.attnum) FROM pg_attribute a
        WHERE a.attrelid = %s::regclass AND a.attnum > 0 AND NOT a.attisdropped""", (f"mart.{table}",)))
        for table in documented}
    assert documented == in_database
