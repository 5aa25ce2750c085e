"""The report filled from the units' workbooks (Phiếu số liệu báo cáo CCHC): submissions written straight into
the tables of migration 0016 (as the loader leaves them), the report gathered from the warehouse and written to
Word, then read back: each value in the section it belongs to, the documents as real footnotes, a placeholder
and a line at the end for exactly the items not given, the first-page note without a workbook, PAKN from the
warehouse when it holds them, and a district's roll-up equal to the sums of its units' workbooks with their
narratives in an annex. One warehouse for the module: the small export's units and PAKN, marts of 2024."""
from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo
from decimal import Decimal as D

import psycopg
import pytest
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from lxml import etree

from conftest import fresh_warehouse, load_small
from etl import vi
from etl.db import connect
from etl.inputs.catalogue import catalogue
from etl.marts import refresh_for_report
from etl.periods import Period
from etl.reports import html_report, sections, wording
from etl.reports.blocks import Block, placeholder
from etl.reports.data import gather
from etl.reports.model import ReportInputs
from etl.reports.word import write_docx
import report_examples as ex

YEAR = Period.from_code("nam:2024")  # 15/12/2023 - 14/12/2024: the small export's PAKN of January are in it
PROVINCE, DISTRICT, CAT, TRINH = "000.00.00.H56", "000.00.27.H56", "000.35.27.H56", "000.31.27.H56"

# Hoằng Trinh's workbook: a distinct value for every item of the catalogue, within the workbook's own rules
# (done <= assigned, digital signatures <= electronic <= sent, …)
NUMBERS = {
    "so_van_ban_cchc": 1201, "tuyen_truyen_chuyen_muc": 1302, "tuyen_truyen_tin_bai": 1303,
    "kiem_tra_so_cuoc": 1304, "kiem_tra_ton_tai": 1305, "kiem_tra_da_khac_phuc": 1206,
    "nhiem_vu_giao": 1307, "nhiem_vu_hoan_thanh": 1208,
    "vbqppl_ban_hanh": 1309, "vbqppl_ra_soat": 1310, "pbgdpl_so_cuoc": 1311, "pbgdpl_so_nguoi": 21312,
    "tthc_don_gian_hoa": 1313, "tthc_quy_trinh_noi_bo": D("87.65"),
    "khao_sat_so_phieu": 1314, "khao_sat_hai_long": D("91.23"),
    "pakn_tiep_nhan": 1315, "pakn_da_xu_ly": 1216,
    "can_bo": 1317, "cong_chuc": 1318, "trinh_do_dai_hoc": 2219, "dao_tao_luot": 1320, "ky_luat": 1321,
    "kien_nghi_tai_chinh": 1322,
    "van_ban_di": 4323, "van_ban_dien_tu": 4224, "van_ban_ky_so": 4125,
}
TEXTS = {
    "ke_hoach_giai_doan": "Quyết định số 102/QĐ-UBND ngày 25/11/2021",
    "bao_cao_dung_han": "Có",
    "tuyen_truyen_trang_tin": "https://hoangtrinh.hoanghoa.thanhhoa.gov.vn",
    "mo_hinh_sang_kien": "Mô hình Tổ công nghệ số cộng đồng ở 5 thôn\nHướng dẫn nộp hồ sơ trực tuyến tại nhà văn hóa",
    "the_che_noi_dung": "Theo dõi thi hành pháp luật về hộ tịch",
    "tthc_cong_khai": "Bảng niêm yết tại Bộ phận Một cửa xã",
    "mot_cua_co_so_vat_chat": "Bộ phận Một cửa bố trí 4 máy tính, 1 máy quét",
    "vi_tri_viec_lam": "Không",
    "bo_may_noi_dung": "Kiện toàn Tổ công tác CCHC của xã",
    "cong_vu_noi_dung": "- Không có cán bộ vi phạm kỷ luật\n- Thực hiện văn hóa công vụ",
    "tai_chinh_noi_dung": "Ban hành Quy chế chi tiêu nội bộ năm 2024",
    "ha_tang_cntt": "100% cán bộ có máy tính kết nối mạng",
    "iso_ap_dung": "Có",
    "iso_noi_dung": "Đánh giá nội bộ ISO tháng 10",
    "uu_diem": "Chỉ đạo sát sao\nTỷ lệ hồ sơ trực tuyến cao",
    "ton_tai_han_che": "Hạ tầng mạng còn chậm",
    "nguyen_nhan": "Kinh phí còn hạn chế",
    "nhiem_vu_ky_toi": "Nâng cao chất lượng phục vụ\nĐẩy mạnh thanh toán trực tuyến",
    "kien_nghi_de_xuat": "Đề nghị huyện hỗ trợ thiết bị",
}
DOCUMENTS = [  # (số ký hiệu, ngày, loại, trích yếu, mục) in the order of the sheet "Văn bản"
    ("01/QĐ-UBND", date(2024, 1, 2), "Quyết định", "Ban hành Kế hoạch cải cách hành chính năm 2024", "I.1"),
    ("12/QĐ-UBND", date(2024, 3, 5), "Quyết định", "Ban hành Quy chế chi tiêu nội bộ", "II.5"),
    ("05/KH-UBND", date(2024, 1, 10), "Kế hoạch", "Tuyên truyền cải cách hành chính năm 2024", "I.1"),
    ("45/QĐ-UBND", date(2024, 3, 20), "Quyết định", "Phê duyệt Đề án vị trí việc làm", "II.3"),
]
INSPECTIONS = [("Bộ phận Một cửa xã", date(2024, 5, 6), 3, 2),
               ("Công chức Tư pháp - Hộ tịch", date(2024, 9, 9), None, None)]
INITIATIVES = [("Zalo hỗ trợ nộp hồ sơ trực tuyến", 2023, "Giảm thời gian chờ tại Bộ phận Một cửa")]


@pytest.fixture(scope="module")
def url(admin_url, tmp_path_factory):
    """The small export's units (a province, the district, two communes) and PAKN of Hoằng Cát, marts of 2024."""
    with fresh_warehouse(admin_url, tmp_path_factory.mktemp("home")) as url, pytest.MonkeyPatch.context() as patch:
        patch.setenv("CCHC_MAX_BAD_ROW_SHARE", "0.5")  # the PAKN list has bad rows on purpose
        load_small("don-vi-hanh-chinh.csv", "pakn-hoang-cat-2024-01.csv")
        with connect(url) as conn:
            refresh_for_report(conn, YEAR, ["chứng thực"])
        yield url


@pytest.fixture
def warehouse_url(url):
    """The module's warehouse, without the workbooks a test submitted."""
    yield url
    with psycopg.connect(url) as conn:
        conn.execute("TRUNCATE dw.report_document, dw.report_inspection, dw.report_initiative, "
                     "dw.fact_report_input, dw.report_input_submission")


def submit(url: str, unit_code: str, values: dict, documents=(), inspections=(), initiatives=(),
           prepared_by: str = "Lê Thị Lan", period: Period = YEAR) -> int:
    """A loaded workbook as the loader leaves it: its landed file and load, the submission replacing the unit's
    current one of the period, one row per filled item, and the rows of its lists. The submission's id."""
    with psycopg.connect(url) as conn:
        name = f"phieu-so-lieu_{unit_code}_{period.code.replace(':', '-')}.xlsx"
        (file_id,) = conn.execute(
            "INSERT INTO audit.landed_file (sha256, source, format, original_name, stored_path, size_bytes) "
            "VALUES (%s, 'test', 'phieu_so_lieu', %s, %s, 1) RETURNING file_id",
            (uuid.uuid4().hex, name, f"/landing/{name}")).fetchone()
        (load_id,) = conn.execute("INSERT INTO audit.file_load (file_id, load_date, status) "
                                  "VALUES (%s, current_date, 'loaded') RETURNING load_id", (file_id,)).fetchone()
        (submission_id,) = conn.execute(
            """WITH new AS MATERIALIZED (
                   SELECT nextval(pg_get_serial_sequence('dw.report_input_submission', 'submission_id')) AS id),
               replaced AS (
                   UPDATE dw.report_input_submission s SET replaced_by = new.id, replaced_at = now() FROM new
                   WHERE s.unit_code = %(unit)s AND s.period_code = %(period)s AND s.replaced_by IS NULL
                   RETURNING s.submission_id)
               INSERT INTO dw.report_input_submission (submission_id, unit_code, period_code, template_version,
                                                       file_id, load_id, prepared_by, prepared_on)
               SELECT new.id, %(unit)s, %(period)s, %(version)s, %(file)s, %(load)s, %(by)s, date '2024-12-10'
               FROM new WHERE (SELECT count(*) FROM replaced) >= 0
               RETURNING submission_id""",
            {"unit": unit_code, "period": period.code, "version": catalogue().version, "file": file_id,
             "load": load_id, "by": prepared_by}).fetchone()
        for code, value in values.items():
            number = isinstance(value, (int, D))
            conn.execute("INSERT INTO dw.fact_report_input (submission_id, item_code, value_number, value_text) "
                         "VALUES (%s, %s, %s, %s)", (submission_id, code, value if number else None,
                                                      None if number else value))
        for n, row in enumerate(documents, 1):
            conn.execute("INSERT INTO dw.report_document VALUES (%s, %s, %s, %s, %s, %s, %s)", (submission_id, n, *row))
        for n, row in enumerate(inspections, 1):
            conn.execute("INSERT INTO dw.report_inspection VALUES (%s, %s, %s, %s, %s, %s)", (submission_id, n, *row))
        for n, row in enumerate(initiatives, 1):
            conn.execute("INSERT INTO dw.report_initiative VALUES (%s, %s, %s, %s, %s)", (submission_id, n, *row))
        return submission_id


def report(url: str, unit_code: str, tmp_path):
    """(data, document) of the unit's 2024 report, the Word file written and opened again."""
    with connect(url) as conn:
        data = gather(conn, unit_code, YEAR, issued_on=date(2024, 12, 20))
    return data, Document(str(write_docx(data, tmp_path / f"{unit_code}.docx")))


def by_section(data, doc) -> dict[str, list[str]]:
    """The paragraphs of the Word body under each catalogue section, up to the next heading of the outline."""
    headings = {b.text for b in wording.body(data) if b.kind in ("h1", "h2", "h3")}
    wanted = {sections.heading(s.code).text: s.code for s in catalogue().sections if "." in s.code}
    wanted[next(b.text for b in wording.body(data) if b.text.startswith("IV. "))] = "IV"
    found, current = {}, None
    for paragraph in doc.paragraphs:
        text = paragraph.text
        if text in headings or text.startswith("Trên đây là báo cáo"):
            current = wanted.get(text)
            if current:
                found[current] = []
        elif current:
            found[current].append(text)
    return found


def footnotes(doc) -> dict[int, str]:
    """The footnotes of a Word file by number (the part word/footnotes.xml), separators left out."""
    part = doc.part.part_related_by(RT.FOOTNOTES)
    root = etree.fromstring(part.blob)
    return {int(n.get(qn("w:id"))): "".join(n.itertext()).strip() for n in root.iter(qn("w:footnote"))
            if int(n.get(qn("w:id"))) > 0}


def _shown(value) -> str:
    return vi.percent(value) if isinstance(value, D) else vi.count(value)


def test_every_value_of_a_workbook_is_in_its_section_and_no_placeholder_is_left(warehouse_url, tmp_path):
    submit(warehouse_url, TRINH, NUMBERS | TEXTS, DOCUMENTS, INSPECTIONS, INITIATIVES)
    data, doc = report(warehouse_url, TRINH, tmp_path)
    assert data.petitions is None  # the warehouse holds no PAKN of Hoằng Trinh: §II.2.3 is the workbook's
    parts = by_section(data, doc)
    assert set(parts) == set(catalogue().section_codes)
    text = {code: "\n".join(lines) for code, lines in parts.items()}
    items = {i.code: i for i in catalogue().items}
    for code, value in NUMBERS.items():
        home = items[code].section
        assert _shown(value) in text[home], (code, home)
        assert [c for c, t in text.items() if _shown(value) in t] == [home], code
    for code, value in TEXTS.items():
        item = items[code]
        if item.type == "chu":
            assert value in text[item.section], code
        elif item.type == "doan_van":  # one paragraph per line, a bullet in III and IV
            bullet = "- " if item.section.startswith(sections.BULLETED) else ""
            for line in value.splitlines():
                assert bullet + line.removeprefix("- ") in parts[item.section], (code, line)
    # the seed's sentences
    assert ("Số nhiệm vụ được giao trong năm 2024: 1.307 nhiệm vụ. Số nhiệm vụ đã hoàn thành trong kỳ báo "
            "cáo: 1.208 nhiệm vụ, đạt tỷ lệ 92,43%.") in parts["I.4"]
    assert ("Đã xây dựng 1.302 chuyên mục, chương trình phát thanh về CCHC và đăng, phát 1.303 tin, bài về CCHC trên "
            "trang thông tin điện tử https://hoangtrinh.hoanghoa.thanhhoa.gov.vn.") in parts["I.2"]
    assert ("Trong kỳ báo cáo, tổng số văn bản đi 4.323 văn bản; trong đó gửi dưới dạng điện tử: 4.224/4.323 văn "
            "bản, đạt tỷ lệ 97,71%; văn bản điện tử có chữ ký số: 4.125/4.224 văn bản, đạt tỷ lệ 97,66%.") \
        in parts["II.6.1"]
    assert ("Đến cuối kỳ báo cáo, tổng số cán bộ, công chức: 2.635 người (cán bộ 1.317 người, công chức 1.318 người); "
            "có trình độ chuyên môn đại học trở lên: 2.219/2.635 người, đạt tỷ lệ 84,21%.") in parts["II.4"]
    assert ("Trong kỳ báo cáo, tiếp nhận 1.315 phản ánh, kiến nghị về TTHC; đã xử lý xong 1.216/1.315 phản ánh, kiến "
            "nghị, đạt tỷ lệ 92,47%.") in parts["II.2.3"]
    assert "Tỷ lệ TTHC thuộc thẩm quyền có quy trình nội bộ được phê duyệt, công khai trong kỳ báo cáo: 87,65%." \
        in parts["II.2.1"]
    # every rate of the report names its period (docs/domain.md §2.4), the workbook's too
    every = [p.text for p in doc.paragraphs]
    assert not [t for t in every if "%" in t and "tỷ lệ" in t.lower() and "kỳ báo cáo" not in t
                and "dương lịch" not in t]
    assert "Thực hiện sơ kết, tổng kết, báo cáo CCHC định kỳ đúng thời gian quy định." in parts["I.1"]
    assert "Đề án vị trí việc làm chưa được cấp có thẩm quyền phê duyệt." in parts["II.3"]
    assert "Đơn vị áp dụng, duy trì Hệ thống quản lý chất lượng TCVN ISO 9001:2015." in parts["II.6.2"]
    assert parts["III.1"] == ["- Chỉ đạo sát sao", "- Tỷ lệ hồ sơ trực tuyến cao"]  # one bullet per line
    assert parts["III.2"] == ["Những tồn tại, hạn chế:", "- Hạ tầng mạng còn chậm", "Nguyên nhân:",
                              "- Kinh phí còn hạn chế"]
    assert parts["IV"] == ["Nhiệm vụ, giải pháp CCHC kỳ tới:", "- Nâng cao chất lượng phục vụ",
                           "- Đẩy mạnh thanh toán trực tuyến", "Kiến nghị, đề xuất:", "- Đề nghị huyện hỗ trợ thiết bị"]
    assert parts["I.3"][-3:] == ["Các cuộc kiểm tra:", "- Bộ phận Một cửa xã, ngày 06/05/2024: phát hiện 3 tồn tại, "
                                 "hạn chế, đã khắc phục 2;", "- Công chức Tư pháp - Hộ tịch, ngày 09/09/2024."]
    assert parts["I.5"][-2:] == ["Các mô hình, sáng kiến:", "- Zalo hỗ trợ nộp hồ sơ trực tuyến (áp dụng từ năm "
                                 "2023): Giảm thời gian chờ tại Bộ phận Một cửa."]
    # documents: cited in their section, numbered in the order of the report, as real footnotes
    assert parts["I.1"][-3:] == ["Văn bản đã ban hành:", "- Quyết định ban hành Kế hoạch cải cách hành chính năm "
                                 "2024;", "- Kế hoạch tuyên truyền cải cách hành chính năm 2024."]
    assert footnotes(doc) == {1: "Quyết định số 01/QĐ-UBND ngày 02/01/2024",
                              2: "Kế hoạch số 05/KH-UBND ngày 10/01/2024",
                              3: "Quyết định số 45/QĐ-UBND ngày 20/03/2024",
                              4: "Quyết định số 12/QĐ-UBND ngày 05/03/2024"}
    cited = {int(ref.get(qn("w:id"))): p.text for p in doc.paragraphs
             for ref in p._p.iter(qn("w:footnoteReference"))}
    assert cited == {1: "- Quyết định ban hành Kế hoạch cải cách hành chính năm 2024;",
                     2: "- Kế hoạch tuyên truyền cải cách hành chính năm 2024.",
                     3: "- Quyết định phê duyệt Đề án vị trí việc làm.",
                     4: "- Quyết định ban hành Quy chế chi tiêu nội bộ."}
    assert cited[3] in parts["II.3"] and cited[4] in parts["II.5"]
    # nothing left to fill in
    assert not [t for t in every if t.startswith("[Nội dung do đơn vị bổ sung")]
    assert sections.MISSING_TITLE not in every and sections.NOT_SUBMITTED not in every


def test_an_item_not_given_leaves_exactly_its_placeholder_and_its_line_at_the_end(warehouse_url, tmp_path):
    values = {code: v for code, v in (NUMBERS | TEXTS).items() if code != "khao_sat_hai_long"}
    submit(warehouse_url, TRINH, values, DOCUMENTS)
    data, doc = report(warehouse_url, TRINH, tmp_path)
    label = catalogue().item("khao_sat_hai_long").label
    every = [p.text for p in doc.paragraphs]
    assert [t for t in every if t.startswith("[Nội dung do đơn vị bổ sung")] == [placeholder(label)]
    parts = by_section(data, doc)
    assert parts["II.2.2"][-2:] == ["Số phiếu khảo sát sự hài lòng thu về: 1.314 phiếu.", placeholder(label)]
    assert every[every.index(sections.MISSING_TITLE) + 2:] == [
        "Mục II.2.2. Thực hiện cơ chế một cửa, một cửa liên thông", "- Tỷ lệ người dân, tổ chức hài lòng theo khảo sát."]
    assert every[every.index(sections.MISSING_TITLE) + 1].endswith(
        "Phiếu số liệu báo cáo CCHC của đơn vị do Lê Thị Lan lập ngày 10/12/2024, nạp vào kho dữ liệu ngày "
        f"{vi.day(datetime.now(ZoneInfo('Asia/Ho_Chi_Minh')).date())}.")  # the day in Viet Nam, as the report says it
    assert doc.sections[-1].orientation == doc.sections[0].orientation  # the list on a portrait page of its own


def test_without_a_workbook_the_first_page_says_so_and_petitions_come_from_the_warehouse(warehouse_url, tmp_path):
    data, doc = report(warehouse_url, CAT, tmp_path)
    every = [p.text for p in doc.paragraphs]
    intro = next(i for i, t in enumerate(every) if t.startswith("Thực hiện chế độ báo cáo định kỳ"))
    assert every[intro + 1] == sections.NOT_SUBMITTED
    # PAKN of Hoằng Cát received 20/12/2023 - 30/01/2024 (11 loaded), 5 handled by 14/12/2024, 4 of them on time
    assert by_section(data, doc)["II.2.3"] == [
        "Số phản ánh, kiến nghị tiếp nhận trong kỳ báo cáo (15/12/2023–14/12/2024): 11 phản ánh, kiến nghị; đã xử lý "
        "xong 5/11 phản ánh, kiến nghị, đạt tỷ lệ 45,45%, trong đó xử lý đúng hạn 4 phản ánh, kiến nghị."]
    listed = every[every.index(sections.MISSING_TITLE) + 2:]
    assert listed == [line for s in catalogue().sections if s.code != "II.2.3"
                      for line in [f"Mục {s.code}. {s.title}"] + [f"- {i.label}." for i in s.items]]
    expected = [i for s in catalogue().sections if s.code != "II.2.3" for i in s.items]
    todo = [t for t in every if t.startswith("[Nội dung do đơn vị bổ sung")]
    assert todo == [placeholder(i.label) for i in expected]
    assert every[every.index(sections.MISSING_TITLE) + 1].endswith("Đơn vị chưa gửi Phiếu số liệu báo cáo CCHC kỳ này.")


def test_a_district_adds_up_the_workbooks_of_its_units_and_lists_their_narratives(warehouse_url, tmp_path):
    own = {"nhiem_vu_giao": 40, "nhiem_vu_hoan_thanh": 39, "can_bo": 25, "van_ban_di": 900,
           "uu_diem": "Huyện chỉ đạo quyết liệt", "khao_sat_hai_long": D("95.50")}
    cat = {"nhiem_vu_giao": 31, "nhiem_vu_hoan_thanh": 30, "can_bo": 11, "van_ban_di": 465, "tuyen_truyen_tin_bai": 7,
           "uu_diem": "Bộ phận Một cửa hoạt động nền nếp\nKhông có hồ sơ quá hạn", "khao_sat_hai_long": D("99.00"),
           "nguyen_nhan": "Thiếu công chức"}
    trinh = {"nhiem_vu_giao": 22, "nhiem_vu_hoan_thanh": 21, "can_bo": 9, "tuyen_truyen_tin_bai": 6,
             "nhiem_vu_ky_toi": "Số hóa hồ sơ hộ tịch"}
    submit(warehouse_url, CAT, {"nhiem_vu_giao": 99, "uu_diem": "Bản cũ"})  # replaced by the next workbook
    submit(warehouse_url, CAT, cat)
    submit(warehouse_url, TRINH, trinh)
    submit(warehouse_url, DISTRICT, own, [("15/KH-UBND", date(2024, 1, 15), "Kế hoạch",
                                           "Cải cách hành chính huyện năm 2024", "I.1")])
    data, doc = report(warehouse_url, DISTRICT, tmp_path)
    inputs = data.inputs
    assert (inputs.units_below, inputs.units_below_submitted) == (2, 2)
    assert {code: inputs.values[code] for code in ("nhiem_vu_giao", "nhiem_vu_hoan_thanh", "can_bo", "van_ban_di",
                                                     "tuyen_truyen_tin_bai")} == {
        "nhiem_vu_giao": 40 + 31 + 22, "nhiem_vu_hoan_thanh": 39 + 30 + 21, "can_bo": 25 + 11 + 9,
        "van_ban_di": 900 + 465, "tuyen_truyen_tin_bai": 7 + 6}
    # not summed: the district's own workbook only (its own narrative; its satisfaction rate)
    assert inputs.values["khao_sat_hai_long"] == D("95.50") and inputs.values["uu_diem"] == "Huyện chỉ đạo quyết liệt"
    assert "nguyen_nhan" not in inputs.values and "nhiem_vu_ky_toi" not in inputs.values
    parts = by_section(data, doc)
    assert ("Số nhiệm vụ được giao trong năm 2024: 93 nhiệm vụ. Số nhiệm vụ đã hoàn thành trong kỳ báo cáo: 90 "
            "nhiệm vụ, đạt tỷ lệ 96,77%.") in parts["I.4"]
    assert "Số tin, bài về CCHC đã đăng, phát: 13 tin, bài." in parts["I.2"]
    every = [p.text for p in doc.paragraphs]
    assert every[every.index(next(t for t in every if t.startswith("Thực hiện chế độ"))) + 1] == (
        "Phiếu số liệu báo cáo CCHC: 2/2 đơn vị trực thuộc đã gửi phiếu. Các số liệu cộng được trong báo cáo (số văn "
        "bản, nhiệm vụ, tin bài, cuộc kiểm tra, cán bộ, công chức, văn bản đi, …) là tổng của Ủy ban nhân dân huyện "
        "Hoằng Hóa và 2 đơn vị trực thuộc đã gửi phiếu; nội dung đánh giá, nhiệm vụ của từng đơn vị tại Phụ lục II "
        "kèm theo.")
    assert footnotes(doc) == {1: "Kế hoạch số 15/KH-UBND ngày 15/01/2024"}  # the district's own documents only
    assert "PHỤ LỤC I" in every and "Chi tiết kết quả giải quyết TTHC theo từng lĩnh vực tại Phụ lục I kèm theo " \
                                    "(Biểu số 06/VPCP/KSTT)." in every
    annex = [t for t in every[every.index("PHỤ LỤC II"):every.index(sections.MISSING_TITLE)] if t]
    assert annex[1:] == [
        sections.ANNEX_TITLE, "(Kèm theo Báo cáo số       /BC-UBND của Ủy ban nhân dân huyện Hoằng Hóa)",
        "(Theo Phiếu số liệu báo cáo CCHC năm 2024 của các đơn vị)",
        "1. Xã Hoằng Cát", "Những ưu điểm:", "- Bộ phận Một cửa hoạt động nền nếp", "- Không có hồ sơ quá hạn",
        "Nguyên nhân:", "- Thiếu công chức",
        "2. Xã Hoằng Trinh", "Nhiệm vụ, giải pháp CCHC kỳ tới:", "- Số hóa hồ sơ hộ tịch"]


def test_the_province_counts_every_unit_below_it_and_says_its_own_is_missing(warehouse_url, tmp_path):
    submit(warehouse_url, CAT, {"nhiem_vu_giao": 31, "can_bo": 11})
    submit(warehouse_url, DISTRICT, {"nhiem_vu_giao": 40})
    with connect(warehouse_url) as conn:
        data = gather(conn, PROVINCE, YEAR)
    assert (data.inputs.units_below, data.inputs.units_below_submitted) == (3, 2)  # the district and 2 communes
    assert data.inputs.values == {"nhiem_vu_giao": 71, "can_bo": 11}
    assert data.inputs.submission is None and data.inputs.narratives == []
    notes = sections.submission_notes(data, wording.committee(data))
    assert [b.kind for b in notes] == ["todo", "p"]
    assert notes[1].text.startswith("Phiếu số liệu báo cáo CCHC: 2/3 đơn vị trực thuộc đã gửi phiếu. ")
    assert notes[1].text.endswith("là tổng của 2 đơn vị trực thuộc đã gửi phiếu.")


def test_html_numbers_the_notes_and_the_pdf_puts_them_at_the_foot_of_the_page(warehouse_url):
    submit(warehouse_url, TRINH, NUMBERS | TEXTS, DOCUMENTS)
    with connect(warehouse_url) as conn:
        data = gather(conn, TRINH, YEAR)
    page = html_report.render_html(data, images="png", fonts="files")
    assert ('Quyết định ban hành Kế hoạch cải cách hành chính năm 2024<sup class="note-call"><a id="call-1" '
            'href="#note-1">1</a></sup>;') in page
    # the notes of part I after its last paragraph, those of part II after its own
    first, second = page.split('<ol class="notes">')[1:3]
    assert first.startswith('<li id="note-1" value="1">Quyết định số 01/QĐ-UBND ngày 02/01/2024</li><li id="note-2" '
                            'value="2">Kế hoạch số 05/KH-UBND ngày 10/01/2024</li></ol>')
    assert second.startswith('<li id="note-3" value="3">Quyết định số 45/QĐ-UBND ngày 20/03/2024</li>')
    printed = html_report.render_html(data, images="png", fonts="files", notes="page")
    assert ('Quyết định ban hành Kế hoạch cải cách hành chính năm 2024<span class="footnote">Quyết định số '
            '01/QĐ-UBND ngày 02/01/2024</span>;') in printed
    assert '<ol class="notes">' not in printed


def test_a_group_given_in_part_is_said_item_by_item():
    data = replace(ex.commune(), inputs=ReportInputs(values={"nhiem_vu_giao": D(38)}))
    assert sections.content(data, "I.4") == [Block("p", "Số nhiệm vụ được giao trong kế hoạch CCHC: 38 nhiệm vụ."),
                                             Block("todo", placeholder("Số nhiệm vụ đã hoàn thành"))]


def test_a_workbook_stating_no_petition_says_none_not_0_of_0():
    from etl.reports.sections import _petitions_stated

    assert _petitions_stated({"pakn_tiep_nhan": 0, "pakn_da_xu_ly": 0}, None) == [
        "Trong kỳ báo cáo, không có phản ánh, kiến nghị nào về TTHC được tiếp nhận."]
    [said] = _petitions_stated({"pakn_tiep_nhan": 1315, "pakn_da_xu_ly": 1216}, None)
    assert said.startswith("Trong kỳ báo cáo, tiếp nhận 1.315 phản ánh, kiến nghị về TTHC; đã xử lý xong 1.216/1.315")
