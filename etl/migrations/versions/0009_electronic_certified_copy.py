"""QĐ 766 ELECTRONIC_CERTIFIED_COPY computed from the dossiers of procedure 2.002165."""
from etl.migrate import run_sql_file

revision = "0009"
down_revision = "0008"


def upgrade() -> None:
    run_sql_file("0009_electronic_certified_copy.sql")
