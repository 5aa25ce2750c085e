"""The loader's own engine for the suites of expectations/ (etl/rules.py) against Great Expectations, the reference:
on tiny frames, each expectation type's edge cases; on the bad-input corpus (and the other fixtures, every kind),
the same failures frame — same rows, rules, columns, values, order — as GX gives. GX is imported once (~5 s)."""
from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from conftest import FIXTURES
from etl.canonical import SourceError
from etl.inputs import layout
from etl.inputs.template import write_workbook
from etl.kinds import EXPORT_KINDS
from etl.periods import Period
from etl.pipeline import detect
from etl.rules import SUPPORTED, RuleError, load
from etl.validate import EXPECTATIONS_DIR, batch_failures, row_failures
from test_bad_corpus import LOAD_DATE, NOT_CASES, make_generated


def write_suite(folder: Path, *expectations: dict, name: str = "probe") -> Path:
    """A suite file of the given expectations (type, kwargs), each with its rule and reason."""
    path = folder / f"{name}_{len(list(folder.glob('*.json')))}.json"
    path.write_text(json.dumps({"name": name, "expectations": [
        {"type": e["type"], "kwargs": e["kwargs"],
         "meta": {"rule": f"r{n}", "reason": f"lý do {n}", **e.get("meta", {})}}
        for n, e in enumerate(expectations)]}), encoding="utf-8")
    return path


def expect(kind: str, meta: dict | None = None, **kwargs) -> dict:
    """One expectation: ``kind`` without its ``expect_column_`` prefix."""
    return {"type": f"expect_column_{kind}", "kwargs": kwargs, "meta": meta or {}}


def both(frame: pd.DataFrame, suite: Path) -> pd.DataFrame:
    """The failures of the engine, checked to equal GX's exactly (or both engines refuse the frame)."""
    try:
        expected = row_failures(frame, suite, engine="gx")
    except RuntimeError as gx_error:
        with pytest.raises(RuleError):
            row_failures(frame, suite)
        return gx_error
    found = row_failures(frame, suite)
    pd.testing.assert_frame_equal(found, expected)
    return found


def failing(frame: pd.DataFrame, suite: Path, rule: str = "r0") -> list[int]:
    found = both(frame, suite)
    return found.loc[found["rule"] == rule, "position"].tolist()


TEXTS = pd.Series(["1", "12a", "", None, np.nan, pd.NA, 1, 1.0, 12.5, True, False, "١٢٣", " 7", "10"], dtype=object)


@pytest.mark.parametrize("kind, positions", [("values_to_not_be_null", [3, 4, 5]),
                                             ("values_to_be_null", [0, 1, 2, 6, 7, 8, 9, 10, 11, 12, 13])])
def test_null_checks_see_none_nan_and_na_as_missing_and_empty_text_as_a_value(tmp_path, kind, positions):
    frame = pd.DataFrame({"c": TEXTS, "when": pd.to_datetime(["2024-01-01", None] * 7),
                          "n": pd.array([1, None] * 7, dtype="Int64"), "s": pd.Series(["a", None] * 7, dtype="str")})
    suite = write_suite(tmp_path, *(expect(kind, column=c) for c in ("c", "when", "n", "s")))
    assert failing(frame, suite) == positions
    assert failing(frame, suite, "r1") == failing(frame, suite, "r2") == failing(frame, suite, "r3") == (
        list(range(1, 14, 2)) if kind.endswith("not_be_null") else list(range(0, 14, 2)))


def test_regex_searches_the_text_of_any_value_and_skips_missing_ones(tmp_path):
    frame = pd.DataFrame({"c": TEXTS, "s": TEXTS.astype("str")})
    suite = write_suite(tmp_path, *(expect("values_to_match_regex", column=c, regex=r)
                                    for c in ("c", "s") for r in ("[^0-9]", "^[0-9]{2,5}$")))
    assert failing(frame, suite, "r0") == [0, 2, 6, 13]  # no non-digit: "1", "", 1, "10" (1.0 is "1.0": a dot)
    assert failing(frame, suite, "r1") == [0, 1, 2, 6, 7, 8, 9, 10, 11, 12]  # Arabic-Indic digits are not [0-9]
    assert failing(frame, suite, "r2") == failing(frame, suite, "r0")


def test_in_set_is_isin_numbers_and_bools_meet_as_python_compares_them(tmp_path):
    frame = pd.DataFrame({
        "c": TEXTS,
        "flag": pd.Series([False, True] * 7),
        "mixed": pd.Series([False, 0, 0.0, True, None, "False", np.False_, np.nan, 1, "", pd.NA, "0", -0.0, 2],
                           dtype=object),
        "nullable": pd.array([False, True, None] * 4 + [False, False], dtype="boolean")})
    suite = write_suite(tmp_path, expect("values_to_be_in_set", column="c", value_set=["1", "2"]),
                        *(expect("values_to_be_in_set", column=c, value_set=[False])
                          for c in ("flag", "mixed", "nullable")))
    assert failing(frame, suite, "r0") == [1, 2, 6, 7, 8, 9, 10, 11, 12, 13]  # 1 and True are not "1"
    assert failing(frame, suite, "r1") == list(range(1, 14, 2))
    assert failing(frame, suite, "r2") == [3, 5, 8, 9, 11, 13]  # 0, 0.0, -0.0 and np.False_ are False
    assert failing(frame, suite, "r3") == [1, 4, 7, 10]


def test_between_compares_numbers_vectorised_and_refuses_text_against_numbers(tmp_path):
    numbers = [-1, 0, 99, 99.5, np.nan, np.inf, -np.inf, 5]
    frame = pd.DataFrame({"f": pd.Series(numbers, dtype="float64"),
                          "i": pd.Series([-1, 0, 99, 100, 7, 8, 9, 5], dtype="int64"),
                          "n": pd.array([-1, 0, 99, 100, None, 8, None, 5], dtype="Int64"),
                          "b": pd.Series([True, False] * 4),
                          "o": pd.Series([-1, 0, 99, Decimal("99.5"), None, 1e20, False, 5], dtype=object),
                          "f32": pd.Series(numbers, dtype="float32")})
    suite = write_suite(tmp_path, *(
        expect("values_to_be_between", column=c, **bounds) for c in ("f", "i", "n", "b", "o", "f32")
        for bounds in ({"min_value": 0, "max_value": 99}, {"min_value": 0}, {"max_value": 0.5})))
    found = both(frame, suite)
    by_rule = found.groupby("rule")["position"].apply(list).to_dict()
    assert by_rule["r0"] == [0, 3, 5, 6] and by_rule["r1"] == [0, 6] and by_rule["r2"] == [2, 3, 5, 7]
    assert by_rule["r12"] == [0, 3, 5]  # Decimal("99.5") > 99.0, 1e20 too; False is 0
    assert found.loc[found["rule"] == "r12", "value"].tolist() == ["-1", "99.5", "1e+20"]
    for column, values in (("text", ["5", 3]), ("when", pd.to_datetime(["2024-01-01", "2024-02-01"])),
                           ("s", pd.Series(["5", "6"], dtype="str"))):
        refused = write_suite(tmp_path, expect("values_to_be_between", column=column, min_value=0))
        assert isinstance(both(pd.DataFrame({column: values}), refused), RuntimeError)


def test_pair_greater_drops_the_rows_ignore_row_if_says_and_fails_the_rest_with_a_missing_value(tmp_path):
    day = pd.Timestamp("2024-03-01")
    a = pd.Series([day, day, pd.NaT, pd.NaT, day - pd.Timedelta(seconds=1), day + pd.Timedelta(days=1)])
    b = pd.Series([day, pd.NaT, day, pd.NaT, day, day])
    frame = pd.DataFrame({"a": a, "b": b, "x": [1.0, np.nan, 3.0, np.nan, 0.0, 9.0],
                          "y": [1.0, 2.0, np.nan, np.nan, 1.0, 1.0], "shown": list("uvwxyz")})
    suite = write_suite(tmp_path, *(
        expect("pair_values_a_to_be_greater_than_b", {"value_column": "shown"}, column_A=a, column_B=b, **extra)
        for a, b in (("a", "b"), ("x", "y"))
        for extra in ({"or_equal": True, "ignore_row_if": "either_value_is_missing"},
                      {"or_equal": True}, {"ignore_row_if": "neither"}, {"or_equal": False,
                                                                        "ignore_row_if": "both_values_are_missing"})))
    found = both(frame, suite)
    by_rule = found.groupby("rule")["position"].apply(list).to_dict()
    assert by_rule["r0"] == [4]
    assert by_rule["r1"] == [1, 2, 4]  # one value missing: compared, and NaT never compares greater
    assert by_rule["r2"] == [0, 1, 2, 3, 4]
    assert by_rule["r4"] == by_rule["r0"] and by_rule["r6"] == by_rule["r2"]
    assert found.loc[found["rule"] == "r0", ["column_name", "value"]].values.tolist() == [["shown", "y"]]
    nullable = pd.DataFrame({"a": pd.array([1, None], dtype="Int64"), "b": pd.array([0, 1], dtype="Int64")})
    refused = write_suite(tmp_path, expect("pair_values_a_to_be_greater_than_b", column_A="a", column_B="b",
                                           ignore_row_if="neither"))
    assert isinstance(both(nullable, refused), RuntimeError)  # NA > 1 is NA, which neither engine takes as an answer


def test_the_value_shown_is_the_text_of_the_reported_column_and_none_when_missing(tmp_path):
    frame = pd.DataFrame({"flag": [True, True, False, True], "raw": ["31/02/2024", None, "x", 20240101],
                          "when": pd.to_datetime(["2024-01-01 08:00", None, None, None])})
    suite = write_suite(tmp_path, expect("values_to_be_in_set", {"value_column": "raw"}, column="flag",
                                         value_set=[False]),
                        expect("values_to_be_null", column="when"))
    found = both(frame, suite)
    assert [[p, r, c, None if pd.isna(v) else v] for p, r, c, v in found.drop(columns="reason").values] == [
        [0, "r0", "raw", "31/02/2024"], [1, "r0", "raw", None], [3, "r0", "raw", "20240101"],
        [0, "r1", "when", "2024-01-01 08:00:00"]]


def test_an_empty_frame_and_a_frame_with_another_index(tmp_path):
    suite = EXPECTATIONS_DIR / "unit_rows.json"
    frame = pd.DataFrame({c: pd.Series([], dtype=object) for rule in load(suite) for c in rule.columns})
    assert both(frame, suite).empty
    frame = pd.DataFrame({"c": [None, "x", None]}, index=[10, 5, 7])
    assert failing(frame, write_suite(tmp_path, expect("values_to_not_be_null", column="c"))) == [0, 2]


@pytest.mark.parametrize("stats, reasons", [
    ({"rows_read": 10, "bad_row_share": 0.2}, []),
    ({"rows_read": 10, "bad_row_share": 0.25}, ["ty_le_dong_loi"]),
    ({"rows_read": 0, "bad_row_share": 0.0}, ["tep_co_du_lieu"]),
    ({"rows_read": 0, "bad_row_share": 1.0}, ["tep_co_du_lieu", "ty_le_dong_loi"])])
def test_batch_rules_with_their_parameter(stats, reasons):
    found = batch_failures(stats, max_bad_row_share=0.2)
    assert found == batch_failures(stats, engine="gx", max_bad_row_share=0.2)
    assert [reason.rsplit("quy tắc ", 1)[1].rstrip(")") for reason in found] == reasons
    with pytest.raises(RuleError, match="thiếu tham số 'max_bad_row_share'"):
        batch_failures(stats)


def test_what_the_engine_does_not_know_is_refused_naming_the_suite_and_rule(tmp_path):
    unknown_type = write_suite(tmp_path, expect("values_to_be_unique", column="c"))
    with pytest.raises(RuleError, match=r"bộ quy tắc probe, quy tắc r0 \(expect_column_values_to_be_unique\)"):
        load(unknown_type)
    for kwargs in ({"column": "c", "mostly": 0.9}, {"column": "c", "row_condition": "c > 1"}, {}):
        path = write_suite(tmp_path, expect("values_to_not_be_null", **kwargs))
        with pytest.raises(RuleError, match="quy tắc r0"):
            load(path)
    for kwargs in ({"column": "c", "min_value": 0, "strict_min": True}, {"column": "c"},
                   {"column": "c", "min_value": "2024-01-01"}):
        with pytest.raises(RuleError, match="quy tắc r0"):
            row_failures(pd.DataFrame({"c": [1]}), write_suite(tmp_path, expect("values_to_be_between", **kwargs)))
    with pytest.raises(RuleError, match="thiếu cột"):
        row_failures(pd.DataFrame({"c": [1]}), write_suite(tmp_path, expect("values_to_be_null", column="d")))


def test_every_suite_uses_only_what_the_engine_supports():
    used = {rule.type for path in EXPECTATIONS_DIR.glob("*.json") for rule in load(path)}
    assert used == set(SUPPORTED)  # a type no suite uses is code without a test against the real suites


# ------------------------------------------------------------------------------ the pin on the bad-input corpus

def bad_lineage(folder: Path) -> Path:
    """The reorganisation list of tests/fixtures/history with rows that break each lineage rule."""
    text = (FIXTURES / "history" / "sap-xep-dvhc-2025.csv").read_text(encoding="utf-8")
    rows = ["6,15895,Xã A,,16906,Xã B,000.60.00.H56,01/07/2025,100,x",  # no old code
            "7,15895,Xã A,000.31.27.H56,16906,Xã B,000.60.00.H56,31/02/2025,100,x",  # no such day
            "8,15895,Xã A,000.31.27.H56,16906,Xã B,000.60.00.H56,01/07/2025,120,x",  # share over 100
            "9,15895,Xã A,000.31.27.H56,16906,Xã B,000.60.00.H56,01/07/1890,abc,x",
            "10,15895,Xã A,000.31.27.Н56,1690б,Xã B,000.60.00.H56,,100,x",  # Cyrillic letters, no date
            "11,15895,Xã\x07 A,000.31.27.H56,16906,Xã B,000.60.00.H56 ,01/07/2025,0,x"]
    path = folder / "sap-xep-dvhc-loi.csv"
    path.write_text(text.rstrip("\n") + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def bad_workbook(folder: Path) -> Path:
    """A fill-in workbook of the small unit list with cells that break the report-input rules."""
    period = Period.from_code("nam:2025")
    values = {"so_van_ban_cchc": "mười hai", "nhiem_vu_giao": 38, "nhiem_vu_hoan_thanh": 40, "can_bo": 4.5,
              "khao_sat_hai_long": 120, "bao_cao_dung_han": "Co", "ngay_lap": date(2026, 1, 1)}
    lists = {"van_ban": [{"so_ky_hieu": "01/QĐ", "ngay": date(2025, 12, 31), "loai": "Tờ trình",
                          "trich_yeu": "x", "muc": "V.9"}],
             "kiem_tra": [{"doi_tuong": "x", "ngay": date(2024, 1, 1), "ton_tai": 2, "da_khac_phuc": 3}]}
    return write_workbook(folder / layout.file_name("000.35.27.H56", period.code), unit_code="000.35.27.H56",
                          unit_name="Xã Hoằng Cát", period=period, values=values, lists=lists)


def corpus_frames(folder: Path) -> dict[str, list[pd.DataFrame]]:
    """Every file of the corpus that reads, normalised as a load would (etl.load.prepare), by kind."""
    made = folder / "made"
    made.mkdir()
    make_generated(made)
    files = [(p, LOAD_DATE) for p in sorted((FIXTURES / "bad").iterdir()) if p.name not in NOT_CASES]
    files += [(p, LOAD_DATE) for p in sorted(made.iterdir()) + sorted((FIXTURES / "small").iterdir())]
    files += [(p, date(2025, 12, 20)) for p in sorted((FIXTURES / "history").iterdir())]
    files += [(FIXTURES / "messy" / "so-theo-doi-ho-so.xls", LOAD_DATE), (bad_lineage(folder), date(2025, 12, 20)),
              (bad_workbook(folder), date(2025, 12, 20))]
    frames: dict[str, list[pd.DataFrame]] = {}
    for path, load_date in files:
        job = detect(path)
        if job.format is None:
            continue
        try:
            chunks = list(job.format.read(path, chunk_rows=50_000))
        except SourceError:  # unreadable: the file fails before validation (tests/test_bad_corpus.py pins how)
            continue
        for chunk in chunks:
            frame = job.kind.normalise(chunk.reset_index(drop=True), load_date=load_date)
            if len(frame):
                frames.setdefault(job.kind.name, []).append(frame.assign(source_file=path.name))
    return frames


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, pd.DataFrame]:
    """The corpus by kind, one frame each (GX costs ~0.3 s a call whatever the frame's size)."""
    return {kind: pd.concat(parts, ignore_index=True)
            for kind, parts in corpus_frames(tmp_path_factory.mktemp("corpus")).items()}


def test_the_corpus_covers_every_kind_and_every_rule_type(corpus):
    assert set(corpus) == set(EXPORT_KINDS)
    failing_types = set()
    for kind, frame in corpus.items():
        rules_ = {r.name: r.type for r in load(EXPORT_KINDS[kind].suite)}
        failing_types |= {rules_[r] for r in row_failures(frame, EXPORT_KINDS[kind].suite)["rule"]}
    assert failing_types == set(SUPPORTED)


@pytest.mark.parametrize("kind", sorted(EXPORT_KINDS))
def test_the_engine_quarantines_what_gx_quarantines_on_the_corpus(corpus, kind):
    frame, suite = corpus[kind], EXPORT_KINDS[kind].suite
    expected = row_failures(frame, suite, engine="gx")
    found = row_failures(frame, suite)
    pd.testing.assert_frame_equal(found, expected)
    assert len(found) > 0 and found["position"].nunique() < len(frame)  # failing rows and passing rows
