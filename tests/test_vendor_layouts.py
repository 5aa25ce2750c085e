"""Vendor layouts as configuration (etl/sources/layouts.py): a new vendor is onboarded with a mapping file
only, and a wrong mapping file fails loudly, naming the file and the key."""
from __future__ import annotations

import shutil
import textwrap
from datetime import date

import openpyxl
import pytest

from conftest import FIXTURES, query
from etl.config import REPO_ROOT
from etl.pipeline import ingest
from etl.sources import registry
from etl.canonical import SourceError
from etl.sources.layouts import LayoutError, load_dir, load_layout

VENDOR_C = textwrap.dedent("""\
    # Phần mềm một cửa của nhà cung cấp C: "Danh sách hồ sơ tiếp nhận"
    name: vendor_c_ho_so
    kind: dossier_listing
    description: Danh sách hồ sơ tiếp nhận, nhà cung cấp C
    recognise: [Mã số hồ sơ, Kênh tiếp nhận]
    header_rows: 2
    date_formats: ["dd/MM/yyyy HH:mm", "dd/MM/yyyy"]
    columns:
      Mã số hồ sơ: ma_ho_so
      TTHC - Mã: ma_tthc
      TTHC - Tên: ten_tthc
      Đơn vị - Mã định danh: ma_don_vi
      Đơn vị - Tên: don_vi_xu_ly
      Kênh tiếp nhận: kenh_thuc_hien
      Ngày tiếp nhận: ngay_tiep_nhan
      Hạn xử lý: ngay_hen_tra
      Ngày có kết quả: ngay_ket_thuc_xu_ly
      Ngày trả: ngay_tra
      Trạng thái hồ sơ: trang_thai_ho_so
    optional_columns:
      Lệ phí: phi_le_phi
      Ghi chú: so_giay_to
    values:
      kenh_thuc_hien:
        Tại bộ phận một cửa: "1"
        Trực tuyến: "2"
        Bưu chính công ích: "3"
      trang_thai_ho_so:
        Đang xử lý: "4"
        Đã trả kết quả: "10"
    ignore: [TT]
    """)

HEADER_1 = ["TT", "Mã số hồ sơ", "TTHC", None, "Đơn vị", None, "Kênh tiếp nhận", "Ngày tiếp nhận", "Hạn xử lý",
            "Ngày có kết quả", "Ngày trả", "Trạng thái hồ sơ", "Lệ phí", "Người tiếp nhận"]
HEADER_2 = [None, None, "Mã", "Tên", "Mã định danh", "Tên", None, None, None, None, None, None, None, None]
BIRTH, COPY = ("1.001193.000.00.00.H56", "Thủ tục đăng ký khai sinh"), ("2.000815.000.00.00.H56", "Chứng thực bản sao")
CAT, TRINH = ("000.35.27.H56", "UBND xã Hoằng Cát"), ("000.31.27.H56", "UBND xã Hoằng Trinh")
ROWS = [
    ["I. Xã Hoằng Cát"],
    [1, "000.35.27.H56-240108-0001", *BIRTH, *CAT, "Trực tuyến", "08/01/2024 08:00", "12/01/2024 17:00",
     "10/01/2024 09:00", "10/01/2024 10:00", "Đã trả kết quả", "0", "Lan"],
    [2, "000.35.27.H56-240109-0002", *COPY, *CAT, "Tại bộ phận một cửa", "09/01/2024", "11/01/2024", None, None,
     "Đang xử lý", "2.000", "Lan"],
    [3, "000.35.27.H56-240110-0003", *COPY, *CAT, "Bưu chính công ích", "32/01/2024 08:00", "11/01/2024", None,
     None, "Đang xử lý", "2.000", "Lan"],
    ["II. Xã Hoằng Trinh"],
    [4, "000.31.27.H56-240111-0001", *BIRTH, *TRINH, "Trực tuyến", "11/01/2024 14:30", "15/01/2024 17:00",
     "12/01/2024 08:00", "12/01/2024 09:00", "Đã trả kết quả", None, "Minh"],
    [5, "000.31.27.H56-240112-0002", *BIRTH, *TRINH, "Tại bộ phận một cửa", "12/01/2024 07:45", "16/01/2024 17:00",
     None, None, "Đang xử lý", None, "Minh"],
    ["Tổng cộng", None, None, None, None, None, None, None, None, None, None, None, "4.000"],
]


def write_vendor_c(path, rows=ROWS):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["DANH SÁCH HỒ SƠ TIẾP NHẬN"])
    sheet.append(["(Từ ngày 01/01/2024 đến ngày 31/01/2024)"])
    sheet.append(HEADER_1)
    sheet.append(HEADER_2)
    for cells in ("A3:A4", "B3:B4", "C3:D3", "E3:F3", "G3:G4", "H3:H4", "I3:I4", "J3:J4", "K3:K4", "L3:L4",
                  "M3:M4", "N3:N4"):
        sheet.merge_cells(cells)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


@pytest.fixture
def layouts_dir(tmp_path, monkeypatch):
    folder = tmp_path / "layouts"
    folder.mkdir()
    monkeypatch.setenv("CCHC_LAYOUTS_DIR", str(folder))
    return folder


def test_a_new_vendor_is_onboarded_with_a_mapping_file_only(warehouse, layouts_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("CCHC_MAX_BAD_ROW_SHARE", "0.5")  # row 3 has an impossible date on purpose
    (layouts_dir / "nha-cung-cap-c.yaml").write_text(VENDOR_C, encoding="utf-8")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in ("don-vi-hanh-chinh.csv", "danh-muc-tthc.csv"):
        shutil.copy(FIXTURES / "small" / name, inbox / name)
    export = write_vendor_c(inbox / "ho-so-thang-1.xlsx")
    assert registry.detect(export).name == "vendor_c_ho_so"

    summary = ingest([inbox], source="test", load_date=date(2024, 2, 1), progress=lambda _: None)
    result = {f.file: f for f in summary.files}["ho-so-thang-1.xlsx"]
    assert (result.format, result.status, result.rows_read, result.rows_loaded, result.rows_quarantined) == \
        ("vendor_c_ho_so", "loaded", 5, 4, 1)
    assert query(warehouse, "SELECT count(*) FROM dw.fact_dossier") == [(4,)]
    assert query(warehouse,
                 "SELECT dossier_code, channel_code, status_code, fee_amount FROM dw.fact_dossier ORDER BY 1") == [
        ("000.31.27.H56-240111-0001", 2, 10, None),
        ("000.31.27.H56-240112-0002", 1, 4, None),
        ("000.35.27.H56-240108-0001", 2, 10, 0),
        ("000.35.27.H56-240109-0002", 1, 4, 2000),
    ]
    assert query(warehouse, "SELECT q.row_no, q.column_name, q.value FROM audit.quarantine q") == [
        (8, "ngay_tiep_nhan", "32/01/2024 08:00")]
    assert query(warehouse, "SELECT metadata->>'tu_ngay', metadata->>'bo_cuc' FROM audit.landed_file "
                            "WHERE original_name = 'ho-so-thang-1.xlsx'") == [("2024-01-01", "nha-cung-cap-c.yaml")]


def test_the_records_of_the_new_vendor(layouts_dir, tmp_path):
    (layouts_dir / "nha-cung-cap-c.yaml").write_text(VENDOR_C, encoding="utf-8")
    fmt = registry.by_name("vendor_c_ho_so")
    rows = [r for chunk in fmt.read(write_vendor_c(tmp_path / "c.xlsx")) for r in chunk.to_dict("records")]
    first = rows[0]
    assert {k: first[k] for k in ("row_no", "ma_ho_so", "ma_tthc", "ma_don_vi", "kenh_thuc_hien", "ngay_tiep_nhan",
                                  "ngay_hen_tra", "trang_thai_ho_so", "phi_le_phi", "ma_linh_vuc", "extra")} == {
        "row_no": "6", "ma_ho_so": "000.35.27.H56-240108-0001", "ma_tthc": "1.001193.000.00.00.H56",
        "ma_don_vi": "000.35.27.H56", "kenh_thuc_hien": "2", "ngay_tiep_nhan": "20240108080000",
        "ngay_hen_tra": "20240112170000", "trang_thai_ho_so": "10", "phi_le_phi": "0", "ma_linh_vuc": None,
        "extra": '{"Người tiếp nhận": "Lan"}'}
    assert [r["ngay_tiep_nhan"] for r in rows] == ["20240108080000", "20240109000000", "32/01/2024 08:00",
                                                   "20240111143000", "20240112074500"]


def test_the_total_row_of_a_vendor_file_is_checked(layouts_dir, tmp_path):
    (layouts_dir / "c.yaml").write_text(VENDOR_C, encoding="utf-8")
    path = write_vendor_c(tmp_path / "c.xlsx", ROWS[:-1] + [["Tổng cộng", *[None] * 11, "5.000"]])
    with pytest.raises(SourceError, match="dòng 12: dòng tổng cộng không khớp.*Lệ phí: dòng tổng ghi 5000, "
                                          "cộng các dòng dữ liệu được 4000"):
        list(registry.by_name("vendor_c_ho_so").read(path))


def test_the_worked_example_layout_is_loaded_by_default(monkeypatch):
    monkeypatch.delenv("CCHC_LAYOUTS_DIR", raising=False)
    names = [f.name for f in registry.formats()]
    assert names[0] == "vendor_example_listing" and "dossier_listing" in names
    assert registry.by_name("vendor_example_listing").origin == "vendor-example.yaml"


def test_built_in_files_are_not_claimed_by_the_example_layout(tmp_path):
    for path in (FIXTURES / "small").iterdir():
        fmt = registry.detect(path)
        assert fmt is not None and fmt.origin is None, path.name


# --- wrong mappings fail loudly --------------------------------------------------------------------

def broken(replace: str, by: str) -> str:
    assert replace in VENDOR_C
    return VENDOR_C.replace(replace, by)


@pytest.mark.parametrize("content, key, message", [
    (broken("Mã số hồ sơ: ma_ho_so", "Mã số hồ sơ: ma_hoso"), "columns.'Mã số hồ sơ'",
     "trường chuẩn 'ma_hoso' không có trong danh sách hồ sơ; các trường dùng được: chu_ho_so, don_vi_xu_ly, "),
    (broken("  Trạng thái hồ sơ: trang_thai_ho_so\n", ""), "columns",
     "thiếu trường bắt buộc của danh sách hồ sơ: trang_thai_ho_so (khai báo trong columns, không phải "
     "optional_columns)"),
    (broken('"dd/MM/yyyy HH:mm"', '"dd/mm/yyyy HH:mm"'), "date_formats[1] ('dd/mm/yyyy HH:mm')",
     "định dạng ngày sai: phải có ngày (dd), tháng (MM) và năm (yyyy); mm là phút, tháng viết MM"),
    (broken("  Ngày trả: ngay_tra\n", "  Ngày trả: ngay_tra\n  Ngày trả: ngay_ket_thuc_xu_ly\n"), None,
     "YAML không hợp lệ: khóa 'Ngày trả' viết hai lần"),
    (broken("  Ngày trả: ngay_tra\n", "  Ngày trả: ngay_tra\n  Ngày trả kết quả: ngay_tra\n"),
     "columns.'Ngày trả kết quả'", "trường ngay_tra đã được gán cho columns.'Ngày trả'"),
    (broken("  Lệ phí: phi_le_phi\n", "  Kênh tiếp nhận: phi_le_phi\n"), "optional_columns.'Kênh tiếp nhận'",
     "cột 'Kênh tiếp nhận' đã khai báo ở columns.'Kênh tiếp nhận'"),
    (broken("columns:", "colums:"), "colums", "khóa không có trong mẫu bố cục"),
    (broken('Trực tuyến: "2"', 'Trực tuyến: "5"'), "values.kenh_thuc_hien.'Trực tuyến'",
     "mã '5' không có trong danh mục của kenh_thuc_hien: 1, 2, 3"),
    (broken("recognise: [Mã số hồ sơ, Kênh tiếp nhận]", "recognise: [Mã số hồ sơ, Kênh nộp]"),
     "recognise[2] ('Kênh nộp')", "cột nhận diện phải là một cột bắt buộc khai báo trong columns"),
    (broken("kind: dossier_listing", "kind: ho_so"), "kind",
     "'ho_so' không phải loại đã biết; chọn một trong: dossier_listing, procedure_catalogue, unit_list, unit_lineage"),
    (broken("header_rows: 2", "header_rows: hai"), "header_rows", "phải là số dòng tiêu đề cột, từ 1 đến 5"),
])
def test_a_wrong_mapping_fails_loudly_naming_file_and_key(tmp_path, content, key, message):
    path = tmp_path / "sai.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LayoutError) as caught:
        load_layout(path)
    where = f"bố cục {path}" + (f", khóa {key}" if key else "")
    assert str(caught.value).startswith(f"{where}: {message}")
    assert caught.value.key == key


def test_a_wrong_layout_file_stops_the_load(warehouse, layouts_dir, tmp_path):
    (layouts_dir / "c.yaml").write_text(broken("Mã số hồ sơ: ma_ho_so", "Mã số hồ sơ: ma_hoso"), encoding="utf-8")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(FIXTURES / "small" / "don-vi-hanh-chinh.csv", inbox)
    with pytest.raises(LayoutError, match="c.yaml, khóa columns.'Mã số hồ sơ'"):
        ingest([inbox], source="test", load_date=date(2024, 2, 1), progress=lambda _: None)
    assert query(warehouse, "SELECT count(*) FROM audit.landed_file") == [(0,)]


def test_two_layouts_with_the_same_name_are_refused(layouts_dir):
    (layouts_dir / "a.yaml").write_text(VENDOR_C, encoding="utf-8")
    (layouts_dir / "b.yaml").write_text(VENDOR_C, encoding="utf-8")
    with pytest.raises(LayoutError, match=r"b.yaml, khóa name: tên 'vendor_c_ho_so' đã dùng cho a.yaml"):
        load_dir(layouts_dir)
    (layouts_dir / "b.yaml").write_text(broken("name: vendor_c_ho_so", "name: dossier_listing"), encoding="utf-8")
    with pytest.raises(LayoutError, match="b.yaml, khóa name: tên 'dossier_listing' đã dùng cho định dạng có sẵn"):
        registry.formats()


def test_a_file_two_layouts_recognise_is_an_error(layouts_dir, tmp_path):
    (layouts_dir / "a.yaml").write_text(VENDOR_C, encoding="utf-8")
    (layouts_dir / "b.yaml").write_text(broken("name: vendor_c_ho_so", "name: vendor_c_ban_sao"), encoding="utf-8")
    with pytest.raises(SourceError, match="tệp khớp nhiều bố cục nhà cung cấp: vendor_c_ho_so \\(a.yaml\\), "
                                          "vendor_c_ban_sao \\(b.yaml\\)"):
        registry.detect(write_vendor_c(tmp_path / "c.xlsx"))


def test_other_kinds_can_be_mapped_too(layouts_dir, tmp_path):
    (layouts_dir / "dvhc.yaml").write_text(textwrap.dedent("""\
        name: vendor_c_don_vi
        kind: unit_list
        recognise: [Mã xã/phường]
        columns:
          Mã xã/phường: ma_dvhc
          Tên: ten_don_vi
          Loại: loai
          Mã cơ quan: ma_dinh_danh
          Mã cấp trên: ma_dvhc_cha
        values:
          loai: {P.: Phường, X.: Xã}
        """), encoding="utf-8")
    path = tmp_path / "dvhc.csv"
    path.write_text("Mã xã/phường;Tên;Loại;Mã cơ quan;Mã cấp trên\r\n15907;Hoằng Cát;X.;000.35.27.H56;399\r\n"
                    "00004;Ba Đình;P.;000.01.01.H26;001\r\n", encoding="utf-8")
    fmt = registry.detect(path)
    rows = [r for chunk in fmt.read(path) for r in chunk.to_dict("records")]
    assert [(r["ma_dvhc"], r["loai"], r["cap"], r["ma_dvhc_cha"], r["hieu_luc_tu"]) for r in rows] == [
        ("15907", "Xã", "xa", "399", None), ("00004", "Phường", "xa", "001", None)]
    with pytest.raises(LayoutError, match=r"khóa optional_columns.'Cấp': trường chuẩn 'cap' không có trong "
                                          r"danh mục đơn vị "
                                          r"hành chính \(cap được tự suy ra\)"):
        (layouts_dir / "dvhc.yaml").write_text((layouts_dir / "dvhc.yaml").read_text(encoding="utf-8")
                                               + "optional_columns: {Cấp: cap}\n", encoding="utf-8")
        load_layout(layouts_dir / "dvhc.yaml")


def test_the_worked_example_file_is_valid():
    fmt = load_layout(REPO_ROOT / "config" / "layouts" / "vendor-example.yaml")
    assert (fmt.name, fmt.kind) == ("vendor_example_listing", "dossier")
