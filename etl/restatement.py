"""How figures of a period that straddles a reorganisation were restated, in the words a report prints."""
from __future__ import annotations

from datetime import date

import psycopg

from etl.db import sql

TODAY = "today"  # figures as the units are today (dw.unit_restatement)
THEN = "then"  # figures as the units were when each dossier was received


def restatement_note(conn: psycopg.Connection, first_day: date, last_day: date, mode: str,
                     unit_codes: list[str] | None = None) -> str | None:
    """A Vietnamese note on the reorganisations inside [first_day, last_day], or None when there were none.

    ``unit_codes`` limits the note to reorganisations that concern those units (old or new).
    """
    if mode not in (TODAY, THEN):
        raise ValueError(f"mode must be {TODAY!r} or {THEN!r}")
    rows = conn.execute(sql("marts/reorganisations_in_period"),
                        {"first_day": first_day, "last_day": last_day, "unit_codes": unit_codes}).fetchall()
    if not rows:
        return None
    period = f"từ ngày {first_day:%d/%m/%Y} đến ngày {last_day:%d/%m/%Y}"
    sentences = []
    for effective, _code, name, kind, predecessors, basis in rows:
        new_unit = f"{(kind or '').lower()} {name}".strip()
        merged = ", ".join(predecessors)
        basis_text = f" theo {basis}" if basis else ""
        if mode == TODAY:
            sentences.append(f"số liệu của {new_unit} gồm cả số liệu trước ngày {effective:%d/%m/%Y} của {merged}"
                             f" (sắp xếp{basis_text})")
        else:
            sentences.append(f"{merged} được sắp xếp thành {new_unit} từ ngày {effective:%d/%m/%Y}{basis_text}")
    if mode == TODAY:
        head = f"Số liệu kỳ {period} được tính theo đơn vị hành chính hiện nay: "
    else:
        head = (f"Số liệu kỳ {period} được tính theo đơn vị hành chính tại thời điểm tiếp nhận hồ sơ; "
                "trong kỳ có thay đổi: ")
    return head + "; ".join(sentences) + "."
