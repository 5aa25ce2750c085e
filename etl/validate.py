"""Great Expectations (GX Core 1.x) suites from ``expectations/``, applied to pandas frames.

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
from typing import TYPE_CHECKING

import pandas as pd

from etl.config import REPO_ROOT, disable_gx_analytics

if TYPE_CHECKING:
    import great_expectations as gx

EXPECTATIONS_DIR = REPO_ROOT / "expectations"
FAILURE_COLUMNS = ["position", "rule", "column_name", "value", "reason"]


@cache
def _gx():
    """Great Expectations, imported on the first validation: its import takes ~5 s, which a command or a task
    that validates nothing (a run with no new file, an unreachable warehouse, cchc status) does not pay."""
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
    context, _ = _batch_definition()
    path = name if isinstance(name, Path) else EXPECTATIONS_DIR / f"{name}.json"
    definition = json.loads(path.read_text(encoding="utf-8"))
    return context.suites.add(_gx().ExpectationSuite(**definition))


def _validate(frame: pd.DataFrame, rules: gx.ExpectationSuite, parameters: dict | None = None):
    _, batch_definition = _batch_definition()
    batch = batch_definition.get_batch(batch_parameters={"dataframe": frame})
    return batch.validate(rules, result_format={"result_format": "COMPLETE"}, expectation_parameters=parameters or {})


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


def row_failures(frame: pd.DataFrame, suite_name: str | Path) -> pd.DataFrame:
    """One row per (failing row, rule): ``position`` is the row's position in ``frame``."""
    frame = frame.reset_index(drop=True)[_columns(suite_name)]
    result = _validate(frame, suite(suite_name))
    found = []
    for outcome in result.results:
        meta = outcome.expectation_config.meta
        if outcome.exception_info and outcome.exception_info.get("raised_exception"):
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


def batch_failures(stats: dict, suite_name: str = "file_batch", **parameters) -> list[str]:
    """Reasons (Vietnamese) why a whole file fails, empty when it passes."""
    result = _validate(pd.DataFrame([stats]), suite(suite_name), parameters)
    reasons = []
    for outcome in result.results:
        if not outcome.success:
            meta = outcome.expectation_config.meta
            column = outcome.expectation_config.kwargs["column"]
            reasons.append(f"{meta['reason']} ({column} = {stats[column]}, quy tắc {meta['rule']})")
    return reasons
