"""The CCHC report as one self-contained HTML page (inline CSS and SVG charts, no external URL), with the
same content as the Word version; ``etl.reports.pdf`` prints this page to PDF.

Fonts: the official typeface is Times New Roman (NĐ 30/2020). The report ships Liberation Serif 2.1.5
(metric-compatible with Times, every Vietnamese letter; ``etl/reports/fonts/``, SIL OFL 1.1) and uses it two ways:

* ``fonts="embedded"`` (the .html file that is e-mailed): font-family "Times New Roman" first (Windows and
  iOS readers have it), then "Liberation Serif" as @font-face rules whose fonts are data: URIs of subsets holding
  only the characters of the page (fontTools; WOFF2 when brotli is importable, else WOFF), so a phone without
  Times shows the same letters and the page still loads nothing from outside;
* ``fonts="files"`` (the page printed to PDF): "Liberation Serif" only, from file URLs of the shipped TTFs;
  ``etl.reports.pdf`` checks after rendering that the PDF embeds nothing else.

Both raise ``ReportFontError`` when a font file is missing: a report never falls back to another typeface.
"""
from __future__ import annotations

import base64
import importlib.util
import io
import re
import string
from functools import lru_cache
from html import unescape
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from etl.reports import sections, wording
from etl.reports.blocks import Block
from etl.reports.charts import Chart, render_charts
from etl.reports.model import ReportData

TEMPLATES = Path(__file__).parent / "templates"
FONTS = Path(__file__).parent / "fonts"  # the shipped Liberation Serif files (README.md, OFL.txt)
FONT_FAMILY = "Liberation Serif"
# (CSS font-weight, font-style) -> file name in FONTS
FONT_FACES = {("400", "normal"): "LiberationSerif-Regular.ttf", ("700", "normal"): "LiberationSerif-Bold.ttf",
              ("400", "italic"): "LiberationSerif-Italic.ttf", ("700", "italic"): "LiberationSerif-BoldItalic.ttf"}
HTML_FONT_STACK = f'"Times New Roman", "{FONT_FAMILY}", serif'
PDF_FONT_STACK = f'"{FONT_FAMILY}"'
# name table entries kept in a subset: copyright, family, style, ids, version, PostScript name, licence
_KEPT_NAMES = [0, 1, 2, 3, 4, 5, 6, 13, 14]


class ReportFontError(RuntimeError):
    """The report typeface is missing, or a rendered file uses another one (message in Vietnamese)."""


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True)


def font_files() -> dict[tuple[str, str], Path]:
    """The four Liberation Serif faces by (weight, style); ``ReportFontError`` when one is missing."""
    paths = {face: FONTS / name for face, name in FONT_FACES.items()}
    missing = sorted(path.name for path in paths.values() if not path.is_file())
    if missing:
        raise ReportFontError(
            f"Không tìm thấy phông chữ {FONT_FAMILY} của báo cáo trong thư mục {FONTS}: thiếu "
            f"{', '.join(missing)}. Báo cáo không được in bằng phông chữ khác; cài lại gói (etl/reports/fonts/).")
    return paths


def _face_rule(weight: str, style: str, src: str) -> str:
    return (f'@font-face {{ font-family: "{FONT_FAMILY}"; font-weight: {weight}; font-style: {style}; '
            f"src: {src}; }}")


def _family_rules(stack: str) -> str:
    """font-family of the whole page, and of the page-number box of the printed page."""
    return f"html {{ font-family: {stack}; }}\n@page {{ @top-center {{ font-family: {stack}; }} }}"


def page_characters(html: str) -> str:
    """The characters a reader sees in the page's serif text: the text outside tags, <style> and the charts'
    <svg> (drawn in DejaVu Sans), plus the digits (page numbers); sorted, without control characters."""
    text = re.sub(r"<(style|svg)\b.*?</\1\s*>", " ", html, flags=re.S | re.I)
    chars = set(unescape(re.sub(r"<[^>]*>", " ", text))) | set(string.digits)
    return "".join(sorted(c for c in chars if c.isprintable()))


def _font_format() -> str:
    return "woff2" if importlib.util.find_spec("brotli") else "woff"


@lru_cache(maxsize=32)
def _subset_data_uri(path: Path, characters: str, flavor: str) -> str:
    """A data: URI of the subset of the font at ``path`` with only ``characters`` (unhinted, kerning and
    the copyright and licence names kept)."""
    from fontTools import subset  # only when an HTML page is written
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.flavor = flavor
    options.hinting = False
    options.name_IDs = _KEPT_NAMES
    options.drop_tables = [*options.drop_tables, "FFTM"]
    font = TTFont(path, lazy=True)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in characters])
    subsetter.subset(font)
    font.flavor = flavor
    buffer = io.BytesIO()
    font.save(buffer)
    return f"data:font/{flavor};base64,{base64.b64encode(buffer.getvalue()).decode()}"


def font_css(fonts: str, characters: str = "") -> Markup:
    """The @font-face rules and the font-family of the page: ``fonts="embedded"`` (subsets of ``characters``
    as data: URIs, after "Times New Roman") or ``"files"`` (file URLs of the TTFs, Liberation Serif only)."""
    paths = font_files()
    if fonts == "files":
        faces = [_face_rule(w, s, f'url("{path.resolve().as_uri()}") format("truetype")')
                 for (w, s), path in paths.items()]
        return Markup("\n".join([*faces, _family_rules(PDF_FONT_STACK)]))
    if fonts != "embedded":
        raise ValueError(f"fonts must be 'embedded' or 'files', not {fonts!r}")
    flavor = _font_format()
    faces = [_face_rule(w, s, f'url({_subset_data_uri(path, characters, flavor)}) format("{flavor}")')
             for (w, s), path in paths.items()]
    return Markup("\n".join([*faces, _family_rules(HTML_FONT_STACK)]))


def _chart_markup(chart: Chart, images: str) -> Markup:
    """Inline SVG (our own matplotlib output), or for ``images="png"`` a PNG data URI: WeasyPrint draws
    SVG charts node by node, which costs about a second per report."""
    if images == "png":
        return Markup('<img alt="" src="data:image/png;base64,{}">').format(base64.b64encode(chart.png).decode())
    return Markup(chart.svg)


def numbered_notes(blocks: list[Block]) -> tuple[dict[int, list[tuple[str, int | None, str | None]]],
                                                 dict[int, list[tuple[int, str]]]]:
    """The footnotes of the body numbered 1, 2, … in order: for each block citing documents (by index) its pieces
    (text, number, note), and the notes (number, text) to list after the last block of each part I, II, …"""
    pieces: dict[int, list[tuple[str, int | None, str | None]]] = {}
    after: dict[int, list[tuple[int, str]]] = {}
    pending: list[tuple[int, str]] = []
    number = 0
    for index, block in enumerate(blocks):
        if block.kind == "h1" and pending:
            after[index - 1], pending = pending, []
        if block.segments:
            pieces[index] = []
            for text, note in block.segments:
                if note:
                    number += 1
                    pending.append((number, note))
                pieces[index].append((text, number if note else None, note))
    if pending:
        after[len(blocks) - 1] = pending
    return pieces, after


def render_html(data: ReportData, charts: dict[str, Chart] | None = None, images: str = "svg",
                fonts: str = "embedded", notes: str = "section") -> str:
    """The HTML text of the report; ``charts`` avoids drawing them again; ``images``: "svg" or "png";
    ``fonts``: "embedded" (the self-contained page) or "files" (the page printed to PDF), see the module;
    ``notes``: the footnotes citing documents as numbered lists at the end of each part I, II, … ("section", for
    a screen) or at the foot of the printed page ("page", CSS ``float: footnote``, for the PDF)."""
    if notes not in ("section", "page"):
        raise ValueError(f"notes must be 'section' or 'page', not {notes!r}")
    font_files()  # no font, no report: fail before drawing anything
    charts = charts if charts is not None else render_charts(data)
    template = _environment().get_template("report.html")
    blocks = wording.body(data)
    cited, notes_after = numbered_notes(blocks)
    values = dict(
        data=data,
        head=wording.header(data),
        quoc_hieu=wording.QUOC_HIEU,
        tieu_ngu=wording.TIEU_NGU,
        blocks=blocks,
        cited=cited,
        notes_after=notes_after,
        page_notes=notes == "page",
        charts={name: _chart_markup(chart, images) for name, chart in charts.items()},
        kpi_header=wording.KPI_HEADER,
        kpi_rows=wording.indicator_rows(data),
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
        bieu06_units=wording.bieu06_units(data),
        bieu06_note=wording.bieu06_note(data),
        bieu06_annex=sections.annex_names(data)[0].upper(),
        annex_heading=sections.annex_heading(data, wording.committee(data)),
        annex_blocks=sections.annex_blocks(data),
        missing_title=sections.MISSING_TITLE,
        missing_blocks=sections.missing_blocks(data),
    )
    if fonts == "files":
        return template.render(font_css=font_css("files"), **values)
    # the page once without fonts, to know its characters (rendering the template costs about a millisecond)
    characters = page_characters(template.render(font_css=Markup(""), **values))
    return template.render(font_css=font_css(fonts, characters), **values)


def write_html(data: ReportData, path: Path | str, charts: dict[str, Chart] | None = None) -> Path:
    """Writes the report of ``data`` to ``path`` (.html, UTF-8) and returns the path."""
    Path(path).write_text(render_html(data, charts), encoding="utf-8")
    return Path(path)
