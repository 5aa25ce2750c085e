"""Feedback and satisfaction: PAKN (dw.fact_petition) and dossier ratings (dw.fact_dossier_rating), QĐ 766 group 5."""
from etl.migrate import run_sql_file

revision = "0008"
down_revision = "0007"


def upgrade() -> None:
    run_sql_file("0008_feedback.sql")
