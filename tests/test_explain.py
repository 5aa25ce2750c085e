"""`cchc explain` on the small export (xã Hoằng Cát, January 2024): the figures of a report with their values, one
figure's dossiers with the columns that decided them ending with "N hồ sơ", JSON, the Excel list, the errors an
official may make, the PAKN, a unit restated with a share of a split unit, and the chi-tiet workbook of a report
bundle (issue 12, figure-level lineage)."""
from __future__ import annotations

import json
import re
from datetime import datetime

import psycopg
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from conftest import _clone, _drop, load_small
from etl.cli import cli
from etl.periods import Period
from etl.reports.produce import produce_reports

CAT, TRINH, DISTRICT = "000.35.27.H56", "000.31.27.H56", "000.00.27.H56"
PERIOD = ["--period", "thang:2024-01"]


@pytest.fixture(scope="module")
def small(admin_url, small_template, tmp_path_factory):
    """The small export's warehouse shared by the tests that only read it (explain refreshes the marts of the
    period, as cchc report does); the tests that change it take small_warehouse, a copy of their own."""
    name, url = _clone(admin_url, small_template[0])
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WAREHOUSE_URL", url)
        patch.setenv("CCHC_HOME", str(tmp_path_factory.mktemp("home")))
        yield url
    _drop(admin_url, name)


def explain(*args: str):
    return CliRunner().invoke(cli, ["explain", *args])


def columns(line: str) -> list[str]:
    return re.split(r"\s{2,}", line.strip())


def test_one_figure_lists_its_dossiers_and_ends_with_its_value(small):
    result = explain("--unit", CAT, *PERIOD, "--figure", "tiep_nhan.truc_tuyen")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "tiep_nhan.truc_tuyen: Tiếp nhận trực tuyến",
        "UBND XÃ HOẰNG CÁT (000.35.27.H56), Tháng 1 năm 2024 (15/12/2023–14/01/2024), theo đơn vị hành chính hiện nay.",
        "Đọc từ: mart.cchc_summary.tiep_nhan_truc_tuyen.",
        "Cách tính: tiếp nhận mới trong kỳ (ngày tiếp nhận trong kỳ), kênh 2 trực tuyến.",
        "Giá trị trong báo cáo: 3.",
        "",
        "Mã hồ sơ                   Mã đơn vị xử lý  Mã TTHC                 Mã lĩnh vực  Nhóm (Biểu 06)  "
        "Dòng lĩnh vực (Biểu 06)  Kênh nộp      Trạng thái         Ngày tiếp nhận  Ngày hẹn trả  "
        "Ngày kết thúc (Biểu 06)",
        "000.35.27.H56-240108-0001  000.35.27.H56    2.000815.000.00.00.H56  CT                           "
        "Chứng thực               2 trực tuyến  10 đã trả kết quả  08/01/2024      12/01/2024    10/01/2024",
        "000.35.27.H56-240108-0005  000.35.27.H56    1.001193.000.00.00.H56  HT                           "
        "Hộ tịch                  2 trực tuyến  4 đang xử lý       08/01/2024      12/01/2024",
        "000.35.27.H56-240108-0006  000.35.27.H56    2.000815.000.00.00.H56  CT                           "
        "Chứng thực               2 trực tuyến  9 đã xử lý xong    08/01/2024      12/01/2024    11/01/2024",
        "3 hồ sơ",
    ]


def test_every_figure_with_its_value_and_the_lines_of_the_form(small):
    result = explain("--unit", CAT, *PERIOD)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == ("UBND XÃ HOẰNG CÁT (000.35.27.H56), Tháng 1 năm 2024 (15/12/2023–14/01/2024), theo đơn vị "
                        "hành chính hiện nay.")
    assert lines[1] == "Chỉ số QĐ 766: kỳ dương lịch tháng 1 năm 2024 (01/01/2024–31/01/2024)."
    rows = {cells[0]: cells[1:] for cells in map(columns, lines[3:]) if cells and "." in cells[0]}
    # the small export's January (docs: 9 received, 6 handled; 3 online; 2 of 3 with a fee paid online)
    assert rows["tiep_nhan.tong"] == ["Tổng số hồ sơ đã tiếp nhận", "9", "hồ sơ"]
    assert rows["giai_quyet.tong"] == ["Số hồ sơ đã giải quyết", "6", "hồ sơ"]
    assert rows["thanh_toan_truc_tuyen.tu_so"] == ["Thanh toán trực tuyến: tử số", "2", "hồ sơ"]
    assert rows["thanh_toan_truc_tuyen.mau_so"] == ["Thanh toán trực tuyến: mẫu số", "3", "hồ sơ"]
    assert rows["kpi766.dossier_on_time.tu_so"][1:] == ["5", "hồ sơ"]
    assert rows["danh_muc.so_tthc"] == ["Tổng số TTHC đang áp dụng", "2", "không"]  # of commune level
    assert rows["kpi766.dossier_sync.tu_so"][1:] == ["chưa có dữ liệu", "không"]
    form = lines[lines.index(next(l for l in lines if l.startswith("Các dòng của Biểu 06"))) + 1:]
    assert [columns(line) for line in form] == [
        ["Nhóm", "Lĩnh vực", "Mã", "Tiếp nhận", "Đã giải quyết", "Đang giải quyết"],
        ["Chứng thực", "CT", "3", "3", "0"], ["Hộ tịch", "HT", "6", "3", "3"]]


def test_a_cell_of_the_form_a_month_a_qd766_numerator(small):
    cell = explain("--unit", CAT, *PERIOD, "--figure", "bieu06.da_giai_quyet_tong", "--field", "ht")
    assert cell.exit_code == 0, cell.output
    assert "bieu06.da_giai_quyet_tong: Biểu 06 – Số hồ sơ đã giải quyết: tổng số – dòng Hộ tịch" in cell.output
    assert [l[:25] for l in cell.output.splitlines() if l.startswith(CAT)] == [
        f"{CAT}-240108-0004", f"{CAT}-240108-0007", f"{CAT}-240108-0012"]
    assert cell.output.splitlines()[-1] == "3 hồ sơ"
    by_name = explain("--unit", CAT, *PERIOD, "--figure", "BIEU06.dang_giai_quyet_qua_han", "--field", "Hộ tịch",
                      "--no-refresh")
    assert by_name.exit_code == 0 and by_name.output.splitlines()[-1] == "3 hồ sơ", by_name.output
    month = explain("--unit", CAT, *PERIOD, "--figure", "theo_thang.2024-01.ket_thuc", "--no-refresh")
    assert month.exit_code == 0 and month.output.splitlines()[-1] == "6 hồ sơ", month.output
    kpi = explain("--unit", CAT, *PERIOD, "--figure", "kpi766.DOSSIER_ON_TIME.tu_so", "--no-refresh")
    assert "Tháng 1 năm 2024 (01/01/2024–31/01/2024)" in kpi.output and "Giá trị trong báo cáo: 5." in kpi.output
    assert kpi.output.splitlines()[-1] == "5 hồ sơ"
    catalogue = explain("--unit", CAT, *PERIOD, "--figure", "danh_muc.so_tthc", "--no-refresh")
    assert catalogue.exit_code == 0 and catalogue.output.splitlines()[-2:] == [
        "Giá trị trong báo cáo: 2.",
        "Không có danh sách hồ sơ: đếm thủ tục của danh mục TTHC có hiệu lực ngày cuối kỳ, không phải hồ sơ."]


def test_json_documents(small):
    whole = explain("--unit", CAT, *PERIOD, "--json")
    assert whole.exit_code == 0, whole.output
    document = json.loads(whole.output)
    assert document["unit"] == {"code": CAT, "name": "UBND XÃ HOẰNG CÁT"} and document["restated"] is True
    figures = {f["name"]: f for f in document["figures"]}
    assert figures["tiep_nhan.truc_tuyen"] == {
        "name": "tiep_nhan.truc_tuyen", "label": "Tiếp nhận trực tuyến", "group": "tiep_nhan", "value": 3,
        "listed": True, "source": "mart.cchc_summary.tiep_nhan_truc_tuyen",
        "rule": "tiếp nhận mới trong kỳ (ngày tiếp nhận trong kỳ), kênh 2 trực tuyến", "not_listed": None}
    assert figures["danh_muc.so_tthc"]["listed"] is False
    assert [line["codes"] for line in document["bieu06_lines"]] == [["CT"], ["HT"]]
    one = json.loads(explain("--unit", CAT, *PERIOD, "--figure", "thanh_toan_truc_tuyen.mau_so", "--json",
                             "--no-refresh").output)
    assert one["figure"]["value"] == one["count"] == 3
    assert [(r["dossier_code"], r["has_fee"], r["paid_online"], r["received_on"]) for r in one["rows"]] == [
        (f"{CAT}-240108-0001", True, True, "2024-01-08"), (f"{CAT}-240108-0002", True, False, "2024-01-08"),
        (f"{CAT}-240108-0006", True, True, "2024-01-08")]


def test_the_excel_list_of_one_figure_and_of_all(small, tmp_path):
    one = explain("--unit", CAT, *PERIOD, "--figure", "giai_quyet.truoc_han", "--out", str(tmp_path / "a.xlsx"))
    assert one.exit_code == 0 and f"Đã ghi {tmp_path / 'a.xlsx'}" in one.output
    [sheet] = load_workbook(tmp_path / "a.xlsx").worksheets
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Mã hồ sơ" and rows[0][-1] == "Trước hạn"
    assert [(r[0], r[-1]) for r in rows[1:]] == [(f"{CAT}-240108-{n}", 1) for n in ("0001", "0004", "0006", "0012")]
    assert isinstance(rows[1][rows[0].index("Ngày tiếp nhận")], datetime)
    every = explain("--unit", CAT, *PERIOD, "--out", str(tmp_path / "all.xlsx"), "--json", "--no-refresh")
    assert every.exit_code == 0 and json.loads(every.stdout)["unit"]["code"] == CAT
    assert load_workbook(tmp_path / "all.xlsx").sheetnames[0] == "Giải thích"


def test_what_an_official_may_get_wrong(small, tmp_path):
    typo = explain("--unit", CAT, *PERIOD, "--figure", "tiep_nhan.truc_tuye")
    assert typo.exit_code == 2
    assert "không có số liệu tên 'tiep_nhan.truc_tuye'. Có phải: tiep_nhan.truc_tuyen," in typo.output
    group = explain("--unit", CAT, *PERIOD, "--figure", "giai_quyet", "--no-refresh")
    assert group.exit_code == 2 and "giai_quyet.tong" in group.output and "giai_quyet.truoc_han" in group.output
    unit = explain("--unit", "000.77.27.H56", *PERIOD)
    assert unit.exit_code == 2 and "Không có đơn vị mã '000.77.27.H56'" in unit.output
    period = explain("--unit", CAT, "--period", "thang:2024-13")
    assert period.exit_code == 2 and "Kỳ báo cáo không hợp lệ" in period.output
    field = explain("--unit", CAT, *PERIOD, "--figure", "bieu06.tiep_nhan_tong", "--field", "HTX", "--no-refresh")
    assert field.exit_code == 2 and "Biểu 06 không có dòng lĩnh vực 'HTX'; có phải: HT?" in field.output
    not_form = explain("--unit", CAT, *PERIOD, "--figure", "tiep_nhan.tong", "--field", "HT", "--no-refresh")
    assert not_form.exit_code == 2 and "chỉ dùng với số liệu bieu06.<cột>" in not_form.output
    out = explain("--unit", CAT, *PERIOD, "--out", str(tmp_path / "a.csv"))
    assert out.exit_code == 2 and "không phải tệp .xlsx" in out.output
    assert not (tmp_path / "a.csv").exists()


def test_petitions_are_listed_when_the_warehouse_holds_them(small_warehouse):
    load_small("pakn-hoang-cat-2024-01.csv")
    result = explain("--unit", CAT, *PERIOD, "--figure", "pakn.tiep_nhan")
    assert result.exit_code == 0, result.output
    value = re.search(r"Giá trị trong báo cáo: (\d+)\.", result.output)[1]
    assert int(value) > 0 and result.output.splitlines()[-1] == f"{value} PAKN"
    assert result.output.splitlines()[6].startswith("Mã PAKN")


def test_a_unit_restated_with_a_share_of_a_split_unit(small_warehouse):
    """Hoằng Cát split 40/60 between Hoằng Trinh and the district's own agencies: restated, Hoằng Trinh counts
    0,4 of each of Hoằng Cát's dossiers; the list shows the share and adds up to the printed 3,6."""
    url, _ = small_warehouse
    with psycopg.connect(url, autocommit=True) as conn:
        load_id = conn.execute("SELECT min(load_id) FROM audit.file_load").fetchone()[0]
        conn.execute("INSERT INTO dw.unit_lineage (old_unit_code, new_unit_code, effective_date, share_percent, "
                     "load_id) VALUES (%s, %s, '2024-06-01', 40, %s), (%s, %s, '2024-06-01', 60, %s)",
                     (CAT, TRINH, load_id, CAT, DISTRICT, load_id))
    result = explain("--unit", TRINH, *PERIOD, "--restated", "--figure", "tiep_nhan.tong")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "Giá trị trong báo cáo: 3,6." in lines and lines[-1] == "3,6 hồ sơ"
    assert "Tỷ phần tính" in lines[6] and all(columns(l)[2] == "0,4" for l in lines[7:-1])
    as_then = explain("--unit", TRINH, *PERIOD, "--as-then", "--figure", "tiep_nhan.tong", "--no-refresh")
    assert as_then.output.splitlines()[-1] == "0 hồ sơ"


def test_the_report_bundle_holds_the_chi_tiet_workbook(small_warehouse, tmp_path, monkeypatch):
    monkeypatch.setenv("CCHC_REPORT_WORKERS", "1")
    run = produce_reports(Period.from_code("thang:2024-01"), [CAT], out_dir=tmp_path, progress=lambda _: None)
    [produced] = run.produced
    assert [p.name for p in produced.files] == [
        f"bao-cao-cchc_{CAT}_thang-2024-01.docx", f"bao-cao-cchc_{CAT}_thang-2024-01.pdf",
        f"bao-cao-cchc_{CAT}_thang-2024-01.html", f"bieu-06_{CAT}_thang-2024-01.xlsx",
        f"chi-tiet_{CAT}_thang-2024-01.xlsx"]
    assert "danh sách hồ sơ theo từng số liệu" in produced.body
    wb = load_workbook(produced.files[-1], read_only=True)
    received = list(wb["Tiếp nhận"].iter_rows(values_only=True))
    assert len(received) == 10 and received[0][0] == "Mã hồ sơ"  # the header and the 9 dossiers received
