"""Re-running past nights of tthc_nightly (README "Airflow", backfill): nothing changes when nothing changed, and
each night applies exactly its own files.

`airflow backfill create` only records the runs; a scheduler, an executor and the API server run them, which is
too much machinery for a test. So (1) the DAG runs night after night with `dag.test` (its logical date 01:00
Vietnam time, each night's files put in the inbox before it), then the same nights again; (2) the backfill
rule itself (a backfill run takes only the files that had arrived by its night's 01:00) runs through
``etl.orchestration.ingest_source`` with every night's files in the inbox at once, as after an outage.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from conftest import FIXTURES, query

DAGS = Path(__file__).resolve().parents[1] / "dags"
AIRFLOW = str(Path(sys.executable).parent / "airflow")
VN = ZoneInfo("Asia/Ho_Chi_Minh")
NIGHTS = {  # the small export, as it might arrive over three nights
    date(2024, 2, 1): ["don-vi-hanh-chinh.csv", "danh-muc-tthc.csv", "danh-muc-tthc-bo-sung.csv"],
    date(2024, 2, 2): ["ho-so-hoang-cat-2024-01.json", "pakn-hoang-cat-2024-01.csv"],
    date(2024, 2, 3): ["ho-so-hoang-cat-2024-01-capnhat.json", "danh-gia-hoang-cat-2024-01.csv"],
}
# Row counts of every table a load writes, and a digest of the dossiers' facts (ids and load times left out).
STATE_SQL = """
SELECT json_build_object(
  'units', (SELECT count(*) FROM dw.dim_unit), 'procedures', (SELECT count(*) FROM dw.dim_procedure),
  'dossiers', (SELECT count(*) FROM dw.fact_dossier),
  'status_history', (SELECT count(*) FROM dw.fact_dossier_status_history),
  'petitions', (SELECT count(*) FROM dw.fact_petition), 'ratings', (SELECT count(*) FROM dw.fact_dossier_rating),
  'quarantined', (SELECT count(*) FROM audit.quarantine), 'loads', (SELECT count(*) FROM audit.file_load),
  'digest', (SELECT md5(string_agg(d::text, '|' ORDER BY d::text)) FROM (SELECT dossier_code, status_code, timeliness,
             extract(epoch FROM received_at), extract(epoch FROM finished_at) FROM dw.fact_dossier) d))
"""
AFTER_THREE_NIGHTS = {"units": 6, "procedures": 4, "dossiers": 10, "status_history": 11, "petitions": 12,
                      "ratings": 10, "quarantined": 12, "loads": 7}


def night_at_one(night: date) -> datetime:
    """The logical date of a night's scheduled run: 01:00 in Vietnam."""
    return datetime(night.year, night.month, night.day, 1, tzinfo=VN)


def warehouse_state(url: str) -> dict:
    return query(url, STATE_SQL)[0][0]


def counts(state: dict) -> dict:
    return {key: value for key, value in state.items() if key != "digest"}


def loads_of(url: str, night: date) -> list[tuple]:
    return query(url, "SELECT f.original_name, l.status, l.rows_loaded FROM audit.file_load l JOIN audit.landed_file f "
                      "USING (file_id) WHERE l.load_date = %s ORDER BY 1", (night,))


# One process runs the DAG night after night (dag.test, as `airflow dags test` does), copying each night's files
# into the inbox first, and reports each run's state, its tasks' states and the warehouse's as a JSON line.
NIGHTLY = """
import json, os, shutil, sys
from datetime import datetime
from pathlib import Path
import psycopg
from airflow.dag_processing.dagbag import DagBag

dags, fixtures, inbox, plan, state_sql = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), json.loads(sys.argv[4]), sys.argv[5]
dag = DagBag(dag_folder=dags).get_dag("tthc_nightly")
for logical, names in plan:
    for name in names:
        shutil.copy(fixtures / name, inbox / name)
    run = dag.test(logical_date=datetime.fromisoformat(logical))
    states = {ti.task_id: str(ti.state) for ti in run.get_task_instances()}
    with psycopg.connect(os.environ["WAREHOUSE_URL"]) as conn:
        warehouse = conn.execute(state_sql).fetchone()[0]
    print("NIGHT " + json.dumps({"state": str(run.state), "tasks": states, "warehouse": warehouse}), flush=True)
"""


def test_nights_run_again_change_nothing_and_each_night_loads_its_own_files(airflow_home, warehouse, tmp_path):
    inbox = tmp_path / "inbox" / "thanhhoa"
    inbox.mkdir(parents=True)
    env = {**airflow_home, "WAREHOUSE_URL": warehouse, "CCHC_INBOX_DIR": str(inbox.parent),
           "CCHC_HOME": str(tmp_path / "home"), "CCHC_MAX_BAD_ROW_SHARE": "0.3"}
    plan = [(night_at_one(night).isoformat(), names) for night, names in NIGHTS.items()]
    plan += [(night_at_one(night).isoformat(), []) for night in NIGHTS]  # the same nights again, nothing new
    run = subprocess.run([sys.executable, "-c", NIGHTLY, str(DAGS), str(FIXTURES / "small"), str(inbox),
                          json.dumps(plan), STATE_SQL], env=env, capture_output=True, text=True, timeout=300)
    nights = [json.loads(line[6:]) for line in run.stdout.splitlines() if line.startswith("NIGHT ")]
    assert run.returncode == 0 and len(nights) == 6, run.stdout[-3000:] + run.stderr[-3000:]
    assert [n["state"] for n in nights] == ["success"] * 6
    announced = [n["tasks"]["announce_warehouse_updated"] for n in nights]
    assert announced == ["success"] * 3 + ["skipped"] * 3  # the second pass has nothing to announce
    # the reason of each skip is in the log, in Vietnamese, with the files it skipped
    assert run.stdout.count("Bỏ qua tác vụ: Không có dữ liệu mới: 0 tệp nạp 0 dòng, 7 tệp đã nạp từ trước "
                            "được bỏ qua (1 nguồn)") == 3
    # each night recorded exactly its own files, under its own load date (the second pass recorded nothing)
    assert loads_of(warehouse, date(2024, 2, 1)) == [("danh-muc-tthc-bo-sung.csv", "loaded", 1),
                                                     ("danh-muc-tthc.csv", "loaded", 3),
                                                     ("don-vi-hanh-chinh.csv", "loaded", 4)]
    assert loads_of(warehouse, date(2024, 2, 2)) == [("ho-so-hoang-cat-2024-01.json", "loaded", 10),
                                                     ("pakn-hoang-cat-2024-01.csv", "loaded", 12)]
    assert loads_of(warehouse, date(2024, 2, 3)) == [("danh-gia-hoang-cat-2024-01.csv", "loaded", 10),
                                                     ("ho-so-hoang-cat-2024-01-capnhat.json", "loaded", 1)]
    after = [n["warehouse"] for n in nights]
    assert [counts(state)["dossiers"] for state in after[:3]] == [0, 10, 10]
    assert counts(after[2]) == AFTER_THREE_NIGHTS
    assert after[3:] == [after[2]] * 3  # the second pass changed nothing


def test_a_backfill_night_takes_only_the_files_arrived_by_its_night(warehouse, tmp_path, monkeypatch):
    """After an outage the inbox holds every night's files at once: each backfill run loads the files that had
    arrived by its 01:00 (their modification time), with its own load date; replaying changes nothing."""
    from etl import orchestration as o

    inbox = tmp_path / "inbox" / "thanhhoa"
    inbox.mkdir(parents=True)
    monkeypatch.setenv("CCHC_INBOX_DIR", str(inbox.parent))
    monkeypatch.setenv("CCHC_MAX_BAD_ROW_SHARE", "0.3")
    for night, names in NIGHTS.items():
        arrived = (night_at_one(night) - timedelta(minutes=30)).timestamp()  # 00:30, before the run
        for name in names:
            shutil.copy(FIXTURES / "small" / name, inbox / name)
            os.utime(inbox / name, (arrived, arrived))
    late = inbox / "ho-so-den-muon.json"  # arrived after the last night: no backfill night may take it
    late.write_text((FIXTURES / "small" / "ho-so-hoang-cat-2024-01-capnhat.json").read_text(encoding="utf-8")
                    .replace("000.35.27.H56-240108-0005", "000.35.27.H56-240108-0999"), encoding="utf-8")

    assert o.arrival_cutoff("scheduled", night_at_one(date(2024, 2, 1))) is None  # only backfill runs replay
    for night in NIGHTS:
        cutoff = o.arrival_cutoff("backfill", night_at_one(night))
        summary = o.ingest_source("thanhhoa", night, arrived_by=cutoff)
        assert summary["files_loaded"] == len(NIGHTS[night]) and summary["failed"] == [], night
        assert [name for name, *_ in loads_of(warehouse, night)] == sorted(NIGHTS[night])
    backfilled = warehouse_state(warehouse)
    assert counts(backfilled) == AFTER_THREE_NIGHTS  # as when the nights ran one after the other

    arrived = 0
    for night, names in NIGHTS.items():  # the same backfill again: the files of the night and before, all skipped
        arrived += len(names)
        summary = o.ingest_source("thanhhoa", night, arrived_by=o.arrival_cutoff("backfill", night_at_one(night)))
        assert (summary["files_loaded"], summary["files_skipped"], summary["rows_loaded"]) == (0, arrived, 0)
    assert warehouse_state(warehouse) == backfilled

    summary = o.ingest_source("thanhhoa", date(2024, 2, 4))  # tonight's ordinary run takes the late file
    assert (summary["files_loaded"], summary["files_skipped"]) == (1, 7)
    assert loads_of(warehouse, date(2024, 2, 4)) == [("ho-so-den-muon.json", "loaded", 1)]

