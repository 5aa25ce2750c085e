"""The parts of a CCHC report that units state in their fill-in workbook ("Phiếu số liệu báo cáo CCHC",
config/report_inputs.yaml): plans and documents, propaganda, inspections, tasks, initiatives, institutions,
the one-stop shop, petitions, organisation, civil service, public finance, e-office, ISO, strengths,
shortcomings and the tasks ahead; the first-page notes on the workbooks, the annex of the units' narratives and
the list of what is missing.

Every item of the catalogue is said in its section (``content``), in the catalogue's order: a few groups of
items make one sentence in the style of the communes' own reports ("Số nhiệm vụ được giao trong năm 2024: 38
nhiệm vụ. Số nhiệm vụ đã hoàn thành trong kỳ báo cáo: 38 nhiệm vụ, đạt tỷ lệ 100,00%.") when all of the group is
given (a sentence with a rate names the report period, docs/domain.md §2.4); any
other item is a sentence of its label and value; a narrative is one paragraph (bullet in III and IV) per line.
An item nobody gave leaves a placeholder naming it at the end of its section, and a line in the list at the end
(``missing``). Documents of the sheet "Văn bản" are cited in their section, each with a footnote in the seed's
style "Quyết định số 01/QĐ-UBND ngày 02/01/2024". Pure functions of a ``ReportData``, like
``etl.reports.wording``.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from etl import vi
from etl.inputs.catalogue import Item, Section, catalogue
from etl.reports.blocks import Block, cited, placeholder
from etl.reports.model import CitedDocument, ReportData

WORKBOOK = "Phiếu số liệu báo cáo CCHC"
PETITIONS = "II.2.3"  # said from dw.fact_petition when the warehouse holds the scope's PAKN, else the workbook
BULLETED = ("III", "IV")  # sections whose narratives are bullets, one per line
NOT_SUBMITTED = (f"Đơn vị chưa gửi {WORKBOOK} kỳ này: các nội dung đơn vị tự báo cáo chưa có số liệu được để "
                 f"trống (đánh dấu vàng) và liệt kê tại mục \"Nội dung chưa có số liệu\" cuối văn bản, cần bổ sung "
                 f"trước khi ký ban hành.")
MISSING_TITLE = "NỘI DUNG CHƯA CÓ SỐ LIỆU"
ANNEX_TITLE = "NỘI DUNG ĐÁNH GIÁ, NHIỆM VỤ CỦA CÁC ĐƠN VỊ TRỰC THUỘC"
# co_khong items said as a sentence: (when "Có", when "Không")
YES_NO_SENTENCES = {
    "bao_cao_dung_han": ("Thực hiện sơ kết, tổng kết, báo cáo CCHC định kỳ đúng thời gian quy định.",
                         "Việc sơ kết, tổng kết, báo cáo CCHC định kỳ chưa bảo đảm thời gian quy định."),
    "vi_tri_viec_lam": ("Đề án vị trí việc làm đã được cấp có thẩm quyền phê duyệt.",
                        "Đề án vị trí việc làm chưa được cấp có thẩm quyền phê duyệt."),
    "iso_ap_dung": ("Đơn vị áp dụng, duy trì Hệ thống quản lý chất lượng TCVN ISO 9001:2015.",
                    "Đơn vị chưa áp dụng Hệ thống quản lý chất lượng TCVN ISO 9001:2015."),
}
_MARKER = re.compile(r"^\s*[-+•*–]\s*")  # a bullet typed at the start of a narrative line


# --- small phrases -------------------------------------------------------------------------------

def _lower_word(text: str) -> str:
    """The first letter in lower case unless the first word is an abbreviation: "Năm 2024" -> "năm 2024",
    "UBND xã" stays."""
    word = text.split(" ", 1)[0]
    return text if word[1:2].isupper() else text[:1].lower() + text[1:]


def _full_stop(text: str) -> str:
    return text if text.endswith((".", "!", "?", "…")) else text + "."


def _share(part: Decimal, whole: Decimal, unit: str) -> str:
    """"460/465 văn bản, đạt tỷ lệ 98,92%"; no share of a whole of 0."""
    head = f"{vi.count(part)}/{vi.count(whole)} {unit}"
    return f"{head}, đạt tỷ lệ {vi.percent(vi.rate(part, whole))}" if whole else head


def _lines(text: str) -> list[str]:
    """The lines of a narrative, without empty lines and typed bullets."""
    return [line for raw in text.splitlines() if (line := _MARKER.sub("", raw).strip())]


def note(document: CitedDocument) -> str:
    """The footnote citing a document: "Quyết định số 01/QĐ-UBND ngày 02/01/2024"."""
    return f"{document.kind} số {document.document_number} ngày {vi.day(document.issued_on)}"


def _document_name(document: CitedDocument) -> str:
    """"Kế hoạch cải cách hành chính năm 2024": the kind, then the subject (once when it already says it)."""
    if vi.fold(document.summary).startswith(vi.fold(document.kind)):
        return document.summary
    return f"{document.kind} {_lower_word(document.summary)}"


# --- the groups of items said in one sentence ------------------------------------------------------

@dataclass(frozen=True)
class Group:
    """Items said together when every ``required`` one is given; ``optional`` ones join the sentence when given.
    ``say`` gets the values by code and the report, and returns the sentences."""
    required: tuple[str, ...]
    optional: tuple[str, ...]
    say: Callable[[dict, ReportData], list[str]]

    @property
    def codes(self) -> tuple[str, ...]:
        return self.required + self.optional


def _tasks(v: dict, data: ReportData) -> list[str]:
    assigned, done = v["nhiem_vu_giao"], v["nhiem_vu_hoan_thanh"]
    rate = f", đạt tỷ lệ {vi.percent(vi.rate(done, assigned))}" if assigned else ""
    return [f"Số nhiệm vụ được giao trong {_lower_word(data.period.label)}: {vi.count(assigned)} nhiệm vụ. Số nhiệm "
            f"vụ đã hoàn thành trong kỳ báo cáo: {vi.count(done)} nhiệm vụ{rate}."]


def _propaganda(v: dict, data: ReportData) -> list[str]:
    site = f" trên trang thông tin điện tử {v['tuyen_truyen_trang_tin']}" if "tuyen_truyen_trang_tin" in v else ""
    return [f"Đã xây dựng {vi.count(v['tuyen_truyen_chuyen_muc'])} chuyên mục, chương trình phát thanh về CCHC và "
            f"đăng, phát {vi.count(v['tuyen_truyen_tin_bai'])} tin, bài về CCHC{site}."]


def _inspections(v: dict, data: ReportData) -> list[str]:
    held, found, fixed = v["kiem_tra_so_cuoc"], v["kiem_tra_ton_tai"], v["kiem_tra_da_khac_phuc"]
    result = "qua kiểm tra không phát hiện tồn tại, hạn chế"
    if found:
        result = (f"qua kiểm tra phát hiện {vi.count(found)} tồn tại, hạn chế; đã khắc phục "
                  f"{_share(fixed, found, 'tồn tại, hạn chế')}")
    return [f"Trong kỳ báo cáo, đã thực hiện {vi.count(held)} cuộc kiểm tra, tự kiểm tra CCHC; {result}."]


def _legal_documents(v: dict, data: ReportData) -> list[str]:
    return [f"Ban hành {vi.count(v['vbqppl_ban_hanh'])} văn bản quy phạm pháp luật; kiểm tra, rà soát "
            f"{vi.count(v['vbqppl_ra_soat'])} văn bản quy phạm pháp luật."]


def _legal_education(v: dict, data: ReportData) -> list[str]:
    return [f"Tổ chức {vi.count(v['pbgdpl_so_cuoc'])} cuộc phổ biến, giáo dục pháp luật với "
            f"{vi.count(v['pbgdpl_so_nguoi'])} lượt người tham gia."]


def _survey(v: dict, data: ReportData) -> list[str]:
    return [f"Trong kỳ báo cáo, thu về {vi.count(v['khao_sat_so_phieu'])} phiếu khảo sát sự hài lòng của người dân, "
            f"tổ chức; tỷ lệ hài lòng đạt {vi.percent(v['khao_sat_hai_long'])}."]


def _petitions_stated(v: dict, data: ReportData) -> list[str]:
    received = v["pakn_tiep_nhan"]
    if not received:  # "0/0" reads as a figure left unfilled
        return ["Trong kỳ báo cáo, không có phản ánh, kiến nghị nào về TTHC được tiếp nhận."]
    return [f"Trong kỳ báo cáo, tiếp nhận {vi.count(received)} phản ánh, kiến nghị về TTHC; đã xử lý xong "
            f"{_share(v['pakn_da_xu_ly'], received, 'phản ánh, kiến nghị')}."]


def _staff(v: dict, data: ReportData) -> list[str]:
    officials, civil = v["can_bo"], v["cong_chuc"]
    degree = (f"; có trình độ chuyên môn đại học trở lên: {_share(v['trinh_do_dai_hoc'], officials + civil, 'người')}"
              if "trinh_do_dai_hoc" in v else "")
    return [f"Đến cuối kỳ báo cáo, tổng số cán bộ, công chức: {vi.count(officials + civil)} người (cán bộ "
            f"{vi.count(officials)} người, công chức {vi.count(civil)} người){degree}."]


def _e_office(v: dict, data: ReportData) -> list[str]:
    sent, electronic = v["van_ban_di"], v["van_ban_dien_tu"]
    signed = (f"; văn bản điện tử có chữ ký số: {_share(v['van_ban_ky_so'], electronic, 'văn bản')}"
              if "van_ban_ky_so" in v else "")
    return [f"Trong kỳ báo cáo, tổng số văn bản đi {vi.count(sent)} văn bản; trong đó gửi dưới dạng điện tử: "
            f"{_share(electronic, sent, 'văn bản')}{signed}."]


GROUPS = (
    Group(("tuyen_truyen_chuyen_muc", "tuyen_truyen_tin_bai"), ("tuyen_truyen_trang_tin",), _propaganda),
    Group(("kiem_tra_so_cuoc", "kiem_tra_ton_tai", "kiem_tra_da_khac_phuc"), (), _inspections),
    Group(("nhiem_vu_giao", "nhiem_vu_hoan_thanh"), (), _tasks),
    Group(("vbqppl_ban_hanh", "vbqppl_ra_soat"), (), _legal_documents),
    Group(("pbgdpl_so_cuoc", "pbgdpl_so_nguoi"), (), _legal_education),
    Group(("khao_sat_so_phieu", "khao_sat_hai_long"), (), _survey),
    Group(("pakn_tiep_nhan", "pakn_da_xu_ly"), (), _petitions_stated),
    Group(("can_bo", "cong_chuc"), ("trinh_do_dai_hoc",), _staff),
    Group(("van_ban_di", "van_ban_dien_tu"), ("van_ban_ky_so",), _e_office),
)


# --- one item, one section --------------------------------------------------------------------------

def _section(code: str) -> Section:
    return next(s for s in catalogue().sections if s.code == code)


def answered_by_warehouse(data: ReportData, code: str) -> bool:
    """Section II.2.3 is said from dw.fact_petition when the warehouse holds the scope's PAKN."""
    return code == PETITIONS and data.petitions is not None


def _narrative(item: Item, text: str, section: Section) -> list[Block]:
    bullet = "- " if section.code.startswith(BULLETED) else ""
    lead = [Block("p", f"{item.label}:")] if sum(i.type == "doan_van" for i in section.items) > 1 else []
    return lead + [Block("p", f"{bullet}{line}") for line in _lines(text)]


def said(item: Item, value: Decimal | str, section: Section) -> list[Block]:
    """An item on its own: its label and value, a yes/no sentence, or a narrative."""
    if item.type == "doan_van":
        return _narrative(item, str(value), section)
    if item.type == "co_khong" and item.code in YES_NO_SENTENCES:
        return [Block("p", YES_NO_SENTENCES[item.code][value != "Có"])]
    if item.type == "so":
        return [Block("p", f"{item.label}: {vi.count(value)} {item.unit}".rstrip() + ".")]
    if item.type == "ty_le":  # a rate names its period (docs/domain.md §2.4)
        return [Block("p", f"{item.label} trong kỳ báo cáo: {vi.percent(value)}.")]
    return [Block("p", f"{item.label}: {_full_stop(str(value))}")]


def heading(code: str) -> Block:
    """"4. Kết quả thực hiện …" for I.4 (h2), "2.3. Tiếp nhận, xử lý …" for II.2.3 (h3); IV has none of its own
    (the part's heading, in ``etl.reports.wording.body``)."""
    number = code.split(".", 1)[1]
    return Block("h2" if number.count(".") == 0 else "h3", f"{number}. {_section(code).title}")


def content(data: ReportData, code: str) -> list[Block]:
    """The sentences of section ``code`` from the workbook (II.2.3 from the warehouse when it can), its lists
    and cited documents, then a placeholder naming each item not given."""
    section = _section(code)
    if answered_by_warehouse(data, code):
        return [Block("p", petitions_sentence(data))]
    values = {i.code: data.inputs.values[i.code] for i in section.items if i.code in data.inputs.values}
    blocks, done = [], set()
    for item in section.items:
        if item.code in done or item.code not in values:
            continue
        group = next((g for g in GROUPS if item.code in g.codes and all(c in values for c in g.required)), None)
        if group is not None:
            blocks += [Block("p", text) for text in group.say(values, data)]
            done.update(group.codes)
        else:
            blocks += said(item, values[item.code], section)
    blocks += _lists(data, code) + _documents(data, code)
    return blocks + [Block("todo", placeholder(i.label)) for i in section.items if i.code not in values]


def part(data: ReportData, code: str) -> list[Block]:
    """The heading of section ``code`` and its content."""
    return [heading(code), *content(data, code)]


def petitions_sentence(data: ReportData) -> str:
    """§II.2.3 from dw.fact_petition: received in the report period, handled by its last day, on time."""
    p, period = data.petitions, data.period
    window = f"kỳ báo cáo ({vi.day(period.first_day)}–{vi.day(period.last_day)})"
    if not p.received:
        return f"Trong {window}, không có phản ánh, kiến nghị nào được tiếp nhận."
    return (f"Số phản ánh, kiến nghị tiếp nhận trong {window}: {vi.count(p.received)} phản ánh, kiến nghị; đã xử lý "
            f"xong {_share(p.handled, p.received, 'phản ánh, kiến nghị')}, trong đó xử lý đúng hạn "
            f"{vi.count(p.handled_on_time)} phản ánh, kiến nghị.")


def _lists(data: ReportData, code: str) -> list[Block]:
    """The rows of the sheets "Kiểm tra" (under I.3) and "Mô hình" (under I.5)."""
    rows: list[str] = []
    if code == "I.3" and data.inputs.inspections:
        rows = ["Các cuộc kiểm tra:"]
        for i in data.inputs.inspections:
            found = [f"phát hiện {vi.count(i.findings)} tồn tại, hạn chế"] if i.findings is not None else []
            found += [f"đã khắc phục {vi.count(i.remedied)}"] if i.remedied is not None else []
            rows.append(f"- {i.inspected}, ngày {vi.day(i.inspected_on)}" + (f": {', '.join(found)}" if found else ""))
    if code == "I.5" and data.inputs.initiatives:
        rows = ["Các mô hình, sáng kiến:"]
        for m in data.inputs.initiatives:
            since = f" (áp dụng từ năm {m.year_applied})" if m.year_applied else ""
            result = f": {'; '.join(_lines(m.result))}" if m.result and _lines(m.result) else ""
            rows.append(f"- {m.name}{since}{result}")
    return [Block("p", _ended(text, n == len(rows) - 1) if n else text) for n, text in enumerate(rows)]


def _ended(text: str, last: bool) -> str:
    """A list line: ";" after it, "." after the last (unless it already ends a sentence)."""
    text = text.rstrip(" ;.")
    return text + ("." if last else ";")


def _documents(data: ReportData, code: str) -> list[Block]:
    """The documents cited in section ``code``, one line each with its footnote."""
    documents = [d for d in data.inputs.documents if d.section == code]
    if not documents:
        return []
    return [Block("p", "Văn bản đã ban hành:")] + [
        cited([(f"- {_document_name(d)}", note(d)), (";" if n < len(documents) else ".", None)])
        for n, d in enumerate(documents, 1)]


# --- notes on the workbooks, the annex, the list of what is missing ----------------------------------

def annex_names(data: ReportData) -> tuple[str, str | None]:
    """The names of the annexes: Biểu 06 alone is "Phụ lục"; with the units' narratives, "Phụ lục I" and
    "Phụ lục II"."""
    return ("Phụ lục I", "Phụ lục II") if data.inputs.narratives else ("Phụ lục", None)


def submission_notes(data: ReportData, committee: str) -> list[Block]:
    """Under the introduction: a note when the unit's own workbook was not submitted (to act on before signing),
    and for a unit with units below, how many of them submitted and what the report adds up."""
    inputs = data.inputs
    blocks = [Block("todo", NOT_SUBMITTED)] if inputs.submission is None else []
    if not inputs.units_below:
        return blocks
    count = f"{inputs.units_below_submitted}/{inputs.units_below} đơn vị trực thuộc đã gửi phiếu"
    if not inputs.units_below_submitted:
        return blocks + [Block("p", f"{WORKBOOK}: {count}.")]
    own = f"{committee} và " if inputs.submission else ""
    annex = annex_names(data)[1]
    narratives = f"; nội dung đánh giá, nhiệm vụ của từng đơn vị tại {annex} kèm theo" if annex else ""
    return blocks + [Block("p", f"{WORKBOOK}: {count}. Các số liệu cộng được trong báo cáo (số văn bản, nhiệm vụ, "
                                f"tin bài, cuộc kiểm tra, cán bộ, công chức, văn bản đi, …) là tổng của {own}"
                                f"{inputs.units_below_submitted} đơn vị trực thuộc đã gửi phiếu{narratives}.")]


def annex_heading(data: ReportData, committee: str) -> list[str]:
    """The lines above the annex of the units' narratives: its name, title, the report and the workbooks; none
    without an annex."""
    if not data.inputs.narratives:
        return []
    return [annex_names(data)[1].upper(), ANNEX_TITLE, f"(Kèm theo Báo cáo số       /BC-UBND của {committee})",
            f"(Theo {WORKBOOK} {_lower_word(data.period.label)} của các đơn vị)"]


def annex_blocks(data: ReportData) -> list[Block]:
    """The annex of a roll-up: each unit below that submitted narratives, by name, with its narratives as it
    wrote them (never merged)."""
    items = {i.code: i for i in catalogue().items}
    blocks = []
    for n, unit in enumerate(data.inputs.narratives, 1):
        blocks.append(Block("h2", f"{n}. {unit.name[:1].upper()}{unit.name[1:]}"))
        for code, text in unit.texts.items():
            blocks += [Block("h3", f"{items[code].label}:")] + [Block("p", f"- {line}") for line in _lines(text)]
    return blocks


def missing(data: ReportData) -> list[tuple[Section, Item]]:
    """The items the report has no value for, in the catalogue's order (not II.2.3's when the warehouse says it)."""
    return [(s, i) for s in catalogue().sections if not answered_by_warehouse(data, s.code) for i in s.items
            if i.code not in data.inputs.values]


def missing_blocks(data: ReportData) -> list[Block]:
    """The page at the end of the report for the official, not for signing: whose workbook the report read, then
    under each section the items not given, one line each. Empty when every item is given."""
    gaps = missing(data)
    if not gaps:
        return []
    submission = data.inputs.submission
    if submission is None:
        source = f"Đơn vị chưa gửi {WORKBOOK} kỳ này."
    else:
        who = f" do {submission.prepared_by} lập" if submission.prepared_by else ""
        on = f" ngày {vi.day(submission.prepared_on)}" if submission.prepared_on else ""
        source = f"{WORKBOOK} của đơn vị{who}{on}, nạp vào kho dữ liệu ngày {vi.day(submission.loaded_on)}."
    blocks = [Block("p", f"(Phần để đơn vị rà soát, không thuộc văn bản ban hành: bổ sung các nội dung dưới đây vào "
                         f"các đoạn đánh dấu vàng, rồi xóa phần này trước khi ký.) {source}")]
    for section in dict.fromkeys(s for s, _ in gaps):
        blocks.append(Block("h3", f"Mục {section.code}. {section.title}"))
        blocks += [Block("p", f"- {item.label}.") for s, item in gaps if s == section]
    return blocks
