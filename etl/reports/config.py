"""config/reports.yaml: which periods and units get a report, who receives it, when units are asked for their
fill-in workbook."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from etl.config import settings
from etl.periods import PERIOD_KINDS

TOP_RECEIVER = "Văn phòng Chính phủ"  # Biểu 06 of a province goes to the Government Office (TT 01/2020/TT-VPCP)

_EMAIL = re.compile(r"[^@\s<>]+@[^@\s<>]+")


@dataclass(frozen=True)
class InputRequests:
    """When the reports DAG e-mails each unit its pre-filled workbook (Phiếu số liệu báo cáo CCHC), and whether it
    reminds, at the cut-off, the units that have not submitted it."""

    ask_days_before: int = 10  # the request goes from this many days before a period's cut-off; 0: no requests
    remind_after_cutoff: bool = True


@dataclass(frozen=True)
class ReportConfig:
    kinds: tuple[str, ...]
    units: tuple[str, ...] | None  # None: every unit
    recipients: dict[str, tuple[str, ...]]
    sender: str
    certification_fields: tuple[str, ...]
    noi_nhan: dict[str, tuple[str, ...]]  # unit code, level (xa, huyen, tinh) or "default" -> "Nơi nhận" lines
    bieu06_receiver: str = TOP_RECEIVER  # the body the top unit's Biểu 06 goes to
    inputs: InputRequests = InputRequests()
    max_attachment_mb: float = 20  # a larger file is written, not attached (the body says where)
    chi_tiet_max_dossiers: int = 200_000  # a larger scope's chi-tiet workbook names the figures, lists none

    def recipients_of(self, unit_code: str) -> list[str]:
        return list(self.recipients.get(unit_code, self.recipients.get("default", ())))

    def noi_nhan_of(self, unit_code: str, level: str | None, has_parent: bool) -> tuple[str, ...]:
        """The "Nơi nhận" lines of a unit's report: by its code, else its level, else the default; a unit with no
        body above it (the province) whose lines would all name that body gets TOP_NOI_NHAN."""
        lines = self.noi_nhan.get(unit_code) or self.noi_nhan.get(level or "") or self.noi_nhan.get("default", ())
        if not has_parent and not [line for line in lines if "{parent}" not in line and not line.startswith("Lưu")]:
            return TOP_NOI_NHAN
        return lines


# A sensible default for the province's report when config/reports.yaml names no recipient of its own: the
# CCHC report goes to the Ministry of Home Affairs (the reform's lead), with Biểu 06 to Văn phòng Chính phủ.
TOP_NOI_NHAN = ("Bộ Nội vụ (b/c)", "Văn phòng Chính phủ (b/c)", "Lưu: VT.")


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
        noi_nhan=_noi_nhan(doc.get("noi_nhan"), bad),
        bieu06_receiver=str(doc.get("bieu06_receiver") or TOP_RECEIVER),
        inputs=_inputs(doc.get("inputs"), bad),
        max_attachment_mb=_megabytes(doc.get("max_attachment_mb", ReportConfig.max_attachment_mb), bad),
        chi_tiet_max_dossiers=_count(doc.get("chi_tiet_max_dossiers", ReportConfig.chi_tiet_max_dossiers), bad),
    )


def _count(value, bad) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise bad(f"chi_tiet_max_dossiers phải là số hồ sơ (số nguyên từ 0), không phải {value!r}")
    return value


def _megabytes(value, bad) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise bad(f"max_attachment_mb phải là số MB lớn hơn 0, không phải {value!r}")
    return float(value)


def _inputs(value, bad) -> InputRequests:
    """inputs: {ask_days_before: 0-90, remind_after_cutoff: true|false}; a key left out keeps its default."""
    if value is None:
        return InputRequests()
    if not isinstance(value, dict):
        raise bad("inputs phải là các khoá ask_days_before, remind_after_cutoff")
    unknown = sorted(set(value) - {"ask_days_before", "remind_after_cutoff"})
    if unknown:
        raise bad(f"inputs có khoá không biết: {', '.join(map(str, unknown))} (chỉ ask_days_before, "
                  "remind_after_cutoff)")
    days = value.get("ask_days_before", InputRequests.ask_days_before)
    if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= 90:
        raise bad(f"inputs.ask_days_before phải là số ngày 0-90 (0: không gửi phiếu), không phải {days!r}")
    remind = value.get("remind_after_cutoff", InputRequests.remind_after_cutoff)
    if not isinstance(remind, bool):
        raise bad(f"inputs.remind_after_cutoff phải là true hoặc false, không phải {remind!r}")
    return InputRequests(days, remind)


def _noi_nhan(value, bad) -> dict[str, tuple[str, ...]]:
    """noi_nhan: a list (every unit) or a mapping of unit code / level (xa, huyen, tinh) / default to lists."""
    if value is None:
        return {}
    if isinstance(value, list):
        value = {"default": value}
    if not isinstance(value, dict) or not all(isinstance(v, list) and all(isinstance(x, str) for x in v)
                                              for v in value.values()):
        raise bad("noi_nhan phải là danh sách dòng, hoặc theo mã đơn vị / cấp (xa, huyen, tinh) / default")
    return {str(k): tuple(v) for k, v in value.items()}
