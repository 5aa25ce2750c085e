"""config/reports.yaml: which periods and units get a report, who receives it."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from etl.config import settings
from etl.periods import PERIOD_KINDS

_EMAIL = re.compile(r"[^@\s<>]+@[^@\s<>]+")


@dataclass(frozen=True)
class ReportConfig:
    kinds: tuple[str, ...]
    units: tuple[str, ...] | None  # None: every unit
    recipients: dict[str, tuple[str, ...]]
    sender: str
    certification_fields: tuple[str, ...]
    noi_nhan: tuple[str, ...]

    def recipients_of(self, unit_code: str) -> list[str]:
        return list(self.recipients.get(unit_code, self.recipients.get("default", ())))


def report_config() -> ReportConfig:
    return _load(str(settings().reports_file))


@lru_cache(maxsize=None)
def _load(path: str) -> ReportConfig:
    doc = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}

    def bad(why: str) -> ValueError:
        return ValueError(f"Cấu hình báo cáo {path} không hợp lệ: {why}")

    kinds = tuple(doc.get("kinds") or ())
    if not kinds or any(k not in PERIOD_KINDS for k in kinds):
        raise bad(f"kinds phải là danh sách trong {', '.join(PERIOD_KINDS)}")
    units = doc.get("units", "all")
    if units != "all" and not (isinstance(units, list) and all(isinstance(u, str) for u in units)):
        raise bad('units phải là "all" hoặc danh sách mã định danh (dạng chuỗi, trong dấu nháy)')
    recipients = {}
    for code, addresses in (doc.get("recipients") or {}).items():
        addresses = tuple(addresses or ())
        wrong = [a for a in addresses if not _EMAIL.fullmatch(str(a))]
        if wrong:
            raise bad(f"địa chỉ e-mail không hợp lệ cho {code}: {', '.join(map(str, wrong))}")
        recipients[str(code)] = addresses
    return ReportConfig(
        kinds=kinds,
        units=None if units == "all" else tuple(units),
        recipients=recipients,
        sender=str(doc.get("sender") or "bao-cao-cchc@localhost"),
        certification_fields=tuple(str(f).lower() for f in doc.get("certification_fields") or ()),
        noi_nhan=tuple(doc.get("noi_nhan") or ()),
    )
