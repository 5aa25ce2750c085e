"""The two period calendars of the reports; pure date arithmetic, no database.

- "hanh_chinh": administrative report periods with a data cut-off (15th -> 14th in Khánh Hòa's
  restatement of NĐ 09/2019), configured in config/periods.yaml ($CCHC_PERIODS overrides the path).
- "lich": plain calendar periods (month, quarter, year...), used by the QĐ 766 indicators.

Kinds: thang, quy, 6thang, 9thang, nam. The code of a period (CLI, marts, delivery log): ``thang:2024-11``,
``quy:2024-3``, ``6thang:2025``, ``9thang:2025``, ``nam:2024``; ``Period.from_code`` reads it, and a period
crosses between Airflow tasks as ``as_dict()`` / ``Period.from_dict``.
"""
from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

import yaml

from etl.config import settings

HANH_CHINH = "hanh_chinh"
LICH = "lich"
PERIOD_KINDS = ("thang", "quy", "6thang", "9thang", "nam")
_COUNT = {"thang": 12, "quy": 4, "6thang": 1, "9thang": 1, "nam": 1}  # periods of a kind in a year
_ROMAN = ("I", "II", "III", "IV")
FORMS = "thang:YYYY-MM (vd. thang:2024-11), quy:YYYY-Q (vd. quy:2024-3), 6thang:YYYY, 9thang:YYYY, nam:YYYY"
_FORM = re.compile(r"(thang|quy|6thang|9thang|nam):([12]\d{3})(?:-(\d{1,2}))?")

# QĐ 766: plain calendar windows, written in the schema of config/periods.yaml.
_LICH_DOC = {
    "start_day": 1,
    "end_day": "last",
    "kinds": {
        "thang": {"closes_in": list(range(1, 13)), "opens_months_before": 0},
        "quy": {"closes_in": [3, 6, 9, 12], "opens_months_before": 2},
        "6thang": {"closes_in": [6], "opens_months_before": 5},
        "9thang": {"closes_in": [9], "opens_months_before": 8},
        "nam": {"closes_in": [12], "opens_months_before": 11},
    },
}


@dataclass(frozen=True)
class Period:
    kind: str
    label: str  # "Quý III năm 2024"
    first_day: date
    last_day: date  # for "hanh_chinh" the cut-off day (ngày chốt số liệu)
    calendar: str = HANH_CHINH

    @property
    def year(self) -> int:
        return self.last_day.year

    @property
    def number(self) -> int:
        """Position in the year: the month for thang, 1-4 for quy, 1 otherwise."""
        return _rules(self.calendar).kinds[self.kind].closes_in.index(self.last_day.month) + 1

    @property
    def code(self) -> str:
        """The CLI form: thang:2024-11, quy:2024-3, nam:2024."""
        if self.kind == "thang":
            return f"thang:{self.year}-{self.number:02d}"
        return f"quy:{self.year}-{self.number}" if self.kind == "quy" else f"{self.kind}:{self.year}"

    def __contains__(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day

    @classmethod
    def from_code(cls, code: str, calendar: str = HANH_CHINH) -> "Period":
        """``thang:2024-11``, ``quy:2024-3``, ``6thang:2025``, ``9thang:2025``, ``nam:2024`` in ``calendar``;
        ValueError in Vietnamese, naming the accepted forms, otherwise."""
        match = _FORM.fullmatch(code.strip().lower()) if isinstance(code, str) else None
        if match:
            kind, year, number = match[1], int(match[2]), match[3] and int(match[3])
            if (number is None) == (_COUNT[kind] == 1) and (number is None or 1 <= number <= _COUNT[kind]):
                return _period(calendar, kind, year, number)
        raise ValueError(f"Kỳ báo cáo không hợp lệ: {code!r}. Dạng được chấp nhận: {FORMS}.")

    def calendar_twin(self) -> "Period":
        """The plain calendar period of the same code (QĐ 766 counts by calendar months): nam:2024 is
        15/12/2023-14/12/2024 as an administrative period and 01/01-31/12/2024 as its twin."""
        return Period.from_code(self.code, LICH)

    def previous(self) -> "Period":
        """The period compared with in reports: the previous month or quarter (kỳ trước); for 6thang,
        9thang and nam the same period of the previous year (cùng kỳ năm trước)."""
        year, number = self.year, self.number
        if _COUNT[self.kind] == 1:
            year -= 1
        elif number == 1:
            year, number = year - 1, _COUNT[self.kind]
        else:
            number -= 1
        return _period(self.calendar, self.kind, year, number)

    def as_dict(self) -> dict:
        """What crosses between Airflow tasks (XCom): the code and the calendar."""
        return {"code": self.code, "calendar": self.calendar}

    @classmethod
    def from_dict(cls, data: dict) -> "Period":
        return cls.from_code(data["code"], data.get("calendar", HANH_CHINH))


@dataclass(frozen=True)
class _Window:
    """How the periods of one kind are cut: the months they close in, how many months earlier they open,
    their first and last day of the month."""

    closes_in: tuple[int, ...]
    opens_months_before: int
    start_day: int
    end_day: int | str  # a day of the month or "last"

    def window(self, year: int, number: int) -> tuple[date, date]:
        month = self.closes_in[number - 1]
        start_year, start_month = divmod(year * 12 + month - 1 - self.opens_months_before, 12)
        return _day(start_year, start_month + 1, self.start_day), _day(year, month, self.end_day)


@dataclass(frozen=True)
class _Rules:
    kinds: dict[str, _Window]
    submission_working_days: int


def _day(year: int, month: int, day: int | str) -> date:
    length = monthrange(year, month)[1]
    return date(year, month, length if day == "last" else min(int(day), length))


def _parse_rules(doc: dict, source: str) -> _Rules:
    def bad(why: str) -> ValueError:
        return ValueError(f"Cấu hình kỳ báo cáo {source} không hợp lệ: {why}")

    def day(value, key: str, allow_last: bool) -> int | str:
        if allow_last and value == "last":
            return value
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 31:
            raise bad(f"{key} phải là ngày 1-31{' hoặc last' if allow_last else ''}, không phải {value!r}")
        return value

    if not isinstance(doc, dict) or not isinstance(doc.get("kinds"), dict):
        raise bad("thiếu mục kinds")
    kinds = {}
    for name, rule in doc["kinds"].items():
        if name not in PERIOD_KINDS:
            raise bad(f"loại kỳ {name!r} không được hỗ trợ (chỉ {', '.join(PERIOD_KINDS)})")
        rule = {"start_day": doc.get("start_day"), "end_day": doc.get("end_day"), **(rule or {})}
        closes_in = tuple(rule.get("closes_in") or ())
        if (len(closes_in) != _COUNT[name] or list(closes_in) != sorted(set(closes_in))
                or not all(isinstance(m, int) and 1 <= m <= 12 for m in closes_in)):
            raise bad(f"{name}.closes_in phải là {_COUNT[name]} tháng tăng dần trong 1-12")
        before = rule.get("opens_months_before")
        if isinstance(before, bool) or not isinstance(before, int) or not 0 <= before <= 12:
            raise bad(f"{name}.opens_months_before phải là số 0-12")
        start, end = day(rule["start_day"], "start_day", False), day(rule["end_day"], "end_day", True)
        kind = _Window(closes_in, before, start, end)
        first, last = kind.window(2001, 1)
        if first > last:
            raise bad(f"kỳ {name} bắt đầu sau khi kết thúc ({first} > {last})")
        kinds[name] = kind
    working_days = doc.get("submission_working_days", 2)  # §2.3 when a file omits it
    if isinstance(working_days, bool) or not isinstance(working_days, int) or working_days < 0:
        raise bad("submission_working_days phải là số nguyên >= 0")
    return _Rules(kinds, working_days)


@lru_cache(maxsize=None)
def _load(path: str) -> _Rules:
    return _parse_rules(yaml.safe_load(Path(path).read_text(encoding="utf-8")), path)


_LICH_RULES = _parse_rules(_LICH_DOC, "lich")


def _rules(calendar: str) -> _Rules:
    if calendar == LICH:
        return _LICH_RULES
    if calendar == HANH_CHINH:
        return _load(str(settings().periods_file))  # read once per path
    raise ValueError(f"Lịch kỳ báo cáo không hợp lệ: {calendar!r} (chỉ {HANH_CHINH!r} hoặc {LICH!r})")


def _label(kind: str, year: int, number: int) -> str:
    if kind == "thang":
        return f"Tháng {number} năm {year}"
    if kind == "quy":
        return f"Quý {_ROMAN[number - 1]} năm {year}"
    return {"6thang": f"6 tháng đầu năm {year}", "9thang": f"9 tháng năm {year}", "nam": f"Năm {year}"}[kind]


def _period(calendar: str, kind: str, year: int, number: int | None) -> Period:
    rules = _rules(calendar)
    if kind not in rules.kinds:
        raise ValueError(f"Loại kỳ {kind!r} không có trong lịch {calendar!r} (có: {', '.join(rules.kinds)})")
    count = _COUNT[kind]
    if number is None and count == 1:
        number = 1
    if number is None or not 1 <= number <= count:
        raise ValueError(f"Kỳ {kind} cần số thứ tự 1-{count}, không phải {number!r}")
    first, last = rules.kinds[kind].window(year, number)
    return Period(kind, _label(kind, year, number), first, last, calendar)


def administrative_period(kind: str, year: int, number: int | None = None) -> Period:
    """An administrative report period (config/periods.yaml): ``administrative_period("quy", 2024, 3)``."""
    return _period(HANH_CHINH, kind, year, number)


def calendar_period(kind: str, year: int, number: int | None = None) -> Period:
    """A plain calendar period, as on the QĐ 766 portal: ``calendar_period("thang", 2024, 2)`` = 1/2-29/2."""
    return _period(LICH, kind, year, number)


def periods_ending_on(day: date, calendar: str = HANH_CHINH) -> list[Period]:
    """The periods whose last day (cut-off) is ``day``, e.g. 14/12/2024: thang:2024-12, quy:2024-4, nam:2024."""
    return [p for kind in _rules(calendar).kinds for n in range(1, _COUNT[kind] + 1)
            for p in [_period(calendar, kind, day.year, n)] if p.last_day == day]


def periods_between(first: date, last: date, kind: str, calendar: str = HANH_CHINH) -> list[Period]:
    """Every period of ``kind`` that overlaps first..last (both included), in date order."""
    if first > last:
        raise ValueError(f"Khoảng ngày không hợp lệ: {first} > {last}")
    # a period belongs to the year of its last day and opens at most 12 months earlier
    candidates = (_period(calendar, kind, year, n) for year in range(first.year, last.year + 2)
                  for n in range(1, _COUNT.get(kind, 1) + 1))
    return [p for p in candidates if p.first_day <= last and p.last_day >= first]


def submission_deadline(period: Period) -> date:
    """The day the report is due: ``submission_working_days`` (config, 2) working days after the
    last day. Saturdays and Sundays are skipped; public holidays are NOT modelled."""
    day, left = period.last_day, _rules(HANH_CHINH).submission_working_days
    while left:
        day += timedelta(days=1)
        if day.weekday() < 5:  # Monday-Friday
            left -= 1
    return day


def tasks_ahead(code: str) -> str:
    """What the "tasks ahead" part of a report of the period ``code`` covers, as the report title names it:
    nam:2025 -> "năm 2026", 6thang:2025 -> "6 tháng cuối năm 2025", 9thang:2025 -> "quý IV năm 2025",
    quy:2025-4 -> "quý I năm 2026", thang:2025-12 -> "tháng 1 năm 2026"."""
    kind, _, rest = code.partition(":")
    year = int(rest[:4])
    if kind == "nam":
        return f"năm {year + 1}"
    if kind == "6thang":
        return f"6 tháng cuối năm {year}"
    if kind == "9thang":
        return f"quý IV năm {year}"
    number = int(rest[5:])
    if kind == "quy":
        return f"quý {_ROMAN[number % 4]} năm {year + number // 4}"
    if kind == "thang":
        return f"tháng {number % 12 + 1} năm {year + number // 12}"
    raise ValueError(f"Mã kỳ báo cáo không hợp lệ: {code!r}")
