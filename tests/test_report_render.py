"""The report renderers (Word, Biểu 06 xlsx, HTML, PDF) and their Vietnamese wording, from hand-made
ReportData (tests/report_examples.py). No database."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from datetime import date
from decimal import Decimal as D
from html.parser import HTMLParser

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml.ns import qn
from openpyxl import load_workbook

from etl import vi
from etl.reports import html_report, pdf, wording
from etl.reports.model import Coverage
from etl.reports.render import file_names, render_all
import report_examples as ex

TNR = "Times New Roman"
NAM_2023 = "cùng kỳ năm 2023"


# --- vi-VN numbers ---------------------------------------------------------------------------------

def test_vi_numbers():
    assert vi.number(1234567) == "1.234.567"
    assert vi.number(D("94.286"), 2) == "94,29"
    assert vi.count(D("1234")) == "1.234"
    assert vi.count(D("1234.50")) == "1.234,5"
    assert vi.count(D("0.25")) == "0,25"
    assert vi.count(7) == "7"
    assert vi.percent(D("94.29")) == "94,29%"
    assert vi.percent(100) == "100,00%"
    assert vi.rate(321, 722) == D("44.46")
    assert vi.rate(1, 0) is None
    assert vi.day(date(2025, 1, 5)) == "05/01/2025"


# --- wording ---------------------------------------------------------------------------------------

def test_change_increase_decrease_equal():
    assert wording.change(D(90), D(80), NAM_2023) == "tăng 12,50% so với cùng kỳ năm 2023"
    assert wording.change(D(70), D(80), NAM_2023) == "giảm 12,50% so với cùng kỳ năm 2023"
    assert wording.change(D(80), D(80), "kỳ trước (quý II năm 2024)") == "bằng kỳ trước (quý II năm 2024)"


def test_change_without_previous_data_never_divides():
    assert wording.change(D(90), None, NAM_2023) == "chưa có số liệu cùng kỳ năm 2023 để so sánh"
    assert wording.change(D(5), D(0), NAM_2023) == "cùng kỳ năm 2023 không phát sinh, không có số liệu để so sánh"
    assert wording.change(D(0), D(0), NAM_2023) == "bằng cùng kỳ năm 2023"


def test_rate_change_in_percentage_points():
    assert wording.rate_change(D("99.29"), D("98.00"), NAM_2023) == \
        "tăng 1,29 điểm phần trăm so với cùng kỳ năm 2023"
    assert wording.rate_change(D("90.00"), D("94.50"), NAM_2023) == \
        "giảm 4,50 điểm phần trăm so với cùng kỳ năm 2023"
    assert wording.rate_change(D("90.00"), D("90.00"), NAM_2023) == "bằng cùng kỳ năm 2023"
    assert wording.rate_change(D("90.00"), None, NAM_2023) == "chưa có số liệu cùng kỳ năm 2023 để so sánh"
    assert wording.rate_change(None, D("90.00"), NAM_2023) == "chưa có số liệu cùng kỳ năm 2023 để so sánh"


def test_comparison_basis():
    commune, district = ex.commune(), ex.district()
    assert wording.comparison_basis(commune.period, commune.previous) == "cùng kỳ năm 2023"
    assert wording.comparison_basis(district.period, district.previous) == "kỳ trước (quý II năm 2024)"


def test_ratio_text():
    assert wording.ratio_text(D(321), D(722)) == "321/722 hồ sơ, đạt tỷ lệ 44,46%"
    assert wording.ratio_text(D(198), D(210), D("94.29")) == "198/210 hồ sơ, đạt tỷ lệ 94,29%"
    assert wording.ratio_text(D(0), D(0)) == "0/0 hồ sơ (không phát sinh)"
    assert wording.ratio_text(61, 205, unit="thủ tục") == "61/205 thủ tục, đạt tỷ lệ 29,76%"


def test_received_sentence():
    assert wording.received_sentence(ex.summary()) == (
        "Tổng số hồ sơ đã tiếp nhận: 722 hồ sơ. Trong đó: tiếp nhận trực tiếp 2 hồ sơ, qua dịch vụ bưu chính "
        "công ích 1 hồ sơ, trực tuyến 719 hồ sơ; kỳ trước chuyển qua: 0 hồ sơ.")


def test_sentences_with_previous_period():
    s, p = ex.summary(), ex.previous_summary()
    assert wording.new_dossiers_sentence(s, p, NAM_2023) == \
        "Số hồ sơ tiếp nhận mới trong kỳ: 722 hồ sơ, tăng 12,81% so với cùng kỳ năm 2023."
    assert wording.on_time_sentence(s, p, NAM_2023, ex.NAM_2024) == (
        "Tỷ lệ giải quyết trước hạn, đúng hạn trong kỳ báo cáo (15/12/2023–14/12/2024, cách tính Biểu số 06, "
        "không trừ thời gian chờ bổ sung hồ sơ): 695/700 hồ sơ đã giải quyết, đạt tỷ lệ 99,29%, "
        "tăng 1,29 điểm phần trăm so với cùng kỳ năm 2023.")
    # nothing to compare with: the sentence stops at its figure (the section says why, once)
    assert wording.new_dossiers_sentence(s, None, NAM_2023) == "Số hồ sơ tiếp nhận mới trong kỳ: 722 hồ sơ."


def test_a_comparison_only_against_a_period_the_warehouse_holds_whole():
    commune = ex.commune()
    assert wording.comparable(commune) and wording.comparison_note(commune) is None
    partial = replace(commune, coverage=Coverage(date(2023, 1, 2), date(2025, 1, 4)))  # 2023 began 15/12/2022
    assert not wording.comparable(partial) and wording.compared(partial) is None
    assert wording.comparison_note(partial) == \
        "Chưa đủ số liệu cùng kỳ năm 2023 để so sánh: dữ liệu có từ ngày 02/01/2023."
    text = "\n".join(b.text for b in wording.body(partial))
    assert "so với cùng kỳ" not in text and "Chưa đủ số liệu cùng kỳ năm 2023 để so sánh" in text
    assert "kho dữ liệu có số liệu từ ngày 02/01/2023" not in text  # 2024 itself is held whole
    unknown = replace(commune, coverage=Coverage(None, None))
    assert wording.comparison_note(unknown) == "Chưa có số liệu cùng kỳ năm 2023 để so sánh."


def test_the_qd_766_window_is_the_days_with_data():
    commune = replace(ex.commune(), coverage=Coverage(date(2022, 1, 1), date(2024, 12, 21)))
    assert wording.kpi_window(commune) == "năm dương lịch 2024, từ ngày 01/01/2024 đến ngày 21/12/2024"
    [caption] = [b.caption for b in wording.body(commune) if b.table == "kpi766"]
    assert caption == ("Bảng 1. Kết quả các chỉ số theo Quyết định số 766/QĐ-TTg (năm dương lịch 2024, từ ngày "
                       "01/01/2024 đến ngày 21/12/2024)")
    assert "(ngày cuối cùng có dữ liệu)" in wording.kpi_sentences(commune)[0]


def test_withdrawn_and_stopped_dossiers_are_said():
    text = wording.resolved_sentence(ex.summary(), None, NAM_2023)
    assert text.endswith("Số hồ sơ đã giải quyết và số đúng hạn gồm cả 6 hồ sơ công dân rút hoặc dừng xử lý "
                         "(trả lại), theo cách tính của Biểu số 06/VPCP/KSTT.")
    assert "rút" not in wording.resolved_sentence(ex.summary(da_giai_quyet_rut_dung=D(0)), None, NAM_2023)


def test_certification_dossiers_and_electronic_certified_copies_are_two_sentences():
    lines = wording.online_sentences(ex.commune())
    [dossiers] = [line for line in lines if "lĩnh vực chứng thực" in line]
    assert dossiers == ("Hồ sơ thuộc lĩnh vực chứng thực tiếp nhận mới trong kỳ báo cáo (mọi thủ tục chứng thực): "
                        "191 hồ sơ.")
    assert "bản sao điện tử" not in dossiers
    assert all("lĩnh vực chứng thực" not in line for line in lines if "bản sao điện tử" in line)


def test_the_next_period_in_the_title_and_the_last_section():
    from etl.periods import tasks_ahead
    assert [tasks_ahead(c) for c in ("nam:2025", "6thang:2025", "9thang:2025", "quy:2025-4", "quy:2025-2",
                                     "thang:2025-12", "thang:2025-3")] == [
        "năm 2026", "6 tháng cuối năm 2025", "quý IV năm 2025", "quý I năm 2026", "quý III năm 2025",
        "tháng 1 năm 2026", "tháng 4 năm 2025"]
    headings = [b.text for b in wording.body(ex.commune()) if b.kind == "h1"]
    assert headings[-1] == "IV. NHIỆM VỤ TRỌNG TÂM NĂM 2025"


def test_date_line_leading_zeros_per_nd30():
    assert wording.date_line("Hoằng Cát", date(2025, 1, 5)) == "Hoằng Cát, ngày 05 tháng 01 năm 2025"
    assert wording.date_line("Hoằng Cát", date(2025, 2, 28)) == "Hoằng Cát, ngày 28 tháng 02 năm 2025"
    assert wording.date_line("Hoằng Cát", date(2025, 3, 9)) == "Hoằng Cát, ngày 09 tháng 3 năm 2025"
    assert wording.date_line("Hoằng Cát", date(2024, 12, 14)) == "Hoằng Cát, ngày 14 tháng 12 năm 2024"
    assert wording.date_line("Hoằng Hóa", None) == "Hoằng Hóa, ngày … tháng … năm …"


def test_title_and_header_lines():
    commune, district = ex.commune(), ex.district()
    head = wording.header(commune)
    # NĐ 30: the parent body may be abbreviated, the issuer's own name is written in full
    assert (head.parent, head.issuer, head.title) == ("UBND HUYỆN HOẰNG HÓA", ["ỦY BAN NHÂN DÂN", "XÃ HOẰNG CÁT"],
                                                      "BÁO CÁO")
    assert head.subject == "Tình hình, kết quả công tác cải cách hành chính năm 2024 và nhiệm vụ năm 2025"
    assert head.subject_lines == ["Tình hình, kết quả công tác cải cách hành chính năm 2024", "và nhiệm vụ năm 2025"]
    assert wording.title_subject(district.period) == \
        "Tình hình, kết quả công tác cải cách hành chính quý III năm 2024 và nhiệm vụ quý IV năm 2024"
    no_parent = replace(commune, unit=replace(commune.unit, parent_name=None))
    assert wording.header(no_parent).parent is None
    assert wording.recipients(commune) == ["- UBND huyện Hoằng Hóa (b/c);", "- TTr ĐU, HĐND, UBND xã (b/c);",
                                           "- Lưu: VT."]
    assert wording.recipients(district) == ["- UBND tỉnh Thanh Hóa (b/c);", "- Lưu: VT."]
    assert wording.signature(district) == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "[Họ và tên]"]


def test_missing_indicator_is_never_zero():
    rows = {row[2]: row for row in wording.indicator_rows(ex.commune())}
    assert rows["Tỷ lệ TTHC công bố đúng hạn"] == ["1", "Công khai, minh bạch", "Tỷ lệ TTHC công bố đúng hạn",
                                                   "chưa có dữ liệu", "chưa có dữ liệu", "chưa có dữ liệu", "6"]
    assert rows["Tỷ lệ PAKN xử lý đúng hạn"][3:] == ["0/0", "không phát sinh", "không phát sinh", "6"]
    assert rows["Tỷ lệ hồ sơ nộp trực tuyến (theo dõi)"][5:] == ["theo dõi", "0"]
    assert "Có 3 chỉ số chưa có dữ liệu (tổng điểm tối đa 14 điểm), không tính vào tổng điểm." in \
        wording.kpi_sentences(ex.commune())
    assert "Tổng điểm các chỉ số tính được: 46,89/48 điểm (97,69%)." in wording.kpi_sentences(ex.commune())


def test_notes_section_only_when_there_are_notes():
    headings = lambda data: [b.text for b in wording.body(data) if b.kind == "h2"]  # noqa: E731
    assert "Ghi chú về số liệu" in headings(ex.commune())
    assert "Ghi chú về số liệu" not in headings(replace(ex.commune(), quality_notes=[]))
    assert "8. Kết quả của các đơn vị trực thuộc" in headings(ex.district())
    assert "8. Kết quả của các đơn vị trực thuộc" not in headings(ex.commune())


def test_text_is_nfc():
    for data in (ex.commune(), ex.district()):
        for block in wording.body(data):
            assert unicodedata.is_normalized("NFC", block.text), block.text


def test_examples_satisfy_bieu06_identities():
    for data in (ex.commune(), ex.district()):
        for row in data.bieu06:
            assert row.tiep_nhan_tong == (row.tiep_nhan_truc_tuyen + row.tiep_nhan_truc_tiep_bcci
                                          + row.tiep_nhan_ky_truoc)
            assert row.tiep_nhan_tong == row.da_giai_quyet_tong + row.dang_giai_quyet_tong
            assert row.da_giai_quyet_tong == (row.da_giai_quyet_truoc_han + row.da_giai_quyet_dung_han
                                              + row.da_giai_quyet_qua_han)
            assert row.dang_giai_quyet_tong == row.dang_giai_quyet_trong_han + row.dang_giai_quyet_qua_han
        total, s = data.bieu06[-1], data.summary
        assert total.field_name == "Tổng cộng" and total.field_code is None
        assert total.tiep_nhan_tong == s.tiep_nhan_tong
        assert total.tiep_nhan_truc_tiep_bcci == s.tiep_nhan_truc_tiep + s.tiep_nhan_bcci
        assert total.da_giai_quyet_tong == s.da_giai_quyet_tong


# --- rendered files ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    return {"commune": render_all(ex.commune(), out / "xa"), "district": render_all(ex.district(), out / "huyen")}


def test_render_all_names_and_order(rendered):
    names = [p.name for p in rendered["commune"]]
    assert names == ["bao-cao-cchc_000.21.20.H56_nam-2024.docx", "bao-cao-cchc_000.21.20.H56_nam-2024.pdf",
                     "bao-cao-cchc_000.21.20.H56_nam-2024.html", "bieu-06_000.21.20.H56_nam-2024.xlsx"]
    assert all(p.exists() and p.stat().st_size > 0 for paths in rendered.values() for p in paths)
    odd = replace(ex.commune(), unit=replace(ex.commune().unit, code="H56/Hoằng Cát"))
    assert all(re.fullmatch(r"[0-9A-Za-z._-]+", name) for name in file_names(odd))


# Word ---------------------------------------------------------------------------------------------

def _docx(rendered, which="commune"):
    return Document(str(rendered[which][0]))


def _all_paragraphs(doc):
    yield from doc.paragraphs
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs


def _text(doc) -> str:
    return "\n".join(p.text for p in _all_paragraphs(doc))


def test_docx_page_setup(rendered):
    doc = _docx(rendered)
    first, appendix, missing = doc.sections  # the hand-made data has no workbook: its missing inputs come last
    assert first.orientation == WD_ORIENT.PORTRAIT
    assert (round(first.page_width.mm, 1), round(first.page_height.mm, 1)) == (210.0, 297.0)
    margins = (first.top_margin.mm, first.bottom_margin.mm, first.left_margin.mm, first.right_margin.mm)
    assert [round(m, 1) for m in margins] == [20.0, 20.0, 30.0, 15.0]
    assert appendix.orientation == WD_ORIENT.LANDSCAPE
    assert (round(appendix.page_width.mm, 1), round(appendix.page_height.mm, 1)) == (297.0, 210.0)
    assert missing.orientation == WD_ORIENT.PORTRAIT


def test_docx_page_numbers_from_page_two(rendered):
    section = _docx(rendered).sections[0]
    assert section.different_first_page_header_footer
    header_xml = section.header._element.xml
    assert "PAGE" in header_xml and 'w:fldCharType="begin"' in header_xml
    assert section.header.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert "PAGE" not in section.first_page_header._element.xml


def test_docx_times_new_roman_everywhere(rendered):
    doc = _docx(rendered)
    normal = doc.styles["Normal"]
    assert normal.font.name == TNR
    assert normal.element.rPr.rFonts.get(qn("w:eastAsia")) == TNR
    runs = [r for p in _all_paragraphs(doc) for r in p.runs if r.text.strip()]
    assert len(runs) > 100
    for run in runs:
        assert run.font.name == TNR, run.text
        rfonts = run._element.rPr.rFonts
        assert [rfonts.get(qn(a)) for a in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")] == [TNR] * 4
    assert "Theme" not in doc.styles.element.xml.split("<w:latentStyles")[0].split("w:docDefaults")[1]


def test_docx_masthead(rendered):
    doc = _docx(rendered)
    left, right = doc.tables[0].rows[0].cells
    parent, issuer, name = (left.paragraphs[i].runs[0] for i in range(3))
    assert (parent.text, parent.bold) == ("UBND HUYỆN HOẰNG HÓA", False)
    assert (issuer.text, issuer.bold, name.text, name.bold) == ("ỦY BAN NHÂN DÂN", True, "XÃ HOẰNG CÁT", True)
    assert "w:pBdr" in left.paragraphs[3]._p.xml  # the short line under the issuer
    assert left.paragraphs[4].text == "Số:       /BC-UBND"
    quoc_hieu, tieu_ngu = right.paragraphs[0].runs[0], right.paragraphs[1].runs[0]
    assert (quoc_hieu.text, quoc_hieu.bold, quoc_hieu.font.size.pt) == ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True, 12)
    assert (tieu_ngu.text, tieu_ngu.bold, tieu_ngu.font.size.pt) == ("Độc lập - Tự do - Hạnh phúc", True, 13)
    assert "w:pBdr" in right.paragraphs[2]._p.xml
    date_run = right.paragraphs[3].runs[0]
    assert (date_run.text, date_run.italic) == ("Hoằng Cát, ngày 05 tháng 01 năm 2025", True)
    assert 'w:val="nil"' in doc.tables[0]._tbl.tblPr.xml  # borderless
    title = next(p for p in doc.paragraphs if p.text == "BÁO CÁO")
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER and title.runs[0].bold
    texts = [p.text for p in doc.paragraphs]
    subject = texts.index("Tình hình, kết quả công tác cải cách hành chính năm 2024")
    assert texts[subject + 1] == "và nhiệm vụ năm 2025"  # the tasks ahead on a line of their own


def test_docx_masthead_without_parent(tmp_path):
    data = replace(ex.commune(), unit=replace(ex.commune().unit, parent_name=None))
    from etl.reports.word import write_docx
    left = Document(str(write_docx(data, tmp_path / "a.docx"))).tables[0].rows[0].cells[0]
    assert [p.text for p in left.paragraphs[:2]] == ["ỦY BAN NHÂN DÂN", "XÃ HOẰNG CÁT"]
    assert left.paragraphs[0].runs[0].bold


def test_docx_body_figures_and_format(rendered):
    doc = _docx(rendered)
    text = _text(doc)
    for expected in ["- Tổng số hồ sơ đã tiếp nhận: 722 hồ sơ. Trong đó: tiếp nhận trực tiếp 2 hồ sơ, qua dịch vụ "
                     "bưu chính công ích 1 hồ sơ, trực tuyến 719 hồ sơ; kỳ trước chuyển qua: 0 hồ sơ.",
                     "Số hồ sơ tiếp nhận mới trong kỳ: 722 hồ sơ, tăng 12,81% so với cùng kỳ năm 2023.",
                     "198/210 hồ sơ, đạt tỷ lệ 94,29%, tăng 4,29 điểm phần trăm so với cùng kỳ năm 2023.",
                     "dịch vụ công trực tuyến toàn trình 321/722 hồ sơ tiếp nhận mới, đạt tỷ lệ 44,46%",
                     "205 thủ tục thuộc 42 lĩnh vực; trong đó 129 thủ tục thực hiện theo cơ chế một cửa, 76 thủ tục",
                     "Hồ sơ thuộc lĩnh vực chứng thực tiếp nhận mới trong kỳ báo cáo (mọi thủ tục chứng thực): 191 hồ sơ.",
                     "2. Cải cách thủ tục hành chính và thực hiện cơ chế một cửa, một cửa liên thông",
                     "6. Xây dựng và phát triển Chính quyền điện tử, Chính quyền số",
                     "Ghi chú về số liệu", "Có 3 hồ sơ thiếu ngày hẹn trả"]:
        assert expected in text
    paragraph = next(p for p in doc.paragraphs if p.text.startswith("- Tổng số hồ sơ đã tiếp nhận"))
    assert paragraph.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert round(paragraph.paragraph_format.first_line_indent.cm, 2) == 1.0
    assert paragraph.runs[0].font.size.pt == 14
    assert len(doc.inline_shapes) == 3  # the charts


def test_docx_placeholders_highlighted(rendered):
    doc = _docx(rendered)
    todo = [p for p in doc.paragraphs if p.text.startswith("[Nội dung do đơn vị bổ sung:")]
    assert len(todo) >= 9
    assert all(r.font.highlight_color == WD_COLOR_INDEX.YELLOW for p in todo for r in p.runs)
    texts = [p.text for p in doc.paragraphs]
    # no workbook in the hand-made data: every section the unit states starts with its placeholders
    for heading in ["1. Ban hành và tổ chức thực hiện kế hoạch, văn bản chỉ đạo, điều hành CCHC",
                    "1. Cải cách thể chế", "3. Cải cách tổ chức bộ máy", "4. Cải cách chế độ công vụ",
                    "5. Cải cách tài chính công", "1. Ưu điểm", "IV. NHIỆM VỤ TRỌNG TÂM NĂM 2025"]:
        assert texts[texts.index(heading) + 1].startswith("[Nội dung do đơn vị bổ sung:")


def _table_with(doc, header_text):
    return next(t for t in doc.tables if t.rows[0].cells[0].text == header_text)


def test_docx_kpi766_table(rendered):
    table = _table_with(_docx(rendered), "STT")
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0] == wording.KPI_HEADER
    assert rows[1] == ["1", "Công khai, minh bạch", "Tỷ lệ TTHC công bố đúng hạn", "chưa có dữ liệu",
                       "chưa có dữ liệu", "chưa có dữ liệu", "6"]
    assert rows[3][2:] == ["Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn (đã và đang xử lý)", "715/722", "99,03%",
                           "19,81", "20"]
    assert rows[9][3:] == ["198/210", "94,29%", "9,50", "10"]  # scores always with two decimals


def test_docx_closing_blocks(rendered):
    doc = _docx(rendered)
    closing = next(t for t in doc.tables if t.rows[0].cells[0].text.startswith("Nơi nhận:"))
    left, right = closing.rows[0].cells
    label = left.paragraphs[0].runs[0]
    assert (label.bold, label.italic, label.font.size.pt) == (True, True, 12)
    assert [p.text for p in left.paragraphs[1:]] == ["- UBND huyện Hoằng Hóa (b/c);",
                                                     "- TTr ĐU, HĐND, UBND xã (b/c);", "- Lưu: VT."]
    assert all(p.runs[0].font.size.pt == 11 for p in left.paragraphs[1:])
    signature = [p.text for p in right.paragraphs if p.text]
    assert signature == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "[Họ và tên]"]


def test_docx_bieu06_appendix(rendered):
    table = _docx(rendered).tables[-1]
    assert [c.text for c in table.rows[2].cells] == [
        "STT", "Lĩnh vực, công việc giải quyết theo cấp", "Tổng số", "Trực tuyến", "Trực tiếp, dịch vụ bưu chính",
        "Từ kỳ trước", "Tổng số", "Trước hạn", "Đúng hạn", "Quá hạn", "Tổng số", "Trong hạn", "Quá hạn"]
    assert table.cell(0, 2).text == "Số hồ sơ nhận giải quyết" and table.cell(0, 5).text == "Số hồ sơ nhận giải quyết"
    assert [c.text for c in table.rows[-1].cells] == ["", "Tổng cộng", "722", "719", "3", "0", "700", "650", "45",
                                                      "5", "22", "20", "2"]


def test_docx_district_children_ranking(rendered):
    doc = _docx(rendered, "district")
    table = _table_with(doc, "Hạng")
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0] == wording.children_rows(ex.district())[0]
    assert rows[0][7] == "Điểm QĐ 766 (kỳ 01/07–30/09/2024)"  # the calendar period of the points
    assert rows[1] == ["1", "xã Hoằng Cát", "722", "700", "99,29%", "99,58%", "94,29%", "46,89/54", "86,83%"]
    assert rows[2][:2] == ["2", "xã Hoằng Đạt"] and rows[2][-2] == "40,10/54"  # points with 2 decimals
    assert rows[3] == ["3", "xã Hoằng Xuân", "0", "0", "không phát sinh", "không phát sinh", "không phát sinh",
                       "chưa có dữ liệu", "–"]
    assert rows[4][:4] == ["–", "UBND huyện Hoằng Hóa (cấp huyện)", "923", "917"]  # the district's own dossiers
    assert len(table.rows[5]._tr.tc_lst) == 1 and rows[5][0] == "Đơn vị đã giải thể/sắp xếp trong kỳ"  # merged
    assert rows[6][:2] == ["–", "xã Hoằng Xuyên (đến 31/07/2024)"]
    assert rows[7][1:4] == ["Tổng cộng", "2.665", "2.615"] and table.rows[7].cells[1].paragraphs[0].runs[0].bold
    text = _text(doc)
    assert "Chưa có số liệu kỳ trước (quý II năm 2024) để so sánh." in text
    assert "Số liệu được tính theo địa giới hành chính hiện nay" in text
    assert "Hoằng Hóa, ngày … tháng … năm …" in text
    assert "(mọi thủ tục chứng thực): 812,5 hồ sơ." in text  # a restated share keeps its decimal


# Biểu 06 workbook ---------------------------------------------------------------------------------

EXPECTED_MERGES = {"A7:A9", "B7:B9", "C7:F7", "C8:C9", "D8:F8", "G7:J7", "G8:G9", "H8:H9", "I8:I9", "J8:J9",
                   "K7:M7", "K8:K9", "L8:L9", "M8:M9"}
LEAF_HEADERS = {"A7": "STT", "B7": "Lĩnh vực, công việc giải quyết theo cấp", "C8": "Tổng số", "D9": "Trực tuyến",
                "E9": "Trực tiếp, dịch vụ bưu chính", "F9": "Từ kỳ trước", "G8": "Tổng số", "H8": "Trước hạn",
                "I8": "Đúng hạn", "J8": "Quá hạn", "K8": "Tổng số", "L8": "Trong hạn", "M8": "Quá hạn"}


def test_xlsx_layout(rendered):
    ws = load_workbook(rendered["commune"][3]).active
    assert ws["A1"].value == "Biểu số 06/VPCP/KSTT"
    assert ws["A2"].value == "Ban hành theo Thông tư số 01/2020/TT-VPCP ngày 21/10/2020"
    assert ws["I1"].value == "Đơn vị báo cáo: UBND XÃ HOẰNG CÁT"
    assert ws["I2"].value == "Đơn vị nhận báo cáo: UBND HUYỆN HOẰNG HÓA"
    assert ws["A4"].value == "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT TTHC TẠI CƠ QUAN, ĐƠN VỊ TRỰC TIẾP GIẢI QUYẾT TTHC"
    assert ws["A5"].value == "(Từ ngày 15/12/2023 đến ngày 14/12/2024)"
    assert ws["I6"].value == "Đơn vị tính: Số hồ sơ TTHC"
    assert EXPECTED_MERGES <= {str(r) for r in ws.merged_cells.ranges}
    assert {cell: ws[cell].value for cell in LEAF_HEADERS} == LEAF_HEADERS
    assert (ws["C7"].value, ws["D8"].value, ws["G7"].value, ws["K7"].value) == (
        "Số hồ sơ nhận giải quyết", "Trong đó", "Số hồ sơ đã giải quyết", "Số lượng hồ sơ đang giải quyết")
    assert [ws.cell(10, c).value for c in range(1, 14)] == [f"({n})" for n in range(1, 14)]
    assert ws["A7"].font.name == TNR and ws["B11"].font.name == TNR


def test_xlsx_numbers(rendered):
    ws = load_workbook(rendered["commune"][3]).active
    assert [ws.cell(11, c).value for c in range(1, 14)] == [1, "Hộ tịch", 400, 398, 2, 0, 390, 360, 27, 3, 10, 9, 1]
    total = [ws.cell(14, c) for c in range(1, 14)]
    assert [c.value for c in total] == [None, "Tổng cộng", 722, 719, 3, 0, 700, 650, 45, 5, 22, 20, 2]
    assert total[1].font.bold
    for cell in total[2:] + [ws.cell(11, c) for c in range(3, 14)]:
        assert cell.data_type == "n" and isinstance(cell.value, int)
        assert cell.number_format == "#,##0"
        assert cell.border.left.style == "thin"


def test_xlsx_print_setup(rendered):
    ws = load_workbook(rendered["commune"][3]).active
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert int(ws.page_setup.fitToWidth) == 1 and int(ws.page_setup.fitToHeight) == 0
    assert ws.print_title_rows == "$7:$10"
    assert ws.column_dimensions["B"].width > ws.column_dimensions["C"].width


# HTML ---------------------------------------------------------------------------------------------

class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.text, self.attrs = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag in ("td", "th", "tr", "p", "div"):
            self.text.append(" ")
        self.attrs += [(tag, k, v or "") for k, v in attrs]

    def handle_data(self, data):
        self.text.append(data)


def _parse(html: str) -> tuple[_Page, str]:
    page = _Page()
    page.feed(html)
    return page, re.sub(r"\s+", " ", "".join(page.text))


def test_html_content(rendered):
    html = rendered["commune"][2].read_text(encoding="utf-8")
    page, text = _parse(html)
    assert ("html", "lang", "vi") in page.attrs and ("meta", "charset", "utf-8") in page.attrs
    for expected in ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "UBND XÃ HOẰNG CÁT",
                     "Hoằng Cát, ngày 05 tháng 01 năm 2025", "Tổng số hồ sơ đã tiếp nhận: 722 hồ sơ.",
                     "198/210 hồ sơ, đạt tỷ lệ 94,29%", "321/722 hồ sơ tiếp nhận mới, đạt tỷ lệ 44,46%",
                     "tăng 12,81% so với cùng kỳ năm 2023", "[Nội dung do đơn vị bổ sung:", "Ghi chú về số liệu",
                     "Tổng cộng", "Biểu số 06/VPCP/KSTT", "(Từ ngày 15/12/2023 đến ngày 14/12/2024)", "Nơi nhận:",
                     "TM. ỦY BAN NHÂN DÂN", "[Họ và tên]"]:
        assert expected in text, expected
    assert text.count("chưa có dữ liệu") >= 9  # 3 missing indicators × 3 cells
    assert page.tags.count("svg") == 3 and page.tags.count("mark") >= 9
    assert "99.29" not in text and "94.29" not in text  # vi-VN decimal comma only


def test_html_is_self_contained(rendered):
    for paths in rendered.values():
        html = paths[2].read_text(encoding="utf-8")
        page, _ = _parse(html)
        for tag, attr, value in page.attrs:
            if attr in ("src", "href", "xlink:href"):
                assert not re.match(r"\s*(https?:)?//", value), (tag, attr, value)
        assert "link" not in page.tags and "script" not in page.tags
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", html) and "@import" not in html


def test_html_district_and_escaping():
    data = replace(ex.district(), place="Hoằng <Hóa>")
    page, text = _parse(html_report.render_html(data))
    assert "Hoằng <Hóa>, ngày … tháng … năm …" in text  # escaped in the source, text once parsed
    assert "&lt;Hóa&gt;" in html_report.render_html(data)
    assert "1 xã Hoằng Cát 722 700 99,29% 99,58% 94,29% 46,89/54 86,83%" in text
    assert "Đơn vị đã giải thể/sắp xếp trong kỳ – xã Hoằng Xuyên (đến 31/07/2024)" in text
    assert 'colspan="9"' in html_report.render_html(data)
    assert "UBND TỈNH THANH HÓA" in text and "UBND HUYỆN HOẰNG HÓA" in text


# PDF ----------------------------------------------------------------------------------------------

def test_pdf_file(rendered):
    content = rendered["commune"][1].read_bytes()
    assert content.startswith(b"%PDF-") and content.rstrip().endswith(b"%%EOF")
    assert len(content) > 50_000  # embedded fonts and chart images (objects are in compressed streams)


def test_pdf_pages_and_margins():
    data = ex.commune()
    document = pdf.render_pdf(html_report.render_html(data, images="png"))
    assert len(document.pages) >= 4
    mm = 96 / 25.4  # CSS px per mm
    first, last = document.pages[0], document.pages[-1]
    assert (round(first.width / mm), round(first.height / mm)) == (210, 297)
    appendix = [page for page in document.pages if page.width > page.height]  # the Biểu 06 appendix
    assert appendix and all((round(p.width / mm), round(p.height / mm)) == (297, 210) for p in appendix)
    assert (round(last.width / mm), round(last.height / mm)) == (210, 297)  # the inputs not given, last
    box = first._page_box
    assert [round(v / mm, 1) for v in (box.margin_top, box.margin_right, box.margin_bottom, box.margin_left)] == \
        [20.0, 15.0, 20.0, 30.0]


def test_empty_period_renders_without_division(tmp_path):
    fields = ex.summary().__dataclass_fields__
    zero = ex.summary(**{k: D(0) for k in fields if k.startswith(("tiep", "da_", "dang", "nhan", "ho_so", "giai",
                                                                      "tra", "ket"))},
                      **{k: None for k in fields if k.startswith("ty_le")})
    data = replace(ex.commune(), summary=zero, previous_summary=None, monthly=[], indicators=[], quality_notes=[],
                   bieu06=[ex.bieu06_row(None, "Tổng cộng", (0, 0, 0), (0, 0, 0), (0, 0))], restated=True)
    paths = render_all(data, tmp_path)
    text = _text(Document(str(paths[0])))
    assert ("cách tính Biểu số 06, không trừ thời gian chờ bổ sung hồ sơ): 0/0 hồ sơ đã giải quyết (không phát sinh)."
            in text)
    assert "- Số hồ sơ tiếp nhận mới trong kỳ: 0 hồ sơ.\n" in text
    assert "Chưa có số liệu cùng kỳ năm 2023 để so sánh." in text
    assert "Chưa có chỉ số nào tính được điểm trong kỳ (chưa có dữ liệu)." in text
    assert "Ghi chú về số liệu" not in text  # restated, but no area changed: nothing to say
    ws = load_workbook(paths[3]).active
    assert [ws.cell(11, c).value for c in range(2, 14)] == ["Tổng cộng"] + [0] * 11


def test_charts_svg_and_png():
    from etl.reports import charts

    drawn = charts.render_charts(ex.district())
    assert set(drawn) == {"channels", "monthly", "kpi766"}
    for chart in drawn.values():
        assert chart.svg.startswith("<svg") and chart.svg.rstrip().endswith("</svg>")
        assert chart.png.startswith(b"\x89PNG\r\n\x1a\n")
    assert charts._vi_axis(1, "%")(97.5, 0) == "97,5%"
    assert charts._vi_axis()(12000, 0) == "12.000"


def test_a_name_that_looks_like_a_formula_stays_text_in_the_xlsx(tmp_path):
    from dataclasses import replace

    from openpyxl import load_workbook

    from etl.reports.bieu06_xlsx import write_bieu06_xlsx

    data = ex.commune()
    hostile = '=HYPERLINK("http://example.invalid","Hộ tịch")'
    data = replace(data, bieu06=[replace(data.bieu06[0], field_name=hostile)] + data.bieu06[1:])
    path = write_bieu06_xlsx(data, tmp_path / "b.xlsx")
    cells = [c for row in load_workbook(path).active.iter_rows() for c in row if c.value == hostile]
    assert cells and all(c.data_type == "s" for c in cells)


# --- layout of the HTML and PDF pages, charts (issue "Reports an office can sign") ----------------------

def _boxes(box):
    """Every layout box under a WeasyPrint box, depth first."""
    yield box
    for child in getattr(box, "children", None) or []:
        yield from _boxes(child)


def _classes(box) -> set[str]:
    element = getattr(box, "element", None)
    return set((element.get("class") or "").split()) if element is not None else set()


def test_pdf_subject_rule_is_centred_under_the_subject():
    document = pdf.render_pdf(html_report.render_html(ex.commune(), images="png", fonts="files"))
    boxes = list(_boxes(document.pages[0]._page_box))
    subject = next(b for b in boxes if b.element_tag == "p" and "subject" in _classes(b))
    rule = next(b for b in boxes if {"rule", "subject"} <= _classes(b))
    centre = lambda b: b.border_box_x() + b.border_width() / 2  # noqa: E731
    assert rule.border_width() < subject.border_width() / 2  # a short line
    assert abs(centre(rule) - centre(subject)) < 1  # px
    assert rule.border_box_y() >= subject.border_box_y() + subject.border_height()  # under it


def _pdf_pages_text(content: bytes) -> list[str]:
    import subprocess

    out = subprocess.run(["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True)
    return out.stdout.decode().split("\f")


@pytest.mark.skipif(not __import__("shutil").which("pdftotext"), reason="poppler-utils is not installed")
def test_pdf_total_row_never_alone_on_a_page():
    """The Biểu 06 table with as many fields as fill its first page exactly: the "Tổng cộng" row would start
    the next page alone; it takes the last field with it."""
    from etl.reports import charts as report_charts

    base = ex.commune()
    drawn = report_charts.render_charts(base)

    def pages(n: int) -> list[str]:
        fields = [(f"G{i:02d}", f"Lĩnh vực số {i}", (i, 1, 0), (i, 1, 0), (1, 0)) for i in range(1, n + 1)]
        data = replace(base, bieu06=ex.bieu06(fields))
        content = pdf.render_pdf(html_report.render_html(data, drawn, images="png", fonts="files")).write_pdf()
        return _pdf_pages_text(content)

    # how many field rows the first page of the appendix holds
    first = next(text for text in pages(40) if "Lĩnh vực số 1 " in text)
    fit = max(int(n) for n in re.findall(r"Lĩnh vực số (\d+)", first))
    assert 3 < fit < 40
    total_page = next(text for text in pages(fit) if "Tổng cộng" in text)
    assert re.search(r"Lĩnh vực số \d+", total_page), "the total row is alone on its page"
    assert f"Lĩnh vực số {fit} " in total_page


def _phone_css() -> str:
    """The rules of report.css for a screen at most 600 px wide (nested in @media screen)."""
    import tinycss2

    css = (html_report.TEMPLATES / "report.css").read_text(encoding="utf-8")
    screen = [r for r in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
              if r.type == "at-rule" and r.lower_at_keyword == "media"
              and tinycss2.serialize(r.prelude).strip() == "screen"]
    assert len(screen) == 1
    phone = [r for r in tinycss2.parse_rule_list(screen[0].content, skip_comments=True, skip_whitespace=True)
             if r.type == "at-rule" and r.lower_at_keyword == "media"
             and re.fullmatch(r"\(\s*max-width:\s*600px\s*\)", tinycss2.serialize(r.prelude).strip())]
    assert len(phone) == 1, "report.css has no @media (max-width: 600px) block inside @media screen"
    return tinycss2.serialize(phone[0].content)


def test_html_has_phone_rules_and_wrapped_tables():
    phone = re.sub(r"\s+", " ", _phone_css())
    assert re.search(r"\.page, \.appendix\.page \{[^}]*padding: 12px 10px", phone)
    assert re.search(r"table\.masthead td[^{]*\{[^}]*display: block", phone)
    assert re.search(r"\.appendix\.page \{[^}]*overflow-x: auto", phone)
    screen_css = (html_report.TEMPLATES / "report.css").read_text(encoding="utf-8").split("@media screen", 1)[1]
    assert re.search(r"\.table-scroll \{ overflow-x: auto; \}", screen_css)
    page = html_report.render_html(ex.district())
    grids = re.findall(r'(<div class="table-scroll">\s*)?<table class="grid (\w+)"', page)
    assert {name for _, name in grids} == {"kpi766", "children", "bieu06"}
    assert all(wrapper for wrapper, name in grids if name != "bieu06")  # the appendix section scrolls itself


def test_html_on_a_390px_phone():
    """The phone rules applied as WeasyPrint reads them (it knows media types, not widths): a 390 px wide page
    keeps its width, the masthead columns stack, wide tables stay inside their scrolling wrapper."""
    from weasyprint import HTML

    page = html_report.render_html(ex.district(), images="png", fonts="files")
    narrow = "@page { size: 390px 8000px; margin: 0 } @page appendix { size: 390px 8000px; margin: 0 }"
    page = page.replace("</style>", f"{_phone_css()}\n{narrow}\n</style>", 1)
    document = HTML(string=page, media_type="screen", url_fetcher=pdf._fetcher()).render()
    boxes = [b for p in document.pages for b in _boxes(p._page_box)]
    assert all(round(p.width) == 390 for p in document.pages)
    main = next(b for b in boxes if b.element_tag == "main")
    assert main.border_width() <= 390 and main.padding_left <= 16
    # the first cells in document order are the masthead's (the closing table comes last)
    left, right = (next(b for b in boxes if b.element_tag == "td" and side in _classes(b))
                   for side in ("left", "right"))
    assert right.border_box_y() >= left.border_box_y() + left.border_height()  # stacked
    wrappers = [b for b in boxes if "table-scroll" in _classes(b)]
    assert wrappers and all(b.border_width() <= 390 for b in wrappers)
    appendix = next(b for b in boxes if "appendix" in _classes(b) and b.element_tag == "section")
    assert appendix.border_width() <= 390


def _svg_texts(chart) -> list[str]:
    import xml.etree.ElementTree as ET

    return ["".join(e.itertext()) for e in ET.fromstring(chart.svg).iter("{http://www.w3.org/2000/svg}text")]


def test_monthly_chart_marks_partial_months():
    from etl.reports import charts

    commune, district = ex.commune(), ex.district()
    labels, note = charts.month_labels(commune)
    assert labels[0] == "12/2023*" and labels[-1] == "12/2024*" and all(not x.endswith("*") for x in labels[1:-1])
    assert note == "* Tháng không trọn kỳ báo cáo: 12/2023 từ ngày 15/12/2023; 12/2024 đến ngày 14/12/2024."
    assert charts.month_labels(district) == (
        ["06/2024*", "07/2024", "08/2024", "09/2024*"],
        "* Tháng không trọn kỳ báo cáo: 06/2024 từ ngày 15/06/2024; 09/2024 đến ngày 14/09/2024.")
    calendar_year = replace(commune, period=ex.LICH_2024, monthly=ex.months(date(2024, 1, 1), 12))
    assert charts.month_labels(calendar_year)[1] is None
    texts = _svg_texts(charts.monthly(commune))
    assert "12/2023*" in texts and "12/2024*" in texts and note in texts


def test_monthly_chart_rate_axis_from_zero_with_percent_labels():
    from etl.reports import charts

    texts = _svg_texts(charts.monthly(ex.commune()))
    assert texts.index("0%") < texts.index("100%")  # the rate axis starts at 0
    rates = [m.on_time_rate for m in ex.commune().monthly if m.on_time_rate is not None]
    labels = [t for t in texts if re.fullmatch(r"\d{1,3},\d%", t)]
    assert labels == [vi.percent(r, 1) for r in rates]  # "98,3%": vi-VN, with "%"


def test_chart_labels_are_never_cut():
    from etl.reports import charts

    long_name = ("Tỷ lệ hồ sơ giải quyết thủ tục hành chính được số hóa kết quả, cấp bản điện tử có giá trị "
                 "pháp lý tương đương bản giấy, kể cả hồ sơ liên thông giữa các cấp chính quyền")
    data = ex.commune()
    long_data = replace(data, indicators=[replace(data.indicators[2], name=long_name)] + data.indicators[1:])
    for drawn in (charts.render_charts(data), charts.render_charts(long_data)):
        for chart in drawn.values():
            assert not any("…" in text or "..." in text for text in _svg_texts(chart))
    texts = _svg_texts(charts.kpi766(long_data))
    assert " ".join(t for t in texts if t in long_name) == long_name  # every line of the name, in order
    height = lambda chart: int(re.search(r'height="([\d.]+)pt"', chart.svg).group(1).split(".")[0])  # noqa: E731
    assert height(charts.kpi766(long_data)) > height(charts.kpi766(data))  # taller for a 3-line name


def test_docx_total_row_keeps_with_the_row_before(rendered):
    doc = _docx(rendered)
    bieu06 = doc.tables[-1]
    assert bieu06.rows[-1].cells[1].text == "Tổng cộng"
    assert all(p.paragraph_format.keep_with_next for c in bieu06.rows[-2].cells for p in c.paragraphs)


def test_a_report_with_a_share_above_100_percent_is_refused_before_any_file(tmp_path):
    """The province once printed "64/61 thủ tục, đạt tỷ lệ 104,92%": such a report is not made at all."""
    from etl.reports.checks import ReportCheckError

    bad = replace(ex.commune(), summary=ex.summary(so_tthc_co_ho_so=206, ty_le_thanh_toan_truc_tuyen=D("104.92")))
    with pytest.raises(ReportCheckError) as refused:
        render_all(bad, tmp_path / "out")
    assert str(refused.value).startswith("Báo cáo năm 2024 của UBND XÃ HOẰNG CÁT không được lập vì số liệu không "
                                         "hợp lệ: ")
    assert "Số TTHC có phát sinh hồ sơ: 206/205 (tử số phải từ 0 đến mẫu số)" in str(refused.value)
    assert "Tỷ lệ thanh toán trực tuyến: tỷ lệ 104,92% nằm ngoài khoảng 0–100%" in str(refused.value)
    assert not (tmp_path / "out").exists()
    parts = replace(ex.commune(), summary=ex.summary(da_giai_quyet_truoc_han=D(651)))  # 651 + 45 + 5 ≠ 700
    with pytest.raises(ReportCheckError, match="Hồ sơ đã giải quyết: tổng 700 khác tổng các phần 651 \\+ 45 \\+ 5"):
        render_all(parts, tmp_path / "out")
