"""Hand-made ReportData for the renderer tests: a commune (xã Hoằng Cát, năm 2024) and a district with
three communes. The figures satisfy the Biểu 06 identities (checked in test_report_render.py):
received = online + direct/BCCI + carried over = resolved + pending; resolved = early + on time + late;
pending = within + past the due day; the total row is the sum of the field rows."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from etl import vi
from etl.reports.model import (Bieu06Row, ChildUnit, Coverage, Indicator, MonthPoint, PeriodInfo, ReportData, Summary,
                               Unit)

NAM_2024 = PeriodInfo("nam:2024", "Năm 2024", date(2023, 12, 15), date(2024, 12, 14))
NAM_2023 = PeriodInfo("nam:2023", "Năm 2023", date(2022, 12, 15), date(2023, 12, 14))
LICH_2024 = PeriodInfo("nam:2024", "Năm 2024", date(2024, 1, 1), date(2024, 12, 31))

# field name, then: received (online, direct+BCCI, carried over), resolved (early, on time, late),
# pending (within, late)
COMMUNE_FIELDS = [
    ("G09-HT", "Hộ tịch", (398, 2, 0), (360, 27, 3), (9, 1)),
    ("G09-CT", "Chứng thực", (250, 0, 0), (230, 14, 1), (4, 1)),
    ("G12-BT", "Bảo trợ xã hội", (71, 1, 0), (60, 4, 1), (7, 0)),
]


def bieu06_row(code: str | None, name: str, received, resolved, pending, kind: str | None = None,
               nhom: str | None = None) -> Bieu06Row:
    """A line of the form; ``kind`` None: "total" for the (None, "Tổng cộng") line, else "field"."""
    received, resolved, pending = [tuple(D(v) for v in group) for group in (received, resolved, pending)]
    kind = kind or ("total" if code is None and name == "Tổng cộng" else "field")
    return Bieu06Row(code, name, sum(received), *received, sum(resolved), *resolved, sum(pending), *pending,
                     kind=kind, nhom=nhom)


def bieu06(fields) -> list[Bieu06Row]:
    """A form of one group: the field lines, then the total line."""
    rows = [bieu06_row(*f) for f in fields]
    total = [tuple(sum(f[i][j] for f in fields) for j in range(len(fields[0][i]))) for i in (2, 3, 4)]
    return rows + [bieu06_row(None, "Tổng cộng", *total)]


def bieu06_grouped(groups) -> list[Bieu06Row]:
    """A form of several groups: [(heading, kind, [field tuples as in bieu06()])]; each heading line carries the
    sum of its fields, the total line the sum of all the fields."""
    rows, every = [], []
    for heading, kind, fields in groups:
        subtotal = [tuple(sum(f[i][j] for f in fields) for j in range(len(fields[0][i]))) for i in (2, 3, 4)]
        rows.append(bieu06_row(None, heading, *subtotal, kind=kind, nhom=heading))
        rows += [bieu06_row(*f, nhom=heading) for f in fields]
        every += fields
    total = [tuple(sum(f[i][j] for f in every) for j in range(len(every[0][i]))) for i in (2, 3, 4)]
    return rows + [bieu06_row(None, "Tổng cộng", *total)]


def summary(**overrides) -> Summary:
    """The commune's 2024 figures (722 dossiers: 2 direct, 1 by post, 719 online)."""
    values = dict(
        tiep_nhan_tong=D(722), tiep_nhan_truc_tuyen=D(719), tiep_nhan_truc_tiep=D(2), tiep_nhan_bcci=D(1),
        tiep_nhan_ky_truoc=D(0), da_giai_quyet_tong=D(700), da_giai_quyet_truoc_han=D(650),
        da_giai_quyet_dung_han=D(45), da_giai_quyet_qua_han=D(5), dang_giai_quyet_tong=D(22),
        dang_giai_quyet_trong_han=D(20), dang_giai_quyet_qua_han=D(2), ty_le_giai_quyet_dung_han=D("99.29"),
        da_giai_quyet_rut_dung=D(6),
        nhan_moi=D(722), ty_le_truc_tuyen=D("99.58"), ho_so_truc_tuyen_mot_phan=D(398),
        ty_le_truc_tuyen_mot_phan=D("55.12"), ho_so_truc_tuyen_toan_trinh=D(321),
        ty_le_truc_tuyen_toan_trinh=D("44.46"),
        ho_so_co_phi=D(210), ho_so_thanh_toan_truc_tuyen=D(198), ty_le_thanh_toan_truc_tuyen=D("94.29"),
        ho_so_chung_thuc=D(191), ho_so_so_hoa=D(700), ty_le_so_hoa_ho_so=D("96.95"), giai_quyet_trong_ky=D(700),
        tra_ket_qua_bcci=D(15), ket_qua_dien_tu=D(690), ty_le_so_hoa_ket_qua=D("98.57"),
        so_tthc=205, so_linh_vuc=42, so_tthc_mot_cua=129, so_tthc_lien_thong=76, so_tthc_toan_trinh=49,
        so_tthc_mot_phan=133, so_tthc_co_ho_so=61,
    )
    values.update(overrides)
    return Summary(**values)


def previous_summary() -> Summary:
    """2023: 640 new dossiers, 620 resolved, on-time rate 98,00%, online payment 90,00%."""
    return summary(nhan_moi=D(640), tiep_nhan_tong=D(640), da_giai_quyet_tong=D(620),
                   ty_le_giai_quyet_dung_han=D("98.00"), ty_le_truc_tuyen=D("99.58"),
                   ty_le_thanh_toan_truc_tuyen=D("90.00"))


def indicator(code, group, name, max_score, numerator=None, denominator=None, ratio=None, score=None,
              status="thieu_du_lieu") -> Indicator:
    to_d = lambda v: None if v is None else D(str(v))  # noqa: E731
    return Indicator(code, group, name, to_d(numerator), to_d(denominator), to_d(ratio), to_d(score),
                     D(str(max_score)), status)


def indicators() -> list[Indicator]:
    ck, td, dv, sh, hl, tt = ("Công khai, minh bạch", "Tiến độ, kết quả giải quyết", "Cung cấp dịch vụ công trực tuyến",
                              "Số hóa hồ sơ", "Mức độ hài lòng", "Thanh toán trực tuyến")
    return [
        indicator("PUBLISH_ON_TIME", ck, "Tỷ lệ TTHC công bố đúng hạn", 6),
        indicator("DOSSIER_SYNC", ck, "Tỷ lệ hồ sơ đồng bộ trạng thái với Cổng DVCQG", 6),
        indicator("DOSSIER_ON_TIME", td, "Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn (đã và đang xử lý)", 20,
                  715, 722, "99.03", "19.81", "tinh_duoc"),
        indicator("FULL_ONLINE_DOSSIER", dv, "Tỷ lệ hồ sơ trực tuyến toàn trình trên hồ sơ của TTHC đủ điều kiện "
                  "toàn trình", 12, 321, 330, "97.27", "11.67", "tinh_duoc"),
        indicator("ONLINE_DOSSIER", dv, "Tỷ lệ hồ sơ nộp trực tuyến (theo dõi)", 0, 719, 722, "99.58", None,
                  "tinh_duoc"),
        indicator("ORIGINAL_RESULT_AVAILABLE", sh, "Tỷ lệ hồ sơ có kết quả giải quyết điện tử", 6,
                  690, 700, "98.57", "5.91", "tinh_duoc"),
        indicator("ELECTRONIC_CERTIFIED_COPY", sh, "Cung cấp dịch vụ chứng thực bản sao điện tử từ bản chính", 2),
        indicator("PETITION_PROCESSING_ON_TIME", hl, "Tỷ lệ PAKN xử lý đúng hạn", 6, 0, 0, None, None,
                  "khong_phat_sinh"),
        indicator("ONLINE_PAYMENT", tt, "Tỷ lệ hồ sơ thanh toán trực tuyến", 10, 198, 210, "94.29", "9.5",
                  "tinh_duoc"),
    ]


def months(first: date, count: int, received: int = 60) -> list[MonthPoint]:
    points, year, month = [], first.year, first.month
    for n in range(count):
        resolved = D(0) if n == 0 else D(received - 2)
        points.append(MonthPoint(date(year, month, 1), D(received), resolved, D(0) if n == 0 else resolved - n % 3))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return points


def commune() -> ReportData:
    unit = Unit("000.21.20.H56", "Hoằng Cát", "Xã", "xa", "huyện Hoằng Hóa")
    return ReportData(
        unit=unit, period=NAM_2024, kpi_period=LICH_2024, previous=NAM_2023, restated=False,
        summary=summary(), previous_summary=previous_summary(), bieu06=bieu06(COMMUNE_FIELDS),
        indicators=indicators(), monthly=months(date(2023, 12, 1), 13), children=[],
        quality_notes=["Có 3 hồ sơ thiếu ngày hẹn trả, hạn giải quyết được tính theo thời hạn quy định của TTHC."],
        place="Hoằng Cát", issued_on=date(2025, 1, 5),
        coverage=Coverage(date(2022, 1, 1), date(2025, 1, 4)),  # 2023 held whole: the figures are compared
        recipients=["UBND huyện Hoằng Hóa (b/c)", "TTr ĐU, HĐND, UBND xã (b/c)"],
    )


def child(rank, code, name, form, online, fees, points, **dates) -> ChildUnit:
    """A unit of Bảng 2: form = (received, resolved, of them before and on the due day), online = (new dossiers,
    received online), fees = (with a fee, paid online), points = (score, maximum) or None; rates from the counts."""
    received, resolved, early, on_time = (D(v) for v in form)
    new, online_count = (D(v) for v in online)
    fee, paid = (D(v) for v in fees)
    score, top = (None, None) if points is None else (D(str(points[0])), D(str(points[1])))
    return ChildUnit(rank=rank, code=code, name=name, tiep_nhan_tong=received, da_giai_quyet_tong=resolved,
                     ty_le_giai_quyet_dung_han=vi.rate(early + on_time, resolved),
                     ty_le_truc_tuyen=vi.rate(online_count, new), ty_le_thanh_toan_truc_tuyen=vi.rate(paid, fee),
                     diem_766=score, diem_766_toi_da=top, da_giai_quyet_truoc_han=early,
                     da_giai_quyet_dung_han=on_time, nhan_moi=new, tiep_nhan_truc_tuyen=online_count,
                     ho_so_co_phi=fee, ho_so_thanh_toan_truc_tuyen=paid, **dates)


DISTRICT_FIELDS = [
    ("H01", "Đất đai", (300, 100, 20), (350, 40, 10), (15, 5)),
    ("X01", "Hộ tịch", (1200, 30, 0), (1100, 100, 10), (20, 0)),
    ("X02", "Chứng thực", (800, 0, 5), (780, 20, 0), (5, 0)),
    ("X03", "Bảo trợ xã hội", (200, 10, 0), (190, 10, 5), (5, 0)),
]


def district() -> ReportData:
    """Huyện Hoằng Hóa with three communes, no data for the previous period, restated figures."""
    fields = bieu06(DISTRICT_FIELDS)
    total = fields[-1]
    s = summary(tiep_nhan_tong=total.tiep_nhan_tong, tiep_nhan_truc_tuyen=total.tiep_nhan_truc_tuyen,
                tiep_nhan_truc_tiep=D(130), tiep_nhan_bcci=D(10), tiep_nhan_ky_truoc=total.tiep_nhan_ky_truoc,
                da_giai_quyet_tong=total.da_giai_quyet_tong, da_giai_quyet_truoc_han=total.da_giai_quyet_truoc_han,
                da_giai_quyet_dung_han=total.da_giai_quyet_dung_han, da_giai_quyet_qua_han=total.da_giai_quyet_qua_han,
                dang_giai_quyet_tong=total.dang_giai_quyet_tong,
                dang_giai_quyet_trong_han=total.dang_giai_quyet_trong_han,
                dang_giai_quyet_qua_han=total.dang_giai_quyet_qua_han, ty_le_giai_quyet_dung_han=D("99.04"),
                nhan_moi=D(2640), ho_so_chung_thuc=D("812.5"))
    children = [
        child(2, "000.21.20.H57", "xã Hoằng Đạt", (900, 880, 800, 70), (900, 873), (60, 57), ("40.1", 54)),
        child(1, "000.21.20.H56", "xã Hoằng Cát", (722, 700, 650, 45), (722, 719), (70, 66), ("46.89", 54)),
        child(3, "000.21.20.H58", "xã Hoằng Xuân", (0, 0, 0, 0), (0, 0), (0, 0), None),
        # merged into another commune on 01/08/2024: listed apart with its figures up to 31/07/2024
        child(None, "000.21.20.H59", "xã Hoằng Xuyên", (120, 118, 100, 15), (118, 100), (10, 9), ("38", 54),
              until=date(2024, 7, 31)),
    ]
    return ReportData(
        unit=Unit("000.21.20.H00", "Hoằng Hóa", "Huyện", "huyen", "tỉnh Thanh Hóa"),
        period=PeriodInfo("quy:2024-3", "Quý III năm 2024", date(2024, 6, 15), date(2024, 9, 14)),
        kpi_period=PeriodInfo("quy:2024-3", "Quý III năm 2024", date(2024, 7, 1), date(2024, 9, 30)),
        previous=PeriodInfo("quy:2024-2", "Quý II năm 2024", date(2024, 3, 15), date(2024, 6, 14)),
        restated=True, summary=s, previous_summary=None, bieu06=fields, indicators=indicators(),
        monthly=months(date(2024, 6, 1), 4, received=700), children=children,
        restatement_note="Số liệu được tính theo địa giới hành chính hiện nay (sau sắp xếp đơn vị hành chính).",
        place="Hoằng Hóa", issued_on=None, signer_title="Chủ tịch",
    )
