"""One language and one convention per layer: dw and the grain columns of mart in English (dossier_code,
procedure_code, field_code...), mart figures keep their Vietnamese figure names; comments follow."""
from etl.migrate import run_sql_file

revision = "0021"
down_revision = "0020"


def upgrade() -> None:
    run_sql_file("0021_one_language_per_layer.sql")
