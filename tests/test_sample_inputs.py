"""The sample's filled fill-in workbooks: one for every unit in force on the cut-off of the sample's last annual
period but three, values that hold together, deterministic, and loaded by `cchc ingest` without a failure."""
from __future__ import annotations

import csv
import re
import unicodedata
from collections import defaultdict
from datetime import date
from pathlib import Path

import psycopg
import pytest
from python_calamine import CalamineWorkbook

from conftest import query
from etl.inputs import layout
from etl.inputs.catalogue import catalogue
from etl.periods import Period
from etl.pipeline import ingest
from etl.sample import generate_sample
from etl.sample.inputs import unit_inputs, units_in_force
from etl.sample.tables import build_new_units, build_units

PERIOD = Period.from_code("nam:2025")  # 15/12/2024 - 14/12/2025
# xã Lộc Sơn and xã Đa Lộc (huyện Hậu Lộc), phường Quảng Cư (thành phố Sầm Sơn): tables.NO_INPUT_UNITS
WITHOUT = {"000.06.21.H56", "000.22.21.H56", "000.04.03.H56"}
DOCUMENT_NUMBER = re.compile(r"^(\d{2,})/(KH-UBND|QĐ-UBND|BC-UBND|UBND-VP)$")


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> tuple[Path, dict]:
    folder = tmp_path_factory.mktemp("inputs") / "thanhhoa"
    messages = []
    manifest = generate_sample(folder, dossiers=300, until=date(2026, 6, 30), report_inputs=True,
                               progress=messages.append)
    assert messages[-1] == "Phiếu số liệu báo cáo CCHC năm 2025: 42 đơn vị, 3 đơn vị không có phiếu"
    return folder, manifest


def units_on_the_cutoff(folder: Path) -> dict[str, str]:
    """Agency code -> kind and name ("Xã Hoằng Sơn") of the units of the sample's unit lists in force on
    14/12/2025, read from the files: the first list without the units the lineage file dissolves, plus the list
    of the new units."""
    def rows(name: str, header: str) -> list[dict]:
        with (folder / "reference" / name).open(encoding="utf-8-sig", newline="") as handle:
            lines = list(csv.reader(handle))
        start = next(i for i, line in enumerate(lines) if header in line)
        return [dict(zip(lines[start], line)) for line in lines[start + 1:]]

    gone = {row["Mã định danh cũ"] for row in rows("sap-xep-dvhc-2025.csv", "Mã ĐVHC cũ")}
    units = rows("don-vi-hanh-chinh.csv", "Mã ĐVHC") + rows("don-vi-hanh-chinh-2025-07-01.csv", "Mã ĐVHC")
    return {row["Mã định danh"]: f"{row['Cấp']} {row['Tên đơn vị']}" for row in units
            if row["Mã định danh"] not in gone}


def contents(path: Path) -> tuple[dict, dict, dict[str, list[dict]]]:
    """(info by key, value by item code, rows of each list by list code) of a workbook, read independently of the
    loader (python-calamine: numbers as floats, dates as dates, an empty cell None)."""
    book = CalamineWorkbook.from_path(path)

    def sheet(name: str) -> list[list]:
        return [[None if v == "" else v for v in row]
                for row in book.get_sheet_by_name(name).to_python(skip_empty_area=False)]

    def cell(rows: list[list], row: int, column: int):
        return rows[row - 1][column - 1] if row <= len(rows) and column <= len(rows[row - 1]) else None

    info_rows, value_rows = sheet(layout.INFO_SHEET), sheet(layout.VALUES_SHEET)
    info = {key: cell(info_rows, layout.info_row(key), layout.INFO_VALUE_COLUMN) for key, _ in layout.INFO_KEYS}
    values = {code: cell(value_rows, row, layout.VALUE_COLUMN) for code, row in layout.item_rows(catalogue()).items()}
    lists = {}
    for entry in catalogue().lists:
        rows, columns = sheet(entry.sheet), layout.list_columns(entry)
        given = ({code: cell(rows, number, column) for code, column in columns.items()}
                 for number in range(layout.LIST_FIRST_ROW, layout.LIST_FIRST_ROW + layout.LIST_ROWS))
        lists[entry.code] = [row for row in given if any(v is not None for v in row.values())]
    return info, values, lists


def test_every_unit_in_force_but_three_has_a_workbook(sample):
    folder, manifest = sample
    in_force = units_on_the_cutoff(folder)
    assert len(in_force) == 45 and WITHOUT <= set(in_force)
    assert {in_force[code] for code in WITHOUT} == {"Xã Lộc Sơn", "Xã Đa Lộc", "Phường Quảng Cư"}
    written = {p.name for p in (folder / "phieu-so-lieu").iterdir()}
    assert written == {f"phieu-so-lieu_{code}_nam-2025.xlsx" for code in set(in_force) - WITHOUT}
    assert manifest["report_inputs"]["period"] == "nam:2025"
    assert set(manifest["report_inputs"]["units"]) == set(in_force) - WITHOUT
    assert set(manifest["report_inputs"]["without"]) == WITHOUT
    for code in set(in_force) - WITHOUT:
        entry = manifest["files"][f"phieu-so-lieu/phieu-so-lieu_{code}_nam-2025.xlsx"]
        assert (entry["kind"], entry["unit"], entry["period"]) == ("report_input", code, "nam:2025")


def test_the_workbooks_are_complete_and_hold_together(sample):
    folder, manifest = sample
    cat = catalogue()
    in_force = units_on_the_cutoff(folder)
    for path in sorted((folder / "phieu-so-lieu").iterdir()):
        info, values, lists = contents(path)
        code = info["ma_don_vi"]
        assert path.name == f"phieu-so-lieu_{code}_nam-2025.xlsx"
        assert (info["ten_don_vi"], info["ky_bao_cao"], info["phien_ban"]) == (in_force[code], "nam:2025", cat.version)
        assert info["nguoi_lap"] and re.fullmatch(r"0\d{9}", info["dien_thoai"])
        assert date(2025, 12, 8) <= info["ngay_lap"] <= PERIOD.last_day
        assert [item.code for item in cat.items if values[item.code] in (None, "")] == [], path.name
        for item in cat.items:
            if item.max_of:
                assert values[item.code] <= sum(values[c] for c in item.max_of), (path.name, item.code)
            if item.type == "co_khong":
                assert values[item.code] in ("Có", "Không")
            if isinstance(values[item.code], str):
                assert unicodedata.is_normalized("NFC", values[item.code])
        inspections = lists["kiem_tra"]
        assert values["kiem_tra_so_cuoc"] == len(inspections) > 0
        assert values["kiem_tra_ton_tai"] == sum(r["ton_tai"] for r in inspections)
        assert values["kiem_tra_da_khac_phuc"] == sum(r["da_khac_phuc"] for r in inspections)
        documents = lists["van_ban"]
        assert 6 <= len(documents) <= values["so_van_ban_cchc"]
        last_number = defaultdict(int)
        for row in documents:  # by date, numbered per sign and calendar year
            day = row["ngay"]
            assert PERIOD.first_day <= day <= PERIOD.last_day and day.weekday() < 5
            number, sign = DOCUMENT_NUMBER.fullmatch(row["so_ky_hieu"]).groups()
            assert int(number) > last_number[(sign, day.year)]
            last_number[(sign, day.year)] = int(number)
            assert row["muc"] in cat.section_codes and row["loai"] in cat.input_list("van_ban").columns[2].choices
        for row in lists["mo_hinh"]:
            assert 2022 <= row["nam_ap_dung"] <= 2025
    # the merged communes exist from 01/07/2025: their documents start then, their numbers from 1
    _, _, lists = contents(folder / "phieu-so-lieu" / "phieu-so-lieu_000.56.20.H56_nam-2025.xlsx")
    assert min(row["ngay"] for row in lists["van_ban"]) >= date(2025, 7, 1)
    assert min(int(row["so_ky_hieu"].split("/")[0]) for row in lists["van_ban"]) < 20


def test_the_same_seed_gives_the_same_values(sample):
    folder, _ = sample
    in_force = units_in_force(build_units(), [new for new, _olds in build_new_units()], PERIOD.last_day)
    for unit in [u for u in in_force if u.agency in ("000.00.21.H56", "000.56.20.H56")]:
        values, lists = unit_inputs(unit, PERIOD, in_force, seed=38)
        info, written, written_lists = contents(folder / f"phieu-so-lieu/phieu-so-lieu_{unit.agency}_nam-2025.xlsx")
        assert {code: written[code] for code in values if code in written} == {
            code: value for code, value in values.items() if code in written}
        assert (info["nguoi_lap"], info["ngay_lap"]) == (values["nguoi_lap"], values["ngay_lap"])
        assert [written_lists[code] for code in lists] == list(lists.values())
    other, _ = unit_inputs(in_force[5], PERIOD, in_force, seed=39)
    assert other != unit_inputs(in_force[5], PERIOD, in_force, seed=38)[0]


def test_the_workbooks_load_with_the_rest_of_the_sample(sample, warehouse):
    folder, manifest = sample
    summary = ingest([folder / "reference", folder / "phieu-so-lieu"], source="thanhhoa", load_date=date(2026, 7, 1),
                     progress=lambda _: None)
    assert summary.failed == []
    loaded = query(warehouse, "SELECT unit_code, period_code FROM dw.report_input_current GROUP BY 1, 2")
    assert sorted(loaded) == sorted((code, "nam:2025") for code in manifest["report_inputs"]["units"])
    assert query(warehouse, "SELECT count(*) FROM dw.report_input_submission") == [(42,)]
    with psycopg.connect(warehouse) as conn:  # Hậu Lộc's inspections name communes of the district
        [(names,)] = conn.execute(
            "SELECT array_agg(inspected) FROM dw.report_inspection i JOIN dw.report_input_submission s "
            "USING (submission_id) WHERE s.unit_code = '000.00.21.H56'").fetchall()
    assert names and all(name.startswith(("UBND xã ", "UBND thị trấn ")) for name in names)
