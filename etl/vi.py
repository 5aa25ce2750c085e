"""Vietnamese (vi-VN) number formatting: 1.234.567 and 94,29%."""
from __future__ import annotations


def number(value: float | int, decimals: int = 0) -> str:
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def percent(ratio: float, decimals: int = 2) -> str:
    """``percent(0.942857)`` -> ``'94,29%'``."""
    return number(ratio * 100, decimals) + "%"
