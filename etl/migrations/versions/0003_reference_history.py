"""Reference data with history: versioned units and procedures, unit lineage, restatement view."""
from etl.migrate import run_sql_file

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    run_sql_file("0003_reference_history.sql")
