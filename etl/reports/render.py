"""Render every file of one report: Word, PDF, HTML and the Biểu 06 workbook, from one ``ReportData``."""
from __future__ import annotations

import re
from pathlib import Path

from etl.reports.bieu06_xlsx import write_bieu06_xlsx
from etl.reports.charts import render_charts
from etl.reports.html_report import write_html
from etl.reports.model import ReportData
from etl.reports.pdf import write_pdf
from etl.reports.word import write_docx

_UNSAFE = re.compile(r"[^0-9A-Za-z._-]")


def safe_part(text: str) -> str:
    """A file-name part: ':' and every character outside [0-9A-Za-z._-] become '-'."""
    return _UNSAFE.sub("-", text).strip(".") or "-"


def file_names(data: ReportData) -> tuple[str, str, str, str]:
    """bao-cao-cchc_<unit>_<period>.docx|.pdf|.html and bieu-06_<unit>_<period>.xlsx."""
    stem = f"{safe_part(data.unit.code)}_{safe_part(data.period.code)}"
    return (f"bao-cao-cchc_{stem}.docx", f"bao-cao-cchc_{stem}.pdf", f"bao-cao-cchc_{stem}.html",
            f"bieu-06_{stem}.xlsx")


def render_all(data: ReportData, out_dir: Path | str) -> list[Path]:
    """Writes the four files of ``data`` into ``out_dir`` (created if needed); returns them in the order
    docx, pdf, html, xlsx. The charts are drawn once and shared."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    docx, pdf, html, xlsx = (out / name for name in file_names(data))
    charts = render_charts(data)
    return [write_docx(data, docx, charts), write_pdf(data, pdf, charts), write_html(data, html, charts),
            write_bieu06_xlsx(data, xlsx)]
