"""The CCHC report as one self-contained HTML page (inline CSS and SVG charts, no external URL), with the
same content as the Word version; ``etl.reports.pdf`` prints this page to PDF."""
from __future__ import annotations

import base64
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from etl.reports import wording
from etl.reports.charts import Chart, render_charts
from etl.reports.model import ReportData

TEMPLATES = Path(__file__).parent / "templates"


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True)


def _chart_markup(chart: Chart, images: str) -> Markup:
    """Inline SVG (our own matplotlib output), or for ``images="png"`` a PNG data URI: WeasyPrint draws
    SVG charts node by node, which costs about a second per report."""
    if images == "png":
        return Markup('<img alt="" src="data:image/png;base64,{}">').format(base64.b64encode(chart.png).decode())
    return Markup(chart.svg)


def render_html(data: ReportData, charts: dict[str, Chart] | None = None, images: str = "svg") -> str:
    """The HTML text of the report; ``charts`` avoids drawing them again; ``images``: "svg" or "png"."""
    charts = charts if charts is not None else render_charts(data)
    return _environment().get_template("report.html").render(
        data=data,
        head=wording.header(data),
        quoc_hieu=wording.QUOC_HIEU,
        tieu_ngu=wording.TIEU_NGU,
        blocks=wording.body(data),
        charts={name: _chart_markup(chart, images) for name, chart in charts.items()},
        kpi_header=wording.KPI_HEADER,
        kpi_rows=wording.indicator_rows(data),
        children_header=wording.CHILDREN_HEADER,
        children_rows=wording.children_rows(data),
        recipients=wording.recipients(data),
        signature=wording.signature(data),
        committee=wording.committee(data),
        bieu06_form=wording.BIEU06_FORM,
        bieu06_title=wording.BIEU06_TITLE,
        bieu06_basis=wording.BIEU06_BASIS,
        bieu06_window=wording.bieu06_window(data.period),
        bieu06_unit=wording.BIEU06_UNIT,
        bieu06_rows=wording.bieu06_rows(data),
    )


def write_html(data: ReportData, path: Path | str, charts: dict[str, Chart] | None = None) -> Path:
    """Writes the report of ``data`` to ``path`` (.html, UTF-8) and returns the path."""
    Path(path).write_text(render_html(data, charts), encoding="utf-8")
    return Path(path)
