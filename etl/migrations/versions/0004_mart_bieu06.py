"""Report marts: schema mart, readable by analysts, and mart.bieu06 (Biểu số 06/VPCP/KSTT) with its identities."""
from etl.migrate import run_sql_file

revision = "0004"
down_revision = "0003"


def upgrade() -> None:
    run_sql_file("0004_mart_bieu06.sql")
