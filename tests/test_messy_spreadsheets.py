"""Real-world spreadsheets: merged multi-row headers, title/period lines, group, subtotal and total rows,
Excel serial dates, dd/mm/yyyy text, codes with leading zeros, and a real .xls file."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest

from conftest import FIXTURES
from etl.config import REPO_ROOT
from etl.sources import layouts
from etl.canonical import SourceError
from etl.sources.spreadsheet import (
    Layout, date, date_pattern, date_with, number, period_stated, spreadsheet_format, text)

COLUMNS = ("row_no", "ma", "ten", "tong", "truc_tuyen", "truc_tiep", "ngay", "ty_le", "extra")
RECEIVED = "Số hồ sơ nhận giải quyết"
LAYOUT = Layout(
    markers=("Mã đơn vị", f"{RECEIVED} - Tổng số"),
    fields={
        "Mã đơn vị": ("ma", text),
        "Tên đơn vị": ("ten", text),
        f"{RECEIVED} - Tổng số": ("tong", number),
        f"{RECEIVED} - Trong đó - Trực tuyến": ("truc_tuyen", number),
        f"{RECEIVED} - Trong đó - Trực tiếp": ("truc_tiep", number),
        "Ngày cập nhật": ("ngay", date),
        "Tỷ lệ trực tuyến (%)": ("ty_le", number),
    },
    keep_extra=True,
)
FORMAT = spreadsheet_format("bao_cao_thu", "report", COLUMNS, LAYOUT)


def report_sheet(total=("5", 3, 2), rows=None):
    """A report as provincial systems export it: 3 title rows, a 3-row merged header, a row numbering the
    columns, group rows, a subtotal, a data cell merged over two rows and a total row."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["UBND HUYỆN HOẰNG HÓA"])
    sheet.append(["BÁO CÁO TÌNH HÌNH GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"])
    sheet.append(["(Từ ngày 15/12/2023 đến ngày 14/12/2024)"])
    sheet.append(["STT", "Mã đơn vị", "Tên đơn vị", RECEIVED, None, None, "Ngày cập nhật", "Tỷ lệ trực tuyến (%)",
                  "Ghi chú"])
    sheet.append([None, None, None, "Tổng số", "Trong đó", None, None, None, "Nội bộ"])
    sheet.append([None, None, None, None, "Trực tuyến", "Trực tiếp", None, None, None])
    for cells in ("A1:I1", "A2:I2", "A3:I3", "A4:A6", "B4:B6", "C4:C6", "D4:F4", "G4:G6", "H4:H6",
                  "D5:D6", "E5:F5", "I5:I6"):
        sheet.merge_cells(cells)
    sheet.append(["(1)", "(2)", "(3)", "(4)=(5)+(6)", "(5)", "(6)", "(7)", "(8)", "(9)"])
    sheet.append(["I. Cấp huyện"])
    sheet.merge_cells("A8:I8")
    for row in rows or [
        [1, "00027", "UBND huyện Hoằng Hóa", 2, 1, 1, 45300, "50", None],
        [2, 399, "Phòng Tư pháp", "1", "1", "0", 45300.5, "100", "kiểm tra"],
        ["Cộng I", None, None, 3, 2, 1, None, None, None],
        ["II. Cấp xã"],
        [3, "15907", "Xã Hoằng Cát", "1.000", 0, "1.000", dt.datetime(2024, 1, 9, 7, 30), "0", None],
        [4, "015908", "Xã Hoằng Phụ", 0, 0, 0, None, "0,5", None],
    ]:
        sheet.append(row)
    sheet.merge_cells("G13:G14")  # one update date for both communes
    sheet.append(["Tổng cộng", None, None, *total, None, "33,3", None])
    return book


def save(book, path):
    book.save(path)
    return path


def read(fmt, path):
    return [row for chunk in fmt.read(path) for row in chunk.to_dict("records")]


EXPECTED = [
    {"row_no": "9", "ma": "00027", "ten": "UBND huyện Hoằng Hóa", "tong": "2", "truc_tuyen": "1", "truc_tiep": "1",
     "ngay": "20240109000000", "ty_le": "50", "extra": None},
    {"row_no": "10", "ma": "399", "ten": "Phòng Tư pháp", "tong": "1", "truc_tuyen": "1", "truc_tiep": "0",
     "ngay": "20240109120000", "ty_le": "100", "extra": '{"Ghi chú - Nội bộ": "kiểm tra"}'},
    {"row_no": "13", "ma": "15907", "ten": "Xã Hoằng Cát", "tong": "1000", "truc_tuyen": "0", "truc_tiep": "1000",
     "ngay": "20240109073000", "ty_le": "0", "extra": None},
    {"row_no": "14", "ma": "015908", "ten": "Xã Hoằng Phụ", "tong": "0", "truc_tuyen": "0", "truc_tiep": "0",
     "ngay": "20240109073000", "ty_le": "0.5", "extra": None},
]


def test_merged_three_row_header_is_flattened_and_rows_cleaned(tmp_path):
    path = save(report_sheet(total=(1003, 2, "1.001")), tmp_path / "bao-cao.xlsx")
    assert FORMAT.sniff(path)
    assert read(FORMAT, path) == EXPECTED


def test_title_and_period_metadata(tmp_path):
    path = save(report_sheet(total=(1003, 2, 1001)), tmp_path / "bao-cao.xlsx")
    assert FORMAT.metadata(path) == {
        "tu_ngay": "2023-12-15", "den_ngay": "2024-12-14",
        "tieu_de": ["UBND HUYỆN HOẰNG HÓA", "BÁO CÁO TÌNH HÌNH GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH",
                    "(Từ ngày 15/12/2023 đến ngày 14/12/2024)"]}


def test_a_total_row_that_does_not_add_up_fails_the_file(tmp_path):
    path = save(report_sheet(total=(1004, 2, "1.001")), tmp_path / "bao-cao.xlsx")
    with pytest.raises(SourceError) as caught:
        read(FORMAT, path)
    assert str(caught.value) == (
        "tệp bao-cao.xlsx, dòng 15: dòng tổng cộng không khớp với dữ liệu (tệp có thể thiếu hoặc thừa dòng): "
        "Số hồ sơ nhận giải quyết - Tổng số: dòng tổng ghi 1004, cộng các dòng dữ liệu được 1003")


def test_a_percentage_column_of_the_total_row_is_not_summed(tmp_path):
    # the total row's "33,3" (%) is an average; "Cộng I" is a subtotal: neither is checked nor read
    path = save(report_sheet(total=(1003, 2, 1001)), tmp_path / "bao-cao.xlsx")
    assert [r["row_no"] for r in read(FORMAT, path)] == ["9", "10", "13", "14"]


def test_csv_with_a_three_row_header_and_no_merge_information(tmp_path):
    rows = [
        ["UBND HUYỆN HOẰNG HÓA"], ["Tháng 01/2024"],
        ["STT", "Mã đơn vị", "Tên đơn vị", RECEIVED, "", "", "Ngày cập nhật", "Tỷ lệ trực tuyến (%)"],
        ["", "", "", "Tổng số", "Trong đó", "", "", ""],
        ["", "", "", "", "Trực tuyến", "Trực tiếp", "", ""],
        ["1", "00027", "UBND huyện Hoằng Hóa", "2", "1", "1", "08/01/2024", "50"],
        ["2", "0399", "Phòng Tư pháp", "1.234", "1.000", "234", "45300", "81,0"],
        ["Tổng cộng", "", "", "1.236", "1.001", "235", "", ""],
    ]
    path = tmp_path / "bao-cao.csv"
    path.write_text("".join(",".join(f'"{c}"' for c in row) + "\r\n" for row in rows), encoding="utf-8")
    fmt = spreadsheet_format("bao_cao_csv", "report", COLUMNS, dataclasses.replace(LAYOUT, header_rows=3))
    got = [(r["ma"], r["tong"], r["truc_tuyen"], r["truc_tiep"], r["ngay"], r["ty_le"]) for r in read(fmt, path)]
    assert got == [("00027", "2", "1", "1", "20240108000000", "50"),
                   ("0399", "1234", "1000", "234", "20240109000000", "81")]
    assert fmt.metadata(path)["tu_ngay"] == "2024-01-01" and fmt.metadata(path)["den_ngay"] == "2024-01-31"


def test_without_header_rows_a_csv_header_is_one_row(tmp_path):
    path = tmp_path / "bao-cao.csv"
    path.write_text(f"STT,Mã đơn vị,{RECEIVED}\r\n,,Tổng số\r\n", encoding="utf-8")
    with pytest.raises(SourceError, match="không tìm thấy dòng tiêu đề"):
        read(FORMAT, path)


@pytest.mark.parametrize("value, expected", [
    (45292, "20240101000000"), (45300, "20240109000000"), (45300.75, "20240109180000"),
    (45644.375, "20241218090000"), ("45300", "20240109000000"), ("08/01/2024", "20240108000000"),
    ("8/1/2024 7:05", "20240108070500"),
    (dt.datetime(2024, 1, 8, 7, 5), "20240108070500"), ("2024-01-08", "2024-01-08"), (0, "0"), ("123", "123")])
def test_dates(value, expected):
    assert date(value) == expected


def test_layout_date_formats():
    convert = date_with(["yyyy-MM-dd HH:mm", "d.M.yyyy"])
    assert [convert(v) for v in ["2024-01-08 07:05", "8.1.2024", "08/01/2024", "2024-13-01 00:00", 45300]] == \
        ["20240108070500", "20240108000000", "20240108000000", "2024-13-01 00:00", "20240109000000"]
    for bad in ["dd/mm/yyyy", "dd/MM", "yyyy-MM-dd hh:mm", "dd/MM/yyyy ss", "dd/MM/yyyy/dd"]:
        with pytest.raises(ValueError):
            date_pattern(bad)


@pytest.mark.parametrize("line, period", [
    ("(Từ ngày 15/12/2023 đến ngày 14/12/2024)", ("2023-12-15", "2024-12-14")),
    ("Kỳ báo cáo: từ 01/01/2024 - 31/03/2024", ("2024-01-01", "2024-03-31")),
    ("TỪ NGÀY 1/7/2025 ĐẾN NGÀY 30/9/2025", ("2025-07-01", "2025-09-30")),
    ("Tháng 02/2024", ("2024-02-01", "2024-02-29")),
    ("Thanh Hóa, ngày 05 tháng 01 năm 2025", None),
    ("Từ ngày 31/02/2024 đến ngày 01/03/2024", None)])
def test_period_lines(line, period):
    assert period_stated(line) == period


# --- .xls -----------------------------------------------------------------------------------------

XLS = FIXTURES / "messy" / "so-theo-doi-ho-so.xls"


def test_xls_file_in_the_example_vendor_layout():
    """A real Excel 97-2003 file (tests/fixtures/messy/make_xls.py) read with the worked example layout."""
    fmt = layouts.load_layout(REPO_ROOT / "config" / "layouts" / "vendor-example.yaml")
    assert XLS.read_bytes()[:8] == bytes.fromhex("d0cf11e0a1b11ae1")  # an OLE2 compound file, as Excel writes
    assert fmt.sniff(XLS)
    rows = read(fmt, XLS)
    picked = [(r["row_no"], r["ma_ho_so"], r["ma_don_vi"], r["kenh_thuc_hien"], r["ngay_tiep_nhan"],
               r["ngay_hen_tra"], r["ngay_ket_thuc_xu_ly"], r["ngay_tra"], r["trang_thai_ho_so"], r["phi_le_phi"])
              for r in rows]
    assert picked == [
        ("7", "000.35.27.H56-241216-0001", "000.35.27.H56", "2", "20241216083000", "20241218170000",
         "20241218090000", "20241219000000", "10", "50000"),
        ("8", "000.35.27.H56-241217-0002", "000.35.27.H56", "1", "20241217091500", "20241219000000", None, None,
         "4", "0"),
        ("10", "000.36.27.H56-241218-0001", "000.36.27.H56", "3", "20241218074500", "20241220000000", None, None,
         "5", "12000"),
    ]
    assert rows[0]["chu_ho_so"] == "Lê Thị Hằng" and rows[0]["so_dien_thoai"] == "0912345678"
    assert fmt.metadata(XLS) == {"tu_ngay": "2023-12-15", "den_ngay": "2024-12-14", "bo_cuc": "vendor-example.yaml",
                                 "tieu_de": ["SỔ THEO DÕI HỒ SƠ", "Kỳ báo cáo: Từ ngày 15/12/2023 đến ngày 14/12/2024"]}


def test_xls_total_row_is_checked(tmp_path):
    data = XLS.read_bytes()
    # the total 62000 is stored in an RK record (integer << 2 | 2); change it to 62001
    import struct

    old, new = struct.pack("<i", 62000 << 2 | 2), struct.pack("<i", 62001 << 2 | 2)
    assert data.count(old) == 1
    broken = tmp_path / "so-theo-doi.xls"
    broken.write_bytes(data.replace(old, new))
    fmt = layouts.load_layout(REPO_ROOT / "config" / "layouts" / "vendor-example.yaml")
    with pytest.raises(SourceError, match=r"dòng 11: dòng tổng cộng không khớp .*Lệ phí \(VNĐ\): dòng tổng ghi 62001, "
                                          r"cộng các dòng dữ liệu được 62000"):
        read(fmt, broken)


def test_a_file_that_is_not_excel_is_a_clear_error(tmp_path):
    path = tmp_path / "hong.xls"
    path.write_bytes(b"not an excel file")
    fmt = layouts.load_layout(REPO_ROOT / "config" / "layouts" / "vendor-example.yaml")
    with pytest.raises(SourceError, match=r"tệp hong.xls: không đọc được tệp Excel 97-2003 \(.xls\)"):
        fmt.sniff(path)


def test_extra_is_json_of_unknown_columns(tmp_path):
    path = save(report_sheet(total=(1003, 2, 1001)), tmp_path / "bao-cao.xlsx")
    extras = [json.loads(r["extra"]) for r in read(FORMAT, path) if r["extra"]]
    assert extras == [{"Ghi chú - Nội bộ": "kiểm tra"}]


def test_fixture_generator_is_kept_next_to_the_fixture():
    assert Path(FIXTURES / "messy" / "make_xls.py").is_file()
