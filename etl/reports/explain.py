"""`cchc explain`: the figures of a unit's report for a period with their values, and for one figure the
dossiers (or PAKN) behind it with the columns that decided their membership (issue 12, figure-level lineage).

The values are those of the report itself (``etl.reports.data.gather``, from the marts); the lists are the rows
of the SQL functions of migration 0023 (``sql/reports/figure_*.sql``), which count each dossier as the mart
refresh does: the sum of the listed rows' share is the printed value (``tests/test_figure_lineage.py`` checks it
for every figure of every unit of the sample). ``etl.reports.figures`` names the figures; the chi-tiet workbook of
a report bundle (``etl.reports.chi_tiet_xlsx``) is written from the same ``Explanation``.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import psycopg
from psycopg.rows import dict_row

from etl import codes, vi
from etl.db import sql
from etl.marts import refresh_for_report
from etl.periods import Period
from etl.reports.config import ReportConfig, report_config
from etl.reports.data import gather
from etl.reports.figures import GROUP, HO_SO, KPI766, PAKN, Figure, report_figures
from etl.reports.model import Bieu06Row, PeriodInfo, ReportData
from etl.reports.wording import lower_first

WORDS = {"truoc_han": "trước hạn", "dung_han": "đúng hạn", "qua_han": "quá hạn", "trong_han": "trong hạn",
         "khong": "không", "mot_phan": "một phần", "toan_trinh": "toàn trình"}
TEXT_COLUMNS = ("timeliness", "handled_as", "open_as", "online_level_at_receipt")


class ExplainError(LookupError):
    """A figure, a Biểu 06 line or a group the report does not have; the message says what there is."""


@dataclass
class Explanation:
    """A unit's report (``data``) with what lists its figures: the rows of each source (HO_SO: the report period's
    dossiers, KPI766: the calendar twin's, PAKN: the period's PAKN when the warehouse holds them) and the counts of
    the data notes (sql/reports/quality.sql)."""
    data: ReportData
    rows: dict[str, list[dict]]
    notes: dict[str, Decimal] = field(default_factory=dict)
    listed: bool = True  # False: a scope too large to list (unlisted): the figures and their values only

    @property
    def figures(self) -> list[Figure]:
        return report_figures(self.data)


def dossiers_counted(data: ReportData) -> int:
    """How many dossiers the lists of a report would hold: those on its Biểu 06 (received in the period or carried
    over into it), the largest of its sets."""
    return int(data.summary.tiep_nhan_tong)


def unlisted(data: ReportData) -> Explanation:
    """A report whose scope is too large to list in a workbook (config/reports.yaml chi_tiet_max_dossiers): its
    figures and values, no rows; `cchc explain --figure` lists any one of them."""
    return Explanation(data, {}, data.note_counts, listed=False)


def explain(conn: psycopg.Connection, unit_code: str, period: Period, restated: bool | None = None, *,
            refresh: bool = True, config: ReportConfig | None = None) -> Explanation:
    """The report of ``unit_code`` for ``period`` as ``cchc report`` makes it (the marts brought up to date first
    unless ``refresh`` is false), with the lists behind its figures."""
    config = config or report_config()
    if refresh:
        refresh_for_report(conn, period, list(config.certification_fields))
        conn.commit()
    return lineage(conn, gather(conn, unit_code, period, restated=restated, config=config), config)


def lineage(conn: psycopg.Connection, data: ReportData, config: ReportConfig | None = None) -> Explanation:
    """The lists behind the figures of a gathered report ``data``."""
    config = config or report_config()
    key = {"unit_code": data.unit.code, "restated": data.restated, "first_day": data.period.first_day,
           "last_day": data.period.last_day}
    cursor = conn.cursor(row_factory=dict_row)
    rows = {
        HO_SO: cursor.execute(sql("reports/figure_dossiers"),
                              key | {"certification_fields": list(config.certification_fields)}).fetchall(),
        KPI766: cursor.execute(sql("reports/figure_dossiers_kpi766"),
                               key | {"first_day": data.kpi_period.first_day,
                                      "last_day": data.kpi_period.last_day}).fetchall(),
        PAKN: cursor.execute(sql("reports/figure_petitions"), key).fetchall() if data.petitions is not None else [],
    }
    return Explanation(data, rows, data.note_counts)


# ---------------------------------------------------------------- values and lists

def value(figure: Figure, ex: Explanation) -> Decimal | None:
    """The figure as the report prints it (``figure.read`` in the report model); None when the report has no
    value for it (a QĐ 766 indicator without data, or not arisen)."""
    data, total = ex.data, Decimal(0)
    for part in figure.read.split("+"):
        kind, _, rest = part.partition(".")
        if kind == "summary":
            number = getattr(data.summary, rest)
        elif kind == "indicator":
            code, attribute = rest.rsplit(".", 1)
            number = next((getattr(i, attribute) for i in data.indicators if i.code == code), None)
        elif kind == "month":
            month, attribute = rest.split(".")
            number = next(getattr(p, attribute) for p in data.monthly if f"{p.month:%Y-%m}" == month)
        elif kind == "note":
            number = ex.notes.get(rest, Decimal(0))
        elif kind == "petitions":
            number = getattr(data.petitions, rest) if data.petitions else None
        elif kind == "input":
            number = data.inputs.values.get(rest)
        elif kind == "bieu06":
            number = getattr(data.bieu06[-1], rest) if data.bieu06 else Decimal(0)
        else:
            raise ValueError(f"figure {figure.name}: unknown read {figure.read!r}")
        if number is None or isinstance(number, str):
            return None
        total += Decimal(number)
    return total


def members(figure: Figure, ex: Explanation, lines: list[Bieu06Row] | None = None) -> list[dict]:
    """The rows behind ``figure`` (empty when it lists none), restricted to the Biểu 06 ``lines`` when given."""
    if not figure.listed:
        return []
    rows = [r for r in ex.rows[GROUP[figure.group].source] if any(r[flag] for flag in figure.flags)]
    if figure.month is not None:
        day = "received_on" if figure.flags == ("nhan_moi",) else "end_on"
        rows = [r for r in rows if r[day] is not None and r[day].replace(day=1) == figure.month]
    if lines is not None:
        keys = {(line.nhom, line.field_name) for line in lines}
        rows = [r for r in rows if (r["bieu06_group"], r["bieu06_line"]) in keys]
    return rows


def listed_total(figure: Figure, rows: list[dict]) -> Decimal:
    """What the rows add up to: the sum of their shares, or their number for a figure counted unweighted."""
    if not figure.weighted:
        return Decimal(len(rows))
    return sum((Decimal(r["share"]) for r in rows), Decimal(0))


def lines_value(figure: Figure, lines: list[Bieu06Row]) -> Decimal:
    """A Biểu 06 column summed over field lines of the form."""
    column = figure.name.split(".", 1)[1]
    return sum((getattr(line, column) for line in lines), Decimal(0))


def find(ex: Explanation, name: str) -> Figure:
    """The figure called ``name`` (case does not matter); ExplainError naming the closest ones otherwise."""
    figures = ex.figures
    wanted = name.strip().lower()
    for figure in figures:
        if figure.name == wanted:
            return figure
    names = [f.name for f in figures]
    close = difflib.get_close_matches(wanted, names, n=5, cutoff=0.6)
    close += [n for n in names if wanted and n.startswith(wanted) and n not in close][:8 - len(close)]
    hint = f" Có phải: {', '.join(close)}?" if close else ""
    raise ExplainError(f"Báo cáo của {ex.data.unit.code} kỳ {ex.data.period.code} không có số liệu tên '{name}'."
                       f"{hint} Chạy cchc explain không có --figure để xem mọi tên.")


def field_lines(data: ReportData) -> list[Bieu06Row]:
    return [row for row in data.bieu06 if row.kind == "field"]


def _in_group(nhom: str | None, wanted: str) -> bool:
    """A line is in the group named ``wanted``: its own group, or the level heading above its agency."""
    if nhom is None:
        return False
    return vi.fold(nhom) == vi.fold(wanted) or vi.fold(nhom).startswith(vi.fold(wanted) + " – ")


def _codes(line: Bieu06Row) -> list[str]:
    return [code.strip() for code in (line.field_code or "").split(",") if code.strip()]


def select_lines(data: ReportData, field_code: str | None, group: str | None) -> list[Bieu06Row] | None:
    """The field lines of the form chosen by a field code or name (``--field``) and a group (``--nhom``: "Cấp
    xã", "Cấp tỉnh – Sở Tư pháp"); None when neither is given (the "Tổng cộng" line). ExplainError when nothing
    matches or when a field is on lines of several groups and no group is given."""
    if field_code is None and group is None:
        return None
    lines = field_lines(data)
    if group is not None:
        groups = sorted({line.nhom for line in lines if line.nhom})
        lines = [line for line in lines if _in_group(line.nhom, group)]
        if not lines:
            raise ExplainError(f"Biểu 06 không có nhóm '{group}'"
                               + (f" (các nhóm: {'; '.join(groups)})" if groups else " (biểu có một nhóm)") + ".")
    if field_code is not None:
        wanted = vi.fold(field_code)
        chosen = [line for line in lines
                  if wanted in {vi.fold(c) for c in _codes(line)} or wanted == vi.fold(line.field_name)]
        if not chosen:
            known = sorted({c for line in lines for c in _codes(line)})
            close = difflib.get_close_matches(field_code, known, n=5, cutoff=0.5)
            raise ExplainError(f"Biểu 06 không có dòng lĩnh vực '{field_code}'"
                               + (f"; có phải: {', '.join(close)}?" if close else "")
                               + " Chạy cchc explain không có --figure để xem các dòng.")
        in_groups = sorted({line.nhom or "" for line in chosen})
        if group is None and len(in_groups) > 1:
            raise ExplainError(f"Lĩnh vực '{field_code}' có ở {len(in_groups)} nhóm của Biểu 06: "
                               f"{'; '.join(in_groups)}. Chọn một nhóm bằng --nhom.")
        lines = chosen
    return lines


# ---------------------------------------------------------------- text and JSON

def reading(data: ReportData) -> str:
    return ("theo đơn vị hành chính hiện nay" if data.restated
            else "theo đơn vị hành chính tại thời điểm tiếp nhận")


def _window(period: PeriodInfo) -> str:
    return f"{vi.day(period.first_day)}–{vi.day(period.last_day)}"


def period_of(figure: Figure, data: ReportData) -> PeriodInfo:
    """The period a figure counts: the calendar twin for QĐ 766, else the report period."""
    return data.kpi_period if figure.group == "kpi766" else data.period


def heading(data: ReportData) -> list[str]:
    return [f"{data.unit.issuer} ({data.unit.code}), {data.period.label} ({_window(data.period)}), {reading(data)}.",
            f"Chỉ số QĐ 766: kỳ dương lịch {lower_first(data.kpi_period.label)} ({_window(data.kpi_period)})."]


def shown(number: Decimal | None, missing: str = "–") -> str:
    return missing if number is None else vi.count(number)


def listing(figure: Figure) -> str:
    if not figure.listed:
        return "không"
    return "PAKN" if figure.group == "pakn" else "hồ sơ"


def table(rows: list[list[str]]) -> list[str]:
    """Rows of text as aligned columns (the first row is the header), two spaces apart."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows]


def figures_text(ex: Explanation) -> list[str]:
    """Every figure of the report (name, label, value, whether it is listed), then the lines of its Biểu 06."""
    data = ex.data
    rows = [["Tên số liệu", "Nội dung", "Giá trị", "Danh sách"]]
    for figure in ex.figures:
        missing = "chưa có dữ liệu" if figure.not_listed and "chưa có dữ liệu" in figure.not_listed else "–"
        rows.append([figure.name, figure.label, shown(value(figure, ex), missing), listing(figure)])
    lines = heading(data) + [""] + table(rows)
    fields = field_lines(data)
    if fields:
        lines += ["", "Các dòng của Biểu 06: số liệu bieu06.<cột> của một dòng: --field MÃ (hoặc tên lĩnh vực), "
                      "thêm --nhom khi lĩnh vực có ở nhiều nhóm.",
                  *table([["Nhóm", "Lĩnh vực", "Mã", "Tiếp nhận", "Đã giải quyết", "Đang giải quyết"]]
                         + [[line.nhom or "", line.field_name, line.field_code or "", vi.count(line.tiep_nhan_tong),
                             vi.count(line.da_giai_quyet_tong), vi.count(line.dang_giai_quyet_tong)]
                            for line in fields])]
    return lines


def cell_text(column: str, value) -> str:
    """A lineage value as the lists print it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, date):
        return f"{value:%m/%Y}" if column.endswith("_month") else vi.day(value)
    if column == "channel_code":
        return f"{value} {lower_first(codes.CHANNELS.get(value, ''))}".strip()
    if column == "status_code":
        return f"{value} {lower_first(codes.STATUSES.get(value, ''))}".strip()
    if column in TEXT_COLUMNS:
        return WORDS.get(value, value)
    if isinstance(value, Decimal):
        return vi.count(value)
    return str(value)


def row_value(row: dict, column: str):
    """A column of a lineage row; the months of theo_thang are derived from the days."""
    if column == "received_month":
        return row["received_on"].replace(day=1) if row.get("nhan_moi") else None
    if column == "end_month":
        return row["end_on"].replace(day=1) if row.get("ket_thuc") and row["end_on"] else None
    return row.get(column)


def list_columns(figure: Figure, rows: list[dict]):
    """The group's deciding columns, share only when some row counts in part."""
    columns = GROUP[figure.group].columns
    if all(Decimal(r["share"]) == 1 for r in rows):
        columns = tuple(c for c in columns if c.name != "share")
    return columns


def figure_text(ex: Explanation, figure: Figure, lines: list[Bieu06Row] | None = None) -> list[str]:
    """One figure: what it is, its value in the report, then its dossiers (code and deciding columns), ending
    with the line "N hồ sơ" (N = the value)."""
    data = ex.data
    period = period_of(figure, data)
    printed = value(figure, ex) if lines is None else lines_value(figure, lines)
    where = ""
    if lines is not None:
        where = " – dòng " + "; ".join(f"{line.nhom + ': ' if line.nhom else ''}{line.field_name}" for line in lines)
    out = [f"{figure.name}: {figure.label}{where}",
           f"{data.unit.issuer} ({data.unit.code}), {period.label} ({_window(period)}), {reading(data)}.",
           f"Đọc từ: {figure.source}.", ]
    if not figure.listed:
        return out + [f"Giá trị trong báo cáo: {shown(printed)}.",
                      f"Không có danh sách hồ sơ: {figure.not_listed}."]
    out += [f"Cách tính: {figure.rule}.", f"Giá trị trong báo cáo: {shown(printed)}.", ""]
    rows = members(figure, ex, lines)
    columns = list_columns(figure, rows)
    if rows:
        out += table([[c.header for c in columns]]
                     + [[cell_text(c.name, row_value(r, c.name)) for c in columns] for r in rows])
    unit = "PAKN" if figure.group == "pakn" else "hồ sơ"
    return out + [f"{vi.count(listed_total(figure, rows))} {unit}"]


def _json_number(number: Decimal | None):
    if number is None:
        return None
    return int(number) if number == number.to_integral_value() else float(number)


def _json_value(value):
    if isinstance(value, Decimal):
        return _json_number(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _period_json(period: PeriodInfo) -> dict:
    return {"code": period.code, "label": period.label, "first_day": period.first_day.isoformat(),
            "last_day": period.last_day.isoformat()}


def _head_json(data: ReportData) -> dict:
    return {"unit": {"code": data.unit.code, "name": data.unit.issuer}, "period": _period_json(data.period),
            "kpi_period": _period_json(data.kpi_period), "restated": data.restated}


def _figure_json(figure: Figure, ex: Explanation) -> dict:
    return {"name": figure.name, "label": figure.label, "group": figure.group,
            "value": _json_number(value(figure, ex)), "listed": figure.listed, "source": figure.source,
            "rule": figure.rule or None, "not_listed": figure.not_listed}


def figures_json(ex: Explanation) -> dict:
    return _head_json(ex.data) | {
        "figures": [_figure_json(figure, ex) for figure in ex.figures],
        "bieu06_lines": [{"group": line.nhom, "field": line.field_name, "codes": _codes(line),
                          **{c: _json_number(getattr(line, c)) for c in
                             ("tiep_nhan_tong", "tiep_nhan_truc_tuyen", "tiep_nhan_truc_tiep_bcci",
                              "tiep_nhan_ky_truoc", "da_giai_quyet_tong", "da_giai_quyet_truoc_han",
                              "da_giai_quyet_dung_han", "da_giai_quyet_qua_han", "dang_giai_quyet_tong",
                              "dang_giai_quyet_trong_han", "dang_giai_quyet_qua_han")}}
                         for line in field_lines(ex.data)]}


def figure_json(ex: Explanation, figure: Figure, lines: list[Bieu06Row] | None = None) -> dict:
    rows = members(figure, ex, lines)
    document = _head_json(ex.data) | {"figure": _figure_json(figure, ex)}
    if lines is not None:
        document["bieu06_lines"] = [{"group": line.nhom, "field": line.field_name, "codes": _codes(line)}
                                    for line in lines]
        document["figure"]["value"] = _json_number(lines_value(figure, lines))
    if not figure.listed:
        return document | {"count": None, "rows": []}
    columns = [c.name for c in GROUP[figure.group].columns]
    return document | {"count": _json_number(listed_total(figure, rows)),
                       "rows": [{c: _json_value(row_value(r, c)) for c in columns} for r in rows]}
