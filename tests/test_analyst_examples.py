"""The analysts' example queries (sql/examples) run as the analyst role and give the known answers of the
small fixture; every dw column and every column of the analyst views of mart (migration 0022) is documented in
the database, and docs/warehouse.md says the same. tests/test_analyst_layer.py runs every example as a login on
the sample province."""
from __future__ import annotations

import json
import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest

from conftest import load_small, query
from etl.pipeline import ingest

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((REPO / "sql" / "examples").glob("*.sql"))
WAREHOUSE_DOC = REPO / "docs" / "warehouse.md"
UNIT = "000.35.27.H56"


@pytest.fixture
def loaded(small_warehouse):
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
    assert columns, f"{name} gave no columns"
    # 13 lists online dossiers of procedures without an online service: the small fixture has none (see below);
    # every example answers with rows on the sample province (tests/test_analyst_layer.py)
    assert rows or name.startswith("13_"), f"{name} returned nothing on the small fixture"


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
    assert as_dicts(columns, rows, "field_code", "da_giai_quyet", "truoc_han", "dung_han", "qua_han",
                    "khong_co_ngay_hen_tra", "ty_le_dung_han") == [
        {"field_code": "CT", "da_giai_quyet": 3, "truoc_han": 2, "dung_han": 1, "qua_han": 0,
         "khong_co_ngay_hen_tra": 0, "ty_le_dung_han": Decimal("100.00")},
        {"field_code": "HT", "da_giai_quyet": 6, "truoc_han": 3, "dung_han": 1, "qua_han": 2,
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
    assert as_dicts(columns, rows, "dossier_code", "observed_local", "status_code", "status_name", "is_current") == [
        {"dossier_code": f"{UNIT}-240108-0005", "observed_local": datetime(2024, 1, 8, 8, 0), "status_code": 4,
         "status_name": "Đang xử lý", "is_current": False},
        {"dossier_code": f"{UNIT}-240108-0005", "observed_local": datetime(2024, 1, 12, 10, 0), "status_code": 10,
         "status_name": "Đã trả kết quả", "is_current": True},
    ]


def test_dossiers_on_inferred_members_until_the_catalogue_arrives(loaded):
    columns, rows = run_as_analyst(loaded, "06_inferred_members.sql")
    assert as_dicts(columns, rows, "member_kind", "code", "so_ho_so", "example_dossier_codes") == [
        {"member_kind": "don_vi", "code": "000.99.27.H56", "so_ho_so": 1, "example_dossier_codes": [f"{UNIT}-240108-0013"]},
        {"member_kind": "thu_tuc", "code": "2.999999.000.00.00.H56", "so_ho_so": 1, "example_dossier_codes": [f"{UNIT}-240108-0007"]},
    ]
    load_small("danh-muc-tthc-bo-sung.csv")
    columns, rows = run_as_analyst(loaded, "06_inferred_members.sql")
    assert [r[columns.index("member_kind")] for r in rows] == ["don_vi"]


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
        elif line.startswith("#"):
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
    # the district of the 9 dossiers of xã Hoằng Cát (the 10th is of a unit not in the unit list: no district)
    assert as_dicts(columns, rows, "depth", "unit_code", "unit_level", "tiep_nhan", "ty_le_truc_tuyen", "da_giai_quyet",
                    "ty_le_dung_han", "ho_so_co_phi", "ty_le_thanh_toan_truc_tuyen") == [
        {"depth": 0, "unit_code": "000.00.27.H56", "unit_level": "huyen", "tiep_nhan": 9,
         "ty_le_truc_tuyen": Decimal("33.33"), "da_giai_quyet": 8, "ty_le_dung_han": Decimal("75.00"),
         "ho_so_co_phi": 3, "ty_le_thanh_toan_truc_tuyen": Decimal("66.67")},
        {"depth": 1, "unit_code": UNIT, "unit_level": "xa", "tiep_nhan": 9, "ty_le_truc_tuyen": Decimal("33.33"),
         "da_giai_quyet": 8, "ty_le_dung_han": Decimal("75.00"), "ho_so_co_phi": 3,
         "ty_le_thanh_toan_truc_tuyen": Decimal("66.67")},
    ]


def test_online_dossiers_of_a_procedure_offered_only_in_person(loaded, tmp_path):
    """Example 13 finds an online dossier of a procedure the catalogue says is not offered online (khong)."""
    catalogue = (REPO / "tests" / "fixtures" / "small" / "danh-muc-tthc.csv").read_text(encoding="utf-8")
    offline = catalogue.splitlines()[:4] + [
        "4,1.000001.000.00.00.H56,Thủ tục chỉ làm trực tiếp,HT,Hộ tịch,Cấp xã,Không,Một cửa,1,Không"]
    (tmp_path / "danh-muc-tthc-truc-tiep.csv").write_text("\n".join(offline) + "\n", encoding="utf-8")
    payload = json.loads((REPO / "tests" / "fixtures" / "small" / "ho-so-hoang-cat-2024-01-capnhat.json")
                         .read_text(encoding="utf-8"))
    record = payload["data"][0]
    record.update(MaHoSo=f"{UNIT}-240109-0001", MaTTHC="1.000001.000.00.00.H56", TenTTHC="Thủ tục chỉ làm trực tiếp",
                  KenhThucHien=2, NgayNopHoSo="20240109080000", NgayTiepNhan="20240109080000")
    (tmp_path / "ho-so-truc-tuyen.json").write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    ingest([tmp_path / "danh-muc-tthc-truc-tiep.csv", tmp_path / "ho-so-truc-tuyen.json"], source="test",
           load_date=date(2024, 2, 2), progress=lambda _: None)
    columns, rows = run_as_analyst(loaded, "13_online_without_online_service.sql")
    assert as_dicts(columns, rows, "procedure_code", "online_level_at_receipt", "ho_so_truc_tuyen", "unit_count",
                    "example_dossier_codes") == [
        {"procedure_code": "1.000001.000.00.00.H56", "online_level_at_receipt": "khong", "ho_so_truc_tuyen": 1,
         "unit_count": 1, "example_dossier_codes": [f"{UNIT}-240109-0001"]},
    ]


# ---------------------------------------------------------------- the analyst views of mart (migration 0022)

ANALYST_VIEWS = ("dossier_detail", "petition_detail", "rating_detail", "unit_detail", "unit_chain")


def documented_views(markdown: str) -> dict[str, dict[str, str]]:
    """{view: {column: description}} from the '### `mart.<view>`' sections of the analyst views in docs/warehouse.md."""
    views: dict[str, dict[str, str]] = {}
    current = None
    for line in markdown.splitlines():
        heading = re.fullmatch(r"### `mart\.(\w+)`.*", line)
        if heading and heading.group(1) in ANALYST_VIEWS:
            current = views.setdefault(heading.group(1), {})
        elif line.startswith("#"):
            current = None
        elif current is not None and (row := re.fullmatch(r"\| `(\w+)` \| [^|]+ \| (.+) \|", line)):
            current[row.group(1)] = row.group(2)
    return views


def test_the_data_dictionary_lists_the_analyst_views_as_their_comments_say(warehouse):
    in_database: dict[str, dict[str, str]] = {}
    for view, column, comment in query(warehouse, """
            SELECT c.relname, a.attname, coalesce(col_description(c.oid, a.attnum), '')
            FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            WHERE c.relnamespace = 'mart'::regnamespace AND c.relname = ANY (%s)""", (list(ANALYST_VIEWS),)):
        assert comment, f"mart.{view}.{column} has no comment"
        in_database.setdefault(view, {})[column] = comment
    assert set(in_database) == set(ANALYST_VIEWS)
    assert documented_views(WAREHOUSE_DOC.read_text(encoding="utf-8")) == in_database
