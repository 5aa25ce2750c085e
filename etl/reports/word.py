"""The CCHC report as a Word document, laid out per Nghị định 30/2020/NĐ-CP, Phụ lục I.

A4 portrait, margins 20/20/30/15 mm (top/bottom/left/right), Times New Roman everywhere (ASCII, high-ANSI,
East Asian and complex-script slots, theme fonts removed so Word does not substitute), body 14 pt justified
with a 1 cm first-line indent; a borderless two-column header (issuer | Quốc hiệu, Tiêu ngữ) with drawn
short lines; page numbers centred in the top margin from page 2; "Nơi nhận" and the signature block side by
side. Documents cited are real footnotes (``etl.reports.docx_footnotes``). Biểu 06 is an appendix in a landscape
section after the signature; a roll-up's annex of its units' narratives and the page listing the inputs not given
follow in portrait sections.
"""
from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from etl.reports import sections, wording
from etl.reports.blocks import Block
from etl.reports.charts import Chart, render_charts
from etl.reports.docx_footnotes import Footnotes
from etl.reports.model import ReportData

FONT = "Times New Roman"
BODY_PT = 14
PAGE = {"width": 210, "height": 297, "top": 20, "bottom": 20, "left": 30, "right": 15}  # mm
TEXT_WIDTH = PAGE["width"] - PAGE["left"] - PAGE["right"]  # 165 mm
_FONT_SLOTS = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")
_THEME_SLOTS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
# w:pPr children that follow w:pBdr in the schema sequence
_AFTER_PBDR = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
               "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
               "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
               "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle",
               "w:rPr", "w:sectPr", "w:pPrChange")


# --- fonts and paragraphs ----------------------------------------------------------------------------

def _set_rfonts(rpr) -> None:
    """Times New Roman in every font slot of a w:rPr, theme fonts removed."""
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for slot in _THEME_SLOTS:
        rfonts.attrib.pop(qn(slot), None)
    for slot in _FONT_SLOTS:
        rfonts.set(qn(slot), FONT)


def _setup_styles(doc) -> None:
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_rfonts(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "vi-VN")
    for rfonts_parent in styles.iter(qn("w:rPr")):
        if rfonts_parent.find(qn("w:rFonts")) is not None:
            _set_rfonts(rfonts_parent)
    for name in ("Normal", "Table Grid", "Header"):
        style = doc.styles[name]
        style.font.name = FONT
        _set_rfonts(style.element.get_or_add_rPr())
    normal = doc.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    normal.paragraph_format.space_after = Pt(0)  # the template's default is 10 pt after, 1.15 lines
    normal.paragraph_format.line_spacing = 1.0


def _run(paragraph, text: str, size: float = BODY_PT, bold: bool = False, italic: bool = False):
    run = paragraph.add_run(text)
    run.font.name, run.font.size, run.font.bold, run.font.italic = FONT, Pt(size), bold, italic
    _set_rfonts(run._element.get_or_add_rPr())
    return run


def _para(container, text: str = "", size: float = BODY_PT, bold: bool = False, italic: bool = False,
          align=WD_ALIGN_PARAGRAPH.CENTER, before: float = 0, after: float = 0, indent: bool = False):
    paragraph = container.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.alignment, fmt.space_before, fmt.space_after = align, Pt(before), Pt(after)
    fmt.line_spacing = 1.0
    if indent:
        fmt.first_line_indent = Cm(1)
    if text:
        _run(paragraph, text, size, bold, italic)
    return paragraph


def _body(doc, text: str, bold: bool = False, italic: bool = False):
    """A body paragraph: 14 pt, justified, first-line indent 1 cm, 6 pt before, 1.15 line spacing."""
    paragraph = _para(doc, text, BODY_PT, bold, italic, WD_ALIGN_PARAGRAPH.JUSTIFY, before=6, indent=True)
    paragraph.paragraph_format.line_spacing = 1.15
    return paragraph


def _rule(container, length_mm: float, column_mm: float) -> None:
    """A drawn solid line of ``length_mm``, centred in a column (NĐ 30: a line, not an underline)."""
    paragraph = _para(container, size=1)
    side = Mm(max(0.0, (column_mm - length_mm) / 2))
    paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = side
    paragraph.paragraph_format.line_spacing = Pt(2)
    p_bdr = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        top.set(qn(key), value)
    p_bdr.append(top)
    paragraph._p.get_or_add_pPr().insert_element_before(p_bdr, *_AFTER_PBDR)


# --- tables ------------------------------------------------------------------------------------------

def _no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.insert_element_before(borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook")


def _widths(table, widths_mm: list[float]) -> None:
    table.autofit = False
    for column, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths_mm):
        column.set(qn("w:w"), str(round(width * 1440 / 25.4)))  # twentieths of a point
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm):
            cell.width = Mm(width)


def _cell_text(cell, text: str, size: float, bold: bool = False, italic: bool = False, align=None) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.alignment = align if align is not None else WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_before = paragraph.paragraph_format.space_after = Pt(1)
    _run(paragraph, text, size, bold, italic)


def _repeat_header(row) -> None:
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(marker)


def _keep_last_rows_together(table) -> None:
    """The last line (a "Tổng cộng") never starts a page alone: the row before it keeps with it."""
    if len(table.rows) > 2:
        for cell in table.rows[-2].cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True


def _grid(doc, header: list[str], rows: list[list[str]], widths: list[float], size: float = 12,
          left_columns: tuple[int, ...] = (), bold_last: bool = False):
    table = doc.add_table(rows=1 + len(rows), cols=len(header))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, widths)
    for cell, text in zip(table.rows[0].cells, header):
        _cell_text(cell, text, size, bold=True)
    _repeat_header(table.rows[0])
    for r, values in enumerate(rows, 1):
        for c, (cell, text) in enumerate(zip(table.rows[r].cells, values)):
            align = WD_ALIGN_PARAGRAPH.LEFT if c in left_columns else WD_ALIGN_PARAGRAPH.CENTER
            _cell_text(cell, text, size, bold=bold_last and r == len(rows), align=align)
    _keep_last_rows_together(table)
    return table


# --- page parts -------------------------------------------------------------------------------------

def _page(section, landscape: bool = False) -> None:
    width, height = (PAGE["height"], PAGE["width"]) if landscape else (PAGE["width"], PAGE["height"])
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(width), Mm(height)
    section.top_margin, section.bottom_margin = Mm(PAGE["top"]), Mm(PAGE["bottom"])
    section.left_margin, section.right_margin = Mm(PAGE["left"]), Mm(PAGE["right"])
    section.header_distance = section.footer_distance = Mm(10)


def _field_part(paragraph, tag: str, **attrs: str):
    run = _run(paragraph, "", 13)
    element = OxmlElement(tag)
    for key, value in attrs.items():
        element.set(qn(key), value)
    run._r.append(element)
    return element


def _page_number(section) -> None:
    """PAGE field centred in the header; nothing on the first page (a different first-page header)."""
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False  # an empty header of its own on page 1
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field_part(paragraph, "w:fldChar", **{"w:fldCharType": "begin"})
    _field_part(paragraph, "w:instrText", **{"xml:space": "preserve"}).text = " PAGE "
    _field_part(paragraph, "w:fldChar", **{"w:fldCharType": "separate"})
    _run(paragraph, "2", 13)
    _field_part(paragraph, "w:fldChar", **{"w:fldCharType": "end"})


def _masthead(doc, data: ReportData) -> None:
    head = wording.header(data)
    left_mm, right_mm = 68, TEXT_WIDTH - 68
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    _widths(table, [left_mm, right_mm])
    left, right = table.rows[0].cells
    first = left.paragraphs[0]
    first.alignment = WD_ALIGN_PARAGRAPH.CENTER
    lines = list(head.issuer)
    if head.parent:  # the parent body, not bold, above the issuer
        _run(first, head.parent, 13)
    else:
        _run(first, lines.pop(0), 13, bold=True)
    for line in lines:
        _para(left, line, 13, bold=True)
    _rule(left, 22, left_mm - 4)
    _para(left, head.number, 13, before=4)
    top = right.paragraphs[0]
    top.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(top, wording.QUOC_HIEU, 12, bold=True)
    _para(right, wording.TIEU_NGU, 13, bold=True)
    _rule(right, 60, right_mm - 4)
    _para(right, head.date_line, 14, italic=True, before=4)
    _para(doc, head.title, 14, bold=True, before=18)
    for line in head.subject_lines:
        _para(doc, line, 14, bold=True)
    _rule(doc, 45, TEXT_WIDTH)


def _closing(doc, data: ReportData) -> None:
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    _widths(table, [80, TEXT_WIDTH - 80])
    left, right = table.rows[0].cells
    first = left.paragraphs[0]
    first.paragraph_format.space_before = Pt(12)
    _run(first, "Nơi nhận:", 12, bold=True, italic=True)
    for line in wording.recipients(data):
        _para(left, line, 11, align=WD_ALIGN_PARAGRAPH.LEFT)
    top = right.paragraphs[0]
    top.alignment = WD_ALIGN_PARAGRAPH.CENTER
    top.paragraph_format.space_before = Pt(12)
    mandate, title, name = wording.signature(data)
    _run(top, mandate, 14, bold=True)
    _para(right, title, 14, bold=True)
    for _ in range(4):
        _para(right, "", 14)
    _para(right, name, 14, bold=True)


def _chart(doc, chart: Chart, caption: str) -> None:
    paragraph = _para(doc, before=6)
    paragraph.add_run().add_picture(io.BytesIO(chart.png), width=Mm(150))
    _para(doc, caption, 12, italic=True, after=6)


def _table(doc, data: ReportData, name: str, caption: str) -> None:
    _para(doc, caption, 13, bold=True, before=6, after=4)
    if name == "kpi766":
        _grid(doc, wording.KPI_HEADER, wording.indicator_rows(data), [10, 30, 55, 22, 18, 16, 14], 11,
              left_columns=(1, 2))
    else:  # Bảng 2: heading row first, one-cell rows are sub-headings across the table, the total row last
        header, *rows = wording.children_rows(data)
        table = _grid(doc, header, [r + [""] * (len(header) - len(r)) for r in rows],
                      [10, 31, 17, 17, 18, 18, 18, 20, 16], 10, left_columns=(1,), bold_last=True)
        for r, values in enumerate(rows, 1):
            if len(values) == 1:
                cells = table.rows[r].cells
                for cell in cells[1:]:  # empty, so that merging adds no paragraph
                    for run in cell.paragraphs[0].runs:
                        run._r.getparent().remove(run._r)
                merged = cells[0].merge(cells[-1])
                merged.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.LEFT
                for run in merged.paragraphs[0].runs:
                    run.font.bold = run.font.italic = True


def _cited(doc, block: Block, footnotes: Footnotes) -> None:
    """A paragraph citing documents: each piece of text, then its footnote reference."""
    paragraph = _body(doc, "")
    for text, note in block.segments:
        if text:
            _run(paragraph, text)
        if note:
            footnotes.add(paragraph, note, FONT)


def _blocks(doc, data: ReportData, blocks: list[Block], footnotes: Footnotes,
            charts: dict[str, Chart] | None = None) -> None:
    for block in blocks:
        if block.segments:
            _cited(doc, block, footnotes)
        elif block.kind in ("h1", "h2"):
            _body(doc, block.text, bold=True)
        elif block.kind == "h3":
            _body(doc, block.text, bold=True, italic=True)
        elif block.kind == "todo":
            for run in _body(doc, block.text, italic=True).runs:
                run.font.highlight_color = WD_COLOR_INDEX.YELLOW
        elif block.kind == "table":
            _table(doc, data, block.table, block.caption)
        elif block.kind == "chart":
            _chart(doc, charts[block.chart], block.caption)
        else:
            _body(doc, block.text)


# --- appendix: Biểu 06 -------------------------------------------------------------------------------

_B06_MERGES = [((0, 0), (2, 0)), ((0, 1), (2, 1)), ((0, 2), (0, 5)), ((1, 2), (2, 2)), ((1, 3), (1, 5)),
               ((0, 6), (0, 9)), ((1, 6), (2, 6)), ((1, 7), (2, 7)), ((1, 8), (2, 8)), ((1, 9), (2, 9)),
               ((0, 10), (0, 12)), ((1, 10), (2, 10)), ((1, 11), (2, 11)), ((1, 12), (2, 12))]
_B06_TEXTS = {(0, 0): "STT", (0, 1): "Lĩnh vực, công việc giải quyết theo cấp", (0, 2): "Số hồ sơ nhận giải quyết",
              (1, 2): "Tổng số", (1, 3): "Trong đó", (2, 3): "Trực tuyến", (2, 4): "Trực tiếp, dịch vụ bưu chính",
              (2, 5): "Từ kỳ trước", (0, 6): "Số hồ sơ đã giải quyết", (1, 6): "Tổng số", (1, 7): "Trước hạn",
              (1, 8): "Đúng hạn", (1, 9): "Quá hạn", (0, 10): "Số lượng hồ sơ đang giải quyết",
              (1, 10): "Tổng số", (1, 11): "Trong hạn", (1, 12): "Quá hạn"}


def _appendix(doc, data: ReportData) -> None:
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    _page(section, landscape=True)
    section.different_first_page_header_footer = False
    section.header.is_linked_to_previous = True
    _para(doc, sections.annex_names(data)[0].upper(), 14, bold=True)
    _para(doc, f"{wording.BIEU06_FORM} – {wording.BIEU06_TITLE}", 13, bold=True)
    _para(doc, f"({wording.BIEU06_BASIS})", 13, italic=True)
    _para(doc, f"(Kèm theo Báo cáo số       /BC-UBND của {wording.committee(data)})", 13, italic=True)
    _para(doc, wording.bieu06_window(data.period), 13, italic=True)
    for n, line in enumerate(wording.bieu06_units(data)):
        _para(doc, line, 13, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT, before=0 if n else 6)
    _para(doc, wording.BIEU06_UNIT, 12, italic=True, align=WD_ALIGN_PARAGRAPH.RIGHT, after=4)
    rows = wording.bieu06_rows(data)
    table = doc.add_table(rows=3 + len(rows), cols=13)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    width = PAGE["height"] - PAGE["left"] - PAGE["right"]
    _widths(table, [10, 62] + [(width - 72) / 11] * 11)
    for (r1, c1), (r2, c2) in _B06_MERGES:
        table.cell(r1, c1).merge(table.cell(r2, c2))
    for (r, c), text in _B06_TEXTS.items():
        _cell_text(table.cell(r, c), text, 11, bold=True)
    for row in table.rows[:3]:
        _repeat_header(row)
    for table_row, values, line in zip(table.rows[3:], rows, data.bieu06):
        # row by row: table.cell(r, c) walks the whole grid on every call (seconds for a long form)
        for c, (cell, text) in enumerate(zip(table_row.cells, values)):
            align = WD_ALIGN_PARAGRAPH.LEFT if c == 1 else WD_ALIGN_PARAGRAPH.CENTER if c == 0 else \
                WD_ALIGN_PARAGRAPH.RIGHT
            _cell_text(cell, text, 11, bold=line.kind != "field", align=align)
    _keep_last_rows_together(table)
    note = wording.bieu06_note(data)
    if note:
        _para(doc, note, 12, italic=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY, before=6)


def _portrait_section(doc) -> None:
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    _page(section)
    section.different_first_page_header_footer = False
    section.header.is_linked_to_previous = True


def _narratives_annex(doc, data: ReportData, footnotes: Footnotes) -> None:
    """Phụ lục II of a roll-up: the narratives of each unit below that sent its workbook, as written."""
    blocks = sections.annex_blocks(data)
    if not blocks:
        return
    _portrait_section(doc)
    name, title, attached, basis = sections.annex_heading(data, wording.committee(data))
    _para(doc, name, 14, bold=True)
    _para(doc, title, 13, bold=True)
    _para(doc, attached, 13, italic=True)
    _para(doc, basis, 13, italic=True, after=6)
    _blocks(doc, data, blocks, footnotes)


def _missing(doc, data: ReportData, footnotes: Footnotes) -> None:
    """The last page, for the official: the inputs the report has no value for."""
    blocks = sections.missing_blocks(data)
    if not blocks:
        return
    _portrait_section(doc)
    _para(doc, sections.MISSING_TITLE, 14, bold=True, after=6)
    _blocks(doc, data, blocks, footnotes)


def write_docx(data: ReportData, path: Path | str, charts: dict[str, Chart] | None = None) -> Path:
    """Writes the report of ``data`` to ``path`` (.docx); ``charts`` avoids drawing them again."""
    charts = charts if charts is not None else render_charts(data)
    doc = Document()
    _setup_styles(doc)
    section = doc.sections[0]
    _page(section)
    _page_number(section)
    _masthead(doc, data)
    footnotes = Footnotes(doc)
    _blocks(doc, data, wording.body(data), footnotes, charts)
    _closing(doc, data)
    _appendix(doc, data)
    _narratives_annex(doc, data, footnotes)
    _missing(doc, data, footnotes)
    props = doc.core_properties
    props.title = f"Báo cáo {wording.lower_first(wording.title_subject(data.period))}"
    props.author, props.language = data.unit.issuer, "vi-VN"
    doc.save(path)
    return Path(path)
