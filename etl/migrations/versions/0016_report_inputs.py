"""What units state in the fill-in workbook of their CCHC report, with the documents, inspections and
initiatives they list; a later workbook replaces the earlier one, both kept."""
from etl.migrate import run_sql_file

revision = "0016"
down_revision = "0015"


def upgrade() -> None:
    run_sql_file("0016_report_inputs.sql")
