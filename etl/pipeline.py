"""The one path every file takes, from the CLI, from Airflow and from tests: detect -> land -> prepare -> load.

A run is a list of ``FileJob`` records, one per file, that each step completes: the format that recognised
the file (or why none did), the landed copy, the prepared chunks when they were read ahead, the result.
"""
from __future__ import annotations

import multiprocessing
import os
import select
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable, Iterable

from psycopg.rows import dict_row

from etl import db, landing, vi
from etl.canonical import SourceError
from etl.config import settings, sources
from etl.kinds import EXPORT_KINDS, ExportKind
from etl.landing import LandedFile
from etl.load import (INTERRUPTED, FileResult, PreparedChunk, load_file, mark_interrupted, prepare, problem,
                      record_unreadable, refusal)
from etl.sources import registry
from etl.sources.format import SourceFormat
from etl.validate import batch_failures

Progress = Callable[[str], None]
n = vi.number
UNFINISHED_LABELS = {"interrupted": "bị gián đoạn", "running": "đang nạp"}  # statuses read back from the audit
INFERRED_LABELS = {
    "unit": "đơn vị mới",
    "procedure": "thủ tục mới",
    "field": "lĩnh vực mới",
    "dossiers_with_inferred_unit": "hồ sơ của đơn vị chưa có trong danh mục",
    "dossiers_with_inferred_procedure": "hồ sơ của thủ tục chưa có trong danh mục",
}


@dataclass(eq=False)
class FileJob:
    """One file of a run, as the steps complete it."""

    path: Path  # as given
    format: SourceFormat | None  # None: no reader recognised the file
    problem: str | None = None  # why not
    landed: LandedFile | None = None
    prepared: list[PreparedChunk] | None = None  # read ahead (reference files, for their effective date)
    unreadable: SourceError | None = None  # reading ahead failed: the load reports it
    result: FileResult | None = None

    @property
    def kind(self) -> ExportKind:
        return EXPORT_KINDS[self.format.kind]


@dataclass
class RunSummary:
    load_date: str
    files: list[FileResult] = field(default_factory=list)
    quarantine_by_reason: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    interrupted: list[str] = field(default_factory=list)  # loads of dead runs this run marked interrupted

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


def ingest(paths: Iterable[Path], source: str = "manual", load_date: date | None = None, url: str | None = None,
           progress: Progress = print, kinds: frozenset[str] | None = None) -> RunSummary:
    """Land and load the given files (reference data first, then dossiers); only ``kinds`` when given
    (files of other kinds are left for their own load, unrecognised files are still recorded).

    Nothing is lost or stuck when a run dies: a run first marks as interrupted the loads that dead runs left
    'running' (load.mark_interrupted), then loads, with its own files, the files of ``source`` landed before
    that no load finished (``_unfinished``: their run died before their turn or while loading them), from the
    landing zone, also when its inputs no longer hold them. The same content given twice in a run (two names,
    or one path twice) is loaded once, the others skipped naming both (``_settled``)."""
    config = settings()
    load_date = load_date or date.today()
    summary = RunSummary(load_date=load_date.isoformat())
    started = time.perf_counter()
    jobs = [detect(path) for path in expand(paths)]
    if kinds is not None:
        jobs = [job for job in jobs if job.format is None or job.format.kind in kinds]
    jobs.sort(key=_load_order)
    declared = _declared_complete_from()
    with db.connect(url, autocommit=True) as conn:
        summary.interrupted = mark_interrupted(conn)
        for message in summary.interrupted:
            progress(f"Đánh dấu lần nạp dở của lần chạy trước: {message}")
        for job in jobs:
            job.landed = landing.land(conn, job.path, source, config.landing_dir, job.format and job.format.name,
                                      lambda job=job: _metadata(job))
        jobs += _unfinished(conn, source, kinds, {job.landed.file_id for job in jobs})
        first: dict[int, FileJob] = {}
        for job in jobs:
            job.result = _settled(conn, job, first.setdefault(job.landed.file_id, job), load_date)
            if job.result is None and job.format and "hieu_luc_tu" in job.format.columns:  # reference: by its dates
                _read_ahead(job, config.chunk_rows, load_date)
        jobs.sort(key=_load_order)
        _declare(conn, {source} | {job.landed.source for job in jobs}, declared)
        with Preparer([job for job in jobs if job.format and job.result is None], config.chunk_rows,
                      config.workers, config.parallel_bytes, load_date=load_date) as preparer:
            for number, job in enumerate(jobs, start=1):
                if job.result is None and job.format is None:
                    job.result = record_unreadable(conn, job.landed, _name(job), load_date, job.problem)
                elif job.result is None:
                    job.result = load_file(conn, job.landed, job.kind, job.format.name, load_date,
                                           config.max_bad_row_share, preparer.chunks_of(job),
                                           complete_from=declared.get(job.landed.source), name=_name(job))
                    job.prepared = None
                summary.files.append(job.result)
                progress(_progress_line(number, len(jobs), job.result))
        load_ids = [f.load_id for f in summary.files if f.load_id]
        summary.quarantine_by_reason = dict(conn.execute(db.sql("audit/quarantine_by_rule"),
                                                         {"load_ids": load_ids}).fetchall())
    summary.seconds = round(time.perf_counter() - started, 2)
    return summary


def _name(job: FileJob) -> str:
    """The file's name in this run: as given, or the name it was landed under for a file taken from the
    landing zone (``_unfinished``)."""
    return job.landed.original_name if job.path == job.landed.stored_path else job.path.name


def _unfinished(conn, source: str, kinds: frozenset[str] | None, given: set[int]) -> list[FileJob]:
    """The jobs of the files of ``source`` landed before that no load finished (sql/audit/unfinished_files.sql)
    and that this run was not given: their run died, so they are loaded from the landing zone. A file whose
    format is no longer known (a vendor layout removed) is recorded as failed, so it is not taken again."""
    jobs = []
    for file_id, sha, stored, original, landed_source, format_name in conn.execute(
            db.sql("audit/unfinished_files"), {"source": source}).fetchall():
        landed = LandedFile(file_id, sha, Path(stored), original, landed_source, format_name)
        try:
            fmt = registry.by_name(format_name)
        except KeyError:
            fmt = None
        if file_id in given or (fmt is not None and kinds is not None and fmt.kind not in kinds):
            continue
        problem = None if fmt else (f"tệp {original}: định dạng {format_name} không còn được nhận ra "
                                    f"(xem docs/formats.md)")
        jobs.append(FileJob(Path(stored), fmt, problem, landed=landed))
    return jobs


def _settled(conn, job: FileJob, first: FileJob, load_date: date) -> FileResult | None:
    """The result of a file that needs no load, None for one to load: the same content as ``first``, a file
    before it in this run (skipped, naming both); content loaded before (skipped, naming the earlier name when
    it differs); a file taken from the landing zone whose landed copy is gone (failed alone: a run given the
    file again lands it anew)."""
    name = _name(job)
    fmt = job.format and job.format.name
    if first is not job:
        earlier = _name(first)
        note = (f"tệp {name}: đã tiếp nhận dưới tên khác trong lần nạp này ({earlier}, cùng nội dung), bỏ qua"
                if earlier != name else f"tệp {name}: được chỉ định hai lần trong lần nạp này, bỏ qua lần sau")
        return FileResult(name, fmt, "skipped", note=note)
    if job.format and landing.already_loaded(conn, job.landed.file_id):
        note = (f"tệp {name}: đã nạp trước đây dưới tên khác ({job.landed.original_name}, cùng nội dung), bỏ qua"
                if job.landed.original_name != name else None)
        return FileResult(name, fmt, "skipped", note=note)
    if job.format and not job.landed.stored_path.exists():
        return record_unreadable(conn, job.landed, name, load_date,
                                 f"tệp {name}: bản lưu trong vùng tiếp nhận không còn ({job.landed.stored_path}); "
                                 f"đặt lại tệp vào thư mục nhận của nguồn để lần nạp sau tiếp nhận lại", fmt)
    return None


class Preparer:
    """Reads, normalises and validates the files to load (``etl.load.prepare``), in load order.

    A big load (``parallel_bytes`` or more of input) prepares the next files in ``workers`` processes
    while this one writes to the warehouse, one file ahead per worker (which bounds memory: a worker holds
    one parsed file); a small one prepares each file when its turn comes, since starting processes would
    cost more than they save. A file read ahead already is not read again.
    """

    def __init__(self, jobs: list[FileJob], chunk_rows: int, workers: int, parallel_bytes: int,
                 load_date: date | None = None):
        self.chunk_rows = chunk_rows
        self.load_date = load_date  # bounds the event dates of the rows (etl.load.prepare)
        self.waiting = [job for job in jobs if job.prepared is None and job.unreadable is None]
        big = sum(job.landed.stored_path.stat().st_size for job in self.waiting) >= parallel_bytes
        self.pool = None
        if big and workers >= 1:
            context = multiprocessing.get_context("forkserver")  # no inherited database connections
            context.set_forkserver_preload(["etl.pipeline"])
            self.pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_exit_with,
                                            initargs=(os.getpid(),))
        self.ahead = workers
        self.futures: dict[int, Future] = {}

    def __enter__(self) -> "Preparer":
        return self

    def __exit__(self, *exc) -> None:
        if self.pool:
            self.pool.shutdown(cancel_futures=True)

    def chunks_of(self, job: FileJob) -> Callable[[], list[PreparedChunk]]:
        if job.unreadable is not None:
            def fail():
                raise job.unreadable
            return fail
        if job.prepared is not None:
            return lambda: job.prepared
        if self.pool is None:
            return lambda: prepare(job.landed.stored_path, job.format, job.kind, self.chunk_rows,
                                   load_date=self.load_date)
        position = self.waiting.index(job)
        for ahead in self.waiting[position: position + 1 + self.ahead]:
            if id(ahead) not in self.futures:  # the format crosses to the worker by its name
                self.futures[id(ahead)] = self.pool.submit(_prepare_named, ahead.landed.stored_path,
                                                           ahead.format.name, self.chunk_rows, self.load_date)
        return self.futures.pop(id(job)).result


def _exit_with(parent: int) -> None:
    """Pool initializer: the worker ends when the process that started the pool ends, however it ends. Workers
    are children of the forkserver, which lives as long as they do, and they wait on a queue whose other end
    they hold themselves: after a kill -9 of the run (or of its Airflow task) nothing would end them (~450 MB
    left behind per run). Watched by a daemon thread: a pidfd of the parent, readable when it exits (Linux
    5.3+), else a look once a second."""
    threading.Thread(target=_watch_parent, args=(parent,), name="cchc-parent-watch", daemon=True).start()


def _watch_parent(parent: int) -> None:
    try:
        handle = os.pidfd_open(parent)
    except ProcessLookupError:
        os._exit(1)
    except (AttributeError, OSError):  # no pidfd: look
        while _alive(parent):
            time.sleep(1)
        os._exit(1)
    select.select([handle], [], [])
    os._exit(1)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, another user's
        pass
    return True


def _prepare_named(path: Path, format_name: str, chunk_rows: int,
                   load_date: date | None = None) -> list[PreparedChunk]:
    """``prepare`` in a worker process, the format given by its name."""
    fmt = registry.by_name(format_name)
    return prepare(path, fmt, EXPORT_KINDS[fmt.kind], chunk_rows, load_date=load_date)


def check(path: Path, chunk_rows: int | None = None, load_date: date | None = None) -> dict:
    """Read and validate one file without touching the warehouse: what a load would quarantine, and why, and
    whether the load would refuse the whole file (``refused``: the reasons of the file-level rules,
    expectations/file_batch.json, with the threshold of CCHC_MAX_BAD_ROW_SHARE, as etl.load.load_file applies
    them; for an all-or-nothing kind, its failing rows). Duplicates within the file are found only by the load, so
    a load may quarantine more."""
    job = detect(path)
    if job.format is None:
        return {"file": path.name, "format": None, "error": job.problem}
    try:
        chunks = prepare(path, job.format, job.kind, chunk_rows or settings().chunk_rows, load_date=load_date)
    except SourceError as error:
        return {"file": path.name, "format": job.format.name, "error": error.describe(path.name)}
    quarantine = [row for chunk in chunks for row in chunk.quarantine.drop(columns=["record"]).to_dict("records")]
    failures = [{k: v for k, v in row.items() if k != "record_key"} for row in quarantine]
    rows_read, rows_failing = sum(c.rows_read for c in chunks), sum(c.bad_rows for c in chunks)
    result = {"file": path.name, "format": job.format.name, "rows_read": rows_read, "rows_failing": rows_failing,
              "all_or_nothing": job.kind.all_or_nothing, "failures": failures}
    if job.kind.all_or_nothing:  # refused before the file-level rules, as the load does; each bad cell named
        result["refused"] = [refusal(quarantine)] if quarantine else []
        result["problems"] = [problem(row) for row in quarantine]
        return result
    result["refused"] = batch_failures({"rows_read": rows_read,
                                        "bad_row_share": rows_failing / rows_read if rows_read else 0.0},
                                       max_bad_row_share=settings().max_bad_row_share)
    return result


def summary_from_audit(load_date: date, url: str | None = None) -> RunSummary:
    """The summary of every load of ``load_date``, read back from the audit tables. A load whose run died
    reads as interrupted, also before a later run marks it so, noting whether a later load of the file
    finished; a load running now in another process reads as running."""
    summary = RunSummary(load_date=load_date.isoformat())
    with db.connect(url) as conn, conn.cursor(row_factory=dict_row) as cursor:
        for row in cursor.execute(db.sql("audit/loads_of_date"), {"load_date": load_date}).fetchall():
            seconds, loaded_later = row.pop("seconds"), row.pop("loaded_later")
            result = FileResult(**row)
            if result.status == "interrupted":
                result.error = result.error or INTERRUPTED % result.file
                result.note = "đã nạp lại sau đó" if loaded_later else "chưa nạp lại"
            summary.files.append(result)
            summary.seconds += float(seconds or 0)
        load_ids = [f.load_id for f in summary.files]
        summary.quarantine_by_reason = dict(conn.execute(db.sql("audit/quarantine_by_rule"),
                                                         {"load_ids": load_ids}).fetchall())
    summary.seconds = round(summary.seconds, 2)
    return summary


def ingest_source(name: str, load_date: date | None = None, url: str | None = None,
                  progress: Progress = print, kinds: frozenset[str] | None = None,
                  connection_password: Callable[[str], str | None] | None = None) -> RunSummary:
    """Load every file of one configured source (config/sources.yaml): the files of its folder (``path``)
    and, for an API source (``api``), the dossiers pulled since its watermark, which moves once they are
    loaded. An API that cannot be read raises ApiError after the folder's files are loaded.
    ``connection_password`` looks up an Airflow connection's password (the API token of ``conn_id``)."""
    source = sources()[name]
    paths = [Path(source["path"].format(inbox=settings().inbox_dir, home=settings().home))] if "path" in source else []
    pulled = failure = None
    if "api" in source and (kinds is None or "dossier" in kinds):
        from etl import extract  # httpx, tenacity (and rich with httpx): ~0.3 s to import, paid by API pulls only

        try:
            pulled = extract.pull(name, source["api"], url=url, progress=progress,
                                  connection_password=connection_password)
        except extract.ApiError as error:
            failure = error
    summary = ingest(paths + (pulled.files if pulled else []), source=name, load_date=load_date, url=url,
                     progress=progress, kinds=kinds)
    if pulled:
        extract.commit(pulled, summary.files, url=url, progress=progress)
    if failure:
        raise failure
    return summary


def _declared_complete_from() -> dict[str, date]:
    """The declared complete_from of each configured source that has one (none without a sources file: files
    given by hand still load)."""
    if not settings().sources_file.exists():
        return {}
    return {name: s["complete_from"] for name, s in sources().items() if s.get("complete_from")}


def _declare(conn, names: set[str], declared: dict[str, date]) -> None:
    """The declared complete_from of each source onto what its earlier loads recorded (audit.data_coverage): a
    changed declaration applies at the next run of the source, also one without new files."""
    for name in sorted(names):
        conn.execute(db.sql("audit/declare_complete_from"), {"source": name, "complete_from": declared.get(name)})


def detect(path: Path) -> FileJob:
    """The job of one file: the format that recognises it, or None and why not."""
    try:
        fmt = registry.detect(path)
    except SourceError as error:
        return FileJob(path, None, error.describe(path.name))
    if fmt is None:
        return FileJob(path, None, f"tệp {path.name}: không nhận ra định dạng tệp (xem docs/formats.md)")
    return FileJob(path, fmt)


def _read_ahead(job: FileJob, chunk_rows: int, load_date: date | None = None) -> None:
    try:
        job.prepared = prepare(job.landed.stored_path, job.format, job.kind, chunk_rows, load_date=load_date)
    except SourceError as error:
        job.unreadable = error  # the load reports it


def _load_order(job: FileJob) -> tuple[int, str]:
    """Unreadable files first (they only get recorded), then by kind (units, lineage, catalogues, dossiers,
    feedback); reference files of one kind by the earliest effective date they state (once read ahead),
    undated ones (the base lists) first."""
    if job.format is None:
        return -1, ""
    dates = [chunk.effective_from for chunk in job.prepared or () if chunk.effective_from]
    return job.kind.load_order, min(dates, default="")


def _metadata(job: FileJob) -> dict:
    if job.format is None:
        return {}
    try:
        return job.format.metadata(job.path)
    except SourceError as error:  # the load reports it; landing still records the file
        return {"loi_doc_tieu_de": str(error)}


def _progress_line(number: int, total: int, r: FileResult) -> str:
    head = f"[{number}/{total}] {r.file} ({r.format or '?'}): "
    if r.status == "skipped":
        return head + (r.note or "đã nạp trước đây, bỏ qua")
    if r.status == "failed":
        return head + f"LỖI — {r.error}"
    return head + (f"đọc {n(r.rows_read)}, nạp {n(r.rows_loaded)}, cách ly {n(r.rows_quarantined)}"
                   f" (mới {n(r.rows_inserted)}, cập nhật {n(r.rows_updated)})")


def format_summary(summary: RunSummary) -> str:
    """The load summary printed at the end of a run (vi-VN number format)."""
    lines = [
        f"Tóm tắt lần nạp ngày {summary.load_date}",
        f"  Tệp: {n(len(summary.files))} (nạp {n(summary.count('loaded'))}, bỏ qua vì đã nạp "
        f"{n(summary.count('skipped'))}, lỗi {n(summary.count('failed'))}"
        + "".join(f", {label} {n(summary.count(status))}" for status, label in UNFINISHED_LABELS.items()
                  if summary.count(status)) + ")",
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
    lines += [f"  Bỏ qua: {f.note}" for f in summary.files if f.status == "skipped" and f.note]
    lines += [f"  Lần nạp dở của lần chạy trước (đã đánh dấu gián đoạn): {message}" for message in summary.interrupted]
    lines += [f"  GIÁN ĐOẠN: {f.error} ({f.note})" for f in summary.files if f.status == "interrupted"]
    lines += [f"  ĐANG NẠP: tệp {f.file} (lần nạp số {f.load_id})" for f in summary.files if f.status == "running"]
    for f in summary.failed:
        lines.append(f"  LỖI: {f.error}")
    lines.append(f"  Thời gian: {vi.number(summary.seconds, 1)} giây")
    return "\n".join(lines)
