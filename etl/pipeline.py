"""The one path every file takes, from the CLI, from Airflow and from tests: land -> detect -> load."""
from __future__ import annotations

import multiprocessing
import time
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable, Iterable

import yaml

from etl import db, landing, vi
from etl.config import settings
from etl.load import FileResult, PreparedChunk, load_file, prepare
from etl.sources import http_api, registry
from etl.canonical import SourceError
from etl.sources.format import SourceFormat

Progress = Callable[[str], None]
n = vi.number
INFERRED_LABELS = {
    "unit": "đơn vị mới",
    "procedure": "thủ tục mới",
    "field": "lĩnh vực mới",
    "dossiers_with_inferred_unit": "hồ sơ của đơn vị chưa có trong danh mục",
    "dossiers_with_inferred_procedure": "hồ sơ của thủ tục chưa có trong danh mục",
}


@dataclass
class RunSummary:
    load_date: str
    files: list[FileResult] = field(default_factory=list)
    quarantine_by_reason: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def count(self, status: str) -> int:
        return sum(1 for f in self.files if f.status == status)

    def total(self, attribute: str) -> int:
        return sum(getattr(f, attribute) for f in self.files)

    @property
    def failed(self) -> list[FileResult]:
        return [f for f in self.files if f.status == "failed"]

    def as_dict(self) -> dict:
        return asdict(self)


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files named, and files found under folders named, in a stable order."""
    found: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")))
        else:
            found.append(path)
    return found


REFERENCE_KINDS = frozenset({"unit", "lineage", "procedure"})


def ingest(paths: Iterable[Path], source: str = "manual", load_date: date | None = None, url: str | None = None,
           progress: Progress = print, kinds: frozenset[str] | None = None) -> RunSummary:
    """Land and load the given files (reference data first, then dossiers); only ``kinds`` when given
    (files of other kinds are left for their own load, unrecognised files are still recorded)."""
    config = settings()
    load_date = load_date or date.today()
    summary = RunSummary(load_date=load_date.isoformat())
    started = time.perf_counter()
    files = sorted(((path, *_detect(path)) for path in expand(paths)), key=_load_order)
    if kinds is not None:
        files = [f for f in files if f[1] is None or f[1].kind in kinds]
    with db.connect(url, autocommit=True) as conn:
        landed = [landing.land(conn, path, source, config.landing_dir, fmt.name if fmt else None,
                               lambda: _metadata(path, fmt)) for path, fmt, _ in files]
        to_load = [i for i, ((_, fmt, _), file) in enumerate(zip(files, landed))
                   if fmt and not landing.already_loaded(conn, file.file_id)]
        jobs = {i: (landed[i].stored_path, files[i][1].name) for i in to_load}
        with Preparer(jobs, config.chunk_rows, config.workers, config.parallel_bytes) as preparer:
            for number, ((path, fmt, problem), file) in enumerate(zip(files, landed), start=1):
                if fmt is None:
                    result = FileResult(path.name, None, "failed", error=problem)
                    _record_unrecognised(conn, file, load_date, result)
                elif number - 1 not in jobs:
                    result = FileResult(path.name, fmt.name, "skipped")
                else:
                    result = load_file(conn, file, fmt, load_date, config.max_bad_row_share,
                                       preparer.chunks_of(number - 1))
                summary.files.append(result)
                progress(_progress_line(number, len(files), result))
        load_ids = [f.load_id for f in summary.files if f.load_id]
        summary.quarantine_by_reason = dict(conn.execute(db.sql("audit/quarantine_by_rule"),
                                                         {"load_ids": load_ids}).fetchall())
    summary.seconds = round(time.perf_counter() - started, 2)
    return summary


class Preparer:
    """Reads, normalises and validates the files to load (``etl.load.prepare``), in load order.

    A big load (``parallel_bytes`` or more of input) prepares the next files in ``workers`` processes
    while this one writes to the warehouse, one file ahead per worker (which bounds memory: a worker holds
    one parsed file); a small one prepares each file when its turn comes, since starting processes would
    cost more than they save.
    """

    def __init__(self, jobs: dict[int, tuple[Path, str]], chunk_rows: int, workers: int, parallel_bytes: int):
        self.jobs, self.chunk_rows = jobs, chunk_rows
        big = sum(path.stat().st_size for path, _ in jobs.values()) >= parallel_bytes
        self.pool = None
        if big and workers >= 1:
            context = multiprocessing.get_context("forkserver")  # no inherited database connections
            context.set_forkserver_preload(["etl.load"])
            self.pool = ProcessPoolExecutor(workers, mp_context=context)
        self.order, self.ahead = sorted(jobs), workers
        self.futures: dict[int, Future] = {}

    def __enter__(self) -> "Preparer":
        return self

    def __exit__(self, *exc) -> None:
        if self.pool:
            self.pool.shutdown(cancel_futures=True)

    def chunks_of(self, index: int) -> Callable[[], list[PreparedChunk]]:
        if self.pool is None:
            return lambda: prepare(*self.jobs[index], self.chunk_rows)
        position = self.order.index(index)
        for ahead in self.order[position: position + 1 + self.ahead]:
            if ahead not in self.futures:
                self.futures[ahead] = self.pool.submit(prepare, *self.jobs[ahead], self.chunk_rows)
        return self.futures.pop(index).result


def check(path: Path, chunk_rows: int | None = None) -> dict:
    """Read and validate one file without touching the warehouse: what a load would quarantine, and why."""
    fmt, problem = _detect(path)
    if fmt is None:
        return {"file": path.name, "format": None, "error": problem}
    try:
        chunks = prepare(path, fmt.name, chunk_rows or settings().chunk_rows)
    except SourceError as error:
        return {"file": path.name, "format": fmt.name, "error": error.describe(path.name)}
    failures = [row for chunk in chunks
                for row in chunk.quarantine.drop(columns=["record_key", "record"]).to_dict("records")]
    return {"file": path.name, "format": fmt.name, "rows_read": sum(c.rows_read for c in chunks),
            "rows_failing": sum(c.bad_rows for c in chunks), "failures": failures}


def summary_from_audit(load_date: date, url: str | None = None) -> RunSummary:
    """The summary of every load of ``load_date``, read back from the audit tables."""
    summary = RunSummary(load_date=load_date.isoformat())
    with db.connect(url) as conn:
        for row in conn.execute(db.sql("audit/loads_of_date"), {"load_date": load_date}):
            *fields, seconds = row
            summary.files.append(FileResult(*fields))
            summary.seconds += float(seconds or 0)
        load_ids = [f.load_id for f in summary.files]
        summary.quarantine_by_reason = dict(conn.execute(db.sql("audit/quarantine_by_rule"),
                                                         {"load_ids": load_ids}).fetchall())
    summary.seconds = round(summary.seconds, 2)
    return summary


def ingest_source(name: str, load_date: date | None = None, url: str | None = None,
                  progress: Progress = print, kinds: frozenset[str] | None = None) -> RunSummary:
    """Load every file of one configured source (config/sources.yaml): the files of its folder (``path``)
    and, for an API source (``api``), the dossiers pulled since its watermark, which moves once they are
    loaded. An API that cannot be read raises ApiError after the folder's files are loaded."""
    source = sources()[name]
    paths = [Path(source["path"].format(inbox=settings().inbox_dir, home=settings().home))] if "path" in source else []
    pulled = failure = None
    if "api" in source and (kinds is None or "dossier" in kinds):
        try:
            pulled = http_api.pull(name, source["api"], url=url, progress=progress)
        except http_api.ApiError as error:
            failure = error
    summary = ingest(paths + (pulled.files if pulled else []), source=name, load_date=load_date, url=url,
                     progress=progress, kinds=kinds)
    if pulled:
        http_api.commit(pulled, summary.files, url=url, progress=progress)
    if failure:
        raise failure
    return summary


def sources() -> dict[str, dict]:
    document = yaml.safe_load(settings().sources_file.read_text(encoding="utf-8"))
    return {s["name"]: s for s in document["sources"]}


def _load_order(file: tuple[Path, SourceFormat | None, str | None]) -> tuple[int, str]:
    """Unreadable files first (they only get recorded), then units, lineage, catalogues, dossiers; reference
    files of one kind by the earliest effective date they state, undated ones (the base lists) first."""
    path, fmt, _ = file
    if fmt is None:
        return -1, ""
    if "hieu_luc_tu" not in fmt.columns:
        return registry.KIND_ORDER[fmt.kind], ""
    try:
        dates = [d for chunk in fmt.read(path) for d in chunk["hieu_luc_tu"] if d]
    except SourceError:
        dates = []  # the load reports it
    return registry.KIND_ORDER[fmt.kind], min(dates, default="")


def _detect(path: Path) -> tuple[SourceFormat | None, str | None]:
    """The file's format, or None and why not."""
    try:
        fmt = registry.detect(path)
    except SourceError as error:
        return None, error.describe(path.name)
    return (fmt, None) if fmt else (None, f"tệp {path.name}: không nhận ra định dạng tệp (xem docs/formats.md)")


def _metadata(path: Path, fmt) -> dict:
    if fmt is None:
        return {}
    try:
        return fmt.metadata(path)
    except SourceError as error:  # the load reports it; landing still records the file
        return {"loi_doc_tieu_de": str(error)}


def _record_unrecognised(conn, landed, load_date: date, result: FileResult) -> None:
    result.load_id = conn.execute(db.sql("audit/start_load"),
                                  {"file_id": landed.file_id, "load_date": load_date}).fetchone()[0]
    conn.execute(db.sql("audit/fail_load"), {"load_id": result.load_id, "rows_read": None, "error": result.error})


def _progress_line(number: int, total: int, r: FileResult) -> str:
    head = f"[{number}/{total}] {r.file} ({r.format or '?'}): "
    if r.status == "skipped":
        return head + "đã nạp trước đây, bỏ qua"
    if r.status == "failed":
        return head + f"LỖI — {r.error}"
    return head + (f"đọc {n(r.rows_read)}, nạp {n(r.rows_loaded)}, cách ly {n(r.rows_quarantined)}"
                   f" (mới {n(r.rows_inserted)}, cập nhật {n(r.rows_updated)})")


def format_summary(summary: RunSummary) -> str:
    """The load summary printed at the end of a run (vi-VN number format)."""
    lines = [
        f"Tóm tắt lần nạp ngày {summary.load_date}",
        f"  Tệp: {n(len(summary.files))} (nạp {n(summary.count('loaded'))}, bỏ qua vì đã nạp "
        f"{n(summary.count('skipped'))}, lỗi {n(summary.count('failed'))})",
        f"  Dòng đọc: {n(summary.total('rows_read'))}; nạp: {n(summary.total('rows_loaded'))} "
        f"(mới {n(summary.total('rows_inserted'))}, cập nhật {n(summary.total('rows_updated'))}); "
        f"cách ly: {n(summary.total('rows_quarantined'))}",
    ]
    if summary.quarantine_by_reason:
        lines.append("  Cách ly theo quy tắc:")
        lines += [f"    - {rule}: {n(count)}" for rule, count in summary.quarantine_by_reason.items()]
    inferred: dict[str, int] = {}
    for f in summary.files:
        for key, value in f.inferred.items():
            inferred[key] = inferred.get(key, 0) + value
    if inferred:
        lines.append("  Chưa có trong danh mục (đã tạo thành viên suy ra, đánh dấu is_inferred): "
                     + "; ".join(f"{INFERRED_LABELS.get(k, k)} {n(v)}" for k, v in sorted(inferred.items())))
    for f in summary.failed:
        lines.append(f"  LỖI: {f.error}")
    lines.append(f"  Thời gian: {vi.number(summary.seconds, 1)} giây")
    return "\n".join(lines)
