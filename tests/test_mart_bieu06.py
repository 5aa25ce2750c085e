"""mart.bieu06 (Biểu số 06/VPCP/KSTT): exact figures on the small hand-made export, the four identities of the
form on the generated sample, the analyst's read access, and a refresh that can be repeated."""
from __future__ import annotations

import copy
import json
from datetime import date

import psycopg
import pytest

from conftest import FIXTURES, load_small, query
from etl.db import connect
from etl.marts import refresh_bieu06
from etl.periods import LICH, Period, administrative_period
from etl.pipeline import ingest

CAT = "000.35.27.H56"  # xã Hoằng Cát: 9 of the 10 loaded dossiers
MOI = "000.99.27.H56"  # xã Hoằng Mới, an inferred unit: 1 dossier
TRINH = "000.31.27.H56"  # xã Hoằng Trinh: the dossiers of extra_statuses() below

# Every small-fixture dossier was received on 8/1/2024 and is due on 12/1/2024. Finished: 0004 and 0013 on
# 9/1, 0001 on 10/1, 0006 and 0012 on 11/1, 0002 and 0007 on 12/1, 0003 on 15/1, 0008 on 16/1; 0005 is open
# (status 4) until the update file finishes it on 12/1.
ADMIN_JAN = administrative_period("thang", 2024, 1)  # 15/12/2023 - 14/1/2024
ADMIN_FEB = administrative_period("thang", 2024, 2)  # 15/1/2024 - 14/2/2024: 0003, 0008 carried over
FIRST_DAYS = Period("thang", "1-11/01/2024 (kỳ thử, trước ngày hẹn trả)", date(2024, 1, 1), date(2024, 1, 11),
                    LICH)

NUMBERS = ("tiep_nhan_tong", "tiep_nhan_truc_tuyen", "tiep_nhan_truc_tiep_bcci", "tiep_nhan_ky_truoc",
           "da_giai_quyet_tong", "da_giai_quyet_truoc_han", "da_giai_quyet_dung_han", "da_giai_quyet_qua_han",
           "dang_giai_quyet_tong", "dang_giai_quyet_trong_han", "dang_giai_quyet_qua_han")


def refresh(url: str, period: Period) -> int:
    with connect(url, autocommit=True) as conn:
        return refresh_bieu06(conn, period)


def form(url: str, period: Period) -> dict[tuple[str, str | None], tuple[int, ...]]:
    """{(unit_code, field_code): the 11 numbers in the order of the form} for one period."""
    rows = query(url, f"""
        SELECT u.unit_code, b.field_code, {', '.join('b.' + n for n in NUMBERS)}
        FROM mart.bieu06 b JOIN dw.dim_unit u USING (unit_key)
        WHERE b.calendar = %s AND b.period_code = %s""", (period.calendar, period.code))
    return {(r[0], r[1]): tuple(r[2:]) for r in rows}


#            tổng tt  tt/bcci kỳ trước | đã: tổng trước đúng quá | đang: tổng trong quá
def row(*numbers: int) -> tuple[int, ...]:
    assert len(numbers) == 11
    return numbers


# ---------------------------------------------------------------- the small export, exact numbers

def test_in_progress_and_carried_over_before_and_after_the_update(small_warehouse):
    url, _ = small_warehouse
    # thang:2024-01 ends on 14/1: 0003 and 0008 (finished 15/1, 16/1) and the open 0005 are in progress and
    # overdue (due 12/1); 0005 was received online, 0003 by post
    assert refresh(url, ADMIN_JAN) == 3
    assert form(url, ADMIN_JAN) == {
        (CAT, "CT"): row(3, 2, 1, 0, 3, 2, 1, 0, 0, 0, 0),
        (CAT, "HT"): row(6, 1, 5, 0, 3, 2, 1, 0, 3, 0, 3),
        (MOI, "HT"): row(1, 0, 1, 0, 1, 1, 0, 0, 0, 0, 0),
    }
    # thang:2024-02 (15/1-14/2) receives nothing new: 0003, 0008 and 0005 are carried over; 0003, 0008 are
    # handled late, 0005 is still open and overdue on 14/2
    assert refresh(url, ADMIN_FEB) == 1
    assert form(url, ADMIN_FEB) == {(CAT, "HT"): row(3, 0, 0, 3, 2, 0, 0, 2, 1, 0, 1)}

    # the update file finishes 0005 on 12/1 (status 10, on the due day): a refresh follows the new state
    load_small("ho-so-hoang-cat-2024-01-capnhat.json", load_date=date(2024, 2, 2))
    refresh(url, ADMIN_JAN)
    refresh(url, ADMIN_FEB)
    assert form(url, ADMIN_JAN) == {
        (CAT, "CT"): row(3, 2, 1, 0, 3, 2, 1, 0, 0, 0, 0),
        (CAT, "HT"): row(6, 1, 5, 0, 4, 2, 2, 0, 2, 0, 2),
        (MOI, "HT"): row(1, 0, 1, 0, 1, 1, 0, 0, 0, 0, 0),
    }
    assert form(url, ADMIN_FEB) == {(CAT, "HT"): row(2, 0, 0, 2, 2, 0, 0, 2, 0, 0, 0)}


@pytest.fixture
def updated(small_warehouse):
    """Units, catalogue, the January dossiers and the update file of the small export."""
    url, _ = small_warehouse
    load_small("ho-so-hoang-cat-2024-01-capnhat.json", load_date=date(2024, 2, 2))
    return url


def test_in_progress_within_time_before_the_due_day(updated):
    # 1-11/1: the dossiers finished on 12/1 or later are in progress and not yet due (due day 12/1 >= 11/1)
    assert refresh(updated, FIRST_DAYS) == 3
    assert form(updated, FIRST_DAYS) == {
        (CAT, "CT"): row(3, 2, 1, 0, 2, 2, 0, 0, 1, 1, 0),  # 0002 (trực tiếp) open
        (CAT, "HT"): row(6, 1, 5, 0, 2, 2, 0, 0, 4, 4, 0),  # 0003, 0005, 0007, 0008 open
        (MOI, "HT"): row(1, 0, 1, 0, 1, 1, 0, 0, 0, 0, 0),
    }
    stored = query(updated, "SELECT DISTINCT calendar, period_code, period_first_day, period_last_day FROM mart.bieu06")
    assert stored == [("lich", "thang:2024-01", date(2024, 1, 1), date(2024, 1, 11))]


def test_the_year_holds_every_dossier_once_with_its_timeliness(updated):
    year = Period.from_code("nam:2024")  # 15/12/2023 - 14/12/2024
    assert refresh(updated, year) == 3
    assert form(updated, year) == {
        (CAT, "CT"): row(3, 2, 1, 0, 3, 2, 1, 0, 0, 0, 0),
        (CAT, "HT"): row(6, 1, 5, 0, 6, 2, 2, 2, 0, 0, 0),
        (MOI, "HT"): row(1, 0, 1, 0, 1, 1, 0, 0, 0, 0, 0),
    }
    # the same totals as test_load_small after the update: channels 1: 6, 2: 3, 3: 1; 5 before, 3 on, 2 after
    totals = query(updated, "SELECT sum(tiep_nhan_tong), sum(tiep_nhan_truc_tuyen), sum(tiep_nhan_truc_tiep_bcci), "
                            "sum(da_giai_quyet_truoc_han), sum(da_giai_quyet_dung_han), sum(da_giai_quyet_qua_han) "
                            "FROM mart.bieu06 WHERE period_code = 'nam:2024'")
    assert totals == [(10, 3, 7, 5, 3, 2)]
    names = query(updated, "SELECT DISTINCT field_code, field_name FROM mart.bieu06 ORDER BY 1")
    assert names == [("CT", "Chứng thực"), ("HT", "Hộ tịch")]


def extra_statuses(path):
    """A sync payload of xã Hoằng Trinh, field CT, received 9/1/2024 and due 12/1/2024 unless said otherwise:
    0001 status 1, 0002 status 3 (never on the form); 0003 withdrawn (7) on 13/1, after the due day;
    0004 stopped (8) on 10/1; 0005 returned (10) on 20/1 without a due date; 0006 ready (9) without any
    end date (its end day is the latest event it carries: 9/1); 0007 waiting for a supplement (5), open."""
    source = json.loads((FIXTURES / "small" / "ho-so-hoang-cat-2024-01.json").read_text(encoding="utf-8"))
    template = next(r for r in source["data"] if r["MaHoSo"].endswith("-0002"))
    cases = [  # number, status, channel, NgayHenTra, NgayKetThucXuLy, NgayTra
        (1, 1, 2, "20240112170000", None, None),
        (2, 3, 1, "20240112170000", "20240109100000", None),
        (3, 7, 2, "20240112170000", "20240113090000", None),
        (4, 8, 3, "20240112170000", "20240110090000", None),
        (5, 10, 1, None, "20240120090000", "20240120100000"),
        (6, 9, 2, "20240112170000", None, None),
        (7, 5, 1, "20240112170000", None, None),
    ]
    records = []
    for number, status, channel, due, finished, returned in cases:
        record = copy.deepcopy(template)
        record.update({"MaHoSo": f"{TRINH}-240109-{number:04d}", "MaDonVi": TRINH, "DonViXuLy": "UBND xã Hoằng Trinh",
                       "TrangThaiHoSo": status, "KenhThucHien": channel, "NgayNopHoSo": "20240109080000",
                       "NgayTiepNhan": "20240109080000", "NgayHenTra": due, "NgayKetThucXuLy": finished,
                       "NgayTra": returned})
        records.append({k: v for k, v in record.items() if v is not None})
    path.write_text(json.dumps({**source, "madonvi": TRINH, "data": records}, ensure_ascii=False), encoding="utf-8")
    return path


def test_refused_withdrawn_stopped_and_undated_dossiers(small_warehouse, tmp_path):
    url, _ = small_warehouse
    summary = ingest([extra_statuses(tmp_path / "ho-so-hoang-trinh-2024-01.json")], source="test",
                     progress=lambda _: None)
    assert (summary.files[0].status, summary.files[0].rows_loaded) == ("loaded", 7)
    refresh(url, ADMIN_JAN)
    refresh(url, ADMIN_FEB)
    # 14/1: 7 and 8 handled on time, 9 without an end date handled before the due day; 0005 (no due date)
    # in progress within time, 0007 overdue; statuses 1 and 3 are not counted
    assert form(url, ADMIN_JAN)[(TRINH, "CT")] == row(5, 2, 3, 0, 3, 1, 2, 0, 2, 1, 1)
    # 14/2: 0005 and 0007 carried over; 0005 handled on 20/1 with no due date = on time, 0007 still overdue
    assert form(url, ADMIN_FEB)[(TRINH, "CT")] == row(2, 0, 0, 2, 1, 0, 1, 0, 1, 0, 1)


# ---------------------------------------------------------------- repeatable, protected, readable

def snapshot(url: str) -> list[tuple]:
    return query(url, "SELECT calendar, period_code, period_first_day, period_last_day, unit_key, field_key, "
                      f"field_code, field_name, {', '.join(NUMBERS)} FROM mart.bieu06 ORDER BY 1, 2, 5, 6")


def test_refreshing_twice_gives_the_same_rows(updated):
    refresh(updated, ADMIN_JAN)
    refresh(updated, ADMIN_FEB)
    before = snapshot(updated)
    held = ("SELECT refreshed_at FROM mart.refreshed_period "  # when the period's rows were last brought up to date
            "WHERE mart = 'bieu06' AND calendar = 'hanh_chinh' AND period_code = 'thang:2024-01'")
    stamp = query(updated, held)
    assert refresh(updated, ADMIN_JAN) == 3
    assert snapshot(updated) == before
    assert query(updated, "SELECT count(*) FROM mart.bieu06") == [(4,)]
    assert query(updated, held)[0][0] > stamp[0][0]
    # another calendar's period with the same code keeps its own rows
    refresh(updated, FIRST_DAYS)
    refresh(updated, ADMIN_JAN)
    assert query(updated, "SELECT calendar, count(*) FROM mart.bieu06 WHERE period_code = 'thang:2024-01' "
                          "GROUP BY 1 ORDER BY 1") == [("hanh_chinh", 3), ("lich", 3)]


def test_refresh_joins_an_open_transaction(updated):
    with connect(updated) as conn:
        conn.execute("SELECT 1")  # the caller's transaction is open
        assert refresh_bieu06(conn, ADMIN_JAN) == 3
        conn.rollback()
    assert query(updated, "SELECT count(*) FROM mart.bieu06") == [(0,)]


@pytest.mark.parametrize("change", [
    "tiep_nhan_truc_tuyen = tiep_nhan_truc_tuyen + 1",
    "da_giai_quyet_tong = da_giai_quyet_tong + 1",
    "da_giai_quyet_qua_han = da_giai_quyet_qua_han + 1",
    "dang_giai_quyet_trong_han = dang_giai_quyet_trong_han + 1",
    "tiep_nhan_ky_truoc = -1",
])
def test_no_row_can_break_the_identities(updated, change):
    refresh(updated, ADMIN_JAN)
    with pytest.raises(psycopg.errors.CheckViolation):
        query(updated, f"UPDATE mart.bieu06 SET {change}")


def test_the_analyst_reads_the_mart_and_cannot_write_it(updated):
    refresh(updated, ADMIN_JAN)
    with psycopg.connect(updated, autocommit=True) as conn:
        conn.execute("SET ROLE analyst")
        assert conn.execute("SELECT sum(tiep_nhan_tong) FROM mart.bieu06").fetchone() == (10,)
        for statement in ("DELETE FROM mart.bieu06", "CREATE TABLE mart.mine (x int)"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)


def test_the_mart_is_documented_in_the_database(warehouse):
    assert query(warehouse, "SELECT obj_description('mart'::regnamespace, 'pg_namespace') <> ''") == [(True,)]
    assert query(warehouse, "SELECT obj_description('mart.bieu06'::regclass, 'pg_class') <> ''") == [(True,)]
    undocumented = query(warehouse, """
        SELECT c.relname || '.' || a.attname
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        WHERE n.nspname = 'mart' AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
          AND coalesce(col_description(c.oid, a.attnum), '') = ''""")
    assert undocumented == []
    columns = [c for (c,) in query(warehouse, "SELECT column_name FROM information_schema.columns "
                                              "WHERE table_schema = 'mart' AND table_name = 'bieu06'")]
    assert set(NUMBERS) <= set(columns)


# ---------------------------------------------------------------- the generated sample

IDENTITIES = """
    SELECT count(*),
           count(*) FILTER (WHERE tiep_nhan_tong = tiep_nhan_truc_tuyen + tiep_nhan_truc_tiep_bcci + tiep_nhan_ky_truoc
                              AND tiep_nhan_tong = da_giai_quyet_tong + dang_giai_quyet_tong
                              AND da_giai_quyet_tong = da_giai_quyet_truoc_han + da_giai_quyet_dung_han
                                                       + da_giai_quyet_qua_han
                              AND dang_giai_quyet_tong = dang_giai_quyet_trong_han + dang_giai_quyet_qua_han)
    FROM mart.bieu06 WHERE calendar = 'hanh_chinh' AND period_code = ANY(%s)
"""


def test_every_row_of_the_sample_satisfies_the_identities(history_sample):
    """On the session's sample province (conftest.history_sample, its data from 02/01/2024): the months and the
    year 2024 of the administrative calendar."""
    url, _ = history_sample
    periods = [administrative_period("thang", 2024, m) for m in range(1, 13)] + [Period.from_code("nam:2024")]
    codes = [p.code for p in periods]
    with connect(url, autocommit=True) as conn:
        written = [refresh_bieu06(conn, p) for p in periods]
    assert all(n > 0 for n in written)
    rows, good = query(url, IDENTITIES, (codes,))[0]
    assert rows == sum(written) and good == rows

    # the year counts every dossier received 15/12/2023-14/12/2024 except statuses 1 and 3, once
    expected = query(url, "SELECT count(*) FROM dw.fact_dossier WHERE status_code NOT IN (1, 3) "
                          "AND received_date_key BETWEEN 20231215 AND 20241214")
    assert query(url, "SELECT sum(tiep_nhan_tong), sum(tiep_nhan_ky_truoc) FROM mart.bieu06 "
                      "WHERE calendar = 'hanh_chinh' AND period_code = 'nam:2024'") == [(expected[0][0], 0)]
    # month by month, what is in progress at a cut-off is carried over into the next month
    chain = query(url, """
        SELECT period_code, sum(dang_giai_quyet_tong), sum(tiep_nhan_ky_truoc) FROM mart.bieu06
        WHERE calendar = 'hanh_chinh' AND period_code LIKE 'thang:2024-%' GROUP BY 1 ORDER BY 1""")
    assert len(chain) == 12
    assert [open_ for _, open_, _ in chain[:-1]] == [carried for _, _, carried in chain[1:]]
    assert sum(open_ for _, open_, _ in chain) > 0
