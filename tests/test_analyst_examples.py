"""The analysts' example queries (sql/examples) run as the analyst role and give the known answers of the
small fixture; every dw column is documented in the database, and docs/warehouse.md says the same."""
from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest

from conftest import load_small, query

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((REPO / "sql" / "examples").glob("*.sql"))
WAREHOUSE_DOC = REPO / "docs" / "warehouse.md"
UNIT = "000.35.27.H56"


@pytest.fixture
def loaded(small_warehouse):
    from etl.db import connect
    from etl.marts import refresh_for_report
    from etl.periods import Period

    with connect(small_warehouse[0]) as conn:  # the mart examples read January's marts
        refresh_for_report(conn, Period.from_code("thang:2024-01"), ["chứng thực"])
    return small_warehouse[0]


def run_as_analyst(url: str, name: str) -> tuple[list[str], list[tuple]]:
    """Run sql/examples/<name> exactly as it is in the file, as the analyst role; column names and rows."""
    text = (REPO / "sql" / "examples" / name).read_text(encoding="utf-8")
    with psycopg.connect(url) as conn:
        conn.execute("SET ROLE analyst")
        cur = conn.execute(text)
        return [c.name for c in cur.description], cur.fetchall()


def as_dicts(columns: list[str], rows: list[tuple], *keep: str) -> list[dict]:
    return [{k: v for k, v in zip(columns, row) if k in keep} for row in rows]


def test_there_are_examples_each_with_a_header():
    assert len(EXAMPLES) >= 4, [p.name for p in EXAMPLES]
    for path in EXAMPLES:
        header = path.read_text(encoding="utf-8").splitlines()[0]
        assert header.startswith("-- ") and len(header) > 20, f"{path.name}: first line must say what it answers"


@pytest.mark.parametrize("name", [p.name for p in EXAMPLES])
def test_every_example_runs_as_the_analyst(loaded, name):
    columns, rows = run_as_analyst(loaded, name)
    assert columns and rows, f"{name} returned nothing on the small fixture"


def test_received_per_unit_and_month_by_channel(loaded):
    columns, rows = run_as_analyst(loaded, "01_received_by_unit_month_channel.sql")
    assert as_dicts(columns, rows, "unit_code", "year", "month", "truc_tiep", "truc_tuyen", "buu_chinh_cong_ich",
                    "tong_so", "ty_le_truc_tuyen") == [
        {"unit_code": UNIT, "year": 2024, "month": 1, "truc_tiep": 5, "truc_tuyen": 3, "buu_chinh_cong_ich": 1,
         "tong_so": 9, "ty_le_truc_tuyen": Decimal("33.33")},
        {"unit_code": "000.99.27.H56", "year": 2024, "month": 1, "truc_tiep": 1, "truc_tuyen": 0,
         "buu_chinh_cong_ich": 0, "tong_so": 1, "ty_le_truc_tuyen": Decimal("0.00")},
    ]
    # the same totals as test_load_small: channels 1: 6, 2: 3, 3: 1 over 10 dossiers
    by_channel = [sum(r[columns.index(c)] for r in rows) for c in ("truc_tiep", "truc_tuyen", "buu_chinh_cong_ich")]
    assert by_channel == [6, 3, 1]


def test_timeliness_per_field(loaded):
    columns, rows = run_as_analyst(loaded, "02_timeliness_by_field.sql")
    assert as_dicts(columns, rows, "ma_linh_vuc", "da_giai_quyet", "truoc_han", "dung_han", "qua_han",
                    "khong_co_ngay_hen_tra", "ty_le_dung_han") == [
        {"ma_linh_vuc": "CT", "da_giai_quyet": 3, "truoc_han": 2, "dung_han": 1, "qua_han": 0,
         "khong_co_ngay_hen_tra": 0, "ty_le_dung_han": Decimal("100.00")},
        {"ma_linh_vuc": "HT", "da_giai_quyet": 6, "truoc_han": 3, "dung_han": 1, "qua_han": 2,
         "khong_co_ngay_hen_tra": 0, "ty_le_dung_han": Decimal("66.67")},
    ]
    totals = [sum(r[columns.index(c)] for r in rows) for c in ("truoc_han", "dung_han", "qua_han")]
    assert totals == [5, 2, 2]


def test_online_payment_rate(loaded):
    columns, rows = run_as_analyst(loaded, "03_online_payment_rate.sql")
    assert as_dicts(columns, rows, "unit_code", "unit_name", "co_phi_le_phi", "thanh_toan_truc_tuyen",
                    "ty_le_thanh_toan_truc_tuyen") == [
        {"unit_code": UNIT, "unit_name": "Xã Hoằng Cát", "co_phi_le_phi": 3, "thanh_toan_truc_tuyen": 2,
         "ty_le_thanh_toan_truc_tuyen": Decimal("66.67")},
        {"unit_code": "000.99.27.H56", "unit_name": "UBND xã Hoằng Mới", "co_phi_le_phi": 0,
         "thanh_toan_truc_tuyen": 0, "ty_le_thanh_toan_truc_tuyen": None},
        {"unit_code": None, "unit_name": "Tổng cộng", "co_phi_le_phi": 3, "thanh_toan_truc_tuyen": 2,
         "ty_le_thanh_toan_truc_tuyen": Decimal("66.67")},
    ]


def test_units_with_their_parents(loaded):
    columns, rows = run_as_analyst(loaded, "04_unit_hierarchy.sql")
    assert as_dicts(columns, rows, "depth", "gso_code", "level", "don_vi_cap_tren", "is_inferred",
                    "so_ho_so_cua_don_vi", "so_ho_so_ca_cay") == [
        {"depth": 1, "gso_code": "38", "level": "tinh", "don_vi_cap_tren": None, "is_inferred": False,
         "so_ho_so_cua_don_vi": 0, "so_ho_so_ca_cay": 9},
        {"depth": 2, "gso_code": "399", "level": "huyen", "don_vi_cap_tren": "Tỉnh Thanh Hóa", "is_inferred": False,
         "so_ho_so_cua_don_vi": 0, "so_ho_so_ca_cay": 9},
        {"depth": 3, "gso_code": "15907", "level": "xa", "don_vi_cap_tren": "Huyện Hoằng Hóa", "is_inferred": False,
         "so_ho_so_cua_don_vi": 9, "so_ho_so_ca_cay": 9},
        {"depth": 3, "gso_code": "15895", "level": "xa", "don_vi_cap_tren": "Huyện Hoằng Hóa", "is_inferred": False,
         "so_ho_so_cua_don_vi": 0, "so_ho_so_ca_cay": 0},
        {"depth": 1, "gso_code": None, "level": None, "don_vi_cap_tren": None, "is_inferred": True,
         "so_ho_so_cua_don_vi": 1, "so_ho_so_ca_cay": 1},
    ]


def test_status_history_of_a_resent_dossier(loaded):
    load_small("ho-so-hoang-cat-2024-01-capnhat.json", load_date=date(2024, 2, 2))
    columns, rows = run_as_analyst(loaded, "05_dossier_status_history.sql")
    assert as_dicts(columns, rows, "ma_ho_so", "observed_local", "status_code", "trang_thai", "is_current") == [
        {"ma_ho_so": f"{UNIT}-240108-0005", "observed_local": datetime(2024, 1, 8, 8, 0), "status_code": 4,
         "trang_thai": "Đang xử lý", "is_current": False},
        {"ma_ho_so": f"{UNIT}-240108-0005", "observed_local": datetime(2024, 1, 12, 10, 0), "status_code": 10,
         "trang_thai": "Đã trả kết quả", "is_current": True},
    ]


def test_dossiers_on_inferred_members_until_the_catalogue_arrives(loaded):
    columns, rows = run_as_analyst(loaded, "06_inferred_members.sql")
    assert as_dicts(columns, rows, "loai", "ma", "so_ho_so", "vi_du_ma_ho_so") == [
        {"loai": "don_vi", "ma": "000.99.27.H56", "so_ho_so": 1, "vi_du_ma_ho_so": [f"{UNIT}-240108-0013"]},
        {"loai": "thu_tuc", "ma": "2.999999.000.00.00.H56", "so_ho_so": 1, "vi_du_ma_ho_so": [f"{UNIT}-240108-0007"]},
    ]
    load_small("danh-muc-tthc-bo-sung.csv")
    columns, rows = run_as_analyst(loaded, "06_inferred_members.sql")
    assert [r[columns.index("loai")] for r in rows] == ["don_vi"]


# ---------------------------------------------------------------- documentation in the database

DW_COLUMNS = """
    SELECT c.relname, a.attname, coalesce(col_description(c.oid, a.attnum), '')
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    WHERE n.nspname = 'dw' AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
      AND NOT c.relispartition  -- a partition (dw.fact_dossier_2024) is documented by its table
    ORDER BY c.relname, a.attnum
"""


def test_every_dw_column_has_a_comment(warehouse):
    columns = query(warehouse, DW_COLUMNS)
    assert len(columns) > 50
    undocumented = [f"dw.{table}.{column}" for table, column, comment in columns if not comment.strip()]
    assert undocumented == [], "add COMMENT ON COLUMN (in a migration) and a line in docs/warehouse.md"


def test_every_table_and_schema_has_a_comment(warehouse):
    tables = query(warehouse, """
        SELECT n.nspname || '.' || c.relname
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname IN ('audit', 'raw', 'restricted', 'staging', 'dw') AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
          AND coalesce(obj_description(c.oid, 'pg_class'), '') = ''""")
    assert tables == []
    schemas = query(warehouse, """
        SELECT nspname FROM pg_namespace WHERE nspname IN ('audit', 'raw', 'restricted', 'staging', 'dw')
          AND coalesce(obj_description(oid, 'pg_namespace'), '') <> ''""")
    assert len(schemas) == 5


def documented_columns(markdown: str) -> dict[str, dict[str, str]]:
    """{table: {column: description}} from the '### `dw.table`' sections' column tables of docs/warehouse.md."""
    tables: dict[str, dict[str, str]] = {}
    current = None
    for line in markdown.splitlines():
        heading = re.fullmatch(r"### `dw\.(\w+)`.*", line)
        if heading:
            current = tables.setdefault(heading.group(1), {})
        elif line.startswith("## "):
            current = None
        elif current is not None:
            row = re.fullmatch(r"\| `(\w+)` \| [^|]+ \| (.+) \|", line)
            if row:
                current[row.group(1)] = row.group(2)
    return tables


def test_the_data_dictionary_says_what_the_comments_say(warehouse):
    documented = documented_columns(WAREHOUSE_DOC.read_text(encoding="utf-8"))
    in_database: dict[str, dict[str, str]] = {}
    for table, column, comment in query(warehouse, DW_COLUMNS):
        in_database.setdefault(table, {})[column] = comment
    assert documented == in_database, "docs/warehouse.md column tables must repeat the dw column comments"


def test_a_district_and_its_communes(loaded):
    columns, rows = run_as_analyst(loaded, "08_district_and_its_communes.sql")
    assert as_dicts(columns, rows, "cap_duoi", "unit_code", "tiep_nhan_tong", "ty_le_thanh_toan_truc_tuyen") == [
        {"cap_duoi": 0, "unit_code": "000.00.27.H56", "tiep_nhan_tong": 9, "ty_le_thanh_toan_truc_tuyen": Decimal("66.67")},
        {"cap_duoi": 1, "unit_code": UNIT, "tiep_nhan_tong": 9, "ty_le_thanh_toan_truc_tuyen": Decimal("66.67")},
        {"cap_duoi": 1, "unit_code": "000.31.27.H56", "tiep_nhan_tong": 0, "ty_le_thanh_toan_truc_tuyen": None},
    ]
