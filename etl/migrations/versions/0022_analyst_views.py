"""The analyst layer: flat views per fact (mart.dossier_detail, mart.petition_detail, mart.rating_detail),
the unit chain (mart.unit_chain), and foreign keys from the facts to the dimensions for BI tools."""
from etl.migrate import run_sql_file

revision = "0022"
down_revision = "0021"


def upgrade() -> None:
    run_sql_file("0022_analyst_views.sql")
