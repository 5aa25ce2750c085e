"""Reports are delivered by e-mail once, through a real SMTP server on loopback, with an archive and a log."""
from __future__ import annotations

import datetime as dt
import hashlib
import ssl
import stat
from pathlib import Path

import psycopg
import pytest
from aiosmtpd.smtp import AuthResult

from conftest import query
from mail import Mailbox, free_port, start_server
from etl.reports.delivery import (AirflowSmtp, Delivery, InvalidDelivery, SendFailed, SmtpSettings, deliver,
                                  delivery_log, format_log)

UNIT = "000.21.20.H56"
PERIOD = "quy:2024-3"
SUBJECT = "Báo cáo kết quả cải cách hành chính quý III năm 2024 — xã Hoằng Cát"
BODY = ("Kính gửi UBND huyện Hoằng Hóa,\n\nUBND xã Hoằng Cát gửi kèm báo cáo kết quả thực hiện "
        "cải cách hành chính quý III năm 2024 (số liệu chốt ngày 14/9/2024).\n\nTrân trọng.\n")
RECIPIENTS = ["vanphong@hoanghoa.thanhhoa.gov.vn", "noivu@hoanghoa.thanhhoa.gov.vn"]
PDF_NAME = "bao-cao-cchc_xã-Hoằng-Cát.pdf"
EXPECTED_TYPES = {
    "bao-cao-cchc_xa-hoang-cat_quy-2024-3.docx":
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "bieu-06_xã-Hoằng-Cát.xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    PDF_NAME: "application/pdf",
    "bao-cao.html": "text/html",
}


class AuthMailbox(Mailbox):
    """The loopback server's mailbox that also checks a login: the password "mat-khau-dung" is the right one."""

    def __init__(self):
        super().__init__()
        self.logins: list[tuple[bytes, bytes]] = []

    def authenticate(self, server, session, envelope, mechanism, auth_data):
        self.logins.append((auth_data.login, auth_data.password))
        return AuthResult(success=auth_data.password == b"mat-khau-dung", handled=False)  # False: reply 535


@pytest.fixture
def smtp_server(mail_server):
    port, mailbox = mail_server
    return SmtpSettings(host="127.0.0.1", port=port, sender="Báo cáo CCHC <bao-cao-cchc@hoanghoa.example>",
                        timeout=10), mailbox


@pytest.fixture
def report_files(tmp_path) -> dict[str, Path]:
    """Small files standing in for the rendered reports: a binary blob with every byte value, a Vietnamese name."""
    out = tmp_path / "render"
    out.mkdir()
    contents = {
        "bao-cao-cchc_xa-hoang-cat_quy-2024-3.docx": b"PK\x03\x04" + bytes(range(256)) * 3 + b"\r\n\x00\xff",
        "bieu-06_xã-Hoằng-Cát.xlsx": bytes(range(256)) + bytes(reversed(range(256))),
        PDF_NAME: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << >> endobj\r\n%%EOF\n",
        "bao-cao.html": "<!doctype html>\r\n<p>Hoằng Cát: 94,29%</p>\n".encode("utf-8"),
    }
    files = {}
    for name, data in contents.items():
        (out / name).write_bytes(data)
        files[name] = out / name
    return files


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def send(warehouse, smtp, files, **kwargs) -> Delivery:
    options = {"subject": SUBJECT, "body": BODY, "smtp": smtp, "restated": False, "recipients": RECIPIENTS}
    options.update(kwargs)
    restated = options.pop("restated")
    recipients = options.pop("recipients")
    with psycopg.connect(warehouse) as conn:
        return deliver(conn, UNIT, PERIOD, restated, list(files), recipients, **options)


def rows(warehouse):
    return query(warehouse, "SELECT delivery_id, status, forced, recipients, files, message_id, error, "
                            "finished_at IS NOT NULL FROM audit.report_delivery ORDER BY delivery_id")


def test_a_report_is_delivered_once_archived_and_logged(warehouse, smtp_server, report_files, tmp_path):
    smtp, mailbox = smtp_server
    originals = {name: path.read_bytes() for name, path in report_files.items()}

    result = send(warehouse, smtp, report_files.values())

    assert result.status == "da_gui" and result.error is None
    [received] = mailbox.received
    assert received.mail_from == "bao-cao-cchc@hoanghoa.example"
    assert received.rcpt_tos == RECIPIENTS
    [mail] = mailbox.messages()
    assert mail["Subject"] == SUBJECT
    assert mail["From"].addresses[0].display_name == "Báo cáo CCHC"
    assert [a.addr_spec for a in mail["To"].addresses] == RECIPIENTS
    assert mail.get_body(("plain",)).get_content().replace("\r\n", "\n") == BODY  # SMTP lines end in CRLF
    attachments = {part.get_filename(): part for part in mail.iter_attachments()}
    assert set(attachments) == set(originals)
    for name, part in attachments.items():
        assert part.get_content_type() == EXPECTED_TYPES[name]
        assert sha(part.get_payload(decode=True)) == sha(originals[name])
        assert part.get_payload(decode=True) == originals[name]
    assert "filename*=utf-8''bao-cao-cchc_x%C3%A3-Ho%E1%BA%B1ng-C%C3%A1t.pdf" in received.raw.decode("ascii")

    # the audit row
    [(delivery_id, status, forced, recipients, files, message_id, error, finished)] = rows(warehouse)
    assert (delivery_id, status, forced, recipients, error, finished) == (
        result.delivery_id, "da_gui", False, RECIPIENTS, None, True)
    assert message_id == mail["Message-ID"] == result.message_id
    assert {f["name"]: (f["sha256"], f["bytes"]) for f in files} == {
        name: (sha(data), len(data)) for name, data in originals.items()}

    # the archive: <home>/reports/archive/<period>/<unit>/<sha[:12]>_<name>, read-only, same bytes
    archive = tmp_path / "home" / "reports" / "archive" / "quy-2024-3" / UNIT
    for f in files:
        path = Path(f["archive_path"])
        assert path == archive / f"{f['sha256'][:12]}_{f['name']}"
        assert path.read_bytes() == originals[f["name"]]
        assert stat.S_IMODE(path.stat().st_mode) == 0o444
    assert [(a.name, a.sha256) for a in result.files] == [(f["name"], f["sha256"]) for f in files]

    # sent once: a second call does nothing, not even a row
    again = send(warehouse, smtp, report_files.values())
    assert (again.status, again.delivery_id, again.message_id) == ("bo_qua", delivery_id, message_id)
    assert len(mailbox.received) == 1 and len(rows(warehouse)) == 1

    # the restated report is another report
    restated = send(warehouse, smtp, report_files.values(), restated=True)
    assert restated.status == "da_gui" and len(mailbox.received) == 2

    # unless forced: sent again, with a row of its own; the archive keeps one copy per content
    forced = send(warehouse, smtp, report_files.values(), force=True)
    assert forced.status == "da_gui" and forced.forced and forced.message_id != message_id
    assert len(mailbox.received) == 3
    assert mailbox.messages()[2]["Message-ID"] == forced.message_id
    assert [(r[1], r[2]) for r in rows(warehouse)] == [("da_gui", False), ("da_gui", False), ("da_gui", True)]
    assert len(list(archive.iterdir())) == len(originals)

    with psycopg.connect(warehouse) as conn:
        log = delivery_log(conn, unit_code=UNIT, period_code=PERIOD)
        assert [(r["delivery_id"], r["status"], r["forced"], r["restated"]) for r in log] == [
            (forced.delivery_id, "da_gui", True, False), (restated.delivery_id, "da_gui", False, True),
            (delivery_id, "da_gui", False, False)]
        assert isinstance(log[0]["started_at"], dt.datetime) and log[0]["recipients"] == RECIPIENTS
        assert delivery_log(conn, period_code="nam:2024") == []
        assert len(delivery_log(conn)) == 3
        assert PDF_NAME in format_log(log) and "gửi lại bắt buộc" in format_log(log)


def test_a_refused_send_is_recorded_as_an_error_and_a_later_call_sends(warehouse, smtp_server, report_files):
    smtp, mailbox = smtp_server
    mailbox.refuse = True
    with pytest.raises(SendFailed, match="Không gửi được e-mail báo cáo .*550") as failure:
        send(warehouse, smtp, report_files.values())
    assert mailbox.received == []
    [(failed_id, status, _, _, files, message_id, error, finished)] = rows(warehouse)
    assert failure.value.delivery_id == failed_id
    assert status == "loi" and finished and message_id
    assert "máy chủ từ chối mọi người nhận" in error and "550" in error and "Mailbox unavailable" in error
    assert len(files) == len(report_files)

    mailbox.refuse = False  # a loi row does not count as sent: the retry sends
    retried = send(warehouse, smtp, report_files.values())
    assert retried.status == "da_gui" and retried.delivery_id != failed_id
    [mail] = mailbox.messages()
    assert mail["Message-ID"] == retried.message_id
    assert [r[1] for r in rows(warehouse)] == ["loi", "da_gui"]
    assert send(warehouse, smtp, report_files.values()).status == "bo_qua"


def test_an_unreachable_server_is_recorded_as_an_error(warehouse, smtp_server, report_files):
    smtp, mailbox = smtp_server
    closed = SmtpSettings(host="127.0.0.1", port=free_port(), sender=smtp.sender, timeout=5)
    with pytest.raises(SendFailed, match="không kết nối được"):
        send(warehouse, closed, report_files.values())
    [(_, status, _, _, _, _, error, _)] = rows(warehouse)
    assert status == "loi" and f"127.0.0.1:{closed.port}" in error

    assert send(warehouse, smtp, report_files.values()).status == "da_gui"
    assert len(mailbox.received) == 1


@pytest.mark.parametrize("recipients, message", [
    ([], "Chưa có người nhận"),
    (["  ", ""], "Chưa có người nhận"),
    (["khong-phai-email"], "không phải là địa chỉ e-mail"),
    (["vanphong@hoanghoa.gov.vn", "nguyen van a@hoanghoa.gov.vn"], "không phải là địa chỉ e-mail"),
    (["Văn phòng <vanphong@hoanghoa.gov.vn>"], "không phải là địa chỉ e-mail"),
    (["vanphong@"], "không phải là địa chỉ e-mail"),
])
def test_bad_recipients_are_rejected_in_vietnamese(warehouse, smtp_server, report_files, recipients, message):
    smtp, mailbox = smtp_server
    with pytest.raises(InvalidDelivery, match=message):
        send(warehouse, smtp, report_files.values(), recipients=recipients)
    assert rows(warehouse) == [] and mailbox.received == []


def test_missing_files_and_bad_texts_are_rejected(warehouse, smtp_server, report_files, tmp_path):
    smtp, mailbox = smtp_server
    with pytest.raises(InvalidDelivery, match="Không tìm thấy tệp báo cáo: .*khong-co.pdf"):
        send(warehouse, smtp, [*report_files.values(), tmp_path / "khong-co.pdf"])
    with pytest.raises(InvalidDelivery, match="Không có tệp báo cáo nào"):
        send(warehouse, smtp, [])
    with pytest.raises(InvalidDelivery, match="Thiếu tiêu đề"):
        send(warehouse, smtp, report_files.values(), subject=" ")
    with pytest.raises(InvalidDelivery, match="người gửi không hợp lệ"):
        send(warehouse, SmtpSettings(port=smtp.port, sender="khong-hop-le"), report_files.values())
    assert rows(warehouse) == [] and mailbox.received == []
    assert not (tmp_path / "home" / "reports").exists()


def test_a_different_content_never_overwrites_the_archive(warehouse, smtp_server, tmp_path):
    smtp, mailbox = smtp_server
    report = tmp_path / "bao-cao.pdf"
    report.write_bytes(b"%PDF-1.7 ban 1")
    first = send(warehouse, smtp, [report], archive_dir=tmp_path / "kho")
    report.write_bytes(b"%PDF-1.7 ban 2 (da sua)")
    second = send(warehouse, smtp, [report], archive_dir=tmp_path / "kho", force=True)
    paths = {Path(a.archive_path) for a in first.files + second.files}
    assert len(paths) == 2 and all(p.parent == tmp_path / "kho" / "quy-2024-3" / UNIT for p in paths)
    assert Path(first.files[0].archive_path).read_bytes() == b"%PDF-1.7 ban 1"
    [_, latest] = mailbox.messages()
    [part] = latest.iter_attachments()
    assert part.get_payload(decode=True) == b"%PDF-1.7 ban 2 (da sua)"


def test_settings_from_the_environment(monkeypatch):
    for key in ("CCHC_SMTP_HOST", "CCHC_SMTP_PORT", "CCHC_SMTP_USER", "CCHC_SMTP_PASSWORD", "CCHC_SMTP_STARTTLS",
                "CCHC_SMTP_SSL", "CCHC_REPORT_FROM", "CCHC_SMTP_TIMEOUT"):
        monkeypatch.delenv(key, raising=False)
    default = SmtpSettings.from_env()
    assert (default.host, default.port, default.user, default.starttls, default.ssl, default.sender) == (
        "127.0.0.1", 25, None, False, False, "bao-cao-cchc@localhost")
    monkeypatch.setenv("CCHC_SMTP_HOST", "mail.thanhhoa.gov.vn")
    monkeypatch.setenv("CCHC_SMTP_PORT", "587")
    monkeypatch.setenv("CCHC_SMTP_USER", "bao-cao")
    monkeypatch.setenv("CCHC_SMTP_PASSWORD", "bi-mat")
    monkeypatch.setenv("CCHC_SMTP_STARTTLS", "1")
    monkeypatch.setenv("CCHC_REPORT_FROM", "UBND xã Hoằng Cát <hoangcat@thanhhoa.gov.vn>")
    configured = SmtpSettings.from_env()
    assert (configured.host, configured.port, configured.user, configured.password, configured.starttls,
            configured.ssl, configured.sender_address) == (
        "mail.thanhhoa.gov.vn", 587, "bao-cao", "bi-mat", True, False, "hoangcat@thanhhoa.gov.vn")
    assert "bi-mat" not in repr(configured)


def airflow_connection(monkeypatch, port: int, password: str = "mat-khau-dung", extra: str = "") -> None:
    """The connection smtp_default as Airflow reads it from the environment (outside a task too)."""
    monkeypatch.setenv("AIRFLOW_CONN_SMTP_DEFAULT", f"smtp://bao-cao:{password}@127.0.0.1:{port}"
                                                    f"?disable_tls=true&disable_ssl=true{extra}")


@pytest.fixture
def login_server():
    """A real SMTP server on loopback that requires a login (password mat-khau-dung)."""
    mailbox = AuthMailbox()
    controller, port = start_server(mailbox, authenticator=mailbox.authenticate, auth_require_tls=False,
                                    auth_required=True, auth_exclude_mechanism=["LOGIN"])
    yield port, mailbox
    controller.stop()


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_delivery_through_the_airflow_smtp_hook_logs_in_and_keeps_the_message(warehouse, report_files,
                                                                             login_server, monkeypatch):
    port, mailbox = login_server
    airflow_connection(monkeypatch, port, extra="&from_email=bao-cao%40hoanghoa.example")
    originals = {name: path.read_bytes() for name, path in report_files.items()}

    smtp = AirflowSmtp("smtp_default", default_sender="Kho dữ liệu CCHC <bao-cao-cchc@localhost>")
    result = send(warehouse, smtp, report_files.values())

    assert result.status == "da_gui" and result.error is None
    assert mailbox.logins == [(b"bao-cao", b"mat-khau-dung")]  # the connection's login, done by the hook
    [received] = mailbox.received
    assert received.mail_from == "bao-cao@hoanghoa.example"  # from_email of the connection wins over reports.yaml
    assert received.rcpt_tos == RECIPIENTS
    [mail] = mailbox.messages()
    assert mail["From"].addresses[0].addr_spec == "bao-cao@hoanghoa.example"
    assert mail["Message-ID"] == result.message_id and mail["Subject"] == SUBJECT
    assert mail.get_body(("plain",)).get_content().replace("\r\n", "\n") == BODY  # our message, not the hook's
    attachments = {part.get_filename(): part for part in mail.iter_attachments()}
    assert set(attachments) == set(originals)
    for name, part in attachments.items():
        assert part.get_content_type() == EXPECTED_TYPES[name]
        assert part.get_payload(decode=True) == originals[name]
    assert [r[1] for r in rows(warehouse)] == ["da_gui"]

    # CCHC_REPORT_FROM (given as sender) wins over from_email
    override = AirflowSmtp("smtp_default", sender="UBND xã Hoằng Cát <hoangcat@thanhhoa.gov.vn>",
                           default_sender="Kho dữ liệu CCHC <bao-cao-cchc@localhost>")
    assert send(warehouse, override, report_files.values(), force=True).status == "da_gui"
    assert mailbox.received[1].mail_from == "hoangcat@thanhhoa.gov.vn"
    assert mailbox.messages()[1]["From"].addresses[0].display_name == "UBND xã Hoằng Cát"


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_the_reports_dag_sender_reads_smtp_default_and_the_sender_precedence(login_server, monkeypatch):
    from etl.orchestration import smtp_settings
    from etl.reports.config import report_config

    port, _ = login_server
    monkeypatch.delenv("CCHC_REPORT_FROM", raising=False)
    airflow_connection(monkeypatch, port)
    assert smtp_settings().sender == report_config().sender  # no from_email: config/reports.yaml
    airflow_connection(monkeypatch, port, extra="&from_email=bao-cao%40hoanghoa.example")
    assert smtp_settings().sender == "bao-cao@hoanghoa.example"
    monkeypatch.setenv("CCHC_REPORT_FROM", "hoangcat@thanhhoa.gov.vn")
    dag_sender = smtp_settings()
    assert isinstance(dag_sender, AirflowSmtp) and dag_sender.conn_id == "smtp_default"
    assert dag_sender.sender == "hoangcat@thanhhoa.gov.vn"
    assert "mat-khau-dung" not in repr(dag_sender)
    assert dag_sender.describe() == f"của kết nối Airflow smtp_default (127.0.0.1:{port})"


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_a_wrong_password_of_the_airflow_connection_is_recorded_as_an_error(warehouse, report_files,
                                                                           login_server, monkeypatch):
    port, mailbox = login_server
    airflow_connection(monkeypatch, port, password="sai", extra="&from_email=bao-cao%40hoanghoa.example")
    with pytest.raises(SendFailed, match="535") as failure:
        send(warehouse, AirflowSmtp(), report_files.values())
    assert mailbox.logins == [(b"bao-cao", b"sai")] and mailbox.received == []
    [(delivery_id, status, _, _, _, _, error, finished)] = rows(warehouse)
    assert failure.value.delivery_id == delivery_id and status == "loi" and finished
    assert "kết nối Airflow smtp_default" in error and "535" in error

    airflow_connection(monkeypatch, port, extra="&from_email=bao-cao%40hoanghoa.example")  # fixed: the retry sends
    assert send(warehouse, AirflowSmtp(), report_files.values()).status == "da_gui"
    assert [r[1] for r in rows(warehouse)] == ["loi", "da_gui"]


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_delivery_with_a_login_from_the_environment_settings(warehouse, report_files, login_server):
    port, mailbox = login_server
    smtp = SmtpSettings(host="127.0.0.1", port=port, user="bao-cao", password="mat-khau-dung",
                        sender="bao-cao@hoanghoa.example", timeout=5)
    assert send(warehouse, smtp, report_files.values()).status == "da_gui"
    assert mailbox.logins == [(b"bao-cao", b"mat-khau-dung")]
    assert mailbox.received[0].mail_from == "bao-cao@hoanghoa.example"

    wrong = SmtpSettings(**{**smtp.__dict__, "password": "sai"})
    with pytest.raises(SendFailed, match="535"):
        send(warehouse, wrong, report_files.values(), force=True)
    assert [r[1] for r in rows(warehouse)] == ["da_gui", "loi"]


def test_a_missing_airflow_connection_fails_in_vietnamese_and_is_recorded(warehouse, report_files, monkeypatch):
    monkeypatch.delenv("AIRFLOW_CONN_CCHC_SMTP_CHUA_TAO", raising=False)
    smtp = AirflowSmtp("cchc_smtp_chua_tao", default_sender="Kho dữ liệu CCHC <bao-cao-cchc@localhost>")
    assert smtp.sender_address == "bao-cao-cchc@localhost"
    with pytest.raises(SendFailed, match="chưa có kết nối Airflow cchc_smtp_chua_tao .*AIRFLOW_CONN_CCHC_SMTP_CHUA_TAO"):
        send(warehouse, smtp, report_files.values())
    [(_, status, _, _, _, _, error, _)] = rows(warehouse)
    assert status == "loi" and "chưa có kết nối Airflow cchc_smtp_chua_tao" in error


def _self_signed(tmp_path: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=1)).sign(key, hashes.SHA256()))
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_file, key_file


@pytest.mark.parametrize("mode", ["starttls", "ssl"])
def test_delivery_over_tls(warehouse, report_files, tmp_path, mode):
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_context.load_cert_chain(*_self_signed(tmp_path))
    mailbox = Mailbox()
    if mode == "starttls":
        controller, port = start_server(mailbox, tls_context=server_context, require_starttls=True)
    else:
        controller, port = start_server(mailbox, ssl_context=server_context)
    try:
        smtp = SmtpSettings(host="127.0.0.1", port=port, starttls=mode == "starttls", ssl=mode == "ssl",
                            sender="bao-cao@hoanghoa.example", timeout=10)
        with pytest.raises(SendFailed, match="CERTIFICATE_VERIFY_FAILED|certificate verify failed"):
            send(warehouse, smtp, report_files.values())  # a certificate nobody vouches for is refused
        unverified = SmtpSettings(**{**smtp.__dict__, "verify_certificate": False})
        assert send(warehouse, unverified, report_files.values()).status == "da_gui"
        [mail] = mailbox.messages()
        assert mail["Subject"] == SUBJECT
    finally:
        controller.stop()


def test_the_attempt_is_committed_before_the_smtp_server_is_contacted(warehouse, smtp_server, report_files,
                                                                      monkeypatch):
    from etl.reports.delivery import mail

    smtp, mailbox = smtp_server
    seen = []
    real_send = mail.send_message

    def send_and_look(message, settings, recipients):
        seen.extend(query(warehouse, "SELECT status, message_id FROM audit.report_delivery"))  # another session
        return real_send(message, settings, recipients)

    monkeypatch.setattr(mail, "send_message", send_and_look)
    result = send(warehouse, smtp, report_files.values())
    assert seen == [("dang_gui", result.message_id)]

    def crash(message, settings, recipients):
        raise KeyboardInterrupt  # the process dies while sending: the row stays dang_gui

    monkeypatch.setattr(mail, "send_message", crash)
    with pytest.raises(KeyboardInterrupt):
        send(warehouse, smtp, report_files.values(), force=True)
    assert [r[1] for r in rows(warehouse)] == ["da_gui", "dang_gui"]


def test_concurrent_deliveries_of_one_report_send_it_once(warehouse, report_files):
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    class SlowMailbox(Mailbox):
        async def handle_DATA(self, server, session, envelope):
            await asyncio.sleep(0.3)  # a window in which the other deliveries look for a da_gui row
            return await super().handle_DATA(server, session, envelope)

    mailbox = SlowMailbox()
    controller, port = start_server(mailbox)
    try:
        smtp = SmtpSettings(host="127.0.0.1", port=port, sender="bao-cao@hoanghoa.example", timeout=10)
        with ThreadPoolExecutor(4) as pool:
            statuses = sorted(pool.map(lambda _: send(warehouse, smtp, report_files.values()).status, range(4)))
    finally:
        controller.stop()
    assert statuses == ["bo_qua", "bo_qua", "bo_qua", "da_gui"]
    assert len(mailbox.received) == 1 and [r[1] for r in rows(warehouse)] == ["da_gui"]


def test_a_partly_refused_send_counts_as_sent_and_says_who_was_refused(warehouse, smtp_server, report_files):
    smtp, mailbox = smtp_server
    mailbox.refuse = {RECIPIENTS[1]}
    result = send(warehouse, smtp, report_files.values())
    assert result.status == "da_gui" and [m.rcpt_tos for m in mailbox.received] == [RECIPIENTS[:1]]
    assert "từ chối một số người nhận" in result.error and RECIPIENTS[1] in result.error
    [(_, status, _, _, _, _, error, _)] = rows(warehouse)
    assert (status, error) == ("da_gui", result.error)


def test_an_archived_name_holding_another_content_is_not_overwritten(warehouse, smtp_server, tmp_path):
    from etl.reports.delivery import ArchiveConflict

    smtp, mailbox = smtp_server
    report = tmp_path / "bao-cao.pdf"
    report.write_bytes(b"%PDF-1.7 that")
    taken = tmp_path / "kho" / "quy-2024-3" / UNIT / f"{sha(report.read_bytes())[:12]}_bao-cao.pdf"
    taken.parent.mkdir(parents=True)
    taken.write_bytes(b"something else")
    with pytest.raises(ArchiveConflict, match="không ghi đè"):
        send(warehouse, smtp, [report], archive_dir=tmp_path / "kho")
    assert taken.read_bytes() == b"something else" and [p.name for p in taken.parent.iterdir()] == [taken.name]
    assert rows(warehouse) == [] and mailbox.received == []
