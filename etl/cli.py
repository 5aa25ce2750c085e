"""``cchc``: every step of the pipeline from a shell (the DAGs call the same functions)."""
from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import click

from etl import vi
from etl.config import settings


@click.group(help="Kho dữ liệu CCHC: nạp dữ liệu TTHC, kiểm tra, lập báo cáo.")
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


@cli.command(help="Sinh bộ dữ liệu mẫu của tỉnh Thanh Hóa (JSON, Excel, CSV, danh mục).")
@click.option("--out", type=click.Path(path_type=Path), default=None, help="Thư mục ghi (mặc định: inbox/thanhhoa).")
@click.option("--dossiers", type=click.IntRange(min=1), default=50_000, show_default=True)
@click.option("--seed", type=int, default=38, show_default=True)
@click.option("--year", type=int, default=2024, show_default=True)
@click.option("--until", default="2026-06-30", show_default=True,
              help="Ngày nhận hồ sơ cuối cùng (YYYY-MM-DD), từ 01/01 của --year; qua 01/07/2025 thì có sắp xếp ĐVHC.")
@click.option("--listing-share", type=click.FloatRange(0, 1), default=0.1, show_default=True)
def sample(out: Path | None, dossiers: int, seed: int, year: int, until: str, listing_share: float) -> None:
    from etl.sample import generate_sample

    out = out or settings().inbox_dir / "thanhhoa"
    manifest = generate_sample(out, dossiers=dossiers, seed=seed, year=year, listing_share=listing_share,
                               progress=click.echo, until=_load_date(until))
    click.echo(f"Đã ghi dữ liệu mẫu vào {out} ({vi.number(manifest['totals']['unique_dossiers'])} hồ sơ)")


def _load_date(value: str | None) -> date:
    try:
        return date.fromisoformat(value) if value else date.today()
    except ValueError:
        raise click.BadParameter(f"'{value}' không phải ngày dạng YYYY-MM-DD") from None


@cli.command(help="Nạp các tệp xuất (hoặc thư mục) theo đúng đường đi của DAG.")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--source", default="manual", show_default=True, help="Tên nguồn ghi vào nhật ký.")
@click.option("--load-date", default=None, help="Ngày nạp (YYYY-MM-DD), mặc định hôm nay.")
@click.option("--json", "as_json", is_flag=True, help="In tóm tắt dạng JSON.")
def ingest(paths: tuple[Path, ...], source: str, load_date: str | None, as_json: bool) -> None:
    from etl.pipeline import ingest as ingest_paths

    summary = ingest_paths(paths, source=source, load_date=_load_date(load_date), progress=click.echo)
    _finish(summary, as_json)


@cli.command(help="Đọc và kiểm tra tệp mà không nạp vào kho: các dòng sẽ bị cách ly và lý do "
                  "(mã hồ sơ trùng trong tệp chỉ được phát hiện khi nạp).")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--show", default=10, show_default=True, help="Số dòng lỗi in ra cho mỗi tệp.")
def check(paths: tuple[Path, ...], show: int) -> None:
    from etl.pipeline import check as check_file

    failed = False
    for path in paths:
        result = check_file(path)
        if "error" in result:
            failed = True
            click.echo(f"{result['file']}: LỖI — {result['error']}")
            continue
        click.echo(f"{result['file']} ({result['format']}): {vi.number(result['rows_read'])} dòng, "
                   f"{vi.number(result['rows_failing'])} dòng sẽ bị cách ly")
        for failure in sorted(result["failures"], key=lambda f: int(f["row_no"]))[:show]:
            value = failure["value"] if isinstance(failure["value"], str) else "(trống)"
            click.echo(f"  dòng {failure['row_no']}, cột {failure['column_name']} = {value}: "
                       f"{failure['reason']} [{failure['rule']}]")
    sys.exit(1 if failed else 0)


@cli.group(help="Dữ liệu danh mục: đơn vị hành chính, sắp xếp ĐVHC, danh mục TTHC (có lịch sử hiệu lực).")
def reference() -> None:
    pass


@reference.command("load", help="Nạp các tệp danh mục (bỏ qua tệp hồ sơ), như DAG reference_sync.")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--source", default="reference", show_default=True)
@click.option("--load-date", default=None, help="Ngày nạp (YYYY-MM-DD): áp dụng cho dòng không ghi ngày hiệu lực.")
@click.option("--json", "as_json", is_flag=True)
def reference_load(paths: tuple[Path, ...], source: str, load_date: str | None, as_json: bool) -> None:
    from etl.kinds import REFERENCE_KINDS
    from etl.pipeline import ingest as ingest_paths

    summary = ingest_paths(paths, source=source, load_date=_load_date(load_date), progress=click.echo,
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
        note = restatement_note(conn, _load_date(first_day), _load_date(last_day), mode, list(units) or None)
    click.echo(note or "Trong kỳ không có thay đổi đơn vị hành chính.")


@cli.group(help="Bảng số liệu báo cáo (schema mart), tính lại theo kỳ.")
def mart() -> None:
    pass


@mart.command("refresh", help="Tính lại Biểu 06 và bảng tổng hợp CCHC (kỳ hành chính hoặc theo lịch) và chỉ số QĐ 766 (kỳ theo lịch) "
                              "cho một kỳ, ví dụ --period nam:2024, quy:2024-3, thang:2024-11, cùng kỳ so sánh "
                              "(kỳ trước hoặc cùng kỳ năm trước), như khi lập báo cáo.")
@click.option("--period", "period_text", required=True)
@click.option("--calendar", type=click.Choice(["hanh_chinh", "lich"]), default="hanh_chinh", show_default=True,
              help="Lịch của Biểu 06; QĐ 766 luôn dùng kỳ theo lịch.")
def mart_refresh(period_text: str, calendar: str) -> None:
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
        counts = refresh_for_report(conn, period, list(report_config().certification_fields))
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
            click.echo(f"  {path}")
    if send:
        deliver_reports(run, force=force, progress=click.echo)
    if run.failed:
        click.echo(f"{len(run.failed)} đơn vị không lập được báo cáo.", err=True)
        sys.exit(1)


@cli.command("deliveries", help="Nhật ký gửi báo cáo qua e-mail (audit.report_delivery), mới nhất trước.")
@click.option("--unit", default=None, help="Chỉ đơn vị này (mã định danh).")
@click.option("--period", "period_code", default=None, help="Chỉ kỳ này, vd. nam:2024.")
def deliveries(unit: str | None, period_code: str | None) -> None:
    from etl.db import connect
    from etl.reports.delivery import delivery_log, format_log

    with connect() as conn:
        click.echo(format_log(delivery_log(conn, unit, period_code)))


@cli.command(help="Nạp mọi nguồn đã cấu hình (config/sources.yaml), như DAG tthc_nightly.")
@click.option("--source", "names", multiple=True, help="Chỉ nạp nguồn này (lặp lại được).")
@click.option("--load-date", default=None, help="Ngày nạp (YYYY-MM-DD), mặc định hôm nay.")
@click.option("--json", "as_json", is_flag=True)
def nightly(names: tuple[str, ...], load_date: str | None, as_json: bool) -> None:
    from etl.extract import ApiError
    from etl.config import sources
    from etl.pipeline import ingest_source

    failed = False
    for name in names or tuple(sources()):
        try:
            _finish(ingest_source(name, load_date=_load_date(load_date), progress=click.echo), as_json,
                    exit_on_fail=False)
        except ApiError as error:  # the source's folder was loaded; its API could not be read
            click.echo(f"{name}: LỖI API — {error}", err=True)
            failed = True
    sys.exit(1 if failed else 0)


@cli.command("summary", help="Tóm tắt các lần nạp của một ngày nạp, từ nhật ký kiểm toán.")
@click.option("--load-date", default=None, help="Ngày nạp (YYYY-MM-DD), mặc định hôm nay.")
def summary_cmd(load_date: str | None) -> None:
    from etl.pipeline import format_summary, summary_from_audit

    click.echo(format_summary(summary_from_audit(_load_date(load_date))))


def _finish(summary, as_json: bool, exit_on_fail: bool = True) -> None:
    from etl.pipeline import format_summary

    if as_json:
        click.echo(json.dumps(summary.as_dict(), ensure_ascii=False, indent=2, default=str))
    else:
        click.echo(format_summary(summary))
    if summary.failed and exit_on_fail:
        sys.exit(1)


def main() -> None:
    cli(prog_name="cchc")
