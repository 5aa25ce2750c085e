"""Watermarks of the incremental pulls from provincial HTTP APIs."""
from etl.migrate import run_sql_file

revision = "0007"
down_revision = "0006"


def upgrade() -> None:
    run_sql_file("0007_api_watermark.sql")
