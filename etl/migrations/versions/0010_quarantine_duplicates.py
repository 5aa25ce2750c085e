"""One function moves the rows of a staged file that repeat a key to quarantine, for every kind."""
from etl.migrate import run_sql_file

revision = "0010"
down_revision = "0009"


def upgrade() -> None:
    run_sql_file("0010_quarantine_duplicates.sql")
