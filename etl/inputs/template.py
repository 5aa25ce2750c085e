"""Write the fill-in workbook "Phiếu số liệu báo cáo CCHC" of one unit and period (docs/formats.md §11).

``write_workbook`` lays out the catalogue (config/report_inputs.yaml) as etl/inputs/layout.py says, with Excel's
own data validation and sheet protection so that only the cells to fill can be typed in. ``make_template``
writes the workbook ``cchc template`` sends a unit: pre-filled from the unit's workbook of the last period
(etl/inputs/prefill.py), with the warehouse's figures (etl/inputs/figures.py). Values may be given too: the
sample writes filled workbooks with them.
"""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Iterable, Mapping

import psycopg
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from etl import vi
from etl.config import settings
from etl.db import sql
from etl.files import safe_name
from etl.inputs import layout, validation
from etl.inputs.catalogue import Catalogue, InputList, Item, ListColumn, catalogue, nfc
from etl.inputs.figures import warehouse_figures
from etl.inputs.prefill import previous_inputs
from etl.periods import Period
from etl.reports.data import UnknownUnit
from etl.vi import bare_unit_name

PASSWORD = "cchc"  # protection keeps the layout, it is not a secret (docs/formats.md §11)
DATE_FORMAT = "DD/MM/YYYY"
NUMBER_FORMATS = {"so": "#,##0", "ty_le": "0.00"}
FILL = PatternFill("solid", fgColor="FFFFFF")  # the cells to fill: white on the grey of the locked ones
LOCKED = PatternFill("solid", fgColor="F2F2F2")
CARRIED = PatternFill("solid", fgColor="FFE699")  # pre-filled from the last period: check it
HEADING = PatternFill("solid", fgColor="D9E1F2")
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
WRAP = Alignment(wrap_text=True, vertical="top")
PARAGRAPH_HEIGHT = 90  # points: a few lines of a narrative cell
UNLOCKED = Protection(locked=False)

Value = str | int | float | Decimal | date | None


def write_workbook(path: Path | str, *, unit_code: str, unit_name: str, period: Period,
                   values: Mapping[str, Value] | None = None,
                   lists: Mapping[str, list[Mapping[str, Value]]] | None = None,
                   carried: Iterable[str] = (), figures: Iterable[tuple[str, str]] = ()) -> Path:
    """Write the workbook of ``unit_code`` for ``period`` to ``path``.

    ``values``: {item code: value}, and {"nguoi_lap" | "dien_thoai" | "ngay_lap": value} for the cells of
    "Thông tin phiếu"; ``lists``: {list code: [{column code: value}]}; ``carried``: the item and list codes
    whose values come from the last period (marked to be checked); ``figures``: (label, formatted value) of
    the warehouse, shown read-only (none: a line says they are not computed yet)."""
    cat, values, lists, carried = catalogue(), dict(values or {}), dict(lists or {}), set(carried)
    unknown = sorted(set(values) - {i.code for i in cat.items} - set(layout.INFO_FILL_KEYS)
                     | set(lists) - {entry.code for entry in cat.lists})
    if unknown:
        raise ValueError(f"Mã không có trong danh mục phiếu số liệu: {', '.join(unknown)}")
    book = Workbook()
    _guide(book.active, cat, unit_name, period)
    _info(book.create_sheet(layout.INFO_SHEET), cat, unit_code, unit_name, period, values)
    _values(book.create_sheet(layout.VALUES_SHEET), cat, unit_name, period, values, carried)
    for entry in cat.lists:
        _list(book.create_sheet(entry.sheet), entry, cat, period, lists.get(entry.code, []), entry.code in carried)
    _figures(book.create_sheet(layout.FIGURES_SHEET), unit_name, period, list(figures))
    for sheet in book.worksheets:
        sheet.protection.set_password(PASSWORD)
        sheet.protection.formatRows = sheet.protection.formatColumns = False  # a long text may need a taller row
        sheet.protection.enable()
    book.security = WorkbookProtection(lockStructure=True)  # no sheet renamed, moved or deleted
    book.security.set_workbook_password(PASSWORD)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def make_template(conn: psycopg.Connection, unit_code: str, period: Period, out: Path | str) -> Path:
    """Write the workbook ``cchc template`` gives ``unit_code`` for ``period``: pre-filled from its workbook of the
    previous period, with the warehouse's figures. ``out``: a folder (the file is named
    ``phieu-so-lieu_<unit>_<period>.xlsx``) or a file ending in .xlsx. UnknownUnit for a code not in dw.dim_unit."""
    row = conn.execute(sql("reports/unit"), {"unit_code": unit_code, "last_day": period.last_day}).fetchone()
    if row is None:
        raise UnknownUnit(f"Không có đơn vị mã {unit_code!r} trong kho (dw.dim_unit)")
    code, name, kind, _, exists_today, _, _ = row
    prefill = previous_inputs(conn, code, period)
    out = Path(out)
    path = out if out.suffix.lower() == ".xlsx" else out / layout.file_name(code, period.code)
    return write_workbook(path, unit_code=code, unit_name=f"{kind or ''} {bare_unit_name(name, kind)}".strip(),
                          period=period, values=prefill.values, lists=prefill.lists, carried=prefill.carried,
                          figures=warehouse_figures(conn, code, period, restated=exists_today))


def templates_dir(period: Period) -> Path:
    """Where ``cchc template`` writes without --out: $CCHC_HOME/phieu-so-lieu/<period>."""
    return settings().home / "phieu-so-lieu" / safe_name(period.code)


def _guide(ws: Worksheet, cat: Catalogue, unit_name: str, period: Period) -> None:
    ws.title = layout.GUIDE_SHEET
    sheets = ", ".join(f'"{entry.sheet}"' for entry in cat.lists)
    lines = [
        (f"Phiếu số liệu báo cáo công tác cải cách hành chính {period.label.lower()} — {unit_name}", TITLE),
        ("", None),
        ("Phiếu ghi những số liệu, nội dung của báo cáo CCHC mà hệ thống giải quyết TTHC không có. Báo cáo được "
         "lập tự động từ phiếu này và số liệu hồ sơ của kho dữ liệu.", None),
        ("Cách điền", BOLD),
        (f'1. Trang "{layout.INFO_SHEET}": ghi người lập phiếu, điện thoại, ngày lập (dd/mm/yyyy).', None),
        (f'2. Trang "{layout.VALUES_SHEET}": điền cột "Giá trị" (cột E, ô nền trắng) của từng dòng; cột "Hướng dẫn" '
         "nói cần ghi gì. Số ghi bằng chữ số (0 nếu bằng không); tỷ lệ ghi số từ 0 đến 100, không kèm dấu %; mục "
         "Có/Không chọn trong danh sách; đoạn văn xuống dòng bằng Alt+Enter.", None),
        ("3. Mục chưa có số liệu thì để trống: báo cáo sẽ ghi mục đó còn thiếu. Không ghi chữ vào ô số.", None),
        (f"4. Trang {sheets}: mỗi dòng một văn bản, một cuộc kiểm tra, một mô hình, điền từ dòng "
         f"{layout.LIST_FIRST_ROW}, tối đa {layout.LIST_ROWS} dòng; ngày ghi dạng dd/mm/yyyy, không sau ngày chốt "
         f"số liệu {vi.day(period.last_day)}.", None),
        (f'5. Ô nền vàng ghi "{layout.CARRIED_NOTE}" đã được điền sẵn từ phiếu kỳ trước: sửa nếu đã thay đổi, '
         "xóa nếu không còn đúng.", None),
        (f'6. Trang "{layout.FIGURES_SHEET}" là số liệu hồ sơ TTHC do kho dữ liệu tính, chỉ để xem, không cần điền.',
         None),
        ("7. Phiếu được khóa trừ các ô cần điền: không đổi tên, thêm, xóa trang hay cột. Excel từ chối giá trị "
         "không hợp lệ ngay khi nhập và nói lý do.", None),
        ("8. Nộp tệp đã điền cho bộ phận tổng hợp báo cáo, giữ nguyên tên tệp. Nộp lại phiếu của cùng kỳ thì phiếu "
         "sau thay phiếu trước.", None),
        ("", None),
        (f"Mẫu phiếu phiên bản {cat.version}. Phiếu của mẫu cũ không được nhận: khi mẫu đổi, lấy phiếu mới.", None),
    ]
    for row, (text, font) in enumerate(lines, start=1):
        cell = ws.cell(row, 1, text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if font:
            cell.font = font
    ws.column_dimensions["A"].width = 110


def _info(ws: Worksheet, cat: Catalogue, unit_code: str, unit_name: str, period: Period,
          values: Mapping[str, Value]) -> None:
    ws["A1"] = layout.TITLE
    ws["A1"].font = TITLE
    given = {"mau": layout.TEMPLATE_NAME, "phien_ban": cat.version, "ma_don_vi": unit_code, "ten_don_vi": unit_name,
             "ky_bao_cao": period.code, "ten_ky": period.label, "tu_ngay": vi.day(period.first_day),
             "den_ngay": vi.day(period.last_day)}
    text, day = validation.short_text(), validation.any_day()
    for key, label in layout.INFO_KEYS:
        row = layout.info_row(key)
        ws.cell(row, layout.INFO_LABEL_COLUMN, label).font = BOLD
        ws.cell(row, layout.INFO_KEY_COLUMN, key)
        cell = ws.cell(row, layout.INFO_VALUE_COLUMN, given.get(key, values.get(key)))
        if key in layout.INFO_FILL_KEYS:
            cell.protection, cell.fill = UNLOCKED, FILL
            (day if key == "ngay_lap" else text).add(cell)
            if key == "ngay_lap":
                cell.number_format = DATE_FORMAT
        else:
            cell.fill = LOCKED
    _add(ws, text, day)
    ws.column_dimensions[get_column_letter(layout.INFO_LABEL_COLUMN)].width = 32
    ws.column_dimensions[get_column_letter(layout.INFO_VALUE_COLUMN)].width = 60
    ws.column_dimensions[get_column_letter(layout.INFO_KEY_COLUMN)].hidden = True


def _values(ws: Worksheet, cat: Catalogue, unit_name: str, period: Period, values: Mapping[str, Value],
            carried: set[str]) -> None:
    ws["A1"] = f"Số liệu báo cáo công tác cải cách hành chính {period.label.lower()} — {unit_name}"
    ws["A1"].font = TITLE
    ws["A2"] = 'Điền cột "Giá trị" (ô nền trắng); ô nền vàng lấy từ phiếu kỳ trước, cần kiểm tra.'
    _header(ws, layout.VALUES_HEADER_ROW, layout.VALUES_HEADER)
    rules = {kind: _item_rule(kind) for kind in ("so", "ty_le", "co_khong", "chu")}  # doan_van: any text
    item_rows, section_rows = layout.item_rows(cat), layout.section_rows(cat)
    for section in cat.sections:
        row = section_rows[section.code]
        ws.cell(row, layout.SECTION_COLUMN, section.code)
        ws.cell(row, layout.LABEL_COLUMN, section.title)
        for column in range(1, len(layout.VALUES_HEADER) + 1):
            ws.cell(row, column).font, ws.cell(row, column).fill = BOLD, HEADING
        for item in section.items:
            _item_row(ws, item_rows[item.code], item, values.get(item.code), item.code in carried, rules)
    _add(ws, *rules.values())
    for column, width in zip("ABCDEFG", (8, 24, 60, 14, 40, 45, 30)):
        ws.column_dimensions[column].width = width
    ws.freeze_panes = ws.cell(layout.VALUES_FIRST_ROW, 1)


def _item_row(ws: Worksheet, row: int, item: Item, value: Value, carried: bool,
              rules: dict[str, DataValidation]) -> None:
    for column, text in ((layout.SECTION_COLUMN, item.section), (layout.CODE_COLUMN, item.code),
                         (layout.LABEL_COLUMN, item.label), (layout.UNIT_COLUMN, item.unit),
                         (layout.HELP_COLUMN, item.help)):
        cell = ws.cell(row, column, text or None)
        cell.alignment, cell.fill = WRAP, LOCKED
    cell = ws.cell(row, layout.VALUE_COLUMN, _cell_value(value))
    cell.protection, cell.alignment = UNLOCKED, WRAP
    cell.fill = CARRIED if carried and value is not None else FILL
    if item.type in NUMBER_FORMATS:
        cell.number_format = NUMBER_FORMATS[item.type]
    if item.type in rules:
        rules[item.type].add(cell)
    if item.type == "doan_van":
        ws.row_dimensions[row].height = PARAGRAPH_HEIGHT
    note = ws.cell(row, layout.NOTE_COLUMN, layout.CARRIED_NOTE if carried and value is not None else None)
    note.fill, note.alignment = (CARRIED if note.value else LOCKED), WRAP


def _list(ws: Worksheet, entry: InputList, cat: Catalogue, period: Period, rows: list[Mapping[str, Value]],
          carried: bool) -> None:
    ws["A1"] = entry.title
    ws["A1"].font = TITLE
    ws["A2"] = (f"Mỗi dòng một mục, từ dòng {layout.LIST_FIRST_ROW}; tối đa {layout.LIST_ROWS} dòng. "
                + " ".join(f"{c.label}: {c.help}" for c in entry.columns if c.help))
    _header(ws, layout.LIST_HEADER_ROW, layout.list_header(entry))
    if len(rows) > layout.LIST_ROWS:
        raise ValueError(f'Trang "{entry.sheet}" có tối đa {layout.LIST_ROWS} dòng, không ghi được {len(rows)} dòng')
    columns, note_column = layout.list_columns(entry), layout.list_note_column(entry)
    rules = {c.code: _column_rule(c, cat, period) for c in entry.columns}
    for number in range(1, layout.LIST_ROWS + 1):
        row = layout.LIST_FIRST_ROW + number - 1
        given = rows[number - 1] if number <= len(rows) else {}
        ws.cell(row, 1, number).fill = LOCKED
        for column in entry.columns:
            cell = ws.cell(row, columns[column.code], _cell_value(given.get(column.code)))
            cell.protection = UNLOCKED
            cell.fill = CARRIED if carried and column.carry and cell.value is not None else FILL
            if column.type == "ngay":
                cell.number_format = DATE_FORMAT
            elif column.type == "doan_van":
                cell.alignment = WRAP
        marked = carried and any(given.get(c.code) is not None for c in entry.columns if c.carry)
        note = ws.cell(row, note_column, layout.CARRIED_NOTE if marked else None)
        note.fill = CARRIED if marked else LOCKED
    last = layout.LIST_FIRST_ROW + layout.LIST_ROWS - 1
    for code, rule in rules.items():
        if rule is not None:
            letter = get_column_letter(columns[code])
            rule.add(f"{letter}{layout.LIST_FIRST_ROW}:{letter}{last}")
            ws.add_data_validation(rule)
    ws.column_dimensions["A"].width = 6
    for column in entry.columns:
        ws.column_dimensions[get_column_letter(columns[column.code])].width = (
            50 if column.type == "doan_van" or column.code == "trich_yeu" else 18)
    ws.column_dimensions[get_column_letter(note_column)].width = 30
    ws.freeze_panes = ws.cell(layout.LIST_FIRST_ROW, 1)


def _column_rule(column: ListColumn, cat: Catalogue, period: Period) -> DataValidation | None:
    if column.choices:
        return validation.choice(column.choices)
    if column.type == "muc":
        return validation.choice(cat.section_codes, what="mã mục báo cáo như I.1, II.5")
    if column.type == "ngay":
        return validation.day_until(period.last_day)
    return _item_rule(column.type)


def _item_rule(kind: str) -> DataValidation | None:
    """The rule of an item or list column of type ``kind``; none for a paragraph (any text)."""
    rules = {"so": validation.whole_number, "ty_le": validation.percentage, "co_khong": validation.yes_no,
             "chu": validation.short_text}
    return rules[kind]() if kind in rules else None


def _figures(ws: Worksheet, unit_name: str, period: Period, figures: list[tuple[str, str]]) -> None:
    ws["A1"] = f"Số liệu hồ sơ TTHC do hệ thống tính — {unit_name}, {period.label.lower()}"
    ws["A1"].font = TITLE
    ws["A2"] = (f"Từ ngày {vi.day(period.first_day)} đến ngày {vi.day(period.last_day)}, theo cách tính của báo cáo "
                "(Biểu số 06/VPCP/KSTT). Chỉ để xem: không cần điền, không được nạp lại.")
    if figures:
        _header(ws, 4, ("Nội dung", "Số liệu"))
        for row, (label, value) in enumerate(figures, start=5):
            ws.cell(row, 1, label).alignment = WRAP
            ws.cell(row, 2, value).alignment = Alignment(horizontal="right", vertical="top")
    else:
        ws["A4"] = not_computed(period)
    ws.column_dimensions["A"].width = 80
    ws.column_dimensions["B"].width = 30


def not_computed(period: Period) -> str:
    """What the read-only sheet says when the warehouse has not computed the period's figures."""
    return (f"Chưa có số liệu: kho chưa tính số liệu {period.label.lower()} cho đơn vị (mart.cchc_summary). Chạy "
            f"lệnh cchc mart refresh --period {period.code} rồi tạo lại phiếu bằng cchc template.")


def _header(ws: Worksheet, row: int, texts: Iterable[str]) -> None:
    for column, text in enumerate(texts, start=1):
        cell = ws.cell(row, column, text)
        cell.font, cell.fill = BOLD, HEADING
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _add(ws: Worksheet, *rules: DataValidation) -> None:
    """Attach the rules that hold at least one cell (Excel rejects an empty one)."""
    for rule in rules:
        if rule.sqref:
            ws.add_data_validation(rule)


def _cell_value(value: Value):
    """What a cell holds: numbers as numbers (a Decimal as an int when whole), dates as dates, text as NFC."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, str):
        return nfc(value)
    return value
