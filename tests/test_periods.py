"""The two period calendars: administrative windows (cut-off 15 -> 14, config/periods.yaml) and the
plain calendar of QĐ 766. Pure date arithmetic; no database."""
from __future__ import annotations

from datetime import date

import pytest

from etl.periods import (
    Period, administrative_period, calendar_period, periods_between, periods_ending_on, submission_deadline,
)

D = date.fromisoformat


@pytest.fixture(autouse=True)
def default_config(monkeypatch):
    monkeypatch.delenv("CCHC_PERIODS", raising=False)


@pytest.mark.parametrize("text, label, first, last", [
    ("thang:2024-11", "Tháng 11 năm 2024", "2024-10-15", "2024-11-14"),
    ("thang:2024-01", "Tháng 1 năm 2024", "2023-12-15", "2024-01-14"),
    ("thang:2024-03", "Tháng 3 năm 2024", "2024-02-15", "2024-03-14"),
    ("quy:2024-1", "Quý I năm 2024", "2023-12-15", "2024-03-14"),
    ("quy:2024-2", "Quý II năm 2024", "2024-03-15", "2024-06-14"),
    ("quy:2024-3", "Quý III năm 2024", "2024-06-15", "2024-09-14"),
    ("quy:2024-4", "Quý IV năm 2024", "2024-09-15", "2024-12-14"),
    ("6thang:2025", "6 tháng đầu năm 2025", "2024-12-15", "2025-06-14"),
    ("9thang:2025", "9 tháng năm 2025", "2024-12-15", "2025-09-14"),
    ("nam:2024", "Năm 2024", "2023-12-15", "2024-12-14"),
])
def test_administrative_windows(text, label, first, last):
    assert Period.from_code(text) == Period(text.split(":")[0], label, D(first), D(last), "hanh_chinh")


def window(period: Period) -> tuple[date, date]:
    return period.first_day, period.last_day


def test_administrative_quarters_make_up_the_half_year_and_the_year():
    q = [administrative_period("quy", 2025, n) for n in (1, 2, 3, 4)]
    assert (q[0].first_day, q[1].last_day) == window(Period.from_code("6thang:2025"))
    assert (q[0].first_day, q[2].last_day) == window(Period.from_code("9thang:2025"))
    assert (q[0].first_day, q[3].last_day) == window(Period.from_code("nam:2025"))
    assert all(a.last_day.toordinal() + 1 == b.first_day.toordinal() for a, b in zip(q, q[1:]))


@pytest.mark.parametrize("text, first, last", [
    ("quy:2024-3", "2024-07-01", "2024-09-30"),
    ("quy:2024-1", "2024-01-01", "2024-03-31"),
    ("thang:2024-02", "2024-02-01", "2024-02-29"),  # leap year
    ("thang:2023-02", "2023-02-01", "2023-02-28"),
    ("thang:2024-12", "2024-12-01", "2024-12-31"),
    ("nam:2024", "2024-01-01", "2024-12-31"),
    ("6thang:2025", "2025-01-01", "2025-06-30"),
])
def test_calendar_windows(text, first, last):
    period = Period.from_code(text, "lich")
    assert (period.first_day, period.last_day, period.calendar) == (D(first), D(last), "lich")


def test_constructors_agree_with_parse():
    assert administrative_period("quy", 2024, 3) == Period.from_code("quy:2024-3")
    assert administrative_period("nam", 2024) == Period.from_code("nam:2024")
    assert calendar_period("thang", 2024, 2) == Period.from_code("thang:2024-2", "lich")
    assert Period.from_code(" QUY:2024-3 ").code == "quy:2024-3"
    assert Period.from_code("thang:2024-1").code == "thang:2024-01"
    assert D("2024-06-30") in Period.from_code("quy:2024-3") and D("2024-06-14") not in Period.from_code("quy:2024-3")


@pytest.mark.parametrize("text, before", [
    ("thang:2024-11", "thang:2024-10"),
    ("thang:2024-01", "thang:2023-12"),
    ("quy:2024-3", "quy:2024-2"),
    ("quy:2024-1", "quy:2023-4"),
    ("6thang:2025", "6thang:2024"),
    ("9thang:2025", "9thang:2024"),
    ("nam:2024", "nam:2023"),
])
def test_previous(text, before):
    assert Period.from_code(text).previous() == Period.from_code(before)
    assert Period.from_code(text, "lich").previous() == Period.from_code(before, "lich")


def test_previous_month_in_a_leap_year():
    assert calendar_period("thang", 2024, 3).previous().last_day == D("2024-02-29")
    assert administrative_period("thang", 2024, 3).previous() == Period(
        "thang", "Tháng 2 năm 2024", D("2024-01-15"), D("2024-02-14"))


def test_periods_ending_on_a_cut_off():
    assert [p.code for p in periods_ending_on(D("2024-12-14"))] == ["thang:2024-12", "quy:2024-4", "nam:2024"]
    assert [p.code for p in periods_ending_on(D("2025-06-14"))] == ["thang:2025-06", "quy:2025-2", "6thang:2025"]
    assert [p.code for p in periods_ending_on(D("2025-09-14"))] == ["thang:2025-09", "quy:2025-3", "9thang:2025"]
    assert [p.code for p in periods_ending_on(D("2024-11-14"))] == ["thang:2024-11"]
    assert periods_ending_on(D("2024-11-15")) == []
    assert [p.code for p in periods_ending_on(D("2024-12-31"), "lich")] == ["thang:2024-12", "quy:2024-4", "nam:2024"]


def test_submission_deadline_counts_working_days():
    assert D("2024-11-14").isoweekday() == 4 and D("2024-12-14").isoweekday() == 6
    assert submission_deadline(Period.from_code("thang:2024-11")) == D("2024-11-18")  # Thu -> Fri, (weekend), Mon
    assert submission_deadline(Period.from_code("nam:2024")) == D("2024-12-17")  # Sat -> Mon, Tue
    assert submission_deadline(Period.from_code("thang:2024-10")) == D("2024-10-16")  # Mon -> Tue, Wed


def test_periods_between():
    months = periods_between(D("2024-10-20"), D("2024-12-15"), "thang")
    assert [p.code for p in months] == ["thang:2024-11", "thang:2024-12", "thang:2025-01"]
    quarters = periods_between(D("2024-01-01"), D("2024-12-31"), "quy", "lich")
    assert [p.code for p in quarters] == ["quy:2024-1", "quy:2024-2", "quy:2024-3", "quy:2024-4"]
    years = periods_between(D("2024-12-14"), D("2024-12-15"), "nam")
    assert [p.code for p in years] == ["nam:2024", "nam:2025"]
    assert periods_between(D("2024-07-01"), D("2024-07-01"), "6thang") == []
    with pytest.raises(ValueError):
        periods_between(D("2024-02-01"), D("2024-01-01"), "thang")


CUT_OFF_20 = """
start_day: 20
end_day: 19
submission_working_days: 3
kinds:
  thang: {closes_in: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], opens_months_before: 1}
  quy: {closes_in: [3, 6, 9, 12], opens_months_before: 3}
  nam: {closes_in: [12], opens_months_before: 12}
"""

PLAIN_CALENDAR = """
start_day: 1
end_day: last
kinds:
  thang: {closes_in: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], opens_months_before: 0}
  quy: {closes_in: [3, 6, 9, 12], opens_months_before: 2}
  6thang: {closes_in: [6], opens_months_before: 5}
  9thang: {closes_in: [9], opens_months_before: 8}
  nam: {closes_in: [12], opens_months_before: 11}
"""


def use_config(tmp_path, monkeypatch, text: str, name: str = "periods.yaml") -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("CCHC_PERIODS", str(path))


def test_another_cut_off_day(tmp_path, monkeypatch):
    use_config(tmp_path, monkeypatch, CUT_OFF_20)
    month = Period.from_code("thang:2024-11")
    assert window(month) == (D("2024-10-20"), D("2024-11-19"))
    assert window(Period.from_code("quy:2024-1")) == (D("2023-12-20"), D("2024-03-19"))
    assert [p.code for p in periods_ending_on(D("2024-12-19"))] == ["thang:2024-12", "quy:2024-4", "nam:2024"]
    assert submission_deadline(month) == D("2024-11-22")  # Tue 19 -> Wed, Thu, Fri
    with pytest.raises(ValueError, match="6thang"):
        Period.from_code("6thang:2025")  # this province has no 6-month report
    assert Period.from_code("thang:2024-11", "lich").last_day == D("2024-11-30")  # QĐ 766 is unaffected


def test_plain_calendar_config_matches_the_766_calendar(tmp_path, monkeypatch):
    use_config(tmp_path, monkeypatch, PLAIN_CALENDAR)
    for text in ["thang:2024-02", "thang:2023-12", "quy:2024-3", "6thang:2025", "9thang:2025", "nam:2024"]:
        admin, plain = Period.from_code(text), Period.from_code(text, "lich")
        assert (admin.label, admin.first_day, admin.last_day) == (plain.label, plain.first_day, plain.last_day)


@pytest.mark.parametrize("text", [
    "", "2024", "nam", "nam:24", "nam:2024-1", "quy:2024", "quy:2024-5", "quy:2024-0", "thang:2024-13",
    "thang:2024", "6thang:2025-1", "tuan:2024-3", "thang:2024/11", "thang: 2024-11",
])
def test_parse_errors_name_the_accepted_forms(text):
    with pytest.raises(ValueError, match="Dạng được chấp nhận: thang:YYYY-MM"):
        Period.from_code(text)


def test_unknown_calendar_and_number():
    with pytest.raises(ValueError, match="Lịch"):
        Period.from_code("nam:2024", calendar="gregorian")
    with pytest.raises(ValueError):
        administrative_period("quy", 2024)
    with pytest.raises(ValueError):
        calendar_period("thang", 2024, 13)


@pytest.mark.parametrize("text", [
    "kinds: {quy: {closes_in: [3, 6, 9], opens_months_before: 3}}\nstart_day: 15\nend_day: 14",
    "kinds: {tuan: {closes_in: [1], opens_months_before: 0}}\nstart_day: 1\nend_day: 7",
    "kinds: {nam: {closes_in: [12], opens_months_before: 0}}\nstart_day: 15\nend_day: 14",  # opens after it closes
    "kinds: {nam: {closes_in: [12], opens_months_before: 12}}\nstart_day: 0\nend_day: 14",
    "start_day: 15",
])
def test_invalid_config_is_rejected(tmp_path, monkeypatch, text):
    use_config(tmp_path, monkeypatch, text)
    with pytest.raises(ValueError, match="Cấu hình kỳ báo cáo"):
        Period.from_code("nam:2024")
