"""Biểu số 06/VPCP/KSTT as a report shows it (sql/reports/bieu06.sql, etl.reports.wording, the three renderers):
lines grouped by the level of the handling unit and, where one field name comes from two agencies, by agency;
one line per field name within a group; the total is the sum of the field lines; the note on withdrawn and
stopped dossiers; the reporting and receiving units and the legal basis in the workbook and the Word appendix.
A hand-made warehouse (rows written straight into mart.bieu06), the 2024-2026 sample, and hand-made ReportData."""
from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from docx import Document
from openpyxl import load_workbook

import report_examples as ex
from conftest import query
from etl import vi
from etl.db import connect, sql
from etl.periods import LICH, Period
from etl.reports import html_report, sections, wording
from etl.reports.bieu06_xlsx import write_bieu06_xlsx
from etl.reports.data import _total, gather
from etl.reports.model import Bieu06Row, Unit
from etl.reports.word import write_docx
from test_report_marts import PROVINCE, sample_2025  # noqa: F401  (the module's fixture, reused)

NUMBERS = wording.BIEU06_FIELDS


def lines(url: str, unit_code: str, period_code: str, restated: bool = False,
          calendar: str = "hanh_chinh") -> list[Bieu06Row]:
    """The form's lines as etl.reports.data.gather builds them: the query's lines, then the total line."""
    key = {"calendar": calendar, "period_code": period_code, "unit_code": unit_code, "restated": restated}
    with connect(url) as conn:
        rows = [Bieu06Row(*row) for row in conn.execute(sql("reports/bieu06"), key)]
    return rows + [_total(rows)] if rows else []


def assert_a_signable_form(rows: list[Bieu06Row]) -> None:
    """No two lines of a group share a label, every heading carries the sum of its fields, the total line is
    last and is the sum of the field lines (the headings are not counted twice)."""
    labels = Counter((r.nhom, r.field_name) for r in rows if r.kind == "field")
    assert [key for key, n in labels.items() if n > 1] == []
    assert [r.kind for r in rows].count("total") == 1 and rows[-1].kind == "total"
    fields = [r for r in rows if r.kind == "field"]
    for name in NUMBERS:
        assert getattr(rows[-1], name) == sum(getattr(r, name) for r in fields), name
    for heading in (r for r in rows if r.is_heading):
        below = [r for r in fields if r.nhom == heading.nhom or (r.nhom or "").startswith(f"{heading.nhom} – ")]
        assert below, heading
        for name in NUMBERS:
            assert getattr(heading, name) == sum(getattr(r, name) for r in below), (heading.field_name, name)


# ---------------------------------------------------------------- a hand-made warehouse

PERIOD = "nam:2025"


@pytest.fixture
def province(warehouse):
    """A province with two departments (Sở Tư pháp, Công an tỉnh), one district with two communes, and the
    Biểu 06 of nam:2025 written straight into mart.bieu06 (one row per unit and field)."""
    with connect(warehouse) as conn:
        def unit(code, name, level, kind, parent=None):
            return conn.execute("INSERT INTO dw.dim_unit (unit_code, name, level, kind, parent_unit_key) "
                                "VALUES (%s, %s, %s, %s, %s) RETURNING unit_key",
                                (code, name, level, kind, parent)).fetchone()[0]

        def field(code, name):
            return conn.execute("INSERT INTO dw.dim_field (field_code, name) VALUES (%s, %s) "
                                "RETURNING field_key", (code, name)).fetchone()[0]

        p = unit("000.00.00.H56", "Thanh Hóa", "tinh", "Tỉnh")
        units = {"P": p, "TP": unit("000.05.00.H56", "Sở Tư pháp", "tinh", None, p),
                 "CA": unit("000.40.00.H56", "Công an tỉnh", "tinh", None, p),
                 "D": unit("000.00.21.H56", "Hậu Lộc", "huyen", "Huyện", p)}
        units["X1"] = unit("000.01.21.H56", "Đại Lộc", "xa", "Xã", units["D"])
        units["X2"] = unit("000.02.21.H56", "Xã Đồng Lộc", "xa", "Xã", units["D"])  # the list writes "Xã …"
        fields = {code: field(code, name) for code, name in (
            ("TP-LLTP", "Lý lịch tư pháp"), ("CA-LLTP", "Lý lịch tư pháp"), ("TP-HT", "Hộ tịch"),
            ("TNMT-DD", "Đất đai"), ("TP-CT", "Chứng thực"))}
        # (unit, field or None, received online, direct, carried over, handled before, on, after the due day,
        # in progress within and past the due day)
        for u, f, *n in [("P", "TNMT-DD", 5, 5, 0, 8, 1, 1, 0, 0),
                         ("TP", "TP-LLTP", 10, 20, 2, 25, 5, 0, 2, 0),
                         ("CA", "CA-LLTP", 8, 4, 0, 9, 1, 0, 1, 1),
                         ("D", "TNMT-DD", 30, 40, 5, 50, 10, 5, 8, 2),
                         ("X1", "TP-HT", 50, 50, 1, 90, 5, 1, 5, 0),
                         ("X2", "TP-HT", 40, 10, 0, 45, 3, 0, 2, 0),
                         ("X2", "TP-CT", 20, 30, 0, 49, 1, 0, 0, 0),
                         ("X2", None, 0, 1, 0, 1, 0, 0, 0, 0)]:
            received, handled, pending = sum(n[:3]), sum(n[3:6]), sum(n[6:])
            assert received == handled + pending
            conn.execute("""
                INSERT INTO mart.bieu06 (calendar, period_code, period_first_day, period_last_day, unit_key, field_key,
                    field_code, field_name, tiep_nhan_tong, tiep_nhan_truc_tuyen, tiep_nhan_truc_tiep_bcci,
                    tiep_nhan_ky_truoc, da_giai_quyet_tong, da_giai_quyet_truoc_han, da_giai_quyet_dung_han,
                    da_giai_quyet_qua_han, dang_giai_quyet_tong, dang_giai_quyet_trong_han, dang_giai_quyet_qua_han)
                SELECT 'hanh_chinh', %s, '2024-12-15', '2025-12-14', %s, f.field_key, f.field_code, f.name,
                       %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s
                FROM (SELECT %s::integer AS field_key) k LEFT JOIN dw.dim_field f USING (field_key)""",
                         (PERIOD, units[u], received, *n[:3], handled, *n[3:6], pending, *n[6:],
                          fields.get(f)))
    return warehouse


def test_the_province_form_groups_by_level_then_agency(province):
    rows = lines(province, "000.00.00.H56", PERIOD)
    assert_a_signable_form(rows)
    assert [(n, r.kind, r.field_name, r.field_code, r.tiep_nhan_tong)
            for n, r in zip(wording.bieu06_numbers(rows), rows)] == [
        ("I", "level", "Cấp tỉnh", None, 54),
        # one field name from two codes at two agencies of the level: the level is split by agency
        ("1", "agency", "Công an tỉnh", None, 12),
        ("1.1", "field", "Lý lịch tư pháp", "CA-LLTP", 12),
        ("2", "agency", "Sở Tư pháp", None, 32),
        ("2.1", "field", "Lý lịch tư pháp", "TP-LLTP", 32),
        ("3", "agency", "UBND tỉnh Thanh Hóa", None, 10),
        ("3.1", "field", "Đất đai", "TNMT-DD", 10),
        ("II", "level", "Cấp huyện", None, 75),
        ("1", "field", "Đất đai", "TNMT-DD", 75),
        # the communes of a level are summed per field ("theo cấp"), unknown field last
        ("III", "level", "Cấp xã", None, 202),
        ("1", "field", "Chứng thực", "TP-CT", 50),
        ("2", "field", "Hộ tịch", "TP-HT", 151),
        ("3", "field", "Lĩnh vực chưa xác định", None, 1),
        ("", "total", "Tổng cộng", None, 331),
    ]
    assert {r.nhom for r in rows if r.field_name == "Lý lịch tư pháp"} == {
        "Cấp tỉnh – Công an tỉnh", "Cấp tỉnh – Sở Tư pháp"}
    [(everything,)] = query(province, "SELECT sum(tiep_nhan_tong) FROM mart.bieu06")
    assert rows[-1].tiep_nhan_tong == everything == 331


def test_codes_of_one_name_at_one_unit_make_one_line(province):
    # the demo province: Lý lịch tư pháp under TP-LLTP, then CA-LLTP, both handled by UBND tỉnh
    query(province, "UPDATE mart.bieu06 SET unit_key = (SELECT unit_key FROM dw.dim_unit "
                    "WHERE unit_code = '000.00.00.H56') WHERE field_code IN ('TP-LLTP', 'CA-LLTP') RETURNING 1")
    rows = lines(province, "000.00.00.H56", PERIOD)
    assert_a_signable_form(rows)
    top = [(r.kind, r.field_name, r.field_code, r.tiep_nhan_tong, r.nhom) for r in rows[:4]]
    assert top == [("level", "Cấp tỉnh", None, 54, "Cấp tỉnh"),
                   ("field", "Lý lịch tư pháp", "CA-LLTP, TP-LLTP", 44, "Cấp tỉnh"),
                   ("field", "Đất đai", "TNMT-DD", 10, "Cấp tỉnh"),
                   ("level", "Cấp huyện", None, 75, "Cấp huyện")]
    assert [r.field_name for r in rows].count("Lý lịch tư pháp") == 1


def test_a_district_form_has_two_levels_and_a_commune_form_none(province):
    district = lines(province, "000.00.21.H56", PERIOD)
    assert_a_signable_form(district)
    assert [(n, r.field_name) for n, r in zip(wording.bieu06_numbers(district), district)] == [
        ("I", "Cấp huyện"), ("1", "Đất đai"), ("II", "Cấp xã"), ("1", "Chứng thực"), ("2", "Hộ tịch"),
        ("3", "Lĩnh vực chưa xác định"), ("", "Tổng cộng")]
    commune = lines(province, "000.02.21.H56", PERIOD)
    assert_a_signable_form(commune)
    assert [(n, r.kind, r.nhom) for n, r in zip(wording.bieu06_numbers(commune), commune)] == [
        ("1", "field", None), ("2", "field", None), ("3", "field", None), ("", "total", None)]


# ---------------------------------------------------------------- the sample province, 2025

def withdrawn_or_stopped(url: str, unit_code: str, period: Period, restated: bool) -> Decimal:
    """Counted from dw, not from the marts: dossiers of status 7 or 8 on the period's form whose end day is in
    the period (Biểu 06 counts them handled and on time), weighted as the roll-up weights them."""
    first, last = (int(d.strftime("%Y%m%d")) for d in (period.first_day, period.last_day))
    [(count,)] = query(url, """
        SELECT coalesce(sum(r.share), 0)
        FROM dw.fact_dossier f
        JOIN mart.unit_rollup r ON r.unit_key = f.unit_key AND r.ancestor_unit_code = %s AND r.restated = %s
        WHERE f.status_code IN (7, 8) AND f.received_date_key <= %s
          AND coalesce(f.finished_date_key,
                       to_char(f.source_event_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYYMMDD')::integer)
              BETWEEN %s AND %s""", (unit_code, restated, last, first, last))
    return count


@pytest.fixture(scope="module")
def province_2025(sample_2025):  # noqa: F811
    url, _ = sample_2025
    period = Period.from_code("nam:2025", LICH)
    with connect(url) as conn:
        data = gather(conn, PROVINCE, period, restated=True, issued_on=date(2026, 1, 5))
    return url, period, data


def test_the_sample_province_form(province_2025):
    url, _, data = province_2025
    rows = data.bieu06
    assert_a_signable_form(rows)
    numbers = wording.bieu06_numbers(rows)
    assert [(n, r.field_name) for n, r in zip(numbers, rows) if r.kind == "level"] == [
        ("I", "Cấp tỉnh"), ("II", "Cấp huyện"), ("III", "Cấp xã")]
    # both codes of Lý lịch tư pháp are handled by UBND tỉnh: one line, under Cấp tỉnh
    [lltp] = [r for r in rows if r.field_name == "Lý lịch tư pháp"]
    assert (lltp.nhom, lltp.field_code) == ("Cấp tỉnh", "CA-LLTP, TP-LLTP")
    assert rows[-1].tiep_nhan_tong == data.summary.tiep_nhan_tong
    assert rows[-1].da_giai_quyet_dung_han == data.summary.da_giai_quyet_dung_han
    # every field line is numbered within its level
    assert all(n.isdigit() for n, r in zip(numbers, rows) if r.kind == "field")


def test_the_note_says_how_many_withdrawn_or_stopped_dossiers_are_counted_handled(province_2025):
    url, period, data = province_2025
    n = withdrawn_or_stopped(url, PROVINCE, period, restated=True)
    assert n > 0 and data.summary.da_giai_quyet_rut_dung == n
    assert wording.bieu06_note(data) == (
        f"Ghi chú: Số hồ sơ đã giải quyết và đúng hạn gồm cả {vi.count(n)} hồ sơ công dân rút hoặc dừng xử lý "
        "(trả lại), theo cách tính của Hệ thống thông tin giải quyết TTHC tỉnh.")
    # nothing to say: no note
    assert wording.bieu06_note(replace(data, summary=replace(data.summary, da_giai_quyet_rut_dung=Decimal(0)))) is None


def _docx_text(path) -> str:
    doc = Document(str(path))
    return "\n".join([p.text for p in doc.paragraphs]
                     + [c.text for t in doc.tables for r in t.rows for c in r.cells])


def test_the_province_files_name_the_receiving_body_and_carry_the_note(province_2025, tmp_path):
    _, _, data = province_2025
    note = wording.bieu06_note(data)
    ws = load_workbook(write_bieu06_xlsx(data, tmp_path / "b.xlsx")).active
    assert (ws["I1"].value, ws["I2"].value) == ("Đơn vị báo cáo: UBND TỈNH THANH HÓA",
                                                "Đơn vị nhận báo cáo: VĂN PHÒNG CHÍNH PHỦ")
    column_a = [ws.cell(r, 1).value for r in range(11, ws.max_row + 1)]
    assert [v for v in column_a if isinstance(v, str) and not v.startswith("(")][:3] == ["I", "II", "III"]
    total_row = next(r for r in range(11, ws.max_row + 1) if ws.cell(r, 2).value == "Tổng cộng")
    assert ws.cell(total_row + 1, 1).value == note  # right under the table
    heading = next(r for r in range(11, total_row) if ws.cell(r, 1).value == "I")
    assert ws.cell(heading, 2).font.bold and not ws.cell(heading + 1, 2).font.bold

    text = _docx_text(write_docx(data, tmp_path / "b.docx"))
    for line in ("Đơn vị báo cáo: UBND TỈNH THANH HÓA", "Đơn vị nhận báo cáo: VĂN PHÒNG CHÍNH PHỦ",
                 "(Ban hành theo Thông tư số 01/2020/TT-VPCP ngày 21/10/2020)", note):
        assert line in text.split("\n"), line


# ---------------------------------------------------------------- hand-made ReportData, no database

def test_the_commune_files_name_the_district_as_receiver(tmp_path):
    data = ex.commune()  # 6 withdrawn or stopped dossiers in its summary
    assert wording.bieu06_units(data) == ["Đơn vị báo cáo: UBND XÃ HOẰNG CÁT",
                                          "Đơn vị nhận báo cáo: UBND HUYỆN HOẰNG HÓA"]
    note = wording.bieu06_note(data)
    assert note.startswith("Ghi chú: Số hồ sơ đã giải quyết và đúng hạn gồm cả 6 hồ sơ công dân rút")
    doc = Document(str(write_docx(data, tmp_path / "c.docx")))
    paragraphs = [p.text for p in doc.paragraphs]
    # up to the list of the inputs not given (the hand-made data has no workbook)
    appendix = [t for t in paragraphs[paragraphs.index("PHỤ LỤC"):paragraphs.index(sections.MISSING_TITLE)] if t]
    assert appendix[:8] == [
        "PHỤ LỤC", f"{wording.BIEU06_FORM} – {wording.BIEU06_TITLE}",
        "(Ban hành theo Thông tư số 01/2020/TT-VPCP ngày 21/10/2020)",
        "(Kèm theo Báo cáo số       /BC-UBND của Ủy ban nhân dân xã Hoằng Cát)",
        "(Từ ngày 15/12/2023 đến ngày 14/12/2024)", "Đơn vị báo cáo: UBND XÃ HOẰNG CÁT",
        "Đơn vị nhận báo cáo: UBND HUYỆN HOẰNG HÓA", "Đơn vị tính: Số hồ sơ TTHC"]
    assert appendix[-1] == note  # under the table
    ws = load_workbook(write_bieu06_xlsx(data, tmp_path / "c.xlsx")).active
    assert [ws.cell(r, 1).value for r in range(11, 16)] == [1, 2, 3, None, note]


def test_the_three_renderers_show_the_same_lines(tmp_path):
    rows = ex.bieu06_grouped([
        ("Cấp huyện", "level", [("H01", "Đất đai", (300, 100, 20), (350, 40, 10), (15, 5))]),
        ("Cấp xã", "level", [("X01", "Hộ tịch", (1200, 30, 0), (1100, 100, 10), (20, 0)),
                             ("X02", "Chứng thực", (800, 0, 5), (780, 20, 0), (5, 0))]),
    ])
    data = replace(ex.district(), bieu06=rows)
    expected = wording.bieu06_rows(data)
    assert [r[:2] for r in expected] == [["I", "Cấp huyện"], ["1", "Đất đai"], ["II", "Cấp xã"], ["1", "Hộ tịch"],
                                         ["2", "Chứng thực"], ["", "Tổng cộng"]]
    assert expected[-1][2] == vi.count(Decimal(2455))

    table = Document(str(write_docx(data, tmp_path / "d.docx"))).tables[-1]
    assert [[c.text for c in row.cells] for row in table.rows[3:]] == expected
    bold = [table.cell(r, 1).paragraphs[0].runs[0].bold for r in range(3, 3 + len(rows))]
    assert bold == [True, False, True, False, False, True]

    ws = load_workbook(write_bieu06_xlsx(data, tmp_path / "d.xlsx")).active
    got = [[ws.cell(r, c).value for c in range(1, 14)] for r in range(11, 11 + len(rows))]
    assert [[("" if v is None else vi.count(v) if isinstance(v, (int, float)) and c > 0 else str(v))
             for c, v in enumerate(row)] for row in got] == expected
    assert [ws.cell(r, 2).font.bold for r in range(11, 11 + len(rows))] == bold

    html = html_report.render_html(data, images="png")
    body = html[html.index('id="bieu-06"'):]
    assert body.count('<tr class="level">') == 2 and body.count('<tr class="total">') == 1
    assert body.count('<tr class="field">') == 3
    assert "Đơn vị nhận báo cáo: UBND TỈNH THANH HÓA" in body
