"""Report marts (schema ``mart``): figures of the official report forms for one period at a time.

Each refresh deletes the period's rows and inserts them again in one transaction, set-based, from the
latest state of ``dw``; the counting rules are in the header of the SQL files and in the column comments.
"""
from __future__ import annotations

import psycopg

from etl.db import run
from etl.periods import LICH, Period, parse_period


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
        raise ValueError("QĐ 766 dùng kỳ theo lịch (tháng, quý, năm): dùng calendar_period / parse_period(..., 'lich')")
    params = {"period_code": period.code, "first_day": period.first_day, "last_day": period.last_day}
    with conn.transaction():
        cursor = run(conn, "marts/refresh_kpi_766", params)
    return cursor.rowcount


def refresh_report_marts(conn: psycopg.Connection, period: Period, certification_fields: list[str]) -> dict[str, int]:
    """Everything a report of ``period`` reads: Biểu 06 and the summary of the period, the QĐ 766 indicators
    of its calendar twin (same code, plain calendar days). Rows written per mart."""
    return {
        "bieu06": refresh_bieu06(conn, period),
        "cchc_summary": refresh_cchc_summary(conn, period, certification_fields),
        "kpi_766": refresh_kpi_766(conn, parse_period(period.code, LICH)),
    }


def _params(period: Period) -> dict:
    return {"calendar": period.calendar, "period_code": period.code,
            "first_day": period.first_day, "last_day": period.last_day}
