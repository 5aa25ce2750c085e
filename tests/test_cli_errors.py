"""What people and cron get from ``cchc`` when something goes wrong (README "Command line", etl/cli.py): one
Vietnamese line and a distinct exit code — 1 a file failed, 2 usage, 3 warehouse unreachable, 4 storage —
a JSON document alone on stdout, file names escaped, today in Viet Nam, every option explained; and SQL files
sent whole (a ``$$`` body holds ``;`` of its own)."""
from __future__ import annotations

import errno
import json
import shutil
import subprocess
import time
from datetime import date, datetime
from importlib.metadata import version
from pathlib import Path
from zoneinfo import ZoneInfo

import click
import pytest
from click.testing import CliRunner

from conftest import FIXTURES, query
from etl.cli import cli
from etl.config import REPO_ROOT

CCHC = REPO_ROOT / ".venv" / "bin" / "cchc"
CLOSED = "postgresql://postgres:bi-mat@127.0.0.1:1/khong_co"  # port 1: nothing listens, the connection is refused
SMALL = FIXTURES / "small"
DOSSIERS = SMALL / "ho-so-hoang-cat-2024-01.json"  # 13 rows, 3 quarantined on purpose
OVER_THRESHOLD = FIXTURES / "bad" / "csv-vuot-nguong-dong-loi.csv"  # 3 of 4 rows quarantined
HOSTILE_NAME = "ho-so\n\x1b[31mđỏ.json"


def cron(*args: str, env: dict[str, str], prefix: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    """``cchc`` as cron runs it: its own process, a bare environment, output captured."""
    base = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": "/tmp"}
    return subprocess.run([*prefix, str(CCHC), *args], env=base | env, capture_output=True, text=True, timeout=120)


def one_line(stderr: str) -> str:
    lines = stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in stderr, stderr
    return lines[0]


def test_an_unreachable_warehouse_is_one_line_and_exit_3(tmp_path):
    for command in (["status"], ["db", "upgrade"]):
        done = cron(*command, env={"WAREHOUSE_URL": CLOSED, "CCHC_HOME": str(tmp_path)})
        assert done.returncode == 3, done.stderr
        line = one_line(done.stderr)
        assert line.startswith("Lỗi: không kết nối được kho dữ liệu postgresql://postgres@127.0.0.1:1/khong_co: ")
        assert "Connection refused" in line and "bi-mat" not in line and done.stdout == ""


def test_a_load_with_the_warehouse_down_is_not_a_failed_file(monkeypatch, tmp_path):
    monkeypatch.setenv("WAREHOUSE_URL", CLOSED)
    monkeypatch.setenv("CCHC_HOME", str(tmp_path))
    result = CliRunner().invoke(cli, ["ingest", str(DOSSIERS)])
    assert result.exit_code == 3
    assert one_line(result.stderr).startswith("Lỗi: không kết nối được kho dữ liệu postgresql://postgres@127.0.0.1:1/")


WITHOUT_OVERRIDE = ("setpriv", "--bounding-set=-dac_override,-dac_read_search",
                    "--inh-caps=-dac_override,-dac_read_search", "--")


def test_a_landing_folder_that_is_not_writable_is_one_line_and_exit_4(warehouse, tmp_path):
    """The home (so the landing folder in it) is read-only (0555), and cchc runs without root's power to
    override file modes (CAP_DAC_OVERRIDE), as the image's non-root user would."""
    home = tmp_path / "home"
    home.mkdir(mode=0o555)
    done = cron("ingest", str(DOSSIERS), env={"WAREHOUSE_URL": warehouse, "CCHC_HOME": str(home),
                                              "CCHC_MAX_BAD_ROW_SHARE": "0.3"}, prefix=WITHOUT_OVERRIDE)
    home.chmod(0o755)
    assert done.returncode == 4, done.stderr
    line = one_line(done.stderr)
    assert line.startswith(f"Lỗi lưu trữ: {home}") and "không đủ quyền" in line and "Permission denied" in line, line
    assert query(warehouse, "SELECT count(*) FROM audit.file_load") == [(0,)]


def test_a_full_disk_is_a_storage_error():
    from etl.cli import operator_error

    with pytest.raises(OSError) as caught, open("/dev/full", "w") as full:  # writes fail: no space left on device
        full.write("x")
        full.flush()
    assert caught.value.errno == errno.ENOSPC
    code, line = operator_error(caught.value)
    assert code == 4 and "hết chỗ trên đĩa" in line, line


def test_a_landing_path_under_a_file_is_a_storage_error(warehouse, tmp_path, monkeypatch):
    (tmp_path / "a-file").write_text("x")
    monkeypatch.setenv("CCHC_LANDING_DIR", str(tmp_path / "a-file" / "landing"))
    result = CliRunner().invoke(cli, ["ingest", str(SMALL / "don-vi-hanh-chinh.csv")])
    assert result.exit_code == 4, result.output
    assert one_line(result.stderr).startswith(f"Lỗi lưu trữ: {tmp_path / 'a-file'}")


def test_nightly_exits_1_when_a_file_failed_and_json_is_alone_on_stdout(warehouse, tmp_path, monkeypatch):
    inbox = tmp_path / "inbox" / "xa"
    inbox.mkdir(parents=True)
    shutil.copy(SMALL / "don-vi-hanh-chinh.csv", inbox)
    shutil.copy(OVER_THRESHOLD, inbox)
    (tmp_path / "sources.yaml").write_text(f"sources:\n  - name: xa\n    path: \"{inbox}\"\n", encoding="utf-8")
    monkeypatch.setenv("CCHC_SOURCES", str(tmp_path / "sources.yaml"))
    result = CliRunner().invoke(cli, ["nightly", "--json", "--load-date", "2024-04-01"])
    assert result.exit_code == 1, result.output
    document = json.loads(result.stdout)
    [source] = document["sources"]
    assert source["source"] == "xa" and [f["status"] for f in source["files"]] == ["loaded", "failed"]
    assert "[2/2] csv-vuot-nguong-dong-loi.csv" in result.stderr  # progress: stderr
    again = CliRunner().invoke(cli, ["nightly", "--source", "khong-co"])
    assert again.exit_code == 2 and "không có nguồn 'khong-co'" in again.stderr


def test_check_refuses_what_ingest_refuses():
    result = CliRunner().invoke(cli, ["check", str(OVER_THRESHOLD), str(SMALL / "don-vi-hanh-chinh.csv")])
    assert result.exit_code == 1, result.output
    assert ("TỆP SẼ BỊ TỪ CHỐI khi nạp: Tỷ lệ dòng bị cách ly vượt ngưỡng cho phép (bad_row_share = 0.75, "
            "quy tắc ty_le_dong_loi)") in result.stdout
    as_json = CliRunner().invoke(cli, ["check", "--json", str(OVER_THRESHOLD)])
    [document] = json.loads(as_json.stdout)
    assert as_json.exit_code == 1 and (document["rows_read"], document["rows_failing"]) == (4, 3)
    fine = CliRunner().invoke(cli, ["check", str(SMALL / "don-vi-hanh-chinh.csv")])
    assert fine.exit_code == 0 and "TỪ CHỐI" not in fine.stdout


def test_file_names_are_printed_escaped(warehouse, tmp_path, monkeypatch):
    monkeypatch.setenv("CCHC_MAX_BAD_ROW_SHARE", "0.3")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(DOSSIERS, inbox / HOSTILE_NAME)
    shown = "ho-so\\n\\x1b[31mđỏ.json"
    for args in (["check", str(inbox / HOSTILE_NAME)], ["ingest", "--load-date", "2024-04-01", str(inbox)]):
        result = CliRunner().invoke(cli, args)
        assert "\x1b" not in result.output and shown in result.output, result.output
    as_json = CliRunner().invoke(cli, ["summary", "--json", "--load-date", "2024-04-01"])
    assert "\x1b" not in as_json.stdout and json.loads(as_json.stdout)["files"][0]["file"] == HOSTILE_NAME


def test_the_default_load_date_is_today_in_viet_nam(warehouse, monkeypatch):
    """On a machine whose day differs from Viet Nam's now: UTC−12 or UTC+14, whichever differs."""
    vietnam = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()
    zone = next(z for z in ("Etc/GMT+12", "Etc/GMT-14") if datetime.now(ZoneInfo(z)).date() != vietnam)
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    try:
        assert date.today() != vietnam  # the machine's day, as the CLI took it before
        result = CliRunner().invoke(cli, ["summary", "--json"])
    finally:
        monkeypatch.undo()
        time.tzset()
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["load_date"] == vietnam.isoformat()


def test_version_and_usage_errors():
    done = cron("--version", env={})
    assert (done.returncode, done.stdout) == (0, f"cchc {version('cchc-warehouse')}\n")
    unknown = CliRunner().invoke(cli, ["ingest", "--bogus", "x"])
    assert unknown.exit_code == 2
    assert one_line(unknown.stderr) == "Lỗi cách dùng lệnh: không có tuỳ chọn --bogus — xem: cchc ingest --help"
    missing = CliRunner().invoke(cli, ["ingest", "/khong/co/tep.json"])
    assert missing.exit_code == 2 and one_line(missing.stderr) == (
        "Lỗi cách dùng lệnh: giá trị không hợp lệ cho 'PATHS...': không có tệp hoặc thư mục '/khong/co/tep.json' "
        "— xem: cchc ingest --help")
    no_command = CliRunner().invoke(cli, ["nap"])
    assert no_command.exit_code == 2 and one_line(no_command.stderr).startswith(
        "Lỗi cách dùng lệnh: không có lệnh 'nap' (các lệnh: check, db, ")


def commands(group: click.Group, path: str = "cchc"):
    context = click.Context(group, info_name=path)
    yield path, group, context
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        if isinstance(command, click.Group):
            yield from commands(command, f"{path} {name}")
        else:
            yield f"{path} {name}", command, click.Context(command, info_name=name, parent=context)


def test_every_command_and_option_says_what_it_does():
    undocumented = []
    for path, command, context in commands(cli):
        if not command.help:
            undocumented.append(path)
        for param in command.get_params(context):
            if isinstance(param, click.Option) and not param.help:
                undocumented.append(f"{path} {param.opts[0]}")
    assert undocumented == []
    helped = CliRunner().invoke(cli, ["status", "--help"])
    assert "Hiện trợ giúp này rồi thoát." in helped.stdout


def test_a_sql_file_runs_whole(warehouse, tmp_path):
    """A function body between $$ holds ';' and line ends; parameters are bound, a % after a statement is a
    percent sign; the last statement's result is returned."""
    from etl.db import connect, run

    script = tmp_path / "ham.sql"
    script.write_text(
        "-- a comment line may say 100% without being a placeholder\n"
        "CREATE FUNCTION pg_temp.gap_doi(x int) RETURNS int LANGUAGE plpgsql AS $$\n"
        "DECLARE y int;\n"
        "BEGIN\n"
        "    y := x * 2;\n"
        "    RETURN y;\n"
        "END\n"
        "$$;\n"
        "CREATE TEMP TABLE t (x int);\n"
        "INSERT INTO t VALUES (%(x)s), (%(x)s);  -- both rows, 100%\n"
        "SELECT pg_temp.gap_doi(sum(x)::int) AS rows_inserted, 'a;' || %(note)s AS note FROM t;\n", encoding="utf-8")
    with connect(warehouse) as conn:
        assert run(conn, script, {"x": 21, "note": "b"}).fetchall() == [(84, "a;b")]
