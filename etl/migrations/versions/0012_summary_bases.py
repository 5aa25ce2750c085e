"""The report summary says what its bases hold: withdrawn/stopped dossiers inside "resolved", shares within
their base."""
from etl.migrate import run_sql_file

revision = "0012"
down_revision = "0011"


def upgrade() -> None:
    run_sql_file("0012_summary_bases.sql")
