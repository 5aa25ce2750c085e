#!/usr/bin/env python
"""Load benchmark: end-to-end ingest vs a raw COPY of the same rows, and the cost of a 1% second night.

Not a test: it prints figures. See bench/README.md. Run from the repository root:

    .venv/bin/python bench/bench_load.py                      # 1,000,000 dossiers
    .venv/bin/python bench/bench_load.py --dossiers 50000     # a quick check
    .venv/bin/python bench/bench_load.py --dossiers 100000 --profile   # where the time goes (cProfile)
    .venv/bin/python bench/bench_load.py --peers --peers-dossiers 100000   # then ours beside pandas and dlt

Steps:
1. generate the sample province (JSON payloads only, ``listing_share=0``) into ``<workdir>/sample-<N>``,
   in a child process, reused when it already exists with the same parameters (not measured);
2. first night: fresh scratch database ``cchc_bench_*``, ``migrate.upgrade``, ``pipeline.ingest`` of the whole
   folder (wall time, rows read/s, peak RSS sampled every 0.2 s, getrusage maxrss);
3. raw COPY baseline: ``dw.fact_dossier`` exported to CSV (not measured), then a timed
   ``COPY ... FROM STDIN (FORMAT csv)`` into ``bench_copy (LIKE dw.fact_dossier INCLUDING ALL)``
   (same columns, primary key, unique dossier_code and the two other indexes);
4. second night: ~0.5% of the dossiers re-sent with a later status/return date and ~0.5% brand-new dossiers,
   written as a few NEW payload files in the same folder; the whole folder is ingested again (files loaded
   before are skipped by content hash) and timed;
5. with ``--peers``: the same files (or the first months' files up to ``--peers-dossiers`` rows) loaded by
   ``cchc ingest``, a pandas ``to_sql`` load and a dlt merge load, each in a child process into its own scratch
   database, their rows/s side by side (bench/peers/harness.py).
"""
from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import random
import resource
import shutil
import subprocess
import sys
import threading
import time
import uuid
from collections import defaultdict
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")

import psycopg  # noqa: E402
from psycopg import sql as pgsql  # noqa: E402

SEED = 38
YEAR = 2024
ADMIN_URL = os.environ.get("CCHC_BENCH_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
DELTA_CHANGED_SHARE = 0.005  # dossiers re-sent with a new state
DELTA_NEW_SHARE = 0.005  # brand-new dossiers
DELTA_MONTHS = ("10", "11", "12")  # recent months: where open dossiers sit
DELTA_DAYS = ("20250102", "20250103", "20250106", "20250107", "20250108")  # working days after the export
FIRST_NIGHT, SECOND_NIGHT = date(2025, 1, 1), date(2025, 1, 8)
GOAL_RATIO, GOAL_RSS_MB = 0.40, 2048


def say(message: str = "") -> None:
    print(message, flush=True)


# ---------------------------------------------------------------------------------------------------- memory

class RssSampler:
    """Peak resident set size of this process, sampled every ``interval`` seconds by a background thread."""

    def __init__(self, interval: float = 0.2):
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        try:
            import psutil

            process = psutil.Process()

            def tree_rss() -> int:  # this process and its descendants (the load's worker processes)
                total = process.memory_info().rss
                for child in process.children(recursive=True):
                    try:
                        total += child.memory_info().rss
                    except psutil.NoSuchProcess:
                        pass
                return total

            self._read = tree_rss
            self.how = "psutil"
        except ImportError:
            self._read = _vmrss_from_proc
            self.how = "/proc/self/status VmRSS"

    def current(self) -> int:
        return self._read()

    def __enter__(self) -> "RssSampler":
        self.peak = self._read()
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.peak = max(self.peak, self._read())

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._read())


def _vmrss_from_proc() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def maxrss_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # kilobytes on Linux


def mb(n_bytes: int) -> str:
    return f"{n_bytes / 2**20:,.0f} MB"


# ---------------------------------------------------------------------------------------------------- sample

def sample_folder(workdir: Path, dossiers: int) -> tuple[Path, dict, float | None]:
    """The generated sample (generated now, or reused); returns (folder, manifest, generation seconds or None)."""
    from etl.sample import MANIFEST_NAME

    folder = workdir / f"sample-{dossiers}-seed{SEED}-{YEAR}-json"
    manifest_path = folder / MANIFEST_NAME
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        wanted = {"dossiers": dossiers, "seed": SEED, "year": YEAR, "listing_share": 0}
        if manifest.get("parameters") == wanted and all((folder / f).is_file() for f in manifest["files"]):
            _remove_unlisted(folder, manifest)
            return folder, manifest, None
    if folder.exists():
        shutil.rmtree(folder)
    say(f"generating {dossiers:,} dossiers into {folder} (child process) ...")
    code = ("import sys; from pathlib import Path; from etl.sample import generate_sample; "
            "generate_sample(Path(sys.argv[1]), dossiers=int(sys.argv[2]), seed=int(sys.argv[3]), "
            "year=int(sys.argv[4]), listing_share=0, progress=lambda m: print('  generated', m, flush=True))")
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, str(folder), str(dossiers), str(SEED), str(YEAR)],
                   check=True, cwd=REPO)
    seconds = time.perf_counter() - started
    return folder, json.loads(manifest_path.read_text(encoding="utf-8")), seconds


def _remove_unlisted(folder: Path, manifest: dict) -> None:
    """Delete files a previous run added (the second-night delta), so the first night sees only the sample."""
    listed = set(manifest["files"])
    for path in folder.rglob("*"):
        if path.is_file() and not path.name.startswith(".") and path.relative_to(folder).as_posix() not in listed:
            path.unlink()


# ---------------------------------------------------------------------------------------------------- database

def with_database(admin_url: str, name: str) -> str:
    return urlunsplit(urlsplit(admin_url)._replace(path=f"/{name}"))


def create_database(name: str) -> str:
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(pgsql.SQL("CREATE DATABASE {}").format(pgsql.Identifier(name)))
    return with_database(ADMIN_URL, name)


def drop_database(name: str) -> None:
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(pgsql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(pgsql.Identifier(name)))


def checkpoint(url: str) -> None:
    """Start each timed phase with no dirty buffers left over from the previous one."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CHECKPOINT")


def vacuum_analyze(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM (ANALYZE)")


# ---------------------------------------------------------------------------------------------------- loads

class Progress:
    """The ``progress`` callback of ``ingest``: every ``every``-th file and the last one."""

    def __init__(self, total_files: int, sampler: RssSampler, every: int = 50):
        self.total, self.every, self.sampler = total_files, every, sampler
        self.seen = 0
        self.started = time.perf_counter()

    def __call__(self, line: str) -> None:
        self.seen += 1
        if self.seen % self.every == 0 or self.seen == self.total:
            say(f"  {time.perf_counter() - self.started:7.1f}s  RSS {mb(self.sampler.current()):>9}  {line}")


def night(url: str, folder: Path, load_date: date, label: str):
    """One timed ``ingest`` of the whole folder; returns (summary, seconds, peak RSS bytes)."""
    from etl import pipeline

    files = len(pipeline.expand([folder]))
    say(f"{label}: ingest of {folder} ({files} files, chunk {os.environ.get('CCHC_CHUNK_ROWS', '50000')} rows)")
    checkpoint(url)
    with RssSampler() as sampler:
        started = time.perf_counter()
        summary = pipeline.ingest([folder], source="bench", load_date=load_date, url=url,
                                  progress=Progress(files, sampler))
        seconds = time.perf_counter() - started
    for failed in summary.failed:
        say(f"  FAILED: {failed.error}")
    say(f"  {label}: {seconds:.1f}s; files loaded {summary.count('loaded')}, skipped {summary.count('skipped')}, "
        f"failed {summary.count('failed')}; rows read {summary.total('rows_read'):,}, "
        f"loaded {summary.total('rows_loaded'):,} (new {summary.total('rows_inserted'):,}, "
        f"updated {summary.total('rows_updated'):,}), quarantined {summary.total('rows_quarantined'):,}; "
        f"peak RSS {mb(sampler.peak)}")
    return summary, seconds, sampler.peak


def raw_copy(url: str, workdir: Path) -> tuple[int, float, int]:
    """Export dw.fact_dossier to CSV (not timed), then time a plain COPY of it into an indexed copy of the table."""
    csv_path = workdir / f"fact_dossier-{urlsplit(url).path.strip('/')}.csv"
    with psycopg.connect(url) as conn, csv_path.open("wb") as out:
        with conn.cursor().copy("COPY (SELECT * FROM dw.fact_dossier) TO STDOUT (FORMAT csv)") as copy:
            for block in copy:
                out.write(block)
        conn.execute("DROP TABLE IF EXISTS public.bench_copy")
        conn.execute("CREATE TABLE public.bench_copy (LIKE dw.fact_dossier INCLUDING ALL)")
        indexes = conn.execute("SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' "
                               "AND tablename = 'bench_copy' ORDER BY indexname").fetchall()
    size = csv_path.stat().st_size
    say(f"raw COPY: {size / 2**20:,.0f} MB of CSV into public.bench_copy with {len(indexes)} indexes:")
    for (definition,) in indexes:
        say(f"  {definition}")
    checkpoint(url)
    started = time.perf_counter()
    with psycopg.connect(url) as conn, csv_path.open("rb") as source:
        cur = conn.cursor()
        with cur.copy("COPY public.bench_copy FROM STDIN (FORMAT csv)") as copy:
            while block := source.read(1 << 20):
                copy.write(block)
        rows = cur.rowcount
        conn.commit()
    seconds = time.perf_counter() - started
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP TABLE public.bench_copy")
    csv_path.unlink()
    return rows, seconds, size


# ---------------------------------------------------------------------------------------------------- delta

def write_delta(folder: Path, manifest: dict, dossiers: int) -> tuple[list[Path], int, int]:
    """New payload files with ~0.5% dossiers re-sent in a later state and ~0.5% brand-new dossiers.

    Candidates come from the monthly payloads of the last three months; dossiers with an injected defect
    (re-sent, duplicated, bad dates, ...) are left alone so every delta row is a clean change.
    """
    from etl.sample import SUPPLEMENT_DONE, SYNC_SERVICE

    rng = random.Random(SEED + 1)
    want_changed, want_new = round(dossiers * DELTA_CHANGED_SHARE), round(dossiers * DELTA_NEW_SHARE)
    defective = {item["ma_ho_so"] for kind in manifest["defects"].values() for item in kind["items"]}
    sources = sorted(f for f, info in manifest["files"].items()
                     if info["kind"] == "dossier_json" and not info.get("is_updating")
                     and Path(f).stem.split("-")[-1] in DELTA_MONTHS)
    changed: list[tuple[str, dict]] = []  # reservoir samples of (sender, dossier)
    templates: list[tuple[str, dict]] = []
    seen_open = seen_any = 0
    for relative in sources:
        document = json.loads((folder / relative).read_text(encoding="utf-8"))
        sender = document["madonvi"]
        for obj in document["data"]:
            if obj.get("MaHoSo") in defective:
                continue
            seen_any += 1
            _reservoir(rng, templates, want_new, seen_any, (sender, obj))
            if obj.get("TrangThaiHoSo") in (4, 5, 9):
                seen_open += 1
                _reservoir(rng, changed, want_changed, seen_open, (sender, obj))
        del document
    by_sender: dict[str, list[dict]] = defaultdict(list)
    for sender, obj in changed:
        by_sender[sender].append(_resend(rng, obj, SUPPLEMENT_DONE))
    sequence: dict[tuple[str, str], int] = defaultdict(int)
    for sender, template in templates:
        by_sender[sender].append(_new_dossier(rng, template, sequence))
    written = []
    for sender, objects in sorted(by_sender.items()):
        path = folder / "dossiers" / sender / "2025-01-08-dem-thu-hai.json"
        envelope = {"madonvi": sender, "service": SYNC_SERVICE, "isUpdating": True, "data": objects}
        path.write_text(json.dumps(envelope, ensure_ascii=False), encoding="utf-8")
        written.append(path)
    return written, len(changed), len(templates)


def _reservoir(rng: random.Random, sample: list, size: int, seen: int, item) -> None:
    if len(sample) < size:
        sample.append(item)
    else:
        slot = rng.randrange(seen)
        if slot < size:
            sample[slot] = item


def _stamp(rng: random.Random, day: str, earliest_hour: int = 8) -> str:
    second = rng.randrange(earliest_hour * 3600, 16 * 3600)
    return f"{day}{second // 3600:02d}{second // 60 % 60:02d}{second % 60:02d}"


def _resend(rng: random.Random, obj: dict, supplement_done: str) -> dict:
    """The dossier as its system re-sends it after the export: finished and returned in January."""
    obj = dict(obj)
    day = rng.choice(DELTA_DAYS[1:])
    if obj["TrangThaiHoSo"] in (4, 5):
        obj["NgayKetThucXuLy"] = _stamp(rng, day, 8)
        requests = [dict(r) for r in obj.get("DanhSachHoSoBoSung") or []]
        for request in requests:
            if not request.get("NgayTiepNhanBoSung"):
                request.update(NgayTiepNhanBoSung=f"{DELTA_DAYS[0]}080000", TrangThaiBoSung=supplement_done,
                               NgayHenTraMoi=obj.get("NgayHenTra"))
        obj["DanhSachHoSoBoSung"] = requests
    obj["NgayTra"] = f"{day}163000"
    obj["TrangThaiHoSo"] = 10
    return obj


def _new_dossier(rng: random.Random, template: dict, sequence: dict) -> dict:
    """A dossier received in January, still in progress: a new MaHoSo of the template's unit."""
    day = rng.choice(DELTA_DAYS)
    unit = template["MaDonVi"]
    sequence[(unit, day)] += 1
    received = _stamp(rng, day)
    obj = dict(template, MaHoSo=f"{unit}-{day[2:]}-{9000 + sequence[(unit, day)]:04d}", NgayNopHoSo=received,
               NgayTiepNhan=received, NgayHenTra=f"{DELTA_DAYS[-1]}170000", NgayKetThucXuLy=None, NgayTra=None,
               TrangThaiHoSo=4, DanhSachHoSoBoSung=[], DanhSachGiayToKetQua=[])
    obj.pop("MaHoSoCu", None)
    obj.pop("SoBienNhan", None)
    return obj


# ---------------------------------------------------------------------------------------------------- profile

class StatementTimer:
    """Wall time per SQL statement kind (first comment line of the text), by wrapping Connection.execute."""

    def __init__(self):
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self._original = psycopg.Connection.execute

    def __enter__(self):
        original, seconds, calls = self._original, self.seconds, self.calls

        def execute(conn, query, params=None, **kwargs):
            text = query if isinstance(query, str) else str(query)
            key = text.strip().splitlines()[0][:90] if text.strip() else "?"
            started = time.perf_counter()
            try:
                return original(conn, query, params, **kwargs)
            finally:
                seconds[key] += time.perf_counter() - started
                calls[key] += 1

        psycopg.Connection.execute = execute
        return self

    def __exit__(self, *exc):
        psycopg.Connection.execute = self._original


def profile_night(url: str, folder: Path, load_date: date, label: str, top: int = 30) -> None:
    """One night under cProfile: top functions and the time of the pipeline's stages."""
    from etl import pipeline

    profiler = cProfile.Profile()
    with StatementTimer() as statements, RssSampler() as sampler:
        started = time.perf_counter()
        profiler.enable()
        summary = pipeline.ingest([folder], source="bench", load_date=load_date, url=url, progress=lambda m: None)
        profiler.disable()
        wall = time.perf_counter() - started
    rows = summary.total("rows_read")
    say(f"\n==== profiled {label}: {wall:.1f}s (with cProfile overhead) for {rows:,} rows read "
        f"({summary.count('loaded')} files loaded, {summary.count('skipped')} skipped), peak RSS {mb(sampler.peak)}")
    stats = pstats.Stats(profiler)
    stages = {  # (file suffix, function name) -> label
        ("etl/files.py", "sha256_of"): "landing: sha256 of the file",
        ("etl/landing.py", "land"): "landing: hash + copy + register",
        ("etl/pipeline.py", "_metadata"): "metadata (envelope of new files)",
        ("etl/sources/dossier_json.py", "_load"): "JSON: read + orjson.loads",
        ("etl/sources/dossier_json.py", "read"): "JSON reader: _load + records + frames",
        ("etl/sources/dossier_json.py", "_record"): "JSON reader: per-record dict building",
        ("etl/canonical.py", "frame_from_records"): "JSON reader: DataFrame from records",
        ("etl/normalise.py", "normalise_dossiers"): "normalise_dossiers",
        ("etl/normalise.py", "parse_dates"): "normalise: parse_dates",
        ("etl/validate.py", "row_failures"): "suite rules (etl/rules.py via row_failures)",
        ("etl/validate.py", "batch_failures"): "suite rules (batch_failures)",
        ("etl/load.py", "prepare"): "prepare (read + normalise + validate + to_csv)",
        ("etl/load.py", "copy_text"): "COPY to staging and quarantine (copy_text)",
        ("etl/db.py", "run"): "SQL files run (staging, checks, writes, audit)",
        ("etl/load.py", "_stage"): "_stage (COPY of the prepared chunks)",
        ("etl/load.py", "load_file"): "load_file (all but landing/metadata)",
    }
    found = {}
    for (filename, _line, function), (_cc, _nc, _tt, cumulative, _callers) in stats.stats.items():
        for (suffix, name), label in stages.items():
            if function == name and filename.endswith(suffix):
                found[label] = cumulative
    to_csv = sum(ct for (f, _l, fn), (_c, _n, _t, ct, _) in stats.stats.items() if fn == "to_csv" and "pandas" in f)
    found["pandas to_csv (inside prepare)"] = to_csv
    say("\nstages (cumulative seconds under cProfile; nested stages overlap):")
    for label in list(stages.values()) + ["pandas to_csv (inside prepare)"]:
        if label in found:
            say(f"  {found[label]:8.1f}s  {found[label] / wall:6.1%}  {label}")
    say("\nSQL statements (wall seconds, client side; COPY is not here):")
    for key, seconds in sorted(statements.seconds.items(), key=lambda kv: -kv[1])[:12]:
        say(f"  {seconds:8.1f}s  {statements.calls[key]:5d} calls  {key}")
    say(f"\ntop {top} functions by cumulative time:")
    buffer = io.StringIO()
    pstats.Stats(profiler, stream=buffer).strip_dirs().sort_stats("cumulative").print_stats(top)
    say(buffer.getvalue())
    say(f"top {top} functions by own time:")
    buffer = io.StringIO()
    pstats.Stats(profiler, stream=buffer).strip_dirs().sort_stats("tottime").print_stats(top)
    say(buffer.getvalue())


# ---------------------------------------------------------------------------------------------------- main

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dossiers", type=int, default=1_000_000, help="dossiers to generate (default 1,000,000)")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/cchc-bench"),
                        help="scratch folder: the generated sample (reused), landing zone, CSV export")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database and landing zone")
    parser.add_argument("--profile", action="store_true",
                        help="instead of the benchmark: profile one first-night load with cProfile")
    parser.add_argument("--peers", action="store_true",
                        help="after the benchmark (not with --profile), load the same files with ours, pandas "
                             "to_sql and dlt merge (bench/peers), each in a child process and its own scratch "
                             "database, and compare")
    parser.add_argument("--peers-dossiers", type=int, default=None, metavar="N",
                        help="with --peers: only the first months' files, until N dossier rows (default: every file)")
    args = parser.parse_args(argv)
    workdir = args.workdir.resolve()
    workdir.mkdir(parents=True, exist_ok=True)

    folder, manifest, generation = sample_folder(workdir, args.dossiers)
    json_rows = manifest["totals"]["json_rows"]
    size = sum((folder / f).stat().st_size for f in manifest["files"])
    say(f"sample: {folder} — {len(manifest['files'])} files, {size / 2**20:,.0f} MB, {json_rows:,} JSON rows, "
        + (f"generated in {generation:.1f}s" if generation is not None else "reused"))

    from etl import migrate

    name = f"cchc_bench_{uuid.uuid4().hex[:10]}"
    home = workdir / f"home-{name}"
    url = create_database(name)
    os.environ["WAREHOUSE_URL"] = url
    os.environ["CCHC_HOME"] = str(home)
    os.environ.pop("CCHC_LANDING_DIR", None)
    say(f"scratch database {name}; landing zone {home / 'landing'}")
    try:
        migrate.upgrade(url)
        if args.profile:
            profile_night(url, folder, FIRST_NIGHT, "first night")
            vacuum_analyze(url)
            changed, new = write_delta(folder, manifest, args.dossiers)[1:]
            say(f"\nsecond-night delta: {changed:,} changed + {new:,} new dossiers")
            profile_night(url, folder, SECOND_NIGHT, "second night", top=20)
            return 0
        baseline_rss = maxrss_bytes()
        first, first_seconds, first_peak = night(url, folder, FIRST_NIGHT, "first night")
        first_maxrss = maxrss_bytes()

        rows_read = first.total("rows_read")

        vacuum_analyze(url)  # not timed: what autovacuum would have done by the next night
        copy_rows, copy_seconds, _ = raw_copy(url, workdir)
        say(f"  raw COPY: {copy_rows:,} rows in {copy_seconds:.1f}s")

        delta_files, changed, new = write_delta(folder, manifest, args.dossiers)
        say(f"second-night delta: {changed:,} changed + {new:,} new dossiers in {len(delta_files)} new files")
        second, second_seconds, second_peak = night(url, folder, SECOND_NIGHT, "second night")
        delta_rows = second.total("rows_read")
    finally:
        if args.keep:
            say(f"kept: database {name} ({url}), landing zone {home}")
        else:
            drop_database(name)
            shutil.rmtree(home, ignore_errors=True)

    e2e_rate, copy_rate = rows_read / first_seconds, copy_rows / copy_seconds
    ratio = e2e_rate / copy_rate
    generate = f"{generation:.1f}s" if generation is not None else "reused"
    table = [
        ("rows", f"{rows_read:,}  ({args.dossiers:,} dossiers, {size / 2**20:,.0f} MB of JSON)"),
        ("generate (not measured)", generate),
        ("end-to-end load", f"{first_seconds:.1f}s   {e2e_rate:,.0f} rows/s   peak RSS {mb(first_peak)} "
                            f"(getrusage maxrss {mb(first_maxrss)}, before load {mb(baseline_rss)})"),
        ("raw COPY (indexed table)", f"{copy_seconds:.1f}s   {copy_rate:,.0f} rows/s   ({copy_rows:,} rows)"),
        ("ratio end-to-end / raw COPY", f"{ratio:.1%}   (goal >= {GOAL_RATIO:.0%}: "
                                        f"{'met' if ratio >= GOAL_RATIO else 'NOT met'})"),
        ("peak memory goal", f"{mb(first_peak)} sampled over the process and its worker processes "
                             f"(goal < {GOAL_RSS_MB:,} MB: {'met' if first_peak < GOAL_RSS_MB * 2**20 else 'NOT met'})"),
        ("second night (1% delta)", f"{second_seconds:.1f}s for {delta_rows:,} rows "
                                    f"({second_seconds / first_seconds:.1%} of first night; "
                                    f"new {second.total('rows_inserted'):,}, "
                                    f"updated {second.total('rows_updated'):,}, "
                                    f"files skipped {second.count('skipped')}, peak RSS {mb(second_peak)})"),
    ]
    say("")
    for label, value in table:
        say(f"{label:<30}{value}")
    if args.peers:
        from peers.harness import run_peers  # bench/peers, next to this script

        run_peers(folder, manifest, workdir, dossiers=args.peers_dossiers, keep=args.keep,
                  create_database=create_database, drop_database=drop_database, checkpoint=checkpoint)
    return 0


if __name__ == "__main__":
    sys.exit(main())
