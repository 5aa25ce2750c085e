"""Feedback and satisfaction (docs/formats.md §7, §8): PAKN and dossier ratings into dw, and the QĐ 766
satisfaction indicators computed from them, on the small hand-made export of Hoằng Cát, January 2024."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest

from conftest import FIXTURES, query
from etl.marts import refresh_kpi_766
from etl.periods import LICH, Period
from etl.pipeline import ingest

PAKN = "pakn-hoang-cat-2024-01.csv"
RATINGS = "danh-gia-hoang-cat-2024-01.csv"
HOANG_CAT = "000.35.27.H56"
DISTRICT = "000.00.27.H56"
PROVINCE = "000.00.00.H56"
PAKN_ONLY_UNIT = "000.88.27.H56"  # named only by the PAKN list: an inferred member without dossiers
DOSSIER_ONLY_UNIT = "000.99.27.H56"  # named only by a dossier
SATISFACTION = ("PETITION_PROCESSING_ON_TIME", "PETITION_HANDLING_SATISFACTION", "DOSSIER_RECEIVING_SATISFACTION")


def load_feedback(*names: str):
    """Load fixture files with the tolerance the small export needs (3 of its 13 dossiers are bad on purpose;
    the feedback files have 5 of 17 and 4 of 14 bad rows, under the 0.3 the DAG tests use)."""
    return load_paths(*(FIXTURES / "small" / n for n in names))


def load_paths(*paths: Path):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CCHC_MAX_BAD_ROW_SHARE", "0.3")
        return ingest(list(paths), source="test", load_date=date(2024, 2, 1), progress=lambda _: None)


def d(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def file_result(summary, name: str):
    (found,) = [f for f in summary.files if f.file == name]
    return found


def quarantined(url: str, load_id: int) -> list[tuple]:
    return query(url, """SELECT row_no, record_key, rule, reason FROM audit.quarantine
                         WHERE load_id = %s ORDER BY row_no, rule""", (load_id,))


def refresh(url: str) -> None:
    with psycopg.connect(url) as conn:
        refresh_kpi_766(conn, Period.from_code("thang:2024-01", LICH))


def indicators(url: str, unit_code: str, restated: bool = False) -> dict:
    rows = query(url, """
        SELECT indicator_code, numerator, denominator, ratio, score, max_score, status
        FROM mart.kpi_766 WHERE period_code = 'thang:2024-01' AND unit_code = %s AND restated = %s""",
                 (unit_code, restated))
    return {code: rest for code, *rest in rows}


def satisfaction(url: str, unit_code: str, restated: bool = False) -> dict:
    return {code: row for code, row in indicators(url, unit_code, restated).items() if code in SATISFACTION}


def write_later_file(tmp_path: Path, name: str, rows: list[str], header_of: str) -> Path:
    """A later export: the header (and title rows) of a fixture, other data rows."""
    lines = (FIXTURES / "small" / header_of).read_text(encoding="utf-8").splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("STT,"))
    path = tmp_path / name
    path.write_text("\n".join(lines[: header + 1] + rows) + "\n", encoding="utf-8")
    return path


def test_the_files_are_recognised_and_rows_quarantined_with_reasons(small_warehouse):
    url, _ = small_warehouse
    summary = load_feedback(PAKN, RATINGS)
    pakn, ratings = file_result(summary, PAKN), file_result(summary, RATINGS)

    assert (pakn.format, pakn.status, pakn.rows_read, pakn.rows_loaded, pakn.rows_quarantined, pakn.rows_inserted) \
        == ("petition_list", "loaded", 17, 12, 5, 12)
    assert pakn.inferred == {"unit_petition": 1}
    assert quarantined(url, pakn.load_id) == [
        (12, None, "ma_pakn_bat_buoc", "Thiếu mã PAKN"),
        (13, "PAKN-15907-2024-0008", "xu_ly_sau_tiep_nhan", "Ngày xử lý xong PAKN trước ngày tiếp nhận"),
        (14, "PAKN-15907-2024-0009", "ngay_tiep_nhan_dinh_dang",
         "Ngày tiếp nhận PAKN không phải ngày dd/mm/yyyy có thật"),
        (15, "PAKN-15907-2024-0010", "danh_gia_hop_le",
         "Đánh giá PAKN không hợp lệ (Hài lòng, Không hài lòng hoặc để trống)"),
        # the same PAKN twice: the older state (not yet handled) goes, the row with the handling stays
        (17, "PAKN-15907-2024-0001", "ma_pakn_trung_trong_tep", "Mã PAKN xuất hiện nhiều lần trong tệp; giữ dòng 6"),
    ]

    assert (ratings.format, ratings.status, ratings.rows_read, ratings.rows_loaded, ratings.rows_quarantined,
            ratings.rows_inserted) == ("dossier_rating", "loaded", 14, 10, 4, 10)
    assert quarantined(url, ratings.load_id) == [
        (13, None, "ma_ho_so_bat_buoc", "Thiếu mã hồ sơ được đánh giá"),
        (14, f"{HOANG_CAT}-240108-0007", "ngay_danh_gia_dinh_dang", "Ngày đánh giá không phải ngày dd/mm/yyyy có thật"),
        (15, f"{HOANG_CAT}-240108-0005", "muc_danh_gia_hop_le",
         "Mức đánh giá không nhận ra (Rất hài lòng, Hài lòng, Bình thường/Chấp nhận được, Không hài lòng, "
         "Rất không hài lòng hoặc 1–5)"),
        (16, f"{HOANG_CAT}-240108-0002", "danh_gia_trung_trong_tep",
         "Hồ sơ được đánh giá nhiều lần trong tệp; giữ lần đánh giá mới nhất ở dòng 7"),
    ]


def test_what_the_warehouse_holds(small_warehouse):
    url, _ = small_warehouse
    load_feedback(PAKN, RATINGS)
    petitions = query(url, """
        SELECT p.petition_code, u.unit_code, u.is_inferred, p.received_date_key, p.due_date_key, p.due_given,
               p.handled_date_key, p.handled_on_time, p.category, p.satisfied, p.dossier_code
        FROM dw.fact_petition p JOIN dw.dim_unit u USING (unit_key)
        WHERE p.petition_code NOT BETWEEN 'PAKN-15907-2024-0013' AND 'PAKN-15907-2024-0017' ORDER BY p.petition_code""")
    assert petitions == [
        ("PAKN-15907-2023-0031", HOANG_CAT, False, 20231220, 20240112, True, None, None, "Quy định hành chính", None,
         None),
        ("PAKN-15907-2024-0001", HOANG_CAT, False, 20240103, 20240124, True, 20240110, True, "Quy định hành chính",
         True, None),
        ("PAKN-15907-2024-0002", HOANG_CAT, False, 20240105, 20240126, True, 20240129, False, "Hành vi công chức",
         False, None),
        ("PAKN-15907-2024-0003", HOANG_CAT, False, 20240108, 20240129, True, 20240115, True, "Quy định hành chính",
         None, f"{HOANG_CAT}-240108-0003"),
        # no due date given: the 15th working day after Monday 15/01/2024 is Monday 05/02/2024
        ("PAKN-15907-2024-0004", HOANG_CAT, False, 20240115, 20240205, False, 20240125, True, "Quy định hành chính",
         True, None),
        ("PAKN-15907-2024-0006", HOANG_CAT, False, 20240122, 20240131, True, 20240131, True, "Hành vi công chức",
         True, None),
        ("PAKN-15907-2024-0012", PAKN_ONLY_UNIT, True, 20240116, 20240130, True, 20240118, True,
         "Quy định hành chính", True, None),
    ]
    assert query(url, "SELECT name FROM dw.dim_unit WHERE unit_code = %s", (PAKN_ONLY_UNIT,)) == [("UBND xã Hoằng Mới 2",)]
    # received at the end of January, due in February, open: in neither January indicator
    # (0014 has no due date: the 15th working day after Thursday 25/01/2024 is Thursday 15/02/2024)
    assert query(url, """
        SELECT p.petition_code, p.due_date_key, p.due_given, p.handled_on_time, p.satisfied
        FROM dw.fact_petition p
        WHERE p.petition_code BETWEEN 'PAKN-15907-2024-0013' AND 'PAKN-15907-2024-0017' ORDER BY p.petition_code""") == [
        ("PAKN-15907-2024-0013", 20240214, True, None, None),
        ("PAKN-15907-2024-0014", 20240215, False, None, None),
        ("PAKN-15907-2024-0015", 20240216, True, None, None),
        ("PAKN-15907-2024-0016", 20240219, True, None, None),
        ("PAKN-15907-2024-0017", 20240220, True, None, None),
    ]

    ratings = query(url, """
        SELECT r.dossier_code, r.dossier_key IS NOT NULL, r.rated_date_key, r.rating_score, r.rating_text, r.satisfied,
               r.channel
        FROM dw.fact_dossier_rating r ORDER BY r.dossier_code""")
    assert ratings == [
        (f"{HOANG_CAT}-240108-0001", True, 20240110, 5, "Rất hài lòng", True, "Cổng DVC"),
        (f"{HOANG_CAT}-240108-0002", True, 20240112, 4, "Hài lòng", True, "Kiosk"),
        (f"{HOANG_CAT}-240108-0003", True, 20240115, 2, "Không hài lòng", False, "Cổng DVC"),
        (f"{HOANG_CAT}-240108-0004", True, 20240109, 3, "Bình thường", False, None),
        (f"{HOANG_CAT}-240108-0006", True, 20240111, 3, "Chấp nhận được", False, "Kiosk"),
        (f"{HOANG_CAT}-240108-0012", True, 20240111, 4, "Hài lòng", True, "Cổng DVC"),
        # dossiers the warehouse does not know (not in the export of 08/01): kept, not linked
        (f"{HOANG_CAT}-240122-0003", False, 20240129, 4, "Hài lòng", True, "Cổng DVC"),
        (f"{HOANG_CAT}-240124-0001", False, 20240130, 5, "Rất hài lòng", True, "Kiosk"),
        (f"{HOANG_CAT}-240125-0099", False, 20240126, 4, "Hài lòng", True, "Cổng DVC"),
        (f"{HOANG_CAT}-240126-0002", False, 20240131, 2, "Không hài lòng", False, "Cổng DVC"),
    ]
    with psycopg.connect(url) as conn:
        conn.execute("SET ROLE analyst")
        assert conn.execute("SELECT count(*) FROM dw.fact_petition").fetchone() == (12,)
        assert conn.execute("SELECT count(*) FROM dw.fact_dossier_rating").fetchone() == (10,)


def test_loading_again_changes_nothing(small_warehouse, tmp_path):
    url, _ = small_warehouse
    load_feedback(PAKN, RATINGS)
    before = query(url, "SELECT * FROM dw.fact_petition ORDER BY petition_code")
    before_ratings = query(url, "SELECT * FROM dw.fact_dossier_rating ORDER BY dossier_code")
    again = load_feedback(PAKN, RATINGS)
    assert [f.status for f in again.files] == ["skipped", "skipped"]  # the same content is landed once
    # the same rows in another file (other title, other order): read, but nothing in dw changes
    for name in (PAKN, RATINGS):
        lines = (FIXTURES / "small" / name).read_text(encoding="utf-8").splitlines()
        header = next(i for i, line in enumerate(lines) if line.startswith("STT,"))
        copy = tmp_path / f"ban-sao-{name}"
        copy.write_text("\n".join(["BẢN SAO"] + lines[1: header + 1] + lines[:header:-1]) + "\n", encoding="utf-8")
        result = load_paths(copy).files[0]
        assert (result.status, result.rows_inserted, result.rows_updated) == ("loaded", 0, 0), name
    assert query(url, "SELECT * FROM dw.fact_petition ORDER BY petition_code") == before
    assert query(url, "SELECT * FROM dw.fact_dossier_rating ORDER BY dossier_code") == before_ratings


def test_a_later_file_updates_a_pakn_and_a_rating(small_warehouse, tmp_path):
    url, _ = small_warehouse
    first = load_feedback(PAKN, RATINGS)
    later_pakn = write_later_file(tmp_path, "pakn-hoang-cat-2024-02.csv", [
        # handled at last (late), and rated
        "1,PAKN-15907-2023-0031,20/12/2023 08:00,000.35.27.H56,Xã Hoằng Cát,Quy định hành chính,Đất đai,12/01/2024,"
        "02/02/2024 09:00,Đã trả lời,Không hài lòng,",
        # an older export of 0002 (not yet handled) does not overwrite the handled state
        "2,PAKN-15907-2024-0002,05/01/2024 09:00,000.35.27.H56,Xã Hoằng Cát,Hành vi công chức,,26/01/2024,,,,",
    ], header_of=PAKN)
    later_ratings = write_later_file(tmp_path, "danh-gia-hoang-cat-2024-02.csv", [
        "1,000.35.27.H56-240108-0003,02/02/2024 08:00,Hài lòng,Cổng DVC",  # the applicant changed the rating
        "2,000.35.27.H56-240108-0004,05/01/2024 08:00,Rất hài lòng,Kiosk",  # older than the stored one
    ], header_of=RATINGS)
    summary = load_paths(later_pakn, later_ratings)
    assert [(f.status, f.rows_inserted, f.rows_updated) for f in summary.files] == [("loaded", 0, 1), ("loaded", 0, 1)]
    pakn_load = file_result(summary, later_pakn.name).load_id
    assert query(url, """SELECT handled_date_key, handled_on_time, result, satisfied, last_load_id > first_load_id,
                                last_load_id = %s
                         FROM dw.fact_petition WHERE petition_code = 'PAKN-15907-2023-0031'""", (pakn_load,)) \
        == [(20240202, False, "Đã trả lời", False, True, True)]
    assert query(url, "SELECT handled_date_key, satisfied, last_load_id FROM dw.fact_petition "
                      "WHERE petition_code = 'PAKN-15907-2024-0002'") \
        == [(20240129, False, file_result(first, PAKN).load_id)]
    assert query(url, "SELECT dossier_code, rated_date_key, rating_score, satisfied FROM dw.fact_dossier_rating "
                      "WHERE dossier_code IN ('000.35.27.H56-240108-0003', '000.35.27.H56-240108-0004') ORDER BY 1") \
        == [("000.35.27.H56-240108-0003", 20240202, 4, True), ("000.35.27.H56-240108-0004", 20240109, 3, False)]


def test_a_rating_that_arrives_before_its_dossier_is_joined_when_it_comes(warehouse):
    load_feedback("don-vi-hanh-chinh.csv", "danh-muc-tthc.csv", RATINGS)
    assert query(warehouse, "SELECT count(*), count(dossier_key) FROM dw.fact_dossier_rating") == [(10, 0)]
    refresh(warehouse)  # the ratings reach no unit yet: no rows at all for January
    assert query(warehouse, "SELECT count(*) FROM mart.kpi_766") == [(0,)]

    load_feedback("ho-so-hoang-cat-2024-01.json")
    assert query(warehouse, "SELECT count(*), count(dossier_key) FROM dw.fact_dossier_rating") == [(10, 6)]
    assert query(warehouse, """SELECT count(*) FROM dw.fact_dossier_rating r
                               JOIN dw.fact_dossier f ON f.dossier_key = r.dossier_key AND f.dossier_code = r.dossier_code""") \
        == [(6,)]
    refresh(warehouse)
    # 5.4 over the 9 dossiers received: 5 on time, less 0003 rated Không hài lòng (0002's later rating is
    # Hài lòng): 4 ÷ 9, score min(6, 6 × 44,44 % ÷ 90 %)
    assert satisfaction(warehouse, HOANG_CAT)["DOSSIER_RECEIVING_SATISFACTION"] \
        == [d(4), d(9), d("44.44"), d("2.96"), d(6), "tinh_duoc"]


@pytest.fixture
def feedback(small_warehouse):
    url, _ = small_warehouse
    load_feedback("ho-so-hoang-cat-2024-01-capnhat.json", PAKN, RATINGS)
    refresh(url)
    return url


def test_the_three_satisfaction_indicators_of_hoang_cat(feedback):
    assert satisfaction(feedback, HOANG_CAT) == {
        # due in January: 0001 (handled 10/01, due 24/01), 0003 (15/01 ≤ 29/01) and 0006 (31/01 = 31/01) on time;
        # 0002 handled 29/01 after 26/01 and the December PAKN 0031 due 12/01 and not handled are overdue;
        # 0004 (no due date given) is due 05/02: February's. 3 ÷ 5, score 6 × 60 %
        "PETITION_PROCESSING_ON_TIME": [d(3), d(5), d("60.00"), d("3.60"), d(6), "tinh_duoc"],
        # 5.3: the 10 PAKN received in January less those unsatisfied or overdue: only 0002 (Không hài lòng,
        # handled 29/01 after 26/01); 0013-0017 are open but not yet due on 31/01. 9 ÷ 10, score 6 × 90 %
        "PETITION_HANDLING_SATISFACTION": [d(9), d(10), d("90.00"), d("5.40"), d(6), "tinh_duoc"],
        # 5.4: 100 % − (overdue rate + rate with a PAKN or a dislike) over the 9 dossiers received: 6 on time
        # (DOSSIER_ON_TIME), less 0003 (a PAKN and rated Không hài lòng) and 0005 (named by PAKN 0016);
        # Bình thường / Chấp nhận được are not dislikes. 4 ÷ 9, score min(6, 6 × 44,44 % ÷ 90 %)
        "DOSSIER_RECEIVING_SATISFACTION": [d(4), d(9), d("44.44"), d("2.96"), d(6), "tinh_duoc"],
    }


def test_the_district_and_province_have_the_communes_figures(feedback):
    commune = satisfaction(feedback, HOANG_CAT)
    for above in (DISTRICT, PROVINCE):
        assert satisfaction(feedback, above) == commune, above
    assert satisfaction(feedback, HOANG_CAT, restated=True) == commune


def test_units_without_feedback_in_the_period_are_khong_phat_sinh(feedback):
    got = satisfaction(feedback, DOSSIER_ONLY_UNIT)
    assert {code: got[code] for code in ("PETITION_PROCESSING_ON_TIME", "PETITION_HANDLING_SATISFACTION")} == {
        code: [d(0), d(0), None, None, d(6), "khong_phat_sinh"] for code in ("PETITION_PROCESSING_ON_TIME",
                                                                          "PETITION_HANDLING_SATISFACTION")}
    # 5.4 is about the unit's dossiers: its one dossier, on time, with no PAKN and no dislike
    assert got["DOSSIER_RECEIVING_SATISFACTION"] == [d(1), d(1), d("100.00"), d("6.00"), d(6), "tinh_duoc"]
    # a unit with PAKN but no dossier still gets its rows
    got = indicators(feedback, PAKN_ONLY_UNIT)
    assert len(got) == 18
    assert got["PETITION_PROCESSING_ON_TIME"] == [d(1), d(1), d("100.00"), d("6.00"), d(6), "tinh_duoc"]
    assert got["PETITION_HANDLING_SATISFACTION"] == [d(1), d(1), d("100.00"), d("6.00"), d(6), "tinh_duoc"]
    assert got["DOSSIER_RECEIVING_SATISFACTION"] == [d(0), d(0), None, None, d(6), "khong_phat_sinh"]
    assert got["DOSSIER_ON_TIME"] == [d(0), d(0), None, None, d(20), "khong_phat_sinh"]


def test_missing_before_any_feedback_was_loaded(small_warehouse):
    url, _ = small_warehouse
    refresh(url)
    assert satisfaction(url, HOANG_CAT) == {
        code: [None, None, None, None, d(6), "thieu_du_lieu"] for code in SATISFACTION}
    load_feedback(PAKN)  # PAKN only: 5.4 counts the dossiers named by a PAKN as complaints (no ratings yet)
    refresh(url)
    got = satisfaction(url, HOANG_CAT)
    # 5 of the 9 on time (no update file here), less 0003 and 0005 named by PAKN: 3 ÷ 9
    assert got["DOSSIER_RECEIVING_SATISFACTION"] == [d(3), d(9), d("33.33"), d("2.22"), d(6), "tinh_duoc"]
    assert got["PETITION_PROCESSING_ON_TIME"][-1] == got["PETITION_HANDLING_SATISFACTION"][-1] == "tinh_duoc"


def test_the_fixtures_are_recognised_without_the_warehouse():
    from etl.pipeline import check

    pakn, ratings = check(FIXTURES / "small" / PAKN), check(FIXTURES / "small" / RATINGS)
    # rows failing a GX rule (the repeated codes are found when staged)
    assert (pakn["format"], pakn["rows_read"], pakn["rows_failing"]) == ("petition_list", 17, 4)
    assert (ratings["format"], ratings["rows_read"], ratings["rows_failing"]) == ("dossier_rating", 14, 3)
