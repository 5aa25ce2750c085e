"""Fault tests of landing and loading: what a crash leaves behind never blocks a later run, a killed load is
marked interrupted and its files loaded by the next run, workers die with their run, a landed copy that is gone
is landed again (issue 14, defects 1, 7, 9 and 10).

A load is killed at a chosen point without any hook in the code: the test holds an exclusive lock on
restricted.applicant (written only by dossier loads), so a run in another process stops inside the transaction
of its first dossier file, its 'running' row committed and the files after it landed but not loaded; then it is
killed with SIGKILL."""
from __future__ import annotations

import fcntl
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
import pytest

from conftest import query
from etl import landing
from etl.files import sha256_of
from etl.load import mark_interrupted
from etl.pipeline import format_summary, ingest, summary_from_audit
from load_faults import (CATALOGUE, CCHC, DOSSIERS, LOAD_DATE, SMALL, UNITS, UPDATE, cchc_env, dossiers_held,
                         inbox_of, loads, others, serial_snapshot, snapshot, wait_for)

NOBODY = 65534  # the Dockerfile's airflow user is not root either
INTERRUPTED = (f"tệp {UPDATE}: lần nạp bị gián đoạn — tiến trình nạp đã dừng (bị tắt hoặc mất kết nối) trước khi "
               "xong, không có gì của tệp được ghi; lần chạy sau nạp lại tệp")


def cchc_as_nobody() -> list[str]:
    """The command `cchc` for user nobody: this Python when nobody may run it, else the system's Python 3.11 with
    this environment's packages (a pyenv interpreter under /root is out of nobody's reach)."""
    site = next(p for p in sys.path if p.startswith(sys.prefix) and p.endswith("site-packages"))
    for python in (sys.executable, "/usr/bin/python3.11"):
        try:
            subprocess.run([python, "-c", "import sys; assert sys.version_info[:2] == (3, 11)"], check=True,
                           user=NOBODY, group=NOBODY, extra_groups=[], cwd="/")
        except (OSError, subprocess.CalledProcessError):
            continue
        return [python, "-c", f"import site, sys; site.addsitedir({site!r}); sys.argv[0] = 'cchc'; "
                              "from etl.cli import main; main()"]
    pytest.skip("no Python that user nobody may run")


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (from /proc): the forkserver, its workers, the resource tracker."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            children.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def start_cli(url: str, home: Path, inbox: Path, **env: str) -> subprocess.Popen:
    """`cchc ingest inbox` in a subprocess, as an operator or cron starts it."""
    return subprocess.Popen([CCHC, "ingest", str(inbox), "--source", "test", "--load-date", LOAD_DATE.isoformat()],
                            env=cchc_env(url, home, **env), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def start_forked(inbox: Path):
    """The same run in a process forked from this one (its environment, no second import of the libraries)."""
    run = multiprocessing.get_context("fork").Process(target=ingest, args=([inbox],), kwargs={
        "source": "test", "load_date": LOAD_DATE, "progress": lambda _: None})
    run.start()
    return run


def kill_mid_load(url: str, start, while_waiting=lambda: None) -> dict[int, bytes]:
    """Start a run (``start()``: a Popen or a multiprocessing Process), let it reach the writes of its first
    dossier file, call ``while_waiting()``, kill the run with SIGKILL and wait until its database session is
    gone. The processes it had started, with their command lines."""
    with dossiers_held(url):
        run = start()
        finished = run.poll if isinstance(run, subprocess.Popen) else lambda: None if run.is_alive() else run.exitcode
        try:
            wait_for(lambda: others(url, "wait_event_type = 'Lock'") == 1 or finished() is not None,
                     what="the load to wait for restricted.applicant")
            assert finished() is None, "the run ended before the chosen point"
            while_waiting()
            started = {pid: Path(f"/proc/{pid}/cmdline").read_bytes() for pid in descendants(run.pid)}
        finally:  # also when an assertion failed: never wait for a run that waits for this test
            os.kill(run.pid, signal.SIGKILL)
            run.wait() if isinstance(run, subprocess.Popen) else run.join()
    wait_for(lambda: others(url) == 0, what="the killed run's session to end")
    return started


@pytest.fixture(scope="module")
def serial(admin_url, tmp_path_factory):
    return serial_snapshot(admin_url, tmp_path_factory.mktemp("serial"))


# --- defect 1: a crash between writing the landed copy and renaming it ---------------------------------------

def test_a_non_root_run_lands_past_what_crashed_writers_left(warehouse):
    """As user nobody: a read-only `.partial` of an older version and a read-only temporary of a writer killed
    before its rename are removed, a temporary a live writer holds is kept, and the file is landed and loaded."""
    root = Path(tempfile.mkdtemp(prefix="cchc-nobody-"))  # under /tmp: pytest's tmp_path is root's alone
    try:
        inbox = inbox_of(root / "inbox", (DOSSIERS,))
        folder = root / "home" / "landing" / "test"
        folder.mkdir(parents=True)
        stored = folder / f"{sha256_of(inbox / DOSSIERS)[:16]}__{DOSSIERS}"
        legacy, crashed, held = (stored.with_name(stored.name + ".partial"), folder / ".landing-k1ll3d.tmp",
                                 folder / ".landing-w0rk1n.tmp")
        an_hour_ago = time.time() - 3600
        for leftover in (legacy, crashed, held):
            leftover.write_bytes((inbox / DOSSIERS).read_bytes()[:100])
            leftover.chmod(0o444)
            os.utime(leftover, (an_hour_ago, an_hour_ago))
        for path in [root, *root.rglob("*")]:
            os.chown(path, NOBODY, NOBODY)
        with held.open("rb") as writer:
            fcntl.flock(writer, fcntl.LOCK_EX)  # a writer still at work
            done = subprocess.run([*cchc_as_nobody(), "ingest", str(inbox), "--source", "test", "--load-date",
                                   "2024-02-01"], env=cchc_env(warehouse, root / "home"), user=NOBODY, group=NOBODY,
                                  extra_groups=[], cwd=root, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stdout + done.stderr
        assert sorted(p.name for p in folder.iterdir()) == sorted([held.name, stored.name])
        assert stored.read_bytes() == (inbox / DOSSIERS).read_bytes()
        assert (stored.stat().st_mode & 0o777, stored.stat().st_uid) == (0o444, NOBODY)
        assert query(warehouse, "SELECT status, rows_read FROM audit.file_load") == [("loaded", 13)]
    finally:
        shutil.rmtree(root)


def test_a_landing_killed_midway_leaves_no_stored_file_and_the_next_landing_completes(warehouse, tmp_path):
    """A writer killed while copying (here: SIGKILL while its source, a FIFO, still has bytes to send) leaves
    only its locked temporary, which the kernel unlocks; the next landing stores the whole file."""
    export = inbox_of(tmp_path / "inbox", (DOSSIERS,)) / DOSSIERS
    folder = tmp_path / "landing" / "test"
    stored = folder / f"{sha256_of(export)[:16]}__{DOSSIERS}"
    fifo = tmp_path / "slow.json"
    os.mkfifo(fifo)
    writer = subprocess.Popen([sys.executable, "-c", "import sys; from pathlib import Path; from etl.landing import "
                               "store; store(Path(sys.argv[1]), Path(sys.argv[2]))", str(fifo), str(stored)])
    feed = []

    def reading() -> bool:  # the writer has its temporary and reads its source (opened without blocking)
        assert writer.poll() is None, "the writer ended before reading"
        try:
            feed.append(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        except OSError:
            return False
        return True

    wait_for(reading, what="the writer to read")
    os.write(feed[0], export.read_bytes()[:1000])
    writer.kill()
    writer.wait()
    os.close(feed[0])
    [temporary] = folder.iterdir()
    assert temporary.name.startswith(".landing-") and temporary.name.endswith(".tmp") and not stored.exists()
    landing.remove_stale_temporaries(folder, now=time.time() + landing.STALE_SECONDS + 1)
    assert list(folder.iterdir()) == []
    with psycopg.connect(warehouse, autocommit=True) as conn:
        landed = landing.land(conn, export, "test", tmp_path / "landing", "dossier_json")
    assert landed.stored_path == stored and stored.read_bytes() == export.read_bytes()
    assert [p.name for p in folder.iterdir()] == [stored.name]


# --- defect 7: the same bytes under two names ----------------------------------------------------------------

def test_the_same_bytes_under_two_names_are_loaded_once_and_skipped_naming_both(warehouse, tmp_path, monkeypatch):
    monkeypatch.setenv("CCHC_MAX_BAD_ROW_SHARE", "0.3")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in ("ho-so.json", "ho-so (1).json"):
        shutil.copyfile(SMALL / DOSSIERS, inbox / name)
    summary = ingest([inbox, inbox / "ho-so (1).json"], source="test", load_date=LOAD_DATE, progress=lambda _: None)
    assert [(f.file, f.status) for f in summary.files] == [
        ("ho-so (1).json", "loaded"), ("ho-so.json", "skipped"), ("ho-so (1).json", "skipped")]
    assert [(f.file, f.status, f.error, f.note) for f in summary.files] == [
        ("ho-so (1).json", "loaded", None, None),
        ("ho-so.json", "skipped", None, "tệp ho-so.json: đã tiếp nhận dưới tên khác trong lần nạp này "
                                        "(ho-so (1).json, cùng nội dung), bỏ qua"),
        ("ho-so (1).json", "skipped", None, "tệp ho-so (1).json: được chỉ định hai lần trong lần nạp này, "
                                            "bỏ qua lần sau")]
    text = format_summary(summary)
    assert "Tệp: 3 (nạp 1, bỏ qua vì đã nạp 2, lỗi 0)" in text
    assert ("  Bỏ qua: tệp ho-so.json: đã tiếp nhận dưới tên khác trong lần nạp này (ho-so (1).json, cùng nội "
            "dung), bỏ qua") in text.splitlines()
    assert query(warehouse, "SELECT f.original_name, l.status, l.rows_loaded FROM audit.file_load l "
                            "JOIN audit.landed_file f USING (file_id)") == [("ho-so (1).json", "loaded", 10)]
    # a later run, under a third name
    shutil.copyfile(SMALL / DOSSIERS, tmp_path / "ban-sao.json")
    [again] = ingest([tmp_path / "ban-sao.json"], source="test", load_date=LOAD_DATE, progress=lambda _: None).files
    assert (again.status, again.note) == (
        "skipped", "tệp ban-sao.json: đã nạp trước đây dưới tên khác (ho-so (1).json, cùng nội dung), bỏ qua")


# --- defect 9: a killed load ---------------------------------------------------------------------------------

@pytest.mark.parametrize("retry_given", ["the same inbox", "nothing"])
def test_a_killed_load_is_marked_interrupted_and_its_files_loaded_by_the_next_run(warehouse, tmp_path, serial,
                                                                                   monkeypatch, retry_given):
    monkeypatch.setenv("CCHC_MAX_BAD_ROW_SHARE", "0.3")
    inbox = inbox_of(tmp_path / "inbox")
    kill_mid_load(warehouse, lambda: start_forked(inbox))
    assert loads(warehouse) == [(UNITS, "loaded"), (CATALOGUE, "loaded"), (UPDATE, "running")]
    assert query(warehouse, "SELECT count(*) FROM audit.landed_file") == [(4,)]  # DOSSIERS landed, not loaded
    before = summary_from_audit(LOAD_DATE)  # what `cchc summary` shows before any other run
    assert [f.status for f in before.files] == ["loaded", "loaded", "interrupted"]
    assert "Tệp: 3 (nạp 2, bỏ qua vì đã nạp 0, lỗi 0, bị gián đoạn 1)" in format_summary(before)
    assert (before.files[2].error, before.files[2].note) == (INTERRUPTED, "chưa nạp lại")

    summary = ingest([inbox] if retry_given == "the same inbox" else [], source="test", load_date=LOAD_DATE,
                     progress=lambda _: None)
    assert summary.interrupted == [INTERRUPTED]
    statuses = [(f.file, f.status) for f in summary.files]
    assert statuses == ([(UNITS, "skipped"), (CATALOGUE, "skipped")] if retry_given == "the same inbox" else []) + [
        (UPDATE, "loaded"), (DOSSIERS, "loaded")]
    assert loads(warehouse) == [(UNITS, "loaded"), (CATALOGUE, "loaded"), (UPDATE, "interrupted"),
                                (UPDATE, "loaded"), (DOSSIERS, "loaded")]
    assert snapshot(warehouse) == serial
    after = format_summary(summary_from_audit(LOAD_DATE))
    assert "Tệp: 5 (nạp 4, bỏ qua vì đã nạp 0, lỗi 0, bị gián đoạn 1)" in after
    assert f"  GIÁN ĐOẠN: {INTERRUPTED} (đã nạp lại sau đó)" in after.splitlines()
    assert "lần chạy trước (đã đánh dấu gián đoạn): " + INTERRUPTED in format_summary(summary)


def test_a_live_load_is_left_alone_and_a_killed_one_takes_its_workers_along(warehouse, tmp_path):
    """While a `cchc ingest` with two workers loads, it is not taken for dead; killed, its forkserver and
    workers end within seconds (they used to stay, ~450 MB)."""
    def while_waiting():
        assert [f.status for f in summary_from_audit(LOAD_DATE).files] == ["loaded", "loaded", "running"]
        with psycopg.connect(warehouse, autocommit=True) as conn:
            assert mark_interrupted(conn) == []

    inbox = inbox_of(tmp_path / "inbox")
    started = kill_mid_load(warehouse, lambda: start_cli(warehouse, tmp_path / "home", inbox, CCHC_WORKERS="2",
                                                         CCHC_PARALLEL_MB="0"),  # a pool even for small files
                            while_waiting)
    assert sum(b"forkserver" in command for command in started.values()) >= 2, started  # the forkserver, a worker
    wait_for(lambda: not any(alive(pid) for pid in started), seconds=5, what="the workers to end")
    assert loads(warehouse)[2:] == [(UPDATE, "running")]  # until the next run marks it


# --- defect 10: a landed copy that is gone -------------------------------------------------------------------

def test_a_landed_copy_that_is_gone_is_landed_again_from_the_inbox(warehouse, tmp_path, monkeypatch):
    inbox = inbox_of(tmp_path / "inbox", (DOSSIERS,))
    [first] = ingest([inbox], source="test", load_date=LOAD_DATE, progress=lambda _: None).files
    assert first.status == "failed"  # 3 of 13 rows bad: over the default share, landed but not loaded
    [(stored,)] = query(warehouse, "SELECT stored_path FROM audit.landed_file")
    Path(stored).unlink()
    monkeypatch.setenv("CCHC_MAX_BAD_ROW_SHARE", "0.3")
    [again] = ingest([inbox], source="test", load_date=LOAD_DATE, progress=lambda _: None).files
    assert (again.file, again.status, again.rows_loaded) == (DOSSIERS, "loaded", 10)
    assert Path(stored).read_bytes() == (inbox / DOSSIERS).read_bytes()


def test_a_file_left_unloaded_whose_landed_copy_is_gone_fails_alone(warehouse, tmp_path, monkeypatch):
    """Landed by a run that died before its turn, its copy deleted since: a run not given it records it as
    failed, loads the rest; a run given it again lands it anew and loads it."""
    monkeypatch.setenv("CCHC_MAX_BAD_ROW_SHARE", "0.3")
    inbox = inbox_of(tmp_path / "inbox", (UPDATE, DOSSIERS))
    with psycopg.connect(warehouse, autocommit=True) as conn:
        landed = [landing.land(conn, inbox / name, "test", tmp_path / "home" / "landing", "dossier_json")
                  for name in (UPDATE, DOSSIERS)]
    landed[1].stored_path.unlink()
    summary = ingest([], source="test", load_date=LOAD_DATE, progress=lambda _: None)
    assert [(f.file, f.status, f.error) for f in summary.files] == [
        (UPDATE, "loaded", None),
        (DOSSIERS, "failed", f"tệp {DOSSIERS}: bản lưu trong vùng tiếp nhận không còn ({landed[1].stored_path}); "
                             "đặt lại tệp vào thư mục nhận của nguồn để lần nạp sau tiếp nhận lại")]
    assert ingest([], source="test", load_date=LOAD_DATE, progress=lambda _: None).files == []  # not tried again
    [again] = ingest([inbox / DOSSIERS], source="test", load_date=LOAD_DATE, progress=lambda _: None).files
    assert (again.status, again.rows_loaded) == ("loaded", 10)
