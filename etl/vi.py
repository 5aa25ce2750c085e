"""Vietnamese (vi-VN) text: numbers as 1.234.567 and 94,29, dates as 05/01/2025, names compared with ``fold``."""
from __future__ import annotations

import unicodedata
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

_CENT = Decimal("0.01")


def number(value: float | int, decimals: int = 0) -> str:
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def count(value: Decimal | float | int) -> str:
    """A count: "1.234" when whole, else up to 2 decimals without trailing zeros ("1.234,5").

    Counts are Decimal because a restated unit may carry a share of a split unit's dossiers."""
    amount = Decimal(str(value)).quantize(_CENT, rounding=ROUND_HALF_UP)
    if amount == amount.to_integral_value():
        return number(amount.to_integral_value())
    return number(amount, 2).rstrip("0")


def percent(value: Decimal | float | int, decimals: int = 2) -> str:
    """A percentage already multiplied by 100: ``percent(Decimal("94.29"))`` -> "94,29%"."""
    exponent = Decimal(1).scaleb(-decimals)
    return number(Decimal(str(value)).quantize(exponent, rounding=ROUND_HALF_UP), decimals) + "%"


def rate(numerator: Decimal | int, denominator: Decimal | int) -> Decimal | None:
    """numerator ÷ denominator in percent, 2 decimals (half up, as PostgreSQL rounds); None if ÷ 0."""
    if not denominator:
        return None
    return (Decimal(100) * Decimal(str(numerator)) / Decimal(str(denominator))).quantize(_CENT, ROUND_HALF_UP)


def day(value: date) -> str:
    """dd/mm/yyyy: 05/01/2025."""
    return f"{value:%d/%m/%Y}"


@lru_cache(maxsize=4096)  # the same few names repeat on every row
def fold(value: str) -> str:
    """The form in which headers and names are compared: NFC, single spaces, casefolded."""
    return " ".join(unicodedata.normalize("NFC", value).split()).casefold()


def bare_unit_name(name: str, kind: str | None) -> str:
    """"Hoằng Cát" from ("Xã Hoằng Cát", "Xã"): a unit list may write the kind (Cấp) into the name too."""
    if kind and fold(name).startswith(fold(kind) + " "):
        return name[len(kind):].strip()
    return name


def unit_name(name: str, kind: str | None) -> str:
    """"xã Hoằng Cát" from ("Hoằng Cát", "Xã") and from ("Xã Hoằng Cát", "Xã"); the name alone without a kind."""
    return f"{(kind or '').lower()} {bare_unit_name(name, kind)}".strip()
