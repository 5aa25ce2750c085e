"""Schemas, audit trail, raw/restricted layers, dw star schema, analyst role."""
from etl.migrate import run_sql_file

revision = "0001"
down_revision = None


def upgrade() -> None:
    run_sql_file("0001_initial.sql")
