"""Comments on every schema, on every table and on every dw column: the analysts' documentation."""
from etl.migrate import run_sql_file

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    run_sql_file("0002_document_dw.sql")
