"""The spreadsheet readers (dossier listing, procedure catalogue, unit list) on real .xlsx and .csv files."""
from __future__ import annotations

import csv
import datetime as dt
import unicodedata

import openpyxl
import pytest

from etl.sources import catalogue, listing, units
from etl.canonical import DOSSIER_COLUMNS, PROCEDURE_COLUMNS, UNIT_COLUMNS, SourceError
from etl.sources.spreadsheet import date, number, text, yes_no

NFD = lambda s: unicodedata.normalize("NFD", s)  # noqa: E731

TITLES = [
    ["UBND TỈNH THANH HÓA"],
    ["DANH SÁCH HỒ SƠ"],
    ["(Từ ngày 01/01/2024 đến ngày 31/12/2024)"],
    [],
]
LISTING_HEADER = [
    "STT", "Mã hồ sơ", "Mã TTHC", "Tên thủ tục hành chính", "Mã lĩnh vực", "Lĩnh vực", "Mã đơn vị",
    "Đơn vị xử lý", "Chủ hồ sơ", "Số điện thoại", "Email", "Đối tượng", "Kênh nộp", "Ngày nộp",
    "Ngày tiếp nhận", "Ngày hẹn trả", "Ngày kết thúc xử lý", "Ngày trả kết quả", "Trạng thái",
    "Phí, lệ phí (đồng)", "Thanh toán trực tuyến", "Trả kết quả qua BCCI", "Số hóa thành phần",
    "Kết quả điện tử", "Số lần bổ sung", "Ghi chú",
]


def write_xlsx(path, rows, merge=None):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    workbook.save(path)
    return path


def write_csv(path, rows, encoding="utf-8-sig"):
    with open(path, "w", encoding=encoding, newline="") as stream:
        csv.writer(stream).writerows(rows)
    return path


def read_all(fmt, path, **kwargs):
    chunks = list(fmt.read(path, **kwargs))
    for chunk in chunks:
        assert tuple(chunk.columns) == fmt.columns
    return [row for chunk in chunks for row in chunk.to_dict("records")]


def listing_rows(xlsx: bool):
    """Title rows, header, group rows, three dossiers, a total row; cells typed as Excel or CSV has them."""
    when = (lambda *a: dt.datetime(*a)) if xlsx else (lambda *a: dt.datetime(*a).strftime("%d/%m/%Y %H:%M:%S"))
    header = [NFD(h) if h == "Phí, lệ phí (đồng)" else h for h in LISTING_HEADER]
    first = [
        1, "000.27.35.H56-240103-0001", "1.004616.000.00.00.H56", "Đăng ký khai sinh",
        399 if xlsx else "399", "Hộ tịch", "000.27.35.H56", "UBND xã Hoằng Cát", NFD("  Lê Thị Hằng "),
        "0912345678", "hang@example.vn", "Công dân", "Trực tuyến", when(2024, 1, 3, 8, 30),
        when(2024, 1, 3, 9, 0), when(2024, 1, 5, 17, 0), when(2024, 1, 4, 10, 15, 20), when(2024, 1, 5, 8, 0),
        "Đã trả kết quả", 50000 if xlsx else "50.000", "Có", "Không", "Có", "Có", 0 if xlsx else "0",
        "Ưu tiên",
    ]
    second = [
        2, "000.27.35.H56-240104-0002", "1.001234.000.00.00.H56", "Chứng thực bản sao", None, None,
        "000.27.35.H56", "UBND xã Hoằng Cát", "Công ty TNHH A", None, None, "Doanh nghiệp", None,
        "32/01/2024 08:00", "04/01/2024", None, None, None, 4 if xlsx else "4", None, None, "x", "Không",
        None, None, None,
    ]
    third = [
        3, "000.27.36.H56-240105-0001", "1.004616.000.00.00.H56", "Đăng ký khai sinh", "399", "Hộ tịch",
        "000.27.36.H56", "UBND xã Hoằng Phụ", "Nguyễn Văn B", None, None, "Công dân", "Trực tiếp",
        "05/01/2024 07:45", "05/01/2024 07:45", "10/01/2024 17:00", None, None, "Chờ ký", "0", "Không",
        "Không", "Không", "Không", "1,0", None,
    ]
    total = ["Tổng cộng", None, None, None, None, None, None, None, None, None, None, None, None, None,
             None, None, None, None, None, 50000 if xlsx else "50.000"]
    return TITLES + [header, ["I. Xã Hoằng Cát"], first, second, [], ["II. Xã Hoằng Phụ"], third, total]


EXPECTED_LISTING = [
    {
        "row_no": "7", "ma_ho_so": "000.27.35.H56-240103-0001", "ma_tthc": "1.004616.000.00.00.H56",
        "ten_tthc": "Đăng ký khai sinh", "ma_linh_vuc": "399", "ten_linh_vuc": "Hộ tịch",
        "ma_don_vi": "000.27.35.H56", "don_vi_xu_ly": "UBND xã Hoằng Cát", "kenh_thuc_hien": "2",
        "loai_doi_tuong": "1", "chu_ho_so": "Lê Thị Hằng", "so_dien_thoai": "0912345678",
        "email": "hang@example.vn", "so_giay_to": None, "ngay_nop_ho_so": "20240103083000",
        "ngay_tiep_nhan": "20240103090000", "ngay_hen_tra": "20240105170000",
        "ngay_ket_thuc_xu_ly": "20240104101520", "ngay_tra": "20240105080000", "trang_thai_ho_so": "10",
        "hinh_thuc": "0", "duoc_thanh_toan_truc_tuyen": "3", "phi_le_phi": "50000", "so_hoa_thanh_phan": "1",
        "ket_qua_dien_tu": "1", "so_lan_bo_sung": "0", "ngay_cho_bo_sung": None,
        "extra": '{"Ghi chú": "Ưu tiên"}',
    },
    {
        "row_no": "8", "ma_ho_so": "000.27.35.H56-240104-0002", "ma_tthc": "1.001234.000.00.00.H56",
        "ten_tthc": "Chứng thực bản sao", "ma_linh_vuc": None, "ten_linh_vuc": None,
        "ma_don_vi": "000.27.35.H56", "don_vi_xu_ly": "UBND xã Hoằng Cát", "kenh_thuc_hien": None,
        "loai_doi_tuong": "2", "chu_ho_so": "Công ty TNHH A", "so_dien_thoai": None, "email": None,
        "so_giay_to": None, "ngay_nop_ho_so": "32/01/2024 08:00", "ngay_tiep_nhan": "20240104000000",
        "ngay_hen_tra": None, "ngay_ket_thuc_xu_ly": None, "ngay_tra": None, "trang_thai_ho_so": "4",
        "hinh_thuc": "1", "duoc_thanh_toan_truc_tuyen": "0", "phi_le_phi": None, "so_hoa_thanh_phan": "0",
        "ket_qua_dien_tu": "0", "so_lan_bo_sung": None, "ngay_cho_bo_sung": None, "extra": None,
    },
    {
        "row_no": "11", "ma_ho_so": "000.27.36.H56-240105-0001", "ma_tthc": "1.004616.000.00.00.H56",
        "ten_tthc": "Đăng ký khai sinh", "ma_linh_vuc": "399", "ten_linh_vuc": "Hộ tịch",
        "ma_don_vi": "000.27.36.H56", "don_vi_xu_ly": "UBND xã Hoằng Phụ", "kenh_thuc_hien": "1",
        "loai_doi_tuong": "1", "chu_ho_so": "Nguyễn Văn B", "so_dien_thoai": None, "email": None,
        "so_giay_to": None, "ngay_nop_ho_so": "20240105074500", "ngay_tiep_nhan": "20240105074500",
        "ngay_hen_tra": "20240110170000", "ngay_ket_thuc_xu_ly": None, "ngay_tra": None,
        "trang_thai_ho_so": "Chờ ký", "hinh_thuc": "0", "duoc_thanh_toan_truc_tuyen": "0", "phi_le_phi": "0",
        "so_hoa_thanh_phan": "0", "ket_qua_dien_tu": "0", "so_lan_bo_sung": "1", "ngay_cho_bo_sung": None,
        "extra": None,
    },
]


@pytest.fixture
def listing_xlsx(tmp_path):
    return write_xlsx(tmp_path / "danh_sach.xlsx", listing_rows(xlsx=True), merge="A1:F1")


@pytest.fixture
def listing_csv(tmp_path):
    return write_csv(tmp_path / "danh_sach.csv", listing_rows(xlsx=False))


@pytest.mark.parametrize("source", ["listing_xlsx", "listing_csv"])
def test_listing_rows_in_canonical_form(source, request):
    path = request.getfixturevalue(source)
    rows = read_all(listing.FORMAT, path)
    assert rows == EXPECTED_LISTING
    assert all(isinstance(v, str) or v is None for row in rows for v in row.values())
    assert all(unicodedata.is_normalized("NFC", v) for row in rows for v in row.values() if v)


@pytest.mark.parametrize("source", ["listing_xlsx", "listing_csv"])
def test_listing_period_metadata(source, request):
    assert listing.FORMAT.metadata(request.getfixturevalue(source)) == {
        "tu_ngay": "2024-01-01",
        "den_ngay": "2024-12-31",
        "tieu_de": ["UBND TỈNH THANH HÓA", "DANH SÁCH HỒ SƠ", "(Từ ngày 01/01/2024 đến ngày 31/12/2024)"],
    }


def test_metadata_without_period(tmp_path):
    path = write_csv(tmp_path / "ds.csv", [["DANH SÁCH HỒ SƠ"], LISTING_HEADER])
    assert listing.FORMAT.metadata(path) == {"tu_ngay": None, "den_ngay": None, "tieu_de": ["DANH SÁCH HỒ SƠ"]}


def test_chunks_are_bounded_and_row_numbers_continuous(tmp_path):
    dossier = listing_rows(xlsx=True)[6]
    rows = TITLES + [LISTING_HEADER] + [[i, f"000.27.35.H56-240103-000{i}", *dossier[2:]] for i in range(1, 6)]
    path = write_xlsx(tmp_path / "ds.xlsx", rows)
    chunks = list(listing.FORMAT.read(path, chunk_rows=2))
    assert [len(c) for c in chunks] == [2, 2, 1]
    assert [r for c in chunks for r in c["row_no"]] == ["6", "7", "8", "9", "10"]


def test_file_without_rows_gives_one_empty_chunk(tmp_path):
    chunks = list(listing.FORMAT.read(write_csv(tmp_path / "ds.csv", TITLES + [LISTING_HEADER])))
    assert len(chunks) == 1 and chunks[0].empty and tuple(chunks[0].columns) == DOSSIER_COLUMNS


def test_missing_columns_name_file_row_and_columns(tmp_path):
    header = [h for h in LISTING_HEADER if h not in ("Mã TTHC", "Ngày hẹn trả")]
    path = write_xlsx(tmp_path / "thieu_cot.xlsx", TITLES + [header])
    with pytest.raises(SourceError) as caught:
        list(listing.FORMAT.read(path))
    assert str(caught.value) == "tệp thieu_cot.xlsx, dòng 5: thiếu cột bắt buộc: Mã TTHC, Ngày hẹn trả"
    assert caught.value.row == 5


def test_missing_header_row(tmp_path):
    path = write_csv(tmp_path / "khong_tieu_de.csv", [["a", "b"], ["1", "2"]])
    with pytest.raises(SourceError, match="không tìm thấy dòng tiêu đề có cột Mã hồ sơ"):
        list(listing.FORMAT.read(path))


CP1258_TONES = "\u0300\u0301\u0303\u0309\u0323"  # the combining marks Windows-1258 has


def encode_cp1258(value: str) -> bytes:
    """Windows-1258 as Vietnamese Windows software writes it: base letters plus combining tone marks."""
    out = b""
    for char in unicodedata.normalize("NFC", value):
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            marks = unicodedata.normalize("NFD", char)
            tone = "".join(m for m in marks if m in CP1258_TONES)
            base = unicodedata.normalize("NFC", "".join(m for m in marks if m not in CP1258_TONES))
            out += (base + tone).encode("cp1258")
    return out


def test_a_whole_cp1258_csv_is_read_with_its_vietnamese_letters(tmp_path):
    utf8 = write_csv(tmp_path / "utf8.csv", listing_rows(xlsx=False), encoding="utf-8")
    legacy = tmp_path / "cp1258.csv"
    legacy.write_bytes(encode_cp1258(utf8.read_text(encoding="utf-8")))  # tones as combining marks
    read = [chunk.to_dict("records") for chunk in listing.FORMAT.read(legacy)]
    assert read == [chunk.to_dict("records") for chunk in listing.FORMAT.read(utf8)]  # NFC, letter for letter
    assert listing.FORMAT.metadata(legacy).get("bang_ma") == "CP1258"


def test_non_utf8_line_deep_in_a_csv_is_located(tmp_path):
    dossier = listing_rows(xlsx=False)[6]
    rows = TITLES + [LISTING_HEADER] + [[i, f"HS-{i}", *dossier[2:]] for i in range(1, 1001)]
    path = write_csv(tmp_path / "mixed.csv", rows)
    lines = path.read_bytes().split(b"\r\n")
    bad = 700  # this line was saved by a Windows-1258 editor
    lines[bad - 1] = encode_cp1258(lines[bad - 1].decode("utf-8"))
    path.write_bytes(b"\r\n".join(lines))
    with pytest.raises(SourceError, match="UTF-8") as caught:
        list(listing.FORMAT.read(path))
    assert caught.value.row == bad and "dòng 700" in str(caught.value)


def test_sniff_recognises_each_format(tmp_path, listing_xlsx, listing_csv):
    procedures = write_csv(tmp_path / "tthc.csv", [["DANH MỤC TTHC"], CATALOGUE_HEADER])
    unit_list = write_xlsx(tmp_path / "dvhc.xlsx", [["DANH MỤC ĐVHC"], UNIT_HEADER])
    other = write_csv(tmp_path / "khac.csv", [["a", "b"]])
    wrong_extension = write_csv(tmp_path / "danh_sach.txt", listing_rows(xlsx=False))
    sniffs = lambda path: [f.sniff(path) for f in (listing.FORMAT, catalogue.FORMAT, units.FORMAT)]  # noqa: E731
    assert sniffs(listing_xlsx) == sniffs(listing_csv) == [True, False, False]
    assert sniffs(procedures) == [False, True, False]
    assert sniffs(unit_list) == [False, False, True]
    assert sniffs(other) == sniffs(wrong_extension) == [False, False, False]


def test_sniff_ignores_a_header_below_row_30(tmp_path):
    path = write_csv(tmp_path / "ds.csv", [["tiêu đề"]] * 30 + [LISTING_HEADER])
    assert not listing.FORMAT.sniff(path)


CATALOGUE_HEADER = [
    "STT", "Mã TTHC", "Tên thủ tục hành chính", "Mã lĩnh vực", "Lĩnh vực", "Cấp thực hiện", "Mức độ DVCTT",
    "Loại", "Thời hạn giải quyết\n(ngày)", "Có phí, lệ phí",
]


def test_catalogue(tmp_path):
    rows = [
        ["UBND TỈNH THANH HÓA"],
        ["DANH MỤC THỦ TỤC HÀNH CHÍNH"],
        [],
        CATALOGUE_HEADER,
        ["A. Cấp xã"],
        [1, "1.004616.000.00.00.H56", "Đăng ký khai sinh", 399, "Hộ tịch", "Cấp xã", "Toàn trình", "Một cửa", 3,
         "Không"],
        [2, "1.001234", "Chứng thực", "G09", "Chứng thực", "cấp  huyện", "Một phần", "Liên thông", "0,5", "Có"],
        [3, "2.000001", "Cấp phép", "", "", "Cấp tỉnh", "Không", "Một cửa", "1.234,5", None],
        [4, "2.000002", "Thủ tục lạ", "", "", "Trung ương", "Mức 4", "Khác", "ba ngày", "x"],
    ]
    path = write_xlsx(tmp_path / "tthc.xlsx", rows, merge="A1:D1")
    got = [tuple(r[c] for c in PROCEDURE_COLUMNS) for r in read_all(catalogue.FORMAT, path)]
    assert got == [
        ("6", "1.004616.000.00.00.H56", "Đăng ký khai sinh", "399", "Hộ tịch", "xa", "toan_trinh", "0", "3", "0", None),
        ("7", "1.001234", "Chứng thực", "G09", "Chứng thực", "huyen", "mot_phan", "1", "0.5", "1", None),
        ("8", "2.000001", "Cấp phép", None, None, "tinh", "khong", "0", "1234.5", "0", None),
        ("9", "2.000002", "Thủ tục lạ", None, None, "Trung ương", "Mức 4", "Khác", "ba ngày", "1", None),
    ]


UNIT_HEADER = ["STT", "Mã ĐVHC", "Tên đơn vị", "Cấp", "Mã định danh", "Mã ĐVHC cấp trên"]


def test_units(tmp_path):
    rows = [
        ["DANH MỤC ĐƠN VỊ HÀNH CHÍNH"],
        UNIT_HEADER,
        [1, 38, "Tỉnh Thanh Hóa", "Tỉnh", "000.00.00.H56", None],
        [2, 380, "Thành phố Thanh Hóa", "Thành phố", "000.00.01.H56", 38],
        [3, 399, "Huyện Hoằng Hóa", "Huyện", "000.00.27.H56", 38],
        [4, "15907", NFD("Xã Hoằng Cát"), "Xã", "000.27.35.H56", 399],
        [5, "01", "Thành phố Hà Nội", "Thành phố", "000.00.00.H26", None],
        [6, "99999", "Đặc khu X", "Đặc khu", None, 38],
        ["Tổng cộng", 6],
    ]
    path = write_csv(tmp_path / "dvhc.csv", rows)
    got = [tuple(r[c] for c in UNIT_COLUMNS) for r in read_all(units.FORMAT, path)]
    assert got == [
        ("3", "38", "Tỉnh Thanh Hóa", "tinh", "Tỉnh", "000.00.00.H56", None, None),
        ("4", "380", "Thành phố Thanh Hóa", "huyen", "Thành phố", "000.00.01.H56", "38", None),
        ("5", "399", "Huyện Hoằng Hóa", "huyen", "Huyện", "000.00.27.H56", "38", None),
        ("6", "15907", "Xã Hoằng Cát", "xa", "Xã", "000.27.35.H56", "399", None),
        ("7", "01", "Thành phố Hà Nội", "tinh", "Thành phố", "000.00.00.H26", None, None),
        ("8", "99999", "Đặc khu X", "Đặc khu", "Đặc khu", None, "38", None),
    ]


def test_units_numeric_code_cells_stay_codes(tmp_path):
    rows = [UNIT_HEADER, [1, 399, "Huyện Hoằng Hóa", "Huyện", "000.00.27.H56", 38.0]]
    path = write_xlsx(tmp_path / "dvhc.xlsx", rows)
    [row] = read_all(units.FORMAT, path)
    assert (row["row_no"], row["ma_dvhc"], row["ma_dvhc_cha"]) == ("2", "399", "38")


@pytest.mark.parametrize(
    "value, expected",
    [("50.000", "50000"), ("1.234.567,5", "1234567.5"), ("0,5", "0.5"), ("0", "0"), (50000.0, "50000"),
     (1.234, "1.234"), (0.5, "0.5"), ("12.5", "12.5"), (" 7 ", "7"), ("", None), (None, None), ("abc", "abc")],
)
def test_number(value, expected):
    assert number(value) == expected


@pytest.mark.parametrize(
    "value, expected",
    [(dt.datetime(2024, 1, 3, 8, 30, 5), "20240103083005"), (dt.date(2024, 1, 3), "20240103000000"),
     ("3/1/2024", "20240103000000"), ("03/01/2024 08:30", "20240103083000"), ("31/02/2024", "31/02/2024"),
     ("2024-01-03", "2024-01-03"), ("", None)],
)
def test_date(value, expected):
    assert date(value) == expected


@pytest.mark.parametrize(
    "value, expected",
    [("Có", "1"), ("có", "1"), ("X", "1"), (True, "1"), (1.0, "1"), ("Không", "0"), ("", "0"), (None, "0"),
     ("Chưa rõ", "Chưa rõ")],
)
def test_yes_no(value, expected):
    assert yes_no(value) == expected


def test_text():
    assert text(399.0) == "399" and text(NFD(" Hoằng ")) == "Hoằng" and text("  ") is None


def test_effective_dates_are_an_optional_column(tmp_path):
    rows = [UNIT_HEADER + ["Ngày hiệu lực"],
            [1, "99006", "Hoằng Sơn", "Xã", "000.56.20.H56", "38", "01/07/2025"],
            [2, "38", "Thanh Hóa", "Tỉnh", "000.00.00.H56", None, None]]
    got = [(r["ma_dvhc"], r["hieu_luc_tu"]) for r in read_all(units.FORMAT, write_csv(tmp_path / "dv.csv", rows))]
    assert got == [("99006", "20250701000000"), ("38", None)]


def test_lineage(tmp_path):
    from etl.sources import lineage, registry

    header = ["STT", "Mã ĐVHC cũ", "Tên đơn vị cũ", "Mã định danh cũ", "Mã ĐVHC mới", "Tên đơn vị mới",
              "Mã định danh mới", "Ngày hiệu lực", "Tỷ lệ (%)", "Căn cứ"]
    rows = [["DANH SÁCH SẮP XẾP ĐƠN VỊ HÀNH CHÍNH"], header,
            [1, 15907, "Xã Hoằng Cát", "000.14.20.H56", 99006, "Xã Hoằng Sơn", "000.56.20.H56", "01/07/2025", 100,
             "Nghị quyết 1686/NQ-UBTVQH15"],
            [2, 399, "Huyện Hoằng Hóa", "000.00.20.H56", None, None, None, "01/07/2025", None, None]]
    path = write_xlsx(tmp_path / "sap-xep.xlsx", rows)
    assert registry.detect(path) is lineage.FORMAT
    got = [tuple(r[c] for c in ("ma_dinh_danh_cu", "ma_dinh_danh_moi", "hieu_luc_tu", "ty_le"))
           for r in read_all(lineage.FORMAT, path)]
    assert got == [("000.14.20.H56", "000.56.20.H56", "20250701000000", "100"),
                   ("000.00.20.H56", None, "20250701000000", None)]
