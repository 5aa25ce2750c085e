"""The CCHC report as PDF: the HTML page of ``etl.reports.html_report`` printed by WeasyPrint (A4, NĐ 30
margins and page numbers from the page's @page rules).

The PDF is set in Liberation Serif only, from the files shipped in ``etl/reports/fonts/`` (``fonts="files"`` of
``render_html``; the URL fetcher serves those files and data: URIs, nothing else). WeasyPrint would quietly take
another installed font for a face it cannot load or a letter the font lacks, so ``write_pdf`` reads the fonts the
written PDF embeds and raises ``ReportFontError`` if any is not Liberation Serif; no such file is written."""
from __future__ import annotations

import re
import zlib
from pathlib import Path

from etl.reports.charts import Chart, render_charts
from etl.reports.html_report import FONT_FAMILY, ReportFontError, font_files, render_html
from etl.reports.model import ReportData

# The names WeasyPrint gives the embedded faces of the family: subset tag + family + style,
# e.g. "KTGASA+Liberation-Serif-Bold" (the PostScript style "LiberationSerif-BoldItalic" is accepted too).
ALLOWED_FONT = re.compile(r"[A-Z]{6}\+Liberation-?Serif(-Regular|-Bold|-Italic|-Bold-?Italic)?")
_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)
_FONT_NAME = re.compile(rb"/(?:BaseFont|FontName)\s*/([^\s/<>\[\]()%{}]+)")
_TYPE3 = re.compile(rb"/Subtype\s*/Type3\b")


def _fetcher():
    """WeasyPrint's URL fetcher limited to data: URIs and the shipped font files."""
    from weasyprint.urls import URLFetcher

    allowed = {path.resolve().as_uri() for path in font_files().values()}

    class ReportFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:") or url in allowed:
                return super().fetch(url, headers)
            raise ValueError(f"the report PDF loads no resource but its fonts and data: URIs, not {url}")

    return ReportFetcher()


def render_pdf(html: str):
    """The laid-out WeasyPrint document of an HTML report (``.pages`` for the page count)."""
    from weasyprint import HTML  # heavy import: only when a PDF is wanted

    return HTML(string=html, base_url=None, url_fetcher=_fetcher()).render()


def _name(raw: bytes) -> str:
    """A PDF name object's text (#xx escapes decoded)."""
    return re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw).decode("latin-1")


def embedded_fonts(content: bytes) -> set[str]:
    """The /BaseFont and /FontName of every font of a PDF (WeasyPrint keeps most dictionaries in compressed
    object streams: each Flate stream is inflated and read too); "Type3" stands for a Type 3 font."""
    chunks = [content]
    for match in _STREAM.finditer(content):
        try:
            chunks.append(zlib.decompressobj().decompress(match.group(1)))
        except zlib.error:
            continue  # not a Flate stream
    names = {_name(raw) for chunk in chunks for raw in _FONT_NAME.findall(chunk)}
    return names | ({"Type3"} if any(_TYPE3.search(chunk) for chunk in chunks) else set())


def check_fonts(content: bytes) -> set[str]:
    """The fonts of a rendered PDF; ``ReportFontError`` when one is not of the Liberation Serif family, or
    when there is none at all."""
    names = embedded_fonts(content)
    foreign = sorted(name for name in names if not ALLOWED_FONT.fullmatch(name))
    if foreign:
        raise ReportFontError(f"PDF dùng phông chữ ngoài {FONT_FAMILY}: {', '.join(foreign)}. Một chữ hoặc một "
                              f"kiểu chữ không in được bằng {FONT_FAMILY} (etl/reports/fonts/); báo cáo không được "
                              f"ghi.")
    if not names:
        raise ReportFontError(f"PDF không nhúng phông chữ {FONT_FAMILY}; báo cáo không được ghi.")
    return names


def write_pdf(data: ReportData, path: Path | str, charts: dict[str, Chart] | None = None) -> Path:
    """Writes the report of ``data`` to ``path`` (.pdf); ``charts`` avoids drawing them again.

    The page is the HTML report with the charts as PNG instead of inline SVG (same pictures, same layout),
    which keeps a report under half a second, and the footnotes at the foot of their page as in the Word file.
    Raises ``ReportFontError`` (and writes nothing) when the fonts are missing or the PDF would embed a font other
    than Liberation Serif."""
    font_files()  # no font, no report: fail before drawing anything
    charts = charts if charts is not None else render_charts(data)
    content = render_pdf(render_html(data, charts, images="png", fonts="files", notes="page")).write_pdf()
    check_fonts(content)
    Path(path).write_bytes(content)
    return Path(path)
