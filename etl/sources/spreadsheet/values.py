"""Cell values as canonical text: the converters a :class:`~etl.sources.spreadsheet.header.Layout` names per column.

:func:`text` (any cell), :func:`number` (vi-VN numbers), :func:`yes_no`, :func:`date` (date-time cells, Excel
serial dates, "dd/mm/yyyy" text), :func:`choice` (names → codes), and what layout files build converters from:
:func:`date_pattern`/:func:`date_with` (further date formats) and :func:`with_values`.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from decimal import Decimal
from functools import lru_cache
from typing import Any, Callable, Iterable

from etl.canonical import CANONICAL_DATE_FORMAT
from etl.vi import fold

Converter = Callable[[Any], "str | None"]


def _number_text(value: int | float) -> str:
    if isinstance(value, int):
        return str(value)
    if value.is_integer() and abs(value) < 1e15:  # the usual case, a whole number: skip Decimal
        return str(int(value))
    return format(Decimal(repr(value)).normalize(), "f")


def text(value: Any) -> str | None:
    """Any cell as canonical text: NFC and stripped, None when empty.

    Numeric cells lose a spurious ".0" (a code typed as the number 399 gives "399"), date-time
    cells become ``yyyyMMddHHmmss``, booleans "1"/"0".
    """
    kind = type(value)  # exact types first: this runs for every cell
    if kind is str:
        return unicodedata.normalize("NFC", value).strip() or None
    if value is None:
        return None
    if kind is dt.datetime:
        return (f"{value.year:04d}{value.month:02d}{value.day:02d}"
                f"{value.hour:02d}{value.minute:02d}{value.second:02d}")
    if kind is float or kind is int:
        return _number_text(value)
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value).strip() or None
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (int, float)):
        return _number_text(value)
    if isinstance(value, dt.datetime):
        return value.strftime(CANONICAL_DATE_FORMAT)
    if isinstance(value, dt.date):
        return value.strftime("%Y%m%d000000")
    return str(value)  # time, timedelta


_VI_GROUPED = re.compile(r"-?\d{1,3}(\.\d{3})+(,\d+)?")  # 1.234.567,5
_VI_PLAIN = re.compile(r"-?\d+(,\d+)?")  # 1234567,5
_DOT_DECIMAL = re.compile(r"-?\d+\.\d+")  # 0.5, as a machine writes it


def number(value: Any) -> str | None:
    """A vi-VN number as plain decimal text: "50.000" → "50000", "0,5" → "0.5"; other text unchanged."""
    if isinstance(value, (int, float)):  # a numeric cell, already a number (bool included: "1"/"0")
        return text(value)
    t = text(value)
    if t is None:
        return None
    compact = t.replace(" ", "").replace("\u00a0", "")
    if _VI_GROUPED.fullmatch(compact) or _VI_PLAIN.fullmatch(compact):
        compact = compact.replace(".", "").replace(",", ".")
    elif not _DOT_DECIMAL.fullmatch(compact):
        return t
    return format(Decimal(compact).normalize(), "f")


_YES = {"có", "x", "1"}
_NO = {"không", "0"}


def yes_no(value: Any) -> str | None:
    """"Có"/"x" → "1", "Không"/empty → "0"; other text unchanged."""
    t = text(value)
    if t is None:
        return "0"
    key = fold(t)
    return "1" if key in _YES else "0" if key in _NO else t


_VI_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?")


def date(value: Any) -> str | None:
    """A date-time cell, an Excel serial date (a number cell: 45300 = 09/01/2024) or "dd/mm/yyyy[ HH:MM[:SS]]"
    text as ``yyyyMMddHHmmss``; other text unchanged."""
    if isinstance(value, str):
        t = text(value)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        return excel_serial(value) or text(value)
    else:
        return text(value)
    if t is None:
        return None
    match = _VI_DATE.fullmatch(t)
    if not match:
        return excel_serial(t) if _SERIAL_IN_TEXT.fullmatch(t) else t  # a date cell saved to CSV as its serial
    day, month, year, hour, minute, second = match.groups()
    d, m, y = int(day), int(month), int(year)
    h, mi, sec = int(hour or 0), int(minute or 0), int(second or 0)
    if not (1 <= m <= 12 and 1 <= d <= _month_days(y, m) and y >= 1 and h < 24 and mi < 60 and sec < 60):
        return t
    return f"{y:04d}{m:02d}{d:02d}{h:02d}{mi:02d}{sec:02d}"


@lru_cache(maxsize=4096)
def _month_days(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1] if year >= 1 else 0


def choice(names: dict[str, str]) -> Converter:
    """A converter from the given names (compared with :func:`fold`) to codes; other text unchanged."""
    table = {fold(name): code for name, code in names.items()}

    def convert(value: Any) -> str | None:
        t = text(value)
        return None if t is None else table.get(fold(t), t)

    return convert


_SERIAL_IN_TEXT = re.compile(r"\d{5}(?:[.,]\d+)?")  # 10000 = 1927-05-18 … 99999 = 2173-10-14
EXCEL_EPOCH = dt.datetime(1899, 12, 30)  # day 0 of Excel's 1900 date system (its 1900-02-29 bug included)
_SERIAL_TEXT = re.compile(r"\d{1,7}(?:[.,]\d+)?")


def excel_serial(value: Any) -> str | None:
    """An Excel serial date-time (45300 = 2024-01-08, 45300.5 = noon) as ``yyyyMMddHHmmss``; None if not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        if not _SERIAL_TEXT.fullmatch(value):
            return None
        value = float(value.replace(",", "."))
    if not isinstance(value, (int, float)) or not 1 <= value < 2958466:  # 9999-12-31
        return None
    when = EXCEL_EPOCH + dt.timedelta(days=float(value))
    when = (when + dt.timedelta(microseconds=500_000)).replace(microsecond=0)  # float noise: nearest second
    return when.strftime(CANONICAL_DATE_FORMAT)


_DATE_TOKENS = {"yyyy": r"(?P<y>\d{4})", "dd": r"(?P<d>\d{2})", "d": r"(?P<d>\d{1,2})", "MM": r"(?P<m>\d{2})",
                "M": r"(?P<m>\d{1,2})", "HH": r"(?P<H>\d{2})", "H": r"(?P<H>\d{1,2})", "mm": r"(?P<M>\d{2})",
                "ss": r"(?P<S>\d{2})"}
_DATE_TOKEN = re.compile("|".join(sorted(_DATE_TOKENS, key=len, reverse=True)))


def date_pattern(pattern: str) -> re.Pattern:
    """A date format as written in layout files ("dd/MM/yyyy HH:mm", .NET/Excel letters: d day, M month,
    yyyy year, H hour, m minute, s second) as a regular expression; ValueError when it is not a usable
    date format (e.g. "dd/mm/yyyy", where mm would be minutes)."""
    parts, groups, position = [], [], 0
    for match in _DATE_TOKEN.finditer(pattern):
        literal = pattern[position:match.start()]
        if re.search(r"[A-Za-z]", literal):
            raise ValueError(f"ký tự không hiểu được {literal!r}")
        parts += [re.escape(literal), _DATE_TOKENS[match.group()]]
        groups.append(_DATE_TOKENS[match.group()][4])
        position = match.end()
    if re.search(r"[A-Za-z]", pattern[position:]):
        raise ValueError(f"ký tự không hiểu được {pattern[position:]!r}")
    parts.append(re.escape(pattern[position:]))
    if not {"y", "m", "d"} <= set(groups):
        raise ValueError("phải có ngày (dd), tháng (MM) và năm (yyyy); mm là phút, tháng viết MM")
    if len(set(groups)) != len(groups):
        raise ValueError("một thành phần xuất hiện hai lần")
    if "M" in groups and "H" not in groups or "S" in groups and "M" not in groups:
        raise ValueError("phút (mm) cần giờ (HH), giây (ss) cần phút (mm)")
    return re.compile("".join(parts))


def date_with(formats: Iterable[str]) -> Converter:
    """A date converter that also reads the given formats (see :func:`date_pattern`)."""
    patterns = [date_pattern(f) for f in formats]

    def convert(value: Any) -> str | None:
        t = text(value) if isinstance(value, str) else None
        if t:
            for pattern in patterns:
                match = pattern.fullmatch(t)
                if match:
                    g = match.groupdict()
                    try:
                        return dt.datetime(int(g["y"]), int(g["m"]), int(g["d"]), int(g.get("H") or 0),
                                           int(g.get("M") or 0), int(g.get("S") or 0)).strftime(CANONICAL_DATE_FORMAT)
                    except ValueError:
                        return t
        return date(value)

    return convert


def with_values(names: dict[str, str], base: Converter) -> Converter:
    """``base`` preceded by a list of names (compared with :func:`fold`) → codes."""
    table = {fold(name): code for name, code in names.items()}

    def convert(value: Any) -> str | None:
        t = text(value)
        if t is not None:
            code = table.get(fold(t))
            if code is not None:
                return code
        return base(value)

    convert.numeric = is_numeric(base)  # type: ignore[attr-defined]
    return convert


def is_numeric(convert: Converter) -> bool:
    """Whether a column converted by ``convert`` holds numbers (checked against a total row)."""
    return convert is number or getattr(convert, "numeric", False)


# --- empty cells (the numbering row under a header, group rows among the data rows) ---------------

def _is_filled(cell: Any) -> bool:
    return cell is not None and cell != "" and (not isinstance(cell, str) or not cell.isspace())


def _filled(cells: list) -> list:
    return [c for c in cells if _is_filled(c)]
