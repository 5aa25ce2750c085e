"""The national sync payload (DVCQG ``DongBoHoSoMC``): ``{"madonvi", "service", "data": [dossier, ...]}``."""
from __future__ import annotations

import codecs
import re
import unicodedata
from datetime import datetime
from pathlib import Path
from typing import Iterator

import orjson
import pandas as pd

from etl.canonical import CANONICAL_DATE_FORMAT, DEFAULT_CHUNK_ROWS, DOSSIER_COLUMNS, SourceError, frame_from_records
from etl.sources.format import SourceFormat

SERVICE = "DongBoHoSoMC"

# source field -> canonical column, for fields copied as text
TEXT_FIELDS = {
    "MaHoSo": "ma_ho_so",
    "MaTTHC": "ma_tthc",
    "TenTTHC": "ten_tthc",
    "MaLinhVuc": "ma_linh_vuc",
    "TenLinhVuc": "ten_linh_vuc",
    "DonViXuLy": "don_vi_xu_ly",
    "KenhThucHien": "kenh_thuc_hien",
    "LoaiDoiTuong": "loai_doi_tuong",
    "ChuHoSo": "chu_ho_so",
    "SoDienThoai": "so_dien_thoai",
    "Email": "email",
    "SoGiayToChuHoSo": "so_giay_to",
    "NgayNopHoSo": "ngay_nop_ho_so",
    "NgayTiepNhan": "ngay_tiep_nhan",
    "NgayHenTra": "ngay_hen_tra",
    "NgayKetThucXuLy": "ngay_ket_thuc_xu_ly",
    "NgayTra": "ngay_tra",
    "TrangThaiHoSo": "trang_thai_ho_so",
    "HinhThuc": "hinh_thuc",
    "DuocThanhToanTrucTuyen": "duoc_thanh_toan_truc_tuyen",
}
# fields read into derived columns (fees, documents, results, supplements) or deliberately not kept in dw
DERIVED_FIELDS = {
    "MaDonVi",
    "DanhSachLePhi",
    "TaiLieuNop",
    "HoSoCoThanhPhanSoHoa",
    "DanhSachGiayToKetQua",
    "DanhSachHoSoBoSung",
    "TrichYeuHoSo",  # free text that may name the applicant: kept only in the landing file
}
KNOWN_FIELDS = set(TEXT_FIELDS) | DERIVED_FIELDS


def sniff(path: Path) -> bool:
    """Every .json file is taken for a sync payload: reading it says precisely what is wrong if it is not."""
    return path.suffix.lower() == ".json"


def read(path: Path, chunk_rows: int = DEFAULT_CHUNK_ROWS) -> Iterator[pd.DataFrame]:
    document = _load(path)
    envelope_unit = _text(document.get("madonvi"))
    records: list[dict] = []
    for row_no, item in enumerate(document["data"], start=1):
        records.append(_record(row_no, item, envelope_unit))
        if len(records) == chunk_rows:
            yield frame_from_records(records, DOSSIER_COLUMNS)
            records = []
    if records:
        yield frame_from_records(records, DOSSIER_COLUMNS)


def metadata(path: Path) -> dict:
    """The envelope's fields, from the first bytes only (the file is parsed once, by ``read``)."""
    with path.open("rb") as f:
        head = f.read(4096).decode("utf-8", errors="replace")
    return {key: match.group(1) for key in ("madonvi", "service", "isUpdating")
            if (match := re.search(rf'"{key}"\s*:\s*"?([^",}}]*)', head))}


def _load(path: Path) -> dict:
    raw = path.read_bytes()
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
    try:
        document = orjson.loads(raw)
    except orjson.JSONDecodeError as e:
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as bad:
            line = raw[: bad.start].count(b"\n") + 1
            if bad.reason == "unexpected end of data":  # the file stops inside a letter: it was cut
                raise SourceError(path, f"JSON bị cắt cụt (tệp dừng giữa một ký tự, ở byte {bad.start})",
                                  row=line) from None
            raise SourceError(path, f"không phải UTF-8 (byte 0x{raw[bad.start]:02x} ở vị trí {bad.start})",
                              row=line) from None
        raise SourceError(path, f"JSON không hợp lệ hoặc bị cắt cụt: {e.msg} (cột ký tự {e.colno})",
                          row=e.lineno) from None
    if not isinstance(document, dict) or not isinstance(document.get("data"), list):
        raise SourceError(path, 'không phải gói đồng bộ hồ sơ: thiếu mảng "data"')
    service = document.get("service")
    if service not in (None, SERVICE):
        raise SourceError(path, f'dịch vụ "{service}" không được hỗ trợ (cần "{SERVICE}")', column="service")
    return document


def _record(row_no: int, item: object, envelope_unit: str | None) -> dict:
    if not isinstance(item, dict):  # kept whole so that validation quarantines it with its content
        return {"row_no": row_no, "extra": orjson.dumps({"_phan_tu": item}).decode()}
    record = {}
    for field, column in TEXT_FIELDS.items():  # the hot loop of a load: strings inline, the rest via _text
        value = item.get(field)
        if value.__class__ is str:
            value = value.strip()
            record[column] = (value if value.isascii() else unicodedata.normalize("NFC", value)) or None
        else:
            record[column] = _text(value)
    record["row_no"] = row_no
    record["ma_don_vi"] = _text(item.get("MaDonVi")) or envelope_unit
    fees = _objects(item.get("DanhSachLePhi"))
    record["phi_le_phi"] = _fee_total(fees)
    documents = _objects(item.get("TaiLieuNop"))
    digitised = _flag(item.get("HoSoCoThanhPhanSoHoa")) or any(_flag(d.get("DuocSoHoa")) for d in documents)
    record["so_hoa_thanh_phan"] = "1" if digitised else "0"
    results = _objects(item.get("DanhSachGiayToKetQua"))
    record["ket_qua_dien_tu"] = "1" if any(_text(r.get("DuongDanTepTinKetQua")) for r in results) else "0"
    supplements = _objects(item.get("DanhSachHoSoBoSung"))
    record["so_lan_bo_sung"] = str(len(supplements))
    record["ngay_cho_bo_sung"] = _supplement_wait_days(supplements)
    unknown = {k: v for k, v in item.items() if k not in KNOWN_FIELDS}
    record["extra"] = _nfc(orjson.dumps(unknown).decode()) if unknown else None
    return record


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return _nfc(text) or None


def _nfc(text: str) -> str:
    """Vietnamese text in composed form (a file may mix "dựng sẵn" and "tổ hợp" input)."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def _flag(value: object) -> bool:
    return _text(value) in {"1", "true", "True"}


def _objects(value: object) -> list[dict]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _fee_total(fees: list[dict]) -> str | None:
    if not fees:
        return None
    total = 0.0
    for fee in fees:
        try:
            total += float(_text(fee.get("Gia")) or 0)
        except ValueError:
            return _text(fee.get("Gia"))  # passed through: validation quarantines a non-numeric fee
    return f"{total:.0f}"


def _supplement_wait_days(supplements: list[dict]) -> str | None:
    """Days between asking for and receiving each supplement, summed (None: none received yet). A supplement
    received before it was asked (a wrong date, 9999 for 2024) counts negative, so that the suite's range rule
    quarantines the row instead of hiding the date."""
    total, known = 0.0, False
    for s in supplements:
        try:
            asked = datetime.strptime(_text(s.get("NgayBoSung")) or "", CANONICAL_DATE_FORMAT)
            received = datetime.strptime(_text(s.get("NgayTiepNhanBoSung")) or "", CANONICAL_DATE_FORMAT)
        except ValueError:
            continue
        total += (received - asked).total_seconds() / 86400
        known = True
    return f"{total:.2f}" if known else None


FORMAT = SourceFormat(
    name="dossier_json",
    kind="dossier",
    extensions=(".json",),
    columns=DOSSIER_COLUMNS,
    sniff=sniff,
    read=read,
    metadata=metadata,
)
