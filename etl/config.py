"""Settings: every environment variable the project reads is read here, and nowhere else.

``settings()`` reads the variables below and parses them once per distinct environment (a changed
variable, as a test's ``monkeypatch.setenv``, is seen at the next call; ``settings.cache_clear()`` forgets
them all). ``secret(name)`` reads a variable whose name comes from configuration (an API token); ``sources()``
reads and checks the source list (``$CCHC_SOURCES``, docs/formats.md §10).

| variable | default | meaning |
|---|---|---|
| CCHC_HOME | ``var/`` of the checkout | working directory: landing zone, inbox, embedded database, reports |
| WAREHOUSE_URL | (none) | the warehouse; none: the embedded PostgreSQL under ``$CCHC_HOME/pgdata`` |
| CCHC_LANDING_DIR, CCHC_INBOX_DIR | ``$CCHC_HOME/landing``, ``$CCHC_HOME/inbox`` | |
| CCHC_SOURCES, CCHC_PERIODS, CCHC_REPORTS | ``config/sources.yaml``, ``periods.yaml``, ``reports.yaml`` | |
| CCHC_REPORT_INPUTS | ``config/report_inputs.yaml`` | the items of the fill-in workbook (docs/formats.md §11) |
| CCHC_LAYOUTS_DIR | ``config/layouts`` | vendor layouts (docs/formats.md §7) |
| CCHC_MAX_BAD_ROW_SHARE | 0.2 | a file with more quarantined rows than this fails as a whole |
| CCHC_FUTURE_TOLERANCE_DAYS | 1 | an event dated more than this many days after the load date is quarantined |
| CCHC_CHUNK_ROWS | 50000 | rows per chunk when reading a file |
| CCHC_WORKERS, CCHC_PARALLEL_MB | 1, 200 | processes preparing files ahead, from this input size |
| CCHC_REPORT_WORKERS | CPU count | processes rendering reports |
| CCHC_ALERT_EMAILS, CCHC_ALERT_FROM | (none), cchc-etl@localhost | failure alerts of the DAGs |
| CCHC_NIGHTLY_DEADLINE | 06:00 | tthc_nightly not finished by then (HH:MM[:SS], Asia/Ho_Chi_Minh): e-mail the alert list |
| CCHC_SMTP_HOST, _PORT, _USER, _PASSWORD | 127.0.0.1, 25 | the mail server of ``cchc report --send`` |
| CCHC_SMTP_STARTTLS, _SSL, _TIMEOUT, _VERIFY | 0, 0, 30, 1 | (under Airflow: the ``smtp_default`` connection) |
| CCHC_REPORT_FROM | bao-cao-cchc@localhost | From: of the reports (else ``sender`` in reports.yaml) |
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import lru_cache
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parents[1]
TIMEZONE = "Asia/Ho_Chi_Minh"

VARIABLES = (
    "CCHC_HOME", "WAREHOUSE_URL", "CCHC_LANDING_DIR", "CCHC_INBOX_DIR", "CCHC_SOURCES", "CCHC_PERIODS",
    "CCHC_REPORTS", "CCHC_LAYOUTS_DIR", "CCHC_MAX_BAD_ROW_SHARE", "CCHC_CHUNK_ROWS", "CCHC_WORKERS",
    "CCHC_PARALLEL_MB", "CCHC_REPORT_WORKERS", "CCHC_ALERT_EMAILS", "CCHC_ALERT_FROM", "CCHC_SMTP_HOST",
    "CCHC_SMTP_PORT", "CCHC_SMTP_USER", "CCHC_SMTP_PASSWORD", "CCHC_SMTP_STARTTLS", "CCHC_SMTP_SSL",
    "CCHC_SMTP_TIMEOUT", "CCHC_SMTP_VERIFY", "CCHC_REPORT_FROM", "CCHC_NIGHTLY_DEADLINE",
    "CCHC_FUTURE_TOLERANCE_DAYS", "CCHC_REPORT_INPUTS",
)
_TRUE = {"1", "true", "yes", "on", "y", "t"}
_FALSE = {"0", "false", "no", "off", "n", "f", ""}


@dataclass(frozen=True)
class Smtp:
    """The mail server of the CLI (CCHC_SMTP_*, CCHC_REPORT_FROM)."""

    host: str = "127.0.0.1"
    port: int = 25
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    starttls: bool = False
    ssl: bool = False
    timeout: float = 30.0
    verify_certificate: bool = True
    sender: str | None = None  # CCHC_REPORT_FROM; None: not set


@dataclass(frozen=True)
class Settings:
    home: Path  # working directory: landing zone, inbox, embedded database, reports
    warehouse_url: str | None  # None: start the embedded PostgreSQL under home/pgdata
    landing_dir: Path
    inbox_dir: Path
    sources_file: Path
    periods_file: Path
    reports_file: Path
    report_inputs_file: Path  # the items of the fill-in workbook
    layouts_dir: Path
    max_bad_row_share: float  # a file with more quarantined rows than this fails as a whole
    future_tolerance_days: int  # event dates up to this many days after the load date are accepted
    chunk_rows: int
    workers: int  # processes that prepare files on big loads
    parallel_bytes: int  # input size from which a load prepares files in worker processes
    report_workers: int  # processes that render reports (1: in the calling process)
    alert_emails: tuple[str, ...]  # addresses alerted when a DAG task fails
    alert_from: str
    smtp: Smtp
    nightly_deadline: time  # tthc_nightly not finished by this time of day (Asia/Ho_Chi_Minh): alert

    @property
    def embedded_pgdata(self) -> Path:
        return self.home / "pgdata"


def settings() -> Settings:
    """The settings of the current environment (parsed once per distinct environment)."""
    return _parse(tuple(os.environ.get(name) for name in VARIABLES))


def sources() -> dict[str, dict]:
    """The sources of config/sources.yaml (``$CCHC_SOURCES``) by name, each as written except that
    ``complete_from`` (optional: the source's data is complete only from that day) is a ``date``.
    ValueError in Vietnamese, naming the source, when a source has no name or complete_from is not a day."""
    path = settings().sources_file
    document = yaml.load(path.read_text(encoding="utf-8"), Loader=_DatesAsText) or {}
    found = {}
    for number, source in enumerate(document.get("sources") or [], start=1):
        if not isinstance(source, dict) or not source.get("name"):
            raise ValueError(f"Cấu hình nguồn {path}: nguồn thứ {number} không có tên (name).")
        name = str(source["name"])
        if "complete_from" in source:
            source = source | {"complete_from": _complete_from(source["complete_from"], name, path)}
        found[name] = source
    return found


class _DatesAsText(yaml.SafeLoader):
    """YAML whose dates stay text (2024-13-01 is then an error of its source, not of the YAML reader)."""


_DatesAsText.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def _complete_from(value, name: str, path: Path) -> date:
    """The ``complete_from`` of a source: a day written YYYY-MM-DD, quoted or not."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"Cấu hình nguồn {path}: complete_from của nguồn {name!r} phải là một ngày dạng YYYY-MM-DD "
                     f"(dữ liệu của nguồn đầy đủ từ ngày đó), không phải {value!r}.")


def secret(name: str) -> str | None:
    """The value of the environment variable ``name`` (named by configuration, e.g. an API's ``token_env``),
    stripped; None when unset or empty."""
    value = (os.environ.get(name) or "").strip()
    return value or None


def flag(value, default: bool = False) -> bool:
    """A yes/no setting ("1", "true", "0", "false", …; None: ``default``); ValueError in Vietnamese otherwise."""
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"Giá trị đúng/sai không hợp lệ: {value!r} (dùng 0/1, true/false).")


def disable_gx_analytics() -> None:
    """Great Expectations sends usage statistics unless told not to; call before importing it."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")


@lru_cache(maxsize=8)
def _parse(values: tuple[str | None, ...]) -> Settings:
    env = {name: value for name, value in zip(VARIABLES, values) if value is not None}
    home = Path(env.get("CCHC_HOME") or REPO_ROOT / "var").resolve()
    config_dir = REPO_ROOT / "config"

    def path(name: str, default: Path) -> Path:
        return Path(env.get(name) or default)

    def text(name: str) -> str | None:
        return (env.get(name) or "").strip() or None

    return Settings(
        home=home,
        warehouse_url=env.get("WAREHOUSE_URL") or None,
        landing_dir=path("CCHC_LANDING_DIR", home / "landing"),
        inbox_dir=path("CCHC_INBOX_DIR", home / "inbox"),
        sources_file=path("CCHC_SOURCES", config_dir / "sources.yaml"),
        periods_file=path("CCHC_PERIODS", config_dir / "periods.yaml").resolve(),
        reports_file=path("CCHC_REPORTS", config_dir / "reports.yaml").resolve(),
        report_inputs_file=path("CCHC_REPORT_INPUTS", config_dir / "report_inputs.yaml").resolve(),
        layouts_dir=path("CCHC_LAYOUTS_DIR", config_dir / "layouts"),
        max_bad_row_share=float(env.get("CCHC_MAX_BAD_ROW_SHARE", "0.2")),
        future_tolerance_days=int(env.get("CCHC_FUTURE_TOLERANCE_DAYS") or 1),
        chunk_rows=int(env.get("CCHC_CHUNK_ROWS", "50000")),
        workers=int(env.get("CCHC_WORKERS", "1")),
        parallel_bytes=int(float(env.get("CCHC_PARALLEL_MB", "200")) * 1_000_000),
        report_workers=max(1, int(env.get("CCHC_REPORT_WORKERS") or os.cpu_count() or 1)),
        alert_emails=tuple(a.strip() for a in env.get("CCHC_ALERT_EMAILS", "").split(",") if a.strip()),
        alert_from=text("CCHC_ALERT_FROM") or "cchc-etl@localhost",
        smtp=Smtp(
            host=text("CCHC_SMTP_HOST") or "127.0.0.1",
            port=int(text("CCHC_SMTP_PORT") or 25),
            user=env.get("CCHC_SMTP_USER") or None,
            password=env.get("CCHC_SMTP_PASSWORD") or None,
            starttls=flag(env.get("CCHC_SMTP_STARTTLS"), False),
            ssl=flag(env.get("CCHC_SMTP_SSL"), False),
            timeout=float(text("CCHC_SMTP_TIMEOUT") or 30),
            verify_certificate=flag(env.get("CCHC_SMTP_VERIFY"), True),
            sender=text("CCHC_REPORT_FROM"),
        ),
        nightly_deadline=_time_of_day("CCHC_NIGHTLY_DEADLINE", text("CCHC_NIGHTLY_DEADLINE") or "06:00"),
    )


def _time_of_day(name: str, value: str) -> time:
    """A time of day written HH:MM or HH:MM:SS (seconds: for tests of the deadline); ValueError in Vietnamese."""
    if re.fullmatch(r"\d{2}:\d{2}(:\d{2})?", value):
        try:
            return time.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError(f"{name}: giờ không hợp lệ {value!r} (dạng HH:MM, vd. 06:00, giờ Việt Nam).")


settings.cache_clear = _parse.cache_clear  # type: ignore[attr-defined]
