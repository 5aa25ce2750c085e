"""The DAGs import cleanly, stay thin, and run end to end with `airflow dags test` against the warehouse."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from email import message_from_bytes, policy

from conftest import FIXTURES, query

REPO = Path(__file__).resolve().parents[1]
DAGS = REPO / "dags"
AIRFLOW = str(Path(sys.executable).parent / "airflow")


@pytest.fixture(scope="module")
def airflow_home(tmp_path_factory) -> dict:
    home = tmp_path_factory.mktemp("airflow")
    env = {**os.environ, "AIRFLOW_HOME": str(home), "AIRFLOW__CORE__DAGS_FOLDER": str(DAGS),
           "AIRFLOW__CORE__LOAD_EXAMPLES": "False", "GX_ANALYTICS_ENABLED": "False"}
    subprocess.run([AIRFLOW, "db", "migrate"], env=env, check=True, capture_output=True)
    subprocess.run([AIRFLOW, "pools", "set", "warehouse_writes", "2", "warehouse writes"], env=env, check=True,
                   capture_output=True)
    return env


def test_dagbag_imports_without_errors(airflow_home, monkeypatch):
    for key in ("AIRFLOW_HOME", "AIRFLOW__CORE__DAGS_FOLDER"):
        monkeypatch.setenv(key, airflow_home[key])
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag(dag_folder=str(DAGS))
    assert bag.import_errors == {}
    assert set(bag.dag_ids) == {"tthc_nightly", "reference_sync", "cchc_reports"}
    reports = bag.get_dag("cchc_reports")
    assert {t.task_id for t in reports.tasks} == {"due_periods", "refresh_marts", "render_reports", "send_reports"}
    assert reports.get_task("refresh_marts").pool == "warehouse_writes"
    assert "cchc://warehouse/dw" in str(reports.timetable.asset_condition)  # also runs when the warehouse changes
    for dag_id in ("tthc_nightly", "reference_sync"):
        dag = bag.get_dag(dag_id)
        assert {t.task_id for t in dag.tasks} == {"upgrade_schema", "configured_sources", "load_source",
                                                 "announce_warehouse_updated", "fail_if_files_failed"}
        assert dag.get_task("load_source").pool == "warehouse_writes"
        assert dag.get_task("load_source").retries == 2
        assert [o.uri for o in dag.get_task("announce_warehouse_updated").outlets] == ["cchc://warehouse/dw"]


def test_dag_files_are_thin():
    for path in DAGS.glob("*.py"):
        code = [l for l in path.read_text(encoding="utf-8").splitlines() if l.strip() and not l.strip().startswith("#")]
        assert len(code) <= 60, f"{path.name}: {len(code)} lines"


def _dags_test(env: dict, inbox: Path, warehouse: str, load_date: str,
               dag_id: str = "tthc_nightly", extra: list[str] = ()) -> subprocess.CompletedProcess:
    run_env = {**env, "WAREHOUSE_URL": warehouse, "CCHC_INBOX_DIR": str(inbox), "CCHC_MAX_BAD_ROW_SHARE": "0.3",
               "CCHC_HOME": str(inbox.parent)}
    return subprocess.run([AIRFLOW, "dags", "test", dag_id, load_date, *extra], env=run_env,
                          capture_output=True, text=True, timeout=300)


def test_reference_sync_loads_reference_files_only(airflow_home, warehouse, tmp_path):
    inbox = tmp_path / "inbox" / "thanhhoa"
    shutil.copytree(FIXTURES / "history", inbox)
    run = _dags_test(airflow_home, inbox.parent, warehouse, "2025-12-31", dag_id="reference_sync")
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert query(warehouse, "SELECT count(*) FROM dw.fact_dossier") == [(0,)]
    assert query(warehouse, "SELECT count(*), count(*) FILTER (WHERE valid_to = '9999-12-31') FROM dw.dim_unit") == [(7, 2)]
    assert query(warehouse, "SELECT count(*) FROM dw.dim_procedure") == [(4,)]


def test_nightly_dag_loads_the_warehouse(airflow_home, warehouse, tmp_path):
    inbox = tmp_path / "inbox" / "thanhhoa"
    shutil.copytree(FIXTURES / "small", inbox)
    run = _dags_test(airflow_home, inbox.parent, warehouse, "2024-12-31")
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert query(warehouse, "SELECT count(*) FROM dw.fact_dossier") == [(10,)]
    assert query(warehouse, "SELECT DISTINCT load_date::text, status FROM audit.file_load") == [("2024-12-31", "loaded")]
    assert "state=success" in run.stdout + run.stderr


class Inbox:
    """A real SMTP server on loopback that keeps what it receives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


@pytest.fixture
def smtp_server():
    with socket.socket() as probe:  # a free port (aiosmtpd checks readiness by connecting to it)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield port, handler
    controller.stop()


def test_a_bad_file_fails_the_run_alerts_by_email_and_spares_the_other_files(airflow_home, warehouse, tmp_path,
                                                                               smtp_server):
    port, mailbox = smtp_server
    inbox = tmp_path / "inbox" / "thanhhoa"
    shutil.copytree(FIXTURES / "small", inbox)
    text = (inbox / "ho-so-hoang-cat-2024-01-capnhat.json").read_text(encoding="utf-8")
    (inbox / "ho-so-cut.json").write_text(text[: len(text) // 2], encoding="utf-8")
    env = {**airflow_home, "CCHC_ALERT_EMAILS": "it-huyen@hoanghoa.example",
           "AIRFLOW_CONN_SMTP_DEFAULT": f"smtp://127.0.0.1:{port}?disable_tls=true&disable_ssl=true"}
    run = _dags_test(env, inbox.parent, warehouse, "2024-12-30")
    assert "state=failed" in run.stdout + run.stderr
    assert query(warehouse, "SELECT count(*) FROM dw.fact_dossier") == [(10,)]
    assert query(warehouse, "SELECT f.original_name, l.status FROM audit.file_load l JOIN audit.landed_file f "
                            "USING (file_id) WHERE l.status = 'failed'") == [("ho-so-cut.json", "failed")]
    [mail] = mailbox.messages
    assert mail["To"] == "it-huyen@hoanghoa.example"
    assert mail["Subject"] == "[CCHC] Lỗi tthc_nightly.fail_if_files_failed ngày nạp 2024-12-30"
    body = mail.get_body(("html",)).get_content()
    assert "ho-so-cut.json" in body and "JSON không hợp lệ hoặc bị cắt cụt" in body


def test_the_reports_dag_renders_and_emails_each_report_once(airflow_home, warehouse, tmp_path, smtp_server):
    port, mailbox = smtp_server
    inbox = tmp_path / "inbox" / "thanhhoa"
    shutil.copytree(FIXTURES / "small", inbox)
    assert _dags_test(airflow_home, inbox.parent, warehouse, "2024-12-31").returncode == 0  # load first
    env = {**airflow_home, "AIRFLOW_CONN_SMTP_DEFAULT": f"smtp://127.0.0.1:{port}?disable_tls=true&disable_ssl=true"}
    conf = '{"period": "thang:2024-01", "units": ["000.35.27.H56", "000.00.27.H56"]}'
    for attempt in (1, 2):  # the second run finds both reports sent: nothing is sent again
        run = _dags_test(env, inbox.parent, warehouse, f"2025-01-0{attempt}", dag_id="cchc_reports",
                         extra=["-c", conf])
        assert run.returncode == 0 and "state=success" in run.stdout + run.stderr, run.stdout[-3000:] + run.stderr[-3000:]
        assert len(mailbox.messages) == 2
    subjects = sorted(m["Subject"] for m in mailbox.messages)
    assert subjects == ["[CCHC] Báo cáo tháng 1 năm 2024 – UBND HUYỆN HOẰNG HÓA",
                        "[CCHC] Báo cáo tháng 1 năm 2024 – UBND XÃ HOẰNG CÁT"]
    archived = query(warehouse, "SELECT unit_code, status, jsonb_array_length(files) FROM audit.report_delivery "
                                "ORDER BY unit_code")
    assert archived == [("000.00.27.H56", "da_gui", 4), ("000.35.27.H56", "da_gui", 4)]
    for mail in mailbox.messages:
        names = sorted(a.get_filename() for a in mail.iter_attachments())
        assert [n.rsplit(".", 1)[1] for n in names] == ["docx", "html", "pdf", "xlsx"]
        for attachment in mail.iter_attachments():
            assert attachment.get_content()[:4] in (b"PK\x03\x04", b"%PDF") or attachment.get_content_type() == "text/html"
