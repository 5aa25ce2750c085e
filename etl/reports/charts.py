"""The three report charts, drawn on matplotlib's Agg canvas directly (no screen, no pyplot, no global
backend switch).

Each chart is drawn once and returned both as SVG text (inlined in the HTML page; labels kept as text, in
DejaVu Sans or the browser's sans-serif, which is half the work of drawing every glyph as a path; ids are
content hashes, so three charts can share a page) and as PNG bytes (for Word and the PDF).

Labels are Vietnamese with vi-VN numbers ("91,2%"). The font is DejaVu Sans, the copy shipped inside matplotlib
(found before any system copy), so a chart is the same picture on every server; it has every Vietnamese letter.
The report text around the charts is Times New Roman / Liberation Serif (etl/reports/fonts/); the charts are
pictures and keep their sans-serif. Labels are never shortened with "…": long names are wrapped and the figure
is as tall as they need. The monthly chart marks the months the period covers only in part (the administrative
period runs from the 15th to the 14th) with "*" and a footnote, and its rate axis starts at 0.
"""
from __future__ import annotations

import calendar
import io
import textwrap
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from etl import vi
from etl.reports.model import PeriodInfo, ReportData
from etl.reports.wording import MISSING, NOT_ARISEN

CM = 1 / 2.54
PNG_DPI = 150
RC = {"font.family": "DejaVu Sans", "font.size": 8.5, "axes.titlesize": 10, "axes.titleweight": "bold",
      "svg.fonttype": "none", "svg.hashsalt": "cchc", "axes.spines.top": False, "axes.spines.right": False}
BLUE, LIGHT, GREY, ORANGE = "#1f4e79", "#9dc3e6", "#d9d9d9", "#c55a11"
PARTIAL_MARK = "*"
KPI_NAME_WIDTH = 46  # characters per line of an indicator name on the QĐ 766 chart


@dataclass(frozen=True)
class Chart:
    svg: str  # an <svg> element, without the XML prolog, ready to inline
    png: bytes


def _vi_axis(decimals: int = 0, suffix: str = "") -> FuncFormatter:
    return FuncFormatter(lambda value, _pos: vi.number(value, decimals) + suffix)


def _export(fig: Figure) -> Chart:
    """SVG text and PNG bytes of a figure (one layout, two encodings)."""
    FigureCanvasAgg(fig)
    with matplotlib.rc_context(RC):
        svg_buffer, png_buffer = io.StringIO(), io.BytesIO()
        fig.savefig(png_buffer, format="png", dpi=PNG_DPI)
        fig.set_layout_engine("none")  # keep the layout just computed: the SVG is the same picture
        fig.savefig(svg_buffer, format="svg", metadata={"Date": None, "Creator": None, "Format": None,
                                                         "Type": None})
    svg = svg_buffer.getvalue()
    return Chart(svg[svg.index("<svg"):], png_buffer.getvalue())


def channels(data: ReportData) -> Chart:
    """Dossiers received by channel (Biểu 06 totals): trực tiếp / BCCI / trực tuyến / kỳ trước."""
    s = data.summary
    labels = ["Trực tiếp", "Bưu chính công ích", "Trực tuyến", "Kỳ trước chuyển sang"]
    values = [s.tiep_nhan_truc_tiep, s.tiep_nhan_bcci, s.tiep_nhan_truc_tuyen, s.tiep_nhan_ky_truoc]
    total = sum(values, Decimal(0))
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(16 * CM, 6.5 * CM), layout="constrained")
        ax = fig.add_subplot()
        bars = ax.barh(labels[::-1], [float(v) for v in values[::-1]], color=[GREY, BLUE, LIGHT, ORANGE][::-1])
        for bar, value in zip(bars, values[::-1]):
            share = vi.rate(value, total)
            text = vi.count(value) + ("" if share is None else f" ({vi.percent(share)})")
            ax.annotate(text, (bar.get_width(), bar.get_y() + bar.get_height() / 2), xytext=(3, 0),
                        textcoords="offset points", va="center")
        ax.xaxis.set_major_formatter(_vi_axis())
        ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=6))
        ax.set_xlim(0, max(float(total), 1) * 1.25)
        ax.set_title(f"Hồ sơ tiếp nhận theo kênh (tổng số {vi.count(total)} hồ sơ)")
        ax.set_xlabel("Số hồ sơ")
    return _export(fig)


def month_days(month: date, period: PeriodInfo) -> tuple[int, int] | None:
    """The first and last day of ``month`` inside ``period`` when the period covers the month only in part
    (its first month, from the 15th, and its last, to the 14th), else None."""
    last = date(month.year, month.month, calendar.monthrange(month.year, month.month)[1])
    first_day, last_day = max(month, period.first_day), min(last, period.last_day)
    return None if (first_day, last_day) == (month, last) else (first_day.day, last_day.day)


def month_labels(data: ReportData) -> tuple[list[str], str | None]:
    """Axis labels "12/2023*" (a partial month marked) and the footnote that explains the marks, e.g.
    "* Tháng không trọn kỳ báo cáo: 12/2023 từ ngày 15/12/2023; 12/2024 đến ngày 14/12/2024."."""
    labels, notes = [], []
    for point in data.monthly:
        days = month_days(point.month, data.period)
        label = f"{point.month:%m/%Y}"
        if days is None:
            labels.append(label)
            continue
        labels.append(label + PARTIAL_MARK)
        first, last = (point.month.replace(day=d) for d in days)
        span = ([f"từ ngày {vi.day(first)}"] if days[0] > 1 else []) + \
            ([f"đến ngày {vi.day(last)}"] if days[1] < calendar.monthrange(last.year, last.month)[1] else [])
        notes.append(f"{label} {' '.join(span)}")
    note = f"{PARTIAL_MARK} Tháng không trọn kỳ báo cáo: {'; '.join(notes)}." if notes else None
    return labels, note


def monthly(data: ReportData) -> Chart:
    """Resolved dossiers per month (bars, right axis) and the on-time rate (line, left axis from 0%, values
    labelled "99,3%"); months the period covers only in part are marked "*" and explained under the chart."""
    months, note = month_labels(data)
    rates = [m.on_time_rate for m in data.monthly]
    resolved = [float(m.resolved) for m in data.monthly]
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(16 * CM, (8 if note else 7.5) * CM), layout="constrained")
        ax = fig.add_subplot()
        counts = ax.twinx()
        counts.bar(months, resolved, color=GREY, label="Hồ sơ đã giải quyết")
        counts.yaxis.set_major_formatter(_vi_axis())
        counts.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=5))
        counts.set_ylim(0, max(resolved, default=0) * 1.6 or 1)  # the bars stay below the rate line
        counts.set_ylabel("Số hồ sơ đã giải quyết")
        counts.spines["right"].set_visible(True)
        ax.set_zorder(counts.get_zorder() + 1)
        ax.patch.set_visible(False)
        ax.plot(months, [float("nan") if r is None else float(r) for r in rates], color=BLUE, marker="o",
                label="Tỷ lệ trước hạn, đúng hạn")
        for x, r in zip(months, rates):
            if r is None:
                ax.annotate(NOT_ARISEN, (x, 0), xytext=(0, 4), textcoords="offset points", ha="center",
                            fontsize=6.5, rotation=90, va="bottom")
            else:
                ax.annotate(vi.percent(r, 1), (x, float(r)), xytext=(0, 6), textcoords="offset points",
                            ha="center", fontsize=6.5)
        ax.set_ylim(0, 118)  # from 0: the rate is not exaggerated; room for the labels above 100%
        ax.set_yticks(range(0, 101, 20))
        ax.yaxis.set_major_formatter(_vi_axis(0, "%"))
        ax.set_ylabel("Tỷ lệ (%)")
        for label in ax.get_xticklabels():
            label.set(rotation=45, ha="right", rotation_mode="anchor")
        ax.set_title("Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn theo tháng")
        handles = ax.get_legend_handles_labels()[0] + counts.get_legend_handles_labels()[0]
        fig.legend(handles, [h.get_label() for h in handles], loc="outside lower center", ncols=2, fontsize=7,
                   frameon=False)
        if note:  # the x-axis label, under the months (the layout keeps room for it above the legend)
            ax.set_xlabel(note, fontsize=6.5, style="italic", labelpad=4)
    return _export(fig)


def kpi766(data: ReportData) -> Chart:
    """QĐ 766 scores against their maxima; indicators without data are labelled, never drawn as 0."""
    shown = [i for i in data.indicators if i.max_score > 0]
    wrapped = [textwrap.wrap(i.name, KPI_NAME_WIDTH) or [""] for i in shown][::-1]
    names = ["\n".join(lines) for lines in wrapped]  # whole names, wrapped: never cut with "…"
    row = max(0.55, 0.34 * max((len(lines) for lines in wrapped), default=1) + 0.15)  # cm per indicator
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(16 * CM, (2.5 + row * len(shown)) * CM), layout="constrained")
        ax = fig.add_subplot()
        rows = range(len(shown))  # positions, not names: two indicators of the same name stay two bars
        ax.barh(rows, [float(i.max_score) for i in shown[::-1]], color="white", edgecolor=GREY, hatch="///",
                label="Điểm tối đa")
        scores = [float(i.score) if i.status == "tinh_duoc" and i.score is not None else 0.0 for i in shown[::-1]]
        ax.barh(rows, scores, color=BLUE, label="Điểm đạt được")
        ax.set_yticks(rows, names)
        for y, indicator in enumerate(shown[::-1]):
            if indicator.status == "thieu_du_lieu":
                text, color = MISSING, ORANGE
            elif indicator.score is None:
                text, color = NOT_ARISEN, ORANGE
            else:
                text, color = f"{vi.count(indicator.score)}/{vi.count(indicator.max_score)}", "black"
            ax.annotate(text, (float(indicator.max_score), y), xytext=(3, 0), textcoords="offset points",
                        va="center", fontsize=7, color=color)
        ax.set_xlim(0, max((float(i.max_score) for i in shown), default=1) * 1.45)
        ax.xaxis.set_major_formatter(_vi_axis())
        ax.tick_params(axis="y", labelsize=7)
        ax.set_xlabel("Điểm")
        fig.suptitle("Điểm các chỉ số QĐ 766 so với điểm tối đa", fontsize=10, fontweight="bold")
        ax.legend(loc="lower right", fontsize=7, frameon=False)
    return _export(fig)


def render_charts(data: ReportData) -> dict[str, Chart]:
    """All three charts, keyed as the report blocks name them."""
    return {"channels": channels(data), "monthly": monthly(data), "kpi766": kpi766(data)}
