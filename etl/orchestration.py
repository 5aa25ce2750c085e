"""What the Airflow tasks do. DAG files only wire these together; every function here also runs without Airflow.

Airflow itself is imported inside the functions that need it, so the CLI and the tests import this module
without it; the DAG files take their owner, tags, schedules, params and documentation from here.
"""
from __future__ import annotations

import html
import logging
import re
import sys
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from etl.config import TIMEZONE, settings

log = logging.getLogger(__name__)

WAREHOUSE_ASSET_URI = "cchc://warehouse/dw"
WAREHOUSE_POOL = "warehouse_writes"

# ---------------------------------------------------------------- what the Airflow UI shows of the DAGs

OWNER = "cchc-it"  # the district IT team: the owner column of the DAG list
NIGHTLY_TAGS = ["cchc", "etl"]
REFERENCE_TAGS = ["cchc", "reference"]
REPORT_TAGS = ["cchc", "reports"]
# Times of day in Asia/Ho_Chi_Minh, whatever Airflow's core.default_timezone says.
NIGHTLY_AT, REFERENCE_AT, REPORTS_AT = time(1, 0), time(0, 0), time(6, 0)
START_DATE = datetime(2024, 1, 1, tzinfo=ZoneInfo(TIMEZONE))
# A report period code as etl.periods.Period.from_code accepts it (the trigger form refuses anything else).
PERIOD_CODE_PATTERN = r"^(thang:[12][0-9]{3}-(0?[1-9]|1[0-2])|quy:[12][0-9]{3}-0?[1-4]|(6thang|9thang|nam):[12][0-9]{3})$"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def daily_at(at: time):
    """A cron timetable firing every day at ``at`` in Asia/Ho_Chi_Minh (stated, not left to the default
    timezone): a run's logical date is the moment it fires."""
    from airflow.sdk import CronTriggerTimetable

    return CronTriggerTimetable(f"{at.minute} {at.hour} * * *", timezone=TIMEZONE)


def default_args(retry_minutes: int) -> dict:
    """Owner, retries and the failure e-mails shared by the tasks of a DAG."""
    return {"owner": OWNER, "retries": 2, "retry_delay": timedelta(minutes=retry_minutes),
            "on_failure_callback": failure_alerts()}


def dag_doc(module_doc: str, dag_id: str) -> str:
    """The Markdown the UI shows for ``dag_id`` (its Docs tab): the DAG file's docstring, its opening
    paragraphs (what the file is) and the ``## <dag_id>`` section, without the other DAGs' sections."""
    intro, *sections = re.split(r"^(?=## )", module_doc.strip(), flags=re.M)
    own = [s for s in sections if s.split("\n", 1)[0].strip("# ").split()[0] == dag_id]
    if not own:
        raise ValueError(f"{dag_id}: no '## {dag_id}' section in the DAG file's docstring")
    return (intro.strip() + "\n\n" + own[0].strip()).replace("{deadline}", _deadline_text())


def _deadline_text() -> str:
    return settings().nightly_deadline.isoformat("seconds").removesuffix(":00")


def load_params() -> dict:
    """The trigger form of the load DAGs: an explicit load date (checked as YYYY-MM-DD)."""
    from airflow.sdk import Param

    return {"load_date": Param(None, type=["null", "string"], format="date", pattern=DATE_PATTERN,
                               title="Ngày nạp",
                               description="YYYY-MM-DD; trống: ngày của lần chạy (giờ Việt Nam)")}


def report_params() -> dict:
    """The trigger form of cchc_reports: the period code is checked against the accepted forms."""
    from airflow.sdk import Param

    from etl.periods import FORMS

    return {
        "period": Param(None, type=["null", "string"], pattern=PERIOD_CODE_PATTERN, title="Kỳ báo cáo",
                        description=f"Trống: các kỳ vừa chốt số liệu. Dạng: {FORMS}"),
        "units": Param([], type="array", items={"type": "string"}, title="Đơn vị",
                       description="Mã định danh đơn vị (trống: theo config/reports.yaml)"),
        "force": Param(False, type="boolean", title="Gửi lại",
                       description="Gửi lại cả báo cáo đã gửi"),
    }


def skip(reason: str):
    """Log why, then skip the task: the reason stands in the task log as its own line."""
    from airflow.sdk.exceptions import AirflowSkipException

    log.info("Bỏ qua tác vụ: %s", reason)
    raise AirflowSkipException(reason)


class FilesFailed(Exception):
    """Some files could not be loaded; everything else was."""


def resolve_load_date(params: dict | None, logical_date: datetime | None) -> date:
    """The load date is explicit: the ``load_date`` param, else the run's logical date, else today (VN time)."""
    chosen = (params or {}).get("load_date")
    if chosen:
        return date.fromisoformat(str(chosen))
    moment = logical_date or datetime.now(ZoneInfo(TIMEZONE))
    return moment.astimezone(ZoneInfo(TIMEZONE)).date()


def upgrade_schema() -> None:
    from etl import migrate

    migrate.upgrade()


def configured_sources() -> list[str]:
    """The names of config/sources.yaml, read without importing the load pipeline."""
    from etl.config import sources

    return sorted(sources())


def arrival_cutoff(run_type: str | None, logical_date: datetime | None) -> datetime | None:
    """A backfill run replays its night: it takes only the inbox files that had arrived by the night's
    logical date (the moment the schedule fired, 01:00), later files being left to later nights. Other runs
    take every file (None)."""
    return logical_date if run_type == "backfill" and logical_date is not None else None


def night_files(name: str, arrived_by: datetime) -> list[Path]:
    """The files of source ``name`` that had arrived (modification time) by ``arrived_by``. An API source is
    not pulled again: its watermark, not the night, says what it still owes."""
    from etl import pipeline
    from etl.config import sources

    source = sources()[name]
    folder = Path(source["path"].format(inbox=settings().inbox_dir, home=settings().home)) if "path" in source else None
    found = pipeline.expand([folder]) if folder and folder.is_dir() else []
    kept = [path for path in found if path.stat().st_mtime <= arrived_by.timestamp()]
    moment = arrived_by.astimezone(ZoneInfo(TIMEZONE)).strftime("%H:%M %d/%m/%Y")
    print(f"Chạy bù (backfill): {len(kept)} tệp của nguồn {name} đã đến trước {moment}; "
          f"{len(found) - len(kept)} tệp đến sau được để cho các đêm sau"
          + ("; nguồn API không được kéo lại khi chạy bù" if "api" in source else ""))
    return kept


def ingest_source(name: str, load_date: date, reference_only: bool = False,
                  arrived_by: datetime | None = None) -> dict:
    """Load one source's files (``arrived_by``: only those arrived by then, see ``arrival_cutoff``); what
    was done, as plain data for the downstream tasks."""
    from etl import pipeline
    from etl.kinds import REFERENCE_KINDS

    kinds = REFERENCE_KINDS if reference_only else None
    if arrived_by is None:
        summary = pipeline.ingest_source(name, load_date=load_date, kinds=kinds,
                                         connection_password=airflow_connection_password)
    else:
        summary = pipeline.ingest(night_files(name, arrived_by), source=name, load_date=load_date, kinds=kinds)
    print(pipeline.format_summary(summary))
    return {
        "source": name,
        "files_loaded": summary.count("loaded"),
        "files_skipped": summary.count("skipped"),
        "rows_loaded": summary.total("rows_loaded"),
        "rows_quarantined": summary.total("rows_quarantined"),
        "failed": [f.error for f in summary.failed],
    }


def airflow_connection_password(conn_id: str) -> str | None:
    """The password of an Airflow connection: the API token of a source configured with ``conn_id``."""
    from airflow.sdk import BaseHook

    return BaseHook.get_connection(conn_id).password


def rows_changed(summaries: list[dict]) -> int:
    return sum(s["rows_loaded"] for s in summaries)


def announce_reason(summaries: list[dict]) -> str | None:
    """Why the warehouse is not announced as updated (None: it is): no source loaded a row."""
    if rows_changed(summaries):
        return None
    skipped = sum(s["files_skipped"] for s in summaries)
    loaded = sum(s["files_loaded"] for s in summaries)
    return (f"Không có dữ liệu mới: {loaded} tệp nạp 0 dòng, {skipped} tệp đã nạp từ trước được bỏ qua "
            f"({len(summaries)} nguồn); không báo kho đã cập nhật (cchc_reports không chạy theo lần này).")


def refresh_marts(context: Mapping) -> dict:
    """After a load that changed the warehouse: the marts of every period they hold and of the open and just-closed
    months, quarters and years of both calendars on the run's load date (``context``: the task's, see
    resolve_load_date), brought up to date (etl.marts.refresh_after_load: only the dossiers that changed are
    applied to a period already held). What was done, in the task log and as plain data."""
    import time as clock

    from etl import vi
    from etl.db import connect
    from etl.marts import refresh_after_load
    from etl.reports.config import report_config

    load_date = resolve_load_date(context["params"], context.get("logical_date"))
    started = clock.perf_counter()
    with connect() as conn:
        rows = refresh_after_load(conn, load_date, list(report_config().certification_fields))
    periods = sorted({f"{period.code} ({period.calendar})" for _, period in rows})
    seconds = round(clock.perf_counter() - started, 1)
    print(f"Đã cập nhật số liệu tổng hợp (mart) của {len(periods)} kỳ báo cáo trong {vi.number(seconds, 1)} giây: "
          + ", ".join(periods))
    return {"periods": periods, "seconds": seconds}


def warehouse_status() -> dict:
    """What ``cchc status`` shows (etl.status), after the loads: per source the last successful load, the lag,
    the files failed in the last 7 days and the quarantine trend; printed in the task log, returned as XCom
    (both in the Airflow UI)."""
    from etl.status import format_status, source_status, status_document

    now = datetime.now(ZoneInfo(TIMEZONE))
    statuses = source_status(now)
    print(format_status(statuses, now))
    return status_document(statuses, now)


def raise_for_failures(summaries: list[dict]) -> None:
    failed = [error for s in summaries for error in s["failed"]]
    if failed:
        raise FilesFailed(f"{len(failed)} tệp không nạp được:\n" + "\n".join(failed))


ALERT_SUBJECT = "[CCHC] Lỗi {{ dag.dag_id }}.{{ ti.task_id }} ngày nạp {{ ds }}"
ALERT_BODY = (
    "<p>Tác vụ <b>{{ ti.task_id }}</b> của <b>{{ dag.dag_id }}</b> thất bại sau {{ ti.try_number }} lần thử.</p>"
    "<pre>{{ exception }}</pre>"
    "<p>Xem nhật ký trong Airflow; các tệp khác đã được nạp bình thường.</p>"
)


def failure_alerts() -> list:
    """E-mail notifiers for failed tasks, sent through the Airflow connection ``smtp_default``."""
    emails = list(settings().alert_emails)  # CCHC_ALERT_EMAILS, comma separated
    if not emails:
        return []
    from airflow.providers.smtp.notifications.smtp import SmtpNotifier

    return [SmtpNotifier(to=emails, from_email=settings().alert_from,
                         subject=ALERT_SUBJECT, html_content=ALERT_BODY)]


# ---------------------------------------------------------------- deadline of the nightly load

def deadline_interval(start: time = NIGHTLY_AT, deadline: time | None = None) -> timedelta:
    """How long after its logical date (the moment the schedule fired, 01:00) a nightly run must be done
    to be done by ``deadline`` (CCHC_NIGHTLY_DEADLINE, 06:00): 5 hours by default."""
    deadline = deadline or settings().nightly_deadline
    interval = datetime.combine(date.min, deadline) - datetime.combine(date.min, start)
    if interval <= timedelta(0):
        raise ValueError(f"CCHC_NIGHTLY_DEADLINE {deadline.isoformat()} phải sau giờ chạy {start.isoformat()} "
                         f"của tthc_nightly (giờ Việt Nam).")
    return interval


def nightly_deadline():
    """Airflow's deadline alert of tthc_nightly: a run not finished by CCHC_NIGHTLY_DEADLINE (counted from
    its logical date, so 06:00 of that night) e-mails the alert list, from the triggerer. None without an
    alert list (CCHC_ALERT_EMAILS), like the failure alerts."""
    emails = list(settings().alert_emails)
    if not emails or _under_dags_test():
        return None
    from airflow.sdk import AsyncCallback, DeadlineAlert, DeadlineReference

    return DeadlineAlert(
        reference=DeadlineReference.DAGRUN_LOGICAL_DATE, interval=deadline_interval(), name="xong-truoc-gio",
        callback=AsyncCallback(nightly_deadline_missed, kwargs={
            "to": emails, "from_email": settings().alert_from, "deadline_at": _deadline_text()}))


def _under_dags_test() -> bool:
    """Parsed by ``airflow dags test``: Airflow 3.3.2's dag.test() keeps a DAG's deadline alerts unsaved and
    crashes after a successful run ("'dict' object has no attribute 'hex'" in DeadlineAlertModel.get_by_id);
    a test run needs no deadline, so it gets none."""
    return sys.argv[1:3] == ["dags", "test"]


async def nightly_deadline_missed(to: list[str], from_email: str, deadline_at: str, context: dict | None = None,
                                  smtp_conn_id: str = "smtp_default") -> str:
    """The e-mail of a missed deadline (run by the triggerer): which run, since when, what to look at.
    A backfill run is not alerted: replaying past nights starts long after their deadline."""
    from airflow.providers.smtp.hooks.smtp import SmtpHook

    run = (context or {}).get("dag_run") or {}
    if run.get("run_type") == "backfill":
        log.info("Bỏ qua cảnh báo hạn chót của lần chạy bù %s", run.get("dag_run_id"))
        return "backfill: không gửi"
    subject, body = deadline_message(run, deadline_at)
    async with SmtpHook(smtp_conn_id=smtp_conn_id) as hook:
        await hook.asend_email_smtp(to=to, from_email=from_email, subject=subject, html_content=body)
    log.info("Đã gửi cảnh báo hạn chót tới %s: %s", ", ".join(to), subject)
    return subject


def deadline_message(run: dict, deadline_at: str) -> tuple[str, str]:
    """Subject and HTML body of the missed-deadline e-mail, from the run as the scheduler describes it."""
    dag_id = run.get("dag_id") or "tthc_nightly"
    logical = run.get("logical_date")
    logical = datetime.fromisoformat(logical) if isinstance(logical, str) else logical
    load_date = resolve_load_date(run.get("conf"), logical) if logical else None
    night = load_date.strftime("%d/%m/%Y") if load_date else "?"
    subject = f"[CCHC] {dag_id} chưa xong lúc {deadline_at} (ngày nạp {night})"
    body = (f"<p>Lần chạy <b>{html.escape(str(run.get('dag_run_id', '?')))}</b> của <b>{html.escape(dag_id)}</b> "
            f"(ngày nạp {night}) chưa xong lúc {deadline_at} giờ Việt Nam; trạng thái: "
            f"{html.escape(str(run.get('state', '?')))}.</p>"
            "<p>Xem trong Airflow tác vụ nào đang chạy hoặc đang chờ (load_source: nguồn nào), nhật ký của nó, "
            "và máy chủ kho dữ liệu. Báo cáo sáng nay có thể chưa có số liệu của đêm qua.</p>")
    return subject, body


# ---------------------------------------------------------------- periodic reports (DAG cchc_reports)

# A period crosses between tasks as Period.as_dict() (XCom holds plain data).

def report_periods(params: dict | None, logical_date: datetime | None) -> list[dict]:
    """The periods to report on: the ``period`` param, else those whose cut-off fell in the last week
    (config/reports.yaml kinds) — the delivery log keeps a report from being sent twice."""
    from etl.periods import Period
    from etl.reports.produce import due_periods

    chosen = (params or {}).get("period")
    if chosen:
        return [Period.from_code(str(chosen)).as_dict()]
    today = (logical_date or datetime.now(ZoneInfo(TIMEZONE))).astimezone(ZoneInfo(TIMEZONE)).date()
    return [p.as_dict() for p in due_periods(today)]


def no_period_reason(logical_date: datetime | None) -> str:
    """Why a reports run has nothing to do: no period's cut-off fell in the week before its day."""
    today = (logical_date or datetime.now(ZoneInfo(TIMEZONE))).astimezone(ZoneInfo(TIMEZONE)).date()
    return (f"Không có kỳ báo cáo nào chốt số liệu trong 7 ngày trước ngày {today.strftime('%d/%m/%Y')} "
            f"(config/periods.yaml); để lập một kỳ, chạy lại với tham số period, vd. nam:{today.year - 1}.")


def refresh_report_marts(period: dict) -> dict:
    from etl.db import connect
    from etl.marts import refresh_for_report
    from etl.periods import Period
    from etl.reports.config import report_config

    with connect() as conn:
        counts = refresh_for_report(conn, Period.from_dict(period), list(report_config().certification_fields))
    print(f"{period['code']}: {counts}")
    return counts


def render_reports(period: dict, units: list[str] | None = None) -> dict:
    """Render every configured unit's report of the period (marts already refreshed); what was made, as
    plain data for the sending task."""
    from etl.periods import Period
    from etl.reports.produce import produce_reports

    run = produce_reports(Period.from_dict(period), units or None, refresh=False)
    return {"period": period, "failed": run.failed,
            "reports": [{"unit_code": p.unit_code, "restated": p.restated, "files": [str(f) for f in p.files],
                         "subject": p.subject, "body": p.body} for p in run.produced]}


def smtp_settings():
    """How the reports DAG sends: the Airflow SMTP provider's hook on the connection ``smtp_default`` (no
    fallback: without that connection every send fails, says so in Vietnamese and is recorded as ``loi``).
    From: CCHC_REPORT_FROM, else the connection's ``from_email`` extra, else ``sender`` of config/reports.yaml."""
    from etl.reports.config import report_config
    from etl.reports.delivery import AirflowSmtp

    return AirflowSmtp("smtp_default", sender=settings().smtp.sender, default_sender=report_config().sender)


def send_reports(rendered: dict, force: bool = False) -> dict:
    """E-mail what ``render_reports`` made; fail (so the run alerts) if a report could not be made or sent."""
    from pathlib import Path

    from etl.periods import Period
    from etl.reports.produce import Produced, ProducedRun, deliver_reports

    run = ProducedRun(Period.from_dict(rendered["period"]), failed=rendered["failed"])
    run.produced = [Produced(r["unit_code"], r["restated"], [Path(f) for f in r["files"]], r["subject"], r["body"], 0)
                    for r in rendered["reports"]]
    statuses = deliver_reports(run, force=force, smtp=smtp_settings())
    if run.failed:
        raise ReportsFailed(f"{len(run.failed)} đơn vị không lập được báo cáo {run.period.code}:\n"
                            + "\n".join(f"{code}: {why}" for code, why in run.failed.items()))
    return statuses


class ReportsFailed(Exception):
    """Some units' reports could not be made; the others were sent."""


def request_inputs(context: Mapping) -> list[dict]:
    """E-mail each unit its pre-filled workbook before a period's cut-off, and remind at the cut-off the units
    that have not submitted it (etl.inputs.asking; config/reports.yaml ``inputs``), each once; the ``units``
    param of the task's ``context`` narrows the units. Skipped when no period is in either window on the run's
    day (Vietnam)."""
    from etl.inputs.asking import ask_for_inputs, due_asks, no_ask_reason

    params, logical_date = context.get("params"), context.get("logical_date")
    today = (logical_date or datetime.now(ZoneInfo(TIMEZONE))).astimezone(ZoneInfo(TIMEZONE)).date()
    asks = due_asks(today)
    if not asks:
        skip(no_ask_reason(today))
    return ask_for_inputs(today, asks=asks, units=(params or {}).get("units") or None, smtp=smtp_settings())
