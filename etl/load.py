"""Loading one landed file: read in chunks -> normalise -> validate (``prepare``, no database), then COPY to
staging and the kind's SQL steps (``load_file``), as its declaration says (etl/kinds.py).

Everything a file changes happens in one transaction; a file that fails (cannot be parsed, or breaks a
file-level rule) rolls back whole and is recorded as failed in audit.file_load, other files unaffected.
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

from etl.canonical import SourceError
from etl.config import TIMEZONE
from etl.db import run, sql
from etl.validate import batch_failures, row_failures

QUARANTINE_COLUMNS = ("load_id", "file_id", "row_no", "record_key", "rule", "column_name", "value", "reason", "record")


class BatchRejected(Exception):
    """A file-level rule failed: the file is not loaded."""


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
    effective_from: str | None = None  # the earliest ``hieu_luc_tu`` the chunk states (reference data)


def prepare(path: Path, fmt, kind, chunk_rows: int) -> list[PreparedChunk]:
    """Read ``path`` with the format ``fmt`` (a SourceFormat), normalise and validate it as ``kind`` (an
    ExportKind); no database. Raises SourceError when the file cannot be read."""
    prepared = []
    for chunk in fmt.read(path, chunk_rows=chunk_rows):
        frame = kind.normalise(chunk.reset_index(drop=True))
        failures = row_failures(frame, kind.suite)
        bad = frame.index.isin(failures["position"])
        stated = [d for d in chunk["hieu_luc_tu"] if d] if "hieu_luc_tu" in chunk else []
        prepared.append(PreparedChunk(len(chunk), int(bad.sum()), to_csv(frame.loc[~bad], kind.staging_columns),
                                      _quarantine_rows(frame, failures, kind), min(stated, default=None)))
    return prepared


def load_file(conn: psycopg.Connection, landed, kind, format_name: str, load_date: date,
              max_bad_row_share: float, prepared: Callable[[], list[PreparedChunk]],
              complete_from: date | None = None) -> FileResult:
    """Load one landed file (an etl.landing.LandedFile) of ``kind`` from its prepared chunks (``prepared()``
    may raise SourceError); ``conn`` must be in autocommit mode (this function owns the transactions).
    ``complete_from``: the declared complete_from of the file's source (config/sources.yaml), None if none.
    The SQL steps get the parameters load_id, file_id, load_date and complete_from."""
    result = FileResult(landed.original_name, format_name, "running")
    result.load_id = start_load(conn, landed.file_id, load_date)
    params = {"load_id": result.load_id, "file_id": landed.file_id, "load_date": load_date,
              "complete_from": complete_from}
    try:
        with conn.transaction():
            conn.execute("SELECT set_config('TimeZone', %s, true)", (TIMEZONE,))
            run(conn, kind.sql("create_staging"))
            _stage(conn, landed.file_id, kind, result, prepared())
            for step in kind.checks:
                _count(result, run(conn, kind.sql(step), params))
            result.rows_loaded = result.rows_read - result.rows_quarantined
            reasons = batch_failures({"rows_read": result.rows_read,
                                      "bad_row_share": result.rows_quarantined / result.rows_read
                                      if result.rows_read else 0.0},
                                     max_bad_row_share=max_bad_row_share)
            if reasons:
                raise BatchRejected("; ".join(reasons))
            result.rows_inserted = result.rows_loaded  # unless a write says otherwise
            for step in kind.writes:
                _count(result, run(conn, kind.sql(step), params))
            conn.execute(sql("audit/finish_load"), {
                "load_id": result.load_id, "rows_read": result.rows_read, "rows_loaded": result.rows_loaded,
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


def record_unreadable(conn: psycopg.Connection, landed, file_name: str, load_date: date, error: str) -> FileResult:
    """Record a landed file that no reader recognised as a failed load of its own."""
    result = FileResult(file_name, None, "failed", error=error)
    result.load_id = start_load(conn, landed.file_id, load_date)
    conn.execute(sql("audit/fail_load"), {"load_id": result.load_id, "rows_read": None, "error": error})
    return result


def start_load(conn: psycopg.Connection, file_id: int, load_date: date) -> int:
    return conn.execute(sql("audit/start_load"), {"file_id": file_id, "load_date": load_date}).fetchone()[0]


def _stage(conn, file_id: int, kind, result: FileResult, chunks: list[PreparedChunk]) -> None:
    """COPY every chunk's valid rows to staging and its failing rows to quarantine."""
    for chunk in chunks:
        result.rows_read += chunk.rows_read
        result.rows_quarantined += chunk.bad_rows
        copy_text(conn, kind.staging_table, kind.staging_columns, chunk.staging_csv)
        if len(chunk.quarantine):
            quarantine = chunk.quarantine.assign(load_id=result.load_id, file_id=file_id)
            copy_text(conn, "audit.quarantine", QUARANTINE_COLUMNS, to_csv(quarantine, QUARANTINE_COLUMNS))


def _count(result: FileResult, cursor: psycopg.Cursor | None) -> None:
    """Add what a SQL step reports in the row it returns (etl/kinds.py): rows it moved to quarantine, rows it
    inserted or updated, members it inferred."""
    if cursor is None or cursor.description is None:
        return
    row = cursor.fetchone()
    for column, value in zip((c.name for c in cursor.description), row or ()):
        if column == "rows_quarantined":
            result.rows_quarantined += value
        elif column in ("rows_inserted", "rows_updated"):
            setattr(result, column, value)
        elif column.startswith("inferred_") and value:
            result.inferred[column.removeprefix("inferred_")] = value


def _quarantine_rows(frame: pd.DataFrame, failures: pd.DataFrame, kind) -> pd.DataFrame:
    rows = frame.loc[failures["position"], list(kind.columns)]
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
