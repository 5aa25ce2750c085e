"""Render every file of one report: Word, PDF, HTML and the Biểu 06 workbook, from one ``ReportData``."""
from __future__ import annotations

from pathlib import Path

from etl.files import safe_name
from etl.reports.bieu06_xlsx import write_bieu06_xlsx
from etl.reports.charts import render_charts
from etl.reports.checks import check_report
from etl.reports.html_report import write_html
from etl.reports.model import ReportData
from etl.reports.pdf import write_pdf
from etl.reports.word import write_docx


def file_names(data: ReportData) -> tuple[str, str, str, str]:
    """bao-cao-cchc_<unit>_<period>.docx|.pdf|.html and bieu-06_<unit>_<period>.xlsx, in ASCII."""
    stem = f"{safe_name(data.unit.code, ascii=True)}_{safe_name(data.period.code, ascii=True)}"
    return (f"bao-cao-cchc_{stem}.docx", f"bao-cao-cchc_{stem}.pdf", f"bao-cao-cchc_{stem}.html",
            f"bieu-06_{stem}.xlsx")


def render_all(data: ReportData, out_dir: Path | str) -> list[Path]:
    """Writes the four files of ``data`` into ``out_dir`` (created if needed); returns them in the order
    docx, pdf, html, xlsx. The charts are drawn once and shared. A report whose figures are not consistent
    (``etl.reports.checks``) is refused before any file is written."""
    check_report(data)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    docx, pdf, html, xlsx = (out / name for name in file_names(data))
    charts = render_charts(data)
    return [write_docx(data, docx, charts), write_pdf(data, pdf, charts), write_html(data, html, charts),
            write_bieu06_xlsx(data, xlsx)]
