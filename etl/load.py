"""Loading one landed file: read in chunks -> normalise -> validate (``prepare``, no database), then COPY to
staging and the kind's SQL steps (``load_file``), as its declaration says (etl/kinds.py).

Everything a file changes happens in one transaction; a file that fails (cannot be parsed, or breaks a
file-level rule) rolls back whole and is recorded as failed in audit.file_load, other files unaffected.
A load holds the file's load lock (sql/audit/lock_file.sql) from before its 'running' row to its end: two runs
that meet on a file load it once, and a 'running' row nobody holds the lock of belongs to a dead run
(``mark_interrupted``).
"""
from __future__ import annotations

import logging
from contextlib import contextmanager
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
from etl.vi import number as n
from etl.validate import batch_failures, row_failures

log = logging.getLogger(__name__)
INTERRUPTED = ("tệp %s: lần nạp bị gián đoạn — tiến trình nạp đã dừng (bị tắt hoặc mất kết nối) trước khi xong, "
               "không có gì của tệp được ghi; lần chạy sau nạp lại tệp")  # a format() template of the file name
DEADLOCK_ATTEMPTS = 3  # a load that meets another run's load of overlapping rows (deadlock, row moved) is tried again
REFUSAL_SHOWN = 20  # the failing rows an all-or-nothing file's error names; then how many more
QUARANTINE_COLUMNS = ("load_id", "file_id", "row_no", "record_key", "rule", "column_name", "value", "reason", "record")


class BatchRejected(Exception):
    """A file-level rule failed: the file is not loaded."""


@dataclass
class FileResult:
    file: str
    format: str | None
    status: str  # loaded | skipped | failed; read back from the audit also running | interrupted
    load_id: int | None = None
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    rows_inserted: int = 0
    rows_updated: int = 0
    inferred: dict = field(default_factory=dict)
    error: str | None = None
    note: str | None = None  # why skipped, when not simply "loaded before"; interrupted: what became of the file


@dataclass
class PreparedChunk:
    """One chunk of a file, read, normalised and validated: what its load COPYs."""

    rows_read: int
    bad_rows: int
    staging_csv: str  # the valid rows, CSV in the staging table's column order
    quarantine: pd.DataFrame  # one row per (failing row, rule), QUARANTINE_COLUMNS without the ids
    effective_from: str | None = None  # the earliest ``hieu_luc_tu`` the chunk states (reference data)


def prepare(path: Path, fmt, kind, chunk_rows: int, *, load_date: date | None = None) -> list[PreparedChunk]:
    """Read ``path`` with the format ``fmt`` (a SourceFormat), normalise and validate it as ``kind`` (an
    ExportKind); no database. Raises SourceError when the file cannot be read. ``load_date`` bounds the event
    dates the rows may carry (etl.normalise.event_limit); None: today in Asia/Ho_Chi_Minh."""
    prepared = []
    for chunk in fmt.read(path, chunk_rows=chunk_rows):
        frame = kind.normalise(chunk.reset_index(drop=True), load_date=load_date)
        failures = row_failures(frame, kind.suite)
        bad = frame.index.isin(failures["position"])
        stated = [d for d in chunk["hieu_luc_tu"] if d] if "hieu_luc_tu" in chunk else []
        prepared.append(PreparedChunk(len(chunk), int(bad.sum()), to_csv(frame.loc[~bad], kind.staging_columns),
                                      _quarantine_rows(frame, failures, kind), min(stated, default=None)))
    return prepared


def load_file(conn: psycopg.Connection, landed, kind, format_name: str, load_date: date,
              max_bad_row_share: float, prepared: Callable[[], list[PreparedChunk]],
              complete_from: date | None = None, name: str | None = None) -> FileResult:
    """Load one landed file (an etl.landing.LandedFile) of ``kind`` from its prepared chunks (``prepared()``
    may raise SourceError); ``conn`` must be in autocommit mode (this function owns the transactions).
    ``complete_from``: the declared complete_from of the file's source (config/sources.yaml), None if none.
    ``name``: the file's name in this run (default: the name it was first landed under).
    The SQL steps get the parameters load_id, file_id, load_date and complete_from.

    Under the file's load lock: a load of another run that holds it is waited for, and a file it loaded is
    skipped ("đã được một lần nạp khác nạp"), not loaded twice; a 'running' row of the file left by a dead run
    is marked interrupted first."""
    name = name or landed.original_name
    with file_lock(conn, landed.file_id):
        mark_interrupted(conn, landed.file_id)
        winner = conn.execute(sql("audit/already_loaded"), {"file_id": landed.file_id}).fetchone()
        if winner:
            return FileResult(name, format_name, "skipped",
                              note=f"tệp {name}: đã được một lần nạp khác nạp (lần nạp số {winner[0]}), bỏ qua")
        result = FileResult(name, format_name, "running")
        result.load_id = start_load(conn, landed.file_id, load_date)
        params = {"load_id": result.load_id, "file_id": landed.file_id, "load_date": load_date,
                  "complete_from": complete_from}
        try:
            chunks = prepared()
            for attempt in range(1, DEADLOCK_ATTEMPTS + 1):
                try:
                    _load_chunks(conn, landed.file_id, kind, result, chunks, params, max_bad_row_share)
                    break
                except (psycopg.errors.DeadlockDetected, psycopg.errors.SerializationFailure):
                    # a deadlock with another run's load of overlapping rows, or a dossier that load moved to
                    # another year's partition meanwhile: the whole transaction rolled back, tried again
                    if attempt == DEADLOCK_ATTEMPTS:
                        raise
                    _reset(result)
            result.status = "loaded"
        except SourceError as error:
            _fail(conn, result, error.describe(name))
        except BatchRejected as error:
            _fail(conn, result, f"tệp {name}: {error}")
        except psycopg.Error as error:
            _fail(conn, result, f"tệp {name}: lỗi cơ sở dữ liệu: {error}")
        except OSError as error:  # the landed copy cannot be read (removed from the landing zone meanwhile)
            _fail(conn, result, f"tệp {name}: không đọc được bản lưu trong vùng tiếp nhận {landed.stored_path}: "
                                f"{error.strerror or error}")
        except Exception as error:  # a defect: the file fails alone, not left 'running', and the run goes on
            log.exception("tệp %s: lỗi không lường trước khi nạp", name)
            _fail(conn, result, f"tệp {name}: lỗi không lường trước khi nạp ({type(error).__name__}: {error})")
    return result


def _load_chunks(conn: psycopg.Connection, file_id: int, kind, result: FileResult, chunks: list[PreparedChunk],
                 params: dict, max_bad_row_share: float) -> None:
    """The one transaction of a load: staging, the kind's checks, the file-level rules, its writes, the
    'loaded' row. Raises BatchRejected when a file-level rule fails (everything rolls back)."""
    with conn.transaction():
        conn.execute("SELECT set_config('TimeZone', %s, true)", (TIMEZONE,))
        # no JIT: the set-based steps are costed high enough to be compiled, which took seconds (4.2 s of a 4.25 s
        # upsert over the partitions) for statements that run in milliseconds
        conn.execute("SELECT set_config('jit', 'off', true)")
        run(conn, kind.sql("create_staging"))
        _stage(conn, file_id, kind, result, chunks)
        for step in kind.checks:
            _count(result, run(conn, kind.sql(step), params))
        if kind.all_or_nothing and result.rows_quarantined:
            failures = conn.execute(sql("audit/quarantine_of_load"), {"load_id": result.load_id}).fetchall()
            raise BatchRejected(refusal([dict(zip(("record_key", "reason", "value"), f)) for f in failures]))
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


def _reset(result: FileResult) -> None:
    """The counts of a load attempt that rolled back, forgotten."""
    result.rows_read = result.rows_loaded = result.rows_quarantined = result.rows_inserted = result.rows_updated = 0
    result.inferred = {}


@contextmanager
def file_lock(conn: psycopg.Connection, file_id: int):
    """Hold the load lock of one landed file while the block runs (sql/audit/lock_file.sql: waits for a load
    of the file in another session). Session-level, so PostgreSQL drops it with the session when the process
    dies: a 'running' row without its lock held is the trace of a dead run."""
    conn.execute(sql("audit/lock_file"), {"file_id": file_id})
    try:
        yield
    finally:
        if not conn.broken:
            conn.execute(sql("audit/unlock_file"), {"file_id": file_id})


def mark_interrupted(conn: psycopg.Connection, file_id: int | None = None) -> list[str]:
    """Mark as interrupted the loads that dead runs left 'running' (of one file, or of every file): nobody
    holds their file's load lock. A live load of another process keeps its row. Their messages."""
    rows = conn.execute(sql("audit/interrupt_dead_loads"), {"file_id": file_id, "error": INTERRUPTED}).fetchall()
    return [error for _, error in rows]


def record_unreadable(conn: psycopg.Connection, landed, file_name: str, load_date: date, error: str,
                      format_name: str | None = None) -> FileResult:
    """Record a landed file that fails before any load of it starts (no reader recognised it, its landed copy
    is gone) as a failed load of its own, in one statement (never a 'running' row)."""
    result = FileResult(file_name, format_name, "failed", error=error)
    result.load_id = conn.execute(sql("audit/record_failure"), {
        "file_id": landed.file_id, "load_date": load_date, "error": error}).fetchone()[0]
    return result


def start_load(conn: psycopg.Connection, file_id: int, load_date: date) -> int:
    """The 'running' row of a load (the caller holds the file's load lock); its load_id."""
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


def problem(failure: dict) -> str:
    """One failing row of an all-or-nothing kind: "<key>: <reason> (<value>)"."""
    return f"{failure['record_key']}: {failure['reason']}" + (f" ({failure['value']})" if failure["value"] is not None else "")


def refusal(failures: list[dict]) -> str:
    """Why a file of an all-or-nothing kind is refused: each failing row (``record_key``, ``reason``, ``value``
    as in audit.quarantine, in file order) as "<key>: <reason> (<value>)", the first REFUSAL_SHOWN of them."""
    shown = [problem(f) for f in failures[:REFUSAL_SHOWN]]
    more = len(failures) - len(shown)
    return (f"không nạp gì của tệp vì có {n(len(failures))} lỗi: " + "; ".join(shown)
            + (f"; và {n(more)} lỗi khác (xem bằng cchc check --json)" if more else ""))


def _count(result: FileResult, cursor: psycopg.Cursor | None) -> None:
    """Add what a SQL step reports in the row it returns (etl/kinds.py): rows it moved to quarantine, rows it
    inserted or updated, members it inferred; a ``rejected`` reason refuses the file (BatchRejected)."""
    if cursor is None or cursor.description is None:
        return
    row = cursor.fetchone()
    for column, value in zip((c.name for c in cursor.description), row or ()):
        if column == "rejected" and value:
            raise BatchRejected(value)
        if column == "rows_quarantined":
            result.rows_quarantined += value
        elif column in ("rows_inserted", "rows_updated"):
            setattr(result, column, value)
        elif column.startswith("inferred_") and value:
            result.inferred[column.removeprefix("inferred_")] = value


def _quarantine_rows(frame: pd.DataFrame, failures: pd.DataFrame, kind) -> pd.DataFrame:
    """One row per (failing row, rule), in the file's order."""
    failures = failures.sort_values("position", kind="stable")
    rows = frame.loc[failures["position"], list(kind.columns)]
    # NUL cannot be stored in text or jsonb: shown as ␀ (U+2400) in the quarantine, the record kept whole
    records = [orjson.dumps(_record_json(r)).decode().replace("\\u0000", "\u2400")
               for r in rows.astype(object).where(rows.notna(), None).to_dict("records")]
    return pd.DataFrame({
        "row_no": rows["row_no"].to_numpy(),
        "record_key": _visible_nul(frame.loc[failures["position"], kind.key]), "rule": failures["rule"].to_numpy(),
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
    """CSV for COPY. Lines end in CRLF so that the csv writer quotes every field holding a carriage return
    or a line feed (it quotes only the characters of its line terminator): a lone "\r" in a name, which the
    row rules keep like "\n" and tab, would otherwise end the line in the middle of the row."""
    return frame.to_csv(index=False, header=False, columns=list(columns), lineterminator="\r\n")


def copy_text(conn: psycopg.Connection, table: str, columns: tuple[str, ...], csv_text: str) -> None:
    """COPY CSV text into ``table`` (``schema.name`` or a temp table)."""
    if not csv_text:
        return
    statement = pgsql.SQL("COPY {} ({}) FROM STDIN (FORMAT csv)").format(
        pgsql.Identifier(*table.split(".")), pgsql.SQL(", ").join(map(pgsql.Identifier, columns)))
    with conn.cursor().copy(statement) as copy:
        copy.write(csv_text)
