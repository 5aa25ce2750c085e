"""The Vietnamese text of a CCHC report, shared by the Word and HTML versions.

Pure functions of a ``ReportData``: sentences with the figures (vi-VN numbers), comparisons with the
previous period, the header and signature lines, the table rows, and ``body()``, the report outline as
a list of ``Block`` that both renderers walk in the same order. Nothing here reads a database or a file.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from etl import vi
from etl.periods import tasks_ahead
from etl.reports import sections
from etl.reports.blocks import Block
from etl.reports.model import Bieu06Row, ChildUnit, Indicator, PeriodInfo, ReportData, Summary

MISSING = "chưa có dữ liệu"  # a QĐ 766 indicator the warehouse cannot compute: never shown as 0
NOT_ARISEN = "không phát sinh"
QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
SO_KY_HIEU = "Số:       /BC-UBND"

# --- small phrases -------------------------------------------------------------------------------

def lower_first(text: str) -> str:
    """"Quý III năm 2024" -> "quý III năm 2024"."""
    return text[:1].lower() + text[1:]


def comparison_basis(period: PeriodInfo, previous: PeriodInfo) -> str:
    """"cùng kỳ năm 2023" when ``previous`` is the same period a year earlier (codes nam:2024 /
    nam:2023, 6thang:2025 / 6thang:2024), else "kỳ trước (quý II năm 2024)"."""
    kind, _, rest = period.code.partition(":")
    prev_kind, _, prev_rest = previous.code.partition(":")
    if kind == prev_kind and rest[4:] == prev_rest[4:] and rest[:4] != prev_rest[:4]:
        return f"cùng kỳ năm {prev_rest[:4]}"
    return f"kỳ trước ({lower_first(previous.label)})"


def window(first_day: date, last_day: date) -> str:
    """"15/12/2024–14/12/2025"."""
    return f"{vi.day(first_day)}–{vi.day(last_day)}"


def comparable(data: ReportData) -> bool:
    """A figure is compared with the previous period only when the warehouse holds that whole period
    (``data.coverage``): a part of a year is no base for "tăng 3,82%"."""
    return data.previous_summary is not None and data.coverage.covers(data.previous.first_day)


def compared(data: ReportData) -> Summary | None:
    """The previous period's figures when they may be compared with, else None."""
    return data.previous_summary if comparable(data) else None


def comparison_note(data: ReportData) -> str | None:
    """The one sentence saying why nothing is compared; None when the figures are compared."""
    if comparable(data):
        return None
    basis = comparison_basis(data.period, data.previous)
    start = data.coverage.complete_from
    if start is not None and start > data.previous.first_day:
        return f"Chưa đủ số liệu {basis} để so sánh: dữ liệu có từ ngày {vi.day(start)}."
    return f"Chưa có số liệu {basis} để so sánh."


def change(current: Decimal, previous: Decimal | None, basis: str) -> str:
    """Relative change of a count: "tăng 12,50% so với cùng kỳ năm 2023", "giảm …", "bằng …";
    no division when there is nothing to compare with."""
    if previous is None:
        return f"chưa có số liệu {basis} để so sánh"
    if previous == 0:
        return f"bằng {basis}" if current == 0 else f"{basis} không phát sinh, không có số liệu để so sánh"
    if current == previous:
        return f"bằng {basis}"
    delta = vi.rate(abs(current - previous), previous)
    return f"{'tăng' if current > previous else 'giảm'} {vi.percent(delta)} so với {basis}"


def rate_change(current: Decimal | None, previous: Decimal | None, basis: str) -> str:
    """Change of a percentage, in percentage points: "tăng 1,25 điểm phần trăm so với kỳ trước (…)"."""
    if current is None or previous is None:
        return f"chưa có số liệu {basis} để so sánh"
    if current == previous:
        return f"bằng {basis}"
    points = vi.number(abs(current - previous), 2)
    return f"{'tăng' if current > previous else 'giảm'} {points} điểm phần trăm so với {basis}"


def ratio_text(numerator: Decimal | int, denominator: Decimal | int, rate: Decimal | None = None,
               unit: str = "hồ sơ") -> str:
    """"321/722 hồ sơ, đạt tỷ lệ 44,46%"; the rate is computed when not given; "0/0 hồ sơ (không phát sinh)"."""
    head = f"{vi.count(numerator)}/{vi.count(denominator)} {unit}"
    if not denominator:
        return f"{head} ({NOT_ARISEN})"
    return f"{head}, đạt tỷ lệ {vi.percent(rate if rate is not None else vi.rate(numerator, denominator))}"


def rate_or_none(value: Decimal | None) -> str:
    return NOT_ARISEN if value is None else vi.percent(value)


def date_line(place: str, issued_on: date | None) -> str:
    """"Hoằng Cát, ngày 05 tháng 01 năm 2025" (NĐ 30: days < 10 and months 1-2 take a leading 0)."""
    if issued_on is None:
        return f"{place}, ngày … tháng … năm …"
    month = f"{issued_on.month:02d}" if issued_on.month <= 2 else str(issued_on.month)
    return f"{place}, ngày {issued_on.day:02d} tháng {month} năm {issued_on.year}"


# --- header, title, closing ------------------------------------------------------------------------

@dataclass(frozen=True)
class Header:
    parent: str | None  # "UBND HUYỆN HOẰNG HÓA" (not bold; NĐ 30 allows the parent body abbreviated)
    issuer: list[str]  # ["ỦY BAN NHÂN DÂN", "XÃ HOẰNG CÁT"] (bold; the issuer's own name is never abbreviated)
    number: str  # "Số:       /BC-UBND"
    date_line: str
    title: str  # "BÁO CÁO"
    subject: str  # trích yếu

    @property
    def subject_lines(self) -> list[str]:
        """The trích yếu on two lines, the tasks ahead on the second (no word left alone on a line)."""
        head, sep, tail = self.subject.partition(" và nhiệm vụ ")
        return [head, f"và nhiệm vụ {tail}"] if sep else [self.subject]


def header(data: ReportData) -> Header:
    parent = f"UBND {data.unit.parent_name}".upper() if data.unit.parent_name else None
    return Header(parent, issuer_lines(data), SO_KY_HIEU, date_line(data.place or data.unit.name, data.issued_on),
                  "BÁO CÁO", title_subject(data.period))


def issuer_lines(data: ReportData) -> list[str]:
    """The issuing body in full, on two lines: "ỦY BAN NHÂN DÂN" / "XÃ HOẰNG CÁT"."""
    return ["ỦY BAN NHÂN DÂN", data.unit.full_name.upper()]


def next_period(period: PeriodInfo) -> str:
    """"năm 2026" for an annual report of 2025: what its tasks-ahead section covers."""
    return tasks_ahead(period.code)


def title_subject(period: PeriodInfo) -> str:
    """"Tình hình, kết quả công tác cải cách hành chính năm 2025 và nhiệm vụ năm 2026"."""
    return (f"Tình hình, kết quả công tác cải cách hành chính {lower_first(period.label)} và nhiệm vụ "
            f"{next_period(period)}")


def committee(data: ReportData) -> str:
    """"Ủy ban nhân dân xã Hoằng Cát"."""
    return f"Ủy ban nhân dân {data.unit.full_name}"


def recipients(data: ReportData) -> list[str]:
    """Nơi nhận lines, "- " first, ";" between, "." after the last (always ending with "Lưu: VT")."""
    items = list(data.recipients)
    if not items and data.unit.parent_name:
        items = [f"UBND {data.unit.parent_name} (b/c)"]
    if not any(item.startswith("Lưu") for item in items):
        items.append("Lưu: VT")
    items = [item.rstrip(" ;.") for item in items]
    return [f"- {item}{'.' if i == len(items) - 1 else ';'}" for i, item in enumerate(items)]


def signature(data: ReportData) -> list[str]:
    """The signature block: "TM. ỦY BAN NHÂN DÂN", the title, then the name placeholder."""
    return ["TM. ỦY BAN NHÂN DÂN", data.signer_title.upper(), "[Họ và tên]"]


# --- sentences with figures --------------------------------------------------------------------------

def received_sentence(s: Summary) -> str:
    return (f"Tổng số hồ sơ đã tiếp nhận: {vi.count(s.tiep_nhan_tong)} hồ sơ. Trong đó: tiếp nhận trực tiếp "
            f"{vi.count(s.tiep_nhan_truc_tiep)} hồ sơ, qua dịch vụ bưu chính công ích {vi.count(s.tiep_nhan_bcci)} "
            f"hồ sơ, trực tuyến {vi.count(s.tiep_nhan_truc_tuyen)} hồ sơ; kỳ trước chuyển qua: "
            f"{vi.count(s.tiep_nhan_ky_truoc)} hồ sơ.")


def _compared(text: str, comparison: str | None) -> str:
    """``text`` with ", <comparison>" before its full stop, or alone when nothing is compared."""
    return f"{text}, {comparison}." if comparison else f"{text}."


def _rate_comparison(s: Summary, p: Summary | None, rate: str, basis: str) -> str | None:
    """The change of the rate named ``rate`` since ``p``; None when nothing is compared (no previous figures,
    or no base this period)."""
    if p is None or getattr(s, rate) is None:
        return None
    return rate_change(getattr(s, rate), getattr(p, rate), basis)


def new_dossiers_sentence(s: Summary, p: Summary | None, basis: str) -> str:
    return _compared(f"Số hồ sơ tiếp nhận mới trong kỳ: {vi.count(s.nhan_moi)} hồ sơ",
                     change(s.nhan_moi, p.nhan_moi, basis) if p else None)


def resolved_sentence(s: Summary, p: Summary | None, basis: str) -> str:
    compared_with = f" ({change(s.da_giai_quyet_tong, p.da_giai_quyet_tong, basis)})" if p else ""
    text = (f"Số hồ sơ đã giải quyết: {vi.count(s.da_giai_quyet_tong)} hồ sơ{compared_with}. Trong đó: trước hạn "
            f"{vi.count(s.da_giai_quyet_truoc_han)} hồ sơ, đúng hạn {vi.count(s.da_giai_quyet_dung_han)} hồ sơ, "
            f"quá hạn {vi.count(s.da_giai_quyet_qua_han)} hồ sơ.")
    if s.da_giai_quyet_rut_dung:
        text += (f" Số hồ sơ đã giải quyết và số đúng hạn gồm cả {vi.count(s.da_giai_quyet_rut_dung)} hồ sơ công dân "
                 f"rút hoặc dừng xử lý (trả lại), theo cách tính của Biểu số 06/VPCP/KSTT.")
    return text + (" Không có hồ sơ quá hạn." if s.da_giai_quyet_tong and not s.da_giai_quyet_qua_han else "")


def on_time_sentence(s: Summary, p: Summary | None, basis: str, period: PeriodInfo) -> str:
    on_time = s.da_giai_quyet_truoc_han + s.da_giai_quyet_dung_han
    text = (f"Tỷ lệ giải quyết trước hạn, đúng hạn trong kỳ báo cáo ({window(period.first_day, period.last_day)}, "
            f"cách tính Biểu số 06, không trừ thời gian chờ bổ sung hồ sơ): "
            f"{ratio_text(on_time, s.da_giai_quyet_tong, s.ty_le_giai_quyet_dung_han, 'hồ sơ đã giải quyết')}")
    return _compared(text, _rate_comparison(s, p, "ty_le_giai_quyet_dung_han", basis))


def pending_sentence(s: Summary) -> str:
    return (f"Số hồ sơ đang giải quyết: {vi.count(s.dang_giai_quyet_tong)} hồ sơ. Trong đó: trong hạn "
            f"{vi.count(s.dang_giai_quyet_trong_han)} hồ sơ, quá hạn {vi.count(s.dang_giai_quyet_qua_han)} hồ sơ.")


def payment_sentence(s: Summary, p: Summary | None, basis: str, period: PeriodInfo) -> str:
    text = (f"Thanh toán trực tuyến trong kỳ báo cáo ({window(period.first_day, period.last_day)}): số hồ sơ đã "
            f"thanh toán trực tuyến/số hồ sơ tiếp nhận mới có nghĩa vụ tài chính là "
            f"{ratio_text(s.ho_so_thanh_toan_truc_tuyen, s.ho_so_co_phi, s.ty_le_thanh_toan_truc_tuyen)}")
    return _compared(text, _rate_comparison(s, p, "ty_le_thanh_toan_truc_tuyen", basis))


def catalogue_sentences(data: ReportData) -> list[str]:
    s = data.summary
    return [
        f"Tổng số TTHC đang áp dụng trên địa bàn {data.unit.full_name} (danh mục có hiệu lực đến ngày "
        f"{vi.day(data.period.last_day)}): {vi.count(s.so_tthc)} thủ tục thuộc {vi.count(s.so_linh_vuc)} lĩnh vực; "
        f"trong đó {vi.count(s.so_tthc_mot_cua)} thủ tục thực hiện theo cơ chế một cửa, "
        f"{vi.count(s.so_tthc_lien_thong)} thủ tục thực hiện theo cơ chế một cửa liên thông.",
        f"Số TTHC có phát sinh hồ sơ trong kỳ báo cáo (trong số các TTHC đang áp dụng nêu trên): "
        f"{ratio_text(s.so_tthc_co_ho_so, s.so_tthc, unit='thủ tục đang áp dụng')}.",
    ]


def online_sentences(data: ReportData) -> list[str]:
    """§II.6: the digital-government figures of the report period (new dossiers; results of the period)."""
    s, p, period = data.summary, compared(data), data.period
    basis = comparison_basis(data.period, data.previous)
    new = "hồ sơ tiếp nhận mới"
    online = _compared(f"Tỷ lệ hồ sơ tiếp nhận trực tuyến trên tổng số hồ sơ tiếp nhận mới trong kỳ báo cáo "
                       f"({window(period.first_day, period.last_day)}): {rate_or_none(s.ty_le_truc_tuyen)}",
                       _rate_comparison(s, p, "ty_le_truc_tuyen", basis))
    resolved_with_result = ("hồ sơ có kết quả giải quyết trong kỳ (đã xử lý xong hoặc đã trả kết quả; không gồm hồ sơ "
                            "rút, dừng xử lý)")
    return [
        f"Số TTHC cung cấp dịch vụ công trực tuyến (danh mục có hiệu lực đến ngày {vi.day(period.last_day)}): một "
        f"phần {vi.count(s.so_tthc_mot_phan)} thủ tục; toàn trình {vi.count(s.so_tthc_toan_trinh)} thủ tục.",
        online,
        f"Hồ sơ trực tuyến theo mức độ dịch vụ công trong kỳ báo cáo: dịch vụ công trực tuyến một phần "
        f"{ratio_text(s.ho_so_truc_tuyen_mot_phan, s.nhan_moi, s.ty_le_truc_tuyen_mot_phan, new)}; dịch vụ công "
        f"trực tuyến toàn trình {ratio_text(s.ho_so_truc_tuyen_toan_trinh, s.nhan_moi, s.ty_le_truc_tuyen_toan_trinh, new)}.",
        f"Số hóa thành phần hồ sơ khi tiếp nhận trong kỳ báo cáo: "
        f"{ratio_text(s.ho_so_so_hoa, s.nhan_moi, s.ty_le_so_hoa_ho_so, new)}.",
        f"Số hóa kết quả giải quyết (kết quả điện tử) trong kỳ báo cáo: "
        f"{ratio_text(s.ket_qua_dien_tu, s.giai_quyet_trong_ky, s.ty_le_so_hoa_ket_qua, resolved_with_result)}.",
        f"Tiếp nhận, trả kết quả qua dịch vụ bưu chính công ích trong kỳ báo cáo: tiếp nhận "
        f"{vi.count(s.tiep_nhan_bcci)} hồ sơ; trả kết quả {vi.count(s.tra_ket_qua_bcci)} hồ sơ.",
        certification_sentence(s),
        *([copy] if (copy := certified_copy_sentence(data)) else []),
    ]


def certification_sentence(s: Summary) -> str:
    """All dossiers of the certification fields (config/reports.yaml certification_fields)."""
    return (f"Hồ sơ thuộc lĩnh vực chứng thực tiếp nhận mới trong kỳ báo cáo (mọi thủ tục chứng thực): "
            f"{vi.count(s.ho_so_chung_thuc)} hồ sơ.")


def certified_copy_sentence(data: ReportData) -> str | None:
    """The QĐ 766 indicator on electronic certified copies from originals, in its own sentence: it counts
    communes offering the service (calendar period), not certification dossiers."""
    indicator = next((i for i in data.indicators if i.code == "ELECTRONIC_CERTIFIED_COPY"), None)
    if indicator is None or indicator.status == "thieu_du_lieu" or indicator.denominator is None:
        return None
    k = kpi_window(data)
    head = (f"Chứng thực bản sao điện tử từ bản chính (chỉ số của Quyết định số 766/QĐ-TTg, {k}): ")
    if indicator.denominator == 1 and data.unit.level == "xa":
        return head + ("đã cung cấp dịch vụ (có hồ sơ trong kỳ)." if indicator.numerator
                       else "chưa có hồ sơ trong kỳ.")
    share = "" if indicator.ratio is None else f", đạt tỷ lệ {vi.percent(indicator.ratio)}"
    return head + (f"{vi.count(indicator.numerator)}/{vi.count(indicator.denominator)} xã đã cung cấp dịch vụ (có hồ "
                   f"sơ trong kỳ){share}.")


def kpi_window_days(data: ReportData) -> tuple[date, date]:
    """The days the QĐ 766 figures really cover: the calendar twin of the period, cut to the days the warehouse
    has data for (a report made a week after 14/12 cannot claim 01/01–31/12)."""
    k, c = data.kpi_period, data.coverage
    first = max(k.first_day, c.complete_from) if c.complete_from else k.first_day
    last = min(k.last_day, c.data_through) if c.data_through else k.last_day
    return first, max(first, last)


def kpi_window(data: ReportData) -> str:
    """"năm dương lịch 2025, từ ngày 01/01/2025 đến ngày 21/12/2025"; "kỳ dương lịch quý III năm 2024, …"."""
    first, last = kpi_window_days(data)
    label = lower_first(data.kpi_period.label)
    named = label.replace("năm", "năm dương lịch", 1) if label.startswith("năm") else f"kỳ dương lịch {label}"
    return f"{named}, từ ngày {vi.day(first)} đến ngày {vi.day(last)}"


def kpi_sentences(data: ReportData) -> list[str]:
    computed = [i for i in data.indicators if i.status == "tinh_duoc" and i.max_score > 0 and i.score is not None]
    missing = [i for i in data.indicators if i.status == "thieu_du_lieu"]
    _, last = kpi_window_days(data)
    cut = " (ngày cuối cùng có dữ liệu)" if last < data.kpi_period.last_day else ""
    lines = [f"Số liệu của Bộ chỉ số tính theo {kpi_window(data)}{cut}, theo cách tính của Cổng Dịch vụ công "
             f"quốc gia: tỷ lệ đúng hạn tính trên hồ sơ tiếp nhận trong kỳ (cả hồ sơ đang giải quyết) và trừ thời "
             f"gian chờ bổ sung hồ sơ. Vì khác kỳ và cách tính, các tỷ lệ trong Bảng 1 khác các tỷ lệ cùng tên ở "
             f"mục 2.2 và mục 6 (tính theo kỳ báo cáo {window(data.period.first_day, data.period.last_day)} và Biểu "
             f"số 06)."]
    if computed:
        score = sum((i.score for i in computed), Decimal(0))
        top = sum((i.max_score for i in computed), Decimal(0))
        lines.append(f"Tổng điểm các chỉ số tính được: {vi.number(score, 2)}/{vi.count(top)} điểm "
                     f"({vi.percent(vi.rate(score, top))}).")
    else:
        lines.append(f"Chưa có chỉ số nào tính được điểm trong kỳ ({MISSING}).")
    if missing:
        top = sum((i.max_score for i in missing), Decimal(0))
        lines.append(f"Có {len(missing)} chỉ số {MISSING} (tổng điểm tối đa {vi.count(top)} điểm), "
                     f"không tính vào tổng điểm.")
    return lines


# --- table rows ---------------------------------------------------------------------------------------

KPI_HEADER = ["STT", "Nhóm chỉ số", "Chỉ số", "Tử số/Mẫu số", "Tỷ lệ", "Điểm", "Tối đa"]
# the ranking table (Bảng 2); {kpi}: the days of the QĐ 766 points, e.g. "01/01–31/12/2025" (children_rows)
CHILDREN_HEADER = ["Hạng", "Đơn vị", "Hồ sơ tiếp nhận", "Đã giải quyết", "Tỷ lệ giải quyết đúng hạn",
                   "Tỷ lệ tiếp nhận trực tuyến", "Tỷ lệ thanh toán trực tuyến", "Điểm QĐ 766 (kỳ {kpi})",
                   "Tỷ lệ điểm QĐ 766"]
CHILDREN_APART = "Đơn vị đã giải thể/sắp xếp trong kỳ"
CHILDREN_TOTAL = "Tổng cộng"
UNRANKED = "–"


def indicator_row(number: int, i: Indicator) -> list[str]:
    if i.status == "thieu_du_lieu":
        return [str(number), i.group_name, i.name, MISSING, MISSING, MISSING, vi.count(i.max_score)]
    fraction = ("–" if i.numerator is None or i.denominator is None
                else f"{vi.count(i.numerator)}/{vi.count(i.denominator)}")
    ratio = NOT_ARISEN if i.ratio is None else vi.percent(i.ratio)
    if i.score is not None:
        score = vi.number(i.score, 2)
    else:
        score = "theo dõi" if i.max_score == 0 else NOT_ARISEN
    return [str(number), i.group_name, i.name, fraction, ratio, score, vi.count(i.max_score)]


def indicator_rows(data: ReportData) -> list[list[str]]:
    return [indicator_row(n, i) for n, i in enumerate(data.indicators, 1)]


def points_text(score: Decimal | None, top: Decimal | None) -> str:
    """QĐ 766 points, always with 2 decimals: "37,90/54"; "chưa có dữ liệu" without a computed indicator."""
    return MISSING if score is None or top is None else f"{vi.number(score, 2)}/{vi.count(top)}"


def child_row(c: ChildUnit, points: bool = True) -> list[str]:
    """A unit's row of Bảng 2; ``points`` False for the reported unit's own dossiers (no QĐ 766 of their own)."""
    name = c.name + (f" (từ {vi.day(c.since)})" if c.since else "") + (f" (đến {vi.day(c.until)})" if c.until else "")
    share = c.ty_le_diem_766
    return [UNRANKED if c.rank is None else str(c.rank), name, vi.count(c.tiep_nhan_tong),
            vi.count(c.da_giai_quyet_tong), rate_or_none(c.ty_le_giai_quyet_dung_han), rate_or_none(c.ty_le_truc_tuyen),
            rate_or_none(c.ty_le_thanh_toan_truc_tuyen),
            points_text(c.diem_766, c.diem_766_toi_da) if points else UNRANKED,
            (UNRANKED if share is None else vi.percent(share)) if points else UNRANKED]


def own_name(data: ReportData) -> str:
    """The row of the reported unit's own dossiers: its own agencies, under no listed unit."""
    if data.unit.level == "tinh":
        return "Cơ quan cấp tỉnh (các sở, ngành)"
    return f"UBND {data.unit.full_name} (cấp {'huyện' if data.unit.level == 'huyen' else 'đơn vị'})"


def own_unit(data: ReportData) -> ChildUnit:
    """The reported unit's own dossiers (its own agencies): the report's totals less every listed unit, so that
    Bảng 2 adds up to them (each dossier counts once at each level: mart.unit_rollup)."""
    s = data.summary
    rest = {f: getattr(s, f) - sum((getattr(c, f) for c in data.children), Decimal(0))
            for f in ("tiep_nhan_tong", "da_giai_quyet_tong", "da_giai_quyet_truoc_han", "da_giai_quyet_dung_han",
                      "nhan_moi", "tiep_nhan_truc_tuyen", "ho_so_co_phi", "ho_so_thanh_toan_truc_tuyen")}
    return ChildUnit(
        rank=None, code=data.unit.code, name=own_name(data), **rest,
        ty_le_giai_quyet_dung_han=vi.rate(rest["da_giai_quyet_truoc_han"] + rest["da_giai_quyet_dung_han"],
                                          rest["da_giai_quyet_tong"]),
        ty_le_truc_tuyen=vi.rate(rest["tiep_nhan_truc_tuyen"], rest["nhan_moi"]),
        ty_le_thanh_toan_truc_tuyen=vi.rate(rest["ho_so_thanh_toan_truc_tuyen"], rest["ho_so_co_phi"]),
        diem_766=None, diem_766_toi_da=None)


def total_row(data: ReportData) -> list[str]:
    """"Tổng cộng": the report's own figures (mục 2.2) and its QĐ 766 points (Bảng 1), not sums of points."""
    s = data.summary
    computed = [i for i in data.indicators if i.status == "tinh_duoc" and i.max_score > 0 and i.score is not None]
    score = sum((i.score for i in computed), Decimal(0)) if computed else None
    top = sum((i.max_score for i in computed), Decimal(0)) if computed else None
    return ["", CHILDREN_TOTAL, vi.count(s.tiep_nhan_tong), vi.count(s.da_giai_quyet_tong),
            rate_or_none(s.ty_le_giai_quyet_dung_han), rate_or_none(s.ty_le_truc_tuyen),
            rate_or_none(s.ty_le_thanh_toan_truc_tuyen), points_text(score, top),
            UNRANKED if score is None else vi.percent(vi.rate(score, top))]


def _short_window(first_day: date, last_day: date) -> str:
    """"01/01–31/12/2025" within one year, else "15/12/2024–14/12/2025"."""
    if first_day.year == last_day.year:
        return f"{first_day:%d/%m}–{vi.day(last_day)}"
    return f"{vi.day(first_day)}–{vi.day(last_day)}"


def children_rows(data: ReportData) -> list[list[str]]:
    """Bảng 2, heading row first: the ranked units (by rank, ties by name), the reported unit's own dossiers,
    then under a one-cell sub-heading row the units that ended inside the period (no rank), and last the
    "Tổng cộng" row, whose counts are the report's totals. A one-cell row spans the whole table."""
    header = [text.format(kpi=_short_window(*kpi_window_days(data))) for text in CHILDREN_HEADER]
    ranked = sorted((c for c in data.children if c.rank is not None), key=lambda c: (c.rank, vi.fold(c.name)))
    apart = sorted((c for c in data.children if c.rank is None), key=lambda c: vi.fold(c.name))
    rows = [header, *(child_row(c) for c in ranked), child_row(own_unit(data), points=False)]
    if apart:
        rows += [[CHILDREN_APART], *(child_row(c) for c in apart)]
    return rows + [total_row(data)]


def children_sentences(data: ReportData) -> list[str]:
    """The sentences above Bảng 2: the periods and rules of its columns, the ranking rule, the unranked rows."""
    p = data.period
    ranked = [c for c in data.children if c.rank is not None]
    apart = [c for c in data.children if c.rank is None]
    level = "tỉnh" if data.unit.level == "tinh" else "huyện"
    unscored = " Đơn vị chưa có chỉ số nào tính được điểm xếp sau cùng." if any(
        c.ty_le_diem_766 is None for c in ranked) else ""
    apart_text = (f" Có {len(apart)} đơn vị đã giải thể, sắp xếp trong kỳ được ghi riêng sau các đơn vị xếp hạng, "
                  f"không xếp hạng, với số liệu của thời gian còn hoạt động (đến ngày ghi sau tên đơn vị)."
                  if apart else "")
    return [
        f"Số hồ sơ tiếp nhận, đã giải quyết và các tỷ lệ trong Bảng 2 tính theo kỳ báo cáo từ ngày "
        f"{vi.day(p.first_day)} đến ngày {vi.day(p.last_day)} (cách tính Biểu số 06/VPCP/KSTT; tỷ lệ tiếp nhận "
        f"trực tuyến và tỷ lệ thanh toán trực tuyến tính trên hồ sơ tiếp nhận mới trong kỳ); điểm QĐ 766 tính theo "
        f"{kpi_window(data)} (cách tính của Quyết định số 766/QĐ-TTg), chỉ gồm các chỉ số tính được.",
        f"Xếp hạng {len(ranked)} đơn vị trực thuộc theo tỷ lệ điểm QĐ 766: tổng điểm đạt được chia cho tổng điểm "
        f"tối đa của các chỉ số tính được của từng đơn vị, tính theo phần trăm, làm tròn đến 2 chữ số thập phân "
        f"(hạng 1 là cao nhất); các đơn vị có tỷ lệ điểm bằng nhau được xếp cùng hạng và ghi theo thứ tự tên."
        f"{unscored}",
        f"Dòng \"{own_name(data)}\" là hồ sơ do các cơ quan cấp {level} trực tiếp tiếp nhận, giải quyết (không "
        f"thuộc đơn vị trực thuộc nào), không xếp hạng.{apart_text} Dòng \"{CHILDREN_TOTAL}\" bằng số liệu chung của "
        f"{data.unit.full_name} tại mục 2.2; điểm QĐ 766 ở dòng này là điểm của {data.unit.full_name} tại Bảng 1.",
    ]


BIEU06_FIELDS = ("tiep_nhan_tong", "tiep_nhan_truc_tuyen", "tiep_nhan_truc_tiep_bcci", "tiep_nhan_ky_truoc",
                 "da_giai_quyet_tong", "da_giai_quyet_truoc_han", "da_giai_quyet_dung_han", "da_giai_quyet_qua_han",
                 "dang_giai_quyet_tong", "dang_giai_quyet_trong_han", "dang_giai_quyet_qua_han")
BIEU06_TITLE = "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT TTHC TẠI CƠ QUAN, ĐƠN VỊ TRỰC TIẾP GIẢI QUYẾT TTHC"
BIEU06_FORM = "Biểu số 06/VPCP/KSTT"
BIEU06_BASIS = "Ban hành theo Thông tư số 01/2020/TT-VPCP ngày 21/10/2020"
BIEU06_UNIT = "Đơn vị tính: Số hồ sơ TTHC"
# the body a unit without a parent (the province) sends its Biểu 06 to (Thông tư 01/2020/TT-VPCP)
BIEU06_RECEIVER = "Văn phòng Chính phủ"
BIEU06_NOTE = ("Ghi chú: Số hồ sơ đã giải quyết và đúng hạn gồm cả {} hồ sơ công dân rút hoặc dừng xử lý (trả lại), "
               "theo cách tính của Hệ thống thông tin giải quyết TTHC tỉnh.")
_ROMAN = ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def bieu06_window(period: PeriodInfo) -> str:
    return f"(Từ ngày {vi.day(period.first_day)} đến ngày {vi.day(period.last_day)})"


def bieu06_receiver(data: ReportData) -> str:
    """The body the form goes to: as gathered (config/reports.yaml bieu06_receiver for the top unit), else the
    body above the unit, else Văn phòng Chính phủ."""
    if data.bieu06_receiver:
        return data.bieu06_receiver
    return f"UBND {data.unit.parent_name}" if data.unit.parent_name else BIEU06_RECEIVER


def bieu06_units(data: ReportData) -> list[str]:
    """The two lines at the top of the form: "Đơn vị báo cáo: UBND XÃ HOẰNG CÁT", "Đơn vị nhận báo cáo: …"."""
    return [f"Đơn vị báo cáo: {data.unit.issuer}", f"Đơn vị nhận báo cáo: {bieu06_receiver(data).upper()}"]


def bieu06_note(data: ReportData) -> str | None:
    """The note under the table: how many withdrawn (7) or stopped (8) dossiers "đã giải quyết" and "đúng hạn"
    include (mart.cchc_summary.da_giai_quyet_rut_dung); None when there are none."""
    count = data.summary.da_giai_quyet_rut_dung
    return BIEU06_NOTE.format(vi.count(count)) if count else None


def bieu06_values(row: Bieu06Row) -> list[Decimal]:
    return [getattr(row, name) for name in BIEU06_FIELDS]


def _roman(number: int) -> str:
    text = ""
    for value, letters in _ROMAN:
        while number >= value:
            text, number = text + letters, number - value
    return text


def bieu06_numbers(rows: list[Bieu06Row]) -> list[str]:
    """The STT column: the top headings I, II, III (levels, or agencies on a one-level form), agencies under a
    level 1, 2, fields 1, 2 within their group (1.1, 1.2 under a numbered agency); the total line none."""
    levels = any(r.kind == "level" for r in rows)
    numbers, top, middle, leaf = [], 0, 0, 0
    for row in rows:
        if row.kind == "level" or (row.kind == "agency" and not levels):
            top, middle, leaf = top + 1, 0, 0
            numbers.append(_roman(top))
        elif row.kind == "agency":
            middle, leaf = middle + 1, 0
            numbers.append(str(middle))
        elif row.kind == "field":
            leaf += 1
            numbers.append(f"{middle}.{leaf}" if middle else str(leaf))
        else:
            numbers.append("")
    return numbers


def bieu06_rows(data: ReportData) -> list[list[str]]:
    """Formatted rows: STT, field or group, then the 11 figures; the last (total) row has no STT."""
    return [[number, row.field_name] + [vi.count(v) for v in bieu06_values(row)]
            for number, row in zip(bieu06_numbers(data.bieu06), data.bieu06)]


# --- the outline --------------------------------------------------------------------------------------

def _p(text: str) -> Block:
    return Block("p", text)


def _bullets(lines: list[str]) -> list[Block]:
    return [_p(f"- {line}") for line in lines]


def notes(data: ReportData) -> list[str]:
    """The "Ghi chú về số liệu" lines: the restatement note (only for a unit whose area changed in the period,
    etl.restatement), then data quality; empty when none."""
    return ([data.restatement_note] if data.restatement_note else []) + list(data.quality_notes)


def intro(data: ReportData) -> str:
    p, c = data.period, data.coverage
    held = []
    if c.complete_from is not None and c.complete_from > p.first_day:
        held.append(f"từ ngày {vi.day(c.complete_from)}")
    if c.data_through is not None and c.data_through < p.last_day:
        held.append(f"đến ngày {vi.day(c.data_through)}")
    partial = f"; kho dữ liệu có số liệu {' '.join(held)}" if held else ""
    return (f"Thực hiện chế độ báo cáo định kỳ về công tác cải cách hành chính, {committee(data)} báo cáo "
            f"tình hình, kết quả công tác cải cách hành chính {lower_first(p.label)} (số liệu từ ngày "
            f"{vi.day(p.first_day)} đến ngày {vi.day(p.last_day)}{partial}) và nhiệm vụ {next_period(p)} như sau:")


def closing(data: ReportData) -> str:
    return (f"Trên đây là báo cáo tình hình, kết quả công tác cải cách hành chính {lower_first(data.period.label)} "
            f"và nhiệm vụ {next_period(data.period)} của {committee(data)}./.")


def body(data: ReportData) -> list[Block]:
    """The report body between the title and the signature: the figures of the warehouse and, section by
    section, what the unit stated in its fill-in workbook (``etl.reports.sections``)."""
    s, p = data.summary, compared(data)
    basis = comparison_basis(data.period, data.previous)
    no_comparison = comparison_note(data)

    def part(code: str) -> list[Block]:
        return sections.part(data, code)

    blocks = [
        _p(intro(data)),
        *sections.submission_notes(data, committee(data)),
        Block("h1", "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH"),
        *part("I.1"), *part("I.2"), *part("I.3"), *part("I.4"), *part("I.5"),
        Block("h1", "II. KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH"),
        *part("II.1"),
        Block("h2", "2. Cải cách thủ tục hành chính và thực hiện cơ chế một cửa, một cửa liên thông"),
        sections.heading("II.2.1"),
        *_bullets(catalogue_sentences(data)),
        *sections.content(data, "II.2.1"),
        sections.heading("II.2.2"),
        _p(f"Số liệu tiếp nhận, giải quyết hồ sơ trong kỳ báo cáo "
           f"({window(data.period.first_day, data.period.last_day)}), theo cách tính của Biểu số 06/VPCP/KSTT"
           + (f". {no_comparison}" if no_comparison else ":")),
        *_bullets([received_sentence(s), new_dossiers_sentence(s, p, basis), resolved_sentence(s, p, basis),
                   on_time_sentence(s, p, basis, data.period), pending_sentence(s),
                   payment_sentence(s, p, basis, data.period)]),
        Block("chart", chart="channels", caption="Hình 1. Cơ cấu hồ sơ tiếp nhận theo kênh"),
        Block("chart", chart="monthly", caption="Hình 2. Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn theo tháng"),
        _p(f"Chi tiết kết quả giải quyết TTHC theo từng lĩnh vực tại {sections.annex_names(data)[0]} kèm theo "
           f"(Biểu số 06/VPCP/KSTT)."),
        *sections.content(data, "II.2.2"),
        *part("II.2.3"), *part("II.3"), *part("II.4"), *part("II.5"),
        Block("h2", "6. Xây dựng và phát triển Chính quyền điện tử, Chính quyền số"),
        sections.heading("II.6.1"),
        *sections.content(data, "II.6.1"),
        *_bullets(online_sentences(data)),
        *part("II.6.2"),
        Block("h2", "7. Kết quả Bộ chỉ số chỉ đạo, điều hành và đánh giá chất lượng phục vụ người dân, doanh "
                    "nghiệp (Quyết định số 766/QĐ-TTg)"),
        *[_p(line) for line in kpi_sentences(data)],
        Block("table", table="kpi766", caption=f"Bảng 1. Kết quả các chỉ số theo Quyết định số 766/QĐ-TTg "
                                               f"({kpi_window(data)})"),
        Block("chart", chart="kpi766", caption="Hình 3. Điểm các chỉ số QĐ 766 so với điểm tối đa"),
    ]
    if data.children:
        blocks += [
            Block("h2", "8. Kết quả của các đơn vị trực thuộc"),
            *[_p(line) for line in children_sentences(data)],
            Block("table", table="children", caption="Bảng 2. So sánh, xếp hạng các đơn vị trực thuộc"),
        ]
    blocks += [
        Block("h1", "III. ĐÁNH GIÁ CHUNG"),
        *part("III.1"), *part("III.2"),
        Block("h1", f"IV. NHIỆM VỤ TRỌNG TÂM {next_period(data.period).upper()}"),
        *sections.content(data, "IV"),
    ]
    if notes(data):
        blocks += [Block("h2", "Ghi chú về số liệu"), *_bullets(notes(data))]
    return blocks + [_p(closing(data))]
