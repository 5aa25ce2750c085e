"""The landing zone: every file pulled is stored once, read-only, under its content hash."""
from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import psycopg
from psycopg.rows import dict_row

from etl.db import sql
from etl.files import safe_name, sha256_of


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

    ``metadata`` is only called for content not seen before.
    """
    sha = sha256_of(path)
    with conn.cursor(row_factory=dict_row) as cur:
        known = cur.execute(sql("audit/landed_file_by_hash"), {"sha256": sha}).fetchone()
    if known:
        return LandedFile(known["file_id"], sha, Path(known["stored_path"]), known["original_name"],
                          known["source"], known["format"])
    stored = landing_dir / safe_name(source) / f"{sha[:16]}__{safe_name(path.name)}"
    if not stored.exists():
        stored.parent.mkdir(parents=True, exist_ok=True)
        partial = stored.with_name(stored.name + ".partial")
        shutil.copyfile(path, partial)
        os.chmod(partial, 0o444)
        partial.replace(stored)
    with conn.cursor(row_factory=dict_row) as cur:
        cur.execute(sql("audit/register_landed_file"), {
            "sha256": sha, "source": source, "format": fmt, "original_name": path.name,
            "stored_path": str(stored), "size_bytes": path.stat().st_size,
            "metadata": psycopg.types.json.Jsonb(metadata()),
        })
        row = cur.fetchone()
    return LandedFile(row["file_id"], sha, Path(row["stored_path"]), row["original_name"], row["source"], row["format"])


def already_loaded(conn: psycopg.Connection, file_id: int) -> bool:
    """The same content was loaded before: a re-run of it changes nothing."""
    return conn.execute(sql("audit/already_loaded"), {"file_id": file_id}).fetchone() is not None
