"""The landing zone: every file pulled is stored once, read-only, under its content hash.

A copy is written to a temporary file of its own in the destination folder (``.landing-*.tmp``, unique, locked
with ``flock`` while it is written), made read-only and renamed into place in one step: a crash at any moment
leaves either no stored file or a whole one, and never a name that a later run must open again. Temporaries
that no live writer holds (their writer died) are removed by the next landing into the folder, as are the
``*.partial`` files of versions before this one. Nothing here depends on running as root: a read-only leftover
is removed (the folder is writable), never reopened for writing.
"""
from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import psycopg
from psycopg.rows import dict_row

from etl.db import sql
from etl.files import safe_name, sha256_of

TEMP_PREFIX, TEMP_SUFFIX = ".landing-", ".tmp"
LEGACY_SUFFIX = ".partial"  # the fixed temporary name of earlier versions
STALE_SECONDS = 60  # a temporary untouched this long and locked by no one was left by a dead writer
_swept: dict[Path, float] = {}  # folder -> when this process last removed stale temporaries from it


@dataclass(frozen=True)
class LandedFile:
    file_id: int
    sha256: str
    stored_path: Path
    original_name: str
    source: str
    format: str | None


def land(conn: psycopg.Connection, path: Path, source: str, landing_dir: Path, fmt: str | None,
         metadata: Callable[[], dict] = dict) -> LandedFile:
    """Copy ``path`` into the landing zone (if its content is new) and register it in audit.landed_file.

    A content registered before whose landed copy is gone (deleted by hand, lost with a disk) is copied again
    from ``path``, which has the same bytes. ``metadata`` is only called for content not seen before.
    """
    sha = sha256_of(path)
    with conn.cursor(row_factory=dict_row) as cur:
        known = cur.execute(sql("audit/landed_file_by_hash"), {"sha256": sha}).fetchone()
    if known:
        if not Path(known["stored_path"]).exists():
            store(path, Path(known["stored_path"]))
        return LandedFile(known["file_id"], sha, Path(known["stored_path"]), known["original_name"],
                          known["source"], known["format"])
    stored = landing_dir / safe_name(source) / f"{sha[:16]}__{safe_name(path.name)}"
    if not stored.exists():
        store(path, stored)
    with conn.cursor(row_factory=dict_row) as cur:
        cur.execute(sql("audit/register_landed_file"), {
            "sha256": sha, "source": source, "format": fmt, "original_name": path.name,
            "stored_path": str(stored), "size_bytes": path.stat().st_size,
            "metadata": psycopg.types.json.Jsonb(metadata()),
        })
        row = cur.fetchone()
    return LandedFile(row["file_id"], sha, Path(row["stored_path"]), row["original_name"], row["source"], row["format"])


def store(path: Path, stored: Path) -> None:
    """Copy ``path`` to ``stored``, read-only, atomically: written under a unique temporary name in the same
    folder, held with ``flock`` (which the kernel drops when the writer dies, however it dies), renamed over
    ``stored`` in one step. Another run storing the same content at the same time renames the same bytes."""
    folder = stored.parent
    folder.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(folder)
    handle, temporary = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=folder)
    try:
        with os.fdopen(handle, "wb") as out:
            fcntl.flock(out, fcntl.LOCK_EX)  # the mark of a live writer
            with Path(path).open("rb") as source:
                shutil.copyfileobj(source, out, 1 << 20)
            out.flush()
            os.fsync(out.fileno())
            os.fchmod(out.fileno(), 0o444)
            os.replace(temporary, stored)  # still locked: a sweeper never sees an unlocked, unrenamed copy
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def remove_stale_temporaries(folder: Path, now: float | None = None) -> list[Path]:
    """Remove the temporaries of dead writers from ``folder``: ``.landing-*.tmp`` and legacy ``*.partial``
    files that no process holds locked and that nobody wrote to for ``STALE_SECONDS`` (the grace covers the
    moment between a writer creating its file and locking it). Looked at once per ``STALE_SECONDS`` per folder
    and process, so landing many files does not list a big folder each time. The removed paths."""
    now = time.time() if now is None else now
    if now - _swept.get(folder, float("-inf")) < STALE_SECONDS:
        return []
    _swept[folder] = now
    removed = []
    for entry in os.scandir(folder):
        name = entry.name
        if (name.startswith(TEMP_PREFIX) and name.endswith(TEMP_SUFFIX)) or name.endswith(LEGACY_SUFFIX):
            if _abandoned(Path(entry.path), now):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(entry.path)
                    removed.append(Path(entry.path))
    return removed


def _abandoned(path: Path, now: float) -> bool:
    """No live writer holds ``path``: nobody holds its lock and it is older than the grace period. Opened
    read-only, which a read-only file allows to anyone who may read it."""
    try:
        with path.open("rb") as held:
            if now - os.fstat(held.fileno()).st_mtime < STALE_SECONDS:
                return False
            try:
                fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return False
            return True  # the lock goes with the file descriptor when it is closed
    except (FileNotFoundError, PermissionError):
        return False


def already_loaded(conn: psycopg.Connection, file_id: int) -> bool:
    """The same content was loaded before: a re-run of it changes nothing."""
    return conn.execute(sql("audit/already_loaded"), {"file_id": file_id}).fetchone() is not None
