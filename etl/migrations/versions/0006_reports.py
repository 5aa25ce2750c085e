"""Report marts at the grain of a unit and everything under it, the CCHC summary, the delivery log."""
from etl.migrate import run_sql_file

revision = "0006"
down_revision = "0005"


def upgrade() -> None:
    run_sql_file("0006_reports.sql")
