"""The peers of the load bench (``bench_load.py --peers``): our ingest beside what a team would otherwise pick.

Three loads of the same dossier payloads, one after another, each a child process timed from its start to its
exit, each into its own fresh database on the bench's PostgreSQL server (dropped at the end unless ``--keep``),
each after a CHECKPOINT:

- ours: ``cchc ingest`` of the folder (project venv; the database migrated first, not timed, as the first night);
- pandas_to_sql.py: ``json_normalize`` + ``DataFrame.to_sql``, no validation, no merge;
- dlt_merge.py: dlt's postgres destination, ``write_disposition="merge"`` on MaHoSo.

The peers run with the python of scratch virtualenvs under ``<workdir>/peer-venvs`` (pinned below, installed on
first use, reused after, never in requirements.txt). The files are hard links of the sample's, in their own
folder: either every file of the sample's manifest or, with ``--peers-dossiers N``, the first months' dossier
files until N rows (plus the two reference files, which only ours reads). Rows per second count the dossier rows
of those files for every load, over the load time each one reports (our ``seconds``; the peers' own timer).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import psycopg

HERE = Path(__file__).resolve().parent
LOAD_DATE = "2025-01-01"  # the bench's first night
PANDAS_REQUIREMENTS = ("pandas==3.1.1", "SQLAlchemy==2.1.9", "psycopg[binary]==3.3.9")
DLT_REQUIREMENTS = ("dlt[postgres]==1.31.0",)


@dataclass(frozen=True)
class Peer:
    key: str  # names the scratch database and the log
    label: str  # {version}: the version of ``distribution`` in the peer's venv
    script: str | None  # a file of bench/peers run with the venv's python; None: our own CLI
    venv: str | None = None
    requirements: tuple[str, ...] = ()
    distribution: str | None = None


PEERS = (
    Peer("ours", "ours (cchc ingest)", script=None),
    Peer("pandas", "pandas {version} json_normalize+to_sql", script="pandas_to_sql.py", venv="pandas",
         requirements=PANDAS_REQUIREMENTS, distribution="pandas"),
    Peer("dlt", "dlt {version} merge on MaHoSo", script="dlt_merge.py", venv="dlt", requirements=DLT_REQUIREMENTS,
         distribution="dlt"),
)


@dataclass
class Run:
    label: str
    process_seconds: float
    load_seconds: float | None
    rows_read: int | None
    rows_in_table: int | None
    peak_rss: int  # bytes: VmHWM of the child (and of the processes it started)
    error: str | None = None


def say(message: str = "") -> None:
    print(message, flush=True)


# ---------------------------------------------------------------------------------------------------- files

def chosen_files(manifest: dict, dossiers: int | None) -> tuple[list[str], int, str]:
    """(manifest files to load, dossier rows in them, how they were chosen).

    A subset is made of whole file names in name order (2024-01.json of every sender, then 2024-02.json,
    2024-02-capnhat.json, ...) until it holds at least ``dossiers`` rows: the first months, never half of a
    month's senders."""
    files = manifest["files"]
    reference = sorted(f for f, info in files.items() if info["kind"] != "dossier_json")
    dossier_files = sorted((f for f, info in files.items() if info["kind"] == "dossier_json"),
                           key=lambda f: (Path(f).stem, f))
    if dossiers is None:
        rows = sum(files[f]["rows"] for f in dossier_files)
        return reference + dossier_files, rows, f"every file of the sample ({len(dossier_files)} dossier files)"
    picked, rows, names = [], 0, []
    for relative in dossier_files:
        name = Path(relative).stem
        if rows >= dossiers and name not in names:
            break
        if name not in names:
            names.append(name)
        picked.append(relative)
        rows += files[relative]["rows"]
    named = ", ".join(f"{n}.json" for n in names) if len(names) <= 3 else \
        f"{names[0]}.json … {names[-1]}.json ({len(names)} names)"
    return reference + picked, rows, f"the files {named} of every sender ({len(picked)} dossier files)"


def linked_folder(sample: Path, files: list[str], folder: Path) -> Path:
    """``files`` of the sample as hard links under ``folder`` (made again each run: the sample may have changed)."""
    if folder.exists():
        shutil.rmtree(folder)
    for relative in files:
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        os.link(sample / relative, target)
    return folder


# ---------------------------------------------------------------------------------------------------- venvs

def scratch_python(workdir: Path, peer: Peer) -> Path:
    """The python of the peer's scratch virtualenv, created and installed on first use (not timed)."""
    if peer.venv is None:
        return Path(sys.executable)
    venv = workdir / "peer-venvs" / peer.venv
    python = venv / "bin" / "python"
    marker = venv / "bench-requirements.txt"
    wanted = "\n".join(peer.requirements) + "\n"
    if python.exists() and marker.exists() and marker.read_text() == wanted:
        return python
    say(f"  installing {' '.join(peer.requirements)} into {venv} (not timed) ...")
    if venv.exists():
        shutil.rmtree(venv)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                    *peer.requirements], check=True)
    marker.write_text(wanted)
    return python


def installed_version(python: Path, distribution: str) -> str:
    code = f"from importlib.metadata import version; print(version({distribution!r}))"
    return subprocess.run([str(python), "-c", code], check=True, capture_output=True, text=True).stdout.strip()


# ---------------------------------------------------------------------------------------------------- runs

def timed_child(argv: list[str], env: dict, log: Path) -> tuple[float, int, int, str]:
    """Run ``argv``; (wall seconds from start to exit, exit code, peak RSS bytes, stdout). stderr goes to ``log``.

    The peak is the high-water mark (VmHWM) of the child and of each process it starts, read every 0.1 s while they
    live: exact but for growth in the last 0.1 s. Not getrusage/wait4: a child forked from the bench inherits the
    bench's own peak in ru_maxrss."""
    out_path = log.with_suffix(".out")
    peaks: dict[int, int] = {}
    with out_path.open("wb") as out, log.open("wb") as err:
        started = time.perf_counter()
        child = subprocess.Popen(argv, stdout=out, stderr=err, env=env, cwd=HERE.parents[1])
        while child.poll() is None:
            for pid in _process_tree(child.pid):
                peaks[pid] = max(peaks.get(pid, 0), _high_water_mark(pid))
            time.sleep(0.1)
        seconds = time.perf_counter() - started
    return seconds, child.returncode, sum(peaks.values()), out_path.read_text(encoding="utf-8")


def _process_tree(pid: int) -> list[int]:
    tree, pending = [], [pid]
    while pending:
        current = pending.pop()
        tree.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children", encoding="ascii") as children:
                    pending.extend(int(child) for child in children.read().split())
        except OSError:  # gone meanwhile
            pass
    return tree


def _high_water_mark(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def run_one(peer: Peer, label: str, folder: Path, workdir: Path, url: str, python: Path,
            checkpoint: Callable[[str], None]) -> Run:
    """One timed load of ``folder`` into the empty database ``url``."""
    env = dict(os.environ, RUNTIME__DLTHUB_TELEMETRY="false")
    log = workdir / f"peer-{peer.key}.log"
    if peer.script is None:
        from etl import migrate

        migrate.upgrade(url)  # not timed, as the first night
        home = workdir / f"peer-home-{peer.key}"
        shutil.rmtree(home, ignore_errors=True)
        env.update(WAREHOUSE_URL=url, CCHC_HOME=str(home))
        env.pop("CCHC_LANDING_DIR", None)
        argv = [str(python.parent / "cchc"), "ingest", str(folder), "--source", "bench", "--load-date", LOAD_DATE,
                "--json"]
    else:
        argv = [str(python), str(HERE / peer.script), str(folder), url]
        if peer.key == "dlt":
            pipelines = workdir / "peer-dlt-pipelines"
            shutil.rmtree(pipelines, ignore_errors=True)
            argv.append(str(pipelines))
    checkpoint(url)
    seconds, code, peak_rss, out = timed_child(argv, env, log)
    failed = Run(label, seconds, None, None, None, peak_rss, f"exit code {code}, see {log}")
    if peer.script is None:  # cchc ingest --json; exit code 1 when a file failed
        if code not in (0, 1) or not out.strip():
            return failed
        summary = json.loads(out)
        failures = [f["file"] for f in summary["files"] if f["status"] == "failed"]
        rows = sum(f["rows_read"] for f in summary["files"] if f["format"] == "dossier_json")
        with psycopg.connect(url) as conn:
            in_table = conn.execute("SELECT count(*) FROM dw.fact_dossier").fetchone()[0]
        return Run(label, seconds, summary["seconds"], rows, in_table, peak_rss,
                   f"{len(failures)} files failed, see {log}" if failures else None)
    if code != 0:
        return failed
    result = json.loads(out.strip().splitlines()[-1])
    return Run(label, seconds, result["load_seconds"], result["rows_read"], result["rows_in_table"], peak_rss)


def run_peers(sample: Path, manifest: dict, workdir: Path, *, dossiers: int | None, keep: bool,
              create_database: Callable[[str], str], drop_database: Callable[[str], None],
              checkpoint: Callable[[str], None]) -> list[Run]:
    """Load the chosen files with ours and each peer, one after another, and print the comparison."""
    files, rows, chosen = chosen_files(manifest, dossiers)
    folder = linked_folder(sample, files, workdir / f"peers-{sample.name}-{rows}")
    say(f"\npeers: {chosen}, {rows:,} dossier rows, in {folder}")
    runs = []
    for peer in PEERS:
        python = scratch_python(workdir, peer)
        label = peer.label.format(version=peer.distribution and installed_version(python, peer.distribution))
        name = f"cchc_peer_{peer.key}_{uuid.uuid4().hex[:8]}"
        url = create_database(name)
        say(f"  {label}: database {name} ...")
        try:
            run = run_one(peer, label, folder, workdir, url, python, checkpoint)
        finally:
            if keep:
                say(f"  kept: database {name} ({url})")
            else:
                drop_database(name)
        say(f"    process {run.process_seconds:.1f}s, load {run.load_seconds}s, rows read {run.rows_read}, "
            f"rows in table {run.rows_in_table}" + (f"; {run.error}" if run.error else ""))
        runs.append(run)
    if not keep:
        for leftover in (folder, workdir / "peer-dlt-pipelines", workdir / "peer-home-ours"):
            shutil.rmtree(leftover, ignore_errors=True)
    print_table(runs, rows, chosen)
    return runs


def print_table(runs: list[Run], rows: int, chosen: str) -> None:
    """rows/s over each one's load time; "vs ours": its rows/s / ours (ours / its time), also for the process."""
    ours = runs[0]
    workers = os.environ.get("CCHC_WORKERS")
    say(f"\npeers (same {rows:,} dossier rows: {chosen}; same server, one after another"
        + (f"; ours with CCHC_WORKERS={workers}" if workers else "") + "):")
    say(f"  {'':<36}{'load':>8}{'rows/s':>10}{'vs ours':>9}{'process':>10}{'vs ours':>9}{'peak RSS':>10}"
        f"   rows in table")
    for run in runs:
        if run.load_seconds is None:
            say(f"  {run.label:<36}failed after {run.process_seconds:.1f}s: {run.error}")
            continue
        versus = (ours.load_seconds or float("nan")) / run.load_seconds
        versus_process = ours.process_seconds / run.process_seconds
        say(f"  {run.label:<36}{run.load_seconds:7.1f}s{rows / run.load_seconds:>10,.0f}{versus:8.2f}x"
            f"{run.process_seconds:9.1f}s{versus_process:8.2f}x{run.peak_rss / 2**20:>7,.0f} MB   {run.rows_in_table:,}"
            + (f"  rows read {run.rows_read:,}" if run.rows_read != rows else "")
            + (f"  ({run.error})" if run.error else ""))
    say("  load: each one's own timer (ours: the ingest's seconds; peers: first file opened to last row committed);")
    say("  process: start to exit of the child process, imports included; vs ours: its rows/s / ours (1.00x = ours).")
    say("  rows in table: ours dw.fact_dossier (quarantined rows left out, a re-sent dossier once); pandas every row")
    say("  appended (a re-sent dossier twice); dlt its dossier table (merged on MaHoSo, lists in child tables).")
