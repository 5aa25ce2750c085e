"""What the Airflow tasks do. DAG files only wire these together; every function here also runs without Airflow."""
from __future__ import annotations

import os
from datetime import date, datetime
from zoneinfo import ZoneInfo

from etl.config import TIMEZONE

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
    from etl.pipeline import sources

    return sorted(sources())


def ingest_source(name: str, load_date: date, reference_only: bool = False) -> dict:
    from etl.pipeline import REFERENCE_KINDS, format_summary, ingest_source as run

    summary = run(name, load_date=load_date, kinds=REFERENCE_KINDS if reference_only else None)
    print(format_summary(summary))
    return {
        "source": name,
        "files_loaded": summary.count("loaded"),
        "files_skipped": summary.count("skipped"),
        "rows_loaded": summary.total("rows_loaded"),
        "rows_quarantined": summary.total("rows_quarantined"),
        "failed": [f.error for f in summary.failed],
    }


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


def alert_emails() -> list[str]:
    """Addresses alerted when a run fails (CCHC_ALERT_EMAILS, comma separated)."""
    return [a.strip() for a in os.environ.get("CCHC_ALERT_EMAILS", "").split(",") if a.strip()]


def failure_alerts() -> list:
    """E-mail notifiers for failed tasks, sent through the Airflow connection ``smtp_default``."""
    emails = alert_emails()
    if not emails:
        return []
    from airflow.providers.smtp.notifications.smtp import SmtpNotifier

    return [SmtpNotifier(to=emails, from_email=os.environ.get("CCHC_ALERT_FROM", "cchc-etl@localhost"),
                         subject=ALERT_SUBJECT, html_content=ALERT_BODY)]
