"""What the Airflow tasks do. DAG files only wire these together; every function here also runs without Airflow."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from etl.config import TIMEZONE, settings

WAREHOUSE_ASSET_URI = "cchc://warehouse/dw"
WAREHOUSE_POOL = "warehouse_writes"


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


def ingest_source(name: str, load_date: date, reference_only: bool = False) -> dict:
    from etl import pipeline
    from etl.kinds import REFERENCE_KINDS

    summary = pipeline.ingest_source(name, load_date=load_date, kinds=REFERENCE_KINDS if reference_only else None,
                                     connection_password=airflow_connection_password)
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
