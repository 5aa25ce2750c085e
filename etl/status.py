"""``cchc status``: for each source, is the warehouse keeping up? (README "Command line")

Per source (the configured ones and every source a file was landed from): the last time one of its files was
loaded and how long ago (the lag), the files whose load failed in the last 7 days, and the rows quarantined on
each of those days against the 7 days before: a rising number means a source started sending bad rows.
The 7 days are local days in Asia/Ho_Chi_Minh ending today. Figures come from the audit tables
(sql/audit/status.sql); a night that found no new file loads nothing, so the lag also grows when a source
sends nothing.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from etl import db, vi
from etl.config import TIMEZONE, settings, sources
from etl.files import printable

DAYS = 7


@dataclass
class SourceStatus:
    source: str
    last_loaded_at: datetime | None  # None: no file of the source was ever loaded
    lag: timedelta | None
    files_failed: int  # distinct files with a failed load in the 7 days
    quarantined_by_day: list[tuple[date, int]]  # the 7 days, oldest first
    quarantined_before: int  # the 7 days before those

    @property
    def quarantined(self) -> int:
        return sum(rows for _, rows in self.quarantined_by_day)


def source_status(now: datetime, url: str | None = None) -> list[SourceStatus]:
    """The status of every source at ``now`` (an aware datetime), by source name."""
    last_day = now.astimezone(ZoneInfo(TIMEZONE)).date()
    first_day = last_day - timedelta(days=DAYS - 1)
    configured = sorted(sources()) if settings().sources_file.exists() else []
    with db.connect(url) as conn:
        rows = conn.execute(db.sql("audit/status"), {
            "sources": configured, "now": now, "timezone": TIMEZONE, "first_day": first_day, "last_day": last_day,
        }).fetchall()
    days = [first_day + timedelta(days=n) for n in range(DAYS)]
    return [SourceStatus(source, last, now - last if last else None, failed, list(zip(days, by_day)), before)
            for source, last, failed, by_day, before in rows]


def lag_text(lag: timedelta) -> str:
    """A lag as people say it: "2 ngày 5 giờ", "3 giờ 20 phút", "15 phút" (rounded down)."""
    minutes = max(0, int(lag.total_seconds() // 60))
    days, hours, minutes = minutes // 1440, minutes % 1440 // 60, minutes % 60
    if days:
        return f"{days} ngày" + (f" {hours} giờ" if hours else "")
    if hours:
        return f"{hours} giờ" + (f" {minutes} phút" if minutes else "")
    return f"{minutes} phút" if minutes else "dưới 1 phút"


def format_status(statuses: list[SourceStatus], now: datetime) -> str:
    """The status as the CLI prints it (vi-VN dates and numbers, names escaped)."""
    local = now.astimezone(ZoneInfo(TIMEZONE))
    lines = [f"Tình trạng nạp lúc {local:%d/%m/%Y %H:%M} (giờ Việt Nam)"]
    if not statuses:
        lines.append("  Chưa có nguồn nào (config/sources.yaml trống, chưa nạp tệp nào).")
    for s in statuses:
        first, last = s.quarantined_by_day[0][0], s.quarantined_by_day[-1][0]
        if s.last_loaded_at is None:
            loaded = "Chưa nạp thành công tệp nào"
        else:
            loaded = (f"Nạp thành công gần nhất: {s.last_loaded_at.astimezone(ZoneInfo(TIMEZONE)):%d/%m/%Y %H:%M}, "
                      f"cách đây {lag_text(s.lag)}")
        lines += [
            printable(s.source),
            f"  {loaded}",
            f"  Tệp lỗi trong {DAYS} ngày: {vi.number(s.files_failed)}",
            f"  Dòng bị cách ly trong {DAYS} ngày: {vi.number(s.quarantined)} "
            f"({DAYS} ngày trước đó: {vi.number(s.quarantined_before)})",
            f"  Cách ly theo ngày {first:%d/%m}–{last:%d/%m}: "
            + " · ".join(vi.number(rows) for _, rows in s.quarantined_by_day),
        ]
    return "\n".join(lines)


def status_document(statuses: list[SourceStatus], now: datetime) -> dict:
    """The status as JSON-ready data (``cchc status --json``): times ISO 8601, the lag in hours."""
    zone = ZoneInfo(TIMEZONE)
    return {"at": now.astimezone(zone).isoformat(), "timezone": TIMEZONE, "days": DAYS, "sources": [{
        "source": s.source,
        "last_loaded_at": s.last_loaded_at.astimezone(zone).isoformat() if s.last_loaded_at else None,
        "lag_hours": round(s.lag.total_seconds() / 3600, 2) if s.lag is not None else None,
        "files_failed": s.files_failed,
        "quarantined": s.quarantined,
        "quarantined_before": s.quarantined_before,
        "quarantined_by_day": [{"day": day.isoformat(), "rows": rows} for day, rows in s.quarantined_by_day],
    } for s in statuses]}
