"""Ask each unit for its fill-in workbook (Phiếu số liệu báo cáo CCHC) by e-mail, and remind the late ones.

The report of a period can only be complete if the unit's workbook is in the warehouse when the report is made,
the day after the period's cut-off (the DAG ``cchc_reports``). So, for the periods of the configured kinds
(config/reports.yaml ``kinds``, ``inputs``):

- from ``ask_days_before`` days before the cut-off to the day before it, each unit that gets a report is
  e-mailed its pre-filled workbook (``make_template``), once: a *request* (``phieu_so_lieu``);
- from the cut-off to the report's due day (``submission_deadline``), each unit that still has no current
  submission (dw.report_input_submission) is e-mailed a *reminder* with a fresh workbook, once (``nhac_nop``).

A unit that has already submitted its workbook is neither asked nor reminded; one without recipients is skipped.
Both e-mails go through ``deliver()``, so they are archived and recorded in audit.report_delivery with their
purpose, and an e-mail already sent is not sent again (the workbook is not even made).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Callable

import psycopg

from etl import vi
from etl.db import connect, sql
from etl.inputs.layout import FIGURES_SHEET, INFO_SHEET, VALUES_SHEET
from etl.inputs.template import make_template, templates_dir
from etl.periods import Period, periods_between, submission_deadline
from etl.reports.config import ReportConfig, report_config
from etl.reports.data import report_units
from etl.reports.delivery import (PURPOSES, SKIPPED, WORKBOOK_REMINDER, WORKBOOK_REQUEST, Sender, already_sent,
                                  deliver)
from etl.reports.wording import lower_first

# How far back a cut-off may lie and its reminder still be due: far more than the submission_working_days
# (config/periods.yaml, 2) working days to the report's due day, weekends included.
_REMINDER_LOOKBACK = timedelta(days=62)

# What a unit's outcome is called in the task log.
NOT_SENT = "khong_gui"  # no recipients configured
SUBMITTED = "da_nop"  # the unit's workbook is already in the warehouse
FAILED = "loi"


@dataclass(frozen=True)
class Ask:
    """One kind of e-mail due today for one period: the request or the reminder."""

    period: Period
    purpose: str  # WORKBOOK_REQUEST | WORKBOOK_REMINDER


class InputRequestsFailed(RuntimeError):
    """Some units could not be sent their request or reminder; the others were."""


def due_asks(today: date, config: ReportConfig | None = None) -> list[Ask]:
    """The requests and reminders due on ``today``: requests for the periods whose cut-off is 1 to
    ``ask_days_before`` days ahead, reminders for those whose cut-off is today or passed and whose report is not
    yet due (``submission_deadline``); by cut-off day."""
    config = config or report_config()
    ahead, asks = config.inputs.ask_days_before, []
    for kind in config.kinds:
        if ahead:
            asks += [Ask(p, WORKBOOK_REQUEST) for p in periods_between(today + timedelta(days=1),
                                                                      today + timedelta(days=ahead), kind)
                     if today < p.last_day <= today + timedelta(days=ahead)]
        if config.inputs.remind_after_cutoff:
            asks += [Ask(p, WORKBOOK_REMINDER) for p in periods_between(today - _REMINDER_LOOKBACK, today, kind)
                     if p.last_day <= today <= submission_deadline(p)]
    return sorted(asks, key=lambda a: (a.period.last_day, a.period.first_day, a.purpose))


def no_ask_reason(today: date, config: ReportConfig | None = None) -> str:
    """Why nothing is asked on ``today``, in the words of the task log."""
    config = config or report_config()
    ahead = config.inputs.ask_days_before
    window = f"trong {ahead} ngày tới" if ahead else "(không gửi phiếu: ask_days_before là 0)"
    return (f"Không có kỳ báo cáo nào ({', '.join(config.kinds)}) chốt số liệu {window}, và không có kỳ nào đang "
            f"trong hạn nhắc nộp phiếu số liệu, ngày {vi.day(today)} (config/reports.yaml, mục inputs).")


def ask_for_inputs(today: date, *, smtp: Sender, asks: list[Ask] | None = None, units: list[str] | None = None,
                   config: ReportConfig | None = None, out_dir: Path | None = None,
                   progress: Callable[[str], None] = print, url: str | None = None) -> list[dict]:
    """Send the requests and reminders due on ``today`` (``asks``, default ``due_asks(today)``) to ``units``
    (default: the units that get the period's report) through ``smtp``; the workbooks are written under
    ``out_dir`` (default: ``templates_dir(period)``). Returns, per ask, the period code, the purpose and
    {unit code: da_gui | bo_qua | da_nop | khong_gui | loi}; raises InputRequestsFailed after trying every
    unit when some could not be sent."""
    config = config or report_config()
    asks = due_asks(today, config) if asks is None else asks
    outcomes, errors = [], []
    with connect(url) as conn:
        for ask in asks:
            statuses = {}
            codes = units or report_units(conn, ask.period, config)
            submitted = {code for (code,) in conn.execute(sql("inputs/submitted_units"),
                                                          {"period_code": ask.period.code})}
            conn.commit()
            for code in codes:
                try:
                    statuses[code] = _ask_unit(conn, code, ask, today, smtp, config, out_dir, submitted)
                except Exception as error:  # one unit's problem must not stop the others' e-mails
                    conn.rollback()
                    statuses[code] = FAILED
                    errors.append(f"{code} ({PURPOSES[ask.purpose]} {ask.period.code}): {error}")
                progress(f"{PURPOSES[ask.purpose]} {ask.period.code} {code}: {statuses[code]}")
            outcomes.append({"period": ask.period.code, "purpose": ask.purpose, "units": statuses})
    if errors:
        raise InputRequestsFailed(f"{len(errors)} e-mail phiếu số liệu không gửi được:\n" + "\n".join(errors))
    return outcomes


def _ask_unit(conn: psycopg.Connection, code: str, ask: Ask, today: date, smtp: Sender, config: ReportConfig,
              out_dir: Path | None, submitted: set[str]) -> str:
    recipients = config.recipients_of(code)
    if not recipients:
        return NOT_SENT
    if code in submitted:
        return SUBMITTED
    if already_sent(conn, code, ask.period.code, purpose=ask.purpose):
        conn.commit()
        return SKIPPED
    workbook = make_template(conn, code, ask.period, out_dir or templates_dir(ask.period))
    unit = _unit_name(conn, code, ask.period)
    conn.commit()
    write = request_text if ask.purpose == WORKBOOK_REQUEST else reminder_text
    subject, body = write(unit, ask.period, workbook.name, today)
    return deliver(conn, code, ask.period.code, False, [workbook], recipients, subject=subject, body=body, smtp=smtp,
                   purpose=ask.purpose).status


def _unit_name(conn: psycopg.Connection, code: str, period: Period) -> str:
    """"UBND xã Hoằng Cát": the body the e-mail is addressed to (make_template has checked that the unit exists)."""
    _, name, kind, *_ = conn.execute(sql("reports/unit"), {"unit_code": code, "last_day": period.last_day}).fetchone()
    return f"UBND {vi.unit_name(name, kind)}"


def _how_to_fill(file_name: str, by: str) -> list[str]:
    """The steps every e-mail gives; ``by`` says when to send the workbook back."""
    return [
        "Cách điền và nộp phiếu:",
        f'1. Mở tệp {file_name} bằng Excel và đọc trang "Hướng dẫn". Điền trang "{INFO_SHEET}" (người lập, điện '
        f'thoại, ngày lập), cột "Giá trị" của trang "{VALUES_SHEET}" và các trang "Văn bản", "Kiểm tra", '
        '"Mô hình". Ô nền vàng đã được điền sẵn từ phiếu kỳ trước: kiểm tra và sửa nếu đã thay đổi. Mục chưa có '
        "số liệu thì để trống.",
        f'2. Giữ nguyên tên tệp; không đổi tên, thêm hay xóa trang. Trang "{FIGURES_SHEET}" là số liệu hồ sơ '
        "TTHC do kho dữ liệu tính, chỉ để xem.",
        f"3. Nộp phiếu đã điền {by}: trả lời thư này, đính kèm tệp đã điền, để bộ phận tổng hợp nạp vào kho dữ "
        "liệu; hoặc, nếu đơn vị tự nạp, chép tệp vào thư mục nhận tệp của kho, hoặc chạy lệnh: "
        f"cchc ingest {file_name}",
        "4. Nộp lại phiếu của cùng kỳ thì phiếu sau thay phiếu trước. Phiếu có ô sai (chữ trong ô số, số hoàn thành "
        "lớn hơn số được giao, ngày sau ngày chốt số liệu...) không được nhận cả phiếu; thông báo lỗi nêu trang, "
        "dòng và nội dung cần sửa.",
    ]


def request_text(unit: str, period: Period, file_name: str, today: date) -> tuple[str, str]:
    """Subject and plain-text body of the request for the workbook, sent before the cut-off."""
    cutoff = period.last_day
    subject = (f"[CCHC] Đề nghị điền phiếu số liệu báo cáo CCHC {lower_first(period.label)} – {unit}, "
               f"nộp trước ngày {vi.day(cutoff)}")
    lines = [
        f"Kính gửi: {unit}",
        "",
        f"Để lập báo cáo tình hình, kết quả công tác cải cách hành chính {lower_first(period.label)} (số liệu từ ngày "
        f"{vi.day(period.first_day)} đến ngày {vi.day(cutoff)}), hệ thống kho dữ liệu CCHC gửi kèm Phiếu số liệu "
        f"báo cáo CCHC của đơn vị (tệp {file_name}, lập ngày {vi.day(today)}). Phiếu ghi những nội dung của báo "
        "cáo mà hệ thống giải quyết TTHC không có: kế hoạch, văn bản chỉ đạo, tuyên truyền, kiểm tra, nhiệm vụ, "
        "cán bộ công chức, văn bản điện tử, ưu điểm, hạn chế, nhiệm vụ kỳ tới.",
        "",
        *_how_to_fill(file_name, f"chậm nhất ngày {vi.day(cutoff)} (ngày chốt số liệu)"),
        "",
        "Báo cáo được lập tự động sau ngày chốt số liệu. Nếu kho chưa có phiếu của đơn vị, báo cáo ghi rõ điều đó "
        "ở trang đầu và để trống các phần thuộc phiếu.",
        "",
        "Thư được gửi tự động, một lần cho mỗi kỳ báo cáo.",
    ]
    return subject, "\n".join(lines)


def reminder_text(unit: str, period: Period, file_name: str, today: date) -> tuple[str, str]:
    """Subject and plain-text body of the reminder, sent from the cut-off to a unit without a submitted workbook."""
    cutoff, due = period.last_day, submission_deadline(period)
    subject = (f"[CCHC] Nhắc nộp phiếu số liệu báo cáo CCHC {lower_first(period.label)} – {unit}, "
               f"đã đến ngày chốt số liệu {vi.day(cutoff)}")
    lines = [
        f"Kính gửi: {unit}",
        "",
        f"Đến ngày {vi.day(today)}, kho dữ liệu CCHC chưa nhận được Phiếu số liệu báo cáo CCHC "
        f"{lower_first(period.label)} của đơn vị (số liệu từ ngày {vi.day(period.first_day)} đến ngày "
        f"{vi.day(cutoff)}, ngày chốt số liệu {vi.day(cutoff)}; hạn gửi báo cáo: ngày {vi.day(due)}).",
        "",
        "Đề nghị đơn vị điền và nộp phiếu ngay. Báo cáo lập khi chưa có phiếu ghi rõ ở trang đầu là đơn vị chưa nộp "
        "phiếu số liệu, và các phần thuộc phiếu để trống. Khi phiếu được nạp, báo cáo lập lại sẽ đủ các phần đó.",
        "",
        f"Gửi kèm phiếu mới lập ngày {vi.day(today)} (tệp {file_name}). Nếu đơn vị đã điền phiếu nhận trước đây, "
        "nộp phiếu đó cũng được.",
        "",
        *_how_to_fill(file_name, f"chậm nhất ngày {vi.day(due)} (hạn gửi báo cáo)"),
        "",
        "Thư nhắc được gửi tự động, một lần cho mỗi kỳ báo cáo.",
    ]
    return subject, "\n".join(lines)
