"""The delivery log records what each e-mail was for: the report, the request for the fill-in workbook, or the
reminder to submit it; each is sent once per unit and period."""
from etl.migrate import run_sql_file

revision = "0017"
down_revision = "0016"


def upgrade() -> None:
    run_sql_file("0017_delivery_purpose.sql")
