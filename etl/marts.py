"""Report marts (schema ``mart``): figures of the official report forms for one period at a time, kept up to date.

Three marts are counted from ``dw.fact_dossier``, each dossier at the unit version that received it:
``mart.bieu06`` (Biểu 06), ``mart.dossier_counts`` (what the CCHC summary, the QĐ 766 indicators and a report's
data notes are summed from) and ``mart.dossier_month`` (a report's monthly trend). Their counts are additive, so
a period is computed whole once, then kept up to date by adding the difference the dossiers changed since make:
their old state is logged by a trigger (``audit.dossier_change``, migration 0019) and their new one is their
row. A night's refresh then costs what the night changed, not the size of the warehouse. ``mart.cchc_summary``
and ``mart.kpi_766`` are computed from those (small) marts, whole each time. ``mart.refreshed_period`` lists what
each mart holds. The counting rules are in the headers of the SQL files and in the column comments.

``refresh_for_report`` is what the CLI, the reports DAG and report production call; ``refresh_after_load`` what
the nightly load calls. Every refresh runs in one transaction: its own (committed on return), or a savepoint of
the caller's when one is open, which then commits or rolls back the refresh with the rest of its work.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import psycopg

from etl.db import run
from etl.periods import HANH_CHINH, LICH, Period, periods_between

FROM_FACTS = ("bieu06", "dossier_counts", "dossier_month")  # sql/marts/refresh_<mart>.sql, kept by differences
INPUTS = {"cchc_summary": ("bieu06", "dossier_counts", "dossier_month"),  # a summary comes with all a report reads
          "kpi_766": ("dossier_counts",)}
REPORT_MARTS = ("bieu06", "dossier_counts", "dossier_month", "cchc_summary")  # a report of a period reads these
KPI_MARTS = ("dossier_counts", "kpi_766")  # the QĐ 766 indicators of a calendar period
NIGHTLY_KINDS = ("thang", "quy", "nam")  # the open and just-closed periods a night's load refreshes

MartPeriod = tuple[str, Period]


def refresh(conn: psycopg.Connection, wanted: Iterable[MartPeriod], certification_fields: list[str] = (),
            *, whole: bool = False) -> dict[MartPeriod, int]:
    """Bring each (mart, period) of ``wanted`` up to date, with the marts it is computed from; the number of rows
    each mart holds for each period afterwards.

    A period a mart computed from the fact table already holds gets the difference the dossiers changed since its
    last refresh make; one it does not hold (or ``whole``, or whose days changed in config/periods.yaml) is
    computed whole. Either way its rows are exactly what a computation from scratch would write.
    ``certification_fields``: lower-case names of the certification fields (mart.cchc_summary)."""
    pairs = _with_inputs(wanted)
    if any(mart == "kpi_766" and period.calendar != LICH for mart, period in pairs):
        raise ValueError("QĐ 766 dùng kỳ theo lịch (tháng, quý, năm): dùng period.calendar_twin()")
    with conn.transaction():
        position = run(conn, "marts/lock_for_refresh").fetchone()  # (change_id, dossier_key) reached
        recomputed = _count_dossiers(conn, [pair for pair in pairs if pair[0] in FROM_FACTS], whole)
        for mart, period in pairs:
            if mart == "cchc_summary":
                run(conn, "marts/refresh_cchc_summary",
                    _params(period) | {"certification_fields": [f.lower() for f in certification_fields]})
            elif mart == "kpi_766":
                run(conn, "marts/refresh_kpi_766", _params(period))
        _record(conn, pairs, recomputed, position)
        run(conn, "marts/forget_changes", {"change_id": position[0]})
        periods = sorted({period for _, period in pairs}, key=lambda p: (p.calendar, p.last_day, p.code))
        held_rows = {(mart, calendar, code): rows
                     for mart, calendar, code, rows in run(conn, "marts/rows_held", _arrays(periods))}
    return {(mart, period): held_rows.get((mart, period.calendar, period.code), 0) for mart, period in pairs}


def _count_dossiers(conn: psycopg.Connection, pairs: list[MartPeriod], whole: bool) -> set[MartPeriod]:
    """The marts counted from dw.fact_dossier, brought up to date: each (mart, period) from the change and dossier
    key it was left at (periods left at the same point share one pass over the changes since), or whole; the pairs
    computed whole."""
    held = {(mart, calendar, code): (first, last, position)
            for mart, calendar, code, first, last, *position in run(conn, "marts/held_periods")}
    groups: dict[tuple[int, int] | None, list[MartPeriod]] = {}
    for mart, period in pairs:
        groups.setdefault(None if whole else _position(held, mart, period), []).append((mart, period))
    for start, members in groups.items():
        change_id, dossier_key = start or (0, 0)
        run(conn, "marts/dossier_rows", {"whole": start is None, "change_id": change_id, "dossier_key": dossier_key})
        for mart in FROM_FACTS:
            periods = [period for m, period in members if m == mart]
            if periods:
                run(conn, f"marts/refresh_{mart}", {"whole": start is None} | _arrays(periods))
    return set(groups.get(None, []))


def _record(conn: psycopg.Connection, pairs: list[MartPeriod], recomputed: set[MartPeriod],
            position: tuple[int, int]) -> None:
    """mart.refreshed_period: each pair brought up to date now; the marts counted from the fact table up to
    ``position``."""
    ordered = sorted(pairs, key=lambda pair: (pair[0], pair[1].calendar, pair[1].last_day, pair[1].code))
    counted = [mart in FROM_FACTS for mart, _ in ordered]
    run(conn, "marts/record_refresh", {
        "marts": [mart for mart, _ in ordered], **_arrays([period for _, period in ordered]),
        "recomputed": [not c or pair in recomputed for c, pair in zip(counted, ordered)],
        "change_ids": [position[0] if c else None for c in counted],
        "dossier_keys": [position[1] if c else None for c in counted]})


def refresh_bieu06(conn: psycopg.Connection, period: Period, *, whole: bool = False) -> int:
    """Bring ``mart.bieu06`` (Biểu số 06/VPCP/KSTT) of ``period`` up to date; the rows it holds for the period.

    The rows are keyed by ``(period.calendar, period.code)``: refreshing a period replaces what an earlier refresh
    of the same period held."""
    return refresh(conn, [("bieu06", period)], whole=whole)[("bieu06", period)]


def refresh_cchc_summary(conn: psycopg.Connection, period: Period, certification_fields: list[str], *,
                         whole: bool = False) -> int:
    """Recompute ``mart.cchc_summary`` for ``period`` from ``mart.bieu06`` and ``mart.dossier_counts`` of the same
    period (brought up to date first, with ``mart.dossier_month``); ``certification_fields``: lower-case names of
    the certification fields. The rows it holds for the period."""
    return refresh(conn, [("cchc_summary", period)], certification_fields, whole=whole)[("cchc_summary", period)]


def refresh_kpi_766(conn: psycopg.Connection, period: Period, *, whole: bool = False) -> int:
    """Recompute ``mart.kpi_766`` (QĐ 766 indicators) for a calendar ``period`` from ``mart.dossier_counts`` of
    the period (brought up to date first); the rows it holds for the period.

    Scores follow the weighting of ``mart.kpi_766_indicator`` in force on the period's last day; an
    indicator the warehouse has no data for is written as missing (thieu_du_lieu), never as 0.
    """
    return refresh(conn, [("kpi_766", period)], whole=whole)[("kpi_766", period)]


def refresh_for_report(conn: psycopg.Connection, period: Period, certification_fields: list[str], *,
                       whole: bool = False) -> dict[str, int]:
    """Everything the reports of ``period`` read, up to date: Biểu 06, the CCHC summary, the counts and the
    monthly trend of the period and of the period it is compared with (``period.previous()``), the QĐ 766
    indicators of its calendar twin. Rows held per mart for ``period`` itself."""
    earlier, twin = period.previous(), period.calendar_twin()
    rows = refresh(conn, [(mart, p) for p in (period, earlier) for mart in REPORT_MARTS]
                   + [(mart, twin) for mart in KPI_MARTS], certification_fields, whole=whole)
    return {"bieu06": rows[("bieu06", period)], "cchc_summary": rows[("cchc_summary", period)],
            "kpi_766": rows[("kpi_766", twin)]}


def refresh_after_load(conn: psycopg.Connection, day: date, certification_fields: list[str]) -> dict[MartPeriod, int]:
    """After a load that changed the warehouse: every period the marts hold (``mart.refreshed_period``), and the
    open and just-closed months, quarters and years of both calendars on ``day`` (what the next reports read),
    brought up to date; rows held per (mart, period)."""
    held = [(mart, Period.from_code(code, calendar)) for mart, calendar, code, *_ in run(conn, "marts/held_periods")]
    current = ([(mart, period) for period in current_periods(day, HANH_CHINH) for mart in REPORT_MARTS]
               + [(mart, period) for period in current_periods(day, LICH) for mart in KPI_MARTS])
    return refresh(conn, held + current, certification_fields)


def current_periods(day: date, calendar: str) -> list[Period]:
    """The months, quarters and years of ``calendar`` open on ``day``, and the ones just before them (closed, but
    still reported on and still receiving late data)."""
    periods = []
    for kind in NIGHTLY_KINDS:
        for period in periods_between(day, day, kind, calendar):
            periods += [period, period.previous()]
    return periods


def _with_inputs(wanted: Iterable[MartPeriod]) -> list[MartPeriod]:
    """``wanted`` with the marts each is computed from, each (mart, period) once, inputs first."""
    pairs: dict[MartPeriod, None] = {}
    for mart, period in wanted:
        for needed in INPUTS.get(mart, ()):
            pairs[(needed, period)] = None
    for mart, period in wanted:
        pairs[(mart, period)] = None
    return list(pairs)


def _position(held: dict, mart: str, period: Period) -> tuple[int, int] | None:
    """The change and dossier key the mart's rows of the period are up to date with; None when it must be
    computed whole: not held, marked to recompute, or held for other days (config/periods.yaml changed)."""
    first, last, (change_id, dossier_key) = held.get((mart, period.calendar, period.code), (None, None, (None, None)))
    if change_id is None or (first, last) != (period.first_day, period.last_day):
        return None
    return change_id, dossier_key


def _arrays(periods: list[Period]) -> dict:
    """The periods as the arrays the SQL files unnest, their days also as the yyyymmdd keys of dw."""
    return {"calendars": [p.calendar for p in periods], "codes": [p.code for p in periods],
            "first_days": [p.first_day for p in periods], "last_days": [p.last_day for p in periods],
            "first_keys": [_key(p.first_day) for p in periods], "last_keys": [_key(p.last_day) for p in periods]}


def _key(day: date) -> int:
    return day.year * 10000 + day.month * 100 + day.day


def _params(period: Period) -> dict:
    return {"calendar": period.calendar, "period_code": period.code,
            "first_day": period.first_day, "last_day": period.last_day}
