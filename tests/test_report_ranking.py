"""The ranking table of a district's or the province's report (Bảng 2, sql/reports/children.sql and
etl.reports.wording.children_rows): ranks follow the share of QĐ 766 points only (equal share, equal rank), units
that ended inside the period are listed apart with their last day, the reported unit's own dossiers are a row, and
the table adds up to the report's totals. On a hand-made ranking (SQL), on the generated 2024-2026 sample with the
2025 reorganisation (sample_2025 of test_report_marts) and on hand-made ReportData (tests/report_examples.py)."""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal as D

import psycopg
import pytest
from psycopg.rows import dict_row

from conftest import query
from etl import vi
from etl.db import connect, sql
from etl.periods import LICH, Period
from etl.reports import wording
from etl.reports.data import gather
from etl.reports.model import ReportData
import report_examples as ex
from test_report_marts import PROVINCE, sample_2025  # noqa: F401  (the fixture, shared with its module)

NAM_2025 = Period.from_code("nam:2025", LICH)


def _number(text: str) -> D:
    """vi-VN "1.234,5" -> Decimal("1234.5")."""
    return D(text.replace(".", "").replace(",", "."))


def table_parts(rows: list[list[str]]) -> dict[str, list[list[str]]]:
    """Bảng 2's rows by part: heading, ranked, own (the reported unit's agencies), apart, total."""
    header, *body = rows
    total = body.pop()
    sub = next((i for i, r in enumerate(body) if len(r) == 1), len(body))
    before, apart = body[:sub], body[sub + 1:]
    return {"heading": header, "ranked": before[:-1], "own": [before[-1]], "apart": apart, "total": [total]}


def assert_ranks_follow_shares(children) -> None:
    """Standard competition ranking of the share of points: 1 + the number of units with a larger share; units
    without a share after every unit with one, all with the same rank."""
    ranked = [c for c in children if c.rank is not None]
    shares = [c.ty_le_diem_766 for c in ranked]
    for c in ranked:
        share = c.ty_le_diem_766
        better = sum(1 for s in shares if s is not None and (share is None or s > share))
        assert c.rank == better + 1, (c.name, c.rank, share)
    for a in ranked:
        for b in ranked:
            if a.ty_le_diem_766 == b.ty_le_diem_766:
                assert a.rank == b.rank
            elif b.ty_le_diem_766 is None or (a.ty_le_diem_766 is not None and a.ty_le_diem_766 > b.ty_le_diem_766):
                assert a.rank < b.rank


def assert_table_adds_up(data: ReportData) -> list[list[str]]:
    """Every row of Bảng 2 but the total, added up, is the report's totals (as printed and as numbers)."""
    rows = wording.children_rows(data)
    parts = table_parts(rows)
    body = parts["ranked"] + parts["own"] + parts["apart"]
    total = parts["total"][0]
    assert total[1] == "Tổng cộng"
    assert total[2] == vi.count(data.summary.tiep_nhan_tong) and total[3] == vi.count(data.summary.da_giai_quyet_tong)
    for column in (2, 3):
        assert sum(_number(r[column]) for r in body) == _number(total[column])
    own = wording.own_unit(data)
    for name in ("tiep_nhan_tong", "da_giai_quyet_tong", "da_giai_quyet_truoc_han", "da_giai_quyet_dung_han",
                 "nhan_moi", "tiep_nhan_truc_tuyen", "ho_so_co_phi", "ho_so_thanh_toan_truc_tuyen"):
        assert getattr(own, name) + sum(getattr(c, name) for c in data.children) == getattr(data.summary, name)
        assert getattr(own, name) >= 0, name
    return rows


def own_dossiers(url: str, unit_code: str, restated: bool) -> tuple[D, D]:
    """Received and resolved (Biểu 06) of the unit versions a report counts at depth 0: the unit itself and
    nothing under any unit directly below it, counted from mart.bieu06 without the report's code."""
    [(received, resolved)] = query(url, """
        SELECT coalesce(sum(b.tiep_nhan_tong * r.share), 0), coalesce(sum(b.da_giai_quyet_tong * r.share), 0)
        FROM mart.bieu06 b JOIN mart.unit_rollup r ON r.unit_key = b.unit_key
        WHERE b.calendar = 'lich' AND b.period_code = 'nam:2025' AND r.restated = %s
          AND r.ancestor_unit_code = %s AND r.depth = 0""", (restated, unit_code))
    return received, resolved


# ---------------------------------------------------------------- the rule, on a hand-made ranking

HANH_CHINH_2025 = {"calendar": "hanh_chinh", "period_code": "nam:2025", "kpi_period_code": "nam:2025",
                   "first_day": date(2024, 12, 15), "last_day": date(2025, 12, 14), "restated": False}
FOREVER = date(9999, 12, 31)


def test_the_rank_is_the_share_of_points_and_ended_units_stand_apart(warehouse):
    units = [  # code, name, valid_from, valid_to, (score, maximum) of the computed indicators
        ("P", "Tỉnh Thử", date(1900, 1, 1), FOREVER, None),
        ("A", "Xã An", date(1900, 1, 1), FOREVER, (20, 27)),  # 74,07%
        ("B", "Xã Bình", date(1900, 1, 1), FOREVER, (40, 54)),  # 74,07%: the same share as An, other points
        ("C", "Xã Cát", date(1900, 1, 1), FOREVER, (45, 54)),  # 83,33%
        ("F", "Xã Phú", date(1900, 1, 1), FOREVER, (27, 54)),  # 50,00%
        ("E", "Xã Êm", date(1900, 1, 1), FOREVER, None),  # no computed indicator
        ("D", "Huyện Đã Giải Thể", date(1900, 1, 1), date(2025, 7, 1), (50, 54)),  # the best share, but ended
        ("G", "Xã Gone", date(1900, 1, 1), date(2024, 1, 1), None),  # ended before the period, nothing on the form
        ("H", "Xã Hậu", date(2026, 1, 1), FOREVER, None),  # begins after the period
        ("N", "Xã Mới", date(2025, 7, 1), FOREVER, (27, 54)),  # began inside it: as units were, from 01/07
    ]
    with psycopg.connect(warehouse, autocommit=True) as conn:
        [(top,)] = conn.execute("INSERT INTO dw.dim_unit (unit_code, name, level, kind) "
                                "VALUES ('P', 'Tỉnh Thử', 'tinh', 'Tỉnh') RETURNING unit_key").fetchall()
        for code, name, valid_from, valid_to, points in units[1:]:
            kind = name.split()[0]
            conn.execute("INSERT INTO dw.dim_unit (unit_code, name, level, kind, parent_unit_key, valid_from, "
                         "valid_to) VALUES (%s, %s, %s, %s, %s, %s, %s)",
                         (code, name, "huyen" if kind == "Huyện" else "xa", kind, top, valid_from, valid_to))
            if points:
                conn.execute("INSERT INTO mart.kpi_766 (period_code, period_first_day, period_last_day, restated, "
                             "unit_code, weighting, indicator_code, score, max_score, status) VALUES "
                             "('nam:2025', '2025-01-01', '2025-12-31', false, %s, 'w', 'X', %s, %s, 'tinh_duoc'), "
                             "('nam:2025', '2025-01-01', '2025-12-31', false, %s, 'w', 'Y', NULL, 6, "
                             "'khong_phat_sinh')",
                             (code, D(points[0]), D(points[1]), code))
        rows = conn.cursor(row_factory=dict_row).execute(
            sql("reports/children"), HANH_CHINH_2025 | {"unit_code": "P"}).fetchall()
    got = [(r["code"], r["rank"], r["share"], r["since"], r["until"]) for r in rows]
    assert got == [
        ("C", 1, D("83.33"), None, None),
        ("A", 2, D("74.07"), None, None),  # equal share, equal rank; listed by name
        ("B", 2, D("74.07"), None, None),
        ("N", 4, D("50.00"), date(2025, 7, 1), None),
        ("F", 4, D("50.00"), None, None),
        ("E", 6, None, None, None),  # no score: after every scored unit
        ("D", None, D("92.59"), None, date(2025, 6, 30)),  # not ranked, whatever its share
    ]
    assert (rows[0]["diem_766"], rows[0]["diem_766_toi_da"]) == (45, 54)  # khong_phat_sinh adds no maximum


# ---------------------------------------------------------------- the sample province, 2025

@pytest.fixture(scope="module")
def reports_2025(sample_2025):  # noqa: F811
    url, manifest = sample_2025
    [dissolved] = manifest["reorganisation"]["dissolved"]
    with connect(url) as conn:
        [(district,)] = conn.execute(
            "SELECT p.unit_code FROM dw.dim_unit p WHERE p.level = 'huyen' AND p.valid_to = '9999-12-31' "
            "AND EXISTS (SELECT FROM dw.dim_unit c WHERE c.parent_unit_key = p.unit_key) "
            "ORDER BY p.unit_code LIMIT 1").fetchall()
        reports = {
            "province": gather(conn, PROVINCE, NAM_2025),
            "province_then": gather(conn, PROVINCE, NAM_2025, restated=False),
            "district": gather(conn, district, NAM_2025),
            "dissolved": gather(conn, dissolved["agency"], NAM_2025),
        }
    return url, manifest, reports


def test_the_province_ranks_by_share_and_lists_the_dissolved_district_apart(reports_2025):
    url, manifest, reports = reports_2025
    data = reports["province"]
    [dissolved] = manifest["reorganisation"]["dissolved"]
    assert data.restated is True
    assert_ranks_follow_shares(data.children)
    [apart] = [c for c in data.children if c.rank is None]
    assert (apart.code, apart.until) == (dissolved["agency"], date(2025, 6, 30))
    assert apart.tiep_nhan_tong > 0  # its own dossiers up to its end, still in the province's total
    # the living units are ranked 1.. with no gap but ties
    ranks = sorted(c.rank for c in data.children if c.rank is not None)
    assert ranks[0] == 1 and len(ranks) == len(data.children) - 1
    rows = assert_table_adds_up(data)
    parts = table_parts(rows)
    assert parts["apart"] == [wording.child_row(apart)]
    assert parts["apart"][0][0] == "–" and parts["apart"][0][1].endswith("(đến 30/06/2025)")
    assert rows[rows.index([wording.CHILDREN_APART]) - 1][1] == "Cơ quan cấp tỉnh (các sở, ngành)"
    # the own row is the province's own dossiers, counted apart from the report
    own = parts["own"][0]
    received, resolved = own_dossiers(url, PROVINCE, True)
    assert received > 0 and (_number(own[2]), _number(own[3])) == (received, resolved)
    assert own[0] == "–" and own[7:] == ["–", "–"]


def test_the_province_as_units_were(reports_2025):
    url, manifest, reports = reports_2025
    data = reports["province_then"]
    [dissolved] = manifest["reorganisation"]["dissolved"]
    new_units = {u["agency"] for u in manifest["reorganisation"]["new_units"]}
    assert data.restated is False
    assert_ranks_follow_shares(data.children)
    # the district with every commune it had until 30/06; the new communes from 01/07, ranked
    [apart] = [c for c in data.children if c.rank is None]
    assert (apart.code, apart.until) == (dissolved["agency"], date(2025, 6, 30))
    assert {c.code for c in data.children if c.since == date(2025, 7, 1)} == new_units
    assert all(c.rank is not None for c in data.children if c.code in new_units)
    assert_table_adds_up(data)
    assert wording.own_unit(data).tiep_nhan_tong == own_dossiers(url, PROVINCE, False)[0]
    # both readings count every dossier once
    assert data.summary.tiep_nhan_tong == reports["province"].summary.tiep_nhan_tong


def test_a_district_adds_up_with_its_own_row(reports_2025):
    url, _, reports = reports_2025
    data = reports["district"]
    assert all(c.rank is not None and c.until is None for c in data.children)
    assert_ranks_follow_shares(data.children)
    parts = table_parts(assert_table_adds_up(data))
    assert parts["apart"] == []
    assert parts["own"][0][1] == f"UBND {data.unit.full_name} (cấp huyện)"
    assert tuple(_number(v) for v in parts["own"][0][2:4]) == own_dossiers(url, data.unit.code, True)


def test_the_dissolved_districts_communes_ended_with_it_and_are_ranked(reports_2025):
    url, _, reports = reports_2025
    data = reports["dissolved"]
    assert data.restated is False and data.children
    assert all(c.rank is not None and c.until is None for c in data.children)
    assert_ranks_follow_shares(data.children)
    parts = table_parts(assert_table_adds_up(data))
    assert tuple(_number(v) for v in parts["own"][0][2:4]) == own_dossiers(url, data.unit.code, False)


def test_the_headings_and_sentences_name_the_periods(reports_2025):
    data = reports_2025[2]["province"]
    heading = wording.children_rows(data)[0]
    first, last = wording.kpi_window_days(data)  # the calendar year, cut to the days with data
    assert heading[7] == f"Điểm QĐ 766 (kỳ {first:%d/%m}–{last:%d/%m/%Y})" and last.year == 2025
    text = " ".join(b.text for b in wording.body(data))
    assert "tính theo kỳ báo cáo từ ngày 01/01/2025 đến ngày 31/12/2025 (cách tính Biểu số 06/VPCP/KSTT" in text
    assert "điểm QĐ 766 tính theo năm dương lịch 2025" in text
    assert "tổng điểm đạt được chia cho tổng điểm tối đa của các chỉ số tính được" in text
    assert "các đơn vị có tỷ lệ điểm bằng nhau được xếp cùng hạng" in text
    for row in wording.children_rows(data)[1:]:
        if len(row) > 1 and row[7] not in ("–", wording.MISSING):
            score, top = row[7].split("/")
            assert len(score.split(",")[1]) == 2, row  # 2 decimals, always


# ---------------------------------------------------------------- hand-made ReportData

def test_the_district_example_table():
    data = ex.district()
    rows = assert_table_adds_up(data)
    assert rows == [
        ["Hạng", "Đơn vị", "Hồ sơ tiếp nhận", "Đã giải quyết", "Tỷ lệ giải quyết đúng hạn",
         "Tỷ lệ tiếp nhận trực tuyến", "Tỷ lệ thanh toán trực tuyến", "Điểm QĐ 766 (kỳ 01/07–30/09/2024)",
         "Tỷ lệ điểm QĐ 766"],
        ["1", "xã Hoằng Cát", "722", "700", "99,29%", "99,58%", "94,29%", "46,89/54", "86,83%"],
        ["2", "xã Hoằng Đạt", "900", "880", "98,86%", "97,00%", "95,00%", "40,10/54", "74,26%"],
        ["3", "xã Hoằng Xuân", "0", "0", "không phát sinh", "không phát sinh", "không phát sinh", "chưa có dữ liệu",
         "–"],
        ["–", "UBND huyện Hoằng Hóa (cấp huyện)", "923", "917", "99,24%", "89,78%", "94,29%", "–", "–"],
        ["Đơn vị đã giải thể/sắp xếp trong kỳ"],
        ["–", "xã Hoằng Xuyên (đến 31/07/2024)", "120", "118", "97,46%", "84,75%", "90,00%", "38,00/54", "70,37%"],
        ["", "Tổng cộng", "2.665", "2.615", "99,04%", "99,58%", "94,29%", "46,89/48", "97,69%"],
    ]


def test_ties_are_listed_by_name_with_the_same_rank():
    data = ex.district()
    dat, cat, xuan, xuyen = data.children
    tied = replace(data, children=[replace(dat, rank=1, diem_766=D("20"), diem_766_toi_da=D("27")),
                                   replace(cat, rank=1, diem_766=D("40"), diem_766_toi_da=D("54")), xuan, xuyen])
    rows = wording.children_rows(tied)
    assert [r[:2] for r in rows[1:3]] == [["1", "xã Hoằng Cát"], ["1", "xã Hoằng Đạt"]]
    assert rows[1][7:] == ["40,00/54", "74,07%"] and rows[2][7:] == ["20,00/27", "74,07%"]
    assert_ranks_follow_shares(tied.children)


def test_a_table_without_units_apart_has_no_sub_heading():
    data = ex.district()
    data = replace(data, children=data.children[:3], summary=replace(
        data.summary, tiep_nhan_tong=data.summary.tiep_nhan_tong - 120))
    rows = wording.children_rows(data)
    assert all(len(r) > 1 for r in rows) and rows[-2][1] == "UBND huyện Hoằng Hóa (cấp huyện)"
    assert rows[-2][2] == "923"  # 2.545 - 722 - 900 - 0
