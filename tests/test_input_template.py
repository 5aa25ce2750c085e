"""The fill-in workbook "Phiếu số liệu báo cáo CCHC" as written (docs/formats.md §11): real .xlsx files written
and opened again with openpyxl; `cchc template` on a real warehouse, pre-filled from a workbook of the previous
period put into the 0016 tables, with the figures of the small export."""
from __future__ import annotations

from datetime import date

import psycopg
from click.testing import CliRunner
from openpyxl import load_workbook

from etl.cli import cli
from etl.inputs import layout
from etl.inputs.catalogue import catalogue
from etl.inputs.template import write_workbook
from etl.periods import Period

CAT, DISTRICT = "000.35.27.H56", "000.00.27.H56"
NAM_2025 = Period.from_code("nam:2025")  # 15/12/2024 - 14/12/2025 (config/periods.yaml)
LIST_LAST_ROW = layout.LIST_FIRST_ROW + layout.LIST_ROWS - 1
CARRIED_FILL = "00FFE699"


def rules(sheet) -> dict[str, tuple]:
    """cell or range -> (type, operator, formula1, formula2) of the sheet's data validation."""
    return {str(cell_range): (dv.type, dv.operator, dv.formula1, dv.formula2)
            for dv in sheet.data_validations.dataValidation for cell_range in dv.sqref.ranges}


def unlocked(sheet) -> set[str]:
    return {cell.coordinate for row in sheet.iter_rows() for cell in row if not cell.protection.locked}


def write(tmp_path, **kwargs):
    path = write_workbook(tmp_path / "phieu.xlsx", unit_code=CAT, unit_name="Xã Hoằng Cát", period=NAM_2025,
                          **kwargs)
    return load_workbook(path)


def test_the_workbook_lays_out_the_catalogue_with_validation_and_protection(tmp_path):
    cat = catalogue()
    book = write(tmp_path)
    assert book.sheetnames == ["Hướng dẫn", "Thông tin phiếu", "Số liệu", "Văn bản", "Kiểm tra", "Mô hình",
                               "Số liệu từ hệ thống"]
    assert all(sheet.protection.sheet for sheet in book.worksheets)
    assert book.security.lockStructure
    assert unlocked(book["Hướng dẫn"]) == set() and unlocked(book["Số liệu từ hệ thống"]) == set()
    guide = [row[0] for row in book["Hướng dẫn"].iter_rows(values_only=True)]
    assert guide[0] == "Phiếu số liệu báo cáo công tác cải cách hành chính năm 2025 — Xã Hoằng Cát"
    assert guide[-1] == (f"Mẫu phiếu phiên bản {cat.version}. Phiếu của mẫu cũ không được nhận: khi mẫu đổi, lấy "
                         "phiếu mới.")

    info = book["Thông tin phiếu"]
    assert info["A1"].value == "PHIẾU SỐ LIỆU BÁO CÁO CÔNG TÁC CẢI CÁCH HÀNH CHÍNH"
    assert [(row[2], row[1]) for row in info.iter_rows(min_row=3, values_only=True)] == [
        ("mau", "phieu_so_lieu_cchc"), ("phien_ban", cat.version), ("ma_don_vi", CAT), ("ten_don_vi", "Xã Hoằng Cát"),
        ("ky_bao_cao", "nam:2025"), ("ten_ky", "Năm 2025"), ("tu_ngay", "15/12/2024"), ("den_ngay", "14/12/2025"),
        ("nguoi_lap", None), ("dien_thoai", None), ("ngay_lap", None)]
    assert info.column_dimensions["C"].hidden
    assert unlocked(info) == {"B11", "B12", "B13"}
    assert rules(info)["B13"][:3] == ("date", "greaterThanOrEqual", "DATE(1945,9,2)")

    sheet = book["Số liệu"]
    assert [c.value for c in sheet[3]] == ["Mục", "Mã", "Nội dung", "Đơn vị tính", "Giá trị", "Hướng dẫn", "Ghi chú"]
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    expected = []
    for section in cat.sections:
        expected.append((section.code, None, section.title, None, None, None, None))
        expected += [(item.section, item.code, item.label, item.unit or None, None, item.help or None, None)
                     for item in section.items]
    assert rows == expected
    assert len(cat.items) == 46 and unlocked(sheet) == {f"E{row}" for row in layout.item_rows(cat).values()}
    kinds = {"so": ("whole", "greaterThanOrEqual", "0", None), "ty_le": ("decimal", "between", "0", "100"),
             "co_khong": ("list", None, '"Có,Không"', None), "chu": ("textLength", "lessThanOrEqual", "500", None)}
    by_cell = rules(sheet)
    for item in cat.items:
        cell = f"E{layout.item_rows(cat)[item.code]}"
        assert by_cell.get(cell) == kinds.get(item.type), item.code  # doan_van: any text, no rule
        if item.type == "doan_van":
            assert sheet[cell].alignment.wrap_text and sheet.row_dimensions[int(cell[1:])].height == 90
    assert sheet["E42"].number_format == "#,##0" and sheet["E29"].number_format == "0.00"  # can_bo, tthc_quy_trinh

    documents = book["Văn bản"]
    assert [c.value for c in documents[3]] == ["STT", "Số, ký hiệu", "Ngày ban hành", "Loại văn bản",
                                               "Trích yếu nội dung", "Thuộc mục báo cáo", "Ghi chú"]
    assert [documents.cell(row, 1).value for row in (4, LIST_LAST_ROW)] == [1, 200]
    assert unlocked(documents) == {f"{col}{row}" for col in "BCDEF" for row in range(4, LIST_LAST_ROW + 1)}
    assert rules(documents) == {
        f"B4:B{LIST_LAST_ROW}": ("textLength", "lessThanOrEqual", "500", None),
        f"C4:C{LIST_LAST_ROW}": ("date", "between", "DATE(1945,9,2)", "DATE(2025,12,14)"),
        f"D4:D{LIST_LAST_ROW}": ("list", None, '"Quyết định,Kế hoạch,Công văn,Chỉ thị,Thông báo,Báo cáo,Nghị quyết"',
                                 None),
        f"E4:E{LIST_LAST_ROW}": ("textLength", "lessThanOrEqual", "500", None),
        f"F4:F{LIST_LAST_ROW}": ("list", None, '"' + ",".join(cat.section_codes) + '"', None)}
    assert documents[f"C{LIST_LAST_ROW}"].number_format == "DD/MM/YYYY"
    assert rules(book["Kiểm tra"])[f"D4:D{LIST_LAST_ROW}"] == ("whole", "greaterThanOrEqual", "0", None)
    assert [c.value for c in book["Mô hình"][3]] == ["STT", "Tên mô hình, sáng kiến", "Năm bắt đầu áp dụng",
                                                    "Kết quả đạt được", "Ghi chú"]
    assert book["Số liệu từ hệ thống"]["A4"].value == (
        "Chưa có số liệu: kho chưa tính số liệu năm 2025 cho đơn vị (mart.cchc_summary). Chạy lệnh cchc mart "
        "refresh --period nam:2025 rồi tạo lại phiếu bằng cchc template.")


def test_given_values_are_written_and_the_carried_ones_marked(tmp_path):
    book = write(tmp_path, values={"ke_hoach_giai_doan": "Quyết định số 102/QĐ-UBND ngày 25/11/2021",
                                   "nhiem_vu_giao": 38, "khao_sat_hai_long": 97.5, "iso_ap_dung": "Có",
                                   "nguoi_lap": "Lê Thị Hoa", "ngay_lap": date(2025, 12, 16)},
                 lists={"mo_hinh": [{"ten": "Một cửa thân thiện", "nam_ap_dung": 2023}],
                        "van_ban": [{"so_ky_hieu": "01/QĐ-UBND", "ngay": date(2025, 1, 2), "loai": "Quyết định",
                                     "trich_yeu": "Kế hoạch CCHC năm 2025", "muc": "I.1"}]},
                 carried={"ke_hoach_giai_doan", "mo_hinh"},
                 figures=[("Tổng số hồ sơ đã tiếp nhận (mục II.2.2)", "1.234 hồ sơ")])
    sheet = book["Số liệu"]
    assert [sheet[f"{c}5"].value for c in "BEG"] == [
        "ke_hoach_giai_doan", "Quyết định số 102/QĐ-UBND ngày 25/11/2021", "Lấy từ kỳ trước — cần kiểm tra"]
    assert sheet["E5"].fill.fgColor.rgb == CARRIED_FILL
    assert [sheet[f"{c}17"].value for c in "BEG"] == ["nhiem_vu_giao", 38, None]  # given, not carried
    assert sheet["E17"].fill.fgColor.rgb != CARRIED_FILL
    assert (sheet["E34"].value, sheet["E57"].value) == (97.5, "Có")
    info = book["Thông tin phiếu"]
    assert (info["B11"].value, info["B13"].value.date()) == ("Lê Thị Hoa", date(2025, 12, 16))

    models = book["Mô hình"]
    assert [c.value for c in models[4]] == [1, "Một cửa thân thiện", 2023, None, "Lấy từ kỳ trước — cần kiểm tra"]
    assert models["B4"].fill.fgColor.rgb == CARRIED_FILL and models["D4"].fill.fgColor.rgb != CARRIED_FILL
    assert models["E5"].value is None
    documents = book["Văn bản"]
    assert documents["C4"].value.date() == date(2025, 1, 2) and documents["G4"].value is None  # not carried
    figures = book["Số liệu từ hệ thống"]
    assert [c.value for c in figures[5]] == ["Tổng số hồ sơ đã tiếp nhận (mục II.2.2)", "1.234 hồ sơ"]


def test_codes_not_in_the_catalogue_are_refused(tmp_path):
    try:
        write(tmp_path, values={"so_tin_bai": 3})
    except ValueError as error:
        assert str(error) == "Mã không có trong danh mục phiếu số liệu: so_tin_bai"
    else:
        raise AssertionError("an unknown item was written")
    assert not (tmp_path / "phieu.xlsx").exists()


def _previous_submission(url: str, period_code: str, values: dict, initiatives: list[tuple]) -> int:
    """A current workbook of Hoằng Cát for ``period_code``, put straight into the 0016 tables; the file and the
    load it cites are those of the small export (the reader that makes real ones is not the point here)."""
    with psycopg.connect(url) as conn:
        file_id, load_id = conn.execute(
            "SELECT file_id, load_id FROM audit.file_load ORDER BY load_id LIMIT 1").fetchone()
        submission = conn.execute(
            "INSERT INTO dw.report_input_submission (unit_code, period_code, template_version, file_id, load_id) "
            "VALUES (%s, %s, %s, %s, %s) RETURNING submission_id",
            (CAT, period_code, catalogue().version, file_id, load_id)).fetchone()[0]
        for code, value in values.items():
            number, text = (value, None) if isinstance(value, int) else (None, value)
            conn.execute("INSERT INTO dw.fact_report_input (submission_id, item_code, value_number, value_text) "
                         "VALUES (%s, %s, %s, %s)", (submission, code, number, text))
        for line_no, (name, year, result) in enumerate(initiatives, 1):
            conn.execute("INSERT INTO dw.report_initiative VALUES (%s, %s, %s, %s, %s)",
                         (submission, line_no, name, year, result))
    return submission


def test_cchc_template_prefills_last_period_and_shows_the_warehouse_figures(small_warehouse, tmp_path):
    url, _ = small_warehouse
    # thang:2024-01's previous period is thang:2023-12: an earlier workbook replaced by a later one
    old = _previous_submission(url, "thang:2023-12", {"ke_hoach_giai_doan": "Quyết định số 1/QĐ-UBND"}, [])
    replace = "UPDATE dw.report_input_submission SET replaced_by = %s WHERE submission_id = %s"
    with psycopg.connect(url) as conn:
        conn.execute(replace, (old, old))  # out of the way of the unique current index until the new one exists
    new = _previous_submission(url, "thang:2023-12", {
        "ke_hoach_giai_doan": "Quyết định số 102/QĐ-UBND ngày 25/11/2021",
        "tthc_cong_khai": "Bảng niêm yết tại Bộ phận Một cửa",
        "nhiem_vu_giao": 38,  # not a carry item: a new period starts empty
        "uu_diem": "Hoàn thành kế hoạch."}, [("Một cửa thân thiện", 2023, "Rút ngắn thời gian chờ"),
                                              ("Zalo tra cứu hồ sơ", None, None)])
    with psycopg.connect(url) as conn:
        conn.execute(replace, (new, old))

    before_refresh = CliRunner().invoke(cli, ["template", "--unit", CAT, "--period", "thang:2024-01",
                                              "--out", str(tmp_path / "truoc.xlsx")])
    assert before_refresh.exit_code == 0, before_refresh.output
    assert load_workbook(tmp_path / "truoc.xlsx")["Số liệu từ hệ thống"]["A4"].value.startswith(
        "Chưa có số liệu: kho chưa tính số liệu tháng 1 năm 2024")

    from etl.db import connect
    from etl.marts import refresh_bieu06, refresh_cchc_summary
    from etl.reports.config import report_config

    january = Period.from_code("thang:2024-01")
    with connect() as conn:
        refresh_bieu06(conn, january)
        refresh_cchc_summary(conn, january, list(report_config().certification_fields))
    result = CliRunner().invoke(cli, ["template", "--unit", CAT, "--period", "thang:2024-01", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    path = tmp_path / "phieu-so-lieu_000.35.27.H56_thang-2024-01.xlsx"
    assert result.output == f"[1/1] {CAT}: {path}\n"
    book = load_workbook(path)
    assert book["Thông tin phiếu"]["B6"].value == "Xã Hoằng Cát"
    sheet = book["Số liệu"]
    filled = {row[1]: (row[4], row[6]) for row in sheet.iter_rows(min_row=4, values_only=True) if row[4] is not None}
    carried = "Lấy từ kỳ trước — cần kiểm tra"
    assert filled == {"ke_hoach_giai_doan": ("Quyết định số 102/QĐ-UBND ngày 25/11/2021", carried),
                      "tthc_cong_khai": ("Bảng niêm yết tại Bộ phận Một cửa", carried)}
    models = book["Mô hình"]
    assert [[c.value for c in row] for row in models.iter_rows(min_row=4, max_row=6)] == [
        [1, "Một cửa thân thiện", 2023, None, carried], [2, "Zalo tra cứu hồ sơ", None, None, carried],
        [3, None, None, None, None]]  # the result (ket_qua) is the period's own: not carried
    # Hoằng Cát in January 2024 (the small export; 9 received, 3 online, 6 resolved as in test_report_cli)
    assert list(book["Số liệu từ hệ thống"].iter_rows(min_row=4, values_only=True)) == [
        ("Nội dung", "Số liệu"),
        ("Số TTHC đang áp dụng (mục II.2.1)", "2 thủ tục thuộc 2 lĩnh vực"),
        ("Số TTHC thực hiện theo cơ chế một cửa (mục II.2.1)", "2 thủ tục"),
        ("Số TTHC thực hiện theo cơ chế một cửa liên thông (mục II.2.1)", "0 thủ tục"),
        ("Số TTHC có phát sinh hồ sơ trong kỳ (mục II.2.1)", "2 thủ tục"),
        ("Tổng số hồ sơ đã tiếp nhận (mục II.2.2)", "9 hồ sơ"),
        ("– Tiếp nhận trực tiếp", "5 hồ sơ"),
        ("– Qua dịch vụ bưu chính công ích", "1 hồ sơ"),
        ("– Trực tuyến", "3 hồ sơ"),
        ("– Kỳ trước chuyển qua", "0 hồ sơ"),
        ("Số hồ sơ tiếp nhận mới trong kỳ (mục II.2.2)", "9 hồ sơ"),
        ("Số hồ sơ đã giải quyết (mục II.2.2)", "6 hồ sơ"),
        ("– Trước hạn", "4 hồ sơ"),
        ("– Đúng hạn", "2 hồ sơ"),
        ("– Quá hạn", "0 hồ sơ"),
        ("Tỷ lệ giải quyết trước hạn, đúng hạn (mục II.2.2)", "100,00%"),
        ("Số hồ sơ đang giải quyết (mục II.2.2)", "3 hồ sơ"),
        ("– Còn trong hạn", "0 hồ sơ"),
        ("– Đã quá hạn", "3 hồ sơ"),
        ("Thanh toán trực tuyến / hồ sơ có nghĩa vụ tài chính (mục II.2.2)", "2/3 hồ sơ, đạt tỷ lệ 66,67%"),
        ("Số TTHC cung cấp dịch vụ công trực tuyến toàn trình (mục II.6.1)", "1 thủ tục"),
        ("Số TTHC cung cấp dịch vụ công trực tuyến một phần (mục II.6.1)", "1 thủ tục"),
        ("Tỷ lệ hồ sơ tiếp nhận trực tuyến / hồ sơ tiếp nhận mới (mục II.6.1)", "33,33%"),
        ("Hồ sơ dịch vụ công trực tuyến toàn trình (mục II.6.1)", "1/9 hồ sơ tiếp nhận mới, đạt tỷ lệ 11,11%"),
        ("Hồ sơ dịch vụ công trực tuyến một phần (mục II.6.1)", "2/9 hồ sơ tiếp nhận mới, đạt tỷ lệ 22,22%"),
        ("Số hóa thành phần hồ sơ khi tiếp nhận (mục II.6.1)", "1/9 hồ sơ tiếp nhận mới, đạt tỷ lệ 11,11%"),
        ("Số hóa kết quả giải quyết (mục II.6.1)", "1/6 hồ sơ có kết quả trong kỳ, đạt tỷ lệ 16,67%"),
        ("Trả kết quả qua dịch vụ bưu chính công ích (mục II.6.1)", "1 hồ sơ"),
        ("Hồ sơ lĩnh vực chứng thực tiếp nhận mới (mục II.6.1)", "3 hồ sơ")]


def test_cchc_template_refuses_unknown_units_and_bad_arguments(small_warehouse, tmp_path):
    out = tmp_path / "phieu"
    result = CliRunner().invoke(cli, ["template", "--unit", "000.77.27.H56", "--unit", DISTRICT, "--period", "nam:2024",
                                      "--out", str(out)])
    assert result.exit_code == 1
    assert "[1/2] 000.77.27.H56: LỖI — Không có đơn vị mã '000.77.27.H56' trong kho (dw.dim_unit)" in result.stderr
    assert "1 đơn vị không tạo được phiếu." in result.stderr
    assert [p.name for p in out.iterdir()] == ["phieu-so-lieu_000.00.27.H56_nam-2024.xlsx"]
    assert load_workbook(out / "phieu-so-lieu_000.00.27.H56_nam-2024.xlsx")["Thông tin phiếu"]["B6"].value == (
        "Huyện Hoằng Hóa")

    bad_period = CliRunner().invoke(cli, ["template", "--unit", CAT, "--period", "nam-2025"])
    assert bad_period.exit_code == 2 and "Kỳ báo cáo không hợp lệ: 'nam-2025'" in bad_period.stderr
    two_in_one_file = CliRunner().invoke(cli, ["template", "--unit", CAT, "--unit", DISTRICT, "--period", "nam:2025",
                                               "--out", str(tmp_path / "mot.xlsx")])
    assert two_in_one_file.exit_code == 2 and "không ghi được phiếu của 2 đơn vị" in two_in_one_file.stderr
