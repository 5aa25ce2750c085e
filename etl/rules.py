"""The suites of ``expectations/`` evaluated by the loader itself, with vectorised pandas/numpy operations.

The suites stay the single statement of the rules, written in Great Expectations' (GX Core 1.x) JSON; this
module reads them and gives, for a frame, exactly what GX gives (the equivalence tests run both on the same
frames): GX costs ~5 s to import and ~0.2 s per validation call on a small frame (1.2 s on a 50,000-row chunk,
where this engine takes ~0.1 s; bench/README.md, "Start-up"), which neither a command checking a 1,000-row file
nor a big load should pay.

A suite is named by its file in ``expectations/`` without ``.json`` (``"dossier_rows"``) or given as a Path.
Each expectation carries ``meta.rule`` (a stable rule name) and ``meta.reason`` (Vietnamese text for the
quarantine table); ``meta.value_column`` names the source column whose value the reason is about when the
expectation checks a derived column.

Only the expectation types and arguments below are understood (``SUPPORTED``); a suite stating anything
else raises ``RuleError`` naming the suite and the rule, never passes silently. GX's semantics, mirrored:
- the column-map types other than the two null checks ignore missing values (``isna``: None, NaN, NaT, pd.NA);
- ``to_match_regex`` is ``astype(str).str.contains(regex)``: a search anywhere in the value's text;
- ``to_be_in_set`` is ``Series.isin(value_set)`` (so ``0`` is in ``[False]``, as Python's ``0 == False``);
- ``to_be_between`` takes its bounds as floats (GX's pydantic model does), compares numeric and datetime
  columns vectorised and other columns value by value, where a text value against a number is an error;
- ``column_pair_values_a_to_be_greater_than_b`` drops the rows ``ignore_row_if`` says (default: both values
  missing), then ``A > B`` (``A >= B`` with ``or_equal``), so a pair left with a missing value fails.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

from etl.config import REPO_ROOT

EXPECTATIONS_DIR = REPO_ROOT / "expectations"
FAILURE_COLUMNS = ["position", "rule", "column_name", "value", "reason"]
PARAMETER = "$PARAMETER"  # {"$PARAMETER": name}: a value given at validation time (``parameters``)
IGNORE_ROW_IF = ("both_values_are_missing", "either_value_is_missing", "neither")


class RuleError(RuntimeError):
    """A suite states what this engine does not evaluate, or one of its rules cannot run on a frame."""


@dataclass(frozen=True)
class Rule:
    """One expectation of a suite."""

    suite: str  # the suite's name, for errors
    type: str  # the GX expectation type
    kwargs: dict
    name: str  # meta.rule
    reason: str  # meta.reason
    reported: str  # the column whose value a failure shows: meta.value_column, else column / column_A

    @property
    def columns(self) -> list[str]:
        """The columns the rule reads or reports."""
        names = [self.kwargs[k] for k in ("column", "column_A", "column_B") if k in self.kwargs]
        return list(dict.fromkeys(names + [self.reported]))

    def error(self, message: str) -> RuleError:
        return RuleError(f"bộ quy tắc {self.suite}, quy tắc {self.name} ({self.type}): {message}")


def suite_path(name: str | Path) -> Path:
    return name if isinstance(name, Path) else EXPECTATIONS_DIR / f"{name}.json"


# --- the checks: each returns the frame positions (ascending) of the rows the rule finds unexpected

def _not_null(rule: Rule, frame: pd.DataFrame, parameters: dict) -> np.ndarray:
    return np.flatnonzero(frame[rule.kwargs["column"]].isna().to_numpy())


def _null(rule: Rule, frame: pd.DataFrame, parameters: dict) -> np.ndarray:
    return np.flatnonzero(frame[rule.kwargs["column"]].notna().to_numpy())


def _present(rule: Rule, frame: pd.DataFrame) -> tuple[np.ndarray, pd.Series]:
    """The positions of the column's non-missing values, and those values: what GX's column-map checks see."""
    column = frame[rule.kwargs["column"]]
    present = np.flatnonzero(column.notna().to_numpy())
    return present, column.iloc[present]


def _in_set(rule: Rule, frame: pd.DataFrame, parameters: dict) -> np.ndarray:
    present, values = _present(rule, frame)
    value_set = _resolve(rule, "value_set", parameters)
    if not isinstance(value_set, list):
        raise rule.error(f"value_set phải là một danh sách, không phải {value_set!r}")
    return present[~values.isin(value_set).to_numpy(dtype=bool)]


def _match_regex(rule: Rule, frame: pd.DataFrame, parameters: dict) -> np.ndarray:
    present, values = _present(rule, frame)
    regex = _resolve(rule, "regex", parameters)
    if not isinstance(regex, str):
        raise rule.error(f"regex phải là một chuỗi, không phải {regex!r}")
    return present[~values.astype(str).str.contains(regex).to_numpy(dtype=bool)]


def _between(rule: Rule, frame: pd.DataFrame, parameters: dict) -> np.ndarray:
    low, high = (_bound(rule, key, parameters) for key in ("min_value", "max_value"))
    if low is None and high is None:
        raise rule.error("cần ít nhất một trong min_value, max_value")
    if low is not None and high is not None and low > high:
        raise rule.error("min_value lớn hơn max_value")
    present, values = _present(rule, frame)
    dtype = values.dtype
    if pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_datetime64_any_dtype(dtype):
        inside = np.ones(len(values), dtype=bool)
        if low is not None:
            inside &= (low <= values).to_numpy(dtype=bool)
        if high is not None:
            inside &= (values <= high).to_numpy(dtype=bool)
    else:  # text or mixed objects: value by value, as GX does, text against a number refused
        inside = np.fromiter((_between_value(rule, v, low, high) for v in values), dtype=bool, count=len(values))
    return present[~inside]


def _between_value(rule: Rule, value, low: float | None, high: float | None) -> bool:
    if isinstance(value, str):
        raise rule.error(f"giá trị dạng chữ {value!r} không so được với khoảng số")
    return bool((low is None or value >= low) and (high is None or value <= high))


def _pair_greater(rule: Rule, frame: pd.DataFrame, parameters: dict) -> np.ndarray:
    a, b = frame[rule.kwargs["column_A"]], frame[rule.kwargs["column_B"]]
    ignore_row_if = _resolve(rule, "ignore_row_if", parameters, "both_values_are_missing")
    if ignore_row_if not in IGNORE_ROW_IF:
        raise rule.error(f"ignore_row_if không hỗ trợ: {ignore_row_if!r}")
    missing_a, missing_b = a.isna().to_numpy(), b.isna().to_numpy()
    ignored = {"both_values_are_missing": missing_a & missing_b, "either_value_is_missing": missing_a | missing_b,
               "neither": np.zeros(len(frame), dtype=bool)}[ignore_row_if]
    kept = np.flatnonzero(~ignored)
    a, b = a.iloc[kept], b.iloc[kept]
    or_equal = _resolve(rule, "or_equal", parameters, None)
    if or_equal not in (True, False, None):
        raise rule.error(f"or_equal phải là true/false, không phải {or_equal!r}")
    greater = (a >= b) if or_equal else (a > b)
    return kept[~greater.to_numpy(dtype=bool)]


def _resolve(rule: Rule, key: str, parameters: dict, default=None):
    """An argument of the rule, a ``$PARAMETER`` reference replaced by the parameter's value."""
    value = rule.kwargs.get(key, default)
    if isinstance(value, dict):
        if set(value) != {PARAMETER}:
            raise rule.error(f"{key}: chỉ hỗ trợ tham chiếu {{\"{PARAMETER}\": tên}}, không phải {value!r}")
        if value[PARAMETER] not in parameters:
            raise rule.error(f"{key}: thiếu tham số {value[PARAMETER]!r}")
        return parameters[value[PARAMETER]]
    return value


def _bound(rule: Rule, key: str, parameters: dict) -> float | None:
    """A bound of ``to_be_between``: a number, as a float (GX's model coerces it so)."""
    value = _resolve(rule, key, parameters)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise rule.error(f"{key} phải là một số, không phải {value!r}")
    return float(value)


Check = Callable[[Rule, pd.DataFrame, dict], np.ndarray]
# type -> (check, the arguments it takes besides the column(s), the columns it names)
SUPPORTED: dict[str, tuple[Check, frozenset[str], tuple[str, ...]]] = {
    "expect_column_values_to_not_be_null": (_not_null, frozenset(), ("column",)),
    "expect_column_values_to_be_null": (_null, frozenset(), ("column",)),
    "expect_column_values_to_be_in_set": (_in_set, frozenset({"value_set"}), ("column",)),
    "expect_column_values_to_match_regex": (_match_regex, frozenset({"regex"}), ("column",)),
    "expect_column_values_to_be_between": (_between, frozenset({"min_value", "max_value"}), ("column",)),
    "expect_column_pair_values_a_to_be_greater_than_b": (
        _pair_greater, frozenset({"or_equal", "ignore_row_if"}), ("column_A", "column_B")),
}
REQUIRED = {"expect_column_values_to_be_in_set": {"value_set"}, "expect_column_values_to_match_regex": {"regex"}}
EXPECTATION_KEYS = {"type", "kwargs", "meta", "id", "notes", "description"}


@cache
def load(name: str | Path) -> tuple[Rule, ...]:
    """The rules of a suite, in its order, each checked to be one this engine evaluates."""
    path = suite_path(name)
    definition = json.loads(path.read_text(encoding="utf-8"))
    suite = definition.get("name") or path.stem
    rules = []
    for number, expectation in enumerate(definition.get("expectations", []), start=1):
        meta = expectation.get("meta") or {}
        kind, kwargs = expectation.get("type"), expectation.get("kwargs") or {}
        where = f"bộ quy tắc {suite}, quy tắc {meta.get('rule') or f'thứ {number}'} ({kind})"
        if kind not in SUPPORTED:
            raise RuleError(f"{where}: loại quy tắc chưa được bộ kiểm tra của kho hỗ trợ (etl/rules.py)")
        _, arguments, columns = SUPPORTED[kind]
        unknown = sorted(set(kwargs) - arguments - set(columns))
        missing = sorted((set(columns) | REQUIRED.get(kind, set())) - set(kwargs))
        extra_keys = sorted(set(expectation) - EXPECTATION_KEYS)
        if unknown or missing or extra_keys:
            raise RuleError(f"{where}: tham số không hỗ trợ {unknown + extra_keys} / thiếu {missing} "
                            f"(etl/rules.py)")
        if kind == "expect_column_values_to_be_between" and not {"min_value", "max_value"} & set(kwargs):
            raise RuleError(f"{where}: cần ít nhất một trong min_value, max_value")
        if not meta.get("rule") or not meta.get("reason"):
            raise RuleError(f"{where}: thiếu meta.rule hoặc meta.reason")
        reported = meta.get("value_column") or kwargs.get("column") or kwargs.get("column_A")
        rules.append(Rule(suite, kind, kwargs, meta["rule"], meta["reason"], reported))
    return tuple(rules)


def unexpected(rule: Rule, frame: pd.DataFrame, parameters: dict | None = None) -> np.ndarray:
    """The positions in ``frame`` of the rows ``rule`` finds unexpected, ascending."""
    missing = [c for c in rule.columns if c not in frame.columns]
    if missing:
        raise rule.error(f"khung dữ liệu thiếu cột {missing}")
    try:
        return SUPPORTED[rule.type][0](rule, frame, parameters or {})
    except RuleError:
        raise
    except (TypeError, ValueError) as error:  # what the comparison itself refuses (GX: raised_exception)
        raise rule.error(f"{type(error).__name__}: {error}") from error


def row_failures(frame: pd.DataFrame, suite_name: str | Path, parameters: dict | None = None) -> pd.DataFrame:
    """One row per (failing row, rule), FAILURE_COLUMNS: by rule in the suite's order, then by position
    (``position``: the row's position in ``frame``); ``value`` is the text of the reported column's value."""
    found: list[tuple] = []
    for rule in load(suite_name):
        positions = unexpected(rule, frame, parameters)
        if len(positions) == 0:
            continue
        values = frame[rule.reported].iloc[positions]
        found.extend((int(p), rule.name, rule.reported, None if pd.isna(v) else str(v), rule.reason)
                     for p, v in zip(positions, values))
    return pd.DataFrame(found, columns=FAILURE_COLUMNS)
