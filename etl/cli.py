"""``cchc``: every step of the pipeline from a shell (the DAGs call the same functions).

What a person or cron can act on is decided once, in ``Cli.main``, for every command (README "Command line"):

| exit | meaning |
|---|---|
| 0 | done |
| 1 | a file failed or would be refused (``ingest``, ``nightly``, ``reference load``, ``check``), a report failed |
| 2 | wrong usage (an unknown option, a missing argument, a bad date) |
| 3 | the warehouse cannot be reached (down, wrong address, unknown database, login refused) |
| 4 | storage: a folder that is not writable, a read-only file system, a full disk or quota |

Codes 2–4 print one Vietnamese line on stderr ("Lỗi …") naming the URL (without its password) or the path, no
traceback; an unexpected error (a bug) keeps its traceback. With ``--json`` stdout holds the JSON document only,
progress goes to stderr. File names are printed through ``etl.files.printable``: a newline or a terminal
escape sequence in a name is shown escaped, never sent raw.
"""
from __future__ import annotations

import errno
import json
import re
import sys
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import click

from etl import vi
from etl.config import TIMEZONE, settings
from etl.files import printable

OK, FAILED, USAGE, DATABASE, STORAGE = 0, 1, 2, 3, 4
HELP = "Hiện trợ giúp này rồi thoát."
STORAGE_ERRORS = {  # errno -> what to tell the operator
    errno.EACCES: "không đủ quyền (người dùng chạy cchc cần quyền đọc, ghi ở đây)",
    errno.EPERM: "không được phép",
    errno.EROFS: "hệ thống tệp chỉ cho đọc",
    errno.ENOSPC: "hết chỗ trên đĩa",
    errno.EDQUOT: "vượt hạn mức dung lượng (quota)",
    errno.EFBIG: "tệp vượt cỡ tối đa của hệ thống tệp",
    errno.EIO: "lỗi vào/ra của đĩa",
    errno.ENOTDIR: "một phần của đường dẫn là tệp, không phải thư mục",
}
NoArgsIsHelp = getattr(click.exceptions, "NoArgsIsHelpError", ())  # Click 8.2+
_NOT_PLAIN_ASCII = re.compile(r"[^\n\x20-\x7e]")  # what json_text looks at: the line ends are the layout's
LOST_CONNECTION_STATES = ("57P01", "57P02", "57P03")  # the server shut down or is starting


class _VietnameseHelp:
    """The --help option of every command says what it does in Vietnamese (Click's own text is English)."""

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = HELP
        return option


class Command(_VietnameseHelp, click.Command):
    pass


class Cli(_VietnameseHelp, click.Group):
    """The ``cchc`` group: its ``main`` turns what went wrong into an exit code and one line (module docstring)."""

    command_class = Command
    group_class = type  # sub-groups are of this class too

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except NoArgsIsHelp as error:  # a group without its command: its help, as Click shows it
            click.echo(error.format_message(), err=True)
            code = USAGE
        except click.UsageError as error:
            code = _say(USAGE, usage_line(error))
        except click.ClickException as error:
            code = _say(error.exit_code, f"Lỗi: {error.format_message()}")
        except click.Abort:
            code = _say(130, "Đã dừng theo yêu cầu.")
        except Exception as error:  # noqa: BLE001 - only the kinds named in operator_error; others re-raised
            known = operator_error(error)
            if known is None:
                raise
            code = _say(*known)
        code = code if isinstance(code, int) else OK
        if standalone_mode:
            sys.exit(code)
        return code

    def resolve_command(self, ctx: click.Context, args: list[str]):
        """An unknown command is refused in Vietnamese, with the commands there are."""
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None and not ctx.resilient_parsing:
            ctx.fail(f"không có lệnh '{name}' (các lệnh: {', '.join(self.list_commands(ctx))})")
        return super().resolve_command(ctx, args)


class InputPath(click.Path):
    """``click.Path(exists=True)`` whose refusal of a missing path is Vietnamese."""

    def __init__(self, **kwargs):
        super().__init__(exists=True, path_type=Path, **kwargs)

    def convert(self, value, param, ctx):
        if not Path(value).exists():
            self.fail(f"không có tệp hoặc thư mục '{value}'", param, ctx)
        return super().convert(value, param, ctx)


def _say(code: int, line: str) -> int:
    click.echo(printable(line), err=True)
    return code


def usage_line(error: click.UsageError) -> str:
    """A usage error in one line, its Vietnamese gist and the help to read; Click's own detail (English) kept."""
    command = error.ctx.command_path if error.ctx else "cchc"
    hint = None
    if isinstance(error, (click.MissingParameter, click.BadParameter)):
        hint = error.param_hint or (error.param.get_error_hint(error.ctx) if error.param and error.ctx else None)
        hint = hint if hint is None or isinstance(hint, str) else " / ".join(hint)
    if isinstance(error, click.MissingParameter):
        argument = isinstance(error.param, click.Argument) or error.param_type == "argument"
        gist = f"thiếu {'đối số' if argument else 'tuỳ chọn'} {hint}"
    elif isinstance(error, click.NoSuchOption):
        gist = f"không có tuỳ chọn {error.option_name}"
        if error.possibilities:
            gist += f" (có phải: {', '.join(sorted(error.possibilities))}?)"
    elif isinstance(error, click.BadParameter):
        gist = f"giá trị không hợp lệ cho {hint}: {error.message}" if hint else f"giá trị không hợp lệ: {error.message}"
    else:
        gist = error.format_message()
    return f"Lỗi cách dùng lệnh: {gist} — xem: {command} --help"


def operator_error(error: BaseException) -> tuple[int, str] | None:
    """(exit code, one line) for an error an operator must fix outside the data (module docstring); None for
    others. Looks through the error's causes: Alembic wraps the driver's error, the pipeline its own."""
    import psycopg

    from etl.db import WarehouseUnreachable, without_password

    for cause in _causes(error):
        if isinstance(cause, WarehouseUnreachable):
            return DATABASE, f"Lỗi: {cause} — kiểm tra PostgreSQL đang chạy và WAREHOUSE_URL."
        if isinstance(cause, psycopg.OperationalError) and (
                cause.sqlstate is None or cause.sqlstate.startswith("08") or cause.sqlstate in LOST_CONNECTION_STATES):
            url = settings().warehouse_url
            where = without_password(url) if url else "kho nhúng (CCHC_HOME/pgdata)"
            reason = next((line.strip() for line in str(cause).splitlines() if line.strip()), "")
            return DATABASE, f"Lỗi: mất kết nối kho dữ liệu {where}: {reason}"
        if isinstance(cause, OSError) and cause.errno in STORAGE_ERRORS:
            paths = " → ".join(str(p) for p in (cause.filename, cause.filename2) if p is not None)
            paths = paths or f"(không rõ tệp; vùng đệm {settings().landing_dir})"
            return STORAGE, (f"Lỗi lưu trữ: {paths}: {STORAGE_ERRORS[cause.errno]} "
                             f"({cause.strerror}).")
    return None


def _causes(error: BaseException):
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        yield error
        error = getattr(error, "orig", None) or error.__cause__ or error.__context__


def json_text(document) -> str:
    """``document`` as JSON for stdout: UTF-8 letters as they are, every character ``printable`` would escape
    written as a JSON escape (json.dumps escapes only U+0000–U+001F)."""
    text = json.dumps(document, ensure_ascii=False, indent=2, default=str)
    return _NOT_PLAIN_ASCII.sub(lambda m: json.dumps(m[0])[1:-1] if printable(m[0]) != m[0] else m[0], text)


def today() -> date:
    """Today in Viet Nam (Asia/Ho_Chi_Minh), as the DAGs take it, whatever the machine's time zone."""
    return datetime.now(ZoneInfo(TIMEZONE)).date()


def _day(value: str | None) -> date:
    try:
        return date.fromisoformat(value) if value else today()
    except ValueError:
        raise click.BadParameter(f"'{value}' không phải ngày dạng YYYY-MM-DD") from None


def _progress(as_json: bool):
    """Progress lines: to stderr when stdout carries a JSON document; names escaped."""
    return lambda line: click.echo(printable(line), err=as_json)


LOAD_DATE_HELP = "Ngày nạp (YYYY-MM-DD), mặc định hôm nay theo giờ Việt Nam."
JSON_HELP = "In kết quả dạng JSON ra stdout (chỉ tài liệu JSON; tiến trình ra stderr)."


@click.group("cchc", cls=Cli, help="Kho dữ liệu CCHC: nạp dữ liệu TTHC, kiểm tra, lập báo cáo. Mã thoát: 0 xong; 1 có tệp "
                           "hoặc báo cáo lỗi; 2 sai cách dùng; 3 không kết nối được kho; 4 lỗi lưu trữ (không ghi "
                           "được, đầy đĩa).")
@click.version_option(package_name="cchc-warehouse", prog_name="cchc", message="%(prog)s %(version)s",
                      help="In phiên bản rồi thoát.")
def cli() -> None:
    pass


@cli.group(help="Lược đồ cơ sở dữ liệu kho (migrations).")
def db() -> None:
    pass


@db.command("upgrade", help="Áp dụng mọi migration còn thiếu (idempotent).")
def db_upgrade() -> None:
    from etl import migrate

    migrate.upgrade()
    click.echo("Lược đồ kho đã ở phiên bản mới nhất.")


@db.command("url", help="In địa chỉ kết nối kho (khởi động PostgreSQL nhúng nếu chưa có WAREHOUSE_URL).")
def db_url() -> None:
    from etl.db import warehouse_url

    click.echo(warehouse_url())


@cli.command(help="Sinh bộ dữ liệu mẫu của tỉnh Thanh Hóa (JSON, Excel, CSV, danh mục, phiếu số liệu báo cáo CCHC).")
@click.option("--out", type=click.Path(path_type=Path), default=None, help="Thư mục ghi (mặc định: inbox/thanhhoa).")
@click.option("--dossiers", type=click.IntRange(min=1), default=50_000, show_default=True, help="Số hồ sơ sinh ra.")
@click.option("--seed", type=int, default=38, show_default=True,
              help="Hạt giống ngẫu nhiên: cùng hạt giống, cùng dữ liệu.")
@click.option("--year", type=int, default=2024, show_default=True, help="Năm bắt đầu của dữ liệu mẫu.")
@click.option("--until", default="2026-06-30", show_default=True,
              help="Ngày nhận hồ sơ cuối cùng (YYYY-MM-DD), từ 01/01 của --year; qua 01/07/2025 thì có sắp xếp ĐVHC.")
@click.option("--listing-share", type=click.FloatRange(0, 1), default=0.1, show_default=True,
              help="Tỷ lệ hồ sơ xuất dạng danh sách Excel/CSV (còn lại: gói đồng bộ JSON).")
@click.option("--report-inputs/--no-report-inputs", default=True, show_default=True,
              help="Ghi phiếu số liệu báo cáo CCHC đã điền của các đơn vị (trừ vài đơn vị, để thấy báo cáo khi thiếu "
                   "phiếu) cho kỳ báo cáo năm cuối cùng của dữ liệu mẫu, vào thư mục phieu-so-lieu.")
def sample(out: Path | None, dossiers: int, seed: int, year: int, until: str, listing_share: float,
           report_inputs: bool) -> None:
    from etl.sample import generate_sample

    out = out or settings().inbox_dir / "thanhhoa"
    manifest = generate_sample(out, dossiers=dossiers, seed=seed, year=year, listing_share=listing_share,
                               progress=click.echo, until=_day(until), report_inputs=report_inputs)
    click.echo(f"Đã ghi dữ liệu mẫu vào {printable(str(out))} ({vi.number(manifest['totals']['unique_dossiers'])} hồ sơ)")


@cli.command(help="Nạp các tệp xuất (hoặc thư mục) theo đúng đường đi của DAG. Mã thoát 1 khi có tệp lỗi "
                  "(các tệp khác vẫn được nạp).")
@click.argument("paths", nargs=-1, required=True, type=InputPath())
@click.option("--source", default="manual", show_default=True, help="Tên nguồn ghi vào nhật ký.")
@click.option("--load-date", default=None, help=LOAD_DATE_HELP)
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
def ingest(paths: tuple[Path, ...], source: str, load_date: str | None, as_json: bool) -> None:
    from etl.pipeline import ingest as ingest_paths

    summary = ingest_paths(paths, source=source, load_date=_day(load_date), progress=_progress(as_json))
    _finish(summary, as_json)


@cli.command(help="Đọc và kiểm tra tệp mà không nạp vào kho: các dòng sẽ bị cách ly và lý do, và tệp có bị từ chối "
                  "cả tệp như khi nạp không (mã thoát 1). Mã hồ sơ trùng trong tệp chỉ được phát hiện khi nạp.")
@click.argument("paths", nargs=-1, required=True, type=InputPath(dir_okay=False))
@click.option("--show", default=10, show_default=True, type=click.IntRange(min=0),
              help="Số dòng lỗi in ra cho mỗi tệp.")
@click.option("--load-date", default=None, help="Ngày nạp dự kiến (YYYY-MM-DD), mặc định hôm nay theo giờ Việt Nam: "
                                                 "ngày sự kiện sau ngày này bị coi là lỗi, như khi nạp.")
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
def check(paths: tuple[Path, ...], show: int, load_date: str | None, as_json: bool) -> None:
    from etl.pipeline import check as check_file

    day = _day(load_date)
    results = [check_file(path, load_date=day) for path in paths]
    if as_json:
        click.echo(json_text(results))
    for result in [] if as_json else results:
        name = printable(result["file"])
        if "error" in result:
            click.echo(f"{name}: LỖI — {printable(result['error'])}")
            continue
        if result["all_or_nothing"]:  # a workbook: loaded whole or not at all, each bad cell named
            verdict = (f"TỆP SẼ BỊ TỪ CHỐI khi nạp (không nạp gì của tệp), {vi.number(len(result['problems']))} lỗi:"
                       if result["problems"] else "hợp lệ, sẽ được nạp")
            click.echo(f"{name} ({result['format']}): {vi.number(result['rows_read'])} ô đã đọc; {verdict}")
            for line in result["problems"][:show]:
                click.echo(f"  {printable(line)}")
            continue
        click.echo(f"{name} ({result['format']}): {vi.number(result['rows_read'])} dòng, "
                   f"{vi.number(result['rows_failing'])} dòng sẽ bị cách ly")
        if result["refused"]:
            click.echo(f"  TỆP SẼ BỊ TỪ CHỐI khi nạp: {printable('; '.join(result['refused']))}")
        for failure in sorted(result["failures"], key=lambda f: int(f["row_no"]))[:show]:
            value = printable(failure["value"]) if isinstance(failure["value"], str) else "(trống)"
            click.echo(f"  dòng {failure['row_no']}, cột {failure['column_name']} = {value}: "
                       f"{failure['reason']} [{failure['rule']}]")
    sys.exit(FAILED if any("error" in r or r["refused"] for r in results) else OK)


@cli.group(help="Dữ liệu danh mục: đơn vị hành chính, sắp xếp ĐVHC, danh mục TTHC (có lịch sử hiệu lực).")
def reference() -> None:
    pass


@reference.command("load", help="Nạp các tệp danh mục (bỏ qua tệp hồ sơ), như DAG reference_sync.")
@click.argument("paths", nargs=-1, required=True, type=InputPath())
@click.option("--source", default="reference", show_default=True, help="Tên nguồn ghi vào nhật ký.")
@click.option("--load-date", default=None, help="Ngày nạp (YYYY-MM-DD), mặc định hôm nay theo giờ Việt Nam: áp dụng "
                                                 "cho dòng không ghi ngày hiệu lực.")
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
def reference_load(paths: tuple[Path, ...], source: str, load_date: str | None, as_json: bool) -> None:
    from etl.kinds import REFERENCE_KINDS
    from etl.pipeline import ingest as ingest_paths

    summary = ingest_paths(paths, source=source, load_date=_day(load_date), progress=_progress(as_json),
                           kinds=REFERENCE_KINDS)
    _finish(summary, as_json)


@reference.command("note", help="Ghi chú về việc tính lại số liệu khi kỳ báo cáo có sắp xếp ĐVHC.")
@click.option("--from", "first_day", required=True, help="Ngày đầu kỳ (YYYY-MM-DD).")
@click.option("--to", "last_day", required=True, help="Ngày cuối kỳ (YYYY-MM-DD).")
@click.option("--mode", type=click.Choice(["today", "then"]), default="today", show_default=True,
              help="today: theo đơn vị hiện nay; then: theo đơn vị tại thời điểm tiếp nhận.")
@click.option("--unit", "units", multiple=True, help="Chỉ các thay đổi liên quan đến đơn vị này (mã định danh).")
def reference_note(first_day: str, last_day: str, mode: str, units: tuple[str, ...]) -> None:
    from etl.db import connect
    from etl.restatement import restatement_note

    with connect() as conn:
        note = restatement_note(conn, _day(first_day), _day(last_day), mode, list(units) or None)
    click.echo(note or "Trong kỳ không có thay đổi đơn vị hành chính.")


@cli.group(help="Bảng số liệu báo cáo (schema mart), tính lại theo kỳ.")
def mart() -> None:
    pass


@mart.command("refresh", help="Cập nhật Biểu 06 và bảng tổng hợp CCHC (kỳ hành chính hoặc theo lịch) và chỉ số QĐ 766 (kỳ theo "
                              "lịch) cho một kỳ, ví dụ --period nam:2024, quy:2024-3, thang:2024-11, cùng kỳ so sánh "
                              "(kỳ trước hoặc cùng kỳ năm trước), như khi lập báo cáo: kỳ đã có chỉ tính lại phần hồ sơ "
                              "thay đổi từ lần trước.")
@click.option("--period", "period_text", required=True,
              help="Kỳ: nam:2024, quy:2024-3, thang:2024-11, 6thang:2025, 9thang:2025.")
@click.option("--calendar", type=click.Choice(["hanh_chinh", "lich"]), default="hanh_chinh", show_default=True,
              help="Lịch của Biểu 06; QĐ 766 luôn dùng kỳ theo lịch.")
@click.option("--whole", is_flag=True,
              help="Tính lại toàn bộ từ kho (không chỉ phần thay đổi), ví dụ khi nghi ngờ số liệu tổng hợp.")
def mart_refresh(period_text: str, calendar: str, whole: bool) -> None:
    from etl.db import connect
    from etl.marts import refresh_for_report
    from etl.periods import Period
    from etl.reports.config import report_config

    try:
        period = Period.from_code(period_text, calendar)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None
    calendar_period = period.calendar_twin()
    with connect() as conn:
        counts = refresh_for_report(conn, period, list(report_config().certification_fields), whole=whole)
    click.echo(f"{period.label} ({period.first_day:%d/%m/%Y}–{period.last_day:%d/%m/%Y}): "
               f"Biểu 06 {vi.number(counts['bieu06'])} dòng; tổng hợp CCHC {vi.number(counts['cchc_summary'])} dòng; "
               f"QĐ 766 ({calendar_period.first_day:%d/%m/%Y}–{calendar_period.last_day:%d/%m/%Y}) "
               f"{vi.number(counts['kpi_766'])} dòng")


@cli.command("report", help="Lập báo cáo CCHC định kỳ (Word, PDF, HTML, Biểu 06 Excel) cho đơn vị và kỳ, ví dụ "
                             "--unit 000.35.27.H56 --period nam:2024; không có --unit: mọi đơn vị trong config/reports.yaml.")
@click.option("--unit", "units", multiple=True, help="Mã định danh đơn vị (lặp lại được).")
@click.option("--period", "period_text", required=True, help="Kỳ báo cáo hành chính: nam:2024, quy:2024-3, thang:2024-11, 6thang:2025, 9thang:2025.")
@click.option("--restated/--as-then", default=None,
              help="Theo đơn vị hành chính hiện nay / tại thời điểm tiếp nhận (mặc định: hiện nay nếu đơn vị còn tồn tại).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Thư mục ghi (mặc định: $CCHC_HOME/reports/<kỳ>).")
@click.option("--no-refresh", is_flag=True, help="Không tính lại bảng số liệu (mart) trước khi lập.")
@click.option("--send", is_flag=True, help="Gửi e-mail cho người nhận trong config/reports.yaml (mỗi báo cáo một lần).")
@click.option("--force", is_flag=True, help="Gửi lại cả báo cáo đã gửi.")
def report(units: tuple[str, ...], period_text: str, restated: bool | None, out: Path | None, no_refresh: bool,
           send: bool, force: bool) -> None:
    from etl.periods import Period
    from etl.reports.produce import deliver_reports, produce_reports

    try:
        period = Period.from_code(period_text)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None
    run = produce_reports(period, list(units) or None, restated=restated, out_dir=out, refresh=not no_refresh,
                          progress=click.echo)
    for item in run.produced:
        for path in item.files:
            click.echo(f"  {printable(str(path))}")
    if send:
        deliver_reports(run, force=force, progress=click.echo)
    if run.failed:
        click.echo(f"{len(run.failed)} đơn vị không lập được báo cáo.", err=True)
        sys.exit(FAILED)


@cli.command("explain", help="Các số liệu của báo cáo một đơn vị, một kỳ (tên, nội dung, giá trị, như báo cáo in) "
                              "và, với --figure, danh sách hồ sơ tạo nên một số liệu cùng các cột quyết định (kênh, ngày, "
                              "trạng thái, phí, mức độ DVCTT...); dòng cuối \"N hồ sơ\" bằng giá trị trong báo cáo. Ví "
                              "dụ: --unit 000.00.21.H56 --period nam:2025 --figure tiep_nhan.truc_tuyen.")
@click.option("--unit", "unit_code", required=True, help="Mã định danh đơn vị.")
@click.option("--period", "period_text", required=True,
              help="Kỳ báo cáo hành chính: nam:2025, quy:2025-3, thang:2025-11, 6thang:2025, 9thang:2025.")
@click.option("--figure", "figure_name", default=None,
              help="Tên số liệu, vd. tiep_nhan.truc_tuyen, giai_quyet.dung_han, thanh_toan_truc_tuyen.tu_so, "
                   "kpi766.dossier_on_time.tu_so, bieu06.da_giai_quyet_qua_han; không có: mọi số liệu của báo cáo.")
@click.option("--field", "field_code", default=None,
              help="Với số liệu bieu06.<cột>: dòng lĩnh vực của Biểu 06 (mã hoặc tên lĩnh vực); không có: dòng Tổng "
                   "cộng.")
@click.option("--nhom", default=None, help="Với số liệu bieu06.<cột>: nhóm dòng của Biểu 06, vd. 'Cấp xã'.")
@click.option("--restated/--as-then", default=None,
              help="Theo đơn vị hành chính hiện nay / tại thời điểm tiếp nhận (mặc định như cchc report).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Ghi ra tệp Excel (.xlsx): danh sách hồ sơ của mọi nhóm số liệu, hoặc của --figure.")
@click.option("--no-refresh", is_flag=True, help="Không tính lại bảng số liệu (mart) trước khi đọc.")
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
def explain_cmd(unit_code: str, period_text: str, figure_name: str | None, field_code: str | None, nhom: str | None,
                restated: bool | None, out: Path | None, no_refresh: bool, as_json: bool) -> None:
    from etl.db import connect
    from etl.periods import Period
    from etl.reports import explain
    from etl.reports.chi_tiet_xlsx import write_chi_tiet
    from etl.reports.data import UnknownUnit

    try:
        period = Period.from_code(period_text)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="'--period'") from None
    if out is not None and out.suffix.lower() != ".xlsx":
        raise click.BadParameter(f"'{out}' không phải tệp .xlsx", param_hint="'--out'")
    with connect() as conn:
        try:
            ex = explain.explain(conn, unit_code, period, restated, refresh=not no_refresh)
        except UnknownUnit as error:
            raise click.BadParameter(str(error), param_hint="'--unit'") from None
        except LookupError as error:  # the marts of the period are not computed (--no-refresh)
            raise click.ClickException(str(error)) from None
    figure = lines = None
    try:
        if figure_name is not None:
            figure = explain.find(ex, figure_name)
        if (field_code is not None or nhom is not None) and not (figure and figure.bieu06):
            raise explain.ExplainError("--field và --nhom chỉ dùng với số liệu bieu06.<cột> (một ô của Biểu 06).")
        if figure is not None and figure.bieu06:
            lines = explain.select_lines(ex.data, field_code, nhom)
    except explain.ExplainError as error:
        raise click.BadParameter(str(error), param_hint="'--figure'" if figure is None else "'--field' / '--nhom'") \
            from None
    if out is not None:
        write_chi_tiet(ex, out, figure, lines)
    if as_json:
        click.echo(json_text(explain.figures_json(ex) if figure is None else explain.figure_json(ex, figure, lines)))
    else:
        for line in explain.figures_text(ex) if figure is None else explain.figure_text(ex, figure, lines):
            click.echo(printable(line))
    if out is not None:
        click.echo(printable(f"Đã ghi {out}"), err=as_json)


@cli.command("template", help="Tạo phiếu số liệu báo cáo CCHC (Excel) cho đơn vị và kỳ, ví dụ --unit 000.35.27.H56 "
                               "--period nam:2025: điền sẵn nội dung của phiếu kỳ trước (cần kiểm tra) và số liệu hồ sơ "
                               "của kho. Mã thoát 1 khi có đơn vị không tạo được phiếu.")
@click.option("--unit", "units", multiple=True, required=True, help="Mã định danh đơn vị (lặp lại được).")
@click.option("--period", "period_text", required=True,
              help="Kỳ báo cáo hành chính: nam:2025, quy:2025-1, thang:2025-11, 6thang:2025, 9thang:2025.")
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="Thư mục ghi phiếu, hoặc tệp .xlsx khi chỉ có một đơn vị (mặc định: $CCHC_HOME/phieu-so-lieu/<kỳ>).")
def template(units: tuple[str, ...], period_text: str, out: Path | None) -> None:
    from etl.db import connect
    from etl.inputs.template import make_template, templates_dir
    from etl.periods import Period
    from etl.reports.data import UnknownUnit

    try:
        period = Period.from_code(period_text)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None
    units = tuple(dict.fromkeys(units))
    if out is not None and out.suffix.lower() == ".xlsx" and len(units) > 1:
        raise click.BadParameter(f"'{out}' là một tệp, không ghi được phiếu của {len(units)} đơn vị; cho một thư mục",
                                 param_hint="--out")
    failed = 0
    with connect() as conn:
        for number, code in enumerate(units, 1):
            try:
                path = make_template(conn, code, period, out or templates_dir(period))
            except UnknownUnit as error:
                failed += 1
                click.echo(printable(f"[{number}/{len(units)}] {code}: LỖI — {error}"), err=True)
                continue
            click.echo(printable(f"[{number}/{len(units)}] {code}: {path}"))
    if failed:
        click.echo(f"{failed} đơn vị không tạo được phiếu.", err=True)
        sys.exit(FAILED)


@cli.command("deliveries", help="Nhật ký gửi e-mail (audit.report_delivery), mới nhất trước: báo cáo, phiếu số liệu "
                                 "gửi đơn vị điền, thư nhắc nộp phiếu.")
@click.option("--unit", default=None, help="Chỉ đơn vị này (mã định danh).")
@click.option("--period", "period_code", default=None, help="Chỉ kỳ này, vd. nam:2024.")
def deliveries(unit: str | None, period_code: str | None) -> None:
    from etl.db import connect
    from etl.reports.delivery import delivery_log, format_log

    with connect() as conn:
        click.echo(format_log(delivery_log(conn, unit, period_code)))


@cli.command(help="Nạp mọi nguồn đã cấu hình (config/sources.yaml), như DAG tthc_nightly. Mã thoát 1 khi có tệp "
                  "lỗi hoặc API của một nguồn không đọc được (các tệp, nguồn khác vẫn được nạp).")
@click.option("--source", "names", multiple=True, help="Chỉ nạp nguồn này (lặp lại được).")
@click.option("--load-date", default=None, help=LOAD_DATE_HELP)
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP + " Một tài liệu cho mọi nguồn.")
def nightly(names: tuple[str, ...], load_date: str | None, as_json: bool) -> None:
    from etl.config import sources
    from etl.extract import ApiError
    from etl.pipeline import ingest_source

    configured = sources()
    unknown = [name for name in names if name not in configured]
    if unknown:
        raise click.BadParameter(f"không có nguồn {', '.join(map(repr, unknown))} trong {settings().sources_file}",
                                 param_hint="'--source'")
    day, failed, documents = _day(load_date), False, []
    for name in names or tuple(configured):
        try:
            summary = ingest_source(name, load_date=day, progress=_progress(as_json))
        except ApiError as error:  # the source's folder was loaded; its API could not be read
            click.echo(printable(f"{name}: LỖI API — {error}"), err=True)
            documents.append({"source": name, "api_error": str(error)})
            failed = True
            continue
        failed = failed or bool(summary.failed)
        if as_json:
            documents.append({"source": name} | summary.as_dict())
        else:
            click.echo(_summary_text(summary))
    if as_json:
        click.echo(json_text({"load_date": day.isoformat(), "sources": documents}))
    sys.exit(FAILED if failed else OK)


@cli.command("summary", help="Tóm tắt các lần nạp của một ngày nạp, từ nhật ký kiểm toán.")
@click.option("--load-date", default=None, help=LOAD_DATE_HELP)
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
def summary_cmd(load_date: str | None, as_json: bool) -> None:
    from etl.pipeline import summary_from_audit

    summary = summary_from_audit(_day(load_date))
    click.echo(json_text(summary.as_dict()) if as_json else _summary_text(summary))


@cli.command("status", help="Tình trạng từng nguồn: lần nạp thành công gần nhất và độ trễ, số tệp lỗi trong 7 ngày, "
                            "số dòng bị cách ly theo ngày trong 7 ngày so với 7 ngày trước đó.")
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
def status_cmd(as_json: bool) -> None:
    from etl.status import format_status, source_status, status_document

    now = datetime.now(ZoneInfo(TIMEZONE))
    statuses = source_status(now)
    click.echo(json_text(status_document(statuses, now)) if as_json else format_status(statuses, now))


def _summary_text(summary) -> str:
    """``format_summary`` of the run, with every file name and error escaped first (``printable``): a name
    holding a newline stays on its line."""
    from etl.pipeline import format_summary

    shown = replace(summary, files=[replace(f, file=printable(f.file), error=f.error and printable(f.error))
                                    for f in summary.files])
    return format_summary(shown)


def _finish(summary, as_json: bool) -> None:
    click.echo(json_text(summary.as_dict()) if as_json else _summary_text(summary))
    if summary.failed:
        sys.exit(FAILED)


def main() -> None:
    cli(prog_name="cchc")
