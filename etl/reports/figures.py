"""Every figure a report prints, with its stable name (issue 12, figure-level lineage).

A figure's name is dotted lower snake case, Vietnamese without diacritics: ``tiep_nhan.truc_tuyen``,
``giai_quyet.dung_han``, ``thanh_toan_truc_tuyen.tu_so``. A rate printed as x/y has ``<rate>.tu_so`` and
``<rate>.mau_so``; a QĐ 766 indicator ``kpi766.<indicator code in lower case>.tu_so`` / ``.mau_so``; a month of
the trend chart ``theo_thang.<YYYY-MM>.ket_thuc``; a column of Biểu 06 ``bieu06.<column of mart.bieu06>`` (its
"Tổng cộng" line; a field line is chosen by field code or name, ``--field``, and the form's group, ``--nhom``:
``etl.reports.explain``); a workbook item ``phieu.<item code>``.

Each figure says where its value is read (``source``: the mart column, for people; ``read``: the place in the
report model ``ReportData``, for code) and, when it counts dossiers, which columns of the lineage rows list them
(``flags``: a row belongs when any is true). The rows are those of the SQL functions of migration 0023
(``mart.figure_dossiers`` for the report period, ``mart.figure_dossiers_kpi766`` for the calendar twin,
``mart.figure_petitions``), grouped as ``GROUPS``: one sheet each in the chi-tiet workbook. A figure that counts
no dossiers (catalogue counts, communes, what the unit stated in its workbook) is named too, with ``not_listed``
saying what it counts instead.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from etl.inputs.catalogue import catalogue
from etl.reports.model import ReportData

HO_SO, KPI766, PAKN = "ho_so", "kpi766", "pakn"  # where a group's rows come from (etl.reports.explain)

NOT_DOSSIERS_CATALOGUE = "đếm thủ tục của danh mục TTHC có hiệu lực ngày cuối kỳ, không phải hồ sơ"
NOT_DOSSIERS_INPUT = "số liệu đơn vị tự báo cáo trong phiếu số liệu, không phải danh sách hồ sơ của kho"


@dataclass(frozen=True)
class Column:
    """A column of the lineage rows shown in a list: its name in the SQL function and its Vietnamese header."""
    name: str
    header: str


@dataclass(frozen=True)
class Group:
    """A figure group: one SQL function of mart, one sheet of the chi-tiet workbook. Its rows are those of
    ``source`` where any of its ``flags`` is true; ``columns`` are the columns that decide their membership."""
    code: str
    title: str  # the sheet's name
    source: str  # HO_SO, KPI766 or PAKN
    function: str  # the SQL function that lists the group
    columns: tuple[Column, ...]
    flags: tuple[Column, ...]  # one per figure of the group: the header says what it counts
    period: str = "kỳ báo cáo"  # which period the group counts
    in_workbook: bool = True  # a sheet of the bundle's chi-tiet workbook (theo_thang: cchc explain and SQL only)


@dataclass(frozen=True)
class Figure:
    name: str  # tiep_nhan.truc_tuyen
    label: str  # what the report says it is
    group: str  # a Group code when the figure lists dossiers or PAKN; else the kind of figure
    source: str  # where its value is read, e.g. mart.cchc_summary.tiep_nhan_truc_tuyen
    read: str  # its place in ReportData: summary.<field>[+summary.<field>], indicator.<CODE>.numerator, ...
    flags: tuple[str, ...] = ()  # lineage columns; a row counts when any is true; () = no list
    rule: str = ""  # how a dossier is counted, in words
    not_listed: str | None = None  # why the figure has no list
    weighted: bool = True  # the value is the sum of the rows' share; False: the number of rows (data notes)
    month: date | None = None  # theo_thang: the month whose dossiers count
    bieu06: bool = False  # a Biểu 06 column: a line of the form is chosen with --field / --nhom

    @property
    def listed(self) -> bool:
        return bool(self.flags)


def _c(*pairs: str) -> tuple[Column, ...]:
    return tuple(Column(pairs[i], pairs[i + 1]) for i in range(0, len(pairs), 2))


COLUMN_HEADERS = {  # the deciding columns, as headed in the lists
    "dossier_code": "Mã hồ sơ", "petition_code": "Mã PAKN", "handling_unit_code": "Mã đơn vị xử lý",
    "handling_unit_name": "Đơn vị xử lý", "share": "Tỷ phần tính", "procedure_code": "Mã TTHC",
    "procedure_is_inferred": "TTHC chưa có trong danh mục", "procedure_has_fee": "TTHC có phí (danh mục)",
    "field_code": "Mã lĩnh vực", "field_name": "Lĩnh vực", "channel_code": "Kênh nộp", "status_code": "Trạng thái",
    "received_on": "Ngày tiếp nhận", "due_on": "Ngày hẹn trả", "finished_on": "Ngày kết thúc xử lý",
    "end_on": "Ngày kết thúc (Biểu 06)", "timeliness": "Tiến độ giải quyết", "handled_as": "Kết quả (Biểu 06)",
    "open_as": "Tình trạng (Biểu 06)", "online_level_at_receipt": "Mức độ DVCTT khi tiếp nhận",
    "has_fee": "Có phí, lệ phí", "paid_online": "Đã thanh toán trực tuyến", "digitised_input": "Số hóa thành phần",
    "electronic_result": "Có kết quả điện tử", "returned_by_post": "Trả kết quả qua BCCI",
    "supplement_count": "Số lần yêu cầu bổ sung", "is_new": "Tiếp nhận mới trong kỳ",
    "bieu06_group": "Nhóm (Biểu 06)", "bieu06_line": "Dòng lĩnh vực (Biểu 06)",
    "received_month": "Tháng tiếp nhận", "end_month": "Tháng kết thúc",
    "finished_less_wait_on": "Ngày kết thúc trừ thời gian chờ bổ sung", "ended_by_last_day": "Kết thúc trong kỳ",
    "handled_on": "Ngày xử lý xong", "handled_on_time": "Xử lý đúng hạn",
}


def _columns(*names: str) -> tuple[Column, ...]:
    return tuple(Column(name, COLUMN_HEADERS[name]) for name in names)


UNIT = ("dossier_code", "handling_unit_code", "share")
GROUPS: tuple[Group, ...] = (
    Group("tiep_nhan", "Tiếp nhận", HO_SO, "mart.figure_dossiers_tiep_nhan",
          _columns(*UNIT, "procedure_code", "field_code", "bieu06_group", "bieu06_line", "channel_code",
                   "status_code", "received_on", "due_on", "end_on"),
          _c("tiep_nhan_tong", "Tổng số đã tiếp nhận", "tiep_nhan_truc_tuyen", "Trực tuyến (mới)",
             "tiep_nhan_truc_tiep_bcci", "Trực tiếp và BCCI (mới)", "tiep_nhan_truc_tiep", "Trực tiếp (mới)",
             "tiep_nhan_bcci", "BCCI (mới)", "tiep_nhan_ky_truoc", "Kỳ trước chuyển qua", "nhan_moi", "Tiếp nhận mới",
             "ho_so_chung_thuc", "Chứng thực (mới)", "khong_co_han", "Không có ngày hẹn trả (mới)",
             "tthc_suy_ra", "TTHC chưa có trong danh mục (mới)")),
    Group("giai_quyet", "Đã giải quyết", HO_SO, "mart.figure_dossiers_giai_quyet",
          _columns(*UNIT, "procedure_code", "field_code", "bieu06_group", "bieu06_line", "status_code", "received_on",
                   "due_on", "finished_on", "end_on", "timeliness", "handled_as"),
          _c("da_giai_quyet_tong", "Đã giải quyết", "da_giai_quyet_truoc_han", "Trước hạn",
             "da_giai_quyet_dung_han", "Đúng hạn", "da_giai_quyet_qua_han", "Quá hạn",
             "da_giai_quyet_rut_dung", "Rút, dừng xử lý")),
    Group("dang_giai_quyet", "Đang giải quyết", HO_SO, "mart.figure_dossiers_dang_giai_quyet",
          _columns(*UNIT, "procedure_code", "field_code", "bieu06_group", "bieu06_line", "status_code", "received_on",
                   "due_on", "end_on", "open_as"),
          _c("dang_giai_quyet_tong", "Đang giải quyết", "dang_giai_quyet_trong_han", "Trong hạn",
             "dang_giai_quyet_qua_han", "Quá hạn")),
    Group("truc_tuyen", "Trực tuyến", HO_SO, "mart.figure_dossiers_truc_tuyen",
          _columns(*UNIT, "procedure_code", "field_code", "channel_code", "received_on", "online_level_at_receipt"),
          _c("nhan_moi", "Tiếp nhận mới", "tiep_nhan_truc_tuyen", "Trực tuyến",
             "ho_so_truc_tuyen_mot_phan", "Trực tuyến, DVCTT một phần",
             "ho_so_truc_tuyen_toan_trinh", "Trực tuyến, DVCTT toàn trình",
             "truc_tuyen_khong_dvctt", "Trực tuyến, TTHC chưa cung cấp DVCTT")),
    Group("thanh_toan", "Thanh toán", HO_SO, "mart.figure_dossiers_thanh_toan",
          _columns(*UNIT, "procedure_code", "received_on", "has_fee", "paid_online", "procedure_has_fee"),
          _c("ho_so_co_phi", "Có phí, lệ phí (mới)", "ho_so_thanh_toan_truc_tuyen", "Có phí, đã thanh toán trực tuyến",
             "thanh_toan_khong_phi", "Thanh toán trực tuyến nhưng không có phí")),
    Group("so_hoa", "Số hóa", HO_SO, "mart.figure_dossiers_so_hoa",
          _columns(*UNIT, "procedure_code", "status_code", "received_on", "finished_on", "digitised_input",
                   "electronic_result"),
          _c("nhan_moi", "Tiếp nhận mới", "ho_so_so_hoa", "Số hóa thành phần (mới)",
             "giai_quyet_trong_ky", "Có kết quả giải quyết trong kỳ", "ket_qua_dien_tu", "Kết quả điện tử")),
    Group("buu_chinh", "Bưu chính", HO_SO, "mart.figure_dossiers_buu_chinh",
          _columns(*UNIT, "procedure_code", "channel_code", "status_code", "received_on", "finished_on",
                   "returned_by_post"),
          _c("tiep_nhan_bcci", "Tiếp nhận qua BCCI (mới)", "tra_ket_qua_bcci", "Trả kết quả qua BCCI")),
    Group("theo_thang", "Theo tháng", HO_SO, "mart.figure_dossiers_theo_thang",
          _columns(*UNIT, "status_code", "received_on", "due_on", "end_on", "timeliness", "received_month",
                   "end_month"),
          _c("nhan_moi", "Tiếp nhận mới", "ket_thuc", "Đã giải quyết (kết thúc) trong kỳ",
             "ket_thuc_dung_han", "Kết thúc trước hạn, đúng hạn"), in_workbook=False),
    Group("kpi766", "QĐ 766", KPI766, "mart.figure_dossiers_kpi766",
          _columns(*UNIT, "procedure_code", "channel_code", "status_code", "received_on", "due_on", "finished_on",
                   "finished_less_wait_on", "supplement_count", "online_level_at_receipt", "has_fee", "paid_online",
                   "digitised_input", "electronic_result"),
          _c("nhan_moi", "Tiếp nhận trong kỳ", "dung_han_766", "Đúng hạn (QĐ 766)",
             "nhan_moi_truc_tuyen", "Trực tuyến", "muc_do_toan_trinh", "TTHC toàn trình khi tiếp nhận",
             "truc_tuyen_toan_trinh", "Trực tuyến, TTHC toàn trình", "giai_quyet", "Giải quyết trong kỳ",
             "giai_quyet_dien_tu", "Giải quyết, có kết quả điện tử", "so_hoa", "Số hóa thành phần",
             "co_phi", "Có phí, lệ phí", "co_phi_thanh_toan_truc_tuyen", "Có phí, đã thanh toán trực tuyến"),
          period="kỳ dương lịch (QĐ 766)"),
    Group("pakn", "PAKN", PAKN, "mart.figure_petitions",
          _columns("petition_code", "dossier_code", "handling_unit_code", "share", "received_on", "due_on",
                   "handled_on", "handled_on_time"),
          _c("pakn_tiep_nhan", "Tiếp nhận trong kỳ", "pakn_da_xu_ly", "Đã xử lý", "pakn_dung_han", "Xử lý đúng hạn")),
)
GROUP = {g.code: g for g in GROUPS}

NEW = "tiếp nhận mới trong kỳ (ngày tiếp nhận trong kỳ)"
ON_FORM = ("trên Biểu 06 của kỳ: tiếp nhận đến ngày cuối kỳ và tiếp nhận mới trong kỳ hoặc chưa kết thúc trước "
           "ngày đầu kỳ")
NOT_COUNTED = "; không tính trạng thái 1 (mới đăng ký) và 3 (không được tiếp nhận)"
ENDED = ("đã kết thúc (trạng thái 7, 8, 9, 10) đến ngày cuối kỳ; ngày kết thúc: ngày kết thúc xử lý, không có thì "
         "ngày của sự kiện sau cùng")
RESOLVED = "trạng thái 9, 10 có ngày kết thúc xử lý trong kỳ, tiếp nhận bất kỳ lúc nào"


def _f(name: str, label: str, group: str, column: str, flags: tuple[str, ...], rule: str, *,
       read: str | None = None, table: str = "mart.cchc_summary", weighted: bool = True) -> Figure:
    return Figure(name, label, group, f"{table}.{column}", read or f"summary.{column}", flags, rule,
                  weighted=weighted)


def _note(name: str, label: str, group: str, flag: str, rule: str) -> Figure:
    kind = name.split(".", 1)[1]
    return Figure(name, label, group, f"sql/reports/quality.sql ({kind}) từ mart.dossier_counts", f"note.{kind}",
                  (flag,), rule + "; đếm hồ sơ (không theo tỷ phần)", weighted=False)


FIGURES: tuple[Figure, ...] = (
    # §II.2.2, tiếp nhận (Biểu 06 totals; trực tiếp / BCCI split by mart.dossier_counts)
    _f("tiep_nhan.tong", "Tổng số hồ sơ đã tiếp nhận", "tiep_nhan", "tiep_nhan_tong", ("tiep_nhan_tong",),
       ON_FORM + NOT_COUNTED),
    _f("tiep_nhan.truc_tiep", "Tiếp nhận trực tiếp", "tiep_nhan", "tiep_nhan_truc_tiep", ("tiep_nhan_truc_tiep",),
       NEW + ", kênh 1 trực tiếp (kênh trống tính là trực tiếp)"),
    _f("tiep_nhan.bcci", "Tiếp nhận qua dịch vụ bưu chính công ích", "tiep_nhan", "tiep_nhan_bcci",
       ("tiep_nhan_bcci",), NEW + ", kênh 3 bưu chính công ích"),
    _f("tiep_nhan.truc_tuyen", "Tiếp nhận trực tuyến", "tiep_nhan", "tiep_nhan_truc_tuyen", ("tiep_nhan_truc_tuyen",),
       NEW + ", kênh 2 trực tuyến"),
    _f("tiep_nhan.ky_truoc", "Kỳ trước chuyển qua", "tiep_nhan", "tiep_nhan_ky_truoc", ("tiep_nhan_ky_truoc",),
       "tiếp nhận trước ngày đầu kỳ, chưa kết thúc trước ngày đầu kỳ (mọi kênh)"),
    _f("tiep_nhan.nhan_moi", "Số hồ sơ tiếp nhận mới trong kỳ", "tiep_nhan", "nhan_moi", ("nhan_moi",),
       NEW + NOT_COUNTED),
    _f("tiep_nhan.chung_thuc", "Hồ sơ thuộc lĩnh vực chứng thực tiếp nhận mới", "tiep_nhan", "ho_so_chung_thuc",
       ("ho_so_chung_thuc",), NEW + ", lĩnh vực có tên trong certification_fields (config/reports.yaml)"),
    _note("ghi_chu.khong_co_han", "Ghi chú: hồ sơ tiếp nhận mới không có ngày hẹn trả", "tiep_nhan", "khong_co_han",
          NEW + ", không có ngày hẹn trả"),
    _note("ghi_chu.tthc_suy_ra", "Ghi chú: hồ sơ tiếp nhận mới thuộc TTHC chưa có trong danh mục", "tiep_nhan",
          "tthc_suy_ra", NEW + ", thủ tục chưa có trong danh mục TTHC (suy ra từ hồ sơ)"),
    # đã giải quyết / đang giải quyết (Biểu 06)
    _f("giai_quyet.tong", "Số hồ sơ đã giải quyết", "giai_quyet", "da_giai_quyet_tong", ("da_giai_quyet_tong",),
       ON_FORM + ", " + ENDED),
    _f("giai_quyet.truoc_han", "Đã giải quyết trước hạn", "giai_quyet", "da_giai_quyet_truoc_han",
       ("da_giai_quyet_truoc_han",), "đã giải quyết; trạng thái 9, 10: tiến độ trước hạn, không có tiến độ thì ngày "
       "kết thúc trước ngày hẹn trả"),
    _f("giai_quyet.dung_han", "Đã giải quyết đúng hạn", "giai_quyet", "da_giai_quyet_dung_han",
       ("da_giai_quyet_dung_han",), "đã giải quyết; trạng thái 9, 10: tiến độ đúng hạn, không có tiến độ thì ngày "
       "kết thúc bằng ngày hẹn trả hoặc không có ngày hẹn trả; trạng thái 7, 8 (rút, dừng) luôn đúng hạn"),
    _f("giai_quyet.qua_han", "Đã giải quyết quá hạn", "giai_quyet", "da_giai_quyet_qua_han",
       ("da_giai_quyet_qua_han",), "đã giải quyết, trạng thái 9, 10: tiến độ quá hạn, không có tiến độ thì ngày "
       "kết thúc sau ngày hẹn trả"),
    _f("giai_quyet.rut_dung", "Đã giải quyết: công dân rút hoặc dừng xử lý", "giai_quyet", "da_giai_quyet_rut_dung",
       ("da_giai_quyet_rut_dung",), "đã giải quyết, trạng thái 7 (rút) hoặc 8 (dừng xử lý): tính vào đúng hạn"),
    Figure("giai_quyet_dung_han.tu_so", "Tỷ lệ giải quyết trước hạn, đúng hạn: tử số", "giai_quyet",
           "mart.cchc_summary.da_giai_quyet_truoc_han + da_giai_quyet_dung_han",
           "summary.da_giai_quyet_truoc_han+summary.da_giai_quyet_dung_han",
           ("da_giai_quyet_truoc_han", "da_giai_quyet_dung_han"), "đã giải quyết trước hạn hoặc đúng hạn"),
    _f("giai_quyet_dung_han.mau_so", "Tỷ lệ giải quyết trước hạn, đúng hạn: mẫu số", "giai_quyet",
       "da_giai_quyet_tong", ("da_giai_quyet_tong",), "đã giải quyết"),
    _f("dang_giai_quyet.tong", "Số hồ sơ đang giải quyết", "dang_giai_quyet", "dang_giai_quyet_tong",
       ("dang_giai_quyet_tong",), ON_FORM + ", chưa kết thúc đến ngày cuối kỳ"),
    _f("dang_giai_quyet.trong_han", "Đang giải quyết trong hạn", "dang_giai_quyet", "dang_giai_quyet_trong_han",
       ("dang_giai_quyet_trong_han",), "đang giải quyết, không có ngày hẹn trả hoặc hẹn trả từ ngày cuối kỳ trở đi"),
    _f("dang_giai_quyet.qua_han", "Đang giải quyết quá hạn", "dang_giai_quyet", "dang_giai_quyet_qua_han",
       ("dang_giai_quyet_qua_han",), "đang giải quyết, ngày hẹn trả trước ngày cuối kỳ"),
    # §II.6.1 trực tuyến
    _f("truc_tuyen.tu_so", "Tỷ lệ tiếp nhận trực tuyến: tử số", "truc_tuyen", "tiep_nhan_truc_tuyen",
       ("tiep_nhan_truc_tuyen",), NEW + ", kênh 2 trực tuyến"),
    _f("truc_tuyen.mau_so", "Tỷ lệ tiếp nhận trực tuyến: mẫu số", "truc_tuyen", "nhan_moi", ("nhan_moi",), NEW),
    _f("truc_tuyen_mot_phan.tu_so", "Hồ sơ trực tuyến DVCTT một phần: tử số", "truc_tuyen",
       "ho_so_truc_tuyen_mot_phan", ("ho_so_truc_tuyen_mot_phan",),
       NEW + ", kênh 2, thủ tục DVCTT một phần vào ngày tiếp nhận"),
    _f("truc_tuyen_mot_phan.mau_so", "Hồ sơ trực tuyến DVCTT một phần: mẫu số", "truc_tuyen", "nhan_moi",
       ("nhan_moi",), NEW),
    _f("truc_tuyen_toan_trinh.tu_so", "Hồ sơ trực tuyến DVCTT toàn trình: tử số", "truc_tuyen",
       "ho_so_truc_tuyen_toan_trinh", ("ho_so_truc_tuyen_toan_trinh",),
       NEW + ", kênh 2, thủ tục DVCTT toàn trình vào ngày tiếp nhận"),
    _f("truc_tuyen_toan_trinh.mau_so", "Hồ sơ trực tuyến DVCTT toàn trình: mẫu số", "truc_tuyen", "nhan_moi",
       ("nhan_moi",), NEW),
    _note("ghi_chu.truc_tuyen_khong_dvctt", "Ghi chú: hồ sơ nộp trực tuyến thuộc TTHC chưa cung cấp DVCTT",
          "truc_tuyen", "truc_tuyen_khong_dvctt", NEW + ", kênh 2, thủ tục không có DVCTT vào ngày tiếp nhận"),
    # thanh toán trực tuyến
    _f("thanh_toan_truc_tuyen.tu_so", "Thanh toán trực tuyến: tử số", "thanh_toan", "ho_so_thanh_toan_truc_tuyen",
       ("ho_so_thanh_toan_truc_tuyen",), NEW + ", có phí, lệ phí và đã thanh toán trực tuyến"),
    _f("thanh_toan_truc_tuyen.mau_so", "Thanh toán trực tuyến: mẫu số", "thanh_toan", "ho_so_co_phi",
       ("ho_so_co_phi",), NEW + ", có phí, lệ phí"),
    _note("ghi_chu.thanh_toan_khong_phi", "Ghi chú: hồ sơ thanh toán trực tuyến nhưng không có phí, lệ phí",
          "thanh_toan", "thanh_toan_khong_phi",
          NEW + ", đã thanh toán trực tuyến, không có phí theo hồ sơ hoặc theo danh mục TTHC"),
    # số hóa
    _f("so_hoa_ho_so.tu_so", "Số hóa thành phần hồ sơ: tử số", "so_hoa", "ho_so_so_hoa", ("ho_so_so_hoa",),
       NEW + ", có thành phần hồ sơ được số hóa"),
    _f("so_hoa_ho_so.mau_so", "Số hóa thành phần hồ sơ: mẫu số", "so_hoa", "nhan_moi", ("nhan_moi",), NEW),
    _f("so_hoa_ket_qua.tu_so", "Số hóa kết quả giải quyết (kết quả điện tử): tử số", "so_hoa", "ket_qua_dien_tu",
       ("ket_qua_dien_tu",), RESOLVED + ", có kết quả điện tử"),
    _f("so_hoa_ket_qua.mau_so", "Số hóa kết quả giải quyết (kết quả điện tử): mẫu số", "so_hoa",
       "giai_quyet_trong_ky", ("giai_quyet_trong_ky",), RESOLVED),
    # bưu chính công ích
    _f("buu_chinh.tiep_nhan", "Tiếp nhận qua dịch vụ bưu chính công ích", "buu_chinh", "tiep_nhan_bcci",
       ("tiep_nhan_bcci",), NEW + ", kênh 3 bưu chính công ích"),
    _f("buu_chinh.tra_ket_qua", "Trả kết quả qua dịch vụ bưu chính công ích", "buu_chinh", "tra_ket_qua_bcci",
       ("tra_ket_qua_bcci",), RESOLVED + ", trả kết quả qua bưu chính"),
    # §II.2.1 danh mục TTHC: procedures, not dossiers
    *(Figure(f"danh_muc.{name}", label, "danh_muc", f"mart.cchc_summary.{column}", f"summary.{column}",
             not_listed=NOT_DOSSIERS_CATALOGUE)
      for name, label, column in (
          ("so_tthc", "Tổng số TTHC đang áp dụng", "so_tthc"),
          ("so_linh_vuc", "Số lĩnh vực của các TTHC đang áp dụng", "so_linh_vuc"),
          ("mot_cua", "TTHC thực hiện theo cơ chế một cửa", "so_tthc_mot_cua"),
          ("lien_thong", "TTHC thực hiện theo cơ chế một cửa liên thông", "so_tthc_lien_thong"),
          ("co_ho_so", "TTHC có phát sinh hồ sơ trong kỳ", "so_tthc_co_ho_so"),
          ("mot_phan", "TTHC cung cấp DVCTT một phần", "so_tthc_mot_phan"),
          ("toan_trinh", "TTHC cung cấp DVCTT toàn trình", "so_tthc_toan_trinh"))),
    Figure("ghi_chu.cach_ly", "Ghi chú: bản ghi bị cách ly khi nạp, chưa tính vào số liệu", "ghi_chu",
           "audit.quarantine (sql/reports/quality.sql)", "note.cach_ly",
           not_listed="bản ghi bị cách ly khi nạp, không có trong kho (audit.quarantine, cán bộ vận hành xem)"),
    Figure("ghi_chu.don_vi_khong_ro_cap_tren", "Ghi chú: hồ sơ của đơn vị chưa rõ cấp trên", "ghi_chu",
           "mart.dossier_counts.nhan_moi (sql/reports/quality.sql)", "note.don_vi_khong_ro_cap_tren",
           not_listed="hồ sơ của đơn vị ngoài cây đơn vị (chưa rõ cấp trên), không thuộc phạm vi của đơn vị báo cáo: "
                      "xem sql/examples/06_inferred_members.sql"),
)

# the QĐ 766 indicators whose numerator and denominator count dossiers: (flags of the numerator, of the denominator)
KPI_FLAGS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "DOSSIER_ON_TIME": (("dung_han_766",), ("nhan_moi",)),
    "FULL_ONLINE_DOSSIER": (("truc_tuyen_toan_trinh",), ("muc_do_toan_trinh",)),
    "ONLINE_DOSSIER": (("nhan_moi_truc_tuyen",), ("nhan_moi",)),
    "ORIGINAL_RESULT_AVAILABLE": (("giai_quyet_dien_tu",), ("giai_quyet",)),
    "SO_HOA_GIAY_TO_GIAI_QUYET": (("so_hoa",), ("nhan_moi",)),
    "ONLINE_PAYMENT": (("co_phi_thanh_toan_truc_tuyen",), ("co_phi",)),
    "DOSSIER_RECEIVING_SATISFACTION": ((), ("nhan_moi",)),
}
KPI_RULES = {
    "dung_han_766": "tiếp nhận trong kỳ và đúng hạn theo QĐ 766 (mục 2.1): đã kết thúc đến ngày cuối kỳ với ngày kết "
                    "thúc trừ thời gian chờ bổ sung không sau ngày hẹn trả, hoặc chưa kết thúc và chưa đến hạn; bị yêu "
                    "cầu bổ sung quá 1 lần thì không đúng hạn",
    "nhan_moi": "tiếp nhận trong kỳ dương lịch" + NOT_COUNTED,
    "nhan_moi_truc_tuyen": "tiếp nhận trong kỳ, kênh 2 trực tuyến",
    "muc_do_toan_trinh": "tiếp nhận trong kỳ, thủ tục DVCTT toàn trình vào ngày tiếp nhận",
    "truc_tuyen_toan_trinh": "tiếp nhận trong kỳ, kênh 2, thủ tục DVCTT toàn trình vào ngày tiếp nhận",
    "giai_quyet": "trạng thái 9, 10 có ngày kết thúc xử lý trong kỳ",
    "giai_quyet_dien_tu": "trạng thái 9, 10 kết thúc trong kỳ, có kết quả điện tử",
    "so_hoa": "tiếp nhận trong kỳ, có thành phần hồ sơ được số hóa",
    "co_phi": "tiếp nhận trong kỳ, có phí, lệ phí",
    "co_phi_thanh_toan_truc_tuyen": "tiếp nhận trong kỳ, có phí, lệ phí, đã thanh toán trực tuyến",
}
KPI_NOT_LISTED = {
    "ELECTRONIC_CERTIFIED_COPY": "đếm xã (xã có hồ sơ chứng thực bản sao điện tử / xã quản lý), không phải hồ sơ",
    "PETITION_PROCESSING_ON_TIME": "đếm PAKN theo hạn xử lý trong kỳ dương lịch (dw.fact_petition), chưa liệt kê",
    "PETITION_HANDLING_SATISFACTION": "đếm PAKN tiếp nhận trong kỳ dương lịch (dw.fact_petition), chưa liệt kê",
    "DOSSIER_RECEIVING_SATISFACTION": "tính bằng phép trừ (hồ sơ đúng hạn trừ hồ sơ bị phản ánh hoặc không hài lòng, "
                                      "không âm), không phải một tập hồ sơ",
}
MISSING_DATA = "kho chưa có dữ liệu cho chỉ số này (chưa có dữ liệu)"

BIEU06_COLUMNS: tuple[tuple[str, str, str], ...] = (  # (mart.bieu06 column, header of the form, group)
    ("tiep_nhan_tong", "Số hồ sơ nhận giải quyết: tổng số", "tiep_nhan"),
    ("tiep_nhan_truc_tuyen", "Số hồ sơ nhận giải quyết: trực tuyến", "tiep_nhan"),
    ("tiep_nhan_truc_tiep_bcci", "Số hồ sơ nhận giải quyết: trực tiếp, dịch vụ bưu chính", "tiep_nhan"),
    ("tiep_nhan_ky_truoc", "Số hồ sơ nhận giải quyết: từ kỳ trước", "tiep_nhan"),
    ("da_giai_quyet_tong", "Số hồ sơ đã giải quyết: tổng số", "giai_quyet"),
    ("da_giai_quyet_truoc_han", "Số hồ sơ đã giải quyết: trước hạn", "giai_quyet"),
    ("da_giai_quyet_dung_han", "Số hồ sơ đã giải quyết: đúng hạn", "giai_quyet"),
    ("da_giai_quyet_qua_han", "Số hồ sơ đã giải quyết: quá hạn", "giai_quyet"),
    ("dang_giai_quyet_tong", "Số hồ sơ đang giải quyết: tổng số", "dang_giai_quyet"),
    ("dang_giai_quyet_trong_han", "Số hồ sơ đang giải quyết: trong hạn", "dang_giai_quyet"),
    ("dang_giai_quyet_qua_han", "Số hồ sơ đang giải quyết: quá hạn", "dang_giai_quyet"),
)
BIEU06_RULES = {
    "tiep_nhan_tong": ON_FORM + NOT_COUNTED, "tiep_nhan_truc_tuyen": NEW + ", kênh 2",
    "tiep_nhan_truc_tiep_bcci": NEW + ", kênh 1 hoặc 3", "tiep_nhan_ky_truoc": "kỳ trước chuyển qua",
    "da_giai_quyet_tong": ENDED, "da_giai_quyet_truoc_han": "đã giải quyết trước hạn",
    "da_giai_quyet_dung_han": "đã giải quyết đúng hạn (gồm rút, dừng xử lý)",
    "da_giai_quyet_qua_han": "đã giải quyết quá hạn", "dang_giai_quyet_tong": "chưa kết thúc đến ngày cuối kỳ",
    "dang_giai_quyet_trong_han": "đang giải quyết, chưa quá hạn vào ngày cuối kỳ",
    "dang_giai_quyet_qua_han": "đang giải quyết, hẹn trả trước ngày cuối kỳ",
}

PETITIONS: tuple[Figure, ...] = (
    Figure("pakn.tiep_nhan", "PAKN tiếp nhận trong kỳ", "pakn", "dw.fact_petition (sql/reports/petitions.sql)",
           "petitions.received", ("pakn_tiep_nhan",), "PAKN tiếp nhận trong kỳ của đơn vị và các đơn vị trực thuộc"),
    Figure("pakn.da_xu_ly", "PAKN đã xử lý", "pakn", "dw.fact_petition (sql/reports/petitions.sql)",
           "petitions.handled", ("pakn_da_xu_ly",), "PAKN tiếp nhận trong kỳ, xử lý xong đến ngày cuối kỳ"),
    Figure("pakn.dung_han", "PAKN xử lý đúng hạn", "pakn", "dw.fact_petition (sql/reports/petitions.sql)",
           "petitions.handled_on_time", ("pakn_dung_han",), "PAKN đã xử lý, đúng hạn"),
)


def report_figures(data: ReportData) -> list[Figure]:
    """Every figure of ``data``'s report, in the order of the report: the fixed ones, the Biểu 06 columns (its
    total line), the months of the trend chart, the QĐ 766 indicators of its weighting, the PAKN (from the
    warehouse when it holds them) and the numbers the unit stated in its workbook."""
    figures = list(FIGURES)
    figures += [Figure(f"bieu06.{column}", f"Biểu 06 – {header}", group, f"mart.bieu06.{column} (mart.unit_rollup)",
                       f"bieu06.{column}", (column,), BIEU06_RULES[column], bieu06=True)
                for column, header, group in BIEU06_COLUMNS]
    for point in data.monthly:
        key = f"{point.month:%Y-%m}"
        where = f"mart.dossier_month.{{}} (tháng {point.month:%m/%Y})"
        figures += [
            Figure(f"theo_thang.{key}.tiep_nhan", f"Tháng {point.month:%m/%Y}: hồ sơ tiếp nhận mới", "theo_thang",
                   where.format("nhan_moi"), f"month.{key}.received", ("nhan_moi",),
                   "tiếp nhận trong kỳ, ngày tiếp nhận trong tháng", month=point.month),
            Figure(f"theo_thang.{key}.ket_thuc", f"Tháng {point.month:%m/%Y}: hồ sơ đã giải quyết (kết thúc)",
                   "theo_thang", where.format("ket_thuc"), f"month.{key}.resolved", ("ket_thuc",),
                   "kết thúc (7, 8, 9, 10) trong kỳ, ngày kết thúc (Biểu 06) trong tháng", month=point.month),
            Figure(f"theo_thang.{key}.ket_thuc_dung_han", f"Tháng {point.month:%m/%Y}: kết thúc trước hạn, đúng hạn",
                   "theo_thang", where.format("ket_thuc_dung_han"), f"month.{key}.on_time", ("ket_thuc_dung_han",),
                   "kết thúc trong tháng, trước hạn hoặc đúng hạn theo Biểu 06 (rút, dừng xử lý tính đúng hạn)",
                   month=point.month),
        ]
    for indicator in data.indicators:
        code = indicator.code
        numerator, denominator = KPI_FLAGS.get(code, ((), ()))
        for part, flags, word, field in (("tu_so", numerator, "tử số", "numerator"),
                                         ("mau_so", denominator, "mẫu số", "denominator")):
            why = None
            if indicator.status == "thieu_du_lieu":
                flags, why = (), MISSING_DATA
            elif not flags:
                why = KPI_NOT_LISTED.get(code, "không đếm hồ sơ")
            figures.append(Figure(
                f"kpi766.{code.lower()}.{part}", f"QĐ 766 – {indicator.name}: {word}", "kpi766",
                f"mart.kpi_766.{field} ({code})", f"indicator.{code}.{field}", flags,
                "; ".join(KPI_RULES[f] for f in flags), not_listed=why))
    if data.petitions is not None:
        figures += PETITIONS
    values = data.inputs.values
    for section in catalogue().sections:
        for item in section.items:
            if item.type in ("so", "ty_le") and item.code in values:
                figures.append(Figure(f"phieu.{item.code}", item.label, "phieu",
                                      "dw.report_input_current (phiếu số liệu báo cáo CCHC)", f"input.{item.code}",
                                      not_listed=NOT_DOSSIERS_INPUT))
    return figures
