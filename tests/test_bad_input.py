"""Bad input: each problem gets a clear error naming file, row and column, is recorded in the audit
tables, and loses nothing that was valid elsewhere."""
from __future__ import annotations

import json
import shutil
import unicodedata
from datetime import date

import openpyxl
import pytest

from conftest import FIXTURES, query
from etl.pipeline import ingest

SMALL = FIXTURES / "small"
LISTING_HEADER = ["STT", "Mã hồ sơ", "Mã TTHC", "Tên thủ tục hành chính", "Mã lĩnh vực", "Lĩnh vực", "Mã đơn vị",
                  "Đơn vị xử lý", "Chủ hồ sơ", "Số điện thoại", "Email", "Đối tượng", "Kênh nộp", "Ngày nộp",
                  "Ngày tiếp nhận", "Ngày hẹn trả", "Ngày kết thúc xử lý", "Ngày trả kết quả", "Trạng thái",
                  "Phí, lệ phí (đồng)", "Thanh toán trực tuyến", "Trả kết quả qua BCCI", "Số hóa thành phần",
                  "Kết quả điện tử", "Số lần bổ sung"]


def listing_row(n: int, received: str = "08/01/2024 08:00", due: str = "12/01/2024 17:00") -> list[str]:
    return [str(n), f"000.35.27.H56-240108-{n:04d}", "1.001193.000.00.00.H56", "Thủ tục đăng ký khai sinh", "HT",
            "Hộ tịch", "000.35.27.H56", "UBND xã Hoằng Cát", "Trần Văn Bình", "0988000222", "", "Công dân",
            "Trực tiếp", received, received, due, "10/01/2024 09:00", "10/01/2024 10:00", "Đã trả kết quả",
            "", "Không", "Không", "Có", "Không", "0"]


def cp1258(text: str) -> bytes:
    """Windows-1258 bytes as legacy tools write them: precomposed base letter plus a combining tone mark."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFD", char)
            tone = next(c for c in decomposed if c in "\u0300\u0301\u0303\u0309\u0323")
            out += unicodedata.normalize("NFC", decomposed.replace(tone, "")).encode("cp1258") + tone.encode("cp1258")
    return bytes(out)


def write_listing_csv(path, rows, encoding="utf-8-sig"):
    lines = ["UBND XÃ HOẰNG CÁT", "DANH SÁCH HỒ SƠ", "(Từ ngày 01/01/2024 đến ngày 31/01/2024)", "",
             ",".join(f'"{h}"' for h in LISTING_HEADER)]
    lines += [",".join(f'"{v}"' for v in row) for row in rows]
    text = "\r\n".join(lines) + "\r\n"
    path.write_bytes(cp1258(text) if encoding == "cp1258" else text.encode(encoding))


@pytest.fixture
def inbox(warehouse, tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    for name in ("don-vi-hanh-chinh.csv", "danh-muc-tthc.csv"):
        shutil.copy(SMALL / name, folder / name)
    return folder


def run(folder):
    summary = ingest([folder], source="test", load_date=date(2024, 2, 1), progress=lambda _: None)
    return {f.file: f for f in summary.files}


def failed_loads(url):
    return query(url, "SELECT f.original_name, l.error FROM audit.file_load l JOIN audit.landed_file f USING (file_id) "
                      "WHERE l.status = 'failed' ORDER BY 1")


def test_truncated_json_fails_alone(inbox, warehouse):
    text = (SMALL / "ho-so-hoang-cat-2024-01-capnhat.json").read_text(encoding="utf-8")
    (inbox / "ho-so-cut.json").write_text(text[:300], encoding="utf-8")
    write_listing_csv(inbox / "danh-sach.csv", [listing_row(n) for n in range(1, 6)])
    results = run(inbox)
    assert results["ho-so-cut.json"].status == "failed"
    error = results["ho-so-cut.json"].error
    assert "ho-so-cut.json" in error and "JSON không hợp lệ hoặc bị cắt cụt" in error and "dòng" in error
    assert results["danh-sach.csv"].rows_loaded == 5
    assert query(warehouse, "SELECT count(*) FROM dw.fact_dossier") == [(5,)]
    assert [name for name, _ in failed_loads(warehouse)] == ["ho-so-cut.json"]


def test_excel_with_missing_columns_names_them(inbox, warehouse):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["DANH SÁCH HỒ SƠ"])
    sheet.append([])
    header = [h for h in LISTING_HEADER if h not in ("Mã TTHC", "Ngày hẹn trả")]
    sheet.append(header)
    sheet.append([v for h, v in zip(LISTING_HEADER, listing_row(1)) if h in header])
    book.save(inbox / "thieu-cot.xlsx")
    results = run(inbox)
    error = results["thieu-cot.xlsx"].error
    assert results["thieu-cot.xlsx"].status == "failed"
    assert error == "tệp thieu-cot.xlsx, dòng 3: thiếu cột bắt buộc: Mã TTHC, Ngày hẹn trả"
    assert failed_loads(warehouse) == [("thieu-cot.xlsx", error)]
    assert results["danh-muc-tthc.csv"].status == "loaded"


def test_dates_in_the_wrong_format_are_quarantined_with_row_and_column(inbox, warehouse, monkeypatch):
    monkeypatch.setenv("CCHC_MAX_BAD_ROW_SHARE", "0.7")  # 2 of 3 listing rows are bad on purpose
    write_listing_csv(inbox / "danh-sach.csv", [listing_row(1), listing_row(2, due="31/02/2024 17:00"),
                                                listing_row(3, received="2024-01-08")])
    payload = json.loads((SMALL / "ho-so-hoang-cat-2024-01-capnhat.json").read_text(encoding="utf-8"))
    payload["data"].append(dict(payload["data"][0], MaHoSo="000.35.27.H56-240108-0099", NgayHenTra="12/01/2024"))
    (inbox / "ho-so.json").write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    results = run(inbox)
    assert (results["danh-sach.csv"].rows_read, results["danh-sach.csv"].rows_loaded) == (3, 1)
    assert (results["ho-so.json"].rows_read, results["ho-so.json"].rows_loaded) == (2, 1)
    rows = query(warehouse, "SELECT f.original_name, q.row_no, q.column_name, q.value, q.rule FROM audit.quarantine q "
                            "JOIN audit.landed_file f USING (file_id) ORDER BY 1, 2")
    assert rows == [
        ("danh-sach.csv", 7, "ngay_hen_tra", "31/02/2024 17:00", "ngay_hen_tra_dinh_dang"),
        ("danh-sach.csv", 8, "ngay_nop_ho_so", "2024-01-08", "ngay_nop_ho_so_dinh_dang"),
        ("danh-sach.csv", 8, "ngay_tiep_nhan", "2024-01-08", "ngay_tiep_nhan_dinh_dang"),
        ("ho-so.json", 2, "ngay_hen_tra", "12/01/2024", "ngay_hen_tra_dinh_dang"),
    ]


def test_legacy_text_is_converted_and_utf16_json_rejected_never_loaded_as_mojibake(inbox, warehouse):
    rows = [listing_row(n) for n in range(1, 4)]
    write_listing_csv(inbox / "danh-sach-cp1258.csv", rows, encoding="cp1258")  # detected, converted to NFC
    (inbox / "ho-so-utf16.json").write_bytes(
        (SMALL / "ho-so-hoang-cat-2024-01-capnhat.json").read_text(encoding="utf-8").encode("utf-16"))
    results = run(inbox)
    assert results["danh-sach-cp1258.csv"].error is None and results["danh-sach-cp1258.csv"].rows_loaded == 3
    assert "không phải UTF-8" in results["ho-so-utf16.json"].error
    assert [name for name, _ in failed_loads(warehouse)] == ["ho-so-utf16.json"]
    assert query(warehouse, "SELECT count(*) FROM dw.fact_dossier") == [(3,)]
    # every text that came from the CP1258 file is precomposed Vietnamese, not mojibake
    assert query(warehouse, """
        SELECT count(*) FROM (SELECT name AS t FROM dw.dim_procedure UNION ALL SELECT name FROM dw.dim_field
                              UNION ALL SELECT name FROM dw.dim_unit) texts
        WHERE t IS NOT NULL AND (t <> normalize(t, NFC) OR t ~ '[ÃÂÐÑ�]')""") == [(0,)]


def test_an_unrecognised_file_is_landed_and_recorded(inbox, warehouse):
    (inbox / "ghi-chu.txt").write_text("Báo cáo tháng 1", encoding="utf-8")
    results = run(inbox)
    assert "không nhận ra định dạng tệp" in results["ghi-chu.txt"].error
    assert query(warehouse, "SELECT format IS NULL FROM audit.landed_file WHERE original_name = 'ghi-chu.txt'") == [(True,)]
    assert [name for name, _ in failed_loads(warehouse)] == ["ghi-chu.txt"]


def test_check_reports_what_a_load_would_quarantine_without_a_database(tmp_path):
    from etl.pipeline import check

    result = check(SMALL / "ho-so-hoang-cat-2024-01.json")
    assert (result["rows_read"], result["rows_failing"]) == (13, 2)
    assert sorted((f["row_no"], f["rule"]) for f in result["failures"]) == [
        (9, "ngay_tiep_nhan_bat_buoc"), (10, "ngay_hen_tra_dinh_dang")]
    (tmp_path / "cut.json").write_text('{"data": [', encoding="utf-8")
    assert "JSON không hợp lệ hoặc bị cắt cụt" in check(tmp_path / "cut.json")["error"]


def _corpus_maker():
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_corpus", FIXTURES / "bad" / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_payload(folder, name: str, records: list[dict], load_date: date):
    """One sync payload of ``records`` loaded on ``load_date``; its FileResult."""
    corpus = _corpus_maker()
    path = folder / name
    path.write_text(corpus.dumps(corpus.payload(records)), encoding="utf-8")
    [result] = ingest([path], source="test", load_date=load_date, progress=lambda _: None).files
    return result


def test_a_date_in_the_future_does_not_hide_later_exports_of_a_dossier(inbox, warehouse, tmp_path, monkeypatch):
    monkeypatch.setenv("CCHC_MAX_BAD_ROW_SHARE", "0.5")  # 1 of the 2 rows is bad on purpose
    ingest([inbox], source="test", load_date=date(2024, 3, 1), progress=lambda _: None)
    corpus = _corpus_maker()
    code = corpus.code(90, 1)
    typo = load_payload(tmp_path, "ho-so-nam-sai.json", [
        corpus.dossier(90, 1, NgayNopHoSo="20290315080000", ChuHoSo="Người Gõ Sai"), corpus.dossier(90, 2)],
        date(2024, 3, 20))
    assert (typo.rows_read, typo.rows_loaded, typo.rows_quarantined) == (2, 1, 1)
    assert query(warehouse, "SELECT rule, value FROM audit.quarantine WHERE load_id = %s", (typo.load_id,)) == [
        ("ngay_nop_ho_so_sau_ngay_nap", "20290315080000")]
    later = load_payload(tmp_path, "ho-so-dung.json", [corpus.dossier(90, 1)], date(2024, 3, 21))
    assert (later.rows_inserted, later.rows_updated) == (1, 0)
    assert query(warehouse, "SELECT f.status_code, f.source_event_at = '2024-03-18 10:00+07', a.applicant_name "
                            "FROM dw.fact_dossier f JOIN restricted.applicant a USING (dossier_code) WHERE dossier_code = %s",
                 (code,)) == [(10, True, "Nguyễn Văn An")]


def test_an_older_export_changes_neither_the_dossier_nor_its_applicant(inbox, warehouse, tmp_path):
    ingest([inbox], source="test", load_date=date(2024, 3, 1), progress=lambda _: None)
    corpus = _corpus_maker()
    code = corpus.code(91, 1)
    newer = load_payload(tmp_path, "ho-so-moi.json", [corpus.dossier(91, 1)], date(2024, 3, 20))
    older = load_payload(tmp_path, "ho-so-cu.json", [corpus.dossier(
        91, 1, TrangThaiHoSo=4, NgayKetThucXuLy=None, NgayTra=None, ChuHoSo="Tên Cũ", SoDienThoai="0900000001")],
        date(2024, 3, 21))
    assert (newer.rows_inserted, older.rows_loaded, older.rows_inserted, older.rows_updated) == (1, 1, 0, 0)
    assert query(warehouse, "SELECT f.status_code, f.last_load_id = %s, a.applicant_name, a.phone, "
                            "a.last_load_id = %s FROM dw.fact_dossier f JOIN restricted.applicant a USING (dossier_code) "
                            "WHERE dossier_code = %s", (newer.load_id, newer.load_id, code)) == [
        (10, True, "Nguyễn Văn An", "0912000999", True)]


@pytest.mark.parametrize("name, read, failing, rules", [
    ("json-so-khong-nguyen.json", 13, 6, {"trang_thai_hop_le": 2, "kenh_thuc_hien_hop_le": 1,
                                          "loai_doi_tuong_hop_le": 1, "thanh_toan_truc_tuyen_hop_le": 1,
                                          "hinh_thuc_hop_le": 1}),
    ("csv-so-khong-nguyen.csv", 9, 4, {"trang_thai_hop_le": 2, "kenh_thuc_hien_hop_le": 1, "so_lan_bo_sung_la_so": 1}),
    ("xlsx-so-khong-nguyen.xlsx", 7, 3, {"trang_thai_hop_le": 2, "so_lan_bo_sung_la_so": 1}),
])
def test_check_reports_values_of_the_wrong_type_as_row_failures(name, read, failing, rules):
    from collections import Counter

    from etl.pipeline import check

    result = check(FIXTURES / "bad" / name)
    assert (result["rows_read"], result["rows_failing"]) == (read, failing)
    assert Counter(f["rule"] for f in result["failures"]) == rules
