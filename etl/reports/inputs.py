"""Gather what units stated in their fill-in workbooks ("Phiếu số liệu báo cáo CCHC") for one report.

The unit's own current workbook of the period gives every item and the lists (documents, inspections,
initiatives). A district's or the province's report adds, for the items the catalogue marks ``sum: true``
(documents issued, tasks, staff, …), the values of every unit below it that sent a workbook, through the same
hierarchy its dossiers roll up by (mart.unit_rollup in the report's reading): each workbook counts once, whole.
The narratives of those units are kept per unit for the annex, never merged. Queries: sql/reports/input_*.sql.
"""
from __future__ import annotations

from decimal import Decimal

import psycopg
from psycopg.rows import class_row, dict_row

from etl.db import sql
from etl.inputs.catalogue import Catalogue, catalogue
from etl.reports.model import (CitedDocument, Initiative, Inspection, ReportInputs, Submission,
                               UnitNarratives)
from etl.vi import fold, unit_name


def gather_inputs(conn: psycopg.Connection, key: dict, items: Catalogue | None = None) -> ReportInputs:
    """The inputs of the report keyed by ``key`` (unit_code, period_code, restated, last_day, as
    ``etl.reports.data.gather`` binds them)."""
    items = items or catalogue()
    units = conn.cursor(row_factory=dict_row).execute(sql("reports/input_units"), key).fetchall()
    own = next((u for u in units if u["own"] and u["submission_id"] is not None), None)
    below = [u for u in units if not u["own"]]
    sent = [u for u in units if u["submission_id"] is not None]
    values: dict[str, dict[str, Decimal | str]] = {u["unit_code"]: {} for u in sent}
    rows = conn.execute(sql("reports/input_values"), key | {"unit_codes": list(values)})
    for unit_code, item_code, number, text in rows:
        values[unit_code][item_code] = number if number is not None else text
    own_values = values.get(key["unit_code"], {})
    stated: dict[str, Decimal | str] = {}
    for item in items.items:
        if item.sum:
            given = [v[item.code] for v in values.values() if item.code in v]
            if given:
                stated[item.code] = sum(given, Decimal(0))
        elif item.code in own_values:
            stated[item.code] = own_values[item.code]
    narrative = [i.code for i in items.items if i.type == "doan_van"]
    narratives = [UnitNarratives(u["unit_code"], unit_name(u["name"], u["kind"]), texts)
                  for u in below if (texts := {c: values[u["unit_code"]][c] for c in narrative
                                               if c in values.get(u["unit_code"], {})})]
    return ReportInputs(
        values=stated,
        documents=_rows(conn, "input_documents", CitedDocument, own),
        inspections=_rows(conn, "input_inspections", Inspection, own),
        initiatives=_rows(conn, "input_initiatives", Initiative, own),
        submission=Submission(own["prepared_by"], own["prepared_on"], own["loaded_on"]) if own else None,
        units_below=len(below),
        units_below_submitted=sum(u["submission_id"] is not None for u in below),
        narratives=sorted(narratives, key=lambda n: fold(n.name)),
    )


def _rows(conn, name: str, kind: type, own: dict | None) -> list:
    """The rows of one list of the unit's own workbook; none without a workbook."""
    if own is None:
        return []
    return conn.cursor(row_factory=class_row(kind)).execute(
        sql(f"reports/{name}"), {"submission_id": own["submission_id"]}).fetchall()
