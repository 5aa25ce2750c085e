"""Vietnamese (vi-VN) number formatting: 1.234.567 and 94,29."""
from __future__ import annotations


def number(value: float | int, decimals: int = 0) -> str:
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")

