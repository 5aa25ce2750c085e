"""The three report charts, drawn on matplotlib's Agg canvas directly (no screen, no pyplot, no global
backend switch).

Each chart is drawn once and returned both as SVG text (inlined in the HTML page; labels kept as text, in
DejaVu Sans or the browser's sans-serif, which is half the work of drawing every glyph as a path; ids are
content hashes, so three charts can share a page) and as PNG bytes
(for Word and the PDF). Labels are Vietnamese with vi-VN numbers; the font is DejaVu Sans, which has every
Vietnamese glyph (Times New Roman is not installed on the servers).
"""
from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass
from decimal import Decimal

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from etl import vi
from etl.reports.model import ReportData
from etl.reports.wording import MISSING, NOT_ARISEN

CM = 1 / 2.54
PNG_DPI = 150
RC = {"font.family": "DejaVu Sans", "font.size": 8.5, "axes.titlesize": 10, "axes.titleweight": "bold",
      "svg.fonttype": "none", "svg.hashsalt": "cchc", "axes.spines.top": False, "axes.spines.right": False}
BLUE, LIGHT, GREY, ORANGE = "#1f4e79", "#9dc3e6", "#d9d9d9", "#c55a11"


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


def monthly(data: ReportData) -> Chart:
    """Resolved dossiers per month (bars, right axis) and the on-time rate (line, left axis)."""
    months = [f"{m.month:%m/%Y}" for m in data.monthly]
    rates = [m.on_time_rate for m in data.monthly]
    known = [float(r) for r in rates if r is not None]
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(16 * CM, 7.5 * CM), layout="constrained")
        ax = fig.add_subplot()
        counts = ax.twinx()
        counts.bar(months, [float(m.resolved) for m in data.monthly], color=GREY, label="Hồ sơ đã giải quyết")
        counts.yaxis.set_major_formatter(_vi_axis())
        counts.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=5))
        counts.set_ylabel("Số hồ sơ đã giải quyết")
        counts.spines["right"].set_visible(True)
        ax.set_zorder(counts.get_zorder() + 1)
        ax.patch.set_visible(False)
        ax.plot(months, [float("nan") if r is None else float(r) for r in rates], color=BLUE, marker="o",
                label="Tỷ lệ trước hạn, đúng hạn")
        low = max(0.0, min(known, default=0) - 10)
        for x, r in zip(months, rates):
            if r is None:
                ax.annotate(NOT_ARISEN, (x, low), xytext=(0, 4), textcoords="offset points", ha="center",
                            fontsize=6.5, rotation=90, va="bottom")
            else:
                ax.annotate(vi.number(r, 2), (x, float(r)), xytext=(0, 6), textcoords="offset points",
                            ha="center", fontsize=7)
        ax.set_ylim(low, 106)
        ax.set_yticks([t for t in MaxNLocator(nbins=6, integer=True).tick_values(low, 100) if low <= t <= 100])
        ax.yaxis.set_major_formatter(_vi_axis(0, "%"))
        ax.set_ylabel("Tỷ lệ (%)")
        for label in ax.get_xticklabels():
            label.set(rotation=45, ha="right", rotation_mode="anchor")
        ax.set_title("Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn theo tháng")
        handles = ax.get_legend_handles_labels()[0] + counts.get_legend_handles_labels()[0]
        fig.legend(handles, [h.get_label() for h in handles], loc="outside lower center", ncols=2, fontsize=7,
                   frameon=False)
    return _export(fig)


def kpi766(data: ReportData) -> Chart:
    """QĐ 766 scores against their maxima; indicators without data are labelled, never drawn as 0."""
    shown = [i for i in data.indicators if i.max_score > 0]
    names = [textwrap.shorten(i.name, 60, placeholder="…") for i in shown][::-1]
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(16 * CM, (2.5 + 0.55 * len(shown)) * CM), layout="constrained")
        ax = fig.add_subplot()
        ax.barh(names, [float(i.max_score) for i in shown[::-1]], color="white", edgecolor=GREY, hatch="///",
                label="Điểm tối đa")
        scores = [float(i.score) if i.status == "tinh_duoc" and i.score is not None else 0.0 for i in shown[::-1]]
        ax.barh(names, scores, color=BLUE, label="Điểm đạt được")
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
