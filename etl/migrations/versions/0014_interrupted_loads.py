"""A load whose run died is marked interrupted (audit.file_load.status): no session holds the load lock of its file."""
from etl.migrate import run_sql_file

revision = "0014"
down_revision = "0013"


def upgrade() -> None:
    run_sql_file("0014_interrupted_loads.sql")
