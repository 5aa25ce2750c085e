"""What a report holds: plain values gathered from the marts by ``etl.reports.data``; the renderers
(docx, xlsx, html, pdf) read only this, never the database.

Counts are ``Decimal`` because a unit restated "as units are today" may carry a share of a split unit's
figures (dw.unit_restatement); they are whole numbers otherwise. Ratios are percentages with 2 decimals
(``Decimal('94.29')``), ``None`` when the denominator is 0. Format every number with ``etl.vi``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class Unit:
    code: str  # mã định danh, e.g. 000.21.20.H56
    name: str  # Hoằng Cát
    kind: str | None  # Xã, Phường, Thị trấn, Huyện, Thị xã, Thành phố, Tỉnh
    level: str | None  # xa, huyen, tinh
    parent_name: str | None  # "huyện Hoằng Hóa" / "tỉnh Thanh Hóa" (the body the report goes to)

    @property
    def full_name(self) -> str:
        """"xã Hoằng Cát", "huyện Hoằng Hóa"."""
        return f"{(self.kind or '').lower()} {self.name}".strip()

    @property
    def issuer(self) -> str:
        """The issuing body in the header: "UBND XÃ HOẰNG CÁT"."""
        return f"UBND {self.full_name}".upper()


@dataclass(frozen=True)
class PeriodInfo:
    code: str  # nam:2024
    label: str  # "Năm 2024", "Quý III năm 2024"
    first_day: date
    last_day: date  # the data cut-off (ngày chốt số liệu)


@dataclass(frozen=True)
class Summary:
    """One row of mart.cchc_summary: the figures a CCHC report quotes (see the column comments)."""
    # Biểu 06 totals (dossiers on the form of the period)
    tiep_nhan_tong: Decimal
    tiep_nhan_truc_tuyen: Decimal
    tiep_nhan_truc_tiep: Decimal
    tiep_nhan_bcci: Decimal
    tiep_nhan_ky_truoc: Decimal
    da_giai_quyet_tong: Decimal
    da_giai_quyet_truoc_han: Decimal
    da_giai_quyet_dung_han: Decimal
    da_giai_quyet_qua_han: Decimal
    dang_giai_quyet_tong: Decimal
    dang_giai_quyet_trong_han: Decimal
    dang_giai_quyet_qua_han: Decimal
    ty_le_giai_quyet_dung_han: Decimal | None  # (trước hạn + đúng hạn) / đã giải quyết, %
    da_giai_quyet_rut_dung: Decimal  # of đã giải quyết (and đúng hạn): withdrawn (7) or stopped (8), Biểu 06's convention
    # new dossiers of the period (nhận mới) and what they were
    nhan_moi: Decimal
    ty_le_truc_tuyen: Decimal | None
    ho_so_truc_tuyen_mot_phan: Decimal  # online dossiers of procedures with partial online service
    ty_le_truc_tuyen_mot_phan: Decimal | None  # ÷ nhan_moi
    ho_so_truc_tuyen_toan_trinh: Decimal
    ty_le_truc_tuyen_toan_trinh: Decimal | None  # ÷ nhan_moi
    ho_so_co_phi: Decimal
    ho_so_thanh_toan_truc_tuyen: Decimal
    ty_le_thanh_toan_truc_tuyen: Decimal | None
    ho_so_chung_thuc: Decimal
    ho_so_so_hoa: Decimal
    ty_le_so_hoa_ho_so: Decimal | None
    giai_quyet_trong_ky: Decimal  # resolved (status 9/10) with an end day in the period
    tra_ket_qua_bcci: Decimal  # of those, returned by post
    ket_qua_dien_tu: Decimal  # of those, with an electronic result
    ty_le_so_hoa_ket_qua: Decimal | None
    # the procedure catalogue in force on the last day, for the levels of the unit and the units below it
    so_tthc: int
    so_linh_vuc: int
    so_tthc_mot_cua: int
    so_tthc_lien_thong: int
    so_tthc_toan_trinh: int
    so_tthc_mot_phan: int
    so_tthc_co_ho_so: int  # procedures with at least one new dossier in the period


@dataclass(frozen=True)
class Bieu06Row:
    """One line of Biểu số 06/VPCP/KSTT, in the order of the form (sql/reports/bieu06.sql, domain.md §2.1).

    ``kind``: "field" = a field (lĩnh vực) of its group, summed over the group's units; ``field_code`` its code,
    or its codes joined by ", " when one name carries several in the group, None for an unknown field.
    "level" / "agency" = a group heading ("Cấp tỉnh" / the handling unit's name) carrying the group's subtotal.
    "total" = the last line, "Tổng cộng", the sum of the field lines (never of the headings).
    ``nhom``: the group a line belongs to ("Cấp tỉnh", "Cấp tỉnh – Sở Tư pháp"); None on a form of one group
    (a commune's) and on the total line."""
    field_code: str | None
    field_name: str
    tiep_nhan_tong: Decimal
    tiep_nhan_truc_tuyen: Decimal
    tiep_nhan_truc_tiep_bcci: Decimal
    tiep_nhan_ky_truoc: Decimal
    da_giai_quyet_tong: Decimal
    da_giai_quyet_truoc_han: Decimal
    da_giai_quyet_dung_han: Decimal
    da_giai_quyet_qua_han: Decimal
    dang_giai_quyet_tong: Decimal
    dang_giai_quyet_trong_han: Decimal
    dang_giai_quyet_qua_han: Decimal
    kind: str = "field"  # field | level | agency | total
    nhom: str | None = None

    @property
    def is_heading(self) -> bool:
        return self.kind in ("level", "agency")


@dataclass(frozen=True)
class Indicator:
    """One QĐ 766 indicator of mart.kpi_766 for the calendar twin of the period."""
    code: str  # DOSSIER_ON_TIME
    group_name: str  # "Tiến độ, kết quả giải quyết"
    name: str  # "Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn ..."
    numerator: Decimal | None
    denominator: Decimal | None
    ratio: Decimal | None  # %
    score: Decimal | None
    max_score: Decimal
    status: str  # tinh_duoc | khong_phat_sinh | thieu_du_lieu (missing: show "chưa có dữ liệu", never 0)


@dataclass(frozen=True)
class MonthPoint:
    """One calendar month inside the period, for the on-time trend chart."""
    month: date  # first day of the month
    received: Decimal  # new dossiers received in the month
    resolved: Decimal  # ended (7, 8, 9, 10) in the month
    on_time: Decimal  # of the resolved, before or on the due day (Biểu 06 rules)

    @property
    def on_time_rate(self) -> Decimal | None:
        return None if not self.resolved else (100 * self.on_time / self.resolved).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class ChildUnit:
    """A unit directly under the reported unit (a district's communes, the province's districts and communes)
    in the report's reading (``ReportData.restated``), for the ranking table (sql/reports/children.sql).

    Counts and rates are the unit's mart.cchc_summary row of the report period (administrative calendar,
    Biểu 06 rules); the points are its QĐ 766 indicators of the calendar twin (``ReportData.kpi_period``). The
    counts behind the rates are kept so that the table's rows (units, the reported unit's own dossiers, units
    listed apart) add up to the report's totals. A unit that ended inside the period before the reported unit
    did (dissolved or merged away) is not ranked: ``rank`` None and ``until`` its last day."""
    rank: int | None  # 1 = best; equal share of points (ty_le_diem_766) = equal rank; None: listed apart
    code: str
    name: str  # "xã Hoằng Cát"
    tiep_nhan_tong: Decimal
    da_giai_quyet_tong: Decimal
    ty_le_giai_quyet_dung_han: Decimal | None
    ty_le_truc_tuyen: Decimal | None
    ty_le_thanh_toan_truc_tuyen: Decimal | None
    diem_766: Decimal | None  # sum of scores of the computed indicators
    diem_766_toi_da: Decimal | None  # sum of their maxima
    da_giai_quyet_truoc_han: Decimal  # with da_giai_quyet_dung_han: the on-time rate's numerator
    da_giai_quyet_dung_han: Decimal
    nhan_moi: Decimal  # new dossiers: the online rate's denominator
    tiep_nhan_truc_tuyen: Decimal
    ho_so_co_phi: Decimal  # the online-payment rate's denominator
    ho_so_thanh_toan_truc_tuyen: Decimal
    since: date | None = None  # first day, when the unit began inside the period (figures as units were only)
    until: date | None = None  # last day, when the unit ended inside the period before the reported unit

    @property
    def ty_le_diem_766(self) -> Decimal | None:
        """The ranking key: diem_766 ÷ diem_766_toi_da in percent, 2 decimals (half up, as PostgreSQL
        rounds); None without a computed indicator."""
        if self.diem_766 is None or not self.diem_766_toi_da:
            return None
        return (100 * self.diem_766 / self.diem_766_toi_da).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")


@dataclass(frozen=True)
class Coverage:
    """The days for which the warehouse holds complete data of the units of a report (the unit and every unit
    below it): from the recorded start of each unit's data (audit.data_coverage, or the declared
    ``complete_from`` of its source in config/sources.yaml) to the last day any load brought data of them."""
    complete_from: date | None  # None: no load recorded for the scope
    data_through: date | None  # the last day with data; None as above

    def covers(self, first_day: date, last_day: date | None = None) -> bool:
        """True when the whole window [first_day, last_day] is inside the complete data."""
        if self.complete_from is None or self.complete_from > first_day:
            return False
        return last_day is None or (self.data_through is not None and self.data_through >= last_day)


@dataclass(frozen=True)
class CitedDocument:
    """A document the unit issued, from the workbook sheet "Văn bản" (dw.report_document): cited as a
    footnote "Quyết định số 01/QĐ-UBND ngày 02/01/2024" in the section ``section``."""
    document_number: str  # số, ký hiệu: 01/QĐ-UBND
    issued_on: date
    kind: str  # loại: Quyết định, Kế hoạch, …
    summary: str  # trích yếu
    section: str  # section code of config/report_inputs.yaml: I.1, II.5, …


@dataclass(frozen=True)
class Inspection:
    """An inspection of the reform in the period (workbook sheet "Kiểm tra", dw.report_inspection)."""
    inspected: str  # đối tượng kiểm tra
    inspected_on: date
    findings: int | None  # tồn tại, hạn chế found
    remedied: int | None  # of those, đã khắc phục


@dataclass(frozen=True)
class Initiative:
    """A model or initiative of the reform (workbook sheet "Mô hình", dw.report_initiative)."""
    name: str
    year_applied: int | None  # năm áp dụng
    result: str | None  # kết quả


@dataclass(frozen=True)
class Submission:
    """The unit's own current workbook of the period (dw.report_input_submission)."""
    prepared_by: str | None  # người lập phiếu
    prepared_on: date | None
    loaded_on: date  # the day it was loaded (Asia/Ho_Chi_Minh)


@dataclass(frozen=True)
class UnitNarratives:
    """The narrative answers (doan_van items) of one unit below the reported one, for the annex: never merged."""
    code: str
    name: str  # "xã Hoằng Cát"
    texts: dict[str, str]  # item code -> text, in the catalogue's order


@dataclass(frozen=True)
class ReportInputs:
    """What units stated in their fill-in workbooks ("Phiếu số liệu báo cáo CCHC", config/report_inputs.yaml),
    gathered by ``etl.reports.data``. ``values`` holds what the report prints by item code: Decimal for so and
    ty_le items, str for the others. Items with ``sum: true`` are the unit's own value plus those of every unit
    below it that submitted (mart.unit_rollup in the report's reading); the other items and the lists are the
    unit's own workbook only. An item nobody gave has no key: the report leaves its placeholder."""
    values: dict[str, Decimal | str] = field(default_factory=dict)
    documents: list[CitedDocument] = field(default_factory=list)
    inspections: list[Inspection] = field(default_factory=list)
    initiatives: list[Initiative] = field(default_factory=list)
    submission: Submission | None = None  # None: the unit's own workbook was not submitted
    units_below: int = 0  # units below asked for a workbook (in force on the last day), 0 for a commune
    units_below_submitted: int = 0
    narratives: list[UnitNarratives] = field(default_factory=list)  # units below that wrote any, by name


@dataclass(frozen=True)
class PetitionFigures:
    """PAKN about procedures of the unit and every unit below it from dw.fact_petition (sql/reports/petitions.sql),
    when the warehouse holds PAKN of that scope: received in the period, and of those the handled ones (by the
    period's last day) and the handled on time. Decimal: a restated split unit carries a share."""
    received: Decimal
    handled: Decimal
    handled_on_time: Decimal


@dataclass(frozen=True)
class ReportData:
    unit: Unit
    period: PeriodInfo  # administrative period (cut-off 15 -> 14)
    kpi_period: PeriodInfo  # its calendar twin, used by the QĐ 766 indicators
    previous: PeriodInfo  # the period compared with (kỳ trước / cùng kỳ năm trước)
    restated: bool  # True: units as they are today; False: as they were when each dossier was received
    summary: Summary
    previous_summary: Summary | None  # None when the warehouse has no dossier for the previous period
    bieu06: list[Bieu06Row]  # one row per field, ordered by field code, then the total row last
    indicators: list[Indicator]  # every indicator of the weighting, missing ones included
    monthly: list[MonthPoint]  # every calendar month overlapping the period, in order
    children: list[ChildUnit]  # empty for a commune
    quality_notes: list[str] = field(default_factory=list)  # Vietnamese sentences with the numbers
    note_counts: dict[str, Decimal] = field(default_factory=dict)  # the same per kind of sql/reports/quality.sql
    restatement_note: str | None = None
    place: str = ""  # địa danh of "…, ngày … tháng … năm …"
    issued_on: date | None = None  # None: the date is left as a placeholder
    recipients: list[str] = field(default_factory=list)  # Nơi nhận lines, e.g. "UBND huyện Hoằng Hóa (b/c)"
    signer_title: str = "CHỦ TỊCH"
    coverage: Coverage = Coverage(None, None)  # what part of the period and of the compared one has data
    bieu06_receiver: str | None = None  # "Đơn vị nhận báo cáo" of Biểu 06; None: the body above the unit
    inputs: ReportInputs = field(default_factory=ReportInputs)  # the fill-in workbooks; empty: none submitted
    petitions: PetitionFigures | None = None  # None: the warehouse holds no PAKN of the unit's scope
