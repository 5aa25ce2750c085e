"""Versioned schema migrations (Alembic), each one a SQL file in sql/migrations."""
from __future__ import annotations

from pathlib import Path

from alembic import command, op
from alembic.config import Config

from etl.db import SQL_DIR, connect, to_sqlalchemy, warehouse_url

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", to_sqlalchemy(url or warehouse_url()).replace("%", "%%"))
    return config


def upgrade(url: str | None = None, revision: str = "head") -> None:
    """Apply the migrations up to ``revision``. A warehouse that cannot be reached raises
    etl.db.WarehouseUnreachable (one line naming the URL) before Alembic starts."""
    url = url or warehouse_url()
    connect(url).close()
    command.upgrade(alembic_config(url), revision)



def run_sql_file(name: str) -> None:
    """Used by migration scripts: run sql/migrations/<name> as one script."""
    script = (SQL_DIR / "migrations" / name).read_text(encoding="utf-8")
    # straight to psycopg: a parameterless script is sent as is (no placeholder parsing of its % signs)
    op.get_bind().connection.driver_connection.execute(script)
