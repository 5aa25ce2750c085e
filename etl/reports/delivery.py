"""Deliver the periodic reports by e-mail, once, with an archive of what was sent and a delivery log.

``deliver()`` sends the files of one report (unit, period, restated) to its recipients in one e-mail:

1. a report that already has a ``da_gui`` row in ``audit.report_delivery`` is not sent again unless forced
   (status ``bo_qua``, nothing recorded);
2. every file is archived first under ``<archive>/<period>/<unit>/<sha256[:12]>_<name>``, read-only and never
   overwritten by a different content;
3. a ``dang_gui`` row is inserted and committed before talking to the SMTP server (a crash leaves a trace);
4. the e-mail is sent with ``smtplib`` and the row becomes ``da_gui`` or ``loi``; a failure raises
   ``SendFailed`` after recording ``loi`` (so an Airflow task fails and retries), and a ``loi`` row does not
   count as sent.

Deliveries of the same report are serialised with a PostgreSQL advisory lock, so two processes started at the
same time send it once. ``deliver()`` commits ``conn``.

The SMTP server comes from the environment (``SmtpSettings.from_env``) or from an Airflow connection such as
``smtp_default`` (``SmtpSettings.from_airflow_connection``), read the way the SMTP provider reads it.
"""
from __future__ import annotations

import hashlib
import logging
import mimetypes
import os
import re
import smtplib
import ssl
import tempfile
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from email.message import EmailMessage
from email.utils import formatdate, parseaddr
from pathlib import Path
from typing import Any

import psycopg
from psycopg.rows import dict_row
from psycopg.types.json import Jsonb

from etl.config import settings
from etl.db import run, sql
from etl.landing import sha256_of

log = logging.getLogger(__name__)

SENT = "da_gui"
SKIPPED = "bo_qua"
FAILED = "loi"
SENDING = "dang_gui"

MIME_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pdf": "application/pdf",
    ".html": "text/html",
    ".htm": "text/html",
}

# A bare address: ASCII local part and domain (no display name, no spaces, one @).
_ADDRESS = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                      r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$")
_TRUE = {"1", "true", "yes", "on", "y", "t"}
_FALSE = {"0", "false", "no", "off", "n", "f", ""}


class DeliveryError(Exception):
    """A report could not be delivered."""


class InvalidDelivery(DeliveryError, ValueError):
    """The inputs of a delivery are wrong (recipients, files, subject, codes); nothing was recorded."""


class ArchiveConflict(DeliveryError):
    """The archive already holds a different content under the name a file would take."""


class SendFailed(DeliveryError):
    """The SMTP server could not be reached or refused the e-mail; the attempt is recorded as ``loi``."""

    def __init__(self, message: str, delivery_id: int | None = None):
        super().__init__(message)
        self.delivery_id = delivery_id


# ---------------------------------------------------------------------------------------------- SMTP settings


def _flag(value: Any, default: bool = False) -> bool:
    """A boolean from an environment variable or a connection extra ("1", "true", True, "0", "false", ...)."""
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return bool(value)
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"Giá trị đúng/sai không hợp lệ: {value!r} (dùng 0/1, true/false).")


@dataclass(frozen=True)
class SmtpSettings:
    host: str = "127.0.0.1"
    port: int | None = None  # None: 465 with ssl, else 25
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    starttls: bool = False  # upgrade a plain connection with STARTTLS (ignored with ssl)
    ssl: bool = False  # implicit TLS from the start (SMTPS, usually port 465)
    sender: str = "bao-cao-cchc@localhost"  # From: "addr" or "Tên <addr>"
    timeout: float = 30.0
    verify_certificate: bool = True  # False only for a test server with a self-signed certificate

    @property
    def effective_port(self) -> int:
        return self.port or (465 if self.ssl else 25)

    @property
    def sender_address(self) -> str:
        return parseaddr(self.sender)[1]

    @classmethod
    def from_env(cls) -> SmtpSettings:
        """CCHC_SMTP_HOST (127.0.0.1), CCHC_SMTP_PORT (25), CCHC_SMTP_USER, CCHC_SMTP_PASSWORD,
        CCHC_SMTP_STARTTLS (0/1), CCHC_SMTP_SSL (0/1), CCHC_SMTP_TIMEOUT (30 s), CCHC_SMTP_VERIFY (1),
        CCHC_REPORT_FROM (bao-cao-cchc@localhost)."""
        env = os.environ
        port = env.get("CCHC_SMTP_PORT", "").strip()
        return cls(
            host=env.get("CCHC_SMTP_HOST", "").strip() or "127.0.0.1",
            port=int(port) if port else 25,
            user=env.get("CCHC_SMTP_USER") or None,
            password=env.get("CCHC_SMTP_PASSWORD") or None,
            starttls=_flag(env.get("CCHC_SMTP_STARTTLS"), False),
            ssl=_flag(env.get("CCHC_SMTP_SSL"), False),
            sender=env.get("CCHC_REPORT_FROM", "").strip() or "bao-cao-cchc@localhost",
            timeout=float(env.get("CCHC_SMTP_TIMEOUT", "").strip() or 30),
            verify_certificate=_flag(env.get("CCHC_SMTP_VERIFY"), True),
        )

    @classmethod
    def from_airflow_connection(cls, conn: Any, sender: str | None = None) -> SmtpSettings:
        """From an Airflow Connection (e.g. ``BaseHook.get_connection("smtp_default")``), read as the SMTP
        provider's ``SmtpHook`` reads it: host, port, login, password; extras ``from_email`` (sender),
        ``timeout`` (30), ``disable_ssl`` and ``disable_tls`` (both False by default: SMTPS and STARTTLS on),
        ``ssl_context`` ("none" = do not verify the certificate).

        Differences, on purpose: an extra given as the string "false" (as in a connection URI
        ``?disable_tls=false``) means false here (the provider takes any non-empty string as true); and
        STARTTLS is not attempted on a connection that is already SMTPS. ``sender`` overrides ``from_email``;
        without either, CCHC_REPORT_FROM or bao-cao-cchc@localhost."""
        extra = dict(getattr(conn, "extra_dejson", None) or {})
        use_ssl = not _flag(extra.get("disable_ssl"), False)
        starttls = not _flag(extra.get("disable_tls"), False)
        port = getattr(conn, "port", None)
        return cls(
            host=getattr(conn, "host", None) or "127.0.0.1",
            port=int(port) if port else None,
            user=getattr(conn, "login", None) or None,
            password=getattr(conn, "password", None) or None,
            starttls=starttls and not use_ssl,
            ssl=use_ssl,
            sender=(sender or extra.get("from_email") or os.environ.get("CCHC_REPORT_FROM", "").strip()
                    or "bao-cao-cchc@localhost"),
            timeout=float(extra.get("timeout") or 30),
            verify_certificate=str(extra.get("ssl_context") or "default").lower() != "none",
        )

    def tls_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context()
        if not self.verify_certificate:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        return context

    def describe(self) -> str:
        mode = "SSL" if self.ssl else "STARTTLS" if self.starttls else "không mã hoá"
        return f"{self.host}:{self.effective_port} ({mode})"


# ---------------------------------------------------------------------------------------------- results


@dataclass(frozen=True)
class ArchivedFile:
    name: str
    sha256: str
    bytes: int
    archive_path: str

    def as_json(self) -> dict:
        return {"name": self.name, "sha256": self.sha256, "bytes": self.bytes, "archive_path": self.archive_path}

    @classmethod
    def from_json(cls, item: dict) -> ArchivedFile:
        return cls(item["name"], item["sha256"], int(item["bytes"]), item["archive_path"])


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


def _path_part(value: str, what: str) -> str:
    """A unit or period code as one directory name of the archive."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidDelivery(f"Thiếu {what}.")
    part = value.strip().replace(":", "-")
    if "/" in part or "\\" in part or "\0" in part or part.startswith("."):
        raise InvalidDelivery(f"{what.capitalize()} không hợp lệ: {value!r}.")
    return part


def _validate_text(subject: str, body: str) -> None:
    if not isinstance(subject, str) or not subject.strip():
        raise InvalidDelivery("Thiếu tiêu đề e-mail.")
    if "\r" in subject or "\n" in subject:
        raise InvalidDelivery("Tiêu đề e-mail không được xuống dòng.")
    if not isinstance(body, str):
        raise InvalidDelivery("Nội dung e-mail phải là văn bản.")


def _validate_sender(smtp: SmtpSettings) -> None:
    if not _ADDRESS.match(smtp.sender_address or ""):
        raise InvalidDelivery(f"Địa chỉ người gửi không hợp lệ: {smtp.sender!r} (CCHC_REPORT_FROM / from_email).")


# ---------------------------------------------------------------------------------------------- archive


def archive_root() -> Path:
    return settings().home / "reports" / "archive"


def archive_file(source: Path, directory: Path) -> ArchivedFile:
    """Copy ``source`` to ``directory/<sha256[:12]>_<name>``, read-only. The same content already there is
    kept as is; a different one raises ``ArchiveConflict`` (the archive is never overwritten)."""
    directory.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    handle, temporary = tempfile.mkstemp(prefix=".dang-luu-", dir=directory)
    try:
        with os.fdopen(handle, "wb") as out, source.open("rb") as data:
            for chunk in iter(lambda: data.read(1 << 20), b""):
                digest.update(chunk)
                out.write(chunk)
                size += len(chunk)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o444)
        sha = digest.hexdigest()
        target = directory / f"{sha[:12]}_{source.name}"
        try:
            os.link(temporary, target)  # atomic, and fails rather than replace an existing file
        except FileExistsError:
            existing = sha256_of(target)
            if existing != sha:
                raise ArchiveConflict(f"Kho lưu đã có tệp {target} với nội dung khác (sha256 {existing}, "
                                      f"tệp mới {sha}); không ghi đè.") from None
            if target.stat().st_mode & 0o222:
                os.chmod(target, 0o444)
        except OSError:  # a file system without hard links: rename, still never over an existing file
            if target.exists():
                raise
            os.rename(temporary, target)
            temporary = None
    finally:
        if temporary is not None and os.path.exists(temporary):
            os.unlink(temporary)
    return ArchivedFile(source.name, sha, size, str(target))


# ---------------------------------------------------------------------------------------------- e-mail


def mime_type(name: str) -> tuple[str, str]:
    suffix = Path(name).suffix.lower()
    kind = MIME_TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"
    maintype, subtype = kind.split("/", 1)
    return maintype, subtype


def build_message(*, sender: str, recipients: Sequence[str], subject: str, body: str,
                  attachments: Sequence[ArchivedFile], message_id: str) -> EmailMessage:
    """One e-mail: UTF-8 subject and plain-text body, the files attached with their MIME types and their names
    encoded per RFC 2231 (Vietnamese characters survive); the attachment bytes are read from the archive."""
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = sender
    message["To"] = ", ".join(recipients)
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = message_id
    message.set_content(body, subtype="plain", charset="utf-8", cte="quoted-printable")
    for item in attachments:
        maintype, subtype = mime_type(item.name)
        data = Path(item.archive_path).read_bytes()
        if hashlib.sha256(data).hexdigest() != item.sha256:
            raise ArchiveConflict(f"Tệp lưu trữ {item.archive_path} đã bị thay đổi (sha256 không khớp).")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=item.name)
    return message


def send_message(message: EmailMessage, smtp: SmtpSettings, recipients: Sequence[str]) -> dict:
    """Send through the SMTP server; the recipients it refused (empty when all were accepted). Raises when it
    cannot be reached, refuses every recipient, or refuses the message."""
    if smtp.ssl:
        client = smtplib.SMTP_SSL(smtp.host, smtp.effective_port, timeout=smtp.timeout, context=smtp.tls_context())
    else:
        client = smtplib.SMTP(smtp.host, smtp.effective_port, timeout=smtp.timeout)
    with client:
        if smtp.starttls and not smtp.ssl:
            client.starttls(context=smtp.tls_context())
            client.ehlo()
        if smtp.user:
            client.login(smtp.user, smtp.password or "")
        return client.send_message(message, from_addr=smtp.sender_address, to_addrs=list(recipients))


def _describe_error(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        refused = "; ".join(f"{a}: {c} {m.decode(errors='replace') if isinstance(m, bytes) else m}"
                            for a, (c, m) in exc.recipients.items())
        return f"máy chủ từ chối mọi người nhận ({refused})"
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) else exc.smtp_error
        return f"máy chủ trả lời {exc.smtp_code} {text} ({type(exc).__name__})"
    if isinstance(exc, ConnectionRefusedError):
        return f"không kết nối được, máy chủ từ chối kết nối ({exc})"
    if isinstance(exc, TimeoutError):
        return f"hết thời gian chờ máy chủ ({type(exc).__name__}: {exc})"
    return f"{type(exc).__name__}: {exc}"


# ---------------------------------------------------------------------------------------------- delivery


def _finish_transaction(conn: psycopg.Connection) -> None:
    if conn.info.transaction_status == psycopg.pq.TransactionStatus.INERROR:
        conn.rollback()


def deliver(conn: psycopg.Connection, unit_code: str, period_code: str, restated: bool,
            files: Iterable[str | os.PathLike], recipients: str | Iterable[str], *, subject: str, body: str,
            smtp: SmtpSettings, force: bool = False, archive_dir: str | os.PathLike | None = None) -> Delivery:
    """Send the files of the report (unit_code, period_code, restated) to ``recipients`` in one e-mail, once.

    Returns ``Delivery(status='bo_qua')`` when the report was already sent and not ``force``; ``da_gui`` when the
    SMTP server accepted it. Raises ``InvalidDelivery`` on bad inputs (nothing recorded), ``SendFailed`` when the
    server could not take it (recorded as ``loi``; call again to retry). Commits ``conn``."""
    recipient_list = _recipients(recipients)
    paths = _files(files)
    period_dir = _path_part(period_code, "mã kỳ báo cáo")
    unit_dir = _path_part(unit_code, "mã đơn vị")
    _validate_text(subject, body)
    _validate_sender(smtp)
    unit_code, period_code, restated = unit_code.strip(), period_code.strip(), bool(restated)
    key = {"unit_code": unit_code, "period_code": period_code, "restated": restated}

    run(conn, "reports/delivery_lock", key)
    try:
        if not force:
            sent = run(conn, "reports/delivery_sent", key).fetchone()
            if sent:
                delivery_id, sent_to, sent_files, message_id, _ = sent
                log.info("Báo cáo %s %s đã gửi (lần gửi %s), bỏ qua.", unit_code, period_code, delivery_id)
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
            refused = send_message(message, smtp, recipient_list)
        except Exception as exc:
            error = (f"Không gửi được e-mail báo cáo {unit_code} kỳ {period_code} tới "
                     f"{', '.join(recipient_list)} qua máy chủ SMTP {smtp.describe()}: {_describe_error(exc)}")
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
            note = "Máy chủ từ chối một số người nhận: " + "; ".join(
                f"{a}: {c} {m.decode(errors='replace') if isinstance(m, bytes) else m}"
                for a, (c, m) in refused.items())
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
            log.warning("Không trả được khoá gửi báo cáo %s %s: %s", unit_code, period_code, exc)


def delivery_log(conn: psycopg.Connection, unit_code: str | None = None,
                 period_code: str | None = None) -> list[dict]:
    """The deliveries, newest first (optionally of one unit and/or one period): one dict per attempt with
    delivery_id, unit_code, period_code, restated, status, forced, recipients, files, message_id, error,
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
        line = (f"#{row['delivery_id']} {stamp} {row['status']}{flags} {row['unit_code']} {row['period_code']}"
                f"{restated} → {', '.join(row['recipients'])}: {files}")
        if row["error"]:
            line += f"\n    {row['error']}"
        lines.append(line)
    return "\n".join(lines)
