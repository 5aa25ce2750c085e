"""Gather the figures of one report (a unit and a period) from the marts into a ``ReportData``.

The marts must have been refreshed for the period and for the period compared with
(``etl.marts.refresh_for_report``). Every query is a file under ``sql/reports/``.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import psycopg
from psycopg.rows import class_row, dict_row

from etl import vi
from etl.db import sql
from etl.periods import Period
from etl.reports import quality_rules
from etl.reports.config import ReportConfig, report_config
from etl.reports.inputs import gather_inputs
from etl.reports.model import (Bieu06Row, ChildUnit, Coverage, Indicator, MonthPoint, PeriodInfo, PetitionFigures,
                               ReportData, Summary, Unit)
from etl.restatement import THEN, TODAY, restatement_note
from etl.vi import bare_unit_name, unit_name


class UnknownUnit(LookupError):
    pass


def gather(conn: psycopg.Connection, unit_code: str, period: Period, restated: bool | None = None,
           issued_on: date | None = None, config: ReportConfig | None = None) -> ReportData:
    """The report of ``unit_code`` for ``period`` (administrative calendar). ``restated`` None: as the units
    are today when the unit still exists, else as they were (a unit that was reorganised away)."""
    config = config or report_config()
    unit_row = conn.execute(sql("reports/unit"), {"unit_code": unit_code, "last_day": period.last_day}).fetchone()
    if unit_row is None:
        raise UnknownUnit(f"Không có đơn vị mã {unit_code!r} trong kho (dw.dim_unit)")
    code, name, kind, level, exists_today, parent_name, parent_kind = unit_row
    if restated is None:
        restated = exists_today
    unit = Unit(code, bare_unit_name(name, kind), kind, level, _full(parent_name, parent_kind))
    kpi_period, earlier = period.calendar_twin(), period.previous()
    key = {"calendar": period.calendar, "period_code": period.code, "unit_code": code, "restated": restated,
           "first_day": period.first_day, "last_day": period.last_day}

    summary = _summary(conn, key)
    if summary is None:
        raise LookupError(f"Chưa tính số liệu kỳ {period.code} (mart.cchc_summary): chạy cchc mart refresh "
                          f"--period {period.code} trước")
    previous_summary = _summary(conn, key | {"period_code": earlier.code})
    if previous_summary is not None and not (previous_summary.tiep_nhan_tong or previous_summary.giai_quyet_trong_ky):
        previous_summary = None
    bieu06 = [Bieu06Row(*row) for row in conn.execute(sql("reports/bieu06"), key)]
    indicators = conn.cursor(row_factory=class_row(Indicator)).execute(
        sql("reports/indicators"), key | {"period_code": kpi_period.code, "last_day": kpi_period.last_day}).fetchall()
    monthly = conn.cursor(row_factory=class_row(MonthPoint)).execute(sql("reports/monthly_trend"), key).fetchall()
    children = _children(conn, key | {"kpi_period_code": kpi_period.code})
    quality = conn.execute(sql("reports/quality"), key | {
        "is_top": parent_name is None, "petition_formats": quality_rules.petition_formats()}).fetchall()
    note = restatement_note(conn, period.first_day, period.last_day, TODAY if restated else THEN,
                            _scope_codes(conn, key))
    return ReportData(
        unit=unit, period=_info(period), kpi_period=_info(kpi_period), previous=_info(earlier), restated=restated,
        summary=summary, previous_summary=previous_summary, coverage=_coverage(conn, key, earlier),
        bieu06=bieu06 + [_total(bieu06)] if bieu06 else [],
        indicators=indicators, monthly=monthly, children=children,
        quality_notes=quality_notes(quality, period), note_counts=note_counts(quality), restatement_note=note,
        place=unit.name, issued_on=issued_on,
        recipients=[line.format(parent=f"UBND {unit.parent_name}")
                    for line in config.noi_nhan_of(code, level, unit.parent_name is not None)
                    if unit.parent_name or "{parent}" not in line],
        bieu06_receiver=f"UBND {unit.parent_name}" if unit.parent_name else config.bieu06_receiver,
        inputs=gather_inputs(conn, key), petitions=_petitions(conn, key),
    )


def note_counts(rows: list[tuple[str, str | None, str | None, int]]) -> dict[str, Decimal]:
    """{kind: count} of the rows of sql/reports/quality.sql, every kind of quarantine as cach_ly (the figures
    ghi_chu.* of `cchc explain`)."""
    counts: dict[str, Decimal] = {}
    for kind, _, _, count in rows:
        kind = "cach_ly" if kind.startswith("cach_ly") else kind
        counts[kind] = counts.get(kind, Decimal(0)) + Decimal(count)
    return counts


def quality_notes(rows: list[tuple[str, str | None, str | None, int]], period: Period) -> list[str]:
    """The "Ghi chú về số liệu" sentences on the data from the rows (kind, detail, subject, count) of
    sql/reports/quality.sql, in the words of an official: one sentence per quarantine rule
    (etl/reports/quality_rules.py), never a rule's code."""
    n = vi.number
    subjects = quality_rules.SUBJECTS
    notes = []
    # rows set aside at load: one sentence per subject and phrase (rules without a phrase share the generic one)
    set_aside: dict[tuple[str, str], int] = {}
    for kind, rule, subject, count in rows:
        if kind == "cach_ly" and count:
            key = (subjects.get(subject or "", subjects["ho_so"]), quality_rules.phrase(rule))
            set_aside[key] = set_aside.get(key, 0) + count
    for (subject, phrase), count in sorted(set_aside.items(), key=lambda item: (-item[1], item[0])):
        notes.append(f"{n(count)} {subject} tiếp nhận trong kỳ {phrase}, chưa được tính vào số liệu báo cáo.")
    for kind, _, subject, count in sorted(rows, key=lambda row: (row[0], row[2] or "")):
        if kind == "cach_ly_khong_ro_ngay" and count:
            notes.append(f"{n(count)} {subjects.get(subject or '', subjects['ho_so'])} của đơn vị thiếu hoặc sai "
                         "ngày tiếp nhận, không xác định được thuộc kỳ báo cáo nào nên chưa được tính.")
    other = {kind: count for kind, _, _, count in rows if not kind.startswith("cach_ly") and count}
    if other.get("khong_co_han"):
        notes.append(f"{n(other['khong_co_han'])} hồ sơ tiếp nhận trong kỳ không có ngày hẹn trả, được tính là "
                     "đúng hạn (đã giải quyết) hoặc trong hạn (đang giải quyết).")
    if other.get("tthc_suy_ra"):
        notes.append(f"{n(other['tthc_suy_ra'])} hồ sơ tiếp nhận trong kỳ thuộc thủ tục chưa có trong danh mục "
                     "TTHC; không xác định được mức độ dịch vụ công trực tuyến của các hồ sơ này.")
    if other.get("truc_tuyen_khong_dvctt"):
        notes.append(f"{n(other['truc_tuyen_khong_dvctt'])} hồ sơ nộp trực tuyến thuộc thủ tục chưa cung cấp dịch vụ "
                     "công trực tuyến tại thời điểm tiếp nhận (theo danh mục TTHC); cần kiểm tra lại danh mục hoặc "
                     "kênh tiếp nhận.")
    if other.get("thanh_toan_khong_phi"):
        notes.append(f"{n(other['thanh_toan_khong_phi'])} hồ sơ được ghi nhận thanh toán trực tuyến nhưng không có "
                     "phí, lệ phí (theo hồ sơ hoặc theo danh mục TTHC tại thời điểm tiếp nhận); cần kiểm tra lại "
                     "thông tin thanh toán hoặc danh mục.")
    if other.get("don_vi_khong_ro_cap_tren"):
        notes.append(f"{n(other['don_vi_khong_ro_cap_tren'])} hồ sơ tiếp nhận trong kỳ của đơn vị chưa có trong "
                     "danh mục đơn vị hành chính (không rõ cấp trên) không được cộng vào số liệu toàn tỉnh.")
    return notes


def report_units(conn: psycopg.Connection, period: Period, config: ReportConfig | None = None) -> list[str]:
    """Codes of the units that get a report of ``period``: the configured ones, or every listed unit
    in force on the period's last day."""
    config = config or report_config()
    if config.units is not None:
        return list(config.units)
    return [code for (code,) in conn.execute(sql("reports/units_in_force"), {"last_day": period.last_day})]


def _children(conn, key: dict) -> list[ChildUnit]:
    """The rows of the ranking table (sql/reports/children.sql), ranked ones first, then the units listed apart."""
    fields = set(ChildUnit.__dataclass_fields__)
    return [ChildUnit(**{k: v for k, v in r.items() if k in fields} | {"name": _full(r["name"], r["kind"])})
            for r in conn.cursor(row_factory=dict_row).execute(sql("reports/children"), key)]


def _summary(conn, key: dict) -> Summary | None:
    return conn.cursor(row_factory=class_row(Summary)).execute(sql("reports/summary"), key).fetchone()


def _coverage(conn, key: dict, compared: Period) -> Coverage:
    """From which day the data of the unit and the units below it is complete, and up to which day there is
    data (sql/reports/coverage.sql: audit.data_coverage, units existing during the ``compared`` period)."""
    row = conn.execute(sql("reports/coverage"), key | {"compared_first_day": compared.first_day,
                                                       "compared_last_day": compared.last_day}).fetchone()
    return Coverage(*row) if row else Coverage(None, None)


def _petitions(conn, key: dict) -> PetitionFigures | None:
    """The PAKN of the scope in the period (sql/reports/petitions.sql); None when the warehouse holds no PAKN of
    the scope at all, so that the report takes the workbook's figures."""
    fed, *figures = conn.execute(sql("reports/petitions"), key).fetchone()
    return PetitionFigures(*figures) if fed else None


def _scope_codes(conn, key: dict) -> list[str]:
    return [code for (code,) in conn.execute(sql("reports/scope_codes"), key)]


def _total(rows: list[Bieu06Row]) -> Bieu06Row:
    """The "Tổng cộng" line: the sum of the field lines (group headings carry subtotals, not counted again)."""
    fields = [r for r in rows if r.kind == "field"]
    numbers = [sum((getattr(r, f) for r in fields), Decimal(0)) for f in Bieu06Row.__dataclass_fields__
               if f not in ("field_code", "field_name", "kind", "nhom")]
    return Bieu06Row(None, "Tổng cộng", *numbers, kind="total")


def _info(period: Period) -> PeriodInfo:
    return PeriodInfo(period.code, period.label, period.first_day, period.last_day)


def _full(name: str | None, kind: str | None) -> str | None:
    return None if name is None else unit_name(name, kind)
