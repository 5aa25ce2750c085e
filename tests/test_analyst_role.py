"""The read-only analyst role reads dw and nothing else, and writes nothing."""
from __future__ import annotations

import psycopg
import pytest

from conftest import FIXTURES
from etl.pipeline import ingest


@pytest.fixture
def analyst(warehouse, monkeypatch):
    monkeypatch.setenv("CCHC_MAX_BAD_ROW_SHARE", "0.3")
    ingest([FIXTURES / "small"], source="test", progress=lambda _: None)
    with psycopg.connect(warehouse, autocommit=True) as conn:
        conn.execute("SET ROLE analyst")
        yield conn


def denied(conn, statement: str) -> bool:
    try:
        conn.execute(statement)
    except (psycopg.errors.InsufficientPrivilege, psycopg.errors.ReadOnlySqlTransaction):
        return True
    return False


def test_analyst_reads_the_star_schema(analyst):
    assert analyst.execute("SELECT count(*) FROM dw.fact_dossier").fetchone() == (10,)
    assert analyst.execute("SELECT count(*) FROM dw.dim_unit u JOIN dw.fact_dossier f USING (unit_key)").fetchone() == (10,)


@pytest.mark.parametrize("table", ["restricted.applicant", "audit.quarantine", "audit.file_load", "raw.dossier_extra",
                                   "staging.stg_dossier"])
def test_analyst_cannot_read_personal_data_or_raw_records(analyst, table):
    assert denied(analyst, f"SELECT * FROM {table} LIMIT 1")


@pytest.mark.parametrize("statement", [
    "INSERT INTO dw.dim_channel VALUES (9, 'x', 'x')",
    "UPDATE dw.fact_dossier SET status_code = 1",
    "DELETE FROM dw.fact_dossier",
    "CREATE TABLE dw.mine (x int)",
    "CREATE TABLE public.mine (x int)",
    "CREATE TEMP TABLE mine (x int)",
    "TRUNCATE dw.fact_dossier",
])
def test_analyst_cannot_write_anything(analyst, statement):
    assert denied(analyst, statement)
