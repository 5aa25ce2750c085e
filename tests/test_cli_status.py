"""``cchc status`` (etl/status.py, sql/audit/status.sql): per source the last file loaded and the lag, the files
that failed in the last 7 days and the rows quarantined per day against the 7 days before — on a fresh
warehouse whose loads are put at known moments."""
from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import psycopg
import pytest
from click.testing import CliRunner

from conftest import FIXTURES
from etl.cli import cli
from etl.pipeline import ingest

VN = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2025, 3, 8, 9, 30, tzinfo=VN)  # the 7 days: 02/03–08/03; the 7 before: 23/02–01/03
SMALL, BAD = FIXTURES / "small", FIXTURES / "bad"
# file -> (source, the moment its load finished, Viet Nam time)
LOADS = {
    "don-vi-hanh-chinh.csv": ("thanhhoa", datetime(2025, 2, 25, 10, 0, tzinfo=VN)),
    "danh-muc-tthc.csv": ("thanhhoa", datetime(2025, 2, 25, 10, 1, tzinfo=VN)),
    # 1 row of 5 quarantined (the same MaHoSo twice); the 7 days before
    "json-ma-trung-trong-tep.json": ("thanhhoa", datetime(2025, 2, 28, 23, 0, tzinfo=VN)),
    # 3 of 13 quarantined; 06:00 on 02/03 in Viet Nam is still 01/03 in UTC: counted on the local day
    "ho-so-hoang-cat-2024-01.json": ("thanhhoa", datetime(2025, 3, 2, 6, 0, tzinfo=VN)),
    # the last file loaded: 1 day 8 hours 18 minutes before NOW
    "ho-so-hoang-cat-2024-01-capnhat.json": ("thanhhoa", datetime(2025, 3, 7, 1, 12, tzinfo=VN)),
    "csv-vuot-nguong-dong-loi.csv": ("huyen", datetime(2025, 3, 5, 14, 0, tzinfo=VN)),  # refused: failed
    "csv-rong.csv": ("huyen", datetime(2025, 2, 20, 8, 0, tzinfo=VN)),  # failed, before the 7 days
    "pakn-hoang-cat-2024-01.csv": ("thanhhoa", datetime(2025, 3, 9, 8, 0, tzinfo=VN)),  # after NOW: not seen
}


@pytest.fixture
def loads(warehouse, tmp_path, monkeypatch):
    sources = tmp_path / "sources.yaml"
    sources.write_text("sources:\n  - name: thanhhoa\n    path: x\n  - name: nghean\n    path: y\n", encoding="utf-8")
    monkeypatch.setenv("CCHC_SOURCES", str(sources))
    monkeypatch.setenv("CCHC_MAX_BAD_ROW_SHARE", "0.3")
    for name, (source, _) in LOADS.items():
        path = SMALL / name if (SMALL / name).exists() else BAD / name
        ingest([path], source=source, progress=lambda _: None)
    with psycopg.connect(warehouse, autocommit=True) as conn:
        for name, (_, finished) in LOADS.items():
            updated = conn.execute(
                "UPDATE audit.file_load l SET started_at = %(at)s - interval '1 minute', finished_at = %(at)s "
                "FROM audit.landed_file f WHERE f.file_id = l.file_id AND f.original_name = %(name)s",
                {"at": finished, "name": name}).rowcount
            assert updated == 1, name
        counts = dict(conn.execute("SELECT f.original_name, l.status || ' ' || coalesce(l.rows_quarantined, 0) "
                                   "FROM audit.file_load l JOIN audit.landed_file f USING (file_id)").fetchall())
    assert counts == {"don-vi-hanh-chinh.csv": "loaded 0", "danh-muc-tthc.csv": "loaded 0",
                      "json-ma-trung-trong-tep.json": "loaded 1", "ho-so-hoang-cat-2024-01.json": "loaded 3",
                      "ho-so-hoang-cat-2024-01-capnhat.json": "loaded 0", "csv-vuot-nguong-dong-loi.csv": "failed 0",
                      "csv-rong.csv": "failed 0", "pakn-hoang-cat-2024-01.csv": "loaded 5"}
    return warehouse


def test_status_of_each_source(loads):
    from etl.status import format_status, source_status, status_document

    statuses = source_status(NOW)
    assert format_status(statuses, NOW) == "\n".join([
        "Tình trạng nạp lúc 08/03/2025 09:30 (giờ Việt Nam)",
        "huyen",
        "  Chưa nạp thành công tệp nào",
        "  Tệp lỗi trong 7 ngày: 1",
        "  Dòng bị cách ly trong 7 ngày: 0 (7 ngày trước đó: 0)",
        "  Cách ly theo ngày 02/03–08/03: 0 · 0 · 0 · 0 · 0 · 0 · 0",
        "nghean",
        "  Chưa nạp thành công tệp nào",
        "  Tệp lỗi trong 7 ngày: 0",
        "  Dòng bị cách ly trong 7 ngày: 0 (7 ngày trước đó: 0)",
        "  Cách ly theo ngày 02/03–08/03: 0 · 0 · 0 · 0 · 0 · 0 · 0",
        "thanhhoa",
        "  Nạp thành công gần nhất: 07/03/2025 01:12, cách đây 1 ngày 8 giờ",
        "  Tệp lỗi trong 7 ngày: 0",
        "  Dòng bị cách ly trong 7 ngày: 3 (7 ngày trước đó: 1)",
        "  Cách ly theo ngày 02/03–08/03: 3 · 0 · 0 · 0 · 0 · 0 · 0",
    ])
    thanhhoa = status_document(statuses, NOW)["sources"][2]
    assert thanhhoa == {
        "source": "thanhhoa", "last_loaded_at": "2025-03-07T01:12:00+07:00", "lag_hours": 32.3, "files_failed": 0,
        "quarantined": 3, "quarantined_before": 1,
        "quarantined_by_day": [{"day": f"2025-03-0{d}", "rows": 3 if d == 2 else 0} for d in range(2, 9)]}


def test_the_cli_prints_the_status_and_its_json(loads):
    text = CliRunner().invoke(cli, ["status"])
    assert text.exit_code == 0, text.output
    assert text.stdout.startswith("Tình trạng nạp lúc ") and "\nnghean\n  Chưa nạp thành công tệp nào\n" in text.stdout
    as_json = CliRunner().invoke(cli, ["status", "--json"])
    document = json.loads(as_json.stdout)
    assert [s["source"] for s in document["sources"]] == ["huyen", "nghean", "thanhhoa"]
    # the loads were in 2025: today the 7 days hold none of them; the last file loaded is the one after NOW
    assert document["sources"][2]["last_loaded_at"] == "2025-03-09T08:00:00+07:00"
    assert all(s["files_failed"] == 0 and s["quarantined"] == 0 for s in document["sources"])
