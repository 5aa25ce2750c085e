"""The procedure catalogue "Danh mục TTHC" (docs/formats.md §3), .xlsx or .csv.

Every column of §3 except STT is required. Values outside the lists of §3 are passed through
unchanged for validation to quarantine.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pandas as pd

from etl.sources.base import DEFAULT_CHUNK_ROWS, PROCEDURE_COLUMNS, SourceFormat
from etl.sources.spreadsheet import (
    EXTENSIONS,
    Layout,
    choice,
    chunked,
    has_header,
    number,
    read_metadata,
    read_records,
    text,
    yes_no,
)

LEVELS = {"Cấp xã": "xa", "Cấp huyện": "huyen", "Cấp tỉnh": "tinh"}
ONLINE_LEVELS = {"Không": "khong", "Một phần": "mot_phan", "Toàn trình": "toan_trinh"}
KINDS = {"Một cửa": "0", "Liên thông": "1"}

LAYOUT = Layout(
    markers=("Mã TTHC", "Mức độ DVCTT"),
    fields={
        "Mã TTHC": ("ma_tthc", text),
        "Tên thủ tục hành chính": ("ten_tthc", text),
        "Mã lĩnh vực": ("ma_linh_vuc", text),
        "Lĩnh vực": ("ten_linh_vuc", text),
        "Cấp thực hiện": ("cap_thuc_hien", choice(LEVELS)),
        "Mức độ DVCTT": ("muc_do_dvctt", choice(ONLINE_LEVELS)),
        "Loại": ("lien_thong", choice(KINDS)),
        "Thời hạn giải quyết (ngày)": ("thoi_han_ngay", number),
        "Có phí, lệ phí": ("co_phi", yes_no),
    },
)


def sniff(path: Path) -> bool:
    return has_header(path, LAYOUT)


def read(path: Path, chunk_rows: int = DEFAULT_CHUNK_ROWS) -> Iterator[pd.DataFrame]:
    return chunked(read_records(path, LAYOUT), PROCEDURE_COLUMNS, chunk_rows)


def metadata(path: Path) -> dict:
    return read_metadata(path, LAYOUT)


FORMAT = SourceFormat(
    name="procedure_catalogue",
    kind="procedure",
    extensions=EXTENSIONS,
    columns=PROCEDURE_COLUMNS,
    sniff=sniff,
    read=read,
    metadata=metadata,
)
