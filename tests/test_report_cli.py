"""`cchc report` end to end on the small export: marts refreshed, the four files written from the warehouse's
figures, e-mailed once to a real SMTP server on loopback, not again unless forced."""
from __future__ import annotations

import pytest
from click.testing import CliRunner
from docx import Document
from openpyxl import load_workbook

from conftest import FIXTURES, query
from report_examples import commune
from etl.cli import cli

DISTRICT, CAT = "000.00.27.H56", "000.35.27.H56"


@pytest.fixture
def smtp(mail_server, monkeypatch):
    port, mailbox = mail_server
    monkeypatch.setenv("CCHC_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("CCHC_SMTP_PORT", str(port))
    monkeypatch.setenv("CCHC_REPORT_WORKERS", "1")
    return mailbox


def test_report_writes_the_warehouse_figures_and_sends_them_once(small_warehouse, smtp, tmp_path):
    url, _ = small_warehouse
    out = tmp_path / "bao-cao"
    args = ["report", "--unit", DISTRICT, "--period", "thang:2024-01", "--out", str(out), "--send"]
    first = CliRunner().invoke(cli, args)
    assert first.exit_code == 0, first.output
    assert "UBND HUYỆN HOẰNG HÓA: 5 tệp" in first.output and "đã gửi" in first.output  # with the chi-tiet workbook
    docx = out / "bao-cao-cchc_000.00.27.H56_thang-2024-01.docx"
    text = "\n".join(p.text for p in Document(docx).paragraphs)
    # the district's figures are Hoằng Cát's (Hoằng Trinh received nothing): 9 received, 6 handled
    assert "Tổng số hồ sơ đã tiếp nhận: 9 hồ sơ." in text
    # the issuer in full (NĐ 30): "ỦY BAN NHÂN DÂN" over "HUYỆN HOẰNG HÓA"
    assert "ỦY BAN NHÂN DÂN\nHUYỆN HOẰNG HÓA" in "\n".join(c.text for t in Document(docx).tables for r in t.rows
                                                           for c in r.cells)
    sheet = load_workbook(out / "bieu-06_000.00.27.H56_thang-2024-01.xlsx").active
    total = [row for row in sheet.iter_rows(values_only=True) if "Tổng cộng" in row]
    assert total and [v for v in total[0] if isinstance(v, (int, float))][:5] == [9, 3, 6, 0, 6]
    [envelope] = smtp.received
    assert envelope.rcpt_tos == ["van-phong-ubnd@localhost"]
    assert query(url, "SELECT unit_code, period_code, status, forced FROM audit.report_delivery") == [
        (DISTRICT, "thang:2024-01", "da_gui", False)]

    again = CliRunner().invoke(cli, args)
    assert again.exit_code == 0 and "đã gửi trước đây, không gửi lại" in again.output
    assert len(smtp.received) == 1
    forced = CliRunner().invoke(cli, args + ["--force"])
    assert forced.exit_code == 0 and len(smtp.received) == 2
    assert query(url, "SELECT count(*) FILTER (WHERE forced) FROM audit.report_delivery WHERE status = 'da_gui'") == [(1,)]
    log = CliRunner().invoke(cli, ["deliveries", "--unit", DISTRICT])
    assert log.exit_code == 0 and log.output.count("thang:2024-01") == 2, log.output


def test_a_file_above_the_attachment_limit_is_kept_and_named_not_attached(small_warehouse, smtp, tmp_path,
                                                                          monkeypatch):
    config = tmp_path / "reports.yaml"
    config.write_text((FIXTURES.parents[1] / "config" / "reports.yaml").read_text(encoding="utf-8")
                      .replace("max_attachment_mb: 20", "max_attachment_mb: 0.25"), encoding="utf-8")
    monkeypatch.setenv("CCHC_REPORTS", str(config))
    out = tmp_path / "bao-cao"
    result = CliRunner().invoke(cli, ["report", "--unit", DISTRICT, "--period", "thang:2024-01", "--out", str(out),
                                      "--send"])
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in out.iterdir())
    big = sorted(p.name for p in out.iterdir() if p.stat().st_size > 0.25 * 1024 * 1024)
    assert len(written) == 5 and big and len(big) < 5  # the Word and PDF files of this report are above 256 KB
    [message] = smtp.messages()
    attached = sorted(part.get_filename() for part in message.iter_attachments())
    assert attached == sorted(set(written) - set(big))
    text = message.get_body(("plain",)).get_content()
    for name in big:
        assert f"- Không đính kèm tệp {name} (" in text and "lớn hơn giới hạn 0,25 MB của thư" in text
        assert str(out / name) in text and f"không đính kèm {name}" in result.output
    assert "Tệp đính kèm: " in text and "báo cáo (HTML)" in text


def test_a_scope_too_large_to_list_gets_the_figures_and_how_to_list_them(small_warehouse, smtp, tmp_path,
                                                                         monkeypatch):
    config = tmp_path / "reports.yaml"
    config.write_text((FIXTURES.parents[1] / "config" / "reports.yaml").read_text(encoding="utf-8")
                      .replace("chi_tiet_max_dossiers: 200000", "chi_tiet_max_dossiers: 8"), encoding="utf-8")
    monkeypatch.setenv("CCHC_REPORTS", str(config))
    out = tmp_path / "bao-cao"
    result = CliRunner().invoke(cli, ["report", "--unit", DISTRICT, "--unit", CAT, "--period", "thang:2024-01",
                                      "--out", str(out), "--send"])
    assert result.exit_code == 0, result.output
    # both report 9 dossiers on their Biểu 06: more than 8, so no list; the legend still gives every value
    for unit in (DISTRICT, CAT):
        book = load_workbook(out / f"chi-tiet_{unit}_thang-2024-01.xlsx", read_only=True)
        assert book.sheetnames == ["Giải thích"]
        rows = list(book["Giải thích"].iter_rows(values_only=True))
        assert rows[2][0].startswith("Báo cáo tính 9 hồ sơ, nhiều hơn số Excel liệt kê được")
        assert f"cchc explain --unit {unit} --period thang:2024-01 --figure <Tên số liệu>" in rows[2][0]
        values = {row[0]: row[2] for row in rows[4:]}
        assert values["tiep_nhan.tong"] == 9 and rows[4][3] == "(không kèm)"
    for message in smtp.messages():
        text = message.get_body(("plain",)).get_content()
        assert "các số liệu của báo cáo và cách tra cứu hồ sơ (Excel, tệp chi-tiet)" in text
        assert "- Báo cáo tính 9 hồ sơ, quá nhiều để liệt kê trong một tệp Excel gửi kèm thư" in text


def test_the_mail_says_what_is_attached_and_what_is_not(tmp_path):
    from etl.reports.produce import body

    files = [tmp_path / name for name in ("bao-cao-cchc_X_nam-2025.docx", "bao-cao-cchc_X_nam-2025.pdf",
                                         "bieu-06_X_nam-2025.xlsx", "chi-tiet_X_nam-2025.xlsx")]
    files[-1].write_bytes(b"x" * 3 * 1024 * 1024)
    text = body(commune(), files[:3], files[3:], 2)
    assert "- Tệp đính kèm: báo cáo (Word); báo cáo (PDF); Biểu số 06/VPCP/KSTT (Excel)." in text
    assert (f"- Không đính kèm tệp chi-tiet_X_nam-2025.xlsx (3,0 MB, lớn hơn giới hạn 2 MB của thư): tệp được lưu "
            f"tại {files[3]} trên máy chủ kho dữ liệu") in text


def test_an_unknown_unit_is_reported_and_the_others_still_made(small_warehouse, tmp_path, monkeypatch):
    monkeypatch.setenv("CCHC_REPORT_WORKERS", "2")  # the process pool path
    result = CliRunner().invoke(cli, ["report", "--unit", "000.77.27.H56", "--unit", CAT, "--period",
                                      "thang:2024-01", "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "Không có đơn vị mã '000.77.27.H56' trong kho" in result.output
    assert sorted(p.suffix for p in (tmp_path / "out").iterdir()) == [".docx", ".html", ".pdf", ".xlsx", ".xlsx"]


def test_the_periods_due_after_a_cut_off():
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    from etl.orchestration import report_periods
    from etl.periods import Period
    from etl.reports.produce import due_periods

    # config/reports.yaml: quy, 6thang, 9thang, nam; the year's cut-off is 14/12 (config/periods.yaml)
    assert [p.code for p in due_periods(date(2024, 12, 15))] == ["nam:2024", "quy:2024-4"]
    assert [p.code for p in due_periods(date(2024, 12, 21))] == ["nam:2024", "quy:2024-4"]  # a week to catch up
    assert due_periods(date(2024, 12, 22)) == [] and due_periods(date(2024, 12, 14)) == []
    assert [p.code for p in due_periods(date(2025, 6, 16))] == ["6thang:2025", "quy:2025-2"]
    # the DAG: a period given as a param wins; otherwise the logical date, in Vietnam's time zone
    assert [Period.from_dict(p).code for p in report_periods({"period": "THANG:2024-11"}, None)] == ["thang:2024-11"]
    late_evening_utc = datetime(2024, 12, 14, 18, 0, tzinfo=ZoneInfo("UTC"))  # 15/12 01:00 in Hà Nội
    assert [Period.from_dict(p).code for p in report_periods({"period": None}, late_evening_utc)] == [
        "nam:2024", "quy:2024-4"]
