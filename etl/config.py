"""Settings, read from the environment once; every other module asks here."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
TIMEZONE = "Asia/Ho_Chi_Minh"


@dataclass(frozen=True)
class Settings:
    home: Path  # working directory: landing zone, inbox, embedded database, reports
    warehouse_url: str | None  # None: start the embedded PostgreSQL under home/pgdata
    sources_file: Path
    max_bad_row_share: float  # a file with more quarantined rows than this fails as a whole
    chunk_rows: int
    workers: int  # processes that prepare files on big loads
    parallel_bytes: int  # input size from which a load prepares files in worker processes
    report_workers: int  # processes that render reports (1: in the calling process)

    @property
    def landing_dir(self) -> Path:
        return Path(os.environ.get("CCHC_LANDING_DIR") or self.home / "landing")

    @property
    def inbox_dir(self) -> Path:
        return Path(os.environ.get("CCHC_INBOX_DIR") or self.home / "inbox")

    @property
    def embedded_pgdata(self) -> Path:
        return self.home / "pgdata"


def settings() -> Settings:
    return Settings(
        home=Path(os.environ.get("CCHC_HOME") or REPO_ROOT / "var").resolve(),
        warehouse_url=os.environ.get("WAREHOUSE_URL") or None,
        sources_file=Path(os.environ.get("CCHC_SOURCES") or REPO_ROOT / "config" / "sources.yaml"),
        max_bad_row_share=float(os.environ.get("CCHC_MAX_BAD_ROW_SHARE", "0.2")),
        chunk_rows=int(os.environ.get("CCHC_CHUNK_ROWS", "50000")),
        workers=int(os.environ.get("CCHC_WORKERS", "0")),
        parallel_bytes=int(float(os.environ.get("CCHC_PARALLEL_MB", "200")) * 1_000_000),
        report_workers=max(1, int(os.environ.get("CCHC_REPORT_WORKERS") or os.cpu_count() or 1)),
    )
