"""Loading one landed file: read in chunks -> normalise -> validate -> COPY to staging -> set-based upserts.

Everything a file changes happens in one transaction; a file that fails (cannot be parsed, or breaks a
batch-level rule) rolls back whole and is recorded as failed in audit.file_load, other files unaffected.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable

import orjson
import pandas as pd
import psycopg
from psycopg import sql as pgsql
from psycopg.types.json import Jsonb

from etl.config import TIMEZONE
from etl.db import run, sql
from etl.landing import LandedFile
from etl.normalise import (
    STAGING_COLUMNS,
    normalise_dossiers,
    normalise_lineage,
    normalise_procedures,
    normalise_units,
)
from etl.sources import petitions, ratings
from etl.canonical import (
    DOSSIER_COLUMNS,
    LINEAGE_COLUMNS,
    PETITION_COLUMNS,
    PROCEDURE_COLUMNS,
    RATING_COLUMNS,
    UNIT_COLUMNS,
    SourceError,
)
from etl.sources.format import SourceFormat
from etl.validate import batch_failures, row_failures

QUARANTINE_COLUMNS = ("load_id", "file_id", "row_no", "record_key", "rule", "column_name", "value", "reason", "record")


@dataclass(frozen=True)
class Kind:
    """How rows of one kind are prepared and where they go."""

    normalise: Callable[[pd.DataFrame], pd.DataFrame]
    suite: str
    canonical: tuple[str, ...]
    staging_table: str
    staging_columns: tuple[str, ...]
    key: str  # the column that names a row in quarantine
    apply: tuple[str, ...]  # sql/load/*.sql run in order once the file is staged
    create: str | None = None  # sql/load/*.sql creating its temp staging table (else create_staging_tables)
    upsert: str | None = None  # sql/load/*.sql run after the batch rules pass; returns (inserted, updated)


KINDS = {
    "dossier": Kind(normalise_dossiers, "dossier_rows", DOSSIER_COLUMNS, "stg_dossier", STAGING_COLUMNS, "ma_ho_so",
                    ("analyze_stg_dossier", "quarantine_duplicate_dossiers", "infer_dim_field", "infer_dim_unit",
                     "infer_dim_procedure")),
    "procedure": Kind(normalise_procedures, "procedure_rows", PROCEDURE_COLUMNS, "stg_procedure", PROCEDURE_COLUMNS,
                      "ma_tthc", ("quarantine_duplicate_procedures", "upsert_dim_field", "apply_procedure_versions",
                                 "repoint_fact_procedures")),
    "unit": Kind(normalise_units, "unit_rows", UNIT_COLUMNS, "stg_unit", UNIT_COLUMNS, "ma_dinh_danh",
                 ("quarantine_duplicate_units", "apply_unit_versions", "link_unit_parents", "repoint_fact_units")),
    "lineage": Kind(normalise_lineage, "lineage_rows", LINEAGE_COLUMNS, "stg_unit_lineage", LINEAGE_COLUMNS,
                    "ma_dinh_danh_cu", ("apply_unit_lineage",)),
    "petition": Kind(petitions.normalise, "petition_rows", PETITION_COLUMNS, "stg_petition", petitions.STAGING_COLUMNS,
                     "ma_pakn", ("quarantine_duplicate_petitions", "infer_dim_unit_petition"),
                     create="create_staging_petition", upsert="upsert_fact_petition"),
    "rating": Kind(ratings.normalise, "rating_rows", RATING_COLUMNS, "stg_dossier_rating", ratings.STAGING_COLUMNS,
                   "ma_ho_so", ("quarantine_duplicate_ratings",),
                   create="create_staging_rating", upsert="upsert_fact_dossier_rating"),
}


class BatchRejected(Exception):
    """A batch-level rule failed: the file is not loaded."""


@dataclass
class FileResult:
    file: str
    format: str | None
    status: str  # loaded | skipped | failed
    load_id: int | None = None
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    rows_inserted: int = 0
    rows_updated: int = 0
    inferred: dict = field(default_factory=dict)
    error: str | None = None


@dataclass
class PreparedChunk:
    """One chunk of a file, read, normalised and validated: what its load COPYs."""

    rows_read: int
    bad_rows: int
    staging_csv: str  # the valid rows, CSV in the staging table's column order
    quarantine: pd.DataFrame  # one row per (failing row, rule), QUARANTINE_COLUMNS without the ids


def prepare(path: Path, format_name: str, chunk_rows: int) -> list[PreparedChunk]:
    """Read, normalise and validate a whole file; no database. Runs in a worker process on big loads."""
    from etl.sources.registry import by_name

    fmt = by_name(format_name)
    kind = KINDS[fmt.kind]
    prepared = []
    for chunk in fmt.read(path, chunk_rows=chunk_rows):
        frame = kind.normalise(chunk.reset_index(drop=True))
        failures = row_failures(frame, kind.suite)
        bad = frame.index.isin(failures["position"])
        prepared.append(PreparedChunk(len(chunk), int(bad.sum()),
                                      to_csv(frame.loc[~bad], kind.staging_columns),
                                      _quarantine_rows(frame, failures, kind)))
    return prepared


def load_file(conn: psycopg.Connection, landed: LandedFile, fmt: SourceFormat, load_date: date,
              max_bad_row_share: float, prepared: Callable[[], list[PreparedChunk]]) -> FileResult:
    """Load one landed file from its prepared chunks (``prepared()`` may raise SourceError); ``conn`` must
    be in autocommit mode (this function owns the transactions)."""
    result = FileResult(landed.original_name, fmt.name, "running")
    load_id = conn.execute(sql("audit/start_load"), {"file_id": landed.file_id, "load_date": load_date}).fetchone()[0]
    result.load_id = load_id
    kind = KINDS[fmt.kind]
    try:
        with conn.transaction():
            conn.execute("SELECT set_config('TimeZone', %s, true)", (TIMEZONE,))
            conn.execute(sql("load/create_staging_tables"))
            if kind.create:
                conn.execute(sql(f"load/{kind.create}"))
            bad_rows = _stage(conn, landed, kind, load_id, prepared(), result)
            params = {"load_id": load_id, "file_id": landed.file_id, "load_date": load_date}
            for step in kind.apply:
                cur = run(conn, f"load/{step}", params)
                if step.startswith("quarantine_duplicate_"):  # audit.quarantine_duplicates: rows moved
                    bad_rows += cur.fetchone()[0]
                elif step.startswith("infer_") and cur.rowcount:
                    result.inferred[step.removeprefix("infer_dim_")] = cur.rowcount
            result.rows_quarantined = bad_rows
            result.rows_loaded = result.rows_read - bad_rows
            reasons = batch_failures({"rows_read": result.rows_read,
                                      "bad_row_share": bad_rows / result.rows_read if result.rows_read else 0.0},
                                     max_bad_row_share=max_bad_row_share)
            if reasons:
                raise BatchRejected("; ".join(reasons))
            if fmt.kind == "dossier":
                _apply_dossiers(conn, params, result)
            elif kind.upsert:
                result.rows_inserted, result.rows_updated = run(conn, f"load/{kind.upsert}", params).fetchone()
            else:
                result.rows_inserted = result.rows_loaded
            conn.execute(sql("audit/finish_load"), {
                "load_id": load_id, "rows_read": result.rows_read, "rows_loaded": result.rows_loaded,
                "rows_quarantined": result.rows_quarantined, "rows_inserted": result.rows_inserted,
                "rows_updated": result.rows_updated, "inferred_members": Jsonb(result.inferred)})
        result.status = "loaded"
    except SourceError as error:
        _fail(conn, result, error.describe(landed.original_name))
    except BatchRejected as error:
        _fail(conn, result, f"tệp {landed.original_name}: {error}")
    except psycopg.Error as error:
        _fail(conn, result, f"tệp {landed.original_name}: lỗi cơ sở dữ liệu: {error}")
    return result


def _stage(conn, landed: LandedFile, kind: Kind, load_id: int, chunks: list[PreparedChunk],
           result: FileResult) -> int:
    """COPY every chunk's valid rows to staging and its failing rows to quarantine; return rows quarantined."""
    bad_rows = 0
    for chunk in chunks:
        result.rows_read += chunk.rows_read
        bad_rows += chunk.bad_rows
        copy_text(conn, kind.staging_table, kind.staging_columns, chunk.staging_csv)
        if len(chunk.quarantine):
            quarantine = chunk.quarantine.assign(load_id=load_id, file_id=landed.file_id)
            copy_text(conn, "audit.quarantine", QUARANTINE_COLUMNS, to_csv(quarantine, QUARANTINE_COLUMNS))
    return bad_rows


def _apply_dossiers(conn, params: dict, result: FileResult) -> None:
    counts = conn.execute(sql("load/upsert_fact_dossier"), params).fetchone()
    result.rows_inserted, result.rows_updated = counts[0], counts[1]
    inferred = conn.execute(sql("load/count_inferred_dossiers")).fetchone()
    result.inferred.update({k: v for k, v in zip(("dossiers_with_inferred_unit", "dossiers_with_inferred_procedure"),
                                                 inferred) if v})
    conn.execute(sql("load/upsert_applicant"), params)
    conn.execute(sql("load/insert_dossier_extra"), params)
    conn.execute(sql("load/link_rating_dossiers"), params)  # ratings that arrived before their dossier


def _quarantine_rows(frame: pd.DataFrame, failures: pd.DataFrame, kind: Kind) -> pd.DataFrame:
    rows = frame.loc[failures["position"], list(kind.canonical)]
    # NUL cannot be stored in text or jsonb: shown as ␀ (U+2400) in the quarantine, the record kept whole
    records = [orjson.dumps(_record_json(r)).decode().replace("\\u0000", "\u2400")
               for r in rows.astype(object).where(rows.notna(), None).to_dict("records")]
    return pd.DataFrame({
        "row_no": rows["row_no"].to_numpy(),
        "record_key": _visible_nul(rows[kind.key]), "rule": failures["rule"].to_numpy(),
        "column_name": failures["column_name"].to_numpy(), "value": _visible_nul(failures["value"]),
        "reason": failures["reason"].to_numpy(), "record": records,
    })


def _visible_nul(values: pd.Series):
    return values.map(lambda v: v.replace("\x00", "\u2400") if isinstance(v, str) else v).to_numpy()


def _record_json(record: dict) -> dict:
    """A quarantined row as JSON: its non-empty fields, with ``extra`` as an object when it is JSON."""
    kept = {k: v for k, v in record.items() if v is not None}
    if isinstance(kept.get("extra"), str):
        try:
            kept["extra"] = orjson.loads(kept["extra"])
        except orjson.JSONDecodeError:
            pass
    return kept


def _fail(conn, result: FileResult, message: str) -> None:
    result.status, result.error = "failed", message
    result.rows_loaded = result.rows_quarantined = result.rows_inserted = result.rows_updated = 0
    result.inferred = {}
    conn.execute(sql("audit/fail_load"), {"load_id": result.load_id, "rows_read": result.rows_read, "error": message})


def to_csv(frame: pd.DataFrame, columns: tuple[str, ...]) -> str:
    return frame.to_csv(index=False, header=False, columns=list(columns))


def copy_text(conn: psycopg.Connection, table: str, columns: tuple[str, ...], csv_text: str) -> None:
    """COPY CSV text into ``table`` (``schema.name`` or a temp table)."""
    if not csv_text:
        return
    statement = pgsql.SQL("COPY {} ({}) FROM STDIN (FORMAT csv)").format(
        pgsql.Identifier(*table.split(".")), pgsql.SQL(", ").join(map(pgsql.Identifier, columns)))
    with conn.cursor().copy(statement) as copy:
        copy.write(csv_text)
