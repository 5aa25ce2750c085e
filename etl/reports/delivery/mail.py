"""The e-mail of a report and the two ways it is sent.

``build_message`` makes one ``EmailMessage`` (plain-text body, the archived files attached with their MIME types
and RFC 2231 names). A sender sends it; both have the same small interface (``Sender``), so ``deliver()`` does
not care which one it got:

- ``SmtpSettings``: smtplib against the server of the environment (``SmtpSettings.from_env``, CCHC_SMTP_* read
  by ``etl.config``) — ``cchc report --send`` outside Airflow;
- ``AirflowSmtp``: the SMTP provider's ``SmtpHook`` on an Airflow connection (``smtp_default``), which reads
  host, port, login, TLS and timeout the way the provider does — the DAG ``cchc_reports``.
"""
from __future__ import annotations

import hashlib
import mimetypes
import smtplib
import ssl
from collections.abc import Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, parseaddr
from functools import cached_property
from pathlib import Path
from typing import Any, Protocol

from etl.config import settings

from .archive import ArchivedFile
from .errors import ArchiveConflict, DeliveryError, SmtpUnavailable

DEFAULT_SENDER = "bao-cao-cchc@localhost"

MIME_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pdf": "application/pdf",
    ".html": "text/html",
    ".htm": "text/html",
}


class Sender(Protocol):
    """What ``deliver()`` needs of a way to send: the From header, its bare address, a description of the
    server for error messages, and ``send`` (the recipients the server refused; raises when it took nothing)."""

    @property
    def sender(self) -> str: ...

    @property
    def sender_address(self) -> str: ...

    def describe(self) -> str: ...

    def send(self, message: EmailMessage, recipients: Sequence[str]) -> dict: ...


# ---------------------------------------------------------------------------------------------- smtplib


@dataclass(frozen=True)
class SmtpSettings:
    host: str = "127.0.0.1"
    port: int | None = None  # None: 465 with ssl, else 25
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    starttls: bool = False  # upgrade a plain connection with STARTTLS (ignored with ssl)
    ssl: bool = False  # implicit TLS from the start (SMTPS, usually port 465)
    sender: str = DEFAULT_SENDER  # From: "addr" or "Tên <addr>"
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
        """From ``etl.config.settings().smtp``: CCHC_SMTP_HOST (127.0.0.1), CCHC_SMTP_PORT (25),
        CCHC_SMTP_USER, CCHC_SMTP_PASSWORD, CCHC_SMTP_STARTTLS (0/1), CCHC_SMTP_SSL (0/1), CCHC_SMTP_TIMEOUT
        (30 s), CCHC_SMTP_VERIFY (1), CCHC_REPORT_FROM (bao-cao-cchc@localhost)."""
        smtp = settings().smtp
        return cls(host=smtp.host, port=smtp.port, user=smtp.user, password=smtp.password,
                   starttls=smtp.starttls, ssl=smtp.ssl, sender=smtp.sender or DEFAULT_SENDER,
                   timeout=smtp.timeout, verify_certificate=smtp.verify_certificate)

    def tls_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context()
        if not self.verify_certificate:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        return context

    def describe(self) -> str:
        mode = "SSL" if self.ssl else "STARTTLS" if self.starttls else "không mã hoá"
        return f"{self.host}:{self.effective_port} ({mode})"

    def send(self, message: EmailMessage, recipients: Sequence[str]) -> dict:
        return send_message(message, self, recipients)


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


# ---------------------------------------------------------------------------------------------- Airflow


class AirflowSmtp:
    """Send through the Airflow SMTP provider's ``SmtpHook`` on the connection ``conn_id``: host, port, login,
    password and the extras (``disable_ssl``, ``disable_tls``, ``timeout``, ``ssl_context``, ``retry_limit``)
    are read, and the login done, by the provider, exactly as for the DAGs' failure alerts.

    From: ``sender`` when given (the orchestration passes CCHC_REPORT_FROM), else the connection's
    ``from_email`` extra, else ``default_sender`` (``sender`` of config/reports.yaml), else
    bao-cao-cchc@localhost. A missing connection is not an error here: ``send`` fails with ``SmtpUnavailable``,
    in Vietnamese, so that ``deliver()`` records the attempt as ``loi``. Airflow is imported only when used."""

    def __init__(self, conn_id: str = "smtp_default", sender: str | None = None, *,
                 default_sender: str | None = None):
        self.conn_id = conn_id
        self._sender = (sender or "").strip() or None
        self._default_sender = (default_sender or "").strip() or None

    def __repr__(self) -> str:
        return f"AirflowSmtp(conn_id={self.conn_id!r}, sender={self.sender!r})"

    @cached_property
    def _connection(self) -> Any | None:
        """The connection as the hook will read it; None when it cannot be read (``send`` then meets the same
        error and reports it)."""
        from airflow.providers.smtp.hooks.smtp import SmtpHook

        try:
            return SmtpHook.get_connection(self.conn_id)
        except Exception:  # missing or unreadable: not swallowed, only deferred to send(), recorded as loi
            return None

    @cached_property
    def sender(self) -> str:
        if self._sender:
            return self._sender
        from_email = ((self._connection.extra_dejson.get("from_email") if self._connection else None) or "").strip()
        return from_email or self._default_sender or DEFAULT_SENDER

    @property
    def sender_address(self) -> str:
        return parseaddr(self.sender)[1]

    def describe(self) -> str:
        where = f"của kết nối Airflow {self.conn_id}"
        if self._connection is not None and self._connection.host:
            port = f":{self._connection.port}" if self._connection.port else ""
            where += f" ({self._connection.host}{port})"
        return where

    def send(self, message: EmailMessage, recipients: Sequence[str]) -> dict:
        from airflow.providers.common.compat.sdk import AirflowException
        from airflow.providers.smtp.hooks.smtp import SmtpHook

        hook = SmtpHook(smtp_conn_id=self.conn_id)
        try:
            with hook:  # reads the connection, connects, STARTTLS and logs in as the provider does
                # The provider has no public way to send a message already built: send_email_smtp builds its own
                # MIME message from html_content and file paths, which would turn our plain-text body into HTML
                # and attach the .html report as application/octet-stream (and drop the RFC 2231 names and the
                # Message-ID recorded in audit.report_delivery). So the hook's authenticated client sends ours.
                return hook._smtp_client.send_message(message, from_addr=self.sender_address,
                                                      to_addrs=list(recipients))
        except AirflowException as exc:
            if hook.smtp_connection is None:
                variable = "AIRFLOW_CONN_" + self.conn_id.upper()
                raise SmtpUnavailable(
                    f"chưa có kết nối Airflow {self.conn_id} (tạo trong Admin → Connections, hoặc đặt biến môi "
                    f"trường {variable}, vd. smtp://ten:mat-khau@mail.example.gov.vn:587?disable_ssl=true)") from exc
            raise SmtpUnavailable(f"không dùng được kết nối Airflow {self.conn_id}: {exc}") from exc
        finally:
            if hook._smtp_client is not None:  # connected, then failed while opening (a refused login): close
                try:
                    hook._smtp_client.close()
                finally:
                    hook._smtp_client = None


# ---------------------------------------------------------------------------------------------- the message


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


def describe_error(exc: BaseException) -> str:
    """Why a send failed, in Vietnamese, with the server's code and text."""
    if isinstance(exc, DeliveryError):
        return str(exc)
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return f"máy chủ từ chối mọi người nhận ({describe_refused(exc.recipients)})"
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) else exc.smtp_error
        return f"máy chủ trả lời {exc.smtp_code} {text} ({type(exc).__name__})"
    if isinstance(exc, ConnectionRefusedError):
        return f"không kết nối được, máy chủ từ chối kết nối ({exc})"
    if isinstance(exc, TimeoutError):
        return f"hết thời gian chờ máy chủ ({type(exc).__name__}: {exc})"
    return f"{type(exc).__name__}: {exc}"


def describe_refused(refused: dict) -> str:
    """Recipients refused by the server ({address: (code, message)}) as "address: code message; ..."."""
    return "; ".join(f"{a}: {c} {m.decode(errors='replace') if isinstance(m, bytes) else m}"
                     for a, (c, m) in refused.items())
