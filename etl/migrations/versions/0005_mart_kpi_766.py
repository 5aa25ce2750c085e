"""QĐ 766 indicators per unit and calendar period, with the weighting as data."""
from etl.migrate import run_sql_file

revision = "0005"
down_revision = "0004"


def upgrade() -> None:
    run_sql_file("0005_mart_kpi_766.sql")
