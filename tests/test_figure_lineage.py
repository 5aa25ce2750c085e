"""Figure-level lineage (issue 12) on the sample province: for every unit that gets a report of the year 2025, every
figure the report prints that counts dossiers is the sum of the shares of the dossiers its list names
(mart.figure_dossiers*, migration 0023), exactly as the report model has it, and every cell of its Biểu 06
workbook too (read back from the file); the chi-tiet workbook lists the same; the analyst role may call the
functions, which read no personal data."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import psycopg
import pytest
from openpyxl import load_workbook

from etl.db import connect
from etl.marts import refresh_for_report
from etl.periods import Period
from etl.reports.bieu06_xlsx import FIRST_DATA_ROW, write_bieu06_xlsx
from etl.reports.chi_tiet_xlsx import file_name, write_chi_tiet
from etl.reports.config import report_config
from etl.reports.data import gather, report_units
from etl.reports.explain import field_lines, lineage, listed_total, members, select_lines, value
from etl.reports.figures import BIEU06_COLUMNS, GROUPS

PERIOD = "nam:2025"  # a year across the 01/07/2025 reorganisation: restated and split units, abolished ones
CENT = Decimal("0.01")


@pytest.fixture(scope="module")
def explained(history_sample, tmp_path_factory):
    """[(explanation, Biểu 06 workbook)] for every unit the sample's reports of the year go to, in the reading
    `cchc report` uses, and the province as the units were."""
    url, _ = history_sample
    out = tmp_path_factory.mktemp("lineage")
    made = []
    with connect(url) as conn:
        period = Period.from_code(PERIOD)
        refresh_for_report(conn, period, list(report_config().certification_fields))
        conn.commit()
        units = report_units(conn, period)
        for unit, restated in [(unit, None) for unit in units] + [(units[0], False)]:
            data = gather(conn, unit, period, restated=restated)
            made.append((lineage(conn, data), write_bieu06_xlsx(data, out / f"{unit}-{data.restated}.xlsx")))
    assert len(made) > 20
    return made


def test_every_listed_figure_adds_up_to_what_the_report_prints(explained):
    checked = listed = 0
    for ex, _ in explained:
        for figure in ex.figures:
            if not figure.listed:
                assert figure.not_listed, figure.name
                continue
            total, printed = listed_total(figure, members(figure, ex)), value(figure, ex)
            where = (ex.data.unit.code, ex.data.restated, figure.name)
            if printed is None:  # a QĐ 766 indicator without a dossier in the period (khong_phat_sinh)
                assert figure.group == "kpi766" and total == 0, where
            elif figure.group == "kpi766":  # mart.kpi_766 keeps 2 decimals
                assert total.quantize(CENT) == printed, where
            else:
                assert total == printed, where
            checked += 1
            listed += total > 0
    assert checked > 2500 and listed > 1000


def test_the_sample_has_what_the_rules_distinguish(explained):
    """The checks above cover every kind of dossier: carried over, withdrawn, overdue both ways, no due date,
    shares of split units, postal, online payment, electronic results, QĐ 766 on-time and late."""
    def total(name: str) -> Decimal:
        return sum((listed_total(f, members(f, ex)) for ex, _ in explained for f in ex.figures if f.name == name),
                   Decimal(0))

    for name in ("tiep_nhan.ky_truoc", "giai_quyet.rut_dung", "giai_quyet.qua_han",
                 "dang_giai_quyet.trong_han", "tiep_nhan.bcci", "buu_chinh.tra_ket_qua", "thanh_toan_truc_tuyen.tu_so",
                 "so_hoa_ket_qua.tu_so", "tiep_nhan.chung_thuc", "kpi766.dossier_on_time.tu_so"):
        assert total(name) > 0, name
    late_766 = total("kpi766.dossier_on_time.mau_so") - total("kpi766.dossier_on_time.tu_so")
    assert late_766 > 0
    shares = {Decimal(r["share"]) for ex, _ in explained for r in ex.rows["ho_so"]}
    assert Decimal(1) in shares


def test_every_bieu06_cell_adds_up_in_the_workbook(explained):
    """Each line of the form (fields, group headings, the total) and each of its 11 columns: the dossiers listed
    for the cell add up to the number in the report model and in the cell of the workbook."""
    cells = 0
    for ex, xlsx in explained:
        data = ex.data
        sheet = load_workbook(xlsx).active
        rows = list(sheet.iter_rows(min_row=FIRST_DATA_ROW, max_row=FIRST_DATA_ROW + len(data.bieu06) - 1,
                                    max_col=13, values_only=True))
        fields = {(line.nhom, line.field_name): line for line in field_lines(data)}
        for line, cells_of_line in zip(data.bieu06, rows):
            assert cells_of_line[1] == line.field_name
            if line.kind == "field":
                chosen = [line]
            elif line.kind == "total":
                chosen = list(fields.values())
            else:  # a heading: the lines of its group (a level heading: its agencies' too)
                chosen = select_lines(data, None, line.nhom)
            for (column, _, _), cell in zip(BIEU06_COLUMNS, cells_of_line[2:]):
                figure = next(f for f in ex.figures if f.name == f"bieu06.{column}")
                listed = listed_total(figure, members(figure, ex, chosen))
                assert listed == getattr(line, column) == Decimal(str(cell)), (data.unit.code, line, column)
                cells += 1
            if line.kind == "field" and line.field_code:  # chosen by code as --field does
                for code in line.field_code.split(", "):
                    by_code = select_lines(data, code, line.nhom)
                    assert (line.nhom, line.field_name) in {(x.nhom, x.field_name) for x in by_code}
    assert cells > 2000


def test_the_chi_tiet_workbook_lists_the_same(explained, tmp_path):
    """The bundle's workbook of the province and of a commune: a legend, one sheet per group with the header
    frozen and filtered, dates as dates, codes as text, no personal data, and each figure's column adding up to
    its value in the report."""
    province = next(ex for ex, _ in explained if ex.data.unit.level == "tinh")
    commune = next(ex for ex, _ in explained if ex.data.unit.level == "xa")
    for ex in (province, commune):
        path = write_chi_tiet(ex, tmp_path / file_name(ex.data))
        assert path.name == f"chi-tiet_{ex.data.unit.code}_nam-2025.xlsx"
        wb = load_workbook(path, read_only=True)
        assert wb.sheetnames == ["Giải thích", "Tiếp nhận", "Đã giải quyết", "Đang giải quyết", "Trực tuyến",
                                 "Thanh toán", "Số hóa", "Bưu chính", "QĐ 766"]
        legend = {row[0]: row for row in wb["Giải thích"].iter_rows(min_row=5, values_only=True) if row[0]}
        for group in (g for g in GROUPS if g.in_workbook and g.code != "pakn"):
            header, *rows = list(wb[group.title].iter_rows(values_only=True))
            columns = [c for c in group.columns if c.name != "share"]
            assert list(header) == [c.header for c in columns] + [f.header for f in group.flags]
            assert not any(word in " ".join(header).lower()
                           for word in ("họ tên", "chủ hồ sơ", "điện thoại", "email", "giấy tờ", "địa chỉ", "cccd"))
            code, received = header.index("Mã hồ sơ"), header.index("Ngày tiếp nhận")
            assert all(isinstance(r[code], str) and isinstance(r[received], datetime) for r in rows)
            sums = {f.name: sum((Decimal(str(r[len(columns) + i])) for r in rows
                                 if len(r) > len(columns) + i and r[len(columns) + i] is not None), Decimal(0))
                    for i, f in enumerate(group.flags)}
            for figure in ex.figures:
                if figure.group == group.code and len(figure.flags) == 1 and figure.month is None:
                    assert Decimal(str(legend[figure.name][2] or 0)).quantize(CENT) == \
                        sums[figure.flags[0]].quantize(CENT), (ex.data.unit.code, figure.name)
                    assert legend[figure.name][3] == group.title
        assert legend["tiep_nhan.tong"][2] == ex.data.summary.tiep_nhan_tong
        wb.close()
    full = load_workbook(tmp_path / file_name(commune.data))
    for group in (g for g in GROUPS if g.in_workbook and g.code != "pakn"):
        ws = full[group.title]
        assert ws.freeze_panes == "A2" and ws.auto_filter.ref == f"A1:{ws.cell(1, ws.max_column).column_letter}" \
                                                                 f"{ws.max_row}"


def test_analyst_calls_each_function_and_gets_the_groups_of_the_whole(history_sample, explained):
    """The group functions are the rows of mart.figure_dossiers in the group, for the analyst role too; the
    functions read no personal data (schema restricted) and PUBLIC may not call them."""
    url, _ = history_sample
    ex = next(ex for ex, _ in explained if ex.data.unit.level == "tinh")
    key = (ex.data.unit.code, ex.data.period.first_day, ex.data.period.last_day, ex.data.restated)
    with psycopg.connect(url, autocommit=True) as conn:
        assert conn.execute("SELECT count(*), count(*) FILTER (WHERE has_function_privilege('analyst', p.oid, "
                            "'EXECUTE')), count(*) FILTER (WHERE p.prosrc ~ 'restricted\\.'), count(*) FILTER "
                            "(WHERE p.prosecdef), count(*) FILTER (WHERE p.provolatile <> 's'), count(*) FILTER "
                            "(WHERE obj_description(p.oid, 'pg_proc') LIKE '%Example: SELECT%') "
                            "FROM pg_proc p WHERE p.pronamespace = 'mart'::regnamespace "
                            "AND p.proname LIKE 'figure\\_%'").fetchone() == (11, 11, 0, 0, 0, 11)
        assert conn.execute("SELECT bool_or(a.grantee = 0) FROM pg_proc p, aclexplode(p.proacl) a "
                            "WHERE p.proname = 'figure_dossiers'").fetchone() == (False,)
        conn.execute("SET ROLE analyst")
        base = ex.rows["ho_so"]
        for group in GROUPS:
            if group.source != "ho_so":
                continue
            flags = [f.name for f in group.flags]
            cursor = conn.execute(f"SELECT * FROM {group.function}(%s, %s, %s, %s) ORDER BY dossier_code", key)
            names = [c.name for c in cursor.description]
            got = [tuple(row[names.index(f)] for f in ["dossier_code", *flags]) for row in cursor]
            want = [tuple(r[f] for f in ["dossier_code", *flags]) for r in base if any(r[f] for f in flags)]
            assert got == want and got, group.code
        kpi = conn.execute("SELECT dossier_code, dung_han_766 FROM mart.figure_dossiers_kpi766(%s, %s, %s, %s) "
                           "ORDER BY dossier_code",
                           (key[0], ex.data.kpi_period.first_day, ex.data.kpi_period.last_day, key[3])).fetchall()
        assert kpi == [(r["dossier_code"], r["dung_han_766"]) for r in ex.rows["kpi766"]]
        assert conn.execute("SELECT count(*) FROM mart.figure_petitions(%s, %s, %s, %s)", key).fetchone() == (0,)
