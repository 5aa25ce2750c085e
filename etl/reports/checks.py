"""Refuse a report whose figures cannot be right, before any file of it is written: a share outside 0–100%, a
part larger than the base it is a share of, or parts that do not add up to their total. A unit's report that
fails is recorded with the reason (``etl.reports.produce``); the others are still made.

The marts are built so that none of this happens (mart.cchc_summary's CHECK constraints hold the same
identities); this is the last look before a figure reaches an official, and it also guards the figures that
are not stored together (the QĐ 766 indicators, the Biểu 06 lines, the ranking of the units below).
"""
from __future__ import annotations

from decimal import Decimal

from etl import vi
from etl.reports import wording
from etl.reports.model import ReportData

_TOLERANCE = Decimal("0.000001")  # restated split units carry fractional shares
RATES = {  # the rates of a summary (and of a unit of Bảng 2), as a report names them
    "ty_le_giai_quyet_dung_han": "Tỷ lệ giải quyết trước hạn, đúng hạn",
    "ty_le_truc_tuyen": "Tỷ lệ hồ sơ tiếp nhận trực tuyến",
    "ty_le_truc_tuyen_mot_phan": "Tỷ lệ hồ sơ dịch vụ công trực tuyến một phần",
    "ty_le_truc_tuyen_toan_trinh": "Tỷ lệ hồ sơ dịch vụ công trực tuyến toàn trình",
    "ty_le_thanh_toan_truc_tuyen": "Tỷ lệ thanh toán trực tuyến",
    "ty_le_so_hoa_ho_so": "Tỷ lệ số hóa thành phần hồ sơ",
    "ty_le_so_hoa_ket_qua": "Tỷ lệ kết quả giải quyết điện tử",
}


class ReportCheckError(ValueError):
    """The figures of a report are not consistent; the message lists every problem in Vietnamese."""


def check_report(data: ReportData) -> None:
    """Raises ``ReportCheckError`` naming every figure of ``data`` that cannot be printed."""
    found = problems(data)
    if found:
        raise ReportCheckError(f"Báo cáo {data.period.label.lower()} của {data.unit.issuer} không được lập vì số "
                               f"liệu không hợp lệ: " + "; ".join(found) + ".")


def problems(data: ReportData) -> list[str]:
    return _summary_problems(data) + _bieu06_problems(data) + _indicator_problems(data) + _children_problems(data)


def _adds_up(label: str, total, parts: list) -> list[str]:
    if abs(total - sum(parts, Decimal(0))) > _TOLERANCE:
        return [f"{label}: tổng {vi.count(total)} khác tổng các phần {' + '.join(vi.count(p) for p in parts)}"]
    return []


def _within(label: str, part, whole) -> list[str]:
    if part is None or whole is None:
        return []
    if part < 0 or part - whole > _TOLERANCE:
        return [f"{label}: {vi.count(part)}/{vi.count(whole)} (tử số phải từ 0 đến mẫu số)"]
    return []


def _share(label: str, value) -> list[str]:
    if value is not None and not Decimal(0) <= value <= Decimal(100):
        return [f"{label}: tỷ lệ {vi.percent(value)} nằm ngoài khoảng 0–100%"]
    return []


def _summary_problems(data: ReportData) -> list[str]:
    s = data.summary
    found = [
        *_adds_up("Hồ sơ tiếp nhận", s.tiep_nhan_tong,
                  [s.tiep_nhan_truc_tuyen, s.tiep_nhan_truc_tiep, s.tiep_nhan_bcci, s.tiep_nhan_ky_truoc]),
        *_adds_up("Hồ sơ tiếp nhận mới", s.nhan_moi, [s.tiep_nhan_truc_tuyen, s.tiep_nhan_truc_tiep, s.tiep_nhan_bcci]),
        *_adds_up("Hồ sơ tiếp nhận (đã và đang giải quyết)", s.tiep_nhan_tong, [s.da_giai_quyet_tong, s.dang_giai_quyet_tong]),
        *_adds_up("Hồ sơ đã giải quyết", s.da_giai_quyet_tong,
                  [s.da_giai_quyet_truoc_han, s.da_giai_quyet_dung_han, s.da_giai_quyet_qua_han]),
        *_adds_up("Hồ sơ đang giải quyết", s.dang_giai_quyet_tong, [s.dang_giai_quyet_trong_han, s.dang_giai_quyet_qua_han]),
        *_within("Số TTHC có phát sinh hồ sơ", s.so_tthc_co_ho_so, s.so_tthc),
        *_within("TTHC một cửa và một cửa liên thông", s.so_tthc_mot_cua + s.so_tthc_lien_thong, s.so_tthc),
        *_within("TTHC cung cấp dịch vụ công trực tuyến", s.so_tthc_mot_phan + s.so_tthc_toan_trinh, s.so_tthc),
        *_within("Hồ sơ trực tuyến theo mức độ", s.ho_so_truc_tuyen_mot_phan + s.ho_so_truc_tuyen_toan_trinh,
                 s.tiep_nhan_truc_tuyen),
        *_within("Hồ sơ có nghĩa vụ tài chính", s.ho_so_co_phi, s.nhan_moi),
        *_within("Thanh toán trực tuyến", s.ho_so_thanh_toan_truc_tuyen, s.ho_so_co_phi),
        *_within("Số hóa thành phần hồ sơ", s.ho_so_so_hoa, s.nhan_moi),
        *_within("Hồ sơ lĩnh vực chứng thực", s.ho_so_chung_thuc, s.nhan_moi),
        *_within("Kết quả điện tử", s.ket_qua_dien_tu, s.giai_quyet_trong_ky),
        *_within("Trả kết quả qua bưu chính công ích", s.tra_ket_qua_bcci, s.giai_quyet_trong_ky),
        *_within("Hồ sơ rút, dừng xử lý", s.da_giai_quyet_rut_dung, s.da_giai_quyet_dung_han),
    ]
    for name, label in RATES.items():
        found += _share(label, getattr(s, name))
    return found


_B06_PARTS = (("tiep_nhan_tong", ("tiep_nhan_truc_tuyen", "tiep_nhan_truc_tiep_bcci", "tiep_nhan_ky_truoc")),
              ("tiep_nhan_tong", ("da_giai_quyet_tong", "dang_giai_quyet_tong")),
              ("da_giai_quyet_tong", ("da_giai_quyet_truoc_han", "da_giai_quyet_dung_han", "da_giai_quyet_qua_han")),
              ("dang_giai_quyet_tong", ("dang_giai_quyet_trong_han", "dang_giai_quyet_qua_han")))


def _bieu06_problems(data: ReportData) -> list[str]:
    found = []
    for row in data.bieu06:
        for total, parts in _B06_PARTS:
            found += _adds_up(f"Biểu 06, dòng \"{row.field_name}\"", getattr(row, total),
                              [getattr(row, part) for part in parts])
    return found


def _indicator_problems(data: ReportData) -> list[str]:
    found = []
    for i in data.indicators:
        found += _within(f"Chỉ số QĐ 766 \"{i.name}\"", i.numerator, i.denominator)
        found += _share(f"Chỉ số QĐ 766 \"{i.name}\"", i.ratio)
        if i.score is not None and not Decimal(0) <= i.score <= i.max_score:
            found.append(f"Chỉ số QĐ 766 \"{i.name}\": điểm {vi.number(i.score, 2)} ngoài khoảng 0–"
                         f"{vi.number(i.max_score, 2)}")
    return found


def _children_problems(data: ReportData) -> list[str]:
    found = []
    if data.children:  # Bảng 2's row of the unit's own dossiers is its totals less the listed units
        own = wording.own_unit(data)
        for name, what in (("tiep_nhan_tong", "hồ sơ tiếp nhận"), ("da_giai_quyet_tong", "hồ sơ đã giải quyết"),
                           ("nhan_moi", "hồ sơ tiếp nhận mới"), ("ho_so_co_phi", "hồ sơ có nghĩa vụ tài chính")):
            if getattr(own, name) < -_TOLERANCE:
                found.append(f"Bảng 2: các đơn vị trực thuộc có nhiều {what} hơn tổng số của đơn vị")
    for child in data.children:
        for name in ("ty_le_giai_quyet_dung_han", "ty_le_truc_tuyen", "ty_le_thanh_toan_truc_tuyen"):
            found += _share(f"{RATES[name]} của {child.name}", getattr(child, name))
        found += _within(f"Điểm QĐ 766 của {child.name}", child.diem_766, child.diem_766_toi_da)
    return found
