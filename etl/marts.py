"""Report marts (schema ``mart``): figures of the official report forms for one period at a time.

Each refresh deletes the period's rows and inserts them again in one transaction, set-based, from the
latest state of ``dw``; the counting rules are in the header of the SQL files and in the column comments.
``refresh_for_report`` is the one entry point of the CLI, the reports DAG and report production.
"""
from __future__ import annotations

import psycopg

from etl.db import run
from etl.periods import LICH, Period


def refresh_bieu06(conn: psycopg.Connection, period: Period) -> int:
    """Recompute ``mart.bieu06`` (Biểu số 06/VPCP/KSTT) for ``period``; the number of rows written.

    The rows are keyed by ``(period.calendar, period.code)``: refreshing a period replaces what an earlier
    refresh of the same period wrote. The delete and the insert run in one transaction: their own one
    (committed on return), or a savepoint of the caller's transaction when one is already open, which then
    commits or rolls back the refresh with the rest of its work.
    """
    with conn.transaction():
        cursor = run(conn, "marts/refresh_bieu06", _params(period))
    return cursor.rowcount


def refresh_cchc_summary(conn: psycopg.Connection, period: Period, certification_fields: list[str]) -> int:
    """Recompute ``mart.cchc_summary`` for ``period`` from ``mart.bieu06`` of the same period (refresh that
    first) and ``dw``; ``certification_fields``: lower-case names of the certification fields."""
    params = _params(period) | {"certification_fields": [f.lower() for f in certification_fields]}
    with conn.transaction():
        cursor = run(conn, "marts/refresh_cchc_summary", params)
    return cursor.rowcount


def refresh_kpi_766(conn: psycopg.Connection, period: Period) -> int:
    """Recompute ``mart.kpi_766`` (QĐ 766 indicators) for a calendar ``period``; the number of rows written.

    Scores follow the weighting of ``mart.kpi_766_indicator`` in force on the period's last day; an
    indicator the warehouse has no data for is written as missing (thieu_du_lieu), never as 0.
    """
    if period.calendar != LICH:
        raise ValueError("QĐ 766 dùng kỳ theo lịch (tháng, quý, năm): dùng period.calendar_twin()")
    params = {"period_code": period.code, "first_day": period.first_day, "last_day": period.last_day}
    with conn.transaction():
        cursor = run(conn, "marts/refresh_kpi_766", params)
    return cursor.rowcount


def refresh_for_report(conn: psycopg.Connection, period: Period, certification_fields: list[str]) -> dict[str, int]:
    """Everything the reports of ``period`` read: Biểu 06 and the CCHC summary of the period and of the period
    it is compared with (``period.previous()``), the QĐ 766 indicators of its calendar twin. Rows written per
    mart for ``period`` itself."""
    counts = {
        "bieu06": refresh_bieu06(conn, period),
        "cchc_summary": refresh_cchc_summary(conn, period, certification_fields),
        "kpi_766": refresh_kpi_766(conn, period.calendar_twin()),
    }
    earlier = period.previous()
    refresh_bieu06(conn, earlier)
    refresh_cchc_summary(conn, earlier, certification_fields)
    return counts


def _params(period: Period) -> dict:
    return {"calendar": period.calendar, "period_code": period.code,
            "first_day": period.first_day, "last_day": period.last_day}
