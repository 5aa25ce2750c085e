"""The DAGs import cleanly, stay thin, and run end to end with `airflow dags test` against the warehouse."""
from __future__ import annotations

import ast
import shutil
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from conftest import FIXTURES, query

REPO = Path(__file__).resolve().parents[1]
DAGS = REPO / "dags"
AIRFLOW = str(Path(sys.executable).parent / "airflow")


def test_dagbag_imports_without_errors(airflow_home, monkeypatch):
    for key in ("AIRFLOW_HOME", "AIRFLOW__CORE__DAGS_FOLDER"):
        monkeypatch.setenv(key, airflow_home[key])
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag(dag_folder=str(DAGS))
    assert bag.import_errors == {}
    assert set(bag.dag_ids) == {"tthc_nightly", "reference_sync", "cchc_reports"}
    reports = bag.dags["cchc_reports"]  # as parsed: get_dag would ask the metadata database of the process
    assert {t.task_id for t in reports.tasks} == {"due_periods", "refresh_marts", "render_reports", "send_reports",
                                                 "request_inputs"}
    assert not reports.get_task("request_inputs").upstream_task_ids  # asks even when no report is due
    assert reports.get_task("refresh_marts").pool == "warehouse_writes"
    assert "cchc://warehouse/dw" in str(reports.timetable.asset_condition)  # also runs when the warehouse changes
    for dag_id in ("tthc_nightly", "reference_sync"):
        dag = bag.dags[dag_id]
        assert {t.task_id for t in dag.tasks} == {"upgrade_schema", "configured_sources", "load_source",
                                                 "announce_warehouse_updated", "refresh_marts",
                                                 "fail_if_files_failed", "warehouse_status"}
        assert dag.get_task("refresh_marts").upstream_task_ids == {"announce_warehouse_updated"}
        assert dag.get_task("load_source").pool == "warehouse_writes"
        assert dag.get_task("load_source").retries == 2
        assert [o.uri for o in dag.get_task("announce_warehouse_updated").outlets] == ["cchc://warehouse/dw"]


def test_dag_files_are_thin():
    for path in DAGS.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        docstring = ast.get_docstring(ast.parse(text), clean=False) or ""  # documentation, shown in the UI
        code = [l for l in text.replace(docstring, "").splitlines() if l.strip() and not l.strip().startswith("#")]
        assert len(code) <= 60, f"{path.name}: {len(code)} lines"


@pytest.fixture(scope="module")
def parsed(airflow_home) -> dict:
    """The DAGs as the dag-processor parses and the scheduler reads them back (serialized), parsed with an
    alert list and a 06:30 deadline, in Airflow's default timezone UTC."""
    from airflow.dag_processing.dagbag import DagBag
    from airflow.serialization.serialized_objects import DagSerialization

    with pytest.MonkeyPatch.context() as patch:
        for key in ("AIRFLOW_HOME", "AIRFLOW__CORE__DAGS_FOLDER"):
            patch.setenv(key, airflow_home[key])
        patch.setenv("AIRFLOW__CORE__DEFAULT_TIMEZONE", "UTC")
        patch.setenv("CCHC_ALERT_EMAILS", "it-huyen@hoanghoa.example, pho-phong@hoanghoa.example")
        patch.setenv("CCHC_NIGHTLY_DEADLINE", "06:30")
        bag = DagBag(dag_folder=str(DAGS))
        assert bag.import_errors == {}
        return {dag_id: (dag, DagSerialization.deserialize_dag(DagSerialization.serialize_dag(dag)))
                for dag_id, dag in bag.dags.items()}


def test_the_ui_shows_each_dags_purpose_owner_and_tags(parsed):
    for dag_id, tags, own, other in (("tthc_nightly", {"cchc", "etl"}, "Every night at 01:00", "## reference_sync"),
                                     ("reference_sync", {"cchc", "reference"}, "only the reference files", "## tthc_nightly"),
                                     ("cchc_reports", {"cchc", "reports"}, "Every day at 06:00", "## tthc")):
        dag, _ = parsed[dag_id]
        assert dag.owner == "cchc-it" and set(dag.tags) == tags, dag_id
        assert dag.doc_md.startswith("The ") and f"## {dag_id}" in dag.doc_md and own in dag.doc_md, dag_id
        assert other not in dag.doc_md and "\n    " not in dag.doc_md, dag_id  # its own section, not indented code
    assert "not finished by **06:30**" in parsed["tthc_nightly"][0].doc_md


def test_schedules_fire_at_their_vietnam_time_whatever_the_default_timezone(parsed):
    from airflow.serialization.encoders import coerce_to_core_timetable
    from airflow.timetables.base import TimeRestriction

    vn = ZoneInfo("Asia/Ho_Chi_Minh")
    for dag_id, hour in (("tthc_nightly", 1), ("reference_sync", 0), ("cchc_reports", 6)):
        dag, serialized = parsed[dag_id]
        assert dag.start_date.astimezone(vn).replace(tzinfo=None) == datetime(2024, 1, 1), dag_id  # VN midnight
        timetable = coerce_to_core_timetable(dag.timetable)
        timetable = getattr(timetable, "timetable", timetable)  # cchc_reports: the time part of asset-or-time
        first = timetable.next_dagrun_info(last_automated_data_interval=None, restriction=TimeRestriction(
            earliest=dag.start_date, latest=None, catchup=True))
        assert first.run_after.astimezone(vn).replace(tzinfo=None) == datetime(2024, 1, 1, hour), dag_id
        assert "Asia/Ho_Chi_Minh" in str(serialized.timetable.serialize()), dag_id  # stored with the DAG


def test_the_trigger_form_refuses_a_wrong_period_or_date(parsed):
    from airflow.sdk.exceptions import ParamValidationError

    from etl.periods import Period

    reports = parsed["cchc_reports"][1].params  # what the API server checks a trigger's conf against
    for code in ("nam:2024", "quy:2024-3", "thang:2024-11", "thang:2024-01", "6thang:2025", "9thang:2025", None):
        assert reports.deep_merge({"period": code}).validate()["period"] == code
        assert code is None or Period.from_code(code).code
    for code in ("nam-2024", "2024", "quy:2024-5", "thang:2024-13", "thang:2024", "nam:2024-1", "nam:24",
                 "tuan:2024-1", " nam:2024"):
        with pytest.raises(ParamValidationError):
            reports.deep_merge({"period": code}).validate()
        if code.strip() != "nam:2024":
            with pytest.raises(ValueError):
                Period.from_code(code)
    assert parsed["cchc_reports"][0].params.get_param("period").schema["title"] == "Kỳ báo cáo"
    for dag_id in ("tthc_nightly", "reference_sync"):
        load = parsed[dag_id][1].params
        assert load.deep_merge({"load_date": "2024-12-31"}).validate()["load_date"] == "2024-12-31"
        for wrong in ("31/12/2024", "2024-13-45", "hôm nay"):
            with pytest.raises(ParamValidationError):
                load.deep_merge({"load_date": wrong}).validate()
        assert parsed[dag_id][0].params.get_param("load_date").schema["title"] == "Ngày nạp"


def test_mapped_tasks_are_named_after_their_source_or_period(parsed):
    assert parsed["tthc_nightly"][0].get_task("load_source").map_index_template == "{{ source_name }}"
    for task_id in ("refresh_marts", "render_reports", "send_reports"):
        assert parsed["cchc_reports"][0].get_task(task_id).map_index_template == "{{ period_code }}"


def test_the_nightly_dag_carries_its_deadline_alert(parsed):
    from airflow.sdk import AsyncCallback, DeadlineReference

    dag, serialized = parsed["tthc_nightly"]
    [alert] = dag.deadline
    assert alert.reference == DeadlineReference.DAGRUN_LOGICAL_DATE  # 01:00 of the night, not when it queued
    assert alert.interval == timedelta(hours=5, minutes=30)  # 01:00 + 5 h 30 = CCHC_NIGHTLY_DEADLINE 06:30
    assert isinstance(alert.callback, AsyncCallback)
    assert alert.callback.path == "etl.orchestration.nightly_deadline_missed"
    assert alert.callback.kwargs == {"to": ["it-huyen@hoanghoa.example", "pho-phong@hoanghoa.example"],
                                     "from_email": "cchc-etl@localhost", "deadline_at": "06:30"}
    assert serialized.deadline  # it survives serialization (the scheduler reads that)
    assert not parsed["reference_sync"][0].deadline and not parsed["cchc_reports"][0].deadline


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
    assert "great_expectations" not in run.stdout + run.stderr  # GX's INFO lines were 214 of 353 lines
    assert "thanhhoa\n  Nạp thành công gần nhất: " in run.stdout  # warehouse_status: what `cchc status` shows
    assert rendered_map_indexes(airflow_home, "tthc_nightly", "load_source") == [("thanhhoa",)]
    # refresh_marts: the open and just-closed months, quarters and years of 31/12/2024, both calendars
    assert query(warehouse, "SELECT count(DISTINCT (calendar, period_code)) FROM mart.refreshed_period") == [(12,)]


def rendered_map_indexes(env: dict, dag_id: str, task_id: str) -> list[tuple]:
    """What the UI shows for the mapped task instances of the DAG's latest run (its name, not 0, 1, ...)."""
    database = sqlite3.connect(Path(env["AIRFLOW_HOME"]) / "airflow.db")
    return database.execute("SELECT rendered_map_index FROM task_instance WHERE dag_id = ? AND task_id = ? AND run_id = "
                            "(SELECT run_id FROM dag_run WHERE dag_id = ? ORDER BY id DESC LIMIT 1) ORDER BY map_index",
                            (dag_id, task_id, dag_id)).fetchall()


def test_a_bad_file_fails_the_run_alerts_by_email_and_spares_the_other_files(airflow_home, warehouse, tmp_path,
                                                                               mail_server):
    port, mailbox = mail_server
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
    [mail] = mailbox.messages()
    assert mail["To"] == "it-huyen@hoanghoa.example"
    assert mail["Subject"] == "[CCHC] Lỗi tthc_nightly.fail_if_files_failed ngày nạp 2024-12-30"
    body = mail.get_body(("html",)).get_content()
    assert "ho-so-cut.json" in body and "JSON không hợp lệ hoặc bị cắt cụt" in body


def test_the_reports_dag_renders_and_emails_each_report_once(airflow_home, warehouse, tmp_path, mail_server):
    port, mailbox = mail_server
    inbox = tmp_path / "inbox" / "thanhhoa"
    shutil.copytree(FIXTURES / "small", inbox)
    assert _dags_test(airflow_home, inbox.parent, warehouse, "2024-12-31").returncode == 0  # load first
    env = {**airflow_home, "AIRFLOW_CONN_SMTP_DEFAULT": f"smtp://127.0.0.1:{port}?disable_tls=true&disable_ssl=true"}
    conf = '{"period": "thang:2024-01", "units": ["000.35.27.H56", "000.00.27.H56"]}'
    for attempt in (1, 2):  # the second run finds both reports sent: nothing is sent again
        run = _dags_test(env, inbox.parent, warehouse, f"2025-01-0{attempt}", dag_id="cchc_reports",
                         extra=["-c", conf])
        assert run.returncode == 0 and "state=success" in run.stdout + run.stderr, run.stdout[-3000:] + run.stderr[-3000:]
        assert len(mailbox.messages()) == 2
    subjects = sorted(m["Subject"] for m in mailbox.messages())
    assert subjects == ["[CCHC] Báo cáo tháng 1 năm 2024 – UBND HUYỆN HOẰNG HÓA",
                        "[CCHC] Báo cáo tháng 1 năm 2024 – UBND XÃ HOẰNG CÁT"]
    for task_id in ("refresh_marts", "render_reports", "send_reports"):
        assert rendered_map_indexes(airflow_home, "cchc_reports", task_id) == [("thang:2024-01",)]
    archived = query(warehouse, "SELECT unit_code, status, jsonb_array_length(files) FROM audit.report_delivery "
                                "ORDER BY unit_code")
    assert archived == [("000.00.27.H56", "da_gui", 5), ("000.35.27.H56", "da_gui", 5)]
    for mail in mailbox.messages():
        names = sorted(a.get_filename() for a in mail.iter_attachments())
        assert [n.rsplit(".", 1)[1] for n in names] == ["docx", "html", "pdf", "xlsx", "xlsx"]  # Biểu 06, chi-tiet
        for attachment in mail.iter_attachments():
            assert attachment.get_content()[:4] in (b"PK\x03\x04", b"%PDF") or attachment.get_content_type() == "text/html"



def test_the_deadline_setting_is_checked_and_backfill_runs_are_not_alerted(monkeypatch):
    import asyncio
    from datetime import time as clock

    from etl import orchestration as o
    from etl.config import settings

    monkeypatch.setenv("CCHC_NIGHTLY_DEADLINE", "6h")
    with pytest.raises(ValueError, match="CCHC_NIGHTLY_DEADLINE: giờ không hợp lệ '6h'"):
        settings()
    monkeypatch.setenv("CCHC_NIGHTLY_DEADLINE", "00:30")
    with pytest.raises(ValueError, match="phải sau giờ chạy 01:00:00 của tthc_nightly"):
        o.deadline_interval()
    assert o.deadline_interval(deadline=clock(6)) == timedelta(hours=5)
    # a backfill replays nights long past their deadline: no e-mail (and no SMTP server is needed to say so)
    answer = asyncio.run(o.nightly_deadline_missed(to=["it@x.example"], from_email="a@x.example", deadline_at="06:00",
                                                   context={"dag_run": {"run_type": "backfill", "dag_run_id": "b"}},
                                                   smtp_conn_id="khong_co"))
    assert answer == "backfill: không gửi"


# Parse the DAGs into the metadata DB as the dag-processor does, then trigger tthc_nightly as the UI does. The DAG
# stays paused: no scheduler runs its tasks, so the run sits queued, as a run stuck behind a dead worker at 2 a.m.
TRIGGER = """
import sys
from datetime import datetime, timedelta, timezone
from airflow.api.common.trigger_dag import trigger_dag
from airflow.dag_processing.bundles.manager import DagBundlesManager
from airflow.dag_processing.dagbag import BundleDagBag, sync_bag_to_db
from airflow.utils.types import DagRunTriggeredByType

manager = DagBundlesManager()
manager.sync_bundles_to_db()
for bundle in manager.get_all_dag_bundles():
    bundle.initialize()
    sync_bag_to_db(BundleDagBag(bundle.path, bundle_path=bundle.path, bundle_name=bundle.name), bundle.name, None)
# a logical date 10 s ago: its 2 s deadline has passed before the one scheduler loop looks, however fast it runs
run = trigger_dag("tthc_nightly", logical_date=datetime.now(timezone.utc) - timedelta(seconds=10),
                  triggered_by=DagRunTriggeredByType.UI)
print("RUN_ID", run.run_id, flush=True)
# then one loop of the scheduler (the `airflow scheduler` command, in this process: one start-up less)
from airflow.__main__ import main

sys.argv = ["airflow", "scheduler", "--num-runs", "1", "--skip-serve-logs"]
main()
"""


def test_a_nightly_run_not_done_by_its_deadline_emails_the_alert_list(airflow_home, mail_server, tmp_path):
    """The real path of a deadline: the run's deadline row (from the serialized DAG), a scheduler loop that finds
    it missed, the triggerer that runs the callback, the e-mail through smtp_default. The deadline is shortened
    to 2 s after the run's logical date (CCHC_NIGHTLY_DEADLINE 01:00:02 against the 01:00 schedule)."""
    port, mailbox = mail_server
    env = {**airflow_home, "CCHC_ALERT_EMAILS": "it-huyen@hoanghoa.example", "CCHC_NIGHTLY_DEADLINE": "01:00:02",
           "AIRFLOW_CONN_SMTP_DEFAULT": f"smtp://127.0.0.1:{port}?disable_tls=true&disable_ssl=true",
           "AIRFLOW__CORE__PARALLELISM": "1"}
    with open(tmp_path / "triggerer.log", "w") as log:  # it starts while the run is made (~15 s)
        triggerer = subprocess.Popen([AIRFLOW, "triggerer"], env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        made = subprocess.run([sys.executable, "-c", TRIGGER], env=env, capture_output=True, text=True, timeout=120)
        assert made.returncode == 0, made.stdout[-3000:] + made.stderr[-3000:]
        run_id = made.stdout.split("RUN_ID ", 1)[1].split()[0]
        for _ in range(90):
            if mailbox.received:
                break
            time.sleep(1)
    finally:
        triggerer.terminate()
        triggerer.wait(timeout=60)
    assert len(mailbox.messages()) == 1, made.stdout[-2000:] + (tmp_path / "triggerer.log").read_text()[-4000:]
    [mail] = mailbox.messages()
    database = sqlite3.connect(Path(airflow_home["AIRFLOW_HOME"]) / "airflow.db")
    [(logical, deadline, missed)] = database.execute(
        "SELECT r.logical_date, d.deadline_time, d.missed FROM deadline d JOIN dag_run r ON r.id = d.dagrun_id "
        "WHERE r.run_id = ?", (run_id,)).fetchall()
    assert (datetime.fromisoformat(deadline) - datetime.fromisoformat(logical), missed) == (timedelta(seconds=2), 1)
    night = datetime.fromisoformat(logical).replace(tzinfo=ZoneInfo("UTC")).astimezone(ZoneInfo("Asia/Ho_Chi_Minh"))
    assert mail["To"] == "it-huyen@hoanghoa.example"
    assert mail["Subject"] == f"[CCHC] tthc_nightly chưa xong lúc 01:00:02 (ngày nạp {night:%d/%m/%Y})"
    body = mail.get_body(("html",)).get_content()
    assert run_id in body and "trạng thái: queued" in body
