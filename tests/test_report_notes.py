"""The "Ghi chú về số liệu" of a report: official words for rows set aside at load (one phrase per quarantine
rule, never a rule's code), the dossiers that contradict the procedure catalogue, and the note on a
reorganisation, which only units whose area changed get, in short sentences. Exact texts on a hand-made
warehouse: a province with two districts; in 2025 four communes of one district become two new communes and
the district is dissolved, the other district and its commune stay as they were."""
from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from etl.db import connect
from etl.kinds import EXPORT_KINDS
from etl.marts import refresh_for_report
from etl.periods import Period
from etl.pipeline import ingest
from etl.reports import quality_rules
from etl.reports.data import gather, quality_notes
from etl.validate import EXPECTATIONS_DIR

REPO = Path(__file__).resolve().parents[1]
SNAKE_CASE = re.compile(r"\b[a-z]+_[a-z_]+\b")
YEAR = Period.from_code("nam:2025")  # 15/12/2024 - 14/12/2025: straddles the reorganisation of 01/07/2025

PROVINCE, HOANG_HOA, HAU_LOC = "000.00.00.H56", "000.00.27.H56", "000.00.21.H56"
CAT, TRINH, SON, XUAN = "000.35.27.H56", "000.31.27.H56", "000.32.27.H56", "000.36.27.H56"
HOA_LOC = "000.01.21.H56"  # a commune of Hậu Lộc that is not reorganised
NEW_SON, NEW_XUAN = "000.60.00.H56", "000.61.00.H56"
BASIS = "Nghị quyết 1686/NQ-UBTVQH15 ngày 16/6/2025"
KHAI_SINH, CHUNG_THUC, KHONG_TRUC_TUYEN = "1.001193.000.00.00.H56", "2.000815.000.00.00.H56", "1.000001.000.00.00.H56"


# ---------------------------------------------------------------- every rule the loads can write has its words

def _rules_of_suite(path: Path) -> set[str]:
    return {e["meta"]["rule"] for e in json.loads(path.read_text(encoding="utf-8"))["expectations"]}


def _literals(call: str) -> list[str]:
    return [m.replace("''", "'") for m in re.findall(r"'((?:[^']|'')*)'", call)]


def produced_rules() -> set[str]:
    """Every value a load can write to audit.quarantine.rule: the row suites of the export kinds (and any other
    row suite in expectations/), and the rule each SQL load step passes to audit.quarantine_duplicates(table,
    partition_by, order_by, key, rule, reason, …)."""
    suites = {kind.suite if isinstance(kind.suite, Path) else EXPECTATIONS_DIR / f"{kind.suite}.json"
              for kind in EXPORT_KINDS.values()}
    # file_batch.json holds file-level rules: a failure fails the whole file (audit.file_load), no row is quarantined
    suites |= {p for p in EXPECTATIONS_DIR.glob("*.json") if p.stem != "file_batch"}
    rules = set().union(*(_rules_of_suite(p) for p in suites))
    steps = {kind.sql(step) for kind in EXPORT_KINDS.values() for step in kind.checks + kind.writes}
    steps |= set((REPO / "sql" / "load").rglob("*.sql"))
    for path in steps:
        for call in re.findall(r"audit\.quarantine_duplicates\((.*?)\)\s+AS\b", path.read_text(encoding="utf-8"),
                               re.S):
            rules.add(_literals(call)[4])
    return rules


def test_every_rule_a_load_can_write_has_an_official_phrase():
    rules = produced_rules()
    assert {"ngay_hen_tra_dinh_dang", "danh_gia_hop_le", "ty_le_hop_le", "ma_ho_so_trung_trong_tep",
            "ma_pakn_trung_trong_tep", "danh_gia_trung_trong_tep", "ma_tthc_trung_trong_tep",
            "ma_dinh_danh_trung_trong_tep"} <= rules
    assert not rules & {"tep_co_du_lieu", "ty_le_dong_loi"} and len(rules) >= 58
    missing = sorted(rules - set(quality_rules.PHRASES))
    assert missing == [], f"quarantine rules without a phrase in etl/reports/quality_rules.py: {missing}"


def test_rows_reach_the_quarantine_only_through_the_suites_and_quarantine_duplicates():
    # a new way of writing audit.quarantine must bring its rules into produced_rules() above
    writers = sorted(str(p.relative_to(REPO)) for p in (REPO / "etl").rglob("*.py")
                     if '"audit.quarantine"' in p.read_text(encoding="utf-8"))
    assert writers == ["etl/load.py"]  # the rows of validate.row_failures: a suite's meta.rule
    for path in (REPO / "sql").rglob("*.sql"):
        text = path.read_text(encoding="utf-8")
        if re.search(r"INSERT\s+INTO\s+audit\.quarantine\b", text, re.I):
            assert path.name == "0010_quarantine_duplicates.sql", path


def test_no_phrase_shows_a_code():
    rules = produced_rules() | set(quality_rules.PHRASES)
    for rule, phrase in quality_rules.PHRASES.items():
        assert not SNAKE_CASE.search(phrase), (rule, phrase)
        assert not any(code in phrase for code in rules), (rule, phrase)
    assert not SNAKE_CASE.search(quality_rules.UNKNOWN)
    assert not any(SNAKE_CASE.search(s) for s in quality_rules.SUBJECTS.values())


def test_quality_notes_in_words():
    rows = [
        ("cach_ly", "ngay_hen_tra_dinh_dang", "ho_so", 4),
        ("cach_ly", "kenh_thuc_hien_hop_le", "ho_so", 1),
        ("cach_ly", "quy_tac_moi_chua_co_loi", "ho_so", 2),  # a rule added without its phrase
        ("cach_ly", "quy_tac_khac", "ho_so", 1),  # another: they share the generic phrase
        ("cach_ly", "han_xu_ly_dinh_dang", "pakn", 1),
        ("cach_ly", "ngay_tra_dinh_dang", "ho_so", 0),
        ("cach_ly_khong_ro_ngay", None, "ho_so", 1234),
        ("cach_ly_khong_ro_ngay", None, "pakn", 2),
        ("khong_co_han", None, None, 5),
        ("tthc_suy_ra", None, None, 0),
        ("truc_tuyen_khong_dvctt", None, None, 5),
        ("thanh_toan_khong_phi", None, None, 3),
        ("don_vi_khong_ro_cap_tren", None, None, 1),
    ]
    notes = quality_notes(rows, YEAR)
    assert notes == [
        "4 hồ sơ tiếp nhận trong kỳ có ngày hẹn trả không đúng định dạng, chưa được tính vào số liệu báo cáo.",
        "3 hồ sơ tiếp nhận trong kỳ có thông tin không hợp lệ, chưa được tính vào số liệu báo cáo.",
        "1 hồ sơ tiếp nhận trong kỳ có kênh thực hiện không đúng danh mục, chưa được tính vào số liệu báo cáo.",
        "1 phản ánh, kiến nghị tiếp nhận trong kỳ có hạn xử lý không đúng định dạng, chưa được tính vào số liệu "
        "báo cáo.",
        "1.234 hồ sơ của đơn vị thiếu hoặc sai ngày tiếp nhận, không xác định được thuộc kỳ báo cáo nào nên chưa "
        "được tính.",
        "2 phản ánh, kiến nghị của đơn vị thiếu hoặc sai ngày tiếp nhận, không xác định được thuộc kỳ báo cáo nào "
        "nên chưa được tính.",
        "5 hồ sơ tiếp nhận trong kỳ không có ngày hẹn trả, được tính là đúng hạn (đã giải quyết) hoặc "
        "trong hạn (đang giải quyết).",
        "5 hồ sơ nộp trực tuyến thuộc thủ tục chưa cung cấp dịch vụ công trực tuyến tại thời điểm tiếp nhận "
        "(theo danh mục TTHC); cần kiểm tra lại danh mục hoặc kênh tiếp nhận.",
        "3 hồ sơ được ghi nhận thanh toán trực tuyến nhưng không có phí, lệ phí (theo hồ sơ hoặc theo danh mục "
        "TTHC tại thời điểm tiếp nhận); cần kiểm tra lại thông tin thanh toán hoặc danh mục.",
        "1 hồ sơ tiếp nhận trong kỳ của đơn vị chưa có trong danh mục đơn vị hành chính (không rõ cấp trên) "
        "không được cộng vào số liệu toàn tỉnh.",
    ]
    assert_official(notes)
    assert quality_notes([("khong_co_han", None, None, 0)], YEAR) == []


def assert_official(notes: list[str]) -> None:
    codes = produced_rules() | set(quality_rules.PHRASES)
    for note in notes:
        assert not SNAKE_CASE.search(note), note
        assert not any(code in note for code in codes), note


# ---------------------------------------------------------------- a hand-made warehouse

UNITS_2024 = """UBND TỈNH THANH HÓA
DANH MỤC ĐƠN VỊ HÀNH CHÍNH (TRƯỚC SẮP XẾP)

STT,Mã ĐVHC,Tên đơn vị,Cấp,Mã định danh,Mã ĐVHC cấp trên
1,38,Thanh Hóa,Tỉnh,000.00.00.H56,
2,399,Hoằng Hóa,Huyện,000.00.27.H56,38
3,15895,Hoằng Trinh,Xã,000.31.27.H56,399
4,15898,Hoằng Sơn,Xã,000.32.27.H56,399
5,15907,Hoằng Cát,Xã,000.35.27.H56,399
6,15910,Hoằng Xuân,Xã,000.36.27.H56,399
7,398,Hậu Lộc,Huyện,000.00.21.H56,38
8,15850,Hòa Lộc,Xã,000.01.21.H56,398
"""
UNITS_2025 = """UBND TỈNH THANH HÓA
DANH MỤC ĐƠN VỊ HÀNH CHÍNH CẤP XÃ SAU SẮP XẾP

STT,Mã ĐVHC,Tên đơn vị,Cấp,Mã định danh,Mã ĐVHC cấp trên,Ngày hiệu lực
1,16906,Hoằng Sơn,Xã,000.60.00.H56,38,01/07/2025
2,16907,Hoằng Xuân,Xã,000.61.00.H56,38,01/07/2025
"""
LINEAGE = f"""UBND TỈNH THANH HÓA
DANH SÁCH SẮP XẾP ĐƠN VỊ HÀNH CHÍNH CẤP XÃ NĂM 2025

STT,Mã ĐVHC cũ,Tên đơn vị cũ,Mã định danh cũ,Mã ĐVHC mới,Tên đơn vị mới,Mã định danh mới,Ngày hiệu lực,Tỷ lệ (%),Căn cứ
1,15895,Xã Hoằng Trinh,000.31.27.H56,16906,Xã Hoằng Sơn,000.60.00.H56,01/07/2025,100,{BASIS}
2,15898,Xã Hoằng Sơn,000.32.27.H56,16906,Xã Hoằng Sơn,000.60.00.H56,01/07/2025,100,{BASIS}
3,15907,Xã Hoằng Cát,000.35.27.H56,16906,Xã Hoằng Sơn,000.60.00.H56,01/07/2025,100,{BASIS}
4,15910,Xã Hoằng Xuân,000.36.27.H56,16907,Xã Hoằng Xuân,000.61.00.H56,01/07/2025,100,{BASIS}
5,399,Huyện Hoằng Hóa,000.00.27.H56,,,,01/07/2025,,{BASIS}
"""
CATALOGUE = f"""UBND TỈNH THANH HÓA
DANH MỤC THỦ TỤC HÀNH CHÍNH

STT,Mã TTHC,Tên thủ tục hành chính,Mã lĩnh vực,Lĩnh vực,Cấp thực hiện,Mức độ DVCTT,Loại,Thời hạn giải quyết (ngày),"Có phí, lệ phí"
1,{KHAI_SINH},Thủ tục đăng ký khai sinh,HT,Hộ tịch,Cấp xã,Toàn trình,Một cửa,1,Không
2,{CHUNG_THUC},Thủ tục chứng thực bản sao từ bản chính giấy tờ,CT,Chứng thực,Cấp xã,Một phần,Một cửa,1,Có
3,{KHONG_TRUC_TUYEN},Thủ tục đăng ký kết hôn,HT,Hộ tịch,Cấp xã,Không,Một cửa,5,Có
"""
PAKN = """UBND XÃ HÒA LỘC
"DANH SÁCH PHẢN ÁNH, KIẾN NGHỊ"

STT,Mã PAKN,Ngày tiếp nhận,Mã đơn vị xử lý,Đơn vị xử lý,Phân loại,Lĩnh vực,Hạn xử lý,Ngày xử lý xong,Kết quả,Đánh giá,Mã hồ sơ liên quan
1,PAKN-15850-2025-0001,10/03/2025 08:30,000.01.21.H56,Xã Hòa Lộc,Quy định hành chính,Hộ tịch,31/03/2025,11/03/2025 15:00,Đã trả lời,Hài lòng,
2,PAKN-15850-2025-0002,11/03/2025 08:30,000.01.21.H56,Xã Hòa Lộc,Quy định hành chính,Hộ tịch,32/03/2025,,,,
"""


def dossier(number: str, procedure: str = KHAI_SINH, channel: int | str = 1, received: str | None = "20250310080000",
            due: str | None = "20250320170000", paid: int = 0, fee: int | None = None, status: int = 4,
            returned: str | None = None, unit: str = HOA_LOC) -> dict:
    """One record of the sync payload; ``number`` is the dossier's day and sequence, e.g. "250310-0001"."""
    record = {"MaHoSo": f"{unit}-{number}", "MaTTHC": procedure, "KenhThucHien": channel, "LoaiDoiTuong": 1,
              "NgayNopHoSo": received, "NgayTiepNhan": received, "NgayHenTra": due, "TrangThaiHoSo": status,
              "MaDonVi": unit, "HinhThuc": 0, "DuocThanhToanTrucTuyen": paid, "NgayTra": returned}
    if fee is not None:
        record["DanhSachLePhi"] = [{"TenPhiLePhi": "Lệ phí", "Gia": fee}]
    return record


FIRST_FILE = [
    # new dossiers of the period that contradict the catalogue
    dossier("250310-0001", KHONG_TRUC_TUYEN, channel=2, fee=30000),  # online, no online service: (a)
    dossier("250310-0002", KHONG_TRUC_TUYEN, channel=2, fee=30000),  # (a)
    dossier("250310-0003", KHONG_TRUC_TUYEN, channel=1, fee=30000),  # in person: fine
    dossier("250310-0004", KHAI_SINH, paid=1, fee=20000),  # paid online, the procedure has no fee: (b)
    dossier("250310-0005", CHUNG_THUC, paid=1),  # paid online, no fee in the dossier: (b)
    dossier("250310-0006", CHUNG_THUC, paid=1, fee=50000),  # fine
    dossier("250310-0007", KHAI_SINH, channel=2),  # online, toàn trình: fine
    dossier("250310-0008", KHONG_TRUC_TUYEN, channel=2, status=3),  # refused at intake: not a new dossier
    dossier("250310-0009", "9.999999.000.00.00.H56", channel=2),  # not in the catalogue
    dossier("250310-0010", CHUNG_THUC, due=None, fee=50000),  # no due date
    dossier("250310-0011", KHAI_SINH, paid=2),  # paid online without a fee, on both counts: (b) once
    dossier("240601-0012", KHONG_TRUC_TUYEN, channel=2, received="20240601080000", due="20240610170000"),  # earlier
    # rows set aside at load
    dossier("250310-0101", due="32/03/2025"),
    dossier("250310-0102", due="2025-03-20"),
    dossier("250310-0103", channel=7),
    dossier("250310-0104", received=None),  # no day of receipt: the period cannot be told
    dossier("240601-0106", received="20240601080000", due="bad"),  # set aside, but received before the period
    dossier("250310-0107", due="20250399170000", returned="x", status=10),  # two rules
    dossier("250310-0108", due="xx"),  # sent again correctly in the second file
]
SECOND_FILE = [
    dossier("250310-0101", due="32/03/2025"),  # sent again, still wrong: counted once
    dossier("250310-0108"),
    dossier("250310-0013", CHUNG_THUC, fee=50000),
]


def payload(records: list[dict]) -> str:
    return json.dumps({"madonvi": HOA_LOC, "service": "DongBoHoSoMC", "isUpdating": False, "data": records},
                      ensure_ascii=False)


@pytest.fixture(scope="module")
def notes_warehouse(admin_url, tmp_path_factory):
    """The hand-made warehouse, loaded once for the module; marts of nam:2025 refreshed."""
    from conftest import fresh_warehouse

    folder = tmp_path_factory.mktemp("notes-inbox")
    files = {"don-vi-2024.csv": UNITS_2024, "don-vi-2025-07-01.csv": UNITS_2025, "sap-xep-dvhc-2025.csv": LINEAGE,
             "danh-muc-tthc.csv": CATALOGUE, "pakn-hoa-loc-2025.csv": PAKN, "ho-so-1.json": payload(FIRST_FILE)}
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    second = tmp_path_factory.mktemp("notes-inbox-2") / "ho-so-2.json"
    second.write_text(payload(SECOND_FILE), encoding="utf-8")
    with fresh_warehouse(admin_url, tmp_path_factory.mktemp("notes-home")) as url, \
            pytest.MonkeyPatch.context() as patch:
        patch.setenv("CCHC_MAX_BAD_ROW_SHARE", "0.9")
        for paths, day in (([folder], date(2025, 3, 11)), ([second], date(2025, 3, 12))):
            summary = ingest(paths, source="test", load_date=day, progress=lambda _: None)
            assert summary.failed == []
        with connect(url) as conn:
            refresh_for_report(conn, YEAR, ["chứng thực"])
        yield url


def report(url: str, unit_code: str):
    with connect(url) as conn:
        return gather(conn, unit_code, YEAR)


HOA_LOC_NOTES = [
    # 0101 (sent twice), 0102, 0107; not 0106 (received in 2024) nor 0108 (loaded since)
    "3 hồ sơ tiếp nhận trong kỳ có ngày hẹn trả không đúng định dạng, chưa được tính vào số liệu báo cáo.",
    "1 hồ sơ tiếp nhận trong kỳ có kênh thực hiện không đúng danh mục, chưa được tính vào số liệu báo cáo.",
    "1 hồ sơ tiếp nhận trong kỳ có ngày trả kết quả không đúng định dạng, chưa được tính vào số liệu báo cáo.",
    "1 phản ánh, kiến nghị tiếp nhận trong kỳ có hạn xử lý không đúng định dạng, chưa được tính vào số liệu "
    "báo cáo.",
    "1 hồ sơ của đơn vị thiếu hoặc sai ngày tiếp nhận, không xác định được thuộc kỳ báo cáo nào nên chưa được "
    "tính.",
    "1 hồ sơ tiếp nhận trong kỳ không có ngày hẹn trả, được tính là đúng hạn (đã giải quyết) hoặc "
    "trong hạn (đang giải quyết).",
    "1 hồ sơ tiếp nhận trong kỳ thuộc thủ tục chưa có trong danh mục TTHC; không xác định được mức độ dịch vụ "
    "công trực tuyến của các hồ sơ này.",
    "2 hồ sơ nộp trực tuyến thuộc thủ tục chưa cung cấp dịch vụ công trực tuyến tại thời điểm tiếp nhận (theo "
    "danh mục TTHC); cần kiểm tra lại danh mục hoặc kênh tiếp nhận.",
    "3 hồ sơ được ghi nhận thanh toán trực tuyến nhưng không có phí, lệ phí (theo hồ sơ hoặc theo danh mục TTHC "
    "tại thời điểm tiếp nhận); cần kiểm tra lại thông tin thanh toán hoặc danh mục.",
]


def test_the_warehouse_holds_what_the_notes_count(notes_warehouse):
    from conftest import query

    assert query(notes_warehouse, "SELECT rule, count(*) FROM audit.quarantine GROUP BY 1 ORDER BY 1") == [
        ("han_xu_ly_dinh_dang", 1), ("kenh_thuc_hien_hop_le", 1), ("ngay_hen_tra_dinh_dang", 6),
        ("ngay_tiep_nhan_bat_buoc", 1), ("ngay_tra_dinh_dang", 1)]
    assert query(notes_warehouse, "SELECT count(*) FROM dw.fact_dossier WHERE dossier_code LIKE '%%-0108'") == [(1,)]


def test_an_unchanged_commune_gets_quality_notes_and_no_reorganisation_note(notes_warehouse):
    data = report(notes_warehouse, HOA_LOC)
    assert data.quality_notes == HOA_LOC_NOTES
    assert_official(data.quality_notes)
    assert data.restated is True and data.restatement_note is None


def test_the_province_counts_the_same_and_states_the_reorganisation_in_short(notes_warehouse):
    data = report(notes_warehouse, PROVINCE)
    assert data.quality_notes == HOA_LOC_NOTES  # the only unit with dossiers
    assert data.restatement_note == (
        f"Số liệu được tổng hợp theo đơn vị hành chính hiện nay (sau sắp xếp theo {BASIS}). "
        "Từ ngày 01/07/2025, 4 xã được sắp xếp thành 2 xã (xã Hoằng Sơn và xã Hoằng Xuân); số liệu trước ngày "
        "này của các đơn vị cũ được tính vào đơn vị mới tương ứng.")


def test_many_new_units_are_counted_not_listed(notes_warehouse, monkeypatch):
    from etl import restatement

    monkeypatch.setattr(restatement, "LISTED_AT_MOST", 1)
    assert report(notes_warehouse, PROVINCE).restatement_note == (
        f"Số liệu được tổng hợp theo đơn vị hành chính hiện nay (sau sắp xếp theo {BASIS}). "
        "Từ ngày 01/07/2025, 4 xã được sắp xếp thành 2 xã (danh sách chi tiết tại Nghị quyết nêu trên); số liệu "
        "trước ngày này của các đơn vị cũ được tính vào đơn vị mới tương ứng.")


def test_a_merged_commune_names_its_predecessors(notes_warehouse):
    principle = f"Số liệu được tổng hợp theo đơn vị hành chính hiện nay (sau sắp xếp theo {BASIS})."
    son = report(notes_warehouse, NEW_SON)
    assert son.restatement_note == (
        f"{principle} Số liệu của xã Hoằng Sơn gồm cả số liệu trước ngày 01/07/2025 của xã Hoằng Trinh, "
        "xã Hoằng Sơn (cũ) và xã Hoằng Cát.")
    assert report(notes_warehouse, NEW_XUAN).restatement_note == (
        f"{principle} Số liệu của xã Hoằng Xuân gồm cả số liệu trước ngày 01/07/2025 của xã Hoằng Xuân (cũ).")
    assert son.quality_notes == []


def test_an_unchanged_district_gets_no_reorganisation_note(notes_warehouse):
    data = report(notes_warehouse, HAU_LOC)
    assert data.restated is True and data.restatement_note is None
    assert data.quality_notes == HOA_LOC_NOTES


def test_units_that_no_longer_exist_report_as_they_were(notes_warehouse):
    district = report(notes_warehouse, HOANG_HOA)
    assert district.restated is False
    assert district.restatement_note == (
        "Số liệu được tổng hợp theo đơn vị hành chính tại thời điểm tiếp nhận hồ sơ. Từ ngày 01/07/2025, 4 xã "
        f"được sắp xếp thành 2 xã (xã Hoằng Sơn và xã Hoằng Xuân) theo {BASIS}; số liệu từ ngày này thuộc các "
        "đơn vị mới.")
    commune = report(notes_warehouse, CAT)
    assert commune.restatement_note == (
        "Số liệu được tổng hợp theo đơn vị hành chính tại thời điểm tiếp nhận hồ sơ. Từ ngày 01/07/2025, "
        f"xã Hoằng Cát được sắp xếp vào xã Hoằng Sơn theo {BASIS}; số liệu từ ngày này thuộc xã Hoằng Sơn.")


def test_no_note_without_a_reorganisation_in_the_period(notes_warehouse):
    from etl.restatement import TODAY, restatement_note

    with connect(notes_warehouse) as conn:
        assert restatement_note(conn, date(2024, 1, 1), date(2024, 12, 31), TODAY) is None
        assert restatement_note(conn, date(2025, 7, 1), date(2025, 9, 30), TODAY) is None  # starts on the day
        assert restatement_note(conn, date(2025, 1, 1), date(2025, 12, 31), TODAY, [HOA_LOC, HAU_LOC]) is None
