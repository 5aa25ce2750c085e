"""The canonical frames: the contract between the readers (``etl.sources``) and the rest of the pipeline.

A reader takes a path and yields pandas DataFrames ("chunks") of at most ``chunk_rows`` rows whose
columns are exactly the canonical columns of its kind (below), in that order, every value a ``str``
or ``None``. Readers do not interpret values beyond putting them in canonical text form:

* dates become ``yyyyMMddHHmmss`` text (local time, Asia/Ho_Chi_Minh); a value that cannot be
  converted is passed through unchanged so that validation quarantines it with a clear reason;
* codes stay text exactly as written (leading zeros and dots kept);
* yes/no columns become ``"1"``/``"0"``; numbers become plain decimal text (``"50000"``, ``"0.5"``);
* ``row_no`` is the row's position in the file as a person would find it (1-based data row for JSON,
  the spreadsheet row number for .xlsx/.xls/.csv).

A problem with the whole file (cannot be parsed, required column missing, encoding not recognised,
a total row that does not add up) raises
:class:`SourceError` naming the file, row and column.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

DEFAULT_CHUNK_ROWS = 50_000

DOSSIER_COLUMNS: tuple[str, ...] = (
    "row_no",
    "ma_ho_so",
    "ma_tthc",
    "ten_tthc",
    "ma_linh_vuc",
    "ten_linh_vuc",
    "ma_don_vi",
    "don_vi_xu_ly",
    "kenh_thuc_hien",  # "1" trực tiếp, "2" trực tuyến, "3" BCCI, None = not given
    "loai_doi_tuong",  # "1" công dân, "2" doanh nghiệp
    "chu_ho_so",  # personal data from here ...
    "so_dien_thoai",
    "email",
    "so_giay_to",  # ... to here
    "ngay_nop_ho_so",
    "ngay_tiep_nhan",
    "ngay_hen_tra",
    "ngay_ket_thuc_xu_ly",
    "ngay_tra",
    "trang_thai_ho_so",  # "1".."10"
    "hinh_thuc",  # "1" result returned by post
    "duoc_thanh_toan_truc_tuyen",  # "0", "1" DVCQG, "2" provincial gateway, "3" paid online, gateway not stated
    "phi_le_phi",  # total fee in đồng, None = no fee information
    "so_hoa_thanh_phan",  # "1" at least one digitised component
    "ket_qua_dien_tu",  # "1" an electronic result file was issued
    "so_lan_bo_sung",  # number of supplement requests
    "ngay_cho_bo_sung",  # days spent waiting for supplements, None if unknown
    "extra",  # JSON text of fields the format does not know, None if none
)
PERSONAL_COLUMNS: tuple[str, ...] = ("chu_ho_so", "so_dien_thoai", "email", "so_giay_to")
DATE_COLUMNS: tuple[str, ...] = (
    "ngay_nop_ho_so",
    "ngay_tiep_nhan",
    "ngay_hen_tra",
    "ngay_ket_thuc_xu_ly",
    "ngay_tra",
)
CANONICAL_DATE_FORMAT = "%Y%m%d%H%M%S"

PROCEDURE_COLUMNS: tuple[str, ...] = (
    "row_no",
    "ma_tthc",
    "ten_tthc",
    "ma_linh_vuc",
    "ten_linh_vuc",
    "cap_thuc_hien",  # "xa" | "huyen" | "tinh"
    "muc_do_dvctt",  # "khong" | "mot_phan" | "toan_trinh"
    "lien_thong",  # "1" liên thông, "0" một cửa
    "thoi_han_ngay",  # statutory time limit in working days, decimal text
    "co_phi",  # "1" | "0"
    "hieu_luc_tu",  # effective date, yyyyMMddHHmmss; None = the load date (a first version: every earlier day)
)

UNIT_COLUMNS: tuple[str, ...] = (
    "row_no",
    "ma_dvhc",  # GSO code
    "ten_don_vi",
    "cap",  # "tinh" | "huyen" | "xa"
    "loai",  # the kind as written: Tỉnh, Huyện, Thị xã, Thành phố, Xã, Phường, Thị trấn
    "ma_dinh_danh",  # agency code, the MaDonVi of dossiers
    "ma_dvhc_cha",  # parent's GSO code, None for the province
    "hieu_luc_tu",  # effective date, yyyyMMddHHmmss; None = the load date (a first version: every earlier day)
)

LINEAGE_COLUMNS: tuple[str, ...] = (
    "row_no",
    "ma_dvhc_cu",
    "ten_don_vi_cu",
    "ma_dinh_danh_cu",  # agency code of the old unit
    "ma_dvhc_moi",
    "ten_don_vi_moi",
    "ma_dinh_danh_moi",  # agency code of the new unit, None = dissolved
    "hieu_luc_tu",  # first day of the new unit, yyyyMMddHHmmss
    "ty_le",  # share in percent, decimal text; None = 100
    "can_cu",  # legal basis
)

PETITION_COLUMNS: tuple[str, ...] = (
    "row_no",
    "ma_pakn",  # PAKN code, natural key
    "ngay_tiep_nhan",  # received, yyyyMMddHHmmss
    "ma_don_vi",  # agency code of the handling unit
    "don_vi_xu_ly",  # its name, None if not given
    "phan_loai",  # category as written (e.g. Quy định hành chính, Hành vi công chức)
    "linh_vuc",  # field as written, None if not given
    "han_xu_ly",  # due date, yyyyMMddHHmmss; None = 15 working days after receipt
    "ngay_xu_ly_xong",  # handled-on date, None = not yet handled
    "ket_qua",  # result as written
    "danh_gia",  # "1" hài lòng, "0" không hài lòng, None = not rated
    "ma_ho_so",  # related dossier code, None if none
)

RATING_COLUMNS: tuple[str, ...] = (
    "row_no",
    "ma_ho_so",  # the rated dossier
    "ngay_danh_gia",  # rated at, yyyyMMddHHmmss
    "muc_danh_gia",  # the level as written (NFC), e.g. "Rất hài lòng"
    "diem_danh_gia",  # "1".."5" (5 = rất hài lòng); None when the level is not recognised
    "kenh_danh_gia",  # rating channel as written, None if not given
)

# The fill-in workbook "Phiếu số liệu báo cáo CCHC" (etl/sources/report_inputs.py): one row per cell a unit fills,
# so that every message names the sheet, row and label of one cell.
REPORT_INPUT_COLUMNS: tuple[str, ...] = (
    "row_no",  # the row on its sheet
    "trang",  # the sheet: Thông tin phiếu, Số liệu, or a list's sheet (Văn bản, …)
    "phan",  # "thong_tin" (a cell of Thông tin phiếu), "so_lieu" (an item of Số liệu), or the list's code
    "ma",  # the key of Thông tin phiếu, the item's code, or the list column's code
    "nhan",  # its label (the catalogue's, config/report_inputs.yaml)
    "kieu",  # its type: an item or list column type of the catalogue, or "ma" (a code)
    "gia_tri",  # the cell: text NFC, numbers as plain decimal text, dates yyyyMMddHHmmss; None when empty
    "lay_tu_ky_truoc",  # "1" when the row's Ghi chú marks it pre-filled from the previous period, else "0"
    "ma_don_vi",  # of the workbook (Thông tin phiếu), on every row
    "ky_bao_cao",  # the period code, e.g. nam:2025
    "phien_ban",  # the template version
)


class SourceError(Exception):
    """A file-level problem: the file (or part of it) cannot be read at all."""

    def __init__(self, path: Path | str, message: str, row: int | None = None, column: str | None = None):
        self.path = str(path)
        self.row = row
        self.column = column
        self.message = message
        super().__init__(self.describe(Path(self.path).name))

    def describe(self, file_name: str) -> str:
        """The message naming the file as the user knows it (a landed copy has a hash in its name)."""
        where = [f"tệp {file_name}"]
        if self.row is not None:
            where.append(f"dòng {self.row}")
        if self.column is not None:
            where.append(f"cột {self.column}")
        return f"{', '.join(where)}: {self.message}"


def empty_frame(columns: tuple[str, ...]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})


def frame_from_records(records: list[dict], columns: tuple[str, ...]) -> pd.DataFrame:
    """Build a canonical chunk; every column object dtype so codes stay text."""
    if not records:
        return empty_frame(columns)
    # rows as lists: from dicts, pandas fills a missing key with NaN, not None
    return pd.DataFrame([[r.get(c) for c in columns] for r in records], columns=list(columns), dtype=object)
