"""The filled fill-in workbook "Phiếu số liệu báo cáo CCHC" (docs/formats.md §11), .xlsx, as ``cchc template``
writes it (etl/inputs/template.py) and a unit fills it; every position comes from etl/inputs/layout.py.

One canonical row per cell the unit fills (etl.canonical.REPORT_INPUT_COLUMNS): each item's "Giá trị" on
"Số liệu" (filled or not: the report says which were not given), every column of each filled row of a list
sheet, and the cells of "Thông tin phiếu" the rules check (the unit code, who prepared the workbook and when).
Each row names its sheet, row and label, so that a bad cell is reported where the official will find it. The
whole workbook is one chunk: its rules compare cells with one another (done ≤ assigned), and it holds a few
hundred cells.

What makes the workbook unreadable as a whole raises :class:`SourceError`: a sheet missing, a template of another
version than config/report_inputs.yaml's, an item row missing, a period code that is not one, a file name
naming another unit or period than the workbook states. The kind is all-or-nothing (etl/kinds.py): a single bad
cell refuses the workbook too, at validation.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

import pandas as pd
from python_calamine import CalamineError, CalamineWorkbook

from etl.canonical import DEFAULT_CHUNK_ROWS, REPORT_INPUT_COLUMNS, SourceError, frame_from_records
from etl.inputs import layout
from etl.inputs.catalogue import Catalogue, InputList, catalogue
from etl.periods import FORMS, Period
from etl.sources.format import SourceFormat
from etl.sources.spreadsheet import check_unzipped_size, date, number, text

INFO_LABELS = dict(layout.INFO_KEYS)
INFO_CHECKED = {"ma_don_vi": "ma", "nguoi_lap": "chu", "ngay_lap": "ngay"}  # info cells that become rows, by type
NUMBER_TYPES = ("so", "ty_le")
# the name ``cchc template`` gives a workbook (layout.file_name), also behind the landing zone's hash prefix
FILE_NAME = re.compile(r"(?:^|_)phieu-so-lieu_(?P<unit>[A-Za-z0-9.\-]+)_"
                       r"(?P<period>(?:thang|quy|6thang|9thang|nam)-\d{4}(?:-\d{1,2})?)\.xlsx", re.I)


def sniff(path: Path) -> bool:
    """A workbook with the sheet "Thông tin phiếu" whose A1 is the template's title, or (a workbook that lost
    that sheet, refused with a message naming it) the sheet "Số liệu" with the template's header. A zip bomb is
    refused before any sheet is unzipped (SourceError)."""
    check_unzipped_size(path)
    try:
        with CalamineWorkbook.from_path(path) as book:
            if layout.INFO_SHEET in book.sheet_names:
                first = book.get_sheet_by_name(layout.INFO_SHEET).to_python(skip_empty_area=False, nrows=1)
                return bool(first) and text(first[0][0]) == layout.TITLE
            if layout.VALUES_SHEET in book.sheet_names:
                rows = book.get_sheet_by_name(layout.VALUES_SHEET).to_python(skip_empty_area=False,
                                                                            nrows=layout.VALUES_HEADER_ROW)
                return (len(rows) == layout.VALUES_HEADER_ROW
                        and _texts(rows[-1])[:len(layout.VALUES_HEADER)] == layout.VALUES_HEADER)
    except (CalamineError, OSError, ValueError):
        return False
    return False


def read(path: Path, chunk_rows: int = DEFAULT_CHUNK_ROWS) -> Iterator[pd.DataFrame]:
    """The workbook's cells as one canonical chunk (``chunk_rows`` is not used: see the module's docstring)."""
    cat = catalogue()
    with _Workbook(path, cat) as workbook:
        info = workbook.info()
        records = workbook.info_cells(info) + workbook.items()
        for entry in cat.lists:
            records += workbook.list_cells(entry)
    common = {"ma_don_vi": info["ma_don_vi"], "ky_bao_cao": info["ky_bao_cao"], "phien_ban": info["phien_ban"]}
    yield frame_from_records([record | common for record in records], REPORT_INPUT_COLUMNS)


def metadata(path: Path) -> dict:
    """What audit.landed_file records of the workbook: its unit, period and template version."""
    with _Workbook(path, catalogue()) as workbook:
        info = workbook.info()
    return {key: info[key] for key in ("ma_don_vi", "ky_bao_cao", "phien_ban")}


class _Workbook:
    """One workbook, its sheets read as they are needed (never "Hướng dẫn" nor "Số liệu từ hệ thống"), and the
    checks of its structure."""

    def __init__(self, path: Path, cat: Catalogue):
        self.path, self.cat = Path(path), cat
        check_unzipped_size(self.path)
        try:
            self.book = CalamineWorkbook.from_path(self.path)
        except CalamineError as error:
            raise self.fail(f"không đọc được tệp Excel: {error}") from None

    def __enter__(self) -> "_Workbook":
        return self

    def __exit__(self, *exc) -> None:
        self.book.close()

    def fail(self, message: str) -> SourceError:
        return SourceError(self.path, message)

    def sheet(self, name: str) -> list[list]:
        """The rows of one sheet, cells by their position (row 1, column A first)."""
        if name not in self.book.sheet_names:
            required = [layout.INFO_SHEET, layout.VALUES_SHEET] + [entry.sheet for entry in self.cat.lists]
            missing = [f"'{sheet}'" for sheet in required if sheet not in self.book.sheet_names]
            raise self.fail(f"phiếu thiếu trang {', '.join(missing)} (phiếu phải có đủ các trang "
                            f"{', '.join(repr(s) for s in required)}); hãy điền lại trên phiếu do lệnh "
                            f"cchc template tạo, không xóa hay đổi tên trang")
        try:
            return self.book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except CalamineError as error:
            raise self.fail(f"không đọc được trang '{name}': {error}") from None

    # --- Thông tin phiếu -------------------------------------------------------------------------------------

    def info(self) -> dict:
        """The values of "Thông tin phiếu" by key, after the checks that make the workbook this unit's and
        this period's workbook of the current template; ``<key>_row``: the row of each key."""
        rows = self.sheet(layout.INFO_SHEET)
        found: dict = {}
        for row_no, cells in enumerate(rows, start=1):
            key = text(_cell(cells, layout.INFO_KEY_COLUMN))
            if key in INFO_LABELS and key not in found:
                found[key], found[f"{key}_row"] = _cell(cells, layout.INFO_VALUE_COLUMN), row_no
        missing = [label for key, label in layout.INFO_KEYS if key not in found]
        if missing:
            raise self.fail(f"trang '{layout.INFO_SHEET}' thiếu dòng {', '.join(missing)}; hãy điền lại trên phiếu "
                            f"do lệnh cchc template tạo")
        for key in ("mau", "phien_ban", "ma_don_vi", "ky_bao_cao"):
            found[key] = text(found[key])
        if found["mau"] != layout.TEMPLATE_NAME:
            raise self.fail(f"{self.where_info(found, 'mau')}: ghi {found['mau']!r}, không phải phiếu số liệu báo "
                            f"cáo CCHC ({layout.TEMPLATE_NAME})")
        unit, period_code = found["ma_don_vi"], found["ky_bao_cao"]
        if not unit:
            raise self.fail(f"{self.where_info(found, 'ma_don_vi')}: trống; hãy lấy phiếu của đơn vị bằng lệnh "
                            f"cchc template --unit MÃ_ĐƠN_VỊ --period MÃ_KỲ")
        if found["phien_ban"] != self.cat.version:
            raise self.fail(f"phiếu làm theo mẫu phiên bản {found['phien_ban'] or '(không ghi)'}, mẫu hiện hành là "
                            f"phiên bản {self.cat.version}: phiếu mẫu cũ không được nhận; hãy lấy phiếu mới bằng lệnh "
                            f"cchc template --unit {unit} --period {period_code or 'MÃ_KỲ'} rồi chép số liệu sang")
        try:
            period = Period.from_code(period_code or "")
        except ValueError:
            raise self.fail(f"{self.where_info(found, 'ky_bao_cao')}: {period_code or '(trống)'!r} không phải mã kỳ "
                            f"báo cáo ({FORMS})") from None
        self.check_name(unit, period.code)
        found["ky_bao_cao"] = period.code  # as the warehouse writes it ("NAM:2025" is nam:2025)
        return found

    def where_info(self, found: dict, key: str) -> str:
        return f"trang '{layout.INFO_SHEET}', dòng {found[f'{key}_row']} ({INFO_LABELS[key]})"

    def check_name(self, unit: str, period_code: str) -> None:
        """A file named as ``cchc template`` names workbooks must name the unit and period the workbook states:
        otherwise the official sent another unit's (or period's) workbook, or renamed one."""
        match = FILE_NAME.search(self.path.name)
        expected = layout.file_name(unit, period_code)
        if match and match.group(0).lstrip("_").lower() != expected.lower():
            named_period = match["period"].lower().replace("-", ":", 1)
            raise self.fail(f"phiếu của đơn vị khác: tên tệp là phiếu của đơn vị {match['unit']}, kỳ {named_period}, "
                            f"nhưng trang '{layout.INFO_SHEET}' ghi đơn vị {unit}, kỳ {period_code}; hãy gửi đúng "
                            f"phiếu của đơn vị (tên tệp đúng là {expected})")

    def info_cells(self, found: dict) -> list[dict]:
        """The cells of "Thông tin phiếu" the rules check, as rows."""
        return [_record(layout.INFO_SHEET, found[f"{key}_row"], "thong_tin", key, INFO_LABELS[key], kind,
                        date(found[key]) if kind == "ngay" else text(found[key]))
                for key, kind in INFO_CHECKED.items()]

    # --- Số liệu ---------------------------------------------------------------------------------------------

    def items(self) -> list[dict]:
        """One row per item of the catalogue, found by its code in column "Mã" (a row moved is still found)."""
        rows = self.sheet(layout.VALUES_SHEET)
        header = _texts(rows[layout.VALUES_HEADER_ROW - 1]) if len(rows) >= layout.VALUES_HEADER_ROW else ()
        if header[:len(layout.VALUES_HEADER)] != layout.VALUES_HEADER:
            raise self.fail(f"trang '{layout.VALUES_SHEET}', dòng {layout.VALUES_HEADER_ROW}: không phải dòng tiêu đề "
                            f"của mẫu ({' | '.join(layout.VALUES_HEADER)}); hãy điền trên phiếu do lệnh cchc template "
                            f"tạo")
        items = {item.code: item for item in self.cat.items}
        records: dict[str, dict] = {}
        for row_no, cells in enumerate(rows[layout.VALUES_FIRST_ROW - 1:], start=layout.VALUES_FIRST_ROW):
            code = text(_cell(cells, layout.CODE_COLUMN))
            if code is None:
                continue
            item = items.get(code)
            if item is None or code in records:
                why = "lặp lại" if item else f"không có trong mẫu phiên bản {self.cat.version}"
                raise self.fail(f"trang '{layout.VALUES_SHEET}', dòng {row_no}: mã mục {code} {why}; hãy điền lại "
                                f"trên phiếu do lệnh cchc template tạo")
            value = _cell(cells, layout.VALUE_COLUMN)
            records[code] = _record(layout.VALUES_SHEET, row_no, "so_lieu", code, item.label, item.type,
                                    number(value) if item.type in NUMBER_TYPES else text(value),
                                    _carried(_cell(cells, layout.NOTE_COLUMN)))
        missing = [f"{item.label} ({item.code}, mục {item.section})" for item in self.cat.items
                   if item.code not in records]
        if missing:
            raise self.fail(f"trang '{layout.VALUES_SHEET}' thiếu dòng của mục: {'; '.join(missing)}; hãy điền lại "
                            f"trên phiếu do lệnh cchc template tạo")
        return [records[item.code] for item in self.cat.items]

    # --- the lists -------------------------------------------------------------------------------------------

    def list_cells(self, entry: InputList) -> list[dict]:
        """Every column of each row of the list's sheet that has a column filled (STT and Ghi chú aside)."""
        rows = self.sheet(entry.sheet)
        expected = layout.list_header(entry)
        header = _texts(rows[layout.LIST_HEADER_ROW - 1]) if len(rows) >= layout.LIST_HEADER_ROW else ()
        if header[:len(expected)] != expected:
            raise self.fail(f"trang '{entry.sheet}', dòng {layout.LIST_HEADER_ROW}: không phải dòng tiêu đề của mẫu "
                            f"({' | '.join(expected)}); hãy điền trên phiếu do lệnh cchc template tạo")
        columns, note = layout.list_columns(entry), layout.list_note_column(entry)
        records = []
        for row_no, cells in enumerate(rows[layout.LIST_FIRST_ROW - 1:], start=layout.LIST_FIRST_ROW):
            values = {c.code: _list_value(c.type, _cell(cells, columns[c.code])) for c in entry.columns}
            if all(v is None for v in values.values()):
                continue
            carried = _carried(_cell(cells, note))
            records += [_record(entry.sheet, row_no, entry.code, c.code, c.label, c.type, values[c.code], carried)
                        for c in entry.columns]
        return records


def _list_value(kind: str, cell) -> str | None:
    if kind == "ngay":
        return date(cell)
    return number(cell) if kind in NUMBER_TYPES else text(cell)


def _record(sheet: str, row_no: int, part: str, code: str, label: str, kind: str, value: str | None,
            carried: str = "0") -> dict:
    return {"row_no": str(row_no), "trang": sheet, "phan": part, "ma": code, "nhan": label, "kieu": kind,
            "gia_tri": value, "lay_tu_ky_truoc": carried}


def _carried(note) -> str:
    return "1" if text(note) == layout.CARRIED_NOTE else "0"


def _cell(cells: list, column: int):
    """The cell of a 1-based column; None beyond the row's end."""
    return cells[column - 1] if len(cells) >= column else None


def _texts(cells: list) -> tuple:
    return tuple(text(c) for c in cells)


FORMAT = SourceFormat(name="phieu_so_lieu", kind="report_input", extensions=(".xlsx",),
                      columns=REPORT_INPUT_COLUMNS, sniff=sniff, read=read, metadata=metadata)
