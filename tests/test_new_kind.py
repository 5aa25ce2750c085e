"""A new export kind is one declaration, one suite and one SQL folder (docs/architecture.md): a throw-away kind
built here from those three, plus its reader, is recognised, validated, quarantined and loaded end to end."""
from __future__ import annotations

import json
from datetime import date

import pandas as pd
import psycopg
import pytest

from conftest import query
from etl.kinds import EXPORT_KINDS, ExportKind
from etl.normalise import control_characters
from etl.pipeline import ingest
from etl.sources import registry
from etl.sources.spreadsheet import Layout, number, spreadsheet_format, text

COLUMNS = ("row_no", "ma_sang_kien", "ten_sang_kien", "so_tien")  # "Danh sách sáng kiến": initiatives and their cost
SUITE = {"name": "sang_kien_rows", "expectations": [
    {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "ma_sang_kien"},
     "meta": {"rule": "ma_sang_kien_bat_buoc", "reason": "Thiếu mã sáng kiến"}},
    {"type": "expect_column_values_to_be_in_set", "kwargs": {"column": "so_tien_invalid", "value_set": [False]},
     "meta": {"rule": "so_tien_khong_phai_so", "reason": "Số tiền không phải số", "value_column": "so_tien"}},
    {"type": "expect_column_values_to_be_in_set", "kwargs": {"column": "ky_tu_dieu_khien", "value_set": [False]},
     "meta": {"rule": "ky_tu_dieu_khien", "reason": "Có ký tự điều khiển", "value_column": "ten_sang_kien"}},
]}
SQL = {
    "create_staging.sql": "CREATE TEMP TABLE stg_sang_kien (row_no integer, ma_sang_kien text, ten_sang_kien text, "
                          "so_tien numeric) ON COMMIT DROP;",
    "quarantine_duplicates.sql": "SELECT audit.quarantine_duplicates('stg_sang_kien', 'ma_sang_kien', 'row_no DESC', "
                                 "'ma_sang_kien', 'ma_sang_kien_trung', 'Mã sáng kiến lặp lại; giữ dòng ', "
                                 "%(load_id)s, %(file_id)s) AS rows_quarantined;",
    "upsert.sql": """WITH upserted AS (
                         INSERT INTO sang_kien AS t (ma_sang_kien, ten_sang_kien, so_tien)
                         SELECT ma_sang_kien, ten_sang_kien, so_tien FROM stg_sang_kien
                         ON CONFLICT (ma_sang_kien) DO UPDATE SET ten_sang_kien = EXCLUDED.ten_sang_kien,
                                                                  so_tien = EXCLUDED.so_tien
                         RETURNING (t.xmax = 0) AS inserted)
                     SELECT count(*) FILTER (WHERE inserted) AS rows_inserted,
                            count(*) FILTER (WHERE NOT inserted) AS rows_updated FROM upserted;""",
}


def normalise_initiatives(chunk: pd.DataFrame, load_date=None) -> pd.DataFrame:  # no dates: load_date unused
    df = chunk.copy()
    amount = pd.to_numeric(df["so_tien"], errors="coerce")
    df["so_tien_invalid"] = df["so_tien"].notna() & amount.isna()
    df["ky_tu_dieu_khien"] = control_characters(df, COLUMNS)
    return df


@pytest.fixture
def initiatives(tmp_path, monkeypatch):
    """The declaration, its suite and SQL folder in tmp_path, its reader; registered for this test only."""
    folder = tmp_path / "sql"
    folder.mkdir()
    for name, statement in SQL.items():
        (folder / name).write_text(statement, encoding="utf-8")
    suite = tmp_path / "sang_kien_rows.json"
    suite.write_text(json.dumps(SUITE, ensure_ascii=False), encoding="utf-8")
    kind = ExportKind("sang_kien", COLUMNS, normalise_initiatives, suite, key="ma_sang_kien",
                      staging_table="stg_sang_kien", staging_columns=COLUMNS,
                      checks=("quarantine_duplicates",), writes=("upsert",), load_order=9, sql_dir=folder)
    reader = spreadsheet_format("sang_kien_list", "sang_kien", COLUMNS, Layout(
        markers=("Mã sáng kiến",),
        fields={"Mã sáng kiến": ("ma_sang_kien", text), "Tên sáng kiến": ("ten_sang_kien", text),
                "Số tiền (đồng)": ("so_tien", number)}))
    monkeypatch.setitem(EXPORT_KINDS, kind.name, kind)
    monkeypatch.setattr(registry, "BUILTIN", registry.BUILTIN + (reader,))
    return kind


def test_a_throw_away_kind_loads_end_to_end(warehouse, initiatives, tmp_path, monkeypatch):
    monkeypatch.setenv("CCHC_MAX_BAD_ROW_SHARE", "0.6")
    with psycopg.connect(warehouse) as conn:  # the kind's table in dw would come with its migration
        conn.execute("CREATE TABLE sang_kien (ma_sang_kien text PRIMARY KEY, ten_sang_kien text, so_tien numeric)")
    export = tmp_path / "inbox" / "sang-kien-2025.csv"
    export.parent.mkdir()
    export.write_text("DANH SÁCH SÁNG KIẾN NĂM 2025\n"
                      "STT,Mã sáng kiến,Tên sáng kiến,Số tiền (đồng)\n"
                      "1,SK-01,Số hóa sổ hộ tịch,\"12.500.000\"\n"
                      "2,SK-02,Một cửa không giấy,abc\n"
                      "3,SK-03,Tổ công nghệ số cộng đồng,3.000.000\n"
                      "4,SK-01,Số hóa sổ hộ tịch (bản sửa),\"13.000.000\"\n", encoding="utf-8")
    summary = ingest([export.parent], source="test", load_date=date(2025, 12, 20), progress=lambda _: None)
    [result] = summary.files
    assert (result.format, result.status, result.rows_read, result.rows_quarantined, result.rows_loaded,
            result.rows_inserted, result.rows_updated) == ("sang_kien_list", "loaded", 4, 2, 2, 2, 0)
    assert query(warehouse, "SELECT ma_sang_kien, ten_sang_kien, so_tien FROM sang_kien ORDER BY 1") == [
        ("SK-01", "Số hóa sổ hộ tịch (bản sửa)", 13000000), ("SK-03", "Tổ công nghệ số cộng đồng", 3000000)]
    assert query(warehouse, "SELECT row_no, rule, value FROM audit.quarantine ORDER BY row_no") == [
        (3, "ma_sang_kien_trung", "SK-01"), (4, "so_tien_khong_phai_so", "abc")]  # row 6 is the SK-01 kept
    assert summary.quarantine_by_reason == {"so_tien_khong_phai_so": 1, "ma_sang_kien_trung": 1}
    # the same content again is skipped; a changed file updates
    assert [f.status for f in ingest([export], source="test", progress=lambda _: None).files] == ["skipped"]
    export.write_text(export.read_text(encoding="utf-8").replace("3.000.000", "3.500.000"), encoding="utf-8")
    [again] = ingest([export], source="test", progress=lambda _: None).files
    assert (again.status, again.rows_inserted, again.rows_updated) == ("loaded", 0, 2)
