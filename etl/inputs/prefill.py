"""What a new workbook is pre-filled with: the carry items and the carry columns of the lists
(config/report_inputs.yaml ``carry: true``) of the unit's current workbook of the previous period — the names of
plans and the addresses that rarely change — each marked in the workbook as to be checked.

The previous period is ``Period.previous()``: the period just before of the same kind, which for nam, 6thang and
9thang (one a year) is the same period of the year before, for quy and thang the quarter or month before.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import psycopg
from psycopg.rows import dict_row

from etl.db import sql
from etl.inputs.catalogue import Catalogue, catalogue
from etl.periods import Period


@dataclass(frozen=True)
class Prefill:
    values: dict[str, object] = field(default_factory=dict)  # item code -> value
    lists: dict[str, list[dict[str, object]]] = field(default_factory=dict)  # list code -> rows of carry columns

    @property
    def carried(self) -> set[str]:
        """The item and list codes the workbook marks "Lấy từ kỳ trước — cần kiểm tra"."""
        return set(self.values) | set(self.lists)


def previous_inputs(conn: psycopg.Connection, unit_code: str, period: Period,
                    cat: Catalogue | None = None) -> Prefill:
    """The carry values of ``unit_code``'s current workbook of ``period.previous()``; empty when it sent none."""
    cat = cat or catalogue()
    key = {"unit_code": unit_code, "period_code": period.previous().code}
    carry_items = {item.code: item for item in cat.items if item.carry}
    values = {}
    for code, number, text in conn.execute(sql("inputs/previous_items"), key | {"item_codes": list(carry_items)}):
        values[code] = _number(number) if carry_items[code].numeric else text
    lists = {}
    for entry in cat.lists:
        carry_columns = [column.code for column in entry.columns if column.carry]
        if not carry_columns:
            continue
        rows = conn.cursor(row_factory=dict_row).execute(sql(f"inputs/previous_{entry.code}"), key).fetchall()
        if rows:
            lists[entry.code] = [{code: row[code] for code in carry_columns} for row in rows]
    return Prefill(values, lists)


def _number(value):
    """A stored number as the cell shows it: 38, not Decimal('38.00')."""
    return int(value) if value is not None and value == value.to_integral_value() else value
