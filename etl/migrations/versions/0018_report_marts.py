"""Reports read every figure from marts: the counts of a period's dossiers per unit version and procedure
(mart.dossier_counts) and per month (mart.dossier_month), from which the summary, the QĐ 766 indicators, the
monthly trend and the data notes are summed."""
from etl.migrate import run_sql_file

revision = "0018"
down_revision = "0017"


def upgrade() -> None:
    run_sql_file("0018_report_marts.sql")
