"""The recipes several kinds share: inferred units, and reference data applied as versions."""
from etl.migrate import run_sql_file

revision = "0011"
down_revision = "0010"


def upgrade() -> None:
    run_sql_file("0011_load_recipes.sql")
