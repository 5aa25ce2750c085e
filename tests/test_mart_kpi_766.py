"""QĐ 766 indicators on the small hand-made export: exact numbers, missing data shown as missing."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import psycopg
import pytest

from conftest import load_small, query
from etl.marts import refresh_kpi_766
from etl.periods import LICH, Period

HOANG_CAT = "000.35.27.H56"
UNKNOWN_UNIT = "000.99.27.H56"


@pytest.fixture
def kpi(small_warehouse):
    url, _ = small_warehouse
    load_small("ho-so-hoang-cat-2024-01-capnhat.json")
    with psycopg.connect(url) as conn:
        refresh_kpi_766(conn, Period.from_code("thang:2024-01", LICH))
    return url


def indicators(url: str, unit_code: str, restated: bool = False) -> dict:
    rows = query(url, """
        SELECT k.indicator_code, k.numerator, k.denominator, k.ratio, k.score, k.max_score, k.status
        FROM mart.kpi_766 k
        WHERE k.period_code = 'thang:2024-01' AND k.unit_code = %s AND k.restated = %s""", (unit_code, restated))
    return {code: rest for code, *rest in rows}


def d(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def test_indicators_the_warehouse_can_compute(kpi):
    got = indicators(kpi, HOANG_CAT)
    expected = {
        # 9 received; on time: before/on due 6 (the one with 2 supplement requests counts as overdue)
        "DOSSIER_ON_TIME": (6, 9, "66.67", "13.33", 20, "tinh_duoc"),
        # 5 dossiers of the toàn trình procedure, 1 of them online
        "FULL_ONLINE_DOSSIER": (1, 5, "20.00", "2.40", 12, "tinh_duoc"),
        "ONLINE_DOSSIER": (3, 9, "33.33", None, 0, "tinh_duoc"),
        "ORIGINAL_RESULT_AVAILABLE": (1, 9, "11.11", "0.67", 6, "tinh_duoc"),
        "SO_HOA_GIAY_TO_GIAI_QUYET": (1, 9, "11.11", "0.44", 4, "tinh_duoc"),
        # A = 2/3 paid online; B = C = 1 (the commune level's one fee procedure): 6·2/3 + 2 + 2.5
        "ONLINE_PAYMENT": (2, 3, "66.67", "8.50", 10, "tinh_duoc"),
        # the commune received no dossier of 2.002165 (electronic certified copy): 0 of its 1 commune
        "ELECTRONIC_CERTIFIED_COPY": (0, 1, "0.00", "0.00", 2, "tinh_duoc"),
    }
    for code, (num, den, ratio, score, max_score, status) in expected.items():
        assert got[code] == [d(num), d(den), d(ratio), d(score), d(max_score), status], code


def test_indicators_without_data_are_missing_not_zero(kpi):
    got = indicators(kpi, HOANG_CAT)
    missing = {code for code, row in got.items() if row[-1] == "thieu_du_lieu"}
    assert missing == {"PUBLISH_ON_TIME", "PUBLIC_UPDATE_ON_TIME", "PUBLIC_CONTENT_FULL", "DOSSIER_SYNC",
                       "REUSED_DIGITIZED_DATA", "SYNCED_WITH_DVCQG_PERSONAL_STORAGE",
                       "CITIZEN_DATA_CONNECTED_DOSSIER", "CITIZEN_DATA_CONNECTED_FORMALITY",
                       "PETITION_PROCESSING_ON_TIME", "PETITION_HANDLING_SATISFACTION",
                       "DOSSIER_RECEIVING_SATISFACTION"}
    assert all(got[code][2:4] == [None, None] for code in missing)
    assert sum(row[4] for row in got.values()) == 100  # the weighting's maxima


def test_no_denominator_means_no_score(kpi):
    got = indicators(kpi, UNKNOWN_UNIT)
    assert got["ONLINE_PAYMENT"] == [d(0), d(0), None, None, d(10), "khong_phat_sinh"]
    assert got["DOSSIER_ON_TIME"] == [d(1), d(1), d("100.00"), d("20.00"), d(20), "tinh_duoc"]


def test_a_district_and_the_province_count_the_dossiers_below_them_once(kpi):
    commune = indicators(kpi, HOANG_CAT)
    # Hoằng Cát is the only listed unit with dossiers: the district and the province have exactly its figures;
    # the inferred Hoằng Mới has no known parent, so it stays on its own
    for above in ("000.00.27.H56", "000.00.00.H56"):
        rolled = indicators(kpi, above)
        # …except the share of communes providing electronic certified copies: 0 of the 2 communes below
        assert rolled.pop("ELECTRONIC_CERTIFIED_COPY")[:2] == [d(0), d(2)]
        assert rolled == {k: v for k, v in commune.items() if k != "ELECTRONIC_CERTIFIED_COPY"}, above
    assert indicators(kpi, HOANG_CAT, restated=True) == commune


def test_a_commune_that_certifies_electronic_copies(kpi, tmp_path):
    import json

    from conftest import FIXTURES
    from etl.pipeline import ingest

    payload = json.loads((FIXTURES / "small" / "ho-so-hoang-cat-2024-01.json").read_text(encoding="utf-8"))
    dossier = next(dict(d) for d in payload["data"] if d["MaHoSo"] == "000.35.27.H56-240108-0001")
    dossier.update(MaHoSo="000.35.27.H56-240108-0101", MaTTHC="2.002165.000.00.00.H56",
                   TenTTHC="Chứng thực bản sao điện tử từ bản chính")
    payload["data"] = [dossier]
    path = tmp_path / "chung-thuc-dien-tu.json"
    path.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    ingest([path], source="test", load_date=date(2024, 2, 3), progress=lambda _: None)
    with psycopg.connect(kpi) as conn:
        refresh_kpi_766(conn, Period.from_code("thang:2024-01", LICH))
    assert indicators(kpi, HOANG_CAT)["ELECTRONIC_CERTIFIED_COPY"] == [d(1), d(1), d("100.00"), d("2.00"), d(2),
                                                                        "tinh_duoc"]
    # the district: Hoằng Cát provides it, Hoằng Trinh does not
    assert indicators(kpi, "000.00.27.H56")["ELECTRONIC_CERTIFIED_COPY"] == [d(1), d(2), d("50.00"), d("1.00"),
                                                                             d(2), "tinh_duoc"]


def test_the_weighting_is_data(kpi):
    with psycopg.connect(kpi) as conn:
        conn.execute("UPDATE mart.kpi_766_indicator SET max_score = 10 WHERE indicator_code = 'DOSSIER_ON_TIME'")
        conn.commit()
        refresh_kpi_766(conn, Period.from_code("thang:2024-01", LICH))
    assert indicators(kpi, HOANG_CAT)["DOSSIER_ON_TIME"][3:5] == [d("6.67"), d(10)]


def test_refresh_is_idempotent_and_analysts_can_read(kpi):
    before = query(kpi, "SELECT count(*), sum(score) FROM mart.kpi_766")
    with psycopg.connect(kpi) as conn:
        refresh_kpi_766(conn, Period.from_code("thang:2024-01", LICH))
    # 18 indicators × 4 reported units (Hoằng Cát, the inferred Hoằng Mới, the district and the province
    # above Hoằng Cát) × 2 readings (as then, as today: the same here, no reorganisation)
    assert query(kpi, "SELECT count(*), sum(score) FROM mart.kpi_766") == before == [(144, before[0][1])]
    with psycopg.connect(kpi) as conn:
        conn.execute("SET ROLE analyst")
        assert conn.execute("SELECT count(*) FROM mart.kpi_766").fetchone() == (144,)


def test_the_cli_refreshes_both_marts_for_a_period(small_warehouse):
    from click.testing import CliRunner

    from etl.cli import cli

    url, _ = small_warehouse
    result = CliRunner().invoke(cli, ["mart", "refresh", "--period", "thang:2024-01"])
    assert result.exit_code == 0, result.output
    assert "Tháng 1 năm 2024 (15/12/2023–14/01/2024): Biểu 06 3 dòng; tổng hợp CCHC 10 dòng; QĐ 766 (01/01/2024–31/01/2024) 144 dòng" in result.output
    assert query(url, "SELECT calendar, count(*) FROM mart.bieu06 GROUP BY 1") == [("hanh_chinh", 3)]
    computed = "SELECT recomputed_at FROM mart.refreshed_period WHERE mart = 'bieu06' AND period_code = 'thang:2024-01'"
    [(first,)] = query(url, computed)
    again = CliRunner().invoke(cli, ["mart", "refresh", "--period", "thang:2024-01"])  # held: only changes applied
    assert again.exit_code == 0 and query(url, computed) == [(first,)]
    whole = CliRunner().invoke(cli, ["mart", "refresh", "--period", "thang:2024-01", "--whole"])
    assert whole.exit_code == 0 and "Biểu 06 3 dòng" in whole.output and query(url, computed)[0][0] > first
    bad = CliRunner().invoke(cli, ["mart", "refresh", "--period", "tuan:2024-1"])
    assert bad.exit_code == 2 and "Kỳ báo cáo không hợp lệ" in bad.output
