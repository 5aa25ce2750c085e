"""Deliver the periodic reports by e-mail, once, with an archive of what was sent and a delivery log.

``deliver()`` sends the files of one report (unit, period, restated) to its recipients in one e-mail. The same
path sends what a unit is asked for (``purpose``, migration 0017): the request for its fill-in workbook before
the cut-off (``WORKBOOK_REQUEST``) and the reminder at the cut-off (``WORKBOOK_REMINDER``), each once too:

1. an e-mail (unit, period, restated, purpose) that already has a ``da_gui`` row in ``audit.report_delivery`` is
   not sent again unless forced (status ``bo_qua``, nothing recorded);
2. every file is archived first under ``<archive>/<period>/<unit>/<sha256[:12]>_<name>``, read-only and never
   overwritten by a different content (``archive.py``);
3. a ``dang_gui`` row is inserted and committed before talking to the SMTP server (a crash leaves a trace);
4. the e-mail is sent (``mail.py``: smtplib with ``SmtpSettings``, or the Airflow SMTP provider's hook with
   ``AirflowSmtp``) and the row becomes ``da_gui`` or ``loi``; a failure raises ``SendFailed`` after recording
   ``loi`` (so an Airflow task fails and retries), and a ``loi`` row does not count as sent.

Deliveries of the same e-mail are serialised with a PostgreSQL advisory lock, so two processes started at the
same time send it once. ``deliver()`` commits ``conn``.
"""
from __future__ import annotations

import logging
import os
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

import psycopg
from psycopg.rows import dict_row
from psycopg.types.json import Jsonb

from etl.db import run, sql

from .archive import ArchivedFile, archive_file, archive_root, directory_name
from .errors import InvalidDelivery, SendFailed
from .mail import Sender, build_message, describe_error, describe_refused

log = logging.getLogger(__name__)

SENT = "da_gui"
SKIPPED = "bo_qua"
FAILED = "loi"
SENDING = "dang_gui"

# What an e-mail is for (audit.report_delivery.purpose) and how messages and the log name it.
REPORT = "bao_cao"
WORKBOOK_REQUEST = "phieu_so_lieu"
WORKBOOK_REMINDER = "nhac_nop"
PURPOSES = {REPORT: "báo cáo", WORKBOOK_REQUEST: "phiếu số liệu", WORKBOOK_REMINDER: "nhắc nộp phiếu số liệu"}

# A bare address: ASCII local part and domain (no display name, no spaces, one @).
_ADDRESS = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                      r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$")


@dataclass(frozen=True)
class Delivery:
    delivery_id: int | None  # bo_qua: the row of the delivery that already sent the report
    status: str  # da_gui | bo_qua | loi
    files: list[ArchivedFile]
    message_id: str | None = None
    error: str | None = None  # loi: why; da_gui: recipients the server refused, if some were
    recipients: list[str] = field(default_factory=list)
    forced: bool = False


# ---------------------------------------------------------------------------------------------- validation


def _recipients(recipients: str | Iterable[str] | None) -> list[str]:
    if recipients is None:
        items: list[str] = []
    elif isinstance(recipients, str):
        items = re.split(r"[,;]", recipients)
    else:
        items = list(recipients)
    cleaned: list[str] = []
    for item in items:
        if not isinstance(item, str):
            raise InvalidDelivery(f"Người nhận không phải là địa chỉ e-mail: {item!r}.")
        address = item.strip()
        if not address:
            continue
        if not _ADDRESS.match(address) or len(address) > 254:
            raise InvalidDelivery(f"Người nhận không phải là địa chỉ e-mail hợp lệ: {address!r} "
                                  "(cần dạng ten@don-vi.gov.vn, không dấu, không khoảng trắng).")
        if address.lower() not in {a.lower() for a in cleaned}:
            cleaned.append(address)
    if not cleaned:
        raise InvalidDelivery("Chưa có người nhận: cần ít nhất một địa chỉ e-mail để gửi báo cáo.")
    return cleaned


def _files(files: Iterable[str | os.PathLike] | None) -> list[Path]:
    if files is None or isinstance(files, (str, os.PathLike)):
        files = [files] if files is not None else []
    paths = [Path(f) for f in files]
    if not paths:
        raise InvalidDelivery("Không có tệp báo cáo nào để gửi.")
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        raise InvalidDelivery("Không tìm thấy tệp báo cáo: " + ", ".join(missing) + ".")
    names = [p.name for p in paths]
    duplicated = sorted({n for n in names if names.count(n) > 1})
    if duplicated:
        raise InvalidDelivery("Hai tệp đính kèm trùng tên: " + ", ".join(duplicated) + ".")
    return paths


def _validate_text(subject: str, body: str) -> None:
    if not isinstance(subject, str) or not subject.strip():
        raise InvalidDelivery("Thiếu tiêu đề e-mail.")
    if "\r" in subject or "\n" in subject:
        raise InvalidDelivery("Tiêu đề e-mail không được xuống dòng.")
    if not isinstance(body, str):
        raise InvalidDelivery("Nội dung e-mail phải là văn bản.")


def _validate_sender(smtp: Sender) -> None:
    if not _ADDRESS.match(smtp.sender_address or ""):
        raise InvalidDelivery(f"Địa chỉ người gửi không hợp lệ: {smtp.sender!r} "
                              "(CCHC_REPORT_FROM / from_email / sender trong reports.yaml).")


# ---------------------------------------------------------------------------------------------- delivery


def _finish_transaction(conn: psycopg.Connection) -> None:
    if conn.info.transaction_status == psycopg.pq.TransactionStatus.INERROR:
        conn.rollback()


def deliver(conn: psycopg.Connection, unit_code: str, period_code: str, restated: bool,
            files: Iterable[str | os.PathLike], recipients: str | Iterable[str], *, subject: str, body: str,
            smtp: Sender, force: bool = False, archive_dir: str | os.PathLike | None = None,
            purpose: str = REPORT) -> Delivery:
    """Send the files of the report (unit_code, period_code, restated) — or, by ``purpose``, the workbook request
    or reminder — to ``recipients`` in one e-mail, once, through ``smtp`` (``SmtpSettings`` or ``AirflowSmtp``).

    Returns ``Delivery(status='bo_qua')`` when it was already sent and not ``force``; ``da_gui`` when the
    SMTP server accepted it. Raises ``InvalidDelivery`` on bad inputs (nothing recorded), ``SendFailed`` when the
    server could not take it (recorded as ``loi``; call again to retry). Commits ``conn``."""
    recipient_list = _recipients(recipients)
    paths = _files(files)
    period_dir = directory_name(period_code, "mã kỳ báo cáo")
    unit_dir = directory_name(unit_code, "mã đơn vị")
    _validate_text(subject, body)
    _validate_sender(smtp)
    if purpose not in PURPOSES:
        raise InvalidDelivery(f"Mục đích gửi không hợp lệ: {purpose!r} (chỉ {', '.join(PURPOSES)}).")
    unit_code, period_code, restated = unit_code.strip(), period_code.strip(), bool(restated)
    key = {"unit_code": unit_code, "period_code": period_code, "restated": restated, "purpose": purpose}
    what = PURPOSES[purpose]

    run(conn, "reports/delivery_lock", key)
    try:
        if not force:
            sent = run(conn, "reports/delivery_sent", key).fetchone()
            if sent:
                delivery_id, sent_to, sent_files, message_id, _ = sent
                log.info("E-mail %s %s %s đã gửi (lần gửi %s), bỏ qua.", what, unit_code, period_code, delivery_id)
                return Delivery(delivery_id, SKIPPED, [ArchivedFile.from_json(f) for f in sent_files],
                                message_id=message_id, recipients=list(sent_to))

        directory = Path(archive_dir) if archive_dir is not None else archive_root()
        archived = [archive_file(path, directory / period_dir / unit_dir) for path in paths]

        # short enough not to be folded (a folded Message-ID comes back with a leading space from some parsers)
        message_id = f"<{uuid.uuid4().hex}@{smtp.sender_address.rpartition('@')[2] or 'localhost'}>"
        message = build_message(sender=smtp.sender, recipients=recipient_list, subject=subject, body=body,
                                attachments=archived, message_id=message_id)

        delivery_id = run(conn, "reports/delivery_start", {
            **key, "recipients": recipient_list, "files": Jsonb([a.as_json() for a in archived]),
            "forced": bool(force), "message_id": message_id}).fetchone()[0]
        conn.commit()  # the attempt is on record before the SMTP server is contacted

        result = Delivery(delivery_id, SENT, archived, message_id=message_id, recipients=recipient_list,
                          forced=bool(force))
        try:
            refused = smtp.send(message, recipient_list)
        except Exception as exc:
            error = (f"Không gửi được e-mail {what} {unit_code} kỳ {period_code} tới "
                     f"{', '.join(recipient_list)} qua máy chủ SMTP {smtp.describe()}: {describe_error(exc)}")
            try:
                _finish_transaction(conn)
                run(conn, "reports/delivery_finish", {"delivery_id": delivery_id, "status": FAILED, "error": error})
                conn.commit()
            except Exception as record_exc:  # the database went away too: the row stays dang_gui
                raise SendFailed(f"{error}. Cũng không ghi được trạng thái lỗi vào audit.report_delivery "
                                 f"(lần gửi {delivery_id} còn ở trạng thái dang_gui): {record_exc}",
                                 delivery_id) from exc
            log.error("%s", error)
            raise SendFailed(f"{error} (lần gửi {delivery_id} ghi trạng thái loi; gọi lại để gửi lại).",
                             delivery_id) from exc

        note = None
        if refused:
            note = "Máy chủ từ chối một số người nhận: " + describe_refused(refused)
            log.warning("%s", note)
        run(conn, "reports/delivery_finish", {"delivery_id": delivery_id, "status": SENT, "error": note})
        conn.commit()
        return replace(result, error=note)
    finally:
        try:
            _finish_transaction(conn)
            run(conn, "reports/delivery_unlock", key)
            conn.commit()
        except psycopg.Error as exc:  # the session is gone, and its lock with it
            log.warning("Không trả được khoá gửi %s %s %s: %s", what, unit_code, period_code, exc)


# ---------------------------------------------------------------------------------------------- the log


def already_sent(conn: psycopg.Connection, unit_code: str, period_code: str, *, restated: bool = False,
                 purpose: str = REPORT) -> int | None:
    """The delivery that sent this e-mail (unit, period, restated, purpose), or None: lets a caller skip making
    the files of an e-mail that ``deliver()`` would not send again anyway."""
    row = run(conn, "reports/delivery_sent", {"unit_code": unit_code, "period_code": period_code,
                                               "restated": bool(restated), "purpose": purpose}).fetchone()
    return row[0] if row else None


def delivery_log(conn: psycopg.Connection, unit_code: str | None = None,
                 period_code: str | None = None) -> list[dict]:
    """The deliveries, newest first (optionally of one unit and/or one period): one dict per attempt with
    delivery_id, unit_code, period_code, restated, purpose, status, forced, recipients, files, message_id, error,
    started_at, finished_at."""
    with conn.cursor(row_factory=dict_row) as cursor:
        return cursor.execute(sql("reports/delivery_log"),
                              {"unit_code": unit_code, "period_code": period_code}).fetchall()


def format_log(rows: Iterable[dict]) -> str:
    """The delivery log as text lines for a CLI."""
    lines = []
    for row in rows:
        when = row["finished_at"] or row["started_at"]
        stamp = when.strftime("%Y-%m-%d %H:%M:%S") if isinstance(when, datetime) else str(when)
        files = ", ".join(f["name"] for f in row["files"])
        flags = " (gửi lại bắt buộc)" if row["forced"] else ""
        restated = " [quy đổi theo đơn vị hiện nay]" if row["restated"] else ""
        line = (f"#{row['delivery_id']} {stamp} {row['status']}{flags} {PURPOSES[row['purpose']]} "
                f"{row['unit_code']} {row['period_code']}"
                f"{restated} → {', '.join(row['recipients'])}: {files}")
        if row["error"]:
            line += f"\n    {row['error']}"
        lines.append(line)
    return "\n".join(lines)
