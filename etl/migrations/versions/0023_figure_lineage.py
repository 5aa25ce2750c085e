"""Figure-level lineage: set-returning functions of mart listing the dossiers (and PAKN) behind every figure a
report prints, one per figure group, callable by the analyst role."""
from etl.migrate import run_sql_file

revision = "0023"
down_revision = "0022"


def upgrade() -> None:
    run_sql_file("0023_figure_lineage.sql")
