"""The Vietnamese text of a CCHC report, shared by the Word and HTML versions.

Pure functions of a ``ReportData``: sentences with the figures (vi-VN numbers), comparisons with the
previous period, the header and signature lines, the table rows, and ``body()``, the report outline as
a list of ``Block`` that both renderers walk in the same order. Nothing here reads a database or a file.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from etl import vi
from etl.reports.model import Bieu06Row, ChildUnit, Indicator, PeriodInfo, ReportData, Summary

MISSING = "chưa có dữ liệu"  # a QĐ 766 indicator the warehouse cannot compute: never shown as 0
NOT_ARISEN = "không phát sinh"
QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
SO_KY_HIEU = "Số:       /BC-UBND"
PLACEHOLDER = "[Nội dung do đơn vị bổ sung: {}]"
RESTATED = ("Số liệu được tổng hợp theo đơn vị hành chính hiện nay, không theo đơn vị tại thời điểm tiếp nhận "
            "hồ sơ.")


# --- small phrases -------------------------------------------------------------------------------

def lower_first(text: str) -> str:
    """"Quý III năm 2024" -> "quý III năm 2024"."""
    return text[:1].lower() + text[1:]


def placeholder(topic: str) -> str:
    """The marked paragraph a unit must replace with its own text."""
    return PLACEHOLDER.format(topic)


def comparison_basis(period: PeriodInfo, previous: PeriodInfo) -> str:
    """"cùng kỳ năm 2023" when ``previous`` is the same period a year earlier (codes nam:2024 /
    nam:2023, 6thang:2025 / 6thang:2024), else "kỳ trước (quý II năm 2024)"."""
    kind, _, rest = period.code.partition(":")
    prev_kind, _, prev_rest = previous.code.partition(":")
    if kind == prev_kind and rest[4:] == prev_rest[4:] and rest[:4] != prev_rest[:4]:
        return f"cùng kỳ năm {prev_rest[:4]}"
    return f"kỳ trước ({lower_first(previous.label)})"


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
    parent: str | None  # "UBND HUYỆN HOẰNG HÓA" (not bold), None when there is no parent body
    issuer: str  # "UBND XÃ HOẰNG CÁT" (bold)
    number: str  # "Số:       /BC-UBND"
    date_line: str
    title: str  # "BÁO CÁO"
    subject: str  # trích yếu


def header(data: ReportData) -> Header:
    parent = f"UBND {data.unit.parent_name}".upper() if data.unit.parent_name else None
    return Header(parent, data.unit.issuer, SO_KY_HIEU, date_line(data.place or data.unit.name, data.issued_on),
                  "BÁO CÁO", title_subject(data.period))


def title_subject(period: PeriodInfo) -> str:
    return f"Tình hình, kết quả công tác cải cách hành chính {lower_first(period.label)}"


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


def new_dossiers_sentence(s: Summary, p: Summary | None, basis: str) -> str:
    return (f"Số hồ sơ tiếp nhận mới trong kỳ: {vi.count(s.nhan_moi)} hồ sơ, "
            f"{change(s.nhan_moi, p and p.nhan_moi, basis)}.")


def resolved_sentence(s: Summary, p: Summary | None, basis: str) -> str:
    text = (f"Số hồ sơ đã giải quyết: {vi.count(s.da_giai_quyet_tong)} hồ sơ "
            f"({change(s.da_giai_quyet_tong, p and p.da_giai_quyet_tong, basis)}). Trong đó: trước hạn "
            f"{vi.count(s.da_giai_quyet_truoc_han)} hồ sơ, đúng hạn {vi.count(s.da_giai_quyet_dung_han)} hồ sơ, "
            f"quá hạn {vi.count(s.da_giai_quyet_qua_han)} hồ sơ.")
    return text + (" Không có hồ sơ quá hạn." if s.da_giai_quyet_tong and not s.da_giai_quyet_qua_han else "")


def on_time_sentence(s: Summary, p: Summary | None, basis: str) -> str:
    on_time = s.da_giai_quyet_truoc_han + s.da_giai_quyet_dung_han
    text = (f"Tỷ lệ giải quyết trước hạn, đúng hạn: "
            f"{ratio_text(on_time, s.da_giai_quyet_tong, s.ty_le_giai_quyet_dung_han)}")
    if not s.da_giai_quyet_tong:
        return text + "."
    return text + f" ({rate_change(s.ty_le_giai_quyet_dung_han, p and p.ty_le_giai_quyet_dung_han, basis)})."


def pending_sentence(s: Summary) -> str:
    return (f"Số hồ sơ đang giải quyết: {vi.count(s.dang_giai_quyet_tong)} hồ sơ. Trong đó: trong hạn "
            f"{vi.count(s.dang_giai_quyet_trong_han)} hồ sơ, quá hạn {vi.count(s.dang_giai_quyet_qua_han)} hồ sơ.")


def payment_sentence(s: Summary, p: Summary | None, basis: str) -> str:
    text = (f"Thanh toán trực tuyến: số hồ sơ thanh toán trực tuyến trên số hồ sơ có nghĩa vụ tài chính là "
            f"{ratio_text(s.ho_so_thanh_toan_truc_tuyen, s.ho_so_co_phi, s.ty_le_thanh_toan_truc_tuyen)}")
    if not s.ho_so_co_phi:
        return text + "."
    return text + f" ({rate_change(s.ty_le_thanh_toan_truc_tuyen, p and p.ty_le_thanh_toan_truc_tuyen, basis)})."


def catalogue_sentences(data: ReportData) -> list[str]:
    s = data.summary
    return [
        f"Tổng số TTHC đang áp dụng trên địa bàn {data.unit.full_name} (danh mục có hiệu lực đến ngày "
        f"{vi.day(data.period.last_day)}): {vi.count(s.so_tthc)} thủ tục thuộc {vi.count(s.so_linh_vuc)} lĩnh vực; "
        f"trong đó {vi.count(s.so_tthc_mot_cua)} thủ tục thực hiện theo cơ chế một cửa, "
        f"{vi.count(s.so_tthc_lien_thong)} thủ tục thực hiện theo cơ chế một cửa liên thông.",
        f"Số TTHC có phát sinh hồ sơ trong kỳ: {ratio_text(s.so_tthc_co_ho_so, s.so_tthc, unit='thủ tục')}.",
    ]


def online_sentences(s: Summary, p: Summary | None, basis: str) -> list[str]:
    online = (f"Tỷ lệ hồ sơ tiếp nhận trực tuyến trên tổng số hồ sơ tiếp nhận mới: {rate_or_none(s.ty_le_truc_tuyen)}"
              + ("." if s.ty_le_truc_tuyen is None
                 else f" ({rate_change(s.ty_le_truc_tuyen, p and p.ty_le_truc_tuyen, basis)})."))
    return [
        f"Số TTHC cung cấp dịch vụ công trực tuyến: một phần {vi.count(s.so_tthc_mot_phan)} thủ tục; "
        f"toàn trình {vi.count(s.so_tthc_toan_trinh)} thủ tục.",
        online,
        f"Hồ sơ trực tuyến theo mức độ dịch vụ công: dịch vụ công trực tuyến một phần "
        f"{ratio_text(s.ho_so_truc_tuyen_mot_phan, s.nhan_moi, s.ty_le_truc_tuyen_mot_phan)}; dịch vụ công trực "
        f"tuyến toàn trình {ratio_text(s.ho_so_truc_tuyen_toan_trinh, s.nhan_moi, s.ty_le_truc_tuyen_toan_trinh)}.",
        f"Số hóa thành phần hồ sơ khi tiếp nhận: {ratio_text(s.ho_so_so_hoa, s.nhan_moi, s.ty_le_so_hoa_ho_so)}.",
        f"Số hóa kết quả giải quyết (kết quả điện tử): "
        f"{ratio_text(s.ket_qua_dien_tu, s.giai_quyet_trong_ky, s.ty_le_so_hoa_ket_qua)}.",
        f"Tiếp nhận, trả kết quả qua dịch vụ bưu chính công ích: tiếp nhận {vi.count(s.tiep_nhan_bcci)} hồ sơ; "
        f"trả kết quả {vi.count(s.tra_ket_qua_bcci)} hồ sơ.",
        f"Chứng thực (lĩnh vực chứng thực, gồm chứng thực bản sao điện tử từ bản chính): đã tiếp nhận "
        f"{vi.count(s.ho_so_chung_thuc)} hồ sơ.",
    ]


def kpi_sentences(data: ReportData) -> list[str]:
    computed = [i for i in data.indicators if i.status == "tinh_duoc" and i.max_score > 0 and i.score is not None]
    missing = [i for i in data.indicators if i.status == "thieu_du_lieu"]
    k = data.kpi_period
    lines = [f"Số liệu tính theo kỳ lịch {lower_first(k.label)} (từ ngày {vi.day(k.first_day)} đến ngày "
             f"{vi.day(k.last_day)}), theo cách tính của Cổng Dịch vụ công quốc gia."]
    if computed:
        score = sum((i.score for i in computed), Decimal(0))
        top = sum((i.max_score for i in computed), Decimal(0))
        lines.append(f"Tổng điểm các chỉ số tính được: {vi.count(score)}/{vi.count(top)} điểm "
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
CHILDREN_HEADER = ["Hạng", "Đơn vị", "Hồ sơ tiếp nhận", "Đã giải quyết", "Tỷ lệ đúng hạn", "Tỷ lệ trực tuyến",
                   "Tỷ lệ thanh toán trực tuyến", "Điểm QĐ 766"]


def indicator_row(number: int, i: Indicator) -> list[str]:
    if i.status == "thieu_du_lieu":
        return [str(number), i.group_name, i.name, MISSING, MISSING, MISSING, vi.count(i.max_score)]
    fraction = ("–" if i.numerator is None or i.denominator is None
                else f"{vi.count(i.numerator)}/{vi.count(i.denominator)}")
    ratio = NOT_ARISEN if i.ratio is None else vi.percent(i.ratio)
    if i.score is not None:
        score = vi.count(i.score)
    else:
        score = "theo dõi" if i.max_score == 0 else NOT_ARISEN
    return [str(number), i.group_name, i.name, fraction, ratio, score, vi.count(i.max_score)]


def indicator_rows(data: ReportData) -> list[list[str]]:
    return [indicator_row(n, i) for n, i in enumerate(data.indicators, 1)]


def child_row(c: ChildUnit) -> list[str]:
    points = (MISSING if c.diem_766 is None or c.diem_766_toi_da is None
              else f"{vi.count(c.diem_766)}/{vi.count(c.diem_766_toi_da)}")
    return [str(c.rank), c.name, vi.count(c.tiep_nhan_tong), vi.count(c.da_giai_quyet_tong),
            rate_or_none(c.ty_le_giai_quyet_dung_han), rate_or_none(c.ty_le_truc_tuyen),
            rate_or_none(c.ty_le_thanh_toan_truc_tuyen), points]


def children_rows(data: ReportData) -> list[list[str]]:
    return [child_row(c) for c in sorted(data.children, key=lambda c: (c.rank, c.name))]


BIEU06_FIELDS = ("tiep_nhan_tong", "tiep_nhan_truc_tuyen", "tiep_nhan_truc_tiep_bcci", "tiep_nhan_ky_truoc",
                 "da_giai_quyet_tong", "da_giai_quyet_truoc_han", "da_giai_quyet_dung_han", "da_giai_quyet_qua_han",
                 "dang_giai_quyet_tong", "dang_giai_quyet_trong_han", "dang_giai_quyet_qua_han")
BIEU06_TITLE = "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT TTHC TẠI CƠ QUAN, ĐƠN VỊ TRỰC TIẾP GIẢI QUYẾT TTHC"
BIEU06_FORM = "Biểu số 06/VPCP/KSTT"
BIEU06_BASIS = "Ban hành theo Thông tư số 01/2020/TT-VPCP ngày 21/10/2020"
BIEU06_UNIT = "Đơn vị tính: Số hồ sơ TTHC"


def bieu06_window(period: PeriodInfo) -> str:
    return f"(Từ ngày {vi.day(period.first_day)} đến ngày {vi.day(period.last_day)})"


def bieu06_values(row: Bieu06Row) -> list[Decimal]:
    return [getattr(row, name) for name in BIEU06_FIELDS]


def bieu06_rows(data: ReportData) -> list[list[str]]:
    """Formatted rows: STT, field, then the 11 figures; the last (total) row has no STT."""
    rows = []
    for n, row in enumerate(data.bieu06, 1):
        is_total = row.ma_linh_vuc is None and n == len(data.bieu06)
        rows.append(["" if is_total else str(n), row.ten_linh_vuc] + [vi.count(v) for v in bieu06_values(row)])
    return rows


# --- the outline --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Block:
    """One element of the report body, in order.

    kind: h1 (I. …), h2 (1. …), h3 (2.1. …), p (paragraph), todo (placeholder the unit fills in),
    table (``table`` names kpi766 / children), chart (``chart`` names channels / monthly / kpi766)."""
    kind: str
    text: str = ""
    table: str | None = None
    chart: str | None = None
    caption: str = ""
    items: list[str] = field(default_factory=list)


def _p(text: str) -> Block:
    return Block("p", text)


def _bullets(lines: list[str]) -> list[Block]:
    return [_p(f"- {line}") for line in lines]


def notes(data: ReportData) -> list[str]:
    """The "Ghi chú về số liệu" lines: restatement first, then data quality; empty when none."""
    restated = data.restatement_note or (RESTATED if data.restated else None)
    return ([restated] if restated else []) + list(data.quality_notes)


def intro(data: ReportData) -> str:
    p = data.period
    return (f"Thực hiện chế độ báo cáo định kỳ về công tác cải cách hành chính, {committee(data)} báo cáo "
            f"tình hình, kết quả công tác cải cách hành chính {lower_first(p.label)} (số liệu từ ngày "
            f"{vi.day(p.first_day)} đến ngày {vi.day(p.last_day)}) như sau:")


def closing(data: ReportData) -> str:
    return (f"Trên đây là báo cáo tình hình, kết quả công tác cải cách hành chính {lower_first(data.period.label)} "
            f"của {committee(data)}./.")


def body(data: ReportData) -> list[Block]:
    """The report body between the title and the signature."""
    s, p = data.summary, data.previous_summary
    basis = comparison_basis(data.period, data.previous)
    blocks = [
        _p(intro(data)),
        Block("h1", "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH"),
        Block("todo", placeholder("việc ban hành và tổ chức thực hiện kế hoạch cải cách hành chính; công tác "
                                  "thông tin, tuyên truyền; công tác kiểm tra; mô hình, sáng kiến mới.")),
        Block("h1", "II. KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH"),
        Block("h2", "1. Cải cách thể chế"),
        Block("todo", placeholder("xây dựng, ban hành và tổ chức thực hiện văn bản quy phạm pháp luật; "
                                  "phổ biến, giáo dục pháp luật; theo dõi thi hành pháp luật.")),
        Block("h2", "2. Cải cách thủ tục hành chính và thực hiện cơ chế một cửa, một cửa liên thông"),
        Block("h3", "2.1. Kiểm soát thủ tục hành chính"),
        *_bullets(catalogue_sentences(data)),
        Block("todo", placeholder("kế hoạch kiểm soát TTHC; rà soát, đơn giản hóa TTHC; công khai TTHC.")),
        Block("h3", "2.2. Việc thực hiện cơ chế một cửa, một cửa liên thông"),
        *_bullets([received_sentence(s), new_dossiers_sentence(s, p, basis), resolved_sentence(s, p, basis),
                   on_time_sentence(s, p, basis), pending_sentence(s), payment_sentence(s, p, basis)]),
        Block("chart", chart="channels", caption="Hình 1. Cơ cấu hồ sơ tiếp nhận theo kênh"),
        Block("chart", chart="monthly", caption="Hình 2. Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn theo tháng"),
        _p("Chi tiết kết quả giải quyết TTHC theo từng lĩnh vực tại Phụ lục kèm theo (Biểu số 06/VPCP/KSTT)."),
        Block("todo", placeholder("cơ sở vật chất của Bộ phận Một cửa; khảo sát sự hài lòng; tiếp nhận, xử lý "
                                  "phản ánh, kiến nghị về TTHC.")),
        Block("h2", "3. Cải cách tổ chức bộ máy"),
        Block("todo", placeholder("rà soát, sắp xếp tổ chức bộ máy; vị trí việc làm.")),
        Block("h2", "4. Cải cách chế độ công vụ"),
        Block("todo", placeholder("số lượng, chất lượng cán bộ, công chức; kỷ luật, kỷ cương hành chính.")),
        Block("h2", "5. Cải cách tài chính công"),
        Block("todo", placeholder("quản lý thu, chi ngân sách; quy chế chi tiêu nội bộ; quản lý tài sản công.")),
        Block("h2", "6. Xây dựng và phát triển Chính quyền điện tử, Chính quyền số"),
        Block("todo", placeholder("ứng dụng công nghệ thông tin; văn bản điện tử, chữ ký số; hạ tầng.")),
        *_bullets(online_sentences(s, p, basis)),
        Block("h2", "7. Kết quả Bộ chỉ số chỉ đạo, điều hành và đánh giá chất lượng phục vụ người dân, doanh "
                    "nghiệp (Quyết định số 766/QĐ-TTg)"),
        *[_p(line) for line in kpi_sentences(data)],
        Block("table", table="kpi766", caption="Bảng 1. Kết quả các chỉ số theo Quyết định số 766/QĐ-TTg"),
        Block("chart", chart="kpi766", caption="Hình 3. Điểm các chỉ số QĐ 766 so với điểm tối đa"),
    ]
    if data.children:
        blocks += [
            Block("h2", "8. Kết quả của các đơn vị trực thuộc"),
            _p(f"Xếp hạng {len(data.children)} đơn vị trực thuộc theo tỷ lệ điểm QĐ 766 đạt được trên điểm tối đa "
               f"của các chỉ số tính được (hạng 1 là cao nhất)."),
            Block("table", table="children", caption="Bảng 2. So sánh, xếp hạng các đơn vị trực thuộc"),
        ]
    blocks += [
        Block("h1", "III. ĐÁNH GIÁ CHUNG"),
        Block("todo", placeholder("ưu điểm; tồn tại, hạn chế và nguyên nhân.")),
        Block("h1", "IV. NHIỆM VỤ TRỌNG TÂM KỲ TỚI"),
        Block("todo", placeholder("nhiệm vụ, giải pháp cải cách hành chính kỳ tới; kiến nghị, đề xuất.")),
    ]
    if notes(data):
        blocks += [Block("h2", "Ghi chú về số liệu"), *_bullets(notes(data))]
    return blocks + [_p(closing(data))]
