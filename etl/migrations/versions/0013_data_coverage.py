"""From which day the warehouse holds complete dossier data of each unit of each source (audit.data_coverage)."""
from etl.migrate import run_sql_file

revision = "0013"
down_revision = "0012"


def upgrade() -> None:
    run_sql_file("0013_data_coverage.sql")
