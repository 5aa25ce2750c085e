"""Shared by the fault tests (test_landing_faults.py, test_concurrent_loads.py): the small export as an inbox,
the environment of a `cchc` subprocess, waiting for a state of the database, a lock that stops a load at a chosen
point, and what the warehouse holds once loaded (compared with one clean serial run)."""
from __future__ import annotations

import os
import shutil
import sys
import time
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import psycopg
import pytest

from conftest import FIXTURES, fresh_warehouse, query
from etl.pipeline import ingest

SMALL = FIXTURES / "small"
CCHC = Path(sys.executable).with_name("cchc")
LOAD_DATE = date(2024, 2, 1)
UNITS, CATALOGUE = "don-vi-hanh-chinh.csv", "danh-muc-tthc.csv"
DOSSIERS, UPDATE = "ho-so-hoang-cat-2024-01.json", "ho-so-hoang-cat-2024-01-capnhat.json"  # UPDATE loads first
INBOX = (UNITS, CATALOGUE, DOSSIERS, UPDATE)


def inbox_of(folder: Path, names=INBOX) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copyfile(SMALL / name, folder / name)
    return folder


def cchc_env(url: str, home: Path, **extra: str) -> dict:
    kept = {name: os.environ[name] for name in ("PATH", "PYTHONPATH") if name in os.environ}
    return kept | {"HOME": str(home), "LANG": "C.UTF-8", "WAREHOUSE_URL": url, "CCHC_HOME": str(home),
                   "CCHC_MAX_BAD_ROW_SHARE": "0.3", **extra}


def wait_for(condition, seconds: float = 60.0, what: str = "") -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def others(url: str, where: str = "true") -> int:
    """Sessions of the test database other than the asking one (``where``: on pg_stat_activity)."""
    return query(url, f"SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                      f"AND pid <> pg_backend_pid() AND {where}")[0][0]


@contextmanager
def dossiers_held(url: str):
    """restricted.applicant locked: a load reaches the writes of its first dossier file and waits there."""
    with psycopg.connect(url) as conn:
        conn.execute("LOCK TABLE restricted.applicant IN ACCESS EXCLUSIVE MODE")
        yield
        conn.rollback()


def loads(url: str) -> list[tuple]:
    return query(url, "SELECT f.original_name, l.status FROM audit.file_load l JOIN audit.landed_file f "
                      "USING (file_id) ORDER BY l.load_id")


def snapshot(url: str) -> list:
    """What the warehouse holds, less the technical columns a load order or a retry changes."""
    return query(url, """
        SELECT (SELECT jsonb_agg(to_jsonb(f) - '{dossier_key,unit_key,procedure_key,field_key,first_load_id,
                                                 last_load_id,inserted_at,updated_at}'::text[]
                                 || jsonb_build_object('unit', u.unit_code) ORDER BY f.dossier_code)
                FROM dw.fact_dossier f JOIN dw.dim_unit u USING (unit_key)),
               (SELECT jsonb_agg(jsonb_build_array(unit_code, name, is_inferred) ORDER BY unit_code, name)
                FROM dw.dim_unit),
               (SELECT jsonb_agg(jsonb_build_array(procedure_code, name) ORDER BY procedure_code, name)
                FROM dw.dim_procedure),
               (SELECT count(*) FROM dw.fact_dossier_status_history),
               (SELECT jsonb_agg(to_jsonb(a) - '{last_load_id,updated_at}'::text[] ORDER BY dossier_code)
                FROM restricted.applicant a),
               (SELECT jsonb_agg(jsonb_build_array(rule, row_no) ORDER BY rule, row_no) FROM audit.quarantine q
                JOIN audit.file_load l USING (load_id) WHERE l.status = 'loaded')""")


def serial_snapshot(admin_url: str, base: Path) -> list:
    """The snapshot after one clean run of the inbox, in a warehouse of its own: what every crash or
    concurrency case must end with."""
    with fresh_warehouse(admin_url, base / "home") as url, pytest.MonkeyPatch.context() as patch:
        patch.setenv("CCHC_MAX_BAD_ROW_SHARE", "0.3")
        summary = ingest([inbox_of(base / "inbox")], source="test", load_date=LOAD_DATE, progress=lambda _: None)
        assert [f.status for f in summary.files] == ["loaded"] * 4
        return snapshot(url)
