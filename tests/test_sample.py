"""The sample province generator: layout, formats, reference data, manifest truth, defects, determinism."""
from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections import Counter, defaultdict
from datetime import date, datetime
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
    first, last = (date.fromisoformat(out.manifest["period"][key]) for key in ("first_day", "last_day"))
    assert (first, last) == (date(2024, 1, 1), date(2024, 12, 31)) or "until" in out.manifest["parameters"]
    for name, row, obj in out.dossier_rows():
        if (name, row) in defects:
            continue
        received, due = stamp_value(obj["NgayTiepNhan"]), stamp_value(obj["NgayHenTra"])
        assert first <= received.date() <= last and received.weekday() < 5
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
    assert re.fullmatch(r"\(Từ ngày \d{2}/\d{2}/20\d\d đến ngày \d{2}/\d{2}/20\d\d\)", title[2][1][0])
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


# ---- reference data with history (several years, procedure changes, the 2025 reorganisation) --------------------

HISTORY_DOSSIERS = 4000
UNTIL = date(2026, 6, 30)
REORG = date(2025, 7, 1)
PROVINCE_AGENCY = "000.00.00.H56"
HOANG_HOA = "399"
NEW_COMMUNES = {"Hoằng Hóa", "Hoằng Tiến", "Hoằng Thanh", "Hoằng Lộc", "Hoằng Châu", "Hoằng Sơn", "Hoằng Phú",
                "Hoằng Giang"}
UNIT_HEADER = ["STT", "Mã ĐVHC", "Tên đơn vị", "Cấp", "Mã định danh", "Mã ĐVHC cấp trên"]
CATALOGUE_HEADER = ["STT", "Mã TTHC", "Tên thủ tục hành chính", "Mã lĩnh vực", "Lĩnh vực", "Cấp thực hiện",
                    "Mức độ DVCTT", "Loại", "Thời hạn giải quyết (ngày)", "Có phí, lệ phí"]
LINEAGE_HEADER = ["STT", "Mã ĐVHC cũ", "Tên đơn vị cũ", "Mã định danh cũ", "Mã ĐVHC mới", "Tên đơn vị mới",
                  "Mã định danh mới", "Ngày hiệu lực", "Tỷ lệ (%)", "Căn cứ"]
NEW_UNIT_FILE = "reference/don-vi-hanh-chinh-2025-07-01.csv"
LINEAGE_FILE = "reference/sap-xep-dvhc-2025.csv"
CHANGE_FILES = ("reference/danh-muc-tthc-2024-07-01.xlsx", "reference/danh-muc-tthc-2025-01-01.xlsx")
BASIS = "Nghị quyết 1686/NQ-UBTVQH15 ngày 16/6/2025"


@pytest.fixture(scope="module")
def history(tmp_path_factory) -> Output:
    root = tmp_path_factory.mktemp("history")
    messages = []
    manifest = generate_sample(root, dossiers=HISTORY_DOSSIERS, year=2024, until=UNTIL, progress=messages.append)
    output = Output(root, manifest)
    output.progress = messages
    output.new_units = records(root / NEW_UNIT_FILE, "Mã ĐVHC")
    output.lineage = records(root / LINEAGE_FILE, "Mã ĐVHC cũ")
    output.changes = {name: records(root / name, "Mã TTHC") for name in CHANGE_FILES}
    return output


def header_row(path: Path, marker: str) -> list:
    """The header row of a reference file, without the empty cells after it."""
    cells = next(cells for _n, cells in read_table(path) if marker in cells)
    while cells and cells[-1] in (None, ""):
        cells = cells[:-1]
    return cells


def received_day(code: str) -> date:
    """The day of receipt written in a dossier code (kept intact by every defect)."""
    return datetime.strptime(DOSSIER_CODE.match(code).group(2), "%y%m%d").date()


def unique_dossiers(out) -> dict[str, tuple[str, dict]]:
    """MaHoSo -> (file, final state) of every unique dossier, JSON (common field names) and listing alike."""
    final = {}
    for name, _row, obj in out.dossier_rows():
        if name.endswith("-capnhat.json") or obj["MaHoSo"] not in final:
            final[obj["MaHoSo"]] = (name, obj)
    for name, _row, record in out.listing_rows():
        final.setdefault(record["Mã hồ sơ"], (name, {
            "MaHoSo": record["Mã hồ sơ"], "MaTTHC": record["Mã TTHC"], "MaLinhVuc": record["Mã lĩnh vực"],
            "TenLinhVuc": record["Lĩnh vực"], "MaDonVi": record["Mã đơn vị"], "DonViXuLy": record["Đơn vị xử lý"],
            "KenhThucHien": {"Trực tiếp": 1, "Trực tuyến": 2, "Bưu chính công ích": 3}.get(record["Kênh nộp"]),
            "fee": record["Phí, lệ phí (đồng)"] not in (None, "", 0)}))
    return final


def old_hoang_hoa(out) -> dict[str, dict]:
    """GSO code -> row of the pre-2025 unit list for huyện Hoằng Hóa and its communes."""
    return {row["Mã ĐVHC"]: row for _n, row in out.units
            if HOANG_HOA in (row["Mã ĐVHC"], row["Mã ĐVHC cấp trên"])}


def test_one_year_sample_has_no_history(out):
    assert out.manifest["reorganisation"] is None and out.manifest["procedure_changes"] == []
    assert "until" not in out.manifest["parameters"]
    assert sorted(p.name for p in (out.root / "reference").iterdir()) == ["danh-muc-tthc.xlsx",
                                                                          "don-vi-hanh-chinh.csv"]
    units = out.manifest["dossiers_by_unit"]["units"]
    assert all(entry["after"] == 0 for entry in units.values())
    assert sum(entry["before"] for entry in units.values()) == DOSSIERS


def test_history_layout(history):
    root = history.root
    on_disk = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()} - {MANIFEST_NAME}
    assert on_disk == set(history.manifest["files"])
    assert {NEW_UNIT_FILE, LINEAGE_FILE, *CHANGE_FILES} <= on_disk
    assert sorted(p.name for p in (root / "reference").iterdir()) == [
        "danh-muc-tthc-2024-07-01.xlsx", "danh-muc-tthc-2025-01-01.xlsx", "danh-muc-tthc.xlsx",
        "don-vi-hanh-chinh-2025-07-01.csv", "don-vi-hanh-chinh.csv", "sap-xep-dvhc-2025.csv"]
    assert len(history.progress) == 30 and history.progress[0].startswith("2024-01: ")
    assert history.progress[-1].startswith("2026-06: ")
    assert history.manifest["parameters"]["until"] == "2026-06-30"
    assert history.manifest["period"] == {"first_day": "2024-01-01", "last_day": "2026-06-30"}
    months = {re.search(r"(\d{4}-\d{2})\.(json|csv|xlsx)$", name).group(1) for name in on_disk
              if name.startswith(("dossiers/", "listings/")) and not name.endswith("-capnhat.json")}
    assert min(months) == "2024-01" and max(months) == "2026-06" and len(months) == 30


def test_history_reference_files_have_the_exact_headers(history):
    root = history.root
    assert header_row(root / "reference/don-vi-hanh-chinh.csv", "Mã ĐVHC") == UNIT_HEADER
    assert header_row(root / "reference/danh-muc-tthc.xlsx", "Mã TTHC") == CATALOGUE_HEADER
    assert header_row(root / NEW_UNIT_FILE, "Mã ĐVHC") == UNIT_HEADER + ["Ngày hiệu lực"]
    for name in CHANGE_FILES:
        assert header_row(root / name, "Mã TTHC") == CATALOGUE_HEADER + ["Ngày hiệu lực"]
    assert header_row(root / LINEAGE_FILE, "Mã ĐVHC cũ") == LINEAGE_HEADER
    for name in (NEW_UNIT_FILE, LINEAGE_FILE):  # title rows above the header, as in every unit list
        assert read_table(root / name)[0][1][0] == "UBND TỈNH THANH HÓA"
        assert unicodedata.is_normalized("NFC", (root / name).read_text(encoding="utf-8-sig"))
    files = history.manifest["files"]
    assert files[NEW_UNIT_FILE] == {"kind": "unit_list", "rows": len(history.new_units)}
    assert files[LINEAGE_FILE] == {"kind": "unit_lineage", "rows": len(history.lineage)}
    for name, rows in history.changes.items():
        assert files[name] == {"kind": "procedure_catalogue", "rows": len(rows)}


def test_new_units_hang_under_the_province(history):
    old = {row["Mã ĐVHC"]: row for _n, row in history.units}
    rows = [row for _n, row in history.new_units]
    assert {row["Tên đơn vị"] for row in rows} == NEW_COMMUNES and len(rows) == 8
    for row in rows:
        assert (row["Cấp"], row["Mã ĐVHC cấp trên"], row["Ngày hiệu lực"]) == ("Xã", "38", "01/07/2025")
        assert re.fullmatch(r"\d{5}", row["Mã ĐVHC"]) and row["Mã ĐVHC"] not in old
        assert AGENCY.match(row["Mã định danh"]) and row["Mã định danh"].endswith(".20.H56")
        assert row["Mã định danh"] not in {u["Mã định danh"] for u in old.values()}
    assert len({row["Mã ĐVHC"] for row in rows}) == len({row["Mã định danh"] for row in rows}) == 8
    manifest = history.manifest["reorganisation"]
    assert manifest["effective"] == "2025-07-01" and manifest["basis"] == BASIS
    assert [(u["gso"], u["name"], u["agency"], u["parent"], u["sender"]) for u in manifest["new_units"]] == [
        (row["Mã ĐVHC"], row["Tên đơn vị"], row["Mã định danh"], "38", PROVINCE_AGENCY) for row in rows]
    assert manifest["dissolved"] == [{"gso": HOANG_HOA, "name": "Hoằng Hóa", "agency": "000.00.20.H56",
                                      "procedures_to": PROVINCE_AGENCY}]


def test_lineage_maps_every_old_commune_once(history):
    old = old_hoang_hoa(history)
    new = {row["Mã ĐVHC"]: row for _n, row in history.new_units}
    rows = [row for _n, row in history.lineage]
    assert Counter(row["Mã ĐVHC cũ"] for row in rows) == Counter(set(old))  # each once, the district too
    for row in rows:
        source = old[row["Mã ĐVHC cũ"]]
        assert (row["Tên đơn vị cũ"], row["Mã định danh cũ"]) == (source["Tên đơn vị"], source["Mã định danh"])
        assert (row["Ngày hiệu lực"], row["Căn cứ"]) == ("01/07/2025", BASIS)
        if row["Mã ĐVHC cũ"] == HOANG_HOA:  # the district is dissolved
            assert row["Mã ĐVHC mới"] == row["Tên đơn vị mới"] == row["Mã định danh mới"] == ""
            continue
        target = new[row["Mã ĐVHC mới"]]
        assert (row["Tên đơn vị mới"], row["Mã định danh mới"]) == (target["Tên đơn vị"], target["Mã định danh"])
        assert row["Tỷ lệ (%)"] == "100"
    by_new = defaultdict(set)
    for row in rows:
        by_new[row["Tên đơn vị mới"]].add((row["Mã ĐVHC cũ"], row["Tên đơn vị cũ"]))
    assert set(by_new) - {""} == NEW_COMMUNES
    assert by_new["Hoằng Sơn"] == {("15907", "Hoằng Cát"), ("15895", "Hoằng Trinh"), ("15904", "Hoằng Xuyên"),
                                   ("15898", "Hoằng Sơn")}
    cat = next(row for row in rows if row["Mã ĐVHC cũ"] == "15907")
    assert (cat["Tên đơn vị mới"], cat["Mã định danh mới"]) == ("Hoằng Sơn", new[cat["Mã ĐVHC mới"]]["Mã định danh"])
    mapping = [(m["old_gso"], m["old_name"], m["old_agency"], m["new_gso"] or "", m["new_name"] or "",
                m["new_agency"] or "") for m in history.manifest["reorganisation"]["mapping"]]
    assert mapping == [(row["Mã ĐVHC cũ"], row["Tên đơn vị cũ"], row["Mã định danh cũ"], row["Mã ĐVHC mới"],
                        row["Tên đơn vị mới"], row["Mã định danh mới"]) for row in rows]


def test_dossiers_follow_the_reorganisation(history):
    old_agencies = {row["Mã định danh"] for row in old_hoang_hoa(history).values()}
    new_names = {row["Mã định danh"]: row["Tên đơn vị"] for _n, row in history.new_units}
    levels = {row["Mã TTHC"]: row["Cấp thực hiện"] for _n, row in history.catalogue}
    seen = Counter()
    for code, (name, obj) in unique_dossiers(history).items():
        agency, day = DOSSIER_CODE.match(code).group(1), received_day(code)
        assert obj["MaDonVi"] == agency
        if agency in old_agencies:
            assert day < REORG, code
            seen["old"] += 1
        elif agency in new_names:
            assert day >= REORG, code
            assert unicodedata.normalize("NFC", obj["DonViXuLy"]) == f"UBND xã {new_names[agency]}"
            assert name.split("/")[1] == PROVINCE_AGENCY == history.payloads[name]["madonvi"]  # the province sends
            assert levels.get(obj["MaTTHC"], "Cấp xã") == "Cấp xã"
            seen["new"] += 1
        elif agency == PROVINCE_AGENCY and day >= REORG and levels.get(obj["MaTTHC"]) == "Cấp huyện":
            seen["district procedures at the province"] += 1
        elif agency == PROVINCE_AGENCY:
            assert levels.get(obj["MaTTHC"], "Cấp tỉnh") == "Cấp tỉnh"  # before: the province's own procedures
    assert seen["old"] > 0 and seen["new"] > 0 and seen["district procedures at the province"] > 0
    assert set(new_names) <= {obj["MaDonVi"] for _code, (_n, obj) in unique_dossiers(history).items()}


def catalogue_versions(out) -> dict[str, list[tuple[date, dict]]]:
    """Mã TTHC -> [(first day, catalogue row)], the first version from the original catalogue."""
    versions = {row["Mã TTHC"]: [(date.min, row)] for _n, row in out.catalogue}
    for rows in out.changes.values():
        for _n, row in rows:
            versions[row["Mã TTHC"]].append((datetime.strptime(row["Ngày hiệu lực"], "%d/%m/%Y").date(), row))
    return {code: sorted(chain, key=lambda pair: pair[0]) for code, chain in versions.items()}


def in_force(chain: list[tuple[date, dict]], day: date) -> dict:
    return [row for start, row in chain if start <= day][-1]


def test_procedure_changes_are_in_the_files_and_the_manifest(history):
    changes = history.manifest["procedure_changes"]
    assert {(c["attribute"], c["old"], c["new"], c["effective"]) for c in changes} >= {
        ("Mức độ DVCTT", "Một phần", "Toàn trình", "2024-07-01"), ("Có phí, lệ phí", "Có", "Không", "2025-01-01"),
        ("Mã lĩnh vực", "TP-LLTP", "CA-LLTP", "2025-07-01")}
    assert 3 <= sum(c["attribute"] == "Mức độ DVCTT" for c in changes) <= 5
    first = {row["Mã TTHC"]: row for _n, row in history.catalogue}
    for change in changes:
        row = next(r for _n, r in history.changes[change["file"]] if r["Mã TTHC"] == change["code"])
        assert row[change["attribute"]] == change["new"] and first[change["code"]][change["attribute"]] == change["old"]
        assert row["Ngày hiệu lực"] == date.fromisoformat(change["effective"]).strftime("%d/%m/%Y")
        assert all(row[k] == first[change["code"]][k] for k in ("Tên thủ tục hành chính", "Cấp thực hiện", "Loại"))
    changed = {c["code"] for c in changes}
    assert {r["Mã TTHC"] for rows in history.changes.values() for _n, r in rows} == changed


def test_dossiers_follow_the_procedure_attributes_in_force(history):
    versions = catalogue_versions(history)
    unknown = {item["ma_ho_so"] for item in history.manifest["defects"]["unknown_procedure"]["items"]}
    fee_rule, field_rule = Counter(), Counter()
    for code, (_name, obj) in unique_dossiers(history).items():
        if code in unknown:
            continue
        day = received_day(code)
        row = in_force(versions[obj["MaTTHC"]], day)
        assert (obj["MaLinhVuc"], obj["TenLinhVuc"]) == (row["Mã lĩnh vực"], row["Lĩnh vực"]), code
        charged = obj["fee"] if "fee" in obj else bool(obj["DanhSachLePhi"])
        if row["Có phí, lệ phí"] == "Không":
            assert not charged, code
        elif "fee" not in obj:  # JSON: a fee item always (Gia = 0 when exempted)
            assert charged, code
        if row["Mức độ DVCTT"] == "Không":
            assert obj["KenhThucHien"] != 2, code
        if obj["MaTTHC"].startswith("1.004873."):  # fee abolished on 2025-01-01
            fee_rule[(day >= date(2025, 1, 1), charged)] += 1
        if obj["MaTTHC"].startswith("2.000488."):  # moved to the police on 2025-07-01
            field_rule[(day >= REORG, obj["MaLinhVuc"])] += 1
    assert fee_rule[(False, True)] > 0 and fee_rule[(True, False)] > 0
    assert fee_rule[(True, True)] == 0
    assert set(field_rule) == {(False, "TP-LLTP"), (True, "CA-LLTP")}


def test_procedures_made_toan_trinh_get_more_online_dossiers(history):
    promoted = {c["code"]: date.fromisoformat(c["effective"]) for c in history.manifest["procedure_changes"]
                if c["new"] == "Toàn trình"}
    online = defaultdict(Counter)
    for code, (_name, obj) in unique_dossiers(history).items():
        if obj["MaTTHC"] in promoted:
            after = received_day(code) >= promoted[obj["MaTTHC"]]
            online[after][obj["KenhThucHien"] == 2] += 1
    share = {after: counts[True] / sum(counts.values()) for after, counts in online.items()}
    assert sum(online[False].values()) > 50 and sum(online[True].values()) > 50
    assert share[True] > share[False] + 0.1


def test_history_manifest_counts_by_unit_equal_the_files(history):
    expected = defaultdict(lambda: {"before": 0, "after": 0, "months": Counter()})
    for code in unique_dossiers(history):
        agency, day = DOSSIER_CODE.match(code).group(1), received_day(code)
        expected[agency]["after" if day >= REORG else "before"] += 1
        expected[agency]["months"][f"{day:%Y-%m}"] += 1
    by_unit = history.manifest["dossiers_by_unit"]
    assert by_unit["split"] == "2025-07-01"
    assert set(expected) <= set(by_unit["units"])
    for agency, entry in by_unit["units"].items():
        want = expected.get(agency, {"before": 0, "after": 0, "months": {}})
        assert (entry["before"], entry["after"], entry["months"]) == (want["before"], want["after"],
                                                                     dict(want["months"])), agency
    assert sum(e["before"] + e["after"] for e in by_unit["units"].values()) == HISTORY_DOSSIERS
    old = {row["Mã định danh"] for row in old_hoang_hoa(history).values()}
    new = {row["Mã định danh"] for _n, row in history.new_units}
    assert all(by_unit["units"][a]["after"] == 0 for a in old) and all(by_unit["units"][a]["before"] == 0 for a in new)
    # e.g. dossiers received in 2025-H1 by the four predecessors of xã Hoằng Sơn, then by xã Hoằng Sơn itself
    son = next(u for u in history.manifest["reorganisation"]["new_units"] if u["name"] == "Hoằng Sơn")
    assert len(son["predecessors"]) == 4
    h1 = sum(n for a in son["predecessors"] for m, n in by_unit["units"][a]["months"].items()
             if "2025-01" <= m <= "2025-06")
    assert h1 == sum(1 for code in unique_dossiers(history) if DOSSIER_CODE.match(code).group(1) in son["predecessors"]
                     and date(2025, 1, 1) <= received_day(code) < REORG) > 0
    assert by_unit["units"][son["agency"]]["after"] > 0


def test_history_totals_equal_the_files(history):
    json_codes = {obj["MaHoSo"] for _n, _r, obj in history.dossier_rows()}
    listing_codes = {record["Mã hồ sơ"] for _n, _r, record in history.listing_rows()}
    assert not json_codes & listing_codes and len(json_codes | listing_codes) == HISTORY_DOSSIERS
    assert history.manifest["totals"] == {
        "unique_dossiers": HISTORY_DOSSIERS, "json_dossiers": len(json_codes), "listing_dossiers": len(listing_codes),
        "json_rows": sum(len(e["data"]) for e in history.payloads.values()),
        "listing_rows": sum(len(rows) for rows in history.listings.values())}
    for name, envelope in history.payloads.items():
        assert history.manifest["files"][name]["rows"] == len(envelope["data"])
    for name, rows in history.listings.items():
        assert history.manifest["files"][name]["rows"] == len(rows)


@pytest.mark.parametrize("check", [
    test_payloads_use_the_exact_field_names, test_dates_are_consistent_outside_defects, test_daily_sequence_numbers,
    test_listing_format, test_manifest_items_point_at_their_dossiers, test_missing_receipt_dates_match_the_manifest,
    test_bad_dates_match_the_manifest, test_unknown_procedures_match_the_manifest,
    test_decomposed_text_matches_the_manifest, test_duplicate_rows_match_the_manifest,
    test_resent_dossiers_match_the_manifest, test_text_outside_defects_is_nfc,
], ids=lambda check: check.__name__.removeprefix("test_"))
def test_history_passes_the_one_year_checks(history, check):
    check(history)


def test_history_same_seed_same_bytes(history, tmp_path):
    manifest = generate_sample(tmp_path, dossiers=HISTORY_DOSSIERS, year=2024, until=UNTIL)
    assert manifest == history.manifest
    names = list(history.payloads) + [n for n in history.listings if n.endswith(".csv")]
    for name in names + ["reference/don-vi-hanh-chinh.csv", NEW_UNIT_FILE, LINEAGE_FILE]:
        assert (tmp_path / name).read_bytes() == (history.root / name).read_bytes(), name


def test_period_ending_before_the_reorganisation(tmp_path):
    manifest = generate_sample(tmp_path, dossiers=600, year=2024, until=date(2025, 3, 14), listing_share=0)
    assert manifest["reorganisation"] is None
    assert sorted(p.name for p in (tmp_path / "reference").iterdir()) == [
        "danh-muc-tthc-2024-07-01.xlsx", "danh-muc-tthc-2025-01-01.xlsx", "danh-muc-tthc.xlsx",
        "don-vi-hanh-chinh.csv"]
    assert {c["effective"] for c in manifest["procedure_changes"]} == {"2024-07-01", "2025-01-01"}
    assert manifest["files"]["reference/danh-muc-tthc-2025-01-01.xlsx"]["rows"] == 1  # the field move comes later
    days = [received_day(obj["MaHoSo"]) for p in tmp_path.glob("dossiers/*/*.json")
            for obj in json.loads(p.read_text(encoding="utf-8"))["data"]]
    assert len(set(map(str, days))) > 100 and max(days) <= date(2025, 3, 14) and min(days) >= date(2024, 1, 1)
    assert manifest["totals"]["unique_dossiers"] == 600


def test_period_starting_after_the_reorganisation(tmp_path):
    manifest = generate_sample(tmp_path, dossiers=600, year=2026, until=date(2026, 3, 31), listing_share=0)
    units = manifest["dossiers_by_unit"]["units"]
    old = {m["old_agency"] for m in manifest["reorganisation"]["mapping"]}
    assert not old & set(units)  # the old units of Hoằng Hóa receive nothing any more
    assert sum(units[u["agency"]]["after"] for u in manifest["reorganisation"]["new_units"]) > 0
    assert not (tmp_path / "dossiers/000.00.20.H56").exists()


def test_until_before_the_year_is_refused(tmp_path):
    with pytest.raises(ValueError):
        generate_sample(tmp_path, dossiers=10, year=2024, until=date(2023, 12, 31))
