"""Writers of the sample's files, one per format of ``docs/formats.md``: the unit list (§4), the lineage
(§5), the procedure catalogue (§3), the sync payload (§1) and the provincial listing (§2, xlsx or csv)."""
from __future__ import annotations

import csv
import json
from datetime import date, datetime, timedelta
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from etl.codes import APPLICANT_TYPES, CHANNELS, STATUSES
from etl.sample.tables import FIELDS, LEVEL_NAMES, REORG_BASIS, REORG_DATE, Procedure, Unit

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


def listing_period(year: int, month: int, until: date | None = None) -> str:
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
        obj["DonViXuLy"], obj["ChuHoSo"], obj["SoDienThoai"], obj["Email"], APPLICANT_TYPES[obj["LoaiDoiTuong"]],
        "" if obj["KenhThucHien"] is None else CHANNELS[obj["KenhThucHien"]],  # not given: an empty cell
        *(_as_datetime(obj[key]) for key in LISTING_DATE_FIELDS),
        STATUSES[obj["TrangThaiHoSo"]], fee or None, yes_no[obj["DuocThanhToanTrucTuyen"] > 0],
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
