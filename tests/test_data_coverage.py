"""From which day the warehouse holds complete data of each unit, and up to which day (audit.data_coverage, kept by
every dossier load; sql/reports/coverage.sql for a report's units): exact days on the small hand-made export, a
re-run, earlier and later files, two loads in parallel, a declared complete_from, a unit created later, the
backfill of a warehouse loaded before migration 0013, and the generated sample province."""
from __future__ import annotations

import dataclasses
import json
import shutil
import threading
import time
import uuid
from datetime import date
from pathlib import Path

import psycopg
import pytest

from conftest import FIXTURES, _create, _drop, load_small, query
from etl import migrate
from etl.config import settings, sources
from etl.db import connect, run
from etl.kinds import DOSSIER, EXPORT_KINDS, PROCEDURE
from etl.marts import refresh_for_report
from etl.periods import LICH, Period
from etl.pipeline import ingest
from etl.reports.data import gather
from etl.reports.model import Coverage
from test_report_marts import sample_2025  # noqa: F401  (the 2024 - mid-2026 sample with its marts of 2025)

SMALL = FIXTURES / "small"
CAT, MOI, NEW = "000.35.27.H56", "000.99.27.H56", "000.40.27.H56"
DISTRICT, PROVINCE = "000.00.27.H56", "000.00.00.H56"
JAN = Period.from_code("thang:2024-01")  # 15/12/2023 - 14/01/2024, compared with 15/11 - 14/12/2023
COVERAGE = "SELECT source, unit_code, first_day, last_day, declared_from FROM audit.data_coverage ORDER BY 1, 2"
NEW_UNIT = """UBND TỈNH THANH HÓA
DANH MỤC ĐƠN VỊ HÀNH CHÍNH (BỔ SUNG)

STT,Mã ĐVHC,Tên đơn vị,Cấp,Mã định danh,Mã ĐVHC cấp trên,Ngày hiệu lực
1,15999,Hoằng Mới Lập,Xã,000.40.27.H56,399,01/02/2024
"""


def rows(url: str, statement: str = COVERAGE) -> list[tuple]:
    return query(url, statement)


def payload(tmp_path: Path, name: str, *records: dict) -> Path:
    """A sync payload file of the given dossiers (records of the small export, changed)."""
    path = tmp_path / name
    path.write_text(json.dumps({"madonvi": CAT, "service": "DongBoHoSoMC", "isUpdating": False,
                                "data": list(records)}, ensure_ascii=False), encoding="utf-8")
    return path


def record(code: str, received: str, finished: str | None = None, unit: str = CAT) -> dict:
    """The small export's dossier 0002 as another dossier of ``unit``: received then, finished then (returned at
    16:00 that day, status 10) or still in progress (status 4)."""
    [base] = [r for r in json.loads((SMALL / "ho-so-hoang-cat-2024-01.json").read_text(encoding="utf-8"))["data"]
              if r["MaHoSo"].endswith("-0002")]
    return base | {"MaHoSo": f"{unit}-{code}", "MaDonVi": unit, "NgayNopHoSo": received, "NgayTiepNhan": received,
                   "NgayHenTra": received[:8] + "170000", "NgayKetThucXuLy": finished,
                   "NgayTra": finished and finished[:8] + "160000",
                   "TrangThaiHoSo": 10 if finished else 4}


def declare(tmp_path: Path, monkeypatch, **complete_from: str) -> None:
    """A sources file declaring complete_from for the named sources (folder sources, no API)."""
    lines = ["sources:"]
    for name, day in complete_from.items():
        lines += [f"  - name: {name}", f"    path: \"{{inbox}}/{name}\"", f"    complete_from: {day}"]
    path = tmp_path / f"sources-{uuid.uuid4().hex[:6]}.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setenv("CCHC_SOURCES", str(path))


def refresh(url: str, *periods: Period) -> None:
    """The marts a report of these periods reads (etl.reports.data.gather needs them)."""
    with connect(url) as conn:
        for period in periods:
            refresh_for_report(conn, period, ["chứng thực"])


def report(url: str, unit: str, period: Period) -> Coverage:
    """What the report of ``unit`` for ``period`` gathers as its coverage."""
    with connect(url) as conn:
        return gather(conn, unit, period).coverage


# ---------------------------------------------------------------- what a load records

def test_a_load_records_the_first_and_last_day_of_each_unit(small_warehouse):
    url, _ = small_warehouse
    # Hoằng Cát: every dossier received on 8/1/2024, the last one finished and returned on 16/1 (0008);
    # the inferred Hoằng Mới: its one dossier received on 8/1, returned on 9/1; catalogue files record nothing
    assert rows(url) == [("test", CAT, date(2024, 1, 8), date(2024, 1, 16), None),
                         ("test", MOI, date(2024, 1, 8), date(2024, 1, 9), None)]


def test_a_day_after_the_load_date_is_not_data(warehouse, monkeypatch):
    monkeypatch.setenv("CCHC_MAX_BAD_ROW_SHARE", "0.9")
    load_small("don-vi-hanh-chinh.csv", "danh-muc-tthc.csv", "ho-so-hoang-cat-2024-01.json",
               load_date=date(2024, 1, 12))
    # the ends of processing on 15 and 16/1 are after the load date of 12/1: quarantined as future events, not data
    assert rows(warehouse) == [("test", CAT, date(2024, 1, 8), date(2024, 1, 12), None),
                               ("test", MOI, date(2024, 1, 8), date(2024, 1, 9), None)]


def test_a_rerun_changes_nothing(small_warehouse, tmp_path):
    url, _ = small_warehouse
    before = rows(url, "SELECT * FROM audit.data_coverage ORDER BY 1, 2")
    again = load_small("ho-so-hoang-cat-2024-01.json")
    assert [f.status for f in again.files] == ["skipped"]
    # the same dossiers in a file with other bytes: loaded again, the rows are not even rewritten
    copy = tmp_path / "copy.json"
    copy.write_text((SMALL / "ho-so-hoang-cat-2024-01.json").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert ingest([copy], source="test", load_date=date(2024, 2, 1), progress=lambda _: None).failed == []
    assert rows(url, "SELECT * FROM audit.data_coverage ORDER BY 1, 2") == before


def test_an_earlier_file_moves_the_first_day_earlier_and_a_later_one_never_later(small_warehouse, tmp_path):
    url, _ = small_warehouse
    earlier = payload(tmp_path, "earlier.json", record("231220-0001", "20231220080000", "20231222090000"))
    ingest([earlier], source="test", load_date=date(2024, 2, 5), progress=lambda _: None)
    assert rows(url)[0] == ("test", CAT, date(2023, 12, 20), date(2024, 1, 16), None)
    later = payload(tmp_path, "later.json", record("240301-0001", "20240301080000"))
    ingest([later], source="test", load_date=date(2024, 3, 5), progress=lambda _: None)
    assert rows(url)[0] == ("test", CAT, date(2023, 12, 20), date(2024, 3, 1), None)
    # another source keeps its own row
    ingest([payload(tmp_path, "other.json", record("240302-0001", "20240302080000"))], source="khac",
           load_date=date(2024, 3, 5), progress=lambda _: None)
    assert rows(url)[0] == ("khac", CAT, date(2024, 3, 2), date(2024, 3, 2), None)


def test_two_loads_in_parallel_give_the_widest_range(warehouse):
    """Two files of one source and unit loading at once, neither committed when the other records: the
    later one waits for the first (one row per source and unit) and widens what it wrote, never narrows it."""
    staged = ("row_no, ma_ho_so, ma_tthc, ma_don_vi, channel_code, channel_given, received_at, status_code, has_fee, "
              "paid_online, returned_by_post, digitised_input, electronic_result, supplement_count, source_event_at, "
              "row_hash")

    def open_load(file_no: int, received: str, event: str) -> tuple[psycopg.Connection, dict]:
        conn = psycopg.connect(warehouse)
        [(file_id,)] = conn.execute(
            "INSERT INTO audit.landed_file (sha256, source, original_name, stored_path, size_bytes) "
            "VALUES (%s, 'song_song', %s, '/dev/null', 0) RETURNING file_id", (f"h{file_no}", f"f{file_no}.json"))
        conn.commit()
        run(conn, DOSSIER.sql("create_staging"))
        conn.execute(f"INSERT INTO stg_dossier ({staged}) VALUES (1, %s, 'x', %s, 1, true, %s, 4, false, false, "
                     "false, false, false, 0, %s, 1)", (f"{CAT}-{file_no}", CAT, received, event))
        return conn, {"load_id": file_no, "file_id": file_id, "load_date": date(2024, 3, 1), "complete_from": None}

    first, first_params = open_load(1, "2024-01-05 08:00+07", "2024-01-20 08:00+07")
    second, second_params = open_load(2, "2024-01-03 08:00+07", "2024-01-10 08:00+07")
    try:
        run(first, DOSSIER.sql("record_coverage"), first_params)  # holds the new row until it commits
        waiting = threading.Thread(target=lambda: (run(second, DOSSIER.sql("record_coverage"), second_params),
                                                   second.commit()))
        waiting.start()
        time.sleep(0.5)
        assert waiting.is_alive()  # blocked on the first load's row
        first.commit()
        waiting.join(10)
        assert not waiting.is_alive()
    finally:
        first.close()
        second.close()
    assert rows(warehouse) == [("song_song", CAT, date(2024, 1, 3), date(2024, 1, 20), None)]


# ---------------------------------------------------------------- a declared complete_from

def test_a_declared_complete_from_wins(warehouse, monkeypatch, tmp_path):
    monkeypatch.setenv("CCHC_MAX_BAD_ROW_SHARE", "0.3")
    declare(tmp_path, monkeypatch, test="2024-01-10")  # later than the first day seen (8/1)
    load_small("don-vi-hanh-chinh.csv", "danh-muc-tthc.csv", "ho-so-hoang-cat-2024-01.json")
    assert rows(warehouse) == [("test", CAT, date(2024, 1, 8), date(2024, 1, 16), date(2024, 1, 10)),
                               ("test", MOI, date(2024, 1, 8), date(2024, 1, 9), date(2024, 1, 10))]
    refresh(warehouse, JAN)
    assert report(warehouse, CAT, JAN) == Coverage(date(2024, 1, 10), date(2024, 1, 16))
    # an earlier declaration wins too, and applies at the next run of the source, even one without files
    declare(tmp_path, monkeypatch, test="'2023-11-01'")
    ingest([], source="test", progress=lambda _: None)
    assert {r[4] for r in rows(warehouse)} == {date(2023, 11, 1)}
    coverage = report(warehouse, CAT, JAN)
    assert coverage == Coverage(date(2023, 11, 1), date(2024, 1, 16))
    assert coverage.covers(JAN.previous().first_day)  # 15/11/2023: the comparison may be printed
    # no declaration any more: the first day seen again
    declare(tmp_path, monkeypatch)
    ingest([], source="test", progress=lambda _: None)
    assert {r[4] for r in rows(warehouse)} == {None}
    assert report(warehouse, CAT, JAN).complete_from == date(2024, 1, 8)


@pytest.mark.parametrize("value", ["2024-13-01", "'15/12/2023'", "2024-01-02 08:00:00", "hôm qua", "2024"])
def test_a_complete_from_that_is_not_a_day_is_refused_naming_the_source(tmp_path, monkeypatch, value):
    declare(tmp_path, monkeypatch, thanhhoa=value)
    with pytest.raises(ValueError) as error:
        sources()
    message = str(error.value)
    assert "complete_from của nguồn 'thanhhoa' phải là một ngày dạng YYYY-MM-DD" in message
    assert str(settings().sources_file) in message


def test_the_configured_sources_still_read(monkeypatch):
    monkeypatch.delenv("CCHC_SOURCES", raising=False)
    assert sources()["thanhhoa"]["path"] == "{inbox}/thanhhoa"


# ---------------------------------------------------------------- what a report gathers

def test_a_report_gathers_the_days_of_its_units(small_warehouse):
    url, _ = small_warehouse
    refresh(url, JAN)
    for unit in (CAT, DISTRICT, PROVINCE):  # Hoằng Trinh has no dossier; Hoằng Mới is in nobody's scope
        coverage = report(url, unit, JAN)
        assert coverage == Coverage(date(2024, 1, 8), date(2024, 1, 16)), unit
        assert not coverage.covers(JAN.previous().first_day)  # nothing before 8/1/2024: no comparison
    assert report(url, MOI, JAN) == Coverage(date(2024, 1, 8), date(2024, 1, 9))
    assert report(url, "000.31.27.H56", JAN) == Coverage(None, None)  # Hoằng Trinh: no data at all


def test_a_unit_created_after_the_compared_period_does_not_block(small_warehouse, tmp_path, monkeypatch):
    """Hoằng Mới Lập, created on 1/2/2024 under huyện Hoằng Hóa, sends its dossiers through another source that
    starts on 5/2/2024; the first source is declared complete from 1/12/2023."""
    url, _ = small_warehouse
    declare(tmp_path, monkeypatch, test="2023-12-01")
    units = tmp_path / "don-vi-bo-sung.csv"
    units.write_text(NEW_UNIT, encoding="utf-8")
    ingest([units], source="test", load_date=date(2024, 2, 1), progress=lambda _: None)
    new = payload(tmp_path, "moi.json", record("240205-0001", "20240205080000", "20240206090000", unit=NEW))
    assert ingest([new], source="moi", load_date=date(2024, 2, 10), progress=lambda _: None).failed == []
    assert rows(url)[0] == ("moi", NEW, date(2024, 2, 5), date(2024, 2, 6), None)
    february, march = Period.from_code("thang:2024-02"), Period.from_code("thang:2024-03")
    refresh(url, february, march)
    # February (15/1 - 14/2) compared with January (15/12/2023 - 14/1/2024): the new commune did not exist then
    for unit in (DISTRICT, PROVINCE):
        coverage = report(url, unit, february)
        assert coverage == Coverage(date(2023, 12, 1), date(2024, 2, 6)), unit
        assert coverage.covers(february.previous().first_day)
    # March compared with February: the new commune existed from 1/2, its source only from 5/2: not complete
    assert report(url, PROVINCE, march) == Coverage(date(2024, 2, 5), date(2024, 2, 6))
    # declared complete from its creation, it blocks nothing: complete over February
    declare(tmp_path, monkeypatch, test="2023-12-01", moi="2024-02-01")
    ingest([], source="moi", progress=lambda _: None)
    coverage = report(url, PROVINCE, march)
    assert coverage == Coverage(date(2024, 1, 15), date(2024, 2, 6))
    assert coverage.covers(march.previous().first_day)
    # its own reports: its data is complete since it exists (empty before); in February there is no January
    assert report(url, NEW, march) == Coverage(date(2024, 1, 15), date(2024, 2, 6))
    assert report(url, NEW, february) == Coverage(date(2024, 2, 1), date(2024, 2, 6))
    assert not report(url, NEW, february).covers(february.previous().first_day)


# ---------------------------------------------------------------- a warehouse loaded before migration 0013

def test_the_migration_fills_the_table_from_the_warehouse_loaded_before(admin_url, tmp_path, monkeypatch):
    name = f"cchc_test_{uuid.uuid4().hex[:10]}"
    url = _create(admin_url, name)
    try:
        migrate.upgrade(url, "0012")
        monkeypatch.setenv("WAREHOUSE_URL", url)
        monkeypatch.setenv("CCHC_HOME", str(tmp_path / "home"))
        monkeypatch.setenv("CCHC_MAX_BAD_ROW_SHARE", "0.3")
        writes = tuple(w for w in DOSSIER.writes if w != "record_coverage")
        then = tmp_path / "loader-of-then"  # the dossier and catalogue steps of before 0020 and 0021
        for kind in (DOSSIER, PROCEDURE):
            shutil.copytree(kind.sql("x").parent, then / kind.name)  # the steps that did not change since,
            shutil.copytree(FIXTURES / "loader_before_0021" / kind.name, then / kind.name, dirs_exist_ok=True)
        with monkeypatch.context() as before:  # the loader of then: no coverage step, no table
            before.setitem(EXPORT_KINDS, "dossier", dataclasses.replace(DOSSIER, writes=writes, sql_dir=then / "dossier"))
            before.setitem(EXPORT_KINDS, "procedure", dataclasses.replace(PROCEDURE, sql_dir=then / "procedure"))
            before.setattr("etl.pipeline._declare", lambda *_: None)
            load_small("don-vi-hanh-chinh.csv", "danh-muc-tthc.csv", "ho-so-hoang-cat-2024-01.json")
            load_small("ho-so-hoang-cat-2024-01-capnhat.json", load_date=date(2024, 2, 2))
        migrate.upgrade(url)
        assert rows(url) == [("test", CAT, date(2024, 1, 8), date(2024, 1, 16), None),
                             ("test", MOI, date(2024, 1, 8), date(2024, 1, 9), None)]
    finally:
        _drop(admin_url, name)


# ---------------------------------------------------------------- the generated sample

def test_the_sample_province_is_complete_from_its_first_receipt_day(sample_2025):
    url, manifest = sample_2025
    province = manifest["province"]["agency"]
    [(first_received,)] = query(url, "SELECT min(received_date_key) FROM dw.fact_dossier")
    assert first_received == 20240102  # 1/1/2024 is a holiday: the sample starts on Tuesday 2/1/2024
    with connect(url) as conn:
        data = gather(conn, province, Period.from_code("nam:2025", LICH))
    assert data.coverage == Coverage(date(2024, 1, 2), date(2026, 6, 30))
    # 2024 as an administrative year opens on 15/12/2023, as a calendar year on 1/1/2024: neither is covered
    assert not data.coverage.covers(Period.from_code("nam:2024").first_day)
    assert not data.coverage.covers(data.previous.first_day)
    # a small commune (of the unit list of 2024) whose first dossier came much later is complete from the
    # source's start all the same: it had no dossier before, none is missing
    [(late, first_day)] = query(url, """
        SELECT c.unit_code, c.first_day FROM audit.data_coverage c
        WHERE EXISTS (SELECT FROM dw.dim_unit u WHERE u.unit_code = c.unit_code AND u.valid_from = DATE '1900-01-01'
                                                  AND u.valid_to = DATE '9999-12-31')
        ORDER BY c.first_day DESC, c.unit_code LIMIT 1""")
    assert first_day > date(2024, 12, 31)
    with connect(url) as conn:
        assert gather(conn, late, Period.from_code("nam:2025", LICH)).coverage.complete_from == date(2024, 1, 2)
