"""The chi-tiet workbook of a report bundle (``chi-tiet_<unit>_<period>.xlsx``): the dossiers behind the report's
figures, for an inspector to filter in Excel (issue 12, figure-level lineage).

A first sheet "Giải thích" names each figure (``etl.reports.figures``), its value in the report, the sheet and
column that list it and how a dossier is counted. Then one sheet per figure group (Tiếp nhận, Đã giải quyết,
Đang giải quyết, Trực tuyến, Thanh toán, Số hóa, Bưu chính, QĐ 766, and PAKN when the warehouse holds the unit's
PAKN; the months of the trend chart are left to `cchc explain`, their dossiers being those of the other sheets):
a row per dossier with its code and the columns that decided where it is counted, then one column per figure of
the group holding the part of the dossier the figure counts (1; less for a unit split by a reorganisation,
restated) or nothing, so that the sum of a column (SUBTOTAL after filtering) is the figure. The header row is
frozen and filtered; dates are Excel dates, codes are text. No personal data: the columns are codes, days and flags
of dw (the applicants are in schema restricted, never read). Written by ``etl.reports.xlsx_tables``: a province's
lists hold millions of cells, which it streams to the file (XlsxWriter, constant memory).
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from etl import vi
from etl.files import safe_name
from etl.reports import explain as ex_
from etl.reports.explain import Explanation
from etl.reports.figures import GROUPS, Figure, Group
from etl.reports.model import ReportData
from etl.reports.xlsx_tables import MAX_ROWS, Month, Sheet, write_tables

CODES = ("dossier_code", "petition_code", "handling_unit_code", "procedure_code", "field_code")
WIDTHS = {"dossier_code": 27, "petition_code": 22, "handling_unit_code": 16, "procedure_code": 24, "field_code": 12,
          "bieu06_group": 24, "bieu06_line": 30}
LEGEND_HEADER = ["Tên số liệu", "Nội dung", "Giá trị trong báo cáo", "Trang", "Cột", "Cách tính", "Đọc từ"]


def file_name(data: ReportData) -> str:
    """chi-tiet_<unit>_<period>.xlsx, named as the other files of the bundle (etl.reports.render.file_names)."""
    return f"chi-tiet_{safe_name(data.unit.code, ascii=True)}_{safe_name(data.period.code, ascii=True)}.xlsx"


def _number(value: Decimal | None):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _as_is(value):
    return value


def _converter(column: str):
    """How a lineage column becomes a cell (chosen once per column): dates as dates, months as months, codes as
    text, code lists and flags in words (ex_.cell_text), counts as numbers."""
    if column.endswith("_month"):
        return lambda value: None if value is None else Month(value)
    if column.endswith("_on") or column == "supplement_count":
        return _as_is
    if column == "share":
        return lambda value: None if value is None else _number(Decimal(value))
    if column in CODES:
        return lambda value: None if value is None else str(value)
    return lambda value: None if value is None else ex_.cell_text(column, value)


def _group_sheets(group: Group, rows: list[dict], title: str | None = None) -> list[Sheet]:
    """The group's sheet (more than one when its list is longer than Excel's rows): the deciding columns, then one
    column per figure holding the share it counts of each dossier (the share column itself is left out)."""
    shown = [column for column in group.columns if column.name != "share"]
    flags = [flag.name for flag in group.flags]

    converters = [(c.name, _converter(c.name)) for c in shown]
    derived = {"received_month", "end_month"}  # computed from the row (ex_.row_value)

    def cells(chunk: list[dict]):
        for row in chunk:
            share = _number(Decimal(row["share"]))
            yield ([convert(ex_.row_value(row, name) if name in derived else row.get(name))
                    for name, convert in converters]
                   + [share if row[flag] else None for flag in flags])

    header = [c.header for c in shown] + [f.header for f in group.flags]
    widths = [WIDTHS.get(c.name, max(12, min(24, len(c.header) + 2))) for c in shown] + [14] * len(flags)
    chunks = [rows[i:i + MAX_ROWS - 1] for i in range(0, len(rows), MAX_ROWS - 1)] or [[]]
    return [Sheet((title or group.title) + (f" ({n})" if n > 1 else ""), header, cells(chunk), widths)
            for n, chunk in enumerate(chunks, 1)]


def _in_group(group: Group, rows: list[dict]) -> list[dict]:
    flags = [flag.name for flag in group.flags]
    return [r for r in rows if any(r[f] for f in flags)]


def _legend(ex: Explanation, figures: list[Figure], sheets: dict[str, str]) -> Sheet:
    data = ex.data
    lead = [f"Danh sách hồ sơ theo từng số liệu của báo cáo – {data.unit.issuer} ({data.unit.code})",
            f"{data.period.label} ({ex_._window(data.period)}), {ex_.reading(data)}; chỉ số QĐ 766: "
            f"{data.kpi_period.label} ({ex_._window(data.kpi_period)}).",
            "Mỗi trang liệt kê hồ sơ của một nhóm số liệu; mỗi cột số liệu ghi phần hồ sơ được tính (1, hoặc tỷ phần "
            "khi đơn vị bị chia tách và báo cáo theo đơn vị hiện nay): tổng cột (sau khi lọc: SUBTOTAL) bằng số liệu. "
            "Dòng Biểu 06: lọc cột Nhóm và Dòng lĩnh vực. Số liệu theo tháng của biểu đồ và tra cứu khác: cchc "
            "explain (vd. --figure theo_thang.2025-01.ket_thuc)."]
    if not ex.listed:
        lead[-1] = (f"Báo cáo tính {vi.count(ex_.dossiers_counted(data))} hồ sơ, nhiều hơn số Excel liệt kê được trong "
                    "một tệp gửi kèm thư (chi_tiet_max_dossiers, config/reports.yaml): tệp này chỉ nêu các số liệu. "
                    f"Danh sách hồ sơ của một số liệu: cchc explain --unit {data.unit.code} --period "
                    f"{data.period.code} --figure <Tên số liệu> --out <tệp>.xlsx, hoặc các hàm SQL mart.figure_dossiers_*.")

    def rows():
        for figure in figures:
            group = next(g for g in GROUPS if g.code == figure.group)
            column = " hoặc ".join(flag.header for flag in group.flags if flag.name in figure.flags)
            yield [figure.name, figure.label, _number(ex_.value(figure, ex)),
                   sheets[group.code] if ex.listed else "(không kèm)", column, figure.rule, figure.source]

    return Sheet("Giải thích", LEGEND_HEADER, rows(), (34, 48, 14, 16, 36, 70, 40), table=True, lead=lead)


def write_chi_tiet(ex: Explanation, path: Path | str, figure: Figure | None = None, lines=None) -> Path:
    """Writes the workbook of ``ex`` to ``path``: every group (the bundle's chi-tiet workbook), or the one
    ``figure`` (its dossiers only, restricted to Biểu 06 ``lines`` when given, ``cchc explain --out``)."""
    title = f"Chi tiết hồ sơ theo số liệu – {ex.data.unit.issuer} – {ex.data.period.label}"
    if figure is not None:
        group = next(g for g in GROUPS if g.code == figure.group)
        flags = tuple(f for f in group.flags if f.name in figure.flags)
        only = Group(group.code, group.title, group.source, group.function, group.columns, flags, group.period)
        return write_tables(path, _group_sheets(only, ex_.members(figure, ex, lines), figure.name), title)
    groups = [g for g in GROUPS if g.in_workbook and (g.code != "pakn" or ex.data.petitions is not None)]
    sheets = {group.code: group.title for group in groups}  # a long list's first sheet keeps the title
    listed = [f for f in ex.figures if f.listed and f.group in sheets]
    lists = [s for g in groups for s in _group_sheets(g, _in_group(g, ex.rows[g.source]))] if ex.listed else []
    return write_tables(path, [_legend(ex, listed, sheets)] + lists, title)
