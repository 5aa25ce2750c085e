"""The export kinds: one declaration per kind of row the warehouse loads, from which every step derives.

A kind is what the rows of a file describe (dossiers, procedures, units, ...), whatever the file's format:
the readers of ``etl/sources`` say which kind they deliver (``SourceFormat.kind``), and everything after
reading comes from the kind's declaration below: its canonical columns, how it is normalised and validated,
the staging table its valid rows are copied into, the SQL steps that take them into ``dw``, whether it is
reference data and when its files load. Adding a kind (docs/architecture.md): its canonical columns
(etl/canonical.py), a reader, a normaliser (etl/normalise.py), one declaration here, one suite in
``expectations/`` and one SQL folder ``sql/load/<kind>/``.

The SQL steps of a kind are files of its folder, run in one transaction per file (etl/load.py):
``create_staging.sql`` creates the staging table; the ``checks`` run once the file is staged, before the
file-level rules (duplicates to quarantine, inferred members); the ``writes`` run after them. A step tells
what it did in the row its last statement returns: ``rows_quarantined``, ``rows_inserted``,
``rows_updated`` and ``inferred_<member>`` columns are counted, other columns are ignored (a step may return
nothing); a step that returns a ``rejected`` column with a reason (Vietnamese) refuses the whole file with it.
Steps are given ``load_id``, ``file_id``, ``load_date`` and ``complete_from`` (the declared complete_from of the
file's source, config/sources.yaml, or null).

Most kinds load a file's good rows and set its bad ones aside in audit.quarantine. An ``all_or_nothing`` kind
loads a file whole or not at all: one failing row refuses the file, and its error names every failing row by
its ``key`` with the reason (the fill-in workbook, whose figures make sense only together).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pandas as pd

from etl import normalise
from etl.canonical import (DOSSIER_COLUMNS, LINEAGE_COLUMNS, PETITION_COLUMNS, PROCEDURE_COLUMNS, RATING_COLUMNS,
                           REPORT_INPUT_COLUMNS, UNIT_COLUMNS)
from etl.db import SQL_DIR
from etl.inputs.normalise import normalise_report_inputs


@dataclass(frozen=True)
class ExportKind:
    name: str  # as readers name it (SourceFormat.kind) and as the SQL folder is named
    columns: tuple[str, ...]  # the canonical columns readers deliver (etl/canonical.py)
    normalise: Callable[[pd.DataFrame], pd.DataFrame]  # canonical chunk -> typed staging layout (etl/normalise.py)
    suite: str | Path  # expectations/<suite>.json (or a suite file): the row rules; failing rows go to quarantine
    key: str  # the column that names a row in quarantine (canonical, or added by the normaliser)
    staging_table: str  # the temporary table the valid rows are copied into (<sql_dir>/create_staging.sql)
    staging_columns: tuple[str, ...]  # its columns, in COPY order
    checks: tuple[str, ...]  # SQL steps once the file is staged, before the file-level rules
    writes: tuple[str, ...]  # SQL steps after them: what the file changes in dw
    load_order: int  # the files of one run load by kind in this order (reference data first)
    reference: bool = False  # reference data: also loaded by the reference_sync DAG
    all_or_nothing: bool = False  # one failing row refuses the whole file (nothing goes to quarantine)
    sql_dir: Path | None = None  # None: sql/load/<name>

    def sql(self, step: str) -> Path:
        """The file of one SQL step of this kind."""
        return (self.sql_dir or SQL_DIR / "load" / self.name) / f"{step}.sql"


UNIT = ExportKind(
    "unit", UNIT_COLUMNS, normalise.normalise_units, "unit_rows", key="ma_dinh_danh",
    staging_table="stg_unit", staging_columns=UNIT_COLUMNS,
    checks=("quarantine_duplicates",), writes=("apply_versions", "link_parents", "repoint_facts"),
    load_order=0, reference=True)
LINEAGE = ExportKind(  # after units: a reorganisation names units of a unit list
    "lineage", LINEAGE_COLUMNS, normalise.normalise_lineage, "lineage_rows", key="ma_dinh_danh_cu",
    staging_table="stg_unit_lineage", staging_columns=LINEAGE_COLUMNS,
    checks=(), writes=("apply_lineage",),
    load_order=1, reference=True)
PROCEDURE = ExportKind(
    "procedure", PROCEDURE_COLUMNS, normalise.normalise_procedures, "procedure_rows", key="ma_tthc",
    staging_table="stg_procedure", staging_columns=PROCEDURE_COLUMNS,
    checks=("quarantine_duplicates",), writes=("upsert_dim_field", "apply_versions", "repoint_facts"),
    load_order=2, reference=True)
DOSSIER = ExportKind(
    "dossier", DOSSIER_COLUMNS, normalise.normalise_dossiers, "dossier_rows", key="ma_ho_so",
    staging_table="stg_dossier",
    staging_columns=(
        "row_no", "ma_ho_so", "ma_tthc", "ten_tthc", "ma_linh_vuc", "ten_linh_vuc", "ma_don_vi", "don_vi_xu_ly",
        "channel_code", "channel_given", "applicant_type", "chu_ho_so", "so_dien_thoai", "email", "so_giay_to",
        "submitted_at", "received_at", "due_at", "finished_at", "returned_at", "status_code", "timeliness",
        "days_taken", "fee_amount", "has_fee", "paid_online", "payment_gateway", "returned_by_post",
        "digitised_input", "electronic_result", "supplement_count", "supplement_wait_days", "source_event_at",
        "row_hash", "extra"),
    checks=("analyze", "quarantine_duplicates", "infer_fields", "infer_units", "infer_procedures"),
    writes=("upsert_fact_dossier", "count_inferred", "upsert_applicant", "insert_extra",
            "link_ratings",  # ratings that arrived before their dossier
            "record_coverage"),  # the days of data per source and unit (audit.data_coverage); last: short locks
    load_order=3)
PETITION = ExportKind(
    "petition", PETITION_COLUMNS, normalise.normalise_petitions, "petition_rows", key="ma_pakn",
    staging_table="stg_petition",
    staging_columns=("row_no", "ma_pakn", "ma_don_vi", "don_vi_xu_ly", "phan_loai", "linh_vuc", "ket_qua",
                     "danh_gia", "satisfied", "ma_ho_so", "received_at", "due_at", "handled_at", "source_event_at",
                     "row_hash"),
    checks=("quarantine_duplicates", "infer_units"), writes=("upsert_fact_petition",),
    load_order=4)
RATING = ExportKind(  # after dossiers: a rating joins its dossier
    "rating", RATING_COLUMNS, normalise.normalise_ratings, "rating_rows", key="ma_ho_so",
    staging_table="stg_dossier_rating",
    staging_columns=("row_no", "ma_ho_so", "rated_at", "muc_danh_gia", "rating_score", "satisfied",
                     "kenh_danh_gia", "row_hash"),
    checks=("quarantine_duplicates",), writes=("upsert_fact_dossier_rating",),
    load_order=5)

REPORT_INPUT = ExportKind(  # the fill-in workbook of a unit's CCHC report; after units: its unit must be known
    "report_input", REPORT_INPUT_COLUMNS, normalise_report_inputs, "report_input_rows", key="vi_tri",
    staging_table="stg_report_input",
    staging_columns=("line_no", "phan", "ma", "value_number", "value_text", "value_date", "carried", "ma_don_vi",
                     "ky_bao_cao", "ky_truoc", "phien_ban"),
    checks=("unit_known",), writes=("insert_submission", "insert_values", "insert_lists"),
    load_order=6, all_or_nothing=True)

EXPORT_KINDS: dict[str, ExportKind] = {k.name: k for k in (UNIT, LINEAGE, PROCEDURE, DOSSIER, PETITION, RATING,
                                                           REPORT_INPUT)}
REFERENCE_KINDS = frozenset(k.name for k in EXPORT_KINDS.values() if k.reference)
