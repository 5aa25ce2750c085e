"""Produce and deliver the periodic reports: refresh the marts, gather each unit's figures and the dossiers behind
them, render the four files and the chi-tiet workbook, e-mail them. The CLI (``cchc report``), the ``cchc_reports``
DAG and the bench call these."""
from __future__ import annotations

import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Callable, Sequence

from etl import vi
from etl.config import settings
from etl.db import connect, warehouse_url
from etl.files import safe_name
from etl.marts import refresh_for_report
from etl.periods import Period, periods_between
from etl.reports.config import ReportConfig, report_config
from etl.reports.data import gather, report_units
from etl.reports.explain import dossiers_counted, lineage, unlisted
from etl.reports.model import ReportData


@dataclass
class Produced:
    unit_code: str
    restated: bool
    files: list[Path]
    subject: str
    body: str
    seconds: float


@dataclass
class ProducedRun:
    period: Period
    produced: list[Produced] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # unit code -> why


def reports_dir(period: Period) -> Path:
    return settings().home / "reports" / safe_name(period.code)


def produce_reports(period: Period, unit_codes: list[str] | None = None, *, restated: bool | None = None,
                    out_dir: Path | None = None, refresh: bool = True, issued_on: date | None = None,
                    config: ReportConfig | None = None, progress: Callable[[str], None] = print,
                    url: str | None = None) -> ProducedRun:
    """Render the reports of ``period`` for ``unit_codes`` (default: the configured units), from the warehouse
    ``url`` (default: the configured one). A unit whose report cannot be made is recorded in ``failed`` and
    the others go on."""
    config = config or report_config()
    out_dir = out_dir or reports_dir(period)
    run = ProducedRun(period)
    url = url or warehouse_url()  # resolved once: the render workers connect to the same warehouse
    gathered: list[ReportData] = []
    with connect(url) as conn:
        if refresh:
            started = time.perf_counter()
            counts = refresh_for_report(conn, period, list(config.certification_fields))
            conn.commit()
            progress(f"Đã tính lại số liệu {period.label}: " + ", ".join(f"{k} {vi.number(v)} dòng" for k, v in counts.items())
                     + f" ({vi.number(time.perf_counter() - started, 1)} giây)")
        codes = unit_codes or report_units(conn, period, config)
        for code in codes:
            try:
                gathered.append(gather(conn, code, period, restated=restated, issued_on=issued_on, config=config))
            except Exception as error:  # one unit's problem must not stop the others' reports
                conn.rollback()
                run.failed[code] = f"{type(error).__name__}: {error}"
                progress(f"{code}: LỖI — {run.failed[code]}")
    for number, (data, outcome) in enumerate(_render(gathered, out_dir, config, url), 1):
        if isinstance(outcome, Exception):
            run.failed[data.unit.code] = f"{type(outcome).__name__}: {outcome}"
            progress(f"[{number}/{len(gathered)}] {data.unit.issuer}: LỖI — {run.failed[data.unit.code]}")
            continue
        files, seconds = outcome
        attached, too_big = _attachable(files, config.max_attachment_mb)
        listed = dossiers_counted(data) <= config.chi_tiet_max_dossiers
        run.produced.append(Produced(data.unit.code, data.restated, attached, subject(data),
                                     body(data, attached, too_big, config.max_attachment_mb, listed), seconds))
        progress(f"[{number}/{len(gathered)}] {data.unit.issuer}: {len(files)} tệp ({vi.number(seconds, 2)} giây)"
                 + "".join(f"; không đính kèm {path.name} ({_megabytes(path)} MB, quá "
                           f"{vi.count(config.max_attachment_mb)} MB)" for path in too_big))
    return run


def _attachable(files: list[Path], limit_mb: float) -> tuple[list[Path], list[Path]]:
    """The files an e-mail may carry, and those larger than ``limit_mb`` (written, left in the reports folder)."""
    too_big = [path for path in files if path.stat().st_size > limit_mb * 1024 * 1024]
    return [path for path in files if path not in too_big], too_big


def _megabytes(path: Path) -> str:
    return vi.number(path.stat().st_size / 1024 / 1024, 1)


def _render(gathered: list[ReportData], out_dir: Path, config: ReportConfig, url: str):
    """(data, (files, seconds) or the exception) per report, rendered in ``report_workers`` processes
    (forkserver: the workers do not inherit the caller's connections or threads)."""
    workers = min(settings().report_workers, len(gathered))
    if workers <= 1:
        for data in gathered:
            yield data, _render_one(data, out_dir, config, url)
        return
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("forkserver")) as pool:
        futures = {pool.submit(_render_one, data, out_dir, config, url): data for data in gathered}
        for future in as_completed(futures):
            yield futures[future], future.result()


def _render_one(data: ReportData, out_dir: Path, config: ReportConfig, url: str) -> tuple[list[Path], float] | Exception:
    """The four files of the report (etl.reports.render), then, once the report passed its checks, the chi-tiet
    workbook of the dossiers behind its figures (etl.reports.chi_tiet_xlsx), their lists read here, by the worker,
    one report at a time: a province's lists are the largest thing a report run holds."""
    from etl.reports.chi_tiet_xlsx import file_name, write_chi_tiet
    from etl.reports.render import render_all

    started = time.perf_counter()
    try:
        files = render_all(data, out_dir)
        if dossiers_counted(data) <= config.chi_tiet_max_dossiers:
            with connect(url) as conn:
                explained = lineage(conn, data, config)
        else:
            explained = unlisted(data)
        files.append(write_chi_tiet(explained, Path(out_dir) / file_name(data)))
        return files, time.perf_counter() - started
    except Exception as error:  # reported per unit by the caller
        return error


def subject(data: ReportData) -> str:
    return f"[CCHC] Báo cáo {data.period.label.lower()} – {data.unit.issuer}"


# what each file of a bundle is, by the start and suffix of its name (etl.reports.render, chi_tiet_xlsx)
ATTACHMENT_KINDS = (("bao-cao-cchc_", ".docx", "báo cáo (Word)"), ("bao-cao-cchc_", ".pdf", "báo cáo (PDF)"),
                    ("bao-cao-cchc_", ".html", "báo cáo (HTML)"), ("bieu-06_", ".xlsx", "Biểu số 06/VPCP/KSTT (Excel)"),
                    ("chi-tiet_", ".xlsx", "danh sách hồ sơ theo từng số liệu của báo cáo (Excel, tệp chi-tiet)"))


def _what(path: Path, listed: bool = True) -> str:
    if not listed and path.name.startswith("chi-tiet_"):
        return "các số liệu của báo cáo và cách tra cứu hồ sơ (Excel, tệp chi-tiet)"
    return next((what for start, suffix, what in ATTACHMENT_KINDS
                 if path.name.startswith(start) and path.name.endswith(suffix)), path.name)


def body(data: ReportData, attached: Sequence[Path], too_big: Sequence[Path] = (), limit_mb: float = 20,
         listed: bool = True) -> str:
    """The e-mail's text: the period and unit, three figures, what is attached and, for a file larger than
    ``limit_mb``, that it is not attached and where it is kept; ``listed`` False: the chi-tiet workbook names the
    figures without listing their dossiers (a scope above chi_tiet_max_dossiers)."""
    s, n = data.summary, vi.number
    rate = "không phát sinh" if s.ty_le_giai_quyet_dung_han is None else f"{n(s.ty_le_giai_quyet_dung_han, 2)}%"
    lines = [
        f"Kính gửi: {', '.join(data.recipients[:1]) or 'Quý cơ quan'}",
        "",
        f"Hệ thống kho dữ liệu CCHC gửi báo cáo tình hình, kết quả công tác cải cách hành chính "
        f"{data.period.label.lower()} (từ ngày {data.period.first_day:%d/%m/%Y} đến ngày "
        f"{data.period.last_day:%d/%m/%Y}) của {data.unit.issuer}.",
        f"- Hồ sơ tiếp nhận: {n(s.tiep_nhan_tong)}; đã giải quyết: {n(s.da_giai_quyet_tong)}; "
        f"tỷ lệ giải quyết trước và đúng hạn: {rate}.",
        f"- Tệp đính kèm: {'; '.join(_what(path, listed) for path in attached) or 'không có'}.",
    ]
    if not listed:
        lines.append(f"- Báo cáo tính {n(dossiers_counted(data))} hồ sơ, quá nhiều để liệt kê trong một tệp Excel gửi "
                     "kèm thư: tệp chi-tiet chỉ nêu các số liệu; danh sách hồ sơ của từng số liệu lấy bằng lệnh cchc "
                     "explain --figure (bộ phận CNTT) hoặc các hàm SQL mart.figure_dossiers_*.")
    for path in too_big:
        lines.append(f"- Không đính kèm tệp {path.name} ({_megabytes(path)} MB, lớn hơn giới hạn "
                     f"{vi.count(limit_mb)} MB của thư): tệp được lưu tại {path} trên máy chủ kho dữ liệu; "
                     "danh sách hồ sơ của từng số liệu cũng tra cứu được bằng lệnh cchc explain.")
    if data.quality_notes:
        lines.append(f"- Lưu ý về số liệu: {len(data.quality_notes)} ghi chú trong mục \"Ghi chú về số liệu\".")
    lines += ["", "Thư được gửi tự động; các phần nội dung đánh dấu [Nội dung do đơn vị bổ sung] cần được hoàn thiện "
              "trước khi ký ban hành."]
    return "\n".join(lines)


def deliver_reports(run: ProducedRun, *, force: bool = False, smtp=None, config: ReportConfig | None = None,
                    progress: Callable[[str], None] = print, url: str | None = None) -> dict[str, str]:
    """E-mail every produced report to its unit's recipients (config/reports.yaml), once unless ``force``,
    through ``smtp`` (default: the CCHC_SMTP_* settings), logged in the warehouse ``url``.
    Returns {unit code: status}; a failed send is recorded and raised after the others were tried."""
    from etl.reports.delivery import SmtpSettings, deliver

    config = config or report_config()
    smtp = smtp or SmtpSettings.from_env()
    statuses, errors = {}, []
    with connect(url) as conn:
        for item in run.produced:
            recipients = config.recipients_of(item.unit_code)
            if not recipients:
                statuses[item.unit_code] = "khong_gui"
                continue
            try:
                delivery = deliver(conn, item.unit_code, run.period.code, item.restated, item.files, recipients,
                                   subject=item.subject, body=item.body, smtp=smtp, force=force)
            except Exception as error:
                statuses[item.unit_code] = "loi"
                errors.append(f"{item.unit_code}: {error}")
                progress(f"{item.unit_code}: gửi LỖI — {error}")
                continue
            statuses[item.unit_code] = delivery.status
            progress(f"{item.unit_code}: {_STATUS.get(delivery.status, delivery.status)} ({', '.join(recipients)})")
    if errors:
        raise RuntimeError(f"{len(errors)} báo cáo gửi không thành công:\n" + "\n".join(errors))
    return statuses


_STATUS = {"da_gui": "đã gửi", "bo_qua": "đã gửi trước đây, không gửi lại"}


def due_periods(today: date, lookback_days: int = 7, config: ReportConfig | None = None) -> list[Period]:
    """Report periods of the configured kinds whose cut-off day fell in the ``lookback_days`` before today:
    their data is complete (the nightly load after the cut-off has run) and their report is due."""
    config = config or report_config()
    first, last = today - timedelta(days=lookback_days), today - timedelta(days=1)
    return sorted({p for kind in config.kinds for p in periods_between(first, last, kind) if first <= p.last_day <= last},
                  key=lambda p: (p.last_day, p.first_day))
