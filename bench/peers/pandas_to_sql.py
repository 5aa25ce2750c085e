"""Peer: the load a team would write in an afternoon with pandas — no validation, no merge.

Each sync payload is parsed with ``json``, its ``data`` flattened with ``pandas.json_normalize`` and appended to
one table with ``DataFrame.to_sql`` (SQLAlchemy + psycopg 3, pandas' default insert method: one executemany
per chunk, which psycopg 3 sends in pipeline mode). The columns are the documented fields of the sync format
(docs/formats.md §1), so a file that adds a field (MaHoSoCu, SoBienNhan) does not break the append; other fields
are dropped. The four lists (fees, attachments, results, supplement requests) go into jsonb columns; dates stay
the text they were sent as; a dossier sent twice is stored twice.

Runs with the scratch virtualenv's python (bench/peers/harness.py installs pandas, SQLAlchemy, psycopg):

    python pandas_to_sql.py FOLDER postgresql://user@host:port/db

Prints one JSON line: rows read, rows in the table, load seconds (first file opened to last row committed).
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

TABLE = "dossier"
TEXTS = ["MaHoSo", "MaTTHC", "TenTTHC", "MaLinhVuc", "TenLinhVuc", "ChuHoSo", "SoDienThoai", "Email",
         "SoGiayToChuHoSo", "TrichYeuHoSo", "NgayNopHoSo", "NgayTiepNhan", "NgayHenTra", "NgayKetThucXuLy", "NgayTra",
         "DonViXuLy", "MaDonVi"]
INTEGERS = ["KenhThucHien", "LoaiDoiTuong", "TrangThaiHoSo", "HinhThuc", "DuocThanhToanTrucTuyen",
            "HoSoCoThanhPhanSoHoa"]
LISTS = ["DanhSachLePhi", "TaiLieuNop", "DanhSachGiayToKetQua", "DanhSachHoSoBoSung"]
COLUMNS = TEXTS + INTEGERS + LISTS
# Declared, not inferred per file: a file where a column is all null (no KenhThucHien) would otherwise bind it as
# text against the integer column the first file created.
TYPES = {**{c: sa.Text() for c in TEXTS}, **{c: sa.Integer() for c in INTEGERS}, **{c: JSONB() for c in LISTS}}
CHUNK_ROWS = 10_000


def main(folder: Path, url: str) -> dict:
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    started = time.perf_counter()
    rows_read = 0
    for path in sorted(folder.glob("dossiers/**/*.json")):
        with path.open(encoding="utf-8") as source:
            payload = json.load(source)
        frame = pd.json_normalize(payload["data"]).reindex(columns=COLUMNS)
        frame.to_sql(TABLE, engine, if_exists="append", index=False, chunksize=CHUNK_ROWS, dtype=TYPES)
        rows_read += len(frame)
    load_seconds = time.perf_counter() - started
    with engine.connect() as conn:
        rows_in_table = conn.execute(sa.text("SELECT count(*) FROM dossier")).scalar_one()
    return {"rows_read": rows_read, "rows_in_table": rows_in_table, "load_seconds": round(load_seconds, 3)}


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]), sys.argv[2])), flush=True)
