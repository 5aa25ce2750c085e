"""Loading the filled workbook "Phiếu số liệu báo cáo CCHC" (the report_input kind): a good workbook lands in the
tables of migration 0016 with its exact values; a later workbook of the same unit and period replaces the earlier
one and both stay; a bad workbook — a bad cell, or a structural problem — gets one clear Vietnamese error naming
sheet, row and label, and loads nothing. Workbooks are written by the template writer, then edited with openpyxl
as an official (or a mistake) would."""
from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from conftest import load_small, query
from etl.cli import cli
from etl.inputs import layout
from etl.inputs.catalogue import catalogue
from etl.inputs.template import write_workbook
from etl.periods import Period
from etl.pipeline import check, ingest

CAT, TRINH = "000.35.27.H56", "000.31.27.H56"  # communes of the small unit list
YEAR = Period.from_code("nam:2025")  # 15/12/2024 - 14/12/2025
LOAD_DATE = date(2025, 12, 20)
ROW = layout.item_rows(catalogue())  # item code -> its row on "Số liệu"
VALUES = {
    "nguoi_lap": "Lê Thị Hoa", "dien_thoai": "0912345678", "ngay_lap": date(2025, 12, 16),
    "ke_hoach_giai_doan": "Quyết định số 102/QĐ-UBND ngày 25/11/2021", "so_van_ban_cchc": 12,
    "bao_cao_dung_han": "Có", "tuyen_truyen_chuyen_muc": 6, "tuyen_truyen_tin_bai": 7,
    "nhiem_vu_giao": 38, "nhiem_vu_hoan_thanh": 38, "khao_sat_hai_long": Decimal("94.29"),
    "can_bo": 10, "cong_chuc": 12, "trinh_do_dai_hoc": 20, "iso_ap_dung": "Không",
    "uu_diem": "Thực hiện tốt cơ chế một cửa.\nCông khai đầy đủ thủ tục hành chính.",
}
LISTS = {
    "van_ban": [{"so_ky_hieu": "01/QĐ-UBND", "ngay": date(2025, 1, 2), "loai": "Quyết định",
                 "trich_yeu": "Ban hành Kế hoạch CCHC năm 2025", "muc": "I.1"},
                {"so_ky_hieu": "15/KH-UBND", "ngay": date(2025, 2, 10), "loai": "kế hoạch",  # the case is not kept
                 "trich_yeu": "Tuyên truyền CCHC năm 2025", "muc": "I.2"}],
    "kiem_tra": [{"doi_tuong": "Bộ phận Một cửa", "ngay": date(2025, 6, 3), "ton_tai": 2, "da_khac_phuc": 1}],
    "mo_hinh": [{"ten": "Tổ công nghệ số cộng đồng", "nam_ap_dung": 2023, "ket_qua": "Hướng dẫn 1.200 lượt"}],
}
CELLS = 3 + len(ROW) + 5 * 2 + 4 + 3  # Thông tin phiếu (unit, who, when), every item, the list rows' cells
FILLED_CELLS = 3 + 13 + 5 * 2 + 4 + 3


def workbook(folder: Path, unit: str = CAT, period: Period = YEAR, values: dict | None = None,
             lists: dict | None = None, carried=(), name: str | None = None) -> Path:
    """The workbook ``cchc template`` would write for ``unit``, filled with VALUES and LISTS (or the given ones)."""
    return write_workbook(folder / (name or layout.file_name(unit, period.code)), unit_code=unit,
                          unit_name="Xã Hoằng Cát", period=period, values=VALUES if values is None else values,
                          lists=LISTS if lists is None else lists, carried=carried)


def edit(path: Path, sheet: str, cells: dict) -> Path:
    """Type values into cells of a written workbook, as an official would (protection binds Excel, not openpyxl)."""
    book = openpyxl.load_workbook(path)
    for cell, value in cells.items():
        book[sheet][cell] = value
    book.save(path)
    return path


def value_cell(item: str) -> str:
    return f"E{ROW[item]}"


def load(*paths: Path):
    return ingest(list(paths), source="phieu", load_date=LOAD_DATE, progress=lambda _: None)


@pytest.fixture
def units(warehouse):
    load_small("don-vi-hanh-chinh.csv", load_date=date(2024, 2, 1))
    return warehouse


def nothing_loaded(url: str) -> bool:
    tables = ("dw.report_input_submission", "dw.fact_report_input", "dw.report_document", "dw.report_inspection",
              "dw.report_initiative", "audit.quarantine")
    return all(query(url, f"SELECT count(*) FROM {table}") == [(0,)] for table in tables)


# ---------------------------------------------------------------------------------------------- a good workbook

def test_a_filled_workbook_loads_with_its_exact_values(units, tmp_path):
    path = workbook(tmp_path)
    [result] = load(path).files
    assert (result.format, result.status, result.rows_read, result.rows_loaded, result.rows_quarantined,
            result.rows_inserted) == ("phieu_so_lieu", "loaded", CELLS, CELLS, 0, FILLED_CELLS)
    [(submission, file_id, load_id)] = query(units, "SELECT submission_id, file_id, load_id "
                                                    "FROM dw.report_input_submission")
    assert query(units, "SELECT unit_code, period_code, template_version, prepared_by, prepared_on, replaced_by "
                        "FROM dw.report_input_submission") == [(CAT, "nam:2025", "2025.1", "Lê Thị Hoa",
                                                                date(2025, 12, 16), None)]
    assert query(units, "SELECT f.file_id, l.load_id FROM audit.landed_file f JOIN audit.file_load l USING (file_id) "
                        "WHERE f.format = 'phieu_so_lieu'") == [(file_id, load_id)]
    assert query(units, "SELECT item_code, value_number, value_text, carried FROM dw.fact_report_input "
                        "WHERE submission_id = %s ORDER BY item_code", (submission,)) == sorted([
        ("ke_hoach_giai_doan", None, "Quyết định số 102/QĐ-UBND ngày 25/11/2021", False),
        ("so_van_ban_cchc", 12, None, False), ("bao_cao_dung_han", None, "Có", False),
        ("tuyen_truyen_chuyen_muc", 6, None, False), ("tuyen_truyen_tin_bai", 7, None, False),
        ("nhiem_vu_giao", 38, None, False), ("nhiem_vu_hoan_thanh", 38, None, False),
        ("khao_sat_hai_long", Decimal("94.29"), None, False), ("can_bo", 10, None, False),
        ("cong_chuc", 12, None, False), ("trinh_do_dai_hoc", 20, None, False),
        ("iso_ap_dung", None, "Không", False),
        ("uu_diem", None, "Thực hiện tốt cơ chế một cửa.\nCông khai đầy đủ thủ tục hành chính.", False)])
    assert query(units, "SELECT line_no, document_number, issued_on, kind, summary, section FROM dw.report_document "
                        "ORDER BY line_no") == [
        (1, "01/QĐ-UBND", date(2025, 1, 2), "Quyết định", "Ban hành Kế hoạch CCHC năm 2025", "I.1"),
        (2, "15/KH-UBND", date(2025, 2, 10), "Kế hoạch", "Tuyên truyền CCHC năm 2025", "I.2")]
    assert query(units, "SELECT line_no, inspected, inspected_on, findings, remedied FROM dw.report_inspection") == [
        (1, "Bộ phận Một cửa", date(2025, 6, 3), 2, 1)]
    assert query(units, "SELECT line_no, name, year_applied, result FROM dw.report_initiative") == [
        (1, "Tổ công nghệ số cộng đồng", 2023, "Hướng dẫn 1.200 lượt")]
    assert query(units, "SELECT metadata FROM audit.landed_file WHERE format = 'phieu_so_lieu'") == [
        ({"ma_don_vi": CAT, "ky_bao_cao": "nam:2025", "phien_ban": "2025.1"},)]


def test_list_rows_keep_their_order_and_skip_blank_rows(units, tmp_path):
    path = edit(workbook(tmp_path), "Văn bản", {"B7": "20/QĐ-UBND", "C7": datetime(2025, 3, 1),
                                                 "D7": "Quyết định", "E7": "Quy chế một cửa", "F7": "II.2.2"})
    assert load(path).failed == []
    assert query(units, "SELECT line_no, document_number, section FROM dw.report_document ORDER BY line_no") == [
        (1, "01/QĐ-UBND", "I.1"), (2, "15/KH-UBND", "I.2"), (3, "20/QĐ-UBND", "II.2.2")]


def test_a_later_workbook_replaces_the_earlier_and_both_stay(units, tmp_path):
    first = workbook(tmp_path / "first")
    second = workbook(tmp_path / "second", values=VALUES | {"nhiem_vu_hoan_thanh": 36, "so_van_ban_cchc": 13},
                      lists={"van_ban": LISTS["van_ban"][:1]})
    assert [f.status for f in load(first).files] == ["loaded"]
    assert [f.status for f in load(first).files] == ["skipped"]  # the same bytes again: landed once, not reloaded
    assert [f.status for f in load(second).files] == ["loaded"]
    rows = query(units, "SELECT submission_id, replaced_by, replaced_at IS NOT NULL FROM dw.report_input_submission "
                        "ORDER BY submission_id")
    (earlier, _, _), (later, _, _) = rows
    assert rows == [(earlier, later, True), (later, None, False)]
    assert query(units, "SELECT submission_id, value_number FROM dw.fact_report_input "
                        "WHERE item_code = 'nhiem_vu_hoan_thanh' ORDER BY 1") == [(earlier, 38), (later, 36)]
    assert query(units, "SELECT submission_id, item_code, value_number FROM dw.report_input_current "
                        "WHERE item_code IN ('nhiem_vu_hoan_thanh', 'so_van_ban_cchc') ORDER BY item_code") == [
        (later, "nhiem_vu_hoan_thanh", 36), (later, "so_van_ban_cchc", 13)]
    assert query(units, "SELECT submission_id, count(*) FROM dw.report_document GROUP BY 1 ORDER BY 1") == [
        (earlier, 2), (later, 1)]


def test_a_pre_filled_value_is_carried_only_when_left_as_last_period_had_it(units, tmp_path):
    last_year = Period.from_code("nam:2024")
    plan, site = "Quyết định số 102/QĐ-UBND ngày 25/11/2021", "https://hoangcat.hoanghoa.thanhhoa.gov.vn"
    assert load(workbook(tmp_path / "2024", period=last_year, values={
        "ke_hoach_giai_doan": plan, "tuyen_truyen_trang_tin": site}, lists={})).failed == []
    this_year = workbook(tmp_path / "2025", values={"ke_hoach_giai_doan": plan, "tuyen_truyen_trang_tin": site,
                                                    "tthc_cong_khai": "Bảng niêm yết"},
                         lists={}, carried={"ke_hoach_giai_doan", "tuyen_truyen_trang_tin"})
    edit(this_year, "Số liệu", {value_cell("tuyen_truyen_trang_tin"): "https://hoangcat.gov.vn"})  # changed
    assert load(this_year).failed == []
    assert query(units, "SELECT i.item_code, i.carried FROM dw.report_input_current i WHERE period_code = 'nam:2025' "
                        "ORDER BY 1") == [("ke_hoach_giai_doan", True), ("tthc_cong_khai", False),
                                          ("tuyen_truyen_trang_tin", False)]


# ---------------------------------------------------------------------------------------------- bad workbooks

def refused(url: str, path: Path) -> str:
    """The error of a workbook the load refused, checked to be the one audit.file_load keeps, with nothing of
    the workbook in the warehouse."""
    [result] = load(path).files
    assert result.status == "failed"
    assert query(url, "SELECT status, error FROM audit.file_load WHERE load_id = %s", (result.load_id,)) == [
        ("failed", result.error)]
    assert nothing_loaded(url)
    return result.error


def test_text_in_a_number_cell(units, tmp_path):
    path = edit(workbook(tmp_path), "Số liệu", {value_cell("nhiem_vu_giao"): "ba mươi tám"})
    assert refused(units, path) == (
        f"tệp {path.name}: không nạp gì của tệp vì có 1 lỗi: trang 'Số liệu', dòng {ROW['nhiem_vu_giao']} "
        f"(Số nhiệm vụ được giao trong kế hoạch CCHC): ô số ghi chữ, không phải số (ba mươi tám)")


def test_done_more_than_assigned(units, tmp_path):
    path = edit(workbook(tmp_path), "Số liệu", {value_cell("nhiem_vu_hoan_thanh"): 40,
                                                value_cell("trinh_do_dai_hoc"): 23})
    assert refused(units, path) == (
        f"tệp {path.name}: không nạp gì của tệp vì có 2 lỗi: "
        f"trang 'Số liệu', dòng {ROW['nhiem_vu_hoan_thanh']} (Số nhiệm vụ đã hoàn thành): lớn hơn số cho phép "
        f"(40 > 38 ở dòng {ROW['nhiem_vu_giao']} – Số nhiệm vụ được giao trong kế hoạch CCHC); "
        f"trang 'Số liệu', dòng {ROW['trinh_do_dai_hoc']} (Số cán bộ, công chức có trình độ chuyên môn đại học trở "
        f"lên): lớn hơn số cho phép (23 > 22 là tổng ở dòng {ROW['can_bo']} – Số cán bộ, dòng {ROW['cong_chuc']} – "
        f"Số công chức)")


def test_a_date_after_the_period_and_an_inspection_before_it(units, tmp_path):
    path = edit(workbook(tmp_path), "Văn bản", {"C5": datetime(2025, 12, 20)})
    edit(path, "Kiểm tra", {"C4": datetime(2024, 12, 1), "E4": 3})
    assert refused(units, path) == (
        f"tệp {path.name}: không nạp gì của tệp vì có 3 lỗi: "
        "trang 'Văn bản', dòng 5 (Ngày ban hành): ngày sau ngày chốt số liệu của kỳ báo cáo "
        "(20/12/2025 — kỳ năm 2025 chốt số liệu ngày 14/12/2025); "
        "trang 'Kiểm tra', dòng 4 (Ngày kiểm tra): ngày trước kỳ báo cáo: cuộc kiểm tra phải trong kỳ "
        "(01/12/2024 — kỳ năm 2025 bắt đầu từ ngày 15/12/2024); "
        "trang 'Kiểm tra', dòng 4 (Số tồn tại đã khắc phục): lớn hơn số cho phép (3 > 2 ở Số tồn tại phát hiện)")


def test_every_bad_cell_is_named_in_sheet_order_up_to_twenty(units, tmp_path):
    late = {"so_ky_hieu": "x", "ngay": date(2025, 12, 31), "loai": "Công văn", "trich_yeu": "x", "muc": "I.1"}
    path = workbook(tmp_path, values=VALUES | {"khao_sat_hai_long": 120, "bao_cao_dung_han": None},
                    lists={"van_ban": [late] * 23})
    edit(path, "Số liệu", {value_cell("bao_cao_dung_han"): "Co"})
    edit(path, "Văn bản", {"D4": "Tờ trình", "F4": "V.1", "B5": None})
    error = refused(units, path)
    shown = error.split(": không nạp gì của tệp vì có 28 lỗi: ")[1].split("; ")
    assert shown[:5] == [
        f"trang 'Số liệu', dòng {ROW['bao_cao_dung_han']} (Sơ kết, tổng kết, báo cáo CCHC định kỳ đúng thời gian "
        "quy định): chỉ được ghi Có hoặc Không (ghi Co — chọn một trong: Có, Không)",
        f"trang 'Số liệu', dòng {ROW['khao_sat_hai_long']} (Tỷ lệ người dân, tổ chức hài lòng theo khảo sát): "
        "tỷ lệ phải từ 0 đến 100 (120)",
        "trang 'Văn bản', dòng 4 (Ngày ban hành): ngày sau ngày chốt số liệu của kỳ báo cáo "
        "(31/12/2025 — kỳ năm 2025 chốt số liệu ngày 14/12/2025)",
        "trang 'Văn bản', dòng 4 (Loại văn bản): không có trong danh sách chọn của cột (ghi Tờ trình — chọn một "
        "trong: Quyết định, Kế hoạch, Công văn, Chỉ thị, Thông báo, Báo cáo, Nghị quyết)",
        "trang 'Văn bản', dòng 4 (Thuộc mục báo cáo): không phải mã mục của báo cáo (ghi V.1 — chọn một trong: "
        + ", ".join(catalogue().section_codes) + ")"]
    assert shown[5] == "trang 'Văn bản', dòng 5 (Số, ký hiệu): cột bắt buộc chưa điền (dòng đã có nội dung ở cột khác)"
    assert len(shown) == 21 and shown[-1] == "và 8 lỗi khác (xem bằng cchc check --json)"
    assert shown[-2].startswith("trang 'Văn bản', dòng 18 (Ngày ban hành)")


def test_a_missing_sheet(units, tmp_path):
    path = workbook(tmp_path)
    book = openpyxl.load_workbook(path)
    del book["Kiểm tra"]
    book.save(path)
    assert refused(units, path) == (
        f"tệp {path.name}: phiếu thiếu trang 'Kiểm tra' (phiếu phải có đủ các trang 'Thông tin phiếu', 'Số liệu', "
        "'Văn bản', 'Kiểm tra', 'Mô hình'); hãy điền lại trên phiếu do lệnh cchc template tạo, không xóa hay đổi "
        "tên trang")


def test_a_workbook_without_its_information_sheet_is_still_recognised(units, tmp_path):
    path = workbook(tmp_path)
    book = openpyxl.load_workbook(path)
    del book["Thông tin phiếu"]
    book.save(path)
    assert "phiếu thiếu trang 'Thông tin phiếu' (phiếu phải có đủ" in refused(units, path)


def test_an_item_row_missing(units, tmp_path):
    path = edit(workbook(tmp_path), "Số liệu", {f"B{ROW['ky_luat']}": None})
    assert refused(units, path) == (
        f"tệp {path.name}: trang 'Số liệu' thiếu dòng của mục: Số cán bộ, công chức bị xử lý kỷ luật trong kỳ "
        "(ky_luat, mục II.4); hãy điền lại trên phiếu do lệnh cchc template tạo")


def test_an_old_template_version(units, tmp_path):
    path = edit(workbook(tmp_path), "Thông tin phiếu", {f"B{layout.info_row('phien_ban')}": "2024.1"})
    assert refused(units, path) == (
        f"tệp {path.name}: phiếu làm theo mẫu phiên bản 2024.1, mẫu hiện hành là phiên bản 2025.1: phiếu mẫu cũ "
        f"không được nhận; hãy lấy phiếu mới bằng lệnh cchc template --unit {CAT} --period nam:2025 rồi chép số "
        "liệu sang")


def test_a_period_code_that_is_not_one(units, tmp_path):
    path = edit(workbook(tmp_path, name="phieu.xlsx"), "Thông tin phiếu",
                {f"B{layout.info_row('ky_bao_cao')}": "nam:20x5"})
    assert refused(units, path).startswith(
        f"tệp phieu.xlsx: trang 'Thông tin phiếu', dòng {layout.info_row('ky_bao_cao')} (Mã kỳ báo cáo): "
        "'nam:20x5' không phải mã kỳ báo cáo (thang:YYYY-MM")


def test_a_workbook_for_another_unit_by_its_file_name(units, tmp_path):
    path = workbook(tmp_path, unit=TRINH, name=layout.file_name(CAT, "nam:2025"))
    assert refused(units, path) == (
        f"tệp {path.name}: phiếu của đơn vị khác: tên tệp là phiếu của đơn vị {CAT}, kỳ nam:2025, nhưng trang "
        f"'Thông tin phiếu' ghi đơn vị {TRINH}, kỳ nam:2025; hãy gửi đúng phiếu của đơn vị (tên tệp đúng là "
        f"phieu-so-lieu_{TRINH}_nam-2025.xlsx)")


def test_a_workbook_for_a_unit_the_warehouse_does_not_know(units, tmp_path):
    path = workbook(tmp_path, unit="000.99.27.H56")
    assert refused(units, path) == (
        f"tệp {path.name}: trang 'Thông tin phiếu' ghi mã đơn vị 000.99.27.H56, không có trong danh mục đơn vị của "
        "kho (dw.dim_unit): phiếu của đơn vị khác, hoặc danh mục đơn vị chưa được nạp; hãy gửi đúng phiếu của đơn "
        "vị, hoặc nạp danh mục đơn vị trước")


def test_a_bad_workbook_does_not_stop_a_good_one(units, tmp_path):
    bad = edit(workbook(tmp_path / "bad", unit=TRINH), "Số liệu", {value_cell("can_bo"): -1})
    summary = load(bad, workbook(tmp_path / "good"))
    assert sorted((f.file, f.status) for f in summary.files) == sorted([(bad.name, "failed"),
                                                                         (layout.file_name(CAT, "nam:2025"), "loaded")])
    assert query(units, "SELECT unit_code FROM dw.report_input_submission") == [(CAT,)]


def test_what_the_cell_rules_accept_and_refuse(tmp_path):
    path = workbook(tmp_path, values=VALUES | {"cong_chuc": None, "trinh_do_dai_hoc": 30})  # a bound not given
    edit(path, "Số liệu", {value_cell("so_van_ban_cchc"): "1.234", value_cell("khao_sat_hai_long"): -5,
                           value_cell("bao_cao_dung_han"): "không"})
    edit(path, "Văn bản", {"C4": "05/03/2025"})
    assert [(f["row_no"], f["rule"], f["value"]) for f in check(path, load_date=LOAD_DATE)["failures"]] == [
        (str(ROW["khao_sat_hai_long"]), "phieu_so_am", "-5")]


# ---------------------------------------------------------------------------------------------- the command line

def test_check_validates_a_workbook_without_loading(tmp_path):
    good = workbook(tmp_path / "good")
    assert check(good, load_date=LOAD_DATE) == {"file": good.name, "format": "phieu_so_lieu",
                                                 "rows_read": CELLS, "rows_failing": 0, "refused": [],
                                                 "failures": [], "all_or_nothing": True, "problems": []}
    bad = edit(workbook(tmp_path / "bad"), "Số liệu", {value_cell("nhiem_vu_giao"): "ba mươi tám"})
    printed = CliRunner().invoke(cli, ["check", str(bad)])
    assert printed.exit_code == 1
    assert printed.output.splitlines() == [
        f"{bad.name} (phieu_so_lieu): {CELLS} ô đã đọc; TỆP SẼ BỊ TỪ CHỐI khi nạp (không nạp gì của tệp), 1 lỗi:",
        f"  trang 'Số liệu', dòng {ROW['nhiem_vu_giao']} (Số nhiệm vụ được giao trong kế hoạch CCHC): ô số ghi chữ, "
        "không phải số (ba mươi tám)"]
    result = CliRunner().invoke(cli, ["check", "--json", str(bad)])
    assert result.exit_code == 1
    [found] = json.loads(result.stdout)
    assert found["refused"] == [
        f"không nạp gì của tệp vì có 1 lỗi: trang 'Số liệu', dòng {ROW['nhiem_vu_giao']} (Số nhiệm vụ được giao "
        "trong kế hoạch CCHC): ô số ghi chữ, không phải số (ba mươi tám)"]
    assert [(f["row_no"], f["rule"], f["value"]) for f in found["failures"]] == [
        (str(ROW["nhiem_vu_giao"]), "phieu_khong_phai_so", "ba mươi tám")]


def test_ingest_prints_the_reasons(units, tmp_path):
    bad = edit(workbook(tmp_path), "Số liệu", {value_cell("can_bo"): 4.5})
    result = CliRunner().invoke(cli, ["ingest", "--load-date", LOAD_DATE.isoformat(), str(bad)])
    assert result.exit_code == 1
    assert (f"  LỖI: tệp {bad.name}: không nạp gì của tệp vì có 1 lỗi: trang 'Số liệu', dòng {ROW['can_bo']} "
            "(Số cán bộ): phải là số nguyên (4,5)") in result.output.splitlines()
