"""The suites of ``expectations/`` applied to pandas frames: row rules (``row_failures``) and file rules
(``batch_failures``).

The suites are the rules, written in Great Expectations' JSON. The loader evaluates them with its own
vectorised engine (etl/rules.py, the default ``engine="rules"``); Great Expectations (GX Core 1.x) stays the
reference, ``engine="gx"``, which the equivalence tests run on the same frames (tests/test_rules_engine.py).
GX is imported only when that engine is asked for: its import takes ~5 s.

A suite is named by its file in ``expectations/`` without ``.json`` (``"dossier_rows"``) or given as a Path.
Each expectation carries ``meta.rule`` (a stable rule name) and ``meta.reason`` (Vietnamese text for the
quarantine table); ``meta.value_column`` names the source column whose value the reason is about when
the expectation checks a derived column.
"""
from __future__ import annotations

import json
import logging
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import pandas as pd

from etl import rules
from etl.config import disable_gx_analytics
from etl.rules import EXPECTATIONS_DIR, FAILURE_COLUMNS  # noqa: F401 (part of this module's interface)

if TYPE_CHECKING:
    import great_expectations as gx

Engine = Literal["rules", "gx"]


def row_failures(frame: pd.DataFrame, suite_name: str | Path, *, engine: Engine = "rules") -> pd.DataFrame:
    """One row per (failing row, rule), FAILURE_COLUMNS: ``position`` is the row's position in ``frame``,
    by rule in the suite's order, then by position."""
    if engine == "gx":
        return _gx_row_failures(frame, suite_name)
    return rules.row_failures(frame, suite_name)


def batch_failures(stats: dict, suite_name: str = "file_batch", *, engine: Engine = "rules",
                   **parameters) -> list[str]:
    """Reasons (Vietnamese) why a whole file fails, empty when it passes. ``stats``: one row of file statistics;
    ``parameters``: the values of the suite's ``$PARAMETER`` references (``max_bad_row_share``)."""
    frame = pd.DataFrame([stats])
    if engine == "gx":
        failing = _gx_batch_rules(frame, suite_name, parameters)
    else:
        failing = [(rule.name, rule.reason, rule.kwargs["column"]) for rule in rules.load(suite_name)
                   if len(rules.unexpected(rule, frame, parameters))]
    return [f"{reason} ({column} = {stats[column]}, quy tắc {rule})" for rule, reason, column in failing]


# --- Great Expectations, the reference engine

@cache
def _gx():
    """Great Expectations, imported on the first validation that asks for it: its import takes ~5 s."""
    disable_gx_analytics()
    logging.getLogger("great_expectations").setLevel(logging.WARNING)  # its INFO lines (import, context) drown task logs
    import great_expectations

    logging.getLogger("great_expectations.data_context.types.base").setLevel(logging.WARNING)  # it sets INFO on itself
    return great_expectations


@cache
def _batch_definition():
    gx = _gx()  # first: it quiets GX's loggers before GX is imported
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    asset = context.data_sources.add_pandas("frames").add_dataframe_asset("frame")
    return context, asset.add_batch_definition_whole_dataframe("whole_frame")


@cache
def suite(name: str | Path) -> gx.ExpectationSuite:
    """The suite as a GX ExpectationSuite (the reference engine)."""
    context, _ = _batch_definition()
    definition = json.loads(rules.suite_path(name).read_text(encoding="utf-8"))
    return context.suites.add_or_update(_gx().ExpectationSuite(**definition))  # a name and its Path: one suite


def _validate(frame: pd.DataFrame, expectations: gx.ExpectationSuite, parameters: dict | None = None):
    _, batch_definition = _batch_definition()
    batch = batch_definition.get_batch(batch_parameters={"dataframe": frame})
    return batch.validate(expectations, result_format={"result_format": "COMPLETE"},
                          expectation_parameters=parameters or {})


@cache
def _columns(suite_name: str | Path) -> list[str]:
    """The columns a suite looks at (checked or reported): GX gets only these, not the whole frame."""
    names: list[str] = []
    for expectation in suite(suite_name).expectations:
        config = expectation.configuration
        for key in ("column", "column_A", "column_B"):
            if key in config.kwargs:
                names.append(config.kwargs[key])
        if "value_column" in config.meta:
            names.append(config.meta["value_column"])
    return list(dict.fromkeys(names))


def _gx_row_failures(frame: pd.DataFrame, suite_name: str | Path) -> pd.DataFrame:
    frame = frame.reset_index(drop=True)[_columns(suite_name)]
    result = _validate(frame, suite(suite_name))
    found = []
    for outcome in result.results:
        meta = outcome.expectation_config.meta
        if _raised(outcome.exception_info):
            raise RuntimeError(f"GX rule {meta.get('rule')} could not run: {outcome.exception_info}")
        if outcome.success:
            continue
        kwargs = outcome.expectation_config.kwargs
        column = meta.get("value_column") or kwargs.get("column") or kwargs.get("column_A")
        positions = outcome.result.get("unexpected_index_list") or []
        for position in positions:
            value = frame.at[position, column] if column in frame else None
            found.append((position, meta["rule"], column, None if pd.isna(value) else str(value), meta["reason"]))
    return pd.DataFrame(found, columns=FAILURE_COLUMNS)


def _raised(info: dict | None) -> bool:
    """Whether a GX result records an exception: at its top level, or (a metric that failed) per metric."""
    info = info or {}
    return bool(info.get("raised_exception")) or any(
        isinstance(entry, dict) and entry.get("raised_exception") for entry in info.values())


def _gx_batch_rules(frame: pd.DataFrame, suite_name: str | Path, parameters: dict) -> list[tuple[str, str, str]]:
    """(rule, reason, column) of each file rule GX finds failing."""
    result = _validate(frame, suite(suite_name), parameters)
    return [(outcome.expectation_config.meta["rule"], outcome.expectation_config.meta["reason"],
             outcome.expectation_config.kwargs["column"]) for outcome in result.results if not outcome.success]
