"""Connections to the warehouse and the SQL files that run on it.

SQL lives in ``sql/`` as files with bound parameters (``%(name)s``); Python never builds SQL text. A file is
named by its path under ``sql/`` without ``.sql`` (``"audit/start_load"``) or given as a ``Path``.
"""
from __future__ import annotations

from functools import cache
from pathlib import Path

import psycopg

from etl.config import REPO_ROOT, settings

SQL_DIR = REPO_ROOT / "sql"


@cache
def sql(name: str | Path) -> str:
    """The text of ``sql/<name>.sql`` (or of the file ``name`` when it is a Path)."""
    path = name if isinstance(name, Path) else SQL_DIR / f"{name}.sql"
    return path.read_text(encoding="utf-8")


def statements(name: str | Path) -> list[str]:
    """The statements of ``sql/<name>.sql`` in order (files with parameters run one statement at a time)."""
    text = "\n".join(line for line in sql(name).splitlines() if not line.lstrip().startswith("--"))
    return [s.strip() for s in text.split(";\n") if s.strip()]


def run(conn: psycopg.Connection, name: str | Path, params: dict | None = None) -> psycopg.Cursor:
    """Run every statement of ``sql/<name>.sql``; the cursor of the last one."""
    cursor = None
    for statement in statements(name):
        cursor = conn.execute(statement, params)
    return cursor


def warehouse_url() -> str:
    """WAREHOUSE_URL, or the URL of the embedded server (started on first use)."""
    configured = settings().warehouse_url
    if configured:
        return configured
    from etl.embedded import embedded_url

    return embedded_url(settings().embedded_pgdata)


def connect(url: str | None = None, **kwargs) -> psycopg.Connection:
    return psycopg.connect(to_libpq(url or warehouse_url()), **kwargs)


def to_libpq(url: str) -> str:
    """Accept SQLAlchemy-style URLs (postgresql+psycopg://) as well as plain libpq ones."""
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def to_sqlalchemy(url: str) -> str:
    return to_libpq(url).replace("postgresql://", "postgresql+psycopg://", 1)
