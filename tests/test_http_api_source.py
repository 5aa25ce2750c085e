"""The HTTP API source against a simulated provincial API on loopback (tests/fake_tthc_api.py): real HTTP,
a real warehouse, faults injected. Whatever fails on the way, a pull ends with every dossier exactly once,
in its latest state; or it fails clearly, writes nothing and leaves the watermark where it was."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import yaml

from conftest import query
from etl import pipeline
from etl.config import settings
from etl.kinds import REFERENCE_KINDS
from etl import extract as http_api
from fake_tthc_api import VN, FakeTthcApi, dossier, dossiers, updated

SOURCE = "tinh_thu"
TOKEN_ENV = "CCHC_API_TOKEN_TINH_THU"
LOAD_DATE = date(2024, 12, 31)


@pytest.fixture
def token(monkeypatch):
    monkeypatch.setenv(TOKEN_ENV, "token-dung")


def api_config(server: FakeTthcApi, **overrides) -> dict:
    return {"url": server.url, "token_env": TOKEN_ENV, "page_size": 40, "timeout_s": 1.0, "max_retries": 3,
            "backoff_s": 0.01, "overlap_minutes": 60} | overrides


def pull_and_load(server: FakeTthcApi, **overrides):
    """What ``pipeline.ingest_source`` does for an API source: pull, load the file, move the watermark."""
    result = http_api.pull(SOURCE, api_config(server, **overrides), progress=lambda _: None)
    summary = pipeline.ingest(result.files, source=SOURCE, load_date=LOAD_DATE, progress=lambda _: None)
    http_api.commit(result, summary.files, progress=lambda _: None)
    return result, summary


def assert_warehouse_holds(url: str, expected: dict[str, dict]) -> None:
    """Exactly the expected dossiers, each once, each in its latest status; nothing quarantined."""
    rows = query(url, "SELECT dossier_code, status_code FROM dw.fact_dossier")
    assert len(rows) == len({code for code, _ in rows})
    assert dict(rows) == {code: record["TrangThaiHoSo"] for code, record in expected.items()}
    assert query(url, "SELECT count(*) FROM audit.quarantine") == [(0,)]


def latest_modification(records) -> datetime:
    return max(datetime.strptime(r["NgayCapNhat"], "%Y%m%d%H%M%S").replace(tzinfo=VN) for r in records)


def pulled_files() -> list:
    folder = settings().home / "api" / SOURCE
    return sorted(folder.iterdir()) if folder.exists() else []


def test_clean_pull_loads_every_dossier_once_and_sets_the_watermark(warehouse, token):
    with FakeTthcApi(dossiers(1234)) as server:
        result, summary = pull_and_load(server, page_size=100)
    assert (result.pages, result.requests, result.retries, result.passes) == (13, 13, [], 1)
    assert [r["since"] for r in server.log] == [None] * 13  # the first pull asks for everything
    assert (result.records, result.dossiers) == (1234, 1234)
    assert [(f.status, f.rows_read, f.rows_inserted) for f in summary.files] == [("loaded", 1234, 1234)]
    assert_warehouse_holds(warehouse, server.latest())
    mark, last_pull = http_api.watermark(SOURCE)
    assert mark == latest_modification(server.rows)
    assert last_pull["dossiers"] == 1234 and last_pull["pages"] == 13 and last_pull["file"] == result.path.name
    # the file is a sync payload the existing loader reads unchanged, written once under a stable name
    assert result.path.name.startswith(f"api-{SOURCE}-dau-") and pulled_files() == [result.path]
    assert query(warehouse, "SELECT format, source FROM audit.landed_file") == [("dossier_json", SOURCE)]


FAULTS = {
    # name: (fault, expected retries, expected waits in seconds)
    "500 once": (dict(kind="status", code=500, page=3), 1, [0.01]),
    "502 then 503": (dict(kind="status", code=502, times=2), 2, [0.01, 0.02]),
    "503 on the last page": (dict(kind="status", code=503, page=7, times=3), 3, [0.01, 0.02, 0.04]),
    "slower than the timeout": (dict(kind="slow", seconds=1.5, page=2), 1, [0.01]),
    "connection dropped mid-body": (dict(kind="drop", page=4), 1, [0.01]),
    "truncated JSON": (dict(kind="truncate", page=5, times=2), 2, [0.01, 0.02]),
    "429 Retry-After": (dict(kind="rate_limit", retry_after=1, page=6), 1, [1.0]),
}


@pytest.mark.parametrize("name", FAULTS)
def test_a_fault_that_heals_costs_retries_not_dossiers(warehouse, token, name):
    fault, retries, waits = FAULTS[name]
    with FakeTthcApi(dossiers(250)) as server:
        server.inject(**fault)
        result, summary = pull_and_load(server)
    assert len(result.retries) == retries and [r["wait_s"] for r in result.retries] == waits
    assert result.requests == 7 + retries and result.pages == 7
    assert summary.files[0].status == "loaded"
    assert_warehouse_holds(warehouse, server.latest())
    assert http_api.watermark(SOURCE)[0] == latest_modification(server.rows)


def test_duplicates_and_out_of_order_versions_keep_the_latest(warehouse, token):
    rows = dossiers(250)
    # a record repeated on another page, and a newer version of a dossier served pages before its older one
    rows.insert(100, rows[10])
    older = next(r for r in rows[200:] if r["TrangThaiHoSo"] == 4)  # an open dossier, on page 6 or 7
    rows.insert(0, updated(older, status=10, modified=datetime(2024, 6, 1, 9, 0)))
    with FakeTthcApi(rows) as server:
        result, summary = pull_and_load(server)
    assert (result.records, result.dossiers) == (252, 250)
    assert_warehouse_holds(warehouse, server.latest())
    assert query(warehouse, "SELECT status_code FROM dw.fact_dossier WHERE dossier_code = %s",
                 (older["MaHoSo"],)) == [(10,)]


def test_a_dossier_updated_while_paging_ends_in_its_new_status(warehouse, token):
    rows = dossiers(250)
    open_on_page_1 = [r for r in rows[:40] if r["TrangThaiHoSo"] == 4][:2]
    with FakeTthcApi(rows) as server:
        server.after_page(2, lambda api: [api.append(updated(r, 10, datetime(2024, 7, 1, 10, i)))
                                         for i, r in enumerate(open_on_page_1)])
        result, _ = pull_and_load(server)
    assert result.passes == 2  # the answer changed while paging: read again
    assert_warehouse_holds(warehouse, server.latest())
    assert query(warehouse, "SELECT count(*) FROM dw.fact_dossier WHERE dossier_code = ANY(%s) AND status_code = 10",
                 ([r["MaHoSo"] for r in open_on_page_1],)) == [(2,)]


def test_a_record_inserted_while_paging_shifts_pages_without_loss(warehouse, token):
    rows = dossiers(250)
    late = dossier(9001, datetime(2024, 3, 1, 8, 0))
    with FakeTthcApi(rows) as server:
        # inserted before everything: every later record moves one place on, the last of a page onto the next
        server.after_page(3, lambda api: api.insert(0, late))
        result, _ = pull_and_load(server)
    assert result.passes == 2 and result.records > 251 and result.dossiers == 251
    assert_warehouse_holds(warehouse, server.latest())


def test_an_incremental_pull_asks_since_the_watermark_and_loads_only_the_delta(warehouse, token):
    rows = dossiers(250)
    with FakeTthcApi(rows) as server:
        first, _ = pull_and_load(server)
        mark = http_api.watermark(SOURCE)[0]
        changed = [r for r in rows if r["TrangThaiHoSo"] == 4][:10]
        for i, record in enumerate(changed):
            server.append(updated(record, 10, datetime(2024, 3, 5, 8, i)))
        for number in range(251, 281):
            server.append(dossier(number, datetime(2024, 3, 6, 8, 0) + timedelta(hours=number - 251)))
        server.log.clear()
        second, summary = pull_and_load(server)
    asked = datetime.fromisoformat(server.log[0]["since"])
    assert {r["since"] for r in server.log} == {server.log[0]["since"]}
    slack = timedelta(minutes=60, seconds=int(first.seconds + 1))
    assert mark - slack <= asked <= mark - timedelta(minutes=60)
    overlap = [r for r in rows if r["NgayCapNhat"] >= asked.strftime("%Y%m%d%H%M%S")]
    assert second.dossiers == 10 + 30 + len(overlap)  # the delta, and the few records inside the margin again
    assert (summary.total("rows_inserted"), summary.total("rows_updated")) == (30, 10)
    assert_warehouse_holds(warehouse, server.latest())
    assert query(warehouse, "SELECT count(*) FROM dw.fact_dossier") == [(280,)]
    assert http_api.watermark(SOURCE)[0] == latest_modification(server.rows) > mark


def test_a_fault_that_never_heals_fails_clearly_and_the_next_pull_catches_up(warehouse, token):
    with FakeTthcApi(dossiers(120)) as server:
        pull_and_load(server)
        mark = http_api.watermark(SOURCE)[0]
        files = pulled_files()
        server.append(dossier(500, datetime(2024, 4, 1, 8, 0)))
        server.inject("status", code=503, page=1, times=None)
        with pytest.raises(http_api.ApiError, match="trang 1 vẫn lỗi sau 4 lần thử.*HTTP 503.*giữ nguyên mốc"):
            http_api.pull(SOURCE, api_config(server), progress=lambda _: None)
        assert pulled_files() == files and http_api.watermark(SOURCE)[0] == mark
        server.heal()
        result, _ = pull_and_load(server)
    assert result.dossiers >= 1 and http_api.watermark(SOURCE)[0] > mark
    assert_warehouse_holds(warehouse, server.latest())


def test_json_that_stays_malformed_fails_after_the_retries(warehouse, token):
    with FakeTthcApi(dossiers(100)) as server:
        server.inject("truncate", page=2, times=None)
        with pytest.raises(http_api.ApiError, match="JSON không hợp lệ hoặc bị cắt cụt"):
            http_api.pull(SOURCE, api_config(server), progress=lambda _: None)
        assert len(server.requests()) == 1 + 4
    assert pulled_files() == [] and http_api.watermark(SOURCE) == (None, None)


def test_a_file_that_fails_to_load_leaves_the_watermark(warehouse, token):
    rows = dossiers(50)
    for record in rows[:20]:
        record["TrangThaiHoSo"] = 99  # invalid: quarantined, and too many for the file to load
    with FakeTthcApi(rows) as server:
        result, summary = pull_and_load(server)
    assert summary.files[0].status == "failed" and not result.committed
    assert http_api.watermark(SOURCE) == (None, None)


def write_sources(tmp_path, monkeypatch, server: FakeTthcApi, **extra) -> None:
    sources = tmp_path / "sources.yaml"
    sources.write_text(yaml.safe_dump({"sources": [{"name": SOURCE, "api": api_config(server), **extra}]}),
                       encoding="utf-8")
    monkeypatch.setenv("CCHC_SOURCES", str(sources))


def test_ingest_source_pulls_an_api_source_then_a_wrong_token_fails_in_vietnamese(warehouse, token, tmp_path,
                                                                                  monkeypatch):
    with FakeTthcApi(dossiers(100)) as server:
        write_sources(tmp_path, monkeypatch, server)
        summary = pipeline.ingest_source(SOURCE, load_date=LOAD_DATE, progress=lambda _: None)
        assert [(f.status, f.rows_inserted) for f in summary.files] == [("loaded", 100)]
        mark = http_api.watermark(SOURCE)[0]
        assert mark == latest_modification(server.rows)
        # reference-only runs (reference_sync DAG) do not pull dossiers
        requests = len(server.log)
        pipeline.ingest_source(SOURCE, load_date=LOAD_DATE, progress=lambda _: None, kinds=REFERENCE_KINDS)
        assert len(server.log) == requests

        server.append(dossier(700, datetime(2024, 5, 1, 8, 0)))
        server.token = "token-moi"  # the token was rotated on the server, not in our environment
        with pytest.raises(http_api.ApiError, match="HTTP 401 — token sai hoặc hết hạn"):
            pipeline.ingest_source(SOURCE, load_date=LOAD_DATE, progress=lambda _: None)
        assert len(server.log) == requests + 1  # an authentication error is not retried
        assert http_api.watermark(SOURCE)[0] == mark

        monkeypatch.setenv(TOKEN_ENV, "token-moi")
        summary = pipeline.ingest_source(SOURCE, load_date=LOAD_DATE, progress=lambda _: None)
    assert summary.total("rows_inserted") == 1
    assert_warehouse_holds(warehouse, server.latest())


def test_missing_token_is_reported_before_any_request(warehouse, monkeypatch):
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    with FakeTthcApi(dossiers(5)) as server:
        with pytest.raises(http_api.ApiError, match=f"không có token truy cập.*{TOKEN_ENV}"):
            http_api.pull(SOURCE, api_config(server), progress=lambda _: None)
        assert server.log == []


def test_the_token_of_an_airflow_connection_is_looked_up_by_the_caller(monkeypatch):
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    config = http_api.ApiConfig.of({"url": "http://127.0.0.1:9/hoso", "token_env": TOKEN_ENV, "conn_id": "tthc_api"})
    assert http_api.resolve_token(config, {"tthc_api": "tu-ket-noi"}.get) == "tu-ket-noi"
    with pytest.raises(http_api.ApiError, match="không có token truy cập.*mật khẩu của kết nối Airflow tthc_api"):
        http_api.resolve_token(config)  # outside Airflow nobody looks the connection up

    def missing(conn_id):
        raise LookupError(f"The conn_id `{conn_id}` isn't defined")

    with pytest.raises(http_api.ApiError, match="không đọc được kết nối Airflow tthc_api: The conn_id"):
        http_api.resolve_token(config, missing)
    monkeypatch.setenv(TOKEN_ENV, " tu-bien-moi-truong ")
    assert http_api.resolve_token(config, {"tthc_api": "tu-ket-noi"}.get) == "tu-bien-moi-truong"
