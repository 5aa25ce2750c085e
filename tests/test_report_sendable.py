"""Every unit's report of the sample province, for a year and a quarter, read as the official who signs it:
in the Word text and the Biểu 06 workbook, no share outside 0–100%, every "x/y" with x ≤ y, every rate
labelled with its period and rule, ranks consistent with scores, the ranking table summing to the total
above it, no rule code anywhere. The reports are made by the same function as `cchc report`."""
from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from etl.db import connect
from etl.marts import refresh_for_report
from etl.periods import Period
from etl.reports.bieu06_xlsx import write_bieu06_xlsx
from etl.reports.checks import check_report
from etl.reports.config import report_config
from etl.reports.data import gather, report_units
from etl.reports.render import file_names
from etl.reports.word import write_docx

PERIODS = ("nam:2025", "quy:2025-3")  # a year (compared with 2024, which the sample covers only in part) and
# the quarter of the 01/07/2025 reorganisation (compared with a fully covered quarter)

NUMBER = r"\d{1,3}(?:\.\d{3})*(?:,\d+)?"
PERCENT = re.compile(rf"(?<![\d,.])({NUMBER})%")
FRACTION = re.compile(rf"(?<![\d/.,])({NUMBER})/({NUMBER})(?![\d/])")
CHANGE = re.compile(rf"(?:tăng|giảm) {NUMBER}%")
RULE_CODE = re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b")


def number(text: str) -> Decimal:
    return Decimal(text.replace(".", "").replace(",", "."))


def docx_lines(path: Path) -> tuple[list[str], list[list[list[str]]]]:
    """The paragraphs of the body and the tables (rows of cell texts) of a Word report."""
    doc = Document(path)
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in doc.tables]
    return [p.text for p in doc.paragraphs if p.text.strip()], tables


@pytest.fixture(scope="module")
def reports(history_sample, tmp_path_factory):
    """{period code: [(unit code, (docx, xlsx))]} for every unit the sample's reports go to: gathered as
    `cchc report` gathers them, checked (etl.reports.checks) and written as Word and Biểu 06 workbook (the PDF
    and HTML say the same words: tests/test_report_render.py)."""
    url, _ = history_sample
    made = {}
    with connect(url) as conn:
        for code in PERIODS:
            period = Period.from_code(code)
            refresh_for_report(conn, period, list(report_config().certification_fields))
            conn.commit()
            out = tmp_path_factory.mktemp(code.replace(":", "-"))
            made[code] = []
            for unit in report_units(conn, period):
                data = gather(conn, unit, period)
                check_report(data)
                docx, _, _, xlsx = (out / name for name in file_names(data))
                made[code].append((unit, (write_docx(data, docx), write_bieu06_xlsx(data, xlsx))))
            assert len(made[code]) > 20
    return made


def all_reports(reports):
    for code, produced in reports.items():
        for unit_code, files in produced:
            yield code, unit_code, files


def test_no_share_outside_0_100_and_every_fraction_within_its_base(reports):
    checked = 0
    for code, unit, files in all_reports(reports):
        paragraphs, tables = docx_lines(files[0])
        texts = paragraphs + [cell for table in tables for row in table for cell in row]
        for text in texts:
            for value in PERCENT.findall(CHANGE.sub("", text)):  # a change ("tăng 200,00%") is not a share
                assert Decimal(0) <= number(value) <= Decimal(100), (code, unit, text)
                checked += 1
            for x, y in FRACTION.findall(text):
                assert number(x) <= number(y), (code, unit, text)
                checked += 1
    assert checked > 1000


def test_every_rate_names_its_period_and_rule(reports):
    """Rates of the report period (Biểu 06 rules) and of the calendar period (QĐ 766) differ; each sentence
    with a rate says which it is, and the QĐ 766 table's caption states the window it covers."""
    for code, unit, files in all_reports(reports):
        paragraphs, _ = docx_lines(files[0])
        for text in paragraphs:
            if "%" in text and "tỷ lệ" in text.lower():
                assert "kỳ báo cáo" in text or "dương lịch" in text, (code, unit, text)
        [caption] = [t for t in paragraphs if t.startswith("Bảng 1.")]
        assert re.search(r"từ ngày \d\d/\d\d/\d{4} đến ngày \d\d/\d\d/\d{4}", caption), caption


def test_no_rule_code_in_any_text(reports):
    for code, unit, files in all_reports(reports):
        paragraphs, tables = docx_lines(files[0])
        for text in paragraphs + [cell for table in tables for row in table for cell in row]:
            assert not RULE_CODE.search(text), (code, unit, text)
        workbook = load_workbook(files[1])
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows(values_only=True):
                for value in row:
                    if isinstance(value, str):
                        assert not RULE_CODE.search(value), (code, unit, value)


def test_comparisons_only_against_a_covered_period(reports):
    """The sample starts in January 2024: the year 2024 (from 15/12/2023) is no base for 2025, the second
    quarter of 2025 is."""
    for code, unit, files in all_reports(reports):
        paragraphs, _ = docx_lines(files[0])
        text = "\n".join(paragraphs)
        if code == "nam:2025":
            assert "so với cùng kỳ" not in text, unit
            assert "Chưa đủ số liệu cùng kỳ năm 2024 để so sánh: dữ liệu có từ ngày" in text, unit


def test_the_biểu_06_workbook_adds_up(reports):
    for code, unit, files in all_reports(reports):
        sheet = load_workbook(files[1]).active
        rows = [r for r in sheet.iter_rows(values_only=True)
                if len(r) >= 13 and all(isinstance(v, (int, float)) for v in r[2:13])]
        for r in rows:
            c = [Decimal(str(v)) for v in r[2:13]]
            assert c[0] == c[1] + c[2] + c[3] == c[4] + c[8], (code, unit, r)
            assert c[4] == c[5] + c[6] + c[7] and c[8] == c[9] + c[10], (code, unit, r)


def test_rankings_follow_the_scores_and_the_table_adds_up_to_the_total(reports):
    tables_seen = own_rows_checked = 0
    for code, unit, files in all_reports(reports):
        paragraphs, tables = docx_lines(files[0])
        ranking = [t for t in tables if t[0][0] == "Hạng"]
        if not ranking:
            continue
        tables_seen += 1
        [table] = ranking
        units = [row for row in table[1:] if len(set(row)) > 1 and row[1] != "Tổng cộng"]
        [total] = [row for row in table if row[1] == "Tổng cộng"]
        for column in (2, 3):  # received, resolved
            assert sum(number(row[column]) for row in units) == number(total[column]), (code, unit, column)
        # the unit's own row is the total less the listed units; it must be what the unit's own level handled,
        # as its Biểu 06 counts it independently (the "Cấp tỉnh" / "Cấp huyện" heading of the form)
        [own] = [row for row in units if row[1].startswith("Cơ quan cấp tỉnh") or row[1].endswith("(cấp huyện)")]
        level = "Cấp tỉnh" if own[1].startswith("Cơ quan") else "Cấp huyện"
        form = load_workbook(files[1]).active
        heading = [r for r in form.iter_rows(values_only=True) if len(r) > 2 and r[1] == level]
        if heading:
            own_rows_checked += 1
            assert number(own[2]) == heading[0][2], (code, unit, own, heading[0])
        received = re.search(rf"Tổng số hồ sơ đã tiếp nhận: ({NUMBER}) hồ sơ", "\n".join(paragraphs))[1]
        assert total[2] == received, (code, unit)
        ranked = [(int(row[0]), number(row[-1].rstrip("%"))) for row in units if row[0].isdigit()
                  and row[-1].endswith("%")]
        for rank, share in ranked:
            better = [s for _, s in ranked if s > share]
            assert rank == len(better) + 1, (code, unit, rank, share)  # equal shares, equal ranks
            points = [r for r in units if r[0] == str(rank)][0][7]
            assert re.fullmatch(r"\d+,\d\d/\d+", points), (code, unit, points)  # scores with two decimals
    assert tables_seen >= 4  # the province and the districts, both periods
    assert own_rows_checked >= 2


def test_the_province_report_has_real_recipients_and_its_form_a_receiver(reports):
    [(_, (docx, xlsx))] = [(u, f) for u, f in reports["nam:2025"] if u == "000.00.00.H56"]
    cells = "\n".join(c.text for t in Document(docx).tables for r in t.rows for c in r.cells)
    assert "- Bộ Nội vụ (b/c);" in cells and "- Văn phòng Chính phủ (b/c);" in cells and "- Lưu: VT." in cells
    sheet = load_workbook(xlsx).active
    texts = [v for row in sheet.iter_rows(values_only=True) for v in row if isinstance(v, str)]
    assert "Đơn vị nhận báo cáo: VĂN PHÒNG CHÍNH PHỦ" in texts


def test_nơi_nhận_by_unit_level_or_default(tmp_path):
    from etl.reports.config import TOP_NOI_NHAN, _load

    path = tmp_path / "reports.yaml"
    path.write_text('kinds: [nam]\nnoi_nhan: ["{parent} (b/c)", "Lưu: VT."]\n', encoding="utf-8")
    config = _load(str(path))
    assert config.noi_nhan_of("000.21.20.H56", "xa", True) == ("{parent} (b/c)", "Lưu: VT.")
    assert config.noi_nhan_of("000.00.00.H56", "tinh", False) == TOP_NOI_NHAN  # never only "Lưu: VT."
    path = tmp_path / "by-level.yaml"  # one file per text: a config file is read once per path
    path.write_text('kinds: [nam]\nnoi_nhan:\n  default: ["{parent} (b/c)", "Lưu: VT."]\n'
                    '  xa: ["{parent} (b/c)", "Đảng ủy xã (b/c)", "Lưu: VT."]\n'
                    '  000.00.00.H56: ["Bộ Nội vụ (b/c)", "Lưu: VT."]\n', encoding="utf-8")
    config = _load(str(path))
    assert config.noi_nhan_of("000.21.20.H56", "xa", True)[1] == "Đảng ủy xã (b/c)"
    assert config.noi_nhan_of("000.00.21.H56", "huyen", True) == ("{parent} (b/c)", "Lưu: VT.")
    assert config.noi_nhan_of("000.00.00.H56", "tinh", False) == ("Bộ Nội vụ (b/c)", "Lưu: VT.")
    path = tmp_path / "wrong.yaml"
    path.write_text('kinds: [nam]\nnoi_nhan: "Lưu"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="noi_nhan phải là danh sách"):
        _load(str(path))
