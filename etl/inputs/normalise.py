"""The normaliser of the filled workbook's cells (the report_input kind, etl/kinds.py): typed values and the flags
that expectations/report_input_rows.json checks, by the catalogue's rules (config/report_inputs.yaml) and the
period the workbook states.

As in every normaliser (etl/normalise.py), a bad value never raises here: its typed column stays empty and a flag
makes the cell a failure, reported with its place (``vi_tri``: sheet, row, label), the cell as the official reads
it (``hien_thi``: dates dd/mm/yyyy, numbers in vi-VN) and, for the rules that compare it with something, what it
was compared with (``so_sanh``). The rules across cells (done ≤ assigned) need the whole workbook, which its
reader gives as one chunk.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import numpy as np
import pandas as pd

from etl import vi
from etl.inputs.catalogue import YES_NO, Catalogue, catalogue
from etl.normalise import code_problems, control_characters, parse_dates
from etl.periods import Period

NUMBER_TYPES = ("so", "ty_le")
TEXT_TYPES = ("chu", "doan_van", "co_khong", "muc", "ma")
DATES_INSIDE_PERIOD = ("kiem_tra",)  # inspections of the period; the other lists' dates may be earlier, never later
VALUE_PARTS = ("thong_tin", "so_lieu")  # the parts of a workbook that are not lists (canonical column ``phan``)


def normalise_report_inputs(chunk: pd.DataFrame, load_date: date | None = None) -> pd.DataFrame:
    """Typed ``value_number`` / ``value_text`` / ``value_date``, ``carried``, ``ky_truoc`` (the previous period,
    whose workbook pre-filled the carried cells) and the flags of the suite; ``load_date`` is not used (the
    workbook's dates are bounded by its period)."""
    cat = catalogue()
    df = chunk.copy()
    kind, value = df["kieu"], df["gia_tri"]
    df["vi_tri"] = "trang '" + df["trang"] + "', dòng " + df["row_no"] + " (" + df["nhan"] + ")"
    df["hien_thi"] = value
    df["so_sanh"] = pd.Series(None, index=df.index, dtype=object)
    df["value_text"] = value.where(kind.isin(TEXT_TYPES))
    _numbers(df)
    _dates(df)
    _choices(df, cat)
    _limits(df, cat)
    _required(df, cat)
    _unit_code(df)
    df["ky_tu_dieu_khien"] = control_characters(df, ("gia_tri",))
    df["carried"] = df["lay_tu_ky_truoc"].eq("1")
    df["ky_truoc"] = df["ky_bao_cao"].map(lambda code: Period.from_code(code).previous().code)
    df["line_no"] = df["row_no"].astype(int)
    return df


def _required(df: pd.DataFrame, cat: Catalogue) -> None:
    """A required column of a list left empty on a row that has other columns filled."""
    required = {(entry.code, column.code) for entry in cat.lists for column in entry.columns if column.required}
    listed = pd.Series([key in required for key in zip(df["phan"], df["ma"])], index=df.index, dtype=bool)
    df["bat_buoc_trong"] = listed & df["gia_tri"].isna()


def _unit_code(df: pd.DataFrame) -> None:
    """The unit code written as the national lists write codes (etl.normalise.code_problems); ``so_sanh``: the
    characters that break it."""
    problems = code_problems(df["gia_tri"].where(df["kieu"].eq("ma")))
    df["ma_ky_tu_la"] = problems.notna()
    df["so_sanh"] = df["so_sanh"].where(problems.isna(), problems)


def _numbers(df: pd.DataFrame) -> None:
    """``so`` a whole number >= 0, ``ty_le`` 0–100: text in a number cell, a negative, a fraction of a count and
    a share out of range are flagged, each with its own reason."""
    kind, value = df["kieu"], df["gia_tri"]
    numeric = kind.isin(NUMBER_TYPES)
    number = pd.to_numeric(value.where(numeric), errors="coerce").astype("float64")
    number = number.where(np.isfinite(number))
    df["khong_phai_so"] = numeric & value.notna() & number.isna()
    df["so_am"] = number.lt(0)
    df["so_le"] = kind.eq("so") & number.notna() & (number != np.floor(number))
    df["ty_le_ngoai_khoang"] = kind.eq("ty_le") & number.gt(100)  # a negative one is "số âm"
    df.loc[number.notna(), "hien_thi"] = number[number.notna()].map(shown)
    good = number.notna() & ~(df["so_am"] | df["so_le"] | df["ty_le_ngoai_khoang"])  # a bad one bounds nothing
    df["value_number"] = value.where(good).map(Decimal, na_action="ignore")  # exact, as written


def shown(number: float) -> str:
    """A number as an official reads it, every decimal kept (vi-VN: 1.234,5)."""
    decimals = len(format(Decimal(repr(float(number))).normalize(), "f").partition(".")[2])
    return vi.number(number, decimals)


def _dates(df: pd.DataFrame) -> None:
    """Real dates; a list's dates not after the period's cut-off, an inspection's not before its first day."""
    is_date = df["kieu"].eq("ngay")
    parsed = parse_dates(df["gia_tri"].where(is_date))
    df["ngay_sai"] = is_date & df["gia_tri"].notna() & parsed.isna()
    df["value_date"] = parsed.dt.date.astype(object).where(parsed.notna(), None)
    df.loc[parsed.notna(), "hien_thi"] = parsed[parsed.notna()].dt.strftime("%d/%m/%Y")
    periods = {code: Period.from_code(code) for code in df["ky_bao_cao"].unique()}
    first = pd.to_datetime(df["ky_bao_cao"].map(lambda code: periods[code].first_day))
    last = pd.to_datetime(df["ky_bao_cao"].map(lambda code: periods[code].last_day))
    in_list = ~df["phan"].isin(VALUE_PARTS)
    df["ngay_sau_ky"] = in_list & parsed.notna() & (parsed.dt.normalize() > last)
    df["ngay_truoc_ky"] = df["phan"].isin(DATES_INSIDE_PERIOD) & parsed.notna() & (parsed.dt.normalize() < first)
    for i in df.index[df["ngay_sau_ky"]]:
        period = periods[df.at[i, "ky_bao_cao"]]
        df.at[i, "so_sanh"] = (f"{df.at[i, 'hien_thi']} — kỳ {period.label.lower()} chốt số liệu ngày "
                               f"{vi.day(period.last_day)}")
    for i in df.index[df["ngay_truoc_ky"]]:
        period = periods[df.at[i, "ky_bao_cao"]]
        df.at[i, "so_sanh"] = (f"{df.at[i, 'hien_thi']} — kỳ {period.label.lower()} bắt đầu từ ngày "
                               f"{vi.day(period.first_day)}")


def _choices(df: pd.DataFrame, cat: Catalogue) -> None:
    """Có/Không, a section code (``muc``) and the choices of a list column, compared by :func:`etl.vi.fold`
    (case, composition); the value kept in the catalogue's spelling. ``so_sanh`` of a wrong one: what may be
    chosen."""
    choices = {("so_lieu", item.code): ("co_khong_sai", YES_NO) for item in cat.items if item.type == "co_khong"}
    for entry in cat.lists:
        for column in entry.columns:
            if column.type == "muc":
                choices[(entry.code, column.code)] = ("muc_sai", cat.section_codes)
            elif column.type == "co_khong":
                choices[(entry.code, column.code)] = ("co_khong_sai", YES_NO)
            elif column.choices:
                choices[(entry.code, column.code)] = ("lua_chon_sai", column.choices)
    df["co_khong_sai"] = df["muc_sai"] = df["lua_chon_sai"] = False
    for (part, code), (flag, allowed) in choices.items():
        rows = df.index[df["phan"].eq(part) & df["ma"].eq(code) & df["gia_tri"].notna()]
        table = {vi.fold(choice): choice for choice in allowed}
        picked = df.loc[rows, "gia_tri"].map(lambda v: table.get(vi.fold(v)))
        df.loc[rows, "value_text"] = picked.where(picked.notna(), df.loc[rows, "gia_tri"])
        wrong = rows[picked.isna().to_numpy()]
        df.loc[wrong, flag] = True
        df.loc[wrong, "so_sanh"] = [f"ghi {df.at[i, 'gia_tri']} — chọn một trong: {', '.join(allowed)}"
                                    for i in wrong]


def _limits(df: pd.DataFrame, cat: Catalogue) -> None:
    """``max_of``: a number may not exceed the sum of the items (or, on a list row, the columns) it names, when
    they are all given as numbers (done ≤ assigned). ``so_sanh``: the sum and where it comes from."""
    limits = {("so_lieu", item.code): item.max_of for item in cat.items if item.max_of}
    limits |= {(entry.code, column.code): column.max_of for entry in cat.lists for column in entry.columns
               if column.max_of}
    df["vuot_gioi_han"] = False
    given = df[df["value_number"].notna()]
    cells = {(part, None if part in VALUE_PARTS else row, code): (number, row, label)
             for part, row, code, number, label in zip(given["phan"], given["row_no"], given["ma"],
                                                       given["value_number"], given["nhan"])}
    for i in given.index[[key in limits for key in zip(given["phan"], given["ma"])]]:
        part, row = df.at[i, "phan"], df.at[i, "row_no"]
        group = None if part in VALUE_PARTS else row
        bounds = [cells.get((part, group, code)) for code in limits[(part, df.at[i, "ma"])]]
        if any(bound is None for bound in bounds):
            continue  # not all given: nothing to compare with
        total = sum(number for number, _, _ in bounds)
        if df.at[i, "value_number"] > total:
            where = ", ".join(f"dòng {bound_row} – {label}" if group is None else label
                              for _, bound_row, label in bounds)
            df.at[i, "vuot_gioi_han"] = True
            df.at[i, "so_sanh"] = (f"{shown(df.at[i, 'value_number'])} > {shown(total)}"
                                   f"{' là tổng' if len(bounds) > 1 else ''} ở {where}")
