"""The words a report uses for rows the loads set aside (audit.quarantine), one official phrase per rule.

Each rule that a row suite (``expectations/*_rows.json``, ``meta.rule``) or a load step
(``audit.quarantine_duplicates`` in ``sql/load/``) writes to ``audit.quarantine.rule`` has a phrase here,
completing "N hồ sơ tiếp nhận trong kỳ …": what is wrong with the record, in the words of an official,
never the rule's name (tests/test_report_notes.py fails when a rule has no phrase). A rule unknown at run time
(added without its phrase) is reported with :data:`UNKNOWN`.
"""
from __future__ import annotations

UNKNOWN = "có thông tin không hợp lệ"

# rule -> what is wrong with the record, as a predicate of "N hồ sơ tiếp nhận trong kỳ …"
PHRASES: dict[str, str] = {
    # dossiers (expectations/dossier_rows.json, sql/load/dossier/quarantine_duplicates.sql)
    "ma_ho_so_bat_buoc": "thiếu mã hồ sơ",
    "ma_ho_so_dang_van_ban": "có mã hồ sơ không đúng định dạng",
    "ma_tthc_bat_buoc": "thiếu mã thủ tục hành chính",
    "ma_don_vi_bat_buoc": "thiếu mã đơn vị xử lý",
    "trang_thai_bat_buoc": "thiếu trạng thái hồ sơ",
    "trang_thai_hop_le": "có trạng thái hồ sơ không đúng danh mục",
    "kenh_thuc_hien_hop_le": "có kênh thực hiện không đúng danh mục",
    "loai_doi_tuong_hop_le": "có loại đối tượng không đúng danh mục",
    "thanh_toan_truc_tuyen_hop_le": "có thông tin thanh toán trực tuyến không hợp lệ",
    "ngay_nop_ho_so_dinh_dang": "có ngày nộp hồ sơ không đúng định dạng",
    "ngay_tiep_nhan_dinh_dang": "có ngày tiếp nhận không đúng định dạng",
    "ngay_hen_tra_dinh_dang": "có ngày hẹn trả không đúng định dạng",
    "ngay_ket_thuc_xu_ly_dinh_dang": "có ngày kết thúc xử lý không đúng định dạng",
    "ngay_tra_dinh_dang": "có ngày trả kết quả không đúng định dạng",
    "ngay_tiep_nhan_bat_buoc": "thiếu ngày tiếp nhận",
    "ngay_tiep_nhan_trong_lich": "có ngày tiếp nhận không hợp lệ (ngoài khoảng năm 2015–2035)",
    "ngay_hen_tra_trong_lich": "có ngày hẹn trả không hợp lệ (ngoài khoảng năm 2015–2035)",
    "ngay_ket_thuc_xu_ly_trong_lich": "có ngày kết thúc xử lý không hợp lệ (ngoài khoảng năm 2015–2035)",
    "hen_tra_sau_tiep_nhan": "có ngày hẹn trả trước ngày tiếp nhận",
    "ket_thuc_sau_tiep_nhan": "có ngày kết thúc xử lý trước ngày tiếp nhận",
    "phi_le_phi_la_so": "có phí, lệ phí không phải là số",
    "phi_le_phi_khoang": "có số tiền phí, lệ phí không hợp lệ",
    "ky_tu_dieu_khien": "có ký tự không hợp lệ trong dữ liệu",
    "ngay_nop_ho_so_trong_lich": "có ngày nộp hồ sơ không hợp lệ (ngoài khoảng năm 2015–2035)",
    "ngay_tra_trong_lich": "có ngày trả kết quả không hợp lệ (ngoài khoảng năm 2015–2035)",
    "ngay_nop_ho_so_sau_ngay_nap": "có ngày nộp hồ sơ sau ngày lấy số liệu",
    "ngay_tiep_nhan_sau_ngay_nap": "có ngày tiếp nhận sau ngày lấy số liệu",
    "ngay_ket_thuc_xu_ly_sau_ngay_nap": "có ngày kết thúc xử lý sau ngày lấy số liệu",
    "ngay_tra_sau_ngay_nap": "có ngày trả kết quả sau ngày lấy số liệu",
    "so_lan_bo_sung_la_so": "có số lần bổ sung hồ sơ không phải là số nguyên",
    "so_lan_bo_sung_khoang": "có số lần bổ sung hồ sơ không hợp lệ",
    "ngay_cho_bo_sung_la_so": "có số ngày chờ bổ sung không phải là số",
    "ngay_cho_bo_sung_khoang": "có số ngày chờ bổ sung không hợp lệ",
    "hinh_thuc_hop_le": "có hình thức nhận kết quả không đúng danh mục",
    "so_hoa_thanh_phan_hop_le": "có thông tin số hóa thành phần hồ sơ không hợp lệ",
    "ket_qua_dien_tu_hop_le": "có thông tin kết quả điện tử không hợp lệ",
    "ma_ho_so_ky_tu": "có mã hồ sơ chứa ký tự lạ (ký tự trông giống chữ, số hoặc ký tự ẩn)",
    "ma_tthc_ky_tu": "có mã thủ tục hành chính chứa ký tự lạ",
    "ma_don_vi_ky_tu": "có mã đơn vị xử lý chứa ký tự lạ",
    "ma_linh_vuc_ky_tu": "có mã lĩnh vực chứa ký tự lạ",
    "ma_ho_so_trung_trong_tep": "bị trùng mã hồ sơ trong cùng một tệp dữ liệu",
    # PAKN (expectations/petition_rows.json, sql/load/petition/quarantine_duplicates.sql)
    "ma_pakn_bat_buoc": "thiếu mã phản ánh, kiến nghị",
    "han_xu_ly_dinh_dang": "có hạn xử lý không đúng định dạng",
    "ngay_xu_ly_xong_dinh_dang": "có ngày xử lý xong không đúng định dạng",
    "ngay_ngoai_lich": "có ngày không hợp lệ (ngoài khoảng năm 2015–2035)",
    "xu_ly_sau_tiep_nhan": "có ngày xử lý xong trước ngày tiếp nhận",
    "han_sau_tiep_nhan": "có hạn xử lý trước ngày tiếp nhận",
    "danh_gia_hop_le": "có kết quả đánh giá không hợp lệ",
    "ma_pakn_ky_tu": "có mã phản ánh, kiến nghị chứa ký tự lạ",
    "ngay_xu_ly_xong_sau_ngay_nap": "có ngày xử lý xong sau ngày lấy số liệu",
    "ma_pakn_trung_trong_tep": "bị trùng mã phản ánh, kiến nghị trong cùng một tệp dữ liệu",
    # ratings of dossiers (expectations/rating_rows.json, sql/load/rating/quarantine_duplicates.sql)
    "ngay_danh_gia_bat_buoc": "thiếu ngày đánh giá",
    "ngay_danh_gia_dinh_dang": "có ngày đánh giá không đúng định dạng",
    "muc_danh_gia_bat_buoc": "thiếu mức đánh giá",
    "muc_danh_gia_hop_le": "có mức đánh giá không đúng danh mục",
    "ngay_danh_gia_sau_ngay_nap": "có ngày đánh giá sau ngày lấy số liệu",
    "danh_gia_trung_trong_tep": "bị trùng đánh giá của cùng một hồ sơ trong một tệp dữ liệu",
    # the procedure catalogue (expectations/procedure_rows.json, sql/load/procedure/quarantine_duplicates.sql)
    "ten_tthc_bat_buoc": "thiếu tên thủ tục hành chính",
    "cap_thuc_hien_bat_buoc": "thiếu cấp thực hiện",
    "cap_thuc_hien_hop_le": "có cấp thực hiện không đúng danh mục",
    "muc_do_dvctt_bat_buoc": "thiếu mức độ dịch vụ công trực tuyến",
    "muc_do_dvctt_hop_le": "có mức độ dịch vụ công trực tuyến không đúng danh mục",
    "loai_hop_le": "có loại thủ tục (một cửa, liên thông) không hợp lệ",
    "co_phi_hop_le": "có thông tin phí, lệ phí không hợp lệ",
    "thoi_han_la_so": "có thời hạn giải quyết không phải là số",
    "thoi_han_khong_am": "có thời hạn giải quyết không hợp lệ",
    "ngay_hieu_luc_dinh_dang": "có ngày hiệu lực không đúng định dạng",
    "ngay_hieu_luc_khoang": "có ngày hiệu lực không hợp lệ (ngoài khoảng năm 1945–2099)",
    "ma_tthc_trung_trong_tep": "bị trùng mã thủ tục hành chính trong cùng một tệp dữ liệu",
    # the unit list (expectations/unit_rows.json, sql/load/unit/quarantine_duplicates.sql)
    "ma_dvhc_bat_buoc": "thiếu mã đơn vị hành chính",
    "ma_dvhc_dang_so": "có mã đơn vị hành chính không đúng định dạng",
    "ten_don_vi_bat_buoc": "thiếu tên đơn vị",
    "cap_bat_buoc": "thiếu cấp hành chính",
    "cap_hop_le": "có cấp hành chính không đúng danh mục",
    "ma_dinh_danh_bat_buoc": "thiếu mã định danh của cơ quan, đơn vị",
    "ma_dvhc_ky_tu": "có mã đơn vị hành chính chứa ký tự lạ",
    "ma_dvhc_cha_ky_tu": "có mã đơn vị hành chính cấp trên chứa ký tự lạ",
    "ma_dinh_danh_ky_tu": "có mã định danh chứa ký tự lạ",
    "ma_dinh_danh_trung_trong_tep": "bị trùng mã định danh trong cùng một tệp dữ liệu",
    # the reorganisation list (expectations/lineage_rows.json)
    "ma_dinh_danh_cu_bat_buoc": "thiếu mã định danh của đơn vị cũ",
    "ngay_hieu_luc_bat_buoc": "thiếu ngày hiệu lực",
    "ma_dinh_danh_cu_ky_tu": "có mã định danh của đơn vị cũ chứa ký tự lạ",
    "ma_dinh_danh_moi_ky_tu": "có mã định danh của đơn vị mới chứa ký tự lạ",
    "ma_dvhc_cu_ky_tu": "có mã đơn vị hành chính cũ chứa ký tự lạ",
    "ma_dvhc_moi_ky_tu": "có mã đơn vị hành chính mới chứa ký tự lạ",
    "ty_le_hop_le": "có tỷ lệ chuyển số liệu không hợp lệ",
    # the filled workbook Phiếu số liệu (expectations/report_input_rows.json): a bad cell refuses the whole
    # workbook, so these never stay in the quarantine; their words are still those of an official
    "phieu_khong_phai_so": "có ô số liệu ghi chữ thay vì số",
    "phieu_so_am": "có số liệu âm",
    "phieu_so_nguyen": "có số liệu phải là số nguyên nhưng ghi số thập phân",
    "phieu_ty_le_khoang": "có tỷ lệ lớn hơn 100",
    "phieu_vuot_gioi_han": "có số liệu lớn hơn số cho phép (số đã hoàn thành lớn hơn số được giao)",
    "phieu_co_khong": "có ô chỉ được ghi Có hoặc Không nhưng ghi khác",
    "phieu_muc": "có văn bản ghi mục báo cáo không có trong phiếu",
    "phieu_lua_chon": "có giá trị không thuộc danh sách chọn của phiếu",
    "phieu_ngay_dinh_dang": "có ngày không đúng định dạng",
    "phieu_ngay_sau_ky": "có ngày sau ngày chốt số liệu của kỳ báo cáo",
    "phieu_ngay_truoc_ky": "có cuộc kiểm tra ngoài kỳ báo cáo",
    "phieu_bat_buoc": "thiếu nội dung bắt buộc của phiếu",
    "phieu_ma_don_vi_ky_tu": "có mã đơn vị chứa ký tự lạ",
}

# what the rows of a kind are called in a note; sql/reports/quality.sql tells PAKN from dossiers
SUBJECTS = {"ho_so": "hồ sơ", "pakn": "phản ánh, kiến nghị"}


def phrase(rule: str | None) -> str:
    """What is wrong with a record set aside by ``rule``; the generic :data:`UNKNOWN` for a rule without one."""
    return PHRASES.get(rule or "", UNKNOWN)


def petition_formats() -> list[str]:
    """The names of the source formats whose rows are PAKN (audit.landed_file.format), for
    sql/reports/quality.sql (the other quarantined rows that name a unit are dossiers)."""
    from etl.sources.registry import formats

    return sorted(f.name for f in formats() if f.kind == "petition")
