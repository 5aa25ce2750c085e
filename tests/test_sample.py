"""The sample province generator: layout, formats, reference data, manifest truth, defects, determinism."""
from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections import Counter
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from etl.sample import MANIFEST_NAME, generate_sample

DOSSIERS = 2000

SPEC_FIELDS = {
    "MaHoSo", "MaTTHC", "TenTTHC", "MaLinhVuc", "TenLinhVuc", "KenhThucHien", "LoaiDoiTuong", "ChuHoSo",
    "SoDienThoai", "Email", "SoGiayToChuHoSo", "TrichYeuHoSo", "NgayNopHoSo", "NgayTiepNhan", "NgayHenTra",
    "NgayKetThucXuLy", "NgayTra", "TrangThaiHoSo", "DonViXuLy", "MaDonVi", "HinhThuc", "DuocThanhToanTrucTuyen",
    "HoSoCoThanhPhanSoHoa", "DanhSachLePhi", "TaiLieuNop", "DanhSachGiayToKetQua", "DanhSachHoSoBoSung",
}
UNKNOWN_FIELDS = {"SoBienNhan", "MaHoSoCu"}
NESTED_FIELDS = {
    "DanhSachLePhi": {"TenPhiLePhi", "MaPhiLePhi", "HinhThucThu", "Gia", "LoaiPhiLePhi"},
    "TaiLieuNop": {"TepDinhKemId", "TenTepDinhKem", "IsDeleted", "MaThanhPhanHoSo", "DuongDanTaiTepTin",
                   "DuocSoHoa", "DuocLayTuKhoDMQG"},
    "DanhSachGiayToKetQua": {"TenGiayTo", "MaThanhPhanHoSo", "GiayToId", "DuongDanTepTinKetQua"},
    "DanhSachHoSoBoSung": {"HoSoBoSungId", "NoiDungBoSung", "NgayBoSung", "NgayTiepNhanBoSung", "TrangThaiBoSung",
                           "NgayHenTraTruoc", "NgayHenTraMoi"},
}
DATE_FIELDS = ("NgayNopHoSo", "NgayTiepNhan", "NgayHenTra", "NgayKetThucXuLy", "NgayTra")
LISTING_DATES = ("Ngày nộp", "Ngày tiếp nhận", "Ngày hẹn trả", "Ngày kết thúc xử lý", "Ngày trả kết quả")
STATUS_NAMES = {"Mới đăng ký", "Được tiếp nhận", "Không được tiếp nhận", "Đang xử lý", "Yêu cầu bổ sung giấy tờ",
                "Yêu cầu thực hiện nghĩa vụ tài chính", "Công dân yêu cầu rút hồ sơ", "Dừng xử lý", "Đã xử lý xong",
                "Đã trả kết quả"}
AGENCY = re.compile(r"^000\.\d{2}\.\d{2}\.H56$")
DOSSIER_CODE = re.compile(r"^(000\.\d{2}\.\d{2}\.H56)-(\d{6})-(\d{4})$")
PROCEDURE_CODE = re.compile(r"^\d\.\d{6}\.000\.00\.00\.H56$")
STAMP = re.compile(r"^\d{14}$")
LISTING_STAMP = re.compile(r"^\d{2}/\d{2}/\d{4} \d{2}:\d{2}$")
VI_NUMBER = re.compile(r"^\d{1,3}(\.\d{3})*$")


# ---- reading the output back -----------------------------------------------------------------------------------

def read_table(path: Path) -> list[tuple[int, list]]:
    """(spreadsheet row number, cells) of every row of a .csv or .xlsx file."""
    if path.suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return list(enumerate(csv.reader(handle), start=1))
    workbook = openpyxl.load_workbook(path, read_only=True)
    rows = [list(r) for r in workbook.worksheets[0].iter_rows(values_only=True)]
    workbook.close()
    return list(enumerate(rows, start=1))


def records(path: Path, header_cell: str) -> list[tuple[int, dict]]:
    """Rows below the header row (the one with ``header_cell``), as dicts keyed by header."""
    table = read_table(path)
    position = next(i for i, (_n, cells) in enumerate(table) if header_cell in cells)
    header = table[position][1]
    return [(n, dict(zip(header, cells))) for n, cells in table[position + 1:]]


def stamp_value(value) -> datetime | None:
    """A JSON or listing date as a datetime; None if empty; ValueError if not in a format of the spec."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value
    if STAMP.match(value):
        return datetime.strptime(value, "%Y%m%d%H%M%S")
    if LISTING_STAMP.match(value):
        return datetime.strptime(value, "%d/%m/%Y %H:%M")
    raise ValueError(value)


def is_bad_date(value) -> bool:
    try:
        stamp_value(value)
    except ValueError:
        return True
    return False


class Output:
    """Everything the generator wrote, read back independently of the manifest."""

    def __init__(self, root: Path, manifest: dict):
        self.root = root
        self.manifest = manifest
        self.saved_manifest = json.loads((root / MANIFEST_NAME).read_text(encoding="utf-8"))
        self.payloads = {p.relative_to(root).as_posix(): json.loads(p.read_text(encoding="utf-8"))
                         for p in sorted(root.glob("dossiers/*/*.json"))}
        self.listings = {p.relative_to(root).as_posix(): records(p, "Mã hồ sơ")
                         for p in sorted(root.glob("listings/*")) if p.suffix in (".csv", ".xlsx")}
        self.units = records(root / "reference/don-vi-hanh-chinh.csv", "Mã ĐVHC")
        self.catalogue = records(root / "reference/danh-muc-tthc.xlsx", "Mã TTHC")
        self.catalogue_codes = {row["Mã TTHC"] for _n, row in self.catalogue}

    def dossier_rows(self):
        """(file, row, dossier dict) of every JSON row, first versions and updates alike."""
        for name, envelope in self.payloads.items():
            for row, obj in enumerate(envelope["data"], start=1):
                yield name, row, obj

    def listing_rows(self):
        for name, rows in self.listings.items():
            for row, record in rows:
                yield name, row, record

    def flagged(self, kind: str) -> set[tuple[str, int]]:
        return {(item["file"], item["row"]) for item in self.manifest["defects"][kind]["items"]}

    def defect_rows(self) -> set[tuple[str, int]]:
        """Every (file, row) that carries a defect, including the first versions of re-sent dossiers."""
        rows = set()
        for kind, entry in self.manifest["defects"].items():
            rows |= {(i["file"], i["row"]) for i in entry["items"]}
            rows |= {(i["first_file"], i["first_row"]) for i in entry["items"] if "first_file" in i}
        return rows


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Output:
    root = tmp_path_factory.mktemp("sample")
    messages = []
    manifest = generate_sample(root, dossiers=DOSSIERS, progress=messages.append)
    output = Output(root, manifest)
    output.progress = messages
    return output


# ---- layout --------------------------------------------------------------------------------------------------

def test_layout_and_manifest_list_the_same_files(out):
    root = out.root
    assert (root / "reference/don-vi-hanh-chinh.csv").is_file()
    assert (root / "reference/danh-muc-tthc.xlsx").is_file()
    assert (root / MANIFEST_NAME).is_file()
    on_disk = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()} - {MANIFEST_NAME}
    assert on_disk == set(out.manifest["files"])
    assert out.saved_manifest == json.loads(json.dumps(out.manifest, ensure_ascii=False))
    for name in out.payloads:
        assert re.fullmatch(r"dossiers/000\.\d{2}\.\d{2}\.H56/\d{4}-\d{2}(-capnhat)?\.json", name)
    suffixes = Counter(Path(name).suffix for name in out.listings)
    assert suffixes[".xlsx"] and suffixes[".csv"]
    for name in out.listings:
        month = int(re.fullmatch(r"listings/danh-sach-ho-so-hau-loc-2024-(\d{2})\.(csv|xlsx)", name).group(1))
        assert name.endswith(".csv") == (month % 3 == 0)
    assert len(out.progress) == 12


# ---- reference data ------------------------------------------------------------------------------------------

def test_unit_list_has_real_codes_and_parents(out):
    units = {row["Mã ĐVHC"]: row for _n, row in out.units}
    assert len(units) == len(out.units)
    assert units["38"]["Mã định danh"] == "000.00.00.H56" and units["38"]["Mã ĐVHC cấp trên"] == ""
    assert (units["399"]["Tên đơn vị"], units["399"]["Cấp"], units["399"]["Mã ĐVHC cấp trên"]) == (
        "Hoằng Hóa", "Huyện", "38")
    expected = {"15907": ("Hoằng Cát", "Xã"), "15895": ("Hoằng Trinh", "Xã"), "15898": ("Hoằng Sơn", "Xã"),
                "15904": ("Hoằng Xuyên", "Xã"), "15865": ("Bút Sơn", "Thị trấn")}
    for gso, (name, kind) in expected.items():
        assert (units[gso]["Tên đơn vị"], units[gso]["Cấp"], units[gso]["Mã ĐVHC cấp trên"]) == (name, kind, "399")
    districts = [u for u in units.values() if u["Mã ĐVHC cấp trên"] == "38"]
    communes = [u for u in units.values() if u["Mã ĐVHC cấp trên"] in {d["Mã ĐVHC"] for d in districts}]
    assert len(districts) >= 3 and len(communes) >= 30
    assert len(districts) + len(communes) + 1 == len(units)
    for unit in units.values():
        assert AGENCY.match(unit["Mã định danh"])
        assert unit["Cấp"] in {"Tỉnh", "Huyện", "Thị xã", "Thành phố", "Xã", "Phường", "Thị trấn"}
    for commune in communes:  # 000.<cc>.<dd>.H56 under the district's 000.00.<dd>.H56
        district_agency = units[commune["Mã ĐVHC cấp trên"]]["Mã định danh"]
        assert commune["Mã định danh"][8:] == district_agency[8:] and commune["Mã định danh"][4:6] != "00"
    assert len({u["Mã định danh"] for u in units.values()}) == len(units)


def test_procedure_catalogue(out):
    rows = [row for _n, row in out.catalogue]
    assert 55 <= len(rows) <= 70
    assert len(out.catalogue_codes) == len(rows)
    for row in rows:
        assert PROCEDURE_CODE.match(row["Mã TTHC"])
        assert row["Cấp thực hiện"] in {"Cấp xã", "Cấp huyện", "Cấp tỉnh"}
        assert row["Mức độ DVCTT"] in {"Không", "Một phần", "Toàn trình"}
        assert row["Loại"] in {"Một cửa", "Liên thông"}
        assert row["Có phí, lệ phí"] in {"Có", "Không"}
        assert isinstance(row["Thời hạn giải quyết (ngày)"], int) or row["Thời hạn giải quyết (ngày)"] == "0,5"
    assert {row["Cấp thực hiện"] for row in rows} == {"Cấp xã", "Cấp huyện", "Cấp tỉnh"}
    assert {"Chứng thực", "Hộ tịch", "Đất đai", "Bảo trợ xã hội", "Thành lập và hoạt động của hộ kinh doanh",
            "Xây dựng", "Người có công", "Giáo dục và Đào tạo"} <= {row["Lĩnh vực"] for row in rows}


# ---- dossier payloads ----------------------------------------------------------------------------------------

def test_payloads_use_the_exact_field_names(out):
    for name, envelope in out.payloads.items():
        assert list(envelope) == ["madonvi", "service", "isUpdating", "data"]
        assert envelope["service"] == "DongBoHoSoMC"
        assert envelope["madonvi"] == name.split("/")[1]
        assert envelope["isUpdating"] == name.endswith("-capnhat.json")
        assert envelope["data"]
    for _name, _row, obj in out.dossier_rows():
        assert SPEC_FIELDS <= set(obj) <= SPEC_FIELDS | UNKNOWN_FIELDS
        for key, fields in NESTED_FIELDS.items():
            for item in obj[key]:
                assert set(item) == fields
        code = DOSSIER_CODE.match(obj["MaHoSo"])
        assert code and code.group(1) == obj["MaDonVi"]
        assert obj["KenhThucHien"] in (1, 2, 3, None)
        assert obj["LoaiDoiTuong"] in (1, 2) and obj["HinhThuc"] in (0, 1)
        assert obj["DuocThanhToanTrucTuyen"] in (0, 1, 2) and obj["HoSoCoThanhPhanSoHoa"] in (0, 1)
        assert 1 <= obj["TrangThaiHoSo"] <= 10
        assert obj["SoDienThoai"] is None or re.fullmatch(r"0\d{9}", obj["SoDienThoai"])
        assert re.fullmatch(r"038\d{9}|28\d{8}", obj["SoGiayToChuHoSo"])
    assert any(UNKNOWN_FIELDS & set(obj) for _n, _r, obj in out.dossier_rows())


def test_dates_are_consistent_outside_defects(out):
    defects = out.defect_rows()
    for name, row, obj in out.dossier_rows():
        if (name, row) in defects:
            continue
        received, due = stamp_value(obj["NgayTiepNhan"]), stamp_value(obj["NgayHenTra"])
        assert received.year == 2024 and received.weekday() < 5
        assert 7 * 60 + 30 <= received.hour * 60 + received.minute < 17 * 60
        assert stamp_value(obj["NgayNopHoSo"]) <= received < due
        assert obj["MaHoSo"].split("-")[1] == obj["NgayTiepNhan"][2:8]
        end, returned = stamp_value(obj["NgayKetThucXuLy"]), stamp_value(obj["NgayTra"])
        assert (end is None) == (obj["TrangThaiHoSo"] in (4, 5))
        assert end is None or end > received
        assert (returned is not None) == (obj["TrangThaiHoSo"] == 10)
        assert returned is None or returned >= end
        for request in obj["DanhSachHoSoBoSung"]:
            assert received <= stamp_value(request["NgayBoSung"])


def test_daily_sequence_numbers(out):
    for name, envelope in out.payloads.items():
        if name.endswith("-capnhat.json"):
            continue
        codes = [obj["MaHoSo"] for obj in envelope["data"]]
        unique = list(dict.fromkeys(codes))
        by_day = Counter(tuple(code.split("-")[:2]) for code in unique)  # (agency, day)
        for (agency, day), count in by_day.items():
            assert sorted(c.split("-")[2] for c in unique if c.split("-")[:2] == [agency, day]) == [
                f"{n:04d}" for n in range(1, count + 1)]


def test_realistic_mix(out):
    final = {}
    for name, _row, obj in out.dossier_rows():
        if name.endswith("-capnhat.json") or obj["MaHoSo"] not in final:
            final[obj["MaHoSo"]] = obj
    dossiers = list(final.values())
    n = len(dossiers)
    channels = Counter(obj["KenhThucHien"] for obj in dossiers)
    assert 0.50 < channels[1] / n < 0.60 and 0.33 < channels[2] / n < 0.43
    assert 0.02 < channels[3] / n < 0.07 and 0.01 < channels[None] / n < 0.06
    statuses = Counter(obj["TrangThaiHoSo"] for obj in dossiers)
    assert statuses[10] / n > 0.8 and statuses[9] > 0 and statuses[4] + statuses[5] > 0
    fee = [obj for obj in dossiers if any(item["Gia"] for item in obj["DanhSachLePhi"])]
    assert 0.78 < sum(obj["DuocThanhToanTrucTuyen"] > 0 for obj in fee) / len(fee) < 0.92
    assert 0.62 < sum(obj["HoSoCoThanhPhanSoHoa"] for obj in dossiers) / n < 0.78
    assert 0.03 < sum(bool(obj["DanhSachHoSoBoSung"]) for obj in dossiers) / n < 0.07
    finished = [obj for obj in dossiers if obj["TrangThaiHoSo"] in (9, 10)]
    e_results = sum(bool(obj["DanhSachGiayToKetQua"]) for obj in finished) / len(finished)
    assert 0.53 < e_results < 0.67
    levels = Counter(obj["MaDonVi"][4:6] == "00" for obj in dossiers)
    assert levels[False] > levels[True] > 0  # communes handle most dossiers


# ---- provincial listing --------------------------------------------------------------------------------------

def test_listing_format(out):
    title = read_table(out.root / next(iter(out.listings)))[:5]
    assert title[1][1][0] == "DANH SÁCH HỒ SƠ"
    assert re.fullmatch(r"\(Từ ngày \d{2}/\d{2}/2024 đến ngày \d{2}/\d{2}/2024\)", title[2][1][0])
    defects = out.defect_rows()
    for name, row, record in out.listing_rows():
        assert DOSSIER_CODE.match(record["Mã hồ sơ"]) and record["Mã hồ sơ"].split(".")[2] == "21"  # Hậu Lộc
        assert record["Trạng thái"] in STATUS_NAMES
        assert record["Kênh nộp"] in ("Trực tiếp", "Trực tuyến", "Bưu chính công ích", "", None)
        assert record["Đối tượng"] in ("Công dân", "Doanh nghiệp")
        for column in ("Thanh toán trực tuyến", "Trả kết quả qua BCCI", "Số hóa thành phần", "Kết quả điện tử"):
            assert record[column] in ("Có", "Không")
        fee = record["Phí, lệ phí (đồng)"]
        if name.endswith(".csv"):
            assert fee == "" or VI_NUMBER.match(fee)
        else:
            assert fee is None or isinstance(fee, int)
        if (name, row) in defects:
            continue
        for column in LISTING_DATES:
            value = record[column]
            if name.endswith(".csv"):
                assert value == "" or LISTING_STAMP.match(value)
            else:
                assert value is None or isinstance(value, datetime)
        assert record["Ngày tiếp nhận"] not in (None, "")


# ---- manifest truth ------------------------------------------------------------------------------------------

def test_manifest_counts_equal_the_files(out):
    files = out.manifest["files"]
    for name, envelope in out.payloads.items():
        assert files[name] == {"kind": "dossier_json", "rows": len(envelope["data"]),
                               "is_updating": envelope["isUpdating"]}
    for name, rows in out.listings.items():
        assert files[name]["kind"] == "dossier_listing" and files[name]["rows"] == len(rows)
    assert files["reference/don-vi-hanh-chinh.csv"]["rows"] == len(out.units)
    assert files["reference/danh-muc-tthc.xlsx"]["rows"] == len(out.catalogue)

    json_codes = {obj["MaHoSo"] for _n, _r, obj in out.dossier_rows()}
    listing_codes = {record["Mã hồ sơ"] for _n, _r, record in out.listing_rows()}
    assert not json_codes & listing_codes
    totals = out.manifest["totals"]
    assert totals == {
        "unique_dossiers": DOSSIERS,
        "json_dossiers": len(json_codes),
        "listing_dossiers": len(listing_codes),
        "json_rows": sum(len(e["data"]) for e in out.payloads.values()),
        "listing_rows": sum(len(rows) for rows in out.listings.values()),
    }
    assert len(json_codes | listing_codes) == DOSSIERS
    assert 0.05 < len(listing_codes) / DOSSIERS < 0.15
    assert sum(out.manifest["by_status"].values()) == sum(out.manifest["by_channel"].values()) == DOSSIERS
    assert out.manifest["units"]["xa"] + out.manifest["units"]["huyen"] + 1 == len(out.units)
    assert out.manifest["procedures"] == len(out.catalogue)


def test_manifest_items_point_at_their_dossiers(out):
    rows = {(name, row): obj["MaHoSo"] for name, row, obj in out.dossier_rows()}
    rows |= {(name, row): record["Mã hồ sơ"] for name, row, record in out.listing_rows()}
    for kind, entry in out.manifest["defects"].items():
        assert entry["count"] == len(entry["items"])
        for item in entry["items"]:
            assert rows[(item["file"], item["row"])] == item["ma_ho_so"], kind


def _detected(out, test) -> set[tuple[str, int]]:
    found = {(name, row) for name, row, obj in out.dossier_rows() if test(obj, "json")}
    return found | {(name, row) for name, row, record in out.listing_rows() if test(record, "listing")}


def test_missing_receipt_dates_match_the_manifest(out):
    def missing(row, source):
        keys = ("NgayTiepNhan", "NgayNopHoSo") if source == "json" else ("Ngày tiếp nhận", "Ngày nộp")
        return row[keys[0]] in (None, "")

    found = _detected(out, missing)
    assert found == out.flagged("missing_ngay_tiep_nhan")
    for name, row in found:
        obj = out.payloads[name]["data"][row - 1] if name in out.payloads else dict(out.listings[name])[row]
        assert (obj.get("NgayNopHoSo") or obj.get("Ngày nộp")) in (None, "")


def test_bad_dates_match_the_manifest(out):
    def bad(row, source):
        keys = DATE_FIELDS if source == "json" else LISTING_DATES
        return any(is_bad_date(row[key]) for key in keys)

    assert _detected(out, bad) == out.flagged("bad_date_format")
    for item in out.manifest["defects"]["bad_date_format"]["items"]:
        assert item["field"] in ("NgayHenTra", "NgayTiepNhan") and is_bad_date(item["value"])


def test_unknown_procedures_match_the_manifest(out):
    def unknown(row, source):
        code = row["MaTTHC"] if source == "json" else row["Mã TTHC"]
        return code not in out.catalogue_codes

    assert _detected(out, unknown) == out.flagged("unknown_procedure")
    for item in out.manifest["defects"]["unknown_procedure"]["items"]:
        assert PROCEDURE_CODE.match(item["MaTTHC"])


def test_decomposed_text_matches_the_manifest(out):
    def decomposed(row, source):
        keys = ("TenTTHC", "ChuHoSo", "DonViXuLy") if source == "json" else (
            "Tên thủ tục hành chính", "Chủ hồ sơ", "Đơn vị xử lý")
        return any(not unicodedata.is_normalized("NFC", row[key]) for key in keys)

    found = _detected(out, decomposed)
    assert found == out.flagged("decomposed_unicode")
    for name, row in found:
        if name in out.payloads:
            obj = out.payloads[name]["data"][row - 1]
            assert unicodedata.normalize("NFC", obj["DonViXuLy"]).startswith("UBND ")


def test_duplicate_rows_match_the_manifest(out):
    found = set()
    for name, envelope in out.payloads.items():
        seen = {}
        for row, obj in enumerate(envelope["data"], start=1):
            if obj["MaHoSo"] in seen:
                assert obj == envelope["data"][seen[obj["MaHoSo"]] - 1]
                found.add((name, row))
            seen.setdefault(obj["MaHoSo"], row)
    for name, rows in out.listings.items():
        seen = {}
        for row, record in rows:
            content = tuple((k, v) for k, v in record.items() if k != "STT")
            if record["Mã hồ sơ"] in seen:
                assert content == seen[record["Mã hồ sơ"]]
                found.add((name, row))
            seen.setdefault(record["Mã hồ sơ"], content)
    assert found == out.flagged("duplicate_row")


def test_resent_dossiers_match_the_manifest(out):
    first = {}
    for name, row, obj in out.dossier_rows():
        if not name.endswith("-capnhat.json"):
            first[obj["MaHoSo"]] = (name, row, obj)
    updates = {(name, row) for name, row, _obj in out.dossier_rows() if name.endswith("-capnhat.json")}
    assert updates == out.flagged("resent_with_new_status")
    for item in out.manifest["defects"]["resent_with_new_status"]["items"]:
        first_name, first_row, first_obj = first[item["ma_ho_so"]]
        update = out.payloads[item["file"]]["data"][item["row"] - 1]
        assert (first_name, first_row) == (item["first_file"], item["first_row"])
        assert first_obj["TrangThaiHoSo"] == item["first_status"] in (4, 5)
        assert update["TrangThaiHoSo"] == item["status"] in (9, 10)
        assert first_obj["NgayKetThucXuLy"] is None and update["NgayKetThucXuLy"]
        assert first_obj["MaHoSo"] == update["MaHoSo"] and first_obj["NgayTiepNhan"] == update["NgayTiepNhan"]
        assert item["file"].split("/")[1] == first_name.split("/")[1]
        assert item["file"].rsplit("/", 1)[1][:7] > first_name.rsplit("/", 1)[1][:7]  # re-sent in a later month


def test_defect_share(out):
    counts = {kind: entry["count"] for kind, entry in out.manifest["defects"].items()}
    assert all(counts.values()), counts
    assert 0.005 <= sum(counts.values()) / DOSSIERS <= 0.02


def test_text_outside_defects_is_nfc(out):
    defects = out.flagged("decomposed_unicode")

    def strings(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for v in value.values():
                yield from strings(v)
        elif isinstance(value, list):
            for v in value:
                yield from strings(v)

    for name, row, obj in out.dossier_rows():
        if (name, row) not in defects:
            assert all(unicodedata.is_normalized("NFC", s) for s in strings(obj))
    for name, row, record in out.listing_rows():
        if (name, row) not in defects:
            assert all(unicodedata.is_normalized("NFC", s) for s in strings(record))
    for path in ("reference/don-vi-hanh-chinh.csv",):
        assert unicodedata.is_normalized("NFC", (out.root / path).read_text(encoding="utf-8-sig"))
    assert all(unicodedata.is_normalized("NFC", s) for _n, row in out.catalogue for s in strings(row))


# ---- determinism ---------------------------------------------------------------------------------------------

def test_same_seed_same_bytes(out, tmp_path):
    again = tmp_path / "again"
    manifest = generate_sample(again, dossiers=DOSSIERS)
    assert manifest == out.manifest
    for name in list(out.payloads) + [n for n in out.listings if n.endswith(".csv")]:
        assert (again / name).read_bytes() == (out.root / name).read_bytes(), name
    assert (again / "reference/don-vi-hanh-chinh.csv").read_bytes() == (
        out.root / "reference/don-vi-hanh-chinh.csv").read_bytes()


def test_other_seed_other_data(out, tmp_path):
    other = generate_sample(tmp_path / "other", dossiers=DOSSIERS, seed=7)
    assert other["totals"]["unique_dossiers"] == DOSSIERS
    name = "dossiers/000.00.20.H56/2024-05.json"  # huyện Hoằng Hóa, with its communes
    assert (tmp_path / "other" / name).read_bytes() != (out.root / name).read_bytes()


def test_benchmark_mode_writes_json_only(tmp_path):
    manifest = generate_sample(tmp_path, dossiers=300, listing_share=0)
    assert manifest["totals"]["listing_dossiers"] == 0 and not (tmp_path / "listings").exists()
    assert manifest["totals"]["json_dossiers"] == 300
