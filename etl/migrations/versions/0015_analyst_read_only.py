"""The analyst role is read-only by privileges in the warehouse database: no large objects, no temporary tables,
no CREATE; its sessions default to read-only transactions."""
from etl.migrate import run_sql_file

revision = "0015"
down_revision = "0014"


def upgrade() -> None:
    run_sql_file("0015_analyst_read_only.sql")
