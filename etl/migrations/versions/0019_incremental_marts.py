"""Marts kept up to date incrementally: the old state of every changed dossier is logged by a trigger, and
mart.refreshed_period says which periods each mart holds and which changes they have taken in."""
from etl.migrate import run_sql_file

revision = "0019"
down_revision = "0018"


def upgrade() -> None:
    run_sql_file("0019_incremental_marts.sql")
