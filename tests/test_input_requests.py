"""Units are e-mailed their pre-filled workbook before a period's cut-off and reminded at the cut-off when they have
not submitted it, each once, through a real SMTP server on loopback; the delivery log records both."""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from io import BytesIO

import psycopg
import pytest
from openpyxl import load_workbook

from conftest import load_small, query
from etl.inputs import layout
from etl.inputs.asking import Ask, InputRequestsFailed, ask_for_inputs, due_asks
from etl.inputs.catalogue import catalogue
from etl.periods import Period
from etl.reports.config import InputRequests, report_config
from etl.reports.delivery import InvalidDelivery, SmtpSettings, deliver, delivery_log, format_log

PROVINCE, DISTRICT, CAT, TRINH = "000.00.00.H56", "000.00.27.H56", "000.35.27.H56", "000.31.27.H56"
PERIOD = Period.from_code("quy:2024-3")  # 15/06/2024 - 14/09/2024
RECIPIENTS = {DISTRICT: "van-phong@hoanghoa.example", CAT: "hoangcat@hoanghoa.example",
              TRINH: "hoangtrinh@hoanghoa.example"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REPORTS_YAML = f"""
kinds: [quy]
units: all
recipients:
  default: []
  "{DISTRICT}": [{RECIPIENTS[DISTRICT]}]
  "{CAT}": [{RECIPIENTS[CAT]}]
  "{TRINH}": [{RECIPIENTS[TRINH]}]
sender: "Kho dữ liệu CCHC <bao-cao-cchc@hoanghoa.example>"
inputs: {{ask_days_before: 10, remind_after_cutoff: true}}
"""


@pytest.fixture
def smtp(mail_server):
    port, mailbox = mail_server
    return SmtpSettings(host="127.0.0.1", port=port, sender="Kho dữ liệu CCHC <bao-cao-cchc@hoanghoa.example>",
                        timeout=10), mailbox


@pytest.fixture
def units(warehouse, tmp_path, monkeypatch):
    """The small export's four units in the warehouse; config/reports.yaml asking for quarterly workbooks."""
    config = tmp_path / "reports.yaml"
    config.write_text(REPORTS_YAML, encoding="utf-8")
    monkeypatch.setenv("CCHC_REPORTS", str(config))
    assert load_small("don-vi-hanh-chinh.csv").failed == []
    return warehouse


def ask(today: date, smtp) -> dict[str, str]:
    [outcome] = ask_for_inputs(today, smtp=smtp, progress=lambda _: None)
    assert outcome["period"] == PERIOD.code
    return outcome["units"]


def workbook_of(mail) -> tuple[str, dict[str, object]]:
    """The name of the one attachment and the values of its sheet "Thông tin phiếu" by key."""
    [attachment] = list(mail.iter_attachments())
    assert attachment.get_content_type() == XLSX
    sheet = load_workbook(BytesIO(attachment.get_content()))[layout.INFO_SHEET]
    info = {key: sheet.cell(layout.info_row(key), layout.INFO_VALUE_COLUMN).value for key, _ in layout.INFO_KEYS}
    return attachment.get_filename(), info


def deliveries(url: str) -> list[tuple]:
    return query(url, "SELECT unit_code, period_code, purpose, status, restated, files->0->>'name' "
                      "FROM audit.report_delivery ORDER BY delivery_id")


def submit(url: str, unit_code: str) -> None:
    """A current workbook of ``unit_code`` for the period, put straight into the 0016 tables (the file and the
    load it cites are those of the unit list: the reader of real workbooks is not the point here)."""
    with psycopg.connect(url) as conn:
        file_id, load_id = conn.execute("SELECT file_id, load_id FROM audit.file_load").fetchone()
        conn.execute("INSERT INTO dw.report_input_submission (unit_code, period_code, template_version, file_id, "
                     "load_id) VALUES (%s, %s, %s, %s, %s)", (unit_code, PERIOD.code, catalogue().version, file_id,
                                                             load_id))


def test_the_requests_and_reminders_due_on_a_day():
    config = report_config()  # the repository's: quy, 6thang, 9thang, nam; 10 days; reminders on
    assert config.inputs == InputRequests(ask_days_before=10, remind_after_cutoff=True)
    nam = Period.from_code("nam:2025")  # cut-off Sunday 14/12/2025, report due Tuesday 16/12/2025
    assert due_asks(date(2025, 12, 3), config) == []
    quarter = Period.from_code("quy:2025-4")  # 15/09/2025 - 14/12/2025
    for day in range(4, 14):  # 10 to 1 days before the cut-off: the request, of both periods (the year first)
        assert due_asks(date(2025, 12, day), config) == [Ask(nam, "phieu_so_lieu"), Ask(quarter, "phieu_so_lieu")]
    for day in (14, 15, 16):  # the cut-off to the report's due day: the reminder
        assert due_asks(date(2025, 12, day), config) == [Ask(nam, "nhac_nop"), Ask(quarter, "nhac_nop")]
    assert due_asks(date(2025, 12, 17), config) == []


def test_each_unit_is_sent_its_workbook_once_before_the_cutoff(units, smtp, tmp_path):
    sender, mailbox = smtp
    assert due_asks(date(2024, 9, 3)) == []  # 11 days before the cut-off
    assert due_asks(date(2024, 9, 4)) == [Ask(PERIOD, "phieu_so_lieu")]

    assert ask(date(2024, 9, 4), sender) == {PROVINCE: "khong_gui", DISTRICT: "da_gui", CAT: "da_gui",
                                             TRINH: "da_gui"}
    mails = mailbox.take()
    assert set(mails) == {RECIPIENTS[DISTRICT], RECIPIENTS[CAT], RECIPIENTS[TRINH]}
    names = {DISTRICT: "UBND huyện Hoằng Hóa", CAT: "UBND xã Hoằng Cát", TRINH: "UBND xã Hoằng Trinh"}
    for code, address in RECIPIENTS.items():
        mail = mails[address]
        assert mail["Subject"] == (f"[CCHC] Đề nghị điền phiếu số liệu báo cáo CCHC quý III năm 2024 – {names[code]}, "
                                   "nộp trước ngày 14/09/2024")
        body = mail.get_body(("plain",)).get_content().replace("\r\n", "\n")  # SMTP lines end in CRLF
        file_name = f"phieu-so-lieu_{code}_quy-2024-3.xlsx"
        assert body.startswith(f"Kính gửi: {names[code]}\n")
        assert "(số liệu từ ngày 15/06/2024 đến ngày 14/09/2024)" in body
        assert "Nộp phiếu đã điền chậm nhất ngày 14/09/2024 (ngày chốt số liệu): trả lời thư này" in body
        assert f"cchc ingest {file_name}" in body
        name, info = workbook_of(mail)
        assert name == file_name
        assert (info["mau"], info["ma_don_vi"], info["ky_bao_cao"], info["tu_ngay"], info["den_ngay"]) == (
            layout.TEMPLATE_NAME, code, "quy:2024-3", "15/06/2024", "14/09/2024")

    logged = [(code, "quy:2024-3", "phieu_so_lieu", "da_gui", False, f"phieu-so-lieu_{code}_quy-2024-3.xlsx")
              for code in sorted(RECIPIENTS)]
    assert sorted(deliveries(units)) == logged

    # the next days of the window: nothing new, not even a row
    assert ask(date(2024, 9, 5), sender) == {PROVINCE: "khong_gui", DISTRICT: "bo_qua", CAT: "bo_qua",
                                             TRINH: "bo_qua"}
    assert mailbox.take() == {} and sorted(deliveries(units)) == logged


def test_at_the_cutoff_only_the_units_without_a_workbook_are_reminded_once(units, smtp):
    sender, mailbox = smtp
    assert ask(date(2024, 9, 4), sender)[CAT] == "da_gui"  # the request, before
    mailbox.take()
    submit(units, CAT)
    # Saturday 14/09/2024 is the cut-off; the report is due two working days later, Tuesday 17/09/2024
    assert due_asks(date(2024, 9, 13)) == [Ask(PERIOD, "phieu_so_lieu")]
    assert due_asks(date(2024, 9, 14)) == due_asks(date(2024, 9, 17)) == [Ask(PERIOD, "nhac_nop")]
    assert due_asks(date(2024, 9, 18)) == []

    assert ask(date(2024, 9, 14), sender) == {PROVINCE: "khong_gui", DISTRICT: "da_gui", CAT: "da_nop",
                                              TRINH: "da_gui"}
    mails = mailbox.take()
    assert set(mails) == {RECIPIENTS[DISTRICT], RECIPIENTS[TRINH]}
    mail = mails[RECIPIENTS[TRINH]]
    assert mail["Subject"] == ("[CCHC] Nhắc nộp phiếu số liệu báo cáo CCHC quý III năm 2024 – UBND xã Hoằng Trinh, "
                               "đã đến ngày chốt số liệu 14/09/2024")
    body = mail.get_body(("plain",)).get_content().replace("\r\n", "\n")  # SMTP lines end in CRLF
    assert ("Đến ngày 14/09/2024, kho dữ liệu CCHC chưa nhận được Phiếu số liệu báo cáo CCHC quý III năm 2024 của "
            "đơn vị") in body
    assert "hạn gửi báo cáo: ngày 17/09/2024" in body and "chậm nhất ngày 17/09/2024 (hạn gửi báo cáo)" in body
    assert workbook_of(mail)[1]["ma_don_vi"] == TRINH

    assert ask(date(2024, 9, 16), sender) == {PROVINCE: "khong_gui", DISTRICT: "bo_qua", CAT: "da_nop",
                                              TRINH: "bo_qua"}
    assert mailbox.take() == {}
    reminders = [row[:4] for row in deliveries(units) if row[2] == "nhac_nop"]
    assert sorted(reminders) == [(DISTRICT, "quy:2024-3", "nhac_nop", "da_gui"),
                                 (TRINH, "quy:2024-3", "nhac_nop", "da_gui")]
    assert len(deliveries(units)) == 5  # three requests, two reminders
    with psycopg.connect(units) as conn:
        log = format_log(delivery_log(conn, unit_code=TRINH))
    assert " da_gui nhắc nộp phiếu số liệu 000.31.27.H56 quy:2024-3 → hoangtrinh@hoanghoa.example" in log
    assert " da_gui phiếu số liệu 000.31.27.H56 quy:2024-3 → " in log


def test_a_unit_that_cannot_be_asked_fails_the_run_after_the_others_were(units, smtp):
    sender, mailbox = smtp
    refused = (r"1 e-mail phiếu số liệu không gửi được:\n000\.99\.27\.H56 \(phiếu số liệu quy:2024-3\): "
               r"Không có đơn vị mã '000\.99\.27\.H56'")
    with pytest.raises(InputRequestsFailed, match=refused):
        config = report_config()
        config = replace(config, recipients={**config.recipients, "000.99.27.H56": ("xa-99@hoanghoa.example",)})
        ask_for_inputs(date(2024, 9, 4), smtp=sender, units=["000.99.27.H56", CAT], config=config,
                       progress=lambda _: None)
    assert set(mailbox.take()) == {RECIPIENTS[CAT]}
    assert [row[:4] for row in deliveries(units)] == [(CAT, "quy:2024-3", "phieu_so_lieu", "da_gui")]


def test_an_unknown_purpose_is_refused_before_anything_is_recorded(warehouse, smtp, tmp_path):
    sender, mailbox = smtp
    workbook = tmp_path / "phieu.xlsx"
    workbook.write_bytes(b"PK\x03\x04")
    with psycopg.connect(warehouse) as conn, pytest.raises(InvalidDelivery, match="Mục đích gửi không hợp lệ: 'phieu'"):
        deliver(conn, CAT, PERIOD.code, False, [workbook], [RECIPIENTS[CAT]], subject="Phiếu", body="",
                smtp=sender, purpose="phieu")
    assert mailbox.take() == {} and deliveries(warehouse) == []


@pytest.mark.parametrize("inputs, error", [
    ("{ask_days_before: -1}", "inputs.ask_days_before phải là số ngày 0-90 (0: không gửi phiếu), không phải -1"),
    ("{ask_days_before: true}", "inputs.ask_days_before phải là số ngày 0-90"),
    ("{remind_after_cutoff: 'có'}", "inputs.remind_after_cutoff phải là true hoặc false, không phải 'có'"),
    ("{ask_day_before: 10}", "inputs có khoá không biết: ask_day_before"),
    ("10", "inputs phải là các khoá ask_days_before, remind_after_cutoff"),
])
def test_a_wrong_inputs_setting_is_refused_with_its_name(tmp_path, monkeypatch, inputs, error):
    config = tmp_path / "reports.yaml"
    config.write_text(f"kinds: [nam]\ninputs: {inputs}\n", encoding="utf-8")
    monkeypatch.setenv("CCHC_REPORTS", str(config))
    with pytest.raises(ValueError, match="không hợp lệ: " + error.replace("(", r"\(").replace(")", r"\)")):
        report_config()


def test_no_requests_when_ask_days_before_is_zero(tmp_path, monkeypatch):
    config = tmp_path / "reports.yaml"
    config.write_text("kinds: [nam]\ninputs: {ask_days_before: 0, remind_after_cutoff: false}\n", encoding="utf-8")
    monkeypatch.setenv("CCHC_REPORTS", str(config))
    assert report_config().inputs == InputRequests(0, False)
    assert [due_asks(date(2025, 12, day)) for day in range(1, 20)] == [[]] * 19
