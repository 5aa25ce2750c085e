"""The warehouse's figures of a unit and period, as the read-only sheet "Số liệu từ hệ thống" of the workbook
shows them: what the report quotes from the TTHC systems (mart.cchc_summary, read by the report's own
sql/reports/summary.sql), worded and formatted as the report words them, so that the official sees the whole
report's numbers in one place while filling in the rest.
"""
from __future__ import annotations

import psycopg
from psycopg.rows import class_row

from etl import vi
from etl.db import sql
from etl.periods import Period
from etl.reports.model import Summary
from etl.reports.wording import rate_or_none, ratio_text


def warehouse_figures(conn: psycopg.Connection, unit_code: str, period: Period,
                      restated: bool) -> list[tuple[str, str]]:
    """(label, formatted value) of the unit's summary of ``period``; [] when the mart has not been refreshed for
    it (``cchc mart refresh``)."""
    key = {"calendar": period.calendar, "period_code": period.code, "unit_code": unit_code, "restated": restated}
    summary = conn.cursor(row_factory=class_row(Summary)).execute(sql("reports/summary"), key).fetchone()
    return [] if summary is None else summary_figures(summary)


def summary_figures(s: Summary) -> list[tuple[str, str]]:
    """The figures of a summary, each labelled with the report section that quotes it."""
    def dossiers(value) -> str:
        return f"{vi.count(value)} hồ sơ"

    def procedures(value) -> str:
        return f"{vi.count(value)} thủ tục"

    new = "hồ sơ tiếp nhận mới"
    return [
        ("Số TTHC đang áp dụng (mục II.2.1)", f"{procedures(s.so_tthc)} thuộc {vi.count(s.so_linh_vuc)} lĩnh vực"),
        ("Số TTHC thực hiện theo cơ chế một cửa (mục II.2.1)", procedures(s.so_tthc_mot_cua)),
        ("Số TTHC thực hiện theo cơ chế một cửa liên thông (mục II.2.1)", procedures(s.so_tthc_lien_thong)),
        ("Số TTHC có phát sinh hồ sơ trong kỳ (mục II.2.1)", procedures(s.so_tthc_co_ho_so)),
        ("Tổng số hồ sơ đã tiếp nhận (mục II.2.2)", dossiers(s.tiep_nhan_tong)),
        ("– Tiếp nhận trực tiếp", dossiers(s.tiep_nhan_truc_tiep)),
        ("– Qua dịch vụ bưu chính công ích", dossiers(s.tiep_nhan_bcci)),
        ("– Trực tuyến", dossiers(s.tiep_nhan_truc_tuyen)),
        ("– Kỳ trước chuyển qua", dossiers(s.tiep_nhan_ky_truoc)),
        ("Số hồ sơ tiếp nhận mới trong kỳ (mục II.2.2)", dossiers(s.nhan_moi)),
        ("Số hồ sơ đã giải quyết (mục II.2.2)", dossiers(s.da_giai_quyet_tong)),
        ("– Trước hạn", dossiers(s.da_giai_quyet_truoc_han)),
        ("– Đúng hạn", dossiers(s.da_giai_quyet_dung_han)),
        ("– Quá hạn", dossiers(s.da_giai_quyet_qua_han)),
        ("Tỷ lệ giải quyết trước hạn, đúng hạn (mục II.2.2)", rate_or_none(s.ty_le_giai_quyet_dung_han)),
        ("Số hồ sơ đang giải quyết (mục II.2.2)", dossiers(s.dang_giai_quyet_tong)),
        ("– Còn trong hạn", dossiers(s.dang_giai_quyet_trong_han)),
        ("– Đã quá hạn", dossiers(s.dang_giai_quyet_qua_han)),
        ("Thanh toán trực tuyến / hồ sơ có nghĩa vụ tài chính (mục II.2.2)",
         ratio_text(s.ho_so_thanh_toan_truc_tuyen, s.ho_so_co_phi, s.ty_le_thanh_toan_truc_tuyen)),
        ("Số TTHC cung cấp dịch vụ công trực tuyến toàn trình (mục II.6.1)", procedures(s.so_tthc_toan_trinh)),
        ("Số TTHC cung cấp dịch vụ công trực tuyến một phần (mục II.6.1)", procedures(s.so_tthc_mot_phan)),
        ("Tỷ lệ hồ sơ tiếp nhận trực tuyến / hồ sơ tiếp nhận mới (mục II.6.1)", rate_or_none(s.ty_le_truc_tuyen)),
        ("Hồ sơ dịch vụ công trực tuyến toàn trình (mục II.6.1)",
         ratio_text(s.ho_so_truc_tuyen_toan_trinh, s.nhan_moi, s.ty_le_truc_tuyen_toan_trinh, new)),
        ("Hồ sơ dịch vụ công trực tuyến một phần (mục II.6.1)",
         ratio_text(s.ho_so_truc_tuyen_mot_phan, s.nhan_moi, s.ty_le_truc_tuyen_mot_phan, new)),
        ("Số hóa thành phần hồ sơ khi tiếp nhận (mục II.6.1)",
         ratio_text(s.ho_so_so_hoa, s.nhan_moi, s.ty_le_so_hoa_ho_so, new)),
        ("Số hóa kết quả giải quyết (mục II.6.1)",
         ratio_text(s.ket_qua_dien_tu, s.giai_quyet_trong_ky, s.ty_le_so_hoa_ket_qua, "hồ sơ có kết quả trong kỳ")),
        ("Trả kết quả qua dịch vụ bưu chính công ích (mục II.6.1)", dossiers(s.tra_ket_qua_bcci)),
        ("Hồ sơ lĩnh vực chứng thực tiếp nhận mới (mục II.6.1)", dossiers(s.ho_so_chung_thuc)),
    ]
