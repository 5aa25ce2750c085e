"""Two loads at once (issue 14, defect 8): two `cchc ingest` processes on the same files load each file once;
the run that meets a file the other is loading waits for it and reports it skipped ("đã được một lần nạp khác
nạp"); both exit 0, nothing is recorded failed, and the warehouse holds what one serial run gives.

The runs are made to meet: the test holds restricted.applicant, written only by dossier loads, until both runs
wait (one inside its first dossier file's transaction, the other for that file's load lock, or for rows the
first has written), then lets them go. The overlapping set holds the reference files with its dossier file, as
a source folder does: the January export and its update loaded in the two orders give different status
histories (10 and 11 rows), so only runs whose files load in one sequence whatever the timing compare with one
serial run."""
from __future__ import annotations

import json
import subprocess
import threading
from pathlib import Path

import psycopg
import pytest
from psycopg.types.json import Jsonb

from conftest import query
from etl import landing
from etl.db import sql
from etl.files import sha256_of
from load_faults import (CATALOGUE, CCHC, DOSSIERS, LOAD_DATE, UNITS, UPDATE, cchc_env, dossiers_held, inbox_of,
                         others, serial_snapshot, snapshot, wait_for)


@pytest.fixture(scope="module")
def serial(admin_url, tmp_path_factory):
    return serial_snapshot(admin_url, tmp_path_factory.mktemp("serial"))


def start(url: str, home: Path, paths: list[Path]) -> subprocess.Popen:
    return subprocess.Popen([CCHC, "ingest", *map(str, paths), "--source", "test", "--load-date",
                             LOAD_DATE.isoformat(), "--json"], env=cchc_env(url, home),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.parametrize("second", ["the same folder", "an overlapping set"])
def test_two_runs_at_once_load_each_file_once_and_both_succeed(warehouse, tmp_path, serial, second):
    inbox = inbox_of(tmp_path / "inbox")
    with dossiers_held(warehouse):
        runs = [start(warehouse, tmp_path / "home", [inbox]),
                start(warehouse, tmp_path / "home", [inbox] if second == "the same folder"
                      else [inbox / UPDATE, inbox / CATALOGUE, inbox / UNITS])]
        wait_for(lambda: others(warehouse, "wait_event_type = 'Lock'") == 2
                 or any(run.poll() is not None for run in runs), what="both runs to wait")
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    results = [(f["file"], f["status"], f["note"]) for out, _ in outputs for f in json.loads(out)["files"]]
    assert sorted(name for name, status, _ in results if status == "loaded") == sorted(
        [UNITS, CATALOGUE, DOSSIERS, UPDATE])  # each file loaded by one run, the other skipped it
    assert {status for _, status, _ in results} == {"loaded", "skipped"}
    if second == "the same folder":  # one run waited for the other's load of UPDATE, the first dossier file
        [(winner,)] = query(warehouse, "SELECT l.load_id FROM audit.file_load l JOIN audit.landed_file f "
                                       "USING (file_id) WHERE f.original_name = %s", (UPDATE,))
        assert [note for name, _, note in results if name == UPDATE and note] == [
            f"tệp {UPDATE}: đã được một lần nạp khác nạp (lần nạp số {winner}), bỏ qua"]
    assert query(warehouse, "SELECT status, count(*) FROM audit.file_load GROUP BY status") == [("loaded", 4)]
    assert snapshot(warehouse) == serial


def test_a_file_registered_by_another_run_at_the_same_moment_is_its_row(warehouse, tmp_path):
    """The other run has inserted the file's audit.landed_file row, not committed yet: this run's landing waits
    for it and returns the other's row (it raised TypeError: the insert conflicted, the select saw nothing)."""
    inbox = inbox_of(tmp_path / "inbox", (DOSSIERS,))
    copy = tmp_path / "ho-so (1).json"
    copy.write_bytes((inbox / DOSSIERS).read_bytes())
    outcome = {}
    with psycopg.connect(warehouse) as other:
        [(other_id, *_)] = other.execute(sql("audit/register_landed_file"), {
            "sha256": sha256_of(inbox / DOSSIERS), "source": "test", "format": "dossier_json",
            "original_name": DOSSIERS, "stored_path": str(tmp_path / "landing" / DOSSIERS), "size_bytes": 1,
            "metadata": Jsonb({})}).fetchall()

        def land():
            with psycopg.connect(warehouse, autocommit=True) as conn:
                try:
                    outcome["landed"] = landing.land(conn, copy, "test", tmp_path / "landing", "dossier_json")
                except Exception as error:  # noqa: BLE001 - reported by the assertion below
                    outcome["error"] = error

        this = threading.Thread(target=land)
        this.start()
        wait_for(lambda: others(warehouse, "wait_event_type = 'Lock'") == 1, what="the landing to wait")
        other.commit()
        this.join(timeout=60)
    assert "error" not in outcome, repr(outcome.get("error"))
    assert (outcome["landed"].file_id, outcome["landed"].original_name) == (other_id, DOSSIERS)
    assert query(warehouse, "SELECT count(*) FROM audit.landed_file") == [(1,)]
