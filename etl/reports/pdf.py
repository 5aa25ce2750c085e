"""The CCHC report as PDF: the HTML page of ``etl.reports.html_report`` printed by WeasyPrint (A4, NĐ 30
margins and page numbers from the page's @page rules)."""
from __future__ import annotations

from pathlib import Path

from etl.reports.charts import Chart, render_charts
from etl.reports.html_report import render_html
from etl.reports.model import ReportData


def render_pdf(html: str):
    """The laid-out WeasyPrint document of an HTML report (``.pages`` for the page count)."""
    from weasyprint import HTML  # heavy import: only when a PDF is wanted

    return HTML(string=html, base_url=None).render()


def write_pdf(data: ReportData, path: Path | str, charts: dict[str, Chart] | None = None) -> Path:
    """Writes the report of ``data`` to ``path`` (.pdf); ``charts`` avoids drawing them again.

    The page is the HTML report with the charts as PNG instead of inline SVG (same pictures, same layout),
    which keeps a report under half a second."""
    charts = charts if charts is not None else render_charts(data)
    render_pdf(render_html(data, charts, images="png")).write_pdf(str(path))
    return Path(path)
