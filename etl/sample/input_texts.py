"""What the sample's units write in their fill-in workbooks, in the words of a commune's annual CCHC report (the
xã Hoằng Cát 2024 report the issue quotes: documents cited as "Quyết định số 01/QĐ-UBND ngày 02/01/2024", plain
administrative sentences, one idea a line in the parts III and IV).

Placeholders: ``{don_vi}`` "UBND xã Hoằng Cát", ``{cap}`` "xã" (the kind of unit), ``{nam}`` the report's year,
``{ky_toi}`` "năm 2026" (what the part IV covers); the others are named where they are used.
"""
from __future__ import annotations

# The documents a unit issues to carry out its CCHC plan: (kind, sign after the number, report section, summary
# (trích yếu), earliest and latest share of the period it is issued in). The first ALWAYS_ISSUED are issued by
# every unit, the others by some. The sign of a Công văn names the unit's office, as in practice ("125/UBND-VP").
DOCUMENTS: tuple[tuple[str, str, str, str, float, float], ...] = (
    ("Kế hoạch", "KH-UBND", "I.1", "Thực hiện công tác cải cách hành chính năm {nam}", 0.0, 0.06),
    ("Kế hoạch", "KH-UBND", "I.2", "Tuyên truyền cải cách hành chính năm {nam}", 0.02, 0.15),
    ("Kế hoạch", "KH-UBND", "I.3", "Kiểm tra công tác cải cách hành chính năm {nam}", 0.03, 0.2),
    ("Quyết định", "QĐ-UBND", "II.5", "Ban hành Quy chế chi tiêu nội bộ năm {nam}", 0.0, 0.1),
    ("Quyết định", "QĐ-UBND", "I.1", "Kiện toàn Ban Chỉ đạo công tác cải cách hành chính {cap}", 0.02, 0.3),
    ("Kế hoạch", "KH-UBND", "II.1", "Phổ biến, giáo dục pháp luật năm {nam}", 0.02, 0.15),
    ("Kế hoạch", "KH-UBND", "II.2.1", "Rà soát, đánh giá thủ tục hành chính năm {nam}", 0.05, 0.25),
    ("Quyết định", "QĐ-UBND", "II.2.2", "Phân công công chức làm việc tại Bộ phận Một cửa", 0.05, 0.4),
    ("Công văn", "UBND-VP", "II.4", "Tăng cường kỷ luật, kỷ cương hành chính trong thực thi công vụ", 0.3, 0.9),
    ("Kế hoạch", "KH-UBND", "II.6.1", "Chuyển đổi số năm {nam}", 0.05, 0.25),
    ("Quyết định", "QĐ-UBND", "II.6.2",
     "Công bố Hệ thống quản lý chất lượng phù hợp Tiêu chuẩn quốc gia TCVN ISO 9001:2015", 0.2, 0.6),
    ("Báo cáo", "BC-UBND", "I.1", "Kết quả công tác cải cách hành chính 6 tháng đầu năm {nam}", 0.47, 0.52),
)
ALWAYS_ISSUED = 4
# Documents of each kind a commune issues in a year (the numbers of a kind run from 1 each 1 January); larger
# units issue more (inputs.SCALE).
ISSUED_A_YEAR = {"KH-UBND": 110, "QĐ-UBND": 180, "UBND-VP": 260, "BC-UBND": 140}

# Who a unit inspects: a commune its own offices; a district and the province the units below them.
OWN_OFFICES = ("Bộ phận Một cửa {don_vi}", "Công chức Văn phòng – Thống kê", "Công chức Tư pháp – Hộ tịch",
               "Công chức Địa chính – Xây dựng", "Công chức Tài chính – Kế toán", "Công chức Văn hóa – Xã hội")

INITIATIVES: tuple[tuple[str, str], ...] = (
    ("Bộ phận Một cửa thân thiện, không giấy tờ",
     "Người dân được hướng dẫn tận tình; {n} hồ sơ được số hóa ngay khi tiếp nhận."),
    ("Tổ công nghệ số cộng đồng hỗ trợ người dân nộp hồ sơ trực tuyến",
     "Hỗ trợ {n} lượt người dân nộp hồ sơ trực tuyến, cài đặt và sử dụng ứng dụng VNeID."),
    ("Thanh toán không dùng tiền mặt phí, lệ phí tại Bộ phận Một cửa",
     "{n} lượt nộp phí, lệ phí bằng chuyển khoản, mã QR."),
    ("Ngày thứ Bảy hỗ trợ người dân làm thủ tục hành chính trực tuyến",
     "Tổ chức {n} buổi hỗ trợ vào sáng thứ Bảy, được người dân đồng tình."),
    ("Nhóm Zalo tiếp nhận phản ánh, kiến nghị của người dân",
     "Tiếp nhận, trả lời {n} ý kiến của người dân trong thời hạn."),
)

PLAN_TERM = "Kế hoạch số {so}/KH-UBND ngày {ngay} về cải cách hành chính giai đoạn {giai_doan}"
WEBSITE_NOTICE = "Bảng niêm yết tại Bộ phận Một cửa; trang thông tin điện tử {trang_tin}"

PARAGRAPHS = {
    "mo_hinh_co": ("{don_vi} duy trì {so} mô hình: {ten}. Các mô hình được người dân đồng tình, góp phần nâng tỷ lệ "
                   "hồ sơ trực tuyến và mức độ hài lòng của người dân, tổ chức."),
    "mo_hinh_khong": ("Trong kỳ, {don_vi} chưa có mô hình, sáng kiến mới; tiếp tục học tập, nhân rộng các mô hình "
                      "hay về cải cách hành chính của các địa phương trong tỉnh."),
    "the_che": ("Trong kỳ, {don_vi} ban hành {ban_hanh} văn bản quy phạm pháp luật; kiểm tra, rà soát {ra_soat} văn "
                "bản, không phát hiện văn bản trái pháp luật. Công tác theo dõi thi hành pháp luật được thực hiện trên "
                "các lĩnh vực đất đai, hộ tịch, trật tự xây dựng."),
    "mot_cua": ("Bộ phận Một cửa được bố trí tại tầng 1 trụ sở {don_vi}, có đủ máy tính, máy in, máy quét, màn hình "
                "tra cứu thủ tục hành chính; {so} công chức làm việc theo lịch phân công; có ghế chờ, nước uống, hòm "
                "thư góp ý cho người dân."),
    "bo_may": ("Tổ chức bộ máy của {don_vi} được duy trì ổn định; chức năng, nhiệm vụ của từng công chức được phân "
               "công rõ ràng, không chồng chéo."),
    "bo_may_moi": ("Thực hiện sắp xếp đơn vị hành chính, {don_vi} hoạt động từ ngày {tu_ngay}; bộ máy được kiện "
                   "toàn, công chức được bố trí theo vị trí việc làm, bảo đảm hoạt động thông suốt ngay từ ngày đầu."),
    "cong_vu": ("Cán bộ, công chức chấp hành nghiêm giờ giấc làm việc, quy tắc ứng xử; việc đánh giá, xếp loại "
                "chất lượng cán bộ, công chức được thực hiện đúng quy định, gắn với kết quả thực hiện nhiệm vụ."),
    "tai_chinh": ("{don_vi} quản lý thu, chi ngân sách đúng quy định; thực hiện quy chế chi tiêu nội bộ, công khai "
                  "dự toán, quyết toán ngân sách; tài sản công được quản lý, sử dụng đúng mục đích."),
    "ha_tang": ("100% cán bộ, công chức được trang bị máy tính kết nối Internet; {don_vi} sử dụng phần mềm quản lý "
                "văn bản và điều hành, hệ thống thư điện tử công vụ; điểm cầu họp trực tuyến được duy trì, phục vụ "
                "các cuộc họp của cấp trên."),
    "iso": ("{don_vi} duy trì, áp dụng Hệ thống quản lý chất lượng theo TCVN ISO 9001:2015 đối với các thủ tục hành "
            "chính thuộc thẩm quyền; thực hiện đánh giá nội bộ, xem xét của lãnh đạo theo quy định."),
}

# Parts III and IV: one idea a line; a unit writes a few of each.
LINES = {
    "uu_diem": (
        "Công tác chỉ đạo, điều hành cải cách hành chính được quan tâm, triển khai kịp thời; kế hoạch CCHC năm {nam} "
        "được ban hành đúng thời gian.",
        "Bộ phận Một cửa hoạt động nền nếp; hồ sơ thủ tục hành chính được tiếp nhận, giải quyết đúng quy trình, phần "
        "lớn trước và đúng hạn.",
        "Tỷ lệ hồ sơ nộp trực tuyến, thanh toán trực tuyến tăng; việc số hóa hồ sơ, kết quả giải quyết được thực "
        "hiện thường xuyên.",
        "Đội ngũ cán bộ, công chức có tinh thần trách nhiệm, thái độ phục vụ người dân, tổ chức ngày càng tốt hơn.",
        "Công tác tuyên truyền cải cách hành chính được đổi mới về hình thức, qua hệ thống truyền thanh, trang thông "
        "tin điện tử và mạng xã hội.",
        "Phần mềm quản lý văn bản và điều hành, chữ ký số được sử dụng thường xuyên trong xử lý công việc.",
    ),
    "ton_tai_han_che": (
        "Một số hồ sơ thủ tục hành chính còn giải quyết quá hạn, chủ yếu ở lĩnh vực đất đai.",
        "Tỷ lệ hồ sơ trực tuyến toàn trình chưa cao; một bộ phận người dân còn quen nộp hồ sơ trực tiếp.",
        "Một số trang thiết bị tại Bộ phận Một cửa đã cũ, cấu hình thấp; đường truyền có lúc chưa ổn định.",
        "Việc cập nhật, đồng bộ dữ liệu hồ sơ lên Cổng dịch vụ công có lúc chưa kịp thời.",
        "Công tác tự kiểm tra cải cách hành chính có lúc còn hình thức; việc khắc phục tồn tại sau kiểm tra chưa "
        "triệt để.",
    ),
    "nguyen_nhan": (
        "Khối lượng công việc lớn trong khi số lượng công chức còn hạn chế, một người kiêm nhiệm nhiều việc.",
        "Kỹ năng sử dụng công nghệ thông tin của một bộ phận người dân còn hạn chế.",
        "Hệ thống phần mềm dùng chung có lúc gián đoạn, lỗi đồng bộ dữ liệu.",
        "Kinh phí đầu tư cho hạ tầng công nghệ thông tin còn hạn hẹp.",
        "Một số hồ sơ đất đai phức tạp, phải xác minh nguồn gốc, lấy ý kiến nhiều cơ quan.",
    ),
    "nhiem_vu_ky_toi": (
        "Ban hành và triển khai kế hoạch cải cách hành chính {ky_toi} ngay từ đầu kỳ, phân công rõ người, rõ việc, "
        "rõ thời gian hoàn thành.",
        "Nâng tỷ lệ hồ sơ trực tuyến toàn trình, thanh toán trực tuyến; đẩy mạnh số hóa hồ sơ, kết quả giải quyết "
        "thủ tục hành chính.",
        "Tiếp tục rà soát, kiến nghị đơn giản hóa thủ tục hành chính; công khai đầy đủ thủ tục tại Bộ phận Một cửa "
        "và trên trang thông tin điện tử.",
        "Tăng cường kỷ luật, kỷ cương hành chính; đẩy mạnh tự kiểm tra, khắc phục dứt điểm các tồn tại.",
        "Tuyên truyền, hướng dẫn người dân sử dụng dịch vụ công trực tuyến và ứng dụng VNeID.",
        "Duy trì, cải tiến Hệ thống quản lý chất lượng TCVN ISO 9001:2015.",
    ),
}
PROPOSALS = (
    "Không",
    "Không",
    "Đề nghị cấp trên quan tâm hỗ trợ kinh phí nâng cấp trang thiết bị của Bộ phận Một cửa.",
    "Đề nghị tổ chức tập huấn nghiệp vụ sử dụng phần mềm một cửa điện tử cho công chức.",
)
