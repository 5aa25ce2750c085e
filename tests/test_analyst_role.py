"""The read-only analyst role reads dw and nothing else, and writes nothing in the warehouse database: not as
``SET ROLE analyst``, not as a login that is a member of it, not even after turning off the read-only default
(migration 0015; docs/warehouse.md §1 says what is covered)."""
from __future__ import annotations

import uuid

import psycopg
import pytest
from psycopg import sql

from conftest import FIXTURES, fresh_warehouse, query
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


# ---------------------------------------------------------------- a login of an analyst (migration 0015)

@pytest.fixture(scope="module")
def login(admin_url, tmp_path_factory):
    """A login role made as docs/warehouse.md §1 says (member of analyst, read-only by default in the warehouse
    database), connected to a fresh warehouse shared by this module's login tests (they change nothing);
    dropped afterwards (roles are cluster-wide)."""
    name = f"an_login_{uuid.uuid4().hex[:10]}"
    with fresh_warehouse(admin_url, tmp_path_factory.mktemp("home")) as url, \
            psycopg.connect(url, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE ROLE {} LOGIN IN ROLE analyst").format(sql.Identifier(name)))
        admin.execute(sql.SQL("ALTER ROLE {} IN DATABASE {} SET default_transaction_read_only = on").format(
            sql.Identifier(name), sql.Identifier(admin.info.dbname)))
        try:
            with psycopg.connect(url, user=name, autocommit=True) as conn:
                yield url, conn
        finally:
            admin.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(name)))
            admin.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(name)))


def test_a_login_reads_dw_in_read_only_transactions(login):
    _, conn = login
    conn.execute("RESET default_transaction_read_only")
    assert conn.execute("SELECT count(*) FROM dw.fact_dossier").fetchone() == (0,)
    assert conn.execute("SHOW default_transaction_read_only").fetchone() == ("on",)
    assert denied(conn, "CREATE TEMP TABLE mine (x int)")


def test_the_role_setting_is_for_the_warehouse_database_only(login):
    """The role's own default: set in this database only (a role's settings are cluster-wide unless scoped)."""
    url, _ = login
    rows = query(url, "SELECT d.datname, s.setconfig FROM pg_db_role_setting s "
                      "LEFT JOIN pg_database d ON d.oid = s.setdatabase "
                      "WHERE s.setrole = 'analyst'::regrole AND s.setdatabase IN (0, "
                      "(SELECT oid FROM pg_database WHERE datname = current_database()))")
    assert rows == [(query(url, "SELECT current_database()")[0][0], ["default_transaction_read_only=on"])]


@pytest.mark.parametrize("statement", [
    "INSERT INTO dw.dim_channel VALUES (9, 'x', 'x')",
    "UPDATE dw.fact_dossier SET status_code = 1",
    "DELETE FROM dw.fact_dossier",
    "TRUNCATE dw.fact_dossier",
    "CREATE TABLE dw.mine (x int)",
    "CREATE TABLE public.mine (x int)",
    "CREATE TEMP TABLE mine (x int)",
    "CREATE SCHEMA mine",
    "CREATE FUNCTION public.mine() RETURNS int LANGUAGE sql RETURN 1",
    "SELECT lo_from_bytea(0, 'dữ liệu'::bytea)",
    "SELECT lo_create(0)",
    "SELECT lo_creat(-1)",
    "SELECT lo_import('/etc/hostname')",
    "SELECT lo_put(1, 0, 'x'::bytea)",
    "SELECT lo_unlink(1)",
    "SELECT * FROM restricted.applicant LIMIT 1",
])
def test_a_login_is_refused_by_privileges_even_in_a_read_write_transaction(login, statement):
    """The read-only default is the login's to turn off; the privileges are not."""
    _, conn = login
    conn.execute("SET default_transaction_read_only = off")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute(statement)


def test_what_is_not_covered_is_the_dba_s(login):
    """Other databases of the cluster are untouched: there PUBLIC keeps PostgreSQL's defaults unless the DBA
    revokes them (docs/warehouse.md §1)."""
    url, _ = login
    probe = ("SELECT has_function_privilege('analyst', 'lo_from_bytea(oid, bytea)', 'EXECUTE'), "
             "has_database_privilege('analyst', current_database(), 'TEMPORARY')")
    other = f"cchc_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(other)))
    try:
        assert query(url.rsplit("/", 1)[0] + f"/{other}", probe) == [(True, True)]
        assert query(url, probe) == [(False, False)]
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(other)))
