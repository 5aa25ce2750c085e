"""dw.fact_dossier partitioned by year of receipt; its natural key ma_ho_so kept unique by dw.fact_dossier_key,
which gives each dossier code its dossier_key once; an existing warehouse's rows are moved."""
from etl.migrate import run_sql_file

revision = "0020"
down_revision = "0019"


def upgrade() -> None:
    run_sql_file("0020_partitioned_fact_dossier.sql")
