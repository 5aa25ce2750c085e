#!/usr/bin/env python
"""Report benchmark: every unit's report of the sample province in every format, and the latency of a
unit-period query of mart.kpi_766 and mart.bieu06 with ~10 million dossiers in dw.

Not a test: it prints figures. See bench/README.md. Run from the repository root:

    .venv/bin/python bench/bench_reports.py                    # 50,000-dossier sample, then 10M dossiers
    .venv/bin/python bench/bench_reports.py --big 0            # reports only

Steps:
1. generate the sample province (``--dossiers``, 2024 to mid-2026, with the 2025 reorganisation), load it
   into a scratch database ``cchc_bench_<random>`` (not measured);
2. reports of ``--period`` (default nam:2025) for every unit in force on its last day: refresh of the marts,
   then Word + PDF + HTML + Biểu 06 xlsx per unit (wall time, per-unit time; goal < 60 s in all);
3. the fact table is grown to ``--big`` dossiers by copying its rows (bench/sql/multiply_dossiers.sql), then
   - the marts of the period and of its comparison period are computed whole (timed);
   - the two unit-period queries an analyst or a report runs are timed (median and max of 20 runs, for a
     commune, a district and the province; goal < 200 ms);
   - one commune's and the province's report, in this process, after a first report that loads the renderers:
     gather (every figure from the marts) + the four files (median of 3; goals < 2 s and < 4 s), then the render
     file by file;
   - the marts a night's load refreshes (the periods held and the open and just-closed ones) are computed whole
     (timed), a night of changes is applied (bench/sql/night.sql: ~1% of the dossiers change, ~0.5% are new; not
     timed) and the same marts are brought up to date incrementally (timed; goal <= 10% of the whole).
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")

import psycopg  # noqa: E402
from psycopg import sql as pgsql  # noqa: E402

ADMIN_URL = os.environ.get("CCHC_BENCH_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
GOAL_REPORTS_S, GOAL_QUERY_MS = 60, 200
GOAL_COMMUNE_S, GOAL_PROVINCE_S = 2, 4  # one report at the grown size: gather + 4 formats, one process
GOAL_INCREMENTAL_PERCENT = 10  # the marts after a 1% night, against computing the same periods whole
NIGHT = date(2026, 7, 1)  # the night after the sample's last day
KPI_QUERY = ("SELECT indicator_code, numerator, denominator, ratio, score, max_score, status FROM mart.kpi_766 "
             "WHERE period_code = %(period)s AND unit_code = %(unit)s AND restated = %(restated)s")
BIEU06_QUERY = ("SELECT * FROM mart.bieu06_rollup WHERE calendar = 'hanh_chinh' AND period_code = %(period)s "
                "AND unit_code = %(unit)s AND restated = %(restated)s ORDER BY field_code")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dossiers", type=int, default=50_000)
    parser.add_argument("--period", default="nam:2025")
    parser.add_argument("--big", type=int, default=10_000_000, help="dossiers in dw for the query timings (0: skip)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args()

    from etl import migrate, vi
    from etl.periods import Period
    from etl.pipeline import ingest
    from etl.reports.produce import produce_reports
    from etl.sample import generate_sample

    work = Path(tempfile.mkdtemp(prefix="cchc-bench-reports-"))
    name = f"cchc_bench_{uuid.uuid4().hex[:8]}"
    url = urlunsplit(urlsplit(ADMIN_URL)._replace(path=f"/{name}"))
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        admin.execute(pgsql.SQL("CREATE DATABASE {}").format(pgsql.Identifier(name)))
    os.environ.update(WAREHOUSE_URL=url, CCHC_HOME=str(work / "home"))
    try:
        migrate.upgrade(url)
        print(f"1. Mẫu {vi.number(args.dossiers)} hồ sơ: sinh và nạp (không đo)...", flush=True)
        generate_sample(work / "inbox", dossiers=args.dossiers, until=date(2026, 6, 30), progress=lambda _: None)
        ingest([work / "inbox"], source="bench", load_date=date(2026, 7, 1), progress=lambda _: None)
        period = Period.from_code(args.period)

        started = time.perf_counter()
        produced = produce_reports(period, out_dir=work / "reports", progress=lambda _: None)
        total = time.perf_counter() - started
        per_unit = [p.seconds for p in produced.produced]
        files = sum(len(p.files) for p in produced.produced)
        print(f"2. Báo cáo {period.label}: {len(per_unit)} đơn vị, {files} tệp, lỗi {len(produced.failed)}; "
              f"tổng {vi.number(total, 1)} s (mục tiêu < {GOAL_REPORTS_S} s: {'đạt' if total < GOAL_REPORTS_S else 'CHƯA ĐẠT'}); "
              f"mỗi đơn vị trung vị {vi.number(statistics.median(per_unit), 2)} s, "
              f"lớn nhất {vi.number(max(per_unit), 2)} s", flush=True)

        if args.big:
            _big(url, args.big, period, work)
    finally:
        if not args.keep:
            with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
                admin.execute(pgsql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(pgsql.Identifier(name)))


def _big(url: str, size: int, period, work: Path) -> None:
    """Step 3: the warehouse grown to ``size`` dossiers; marts computed whole, queries, one report's gather and
    render, and a night of 1% changes applied to the marts incrementally next to a whole refresh."""
    from etl import vi
    from etl.db import connect, run
    from etl.marts import refresh, refresh_after_load, refresh_for_report
    from etl.periods import Period
    from etl.reports.config import report_config

    fields = list(report_config().certification_fields)
    with connect(url, autocommit=True) as conn:
        [(have,)] = conn.execute("SELECT count(*) FROM dw.fact_dossier").fetchall()
        copies = max(1, round(size / have))
        started = time.perf_counter()
        run(conn, "../bench/sql/multiply_dossiers", {"copies": copies})
        conn.execute("VACUUM ANALYZE dw.fact_dossier")
        [(now,)] = conn.execute("SELECT count(*) FROM dw.fact_dossier").fetchall()
        print(f"3. dw.fact_dossier: {vi.number(now)} hồ sơ ({vi.number(time.perf_counter() - started, 1)} s để sinh)",
              flush=True)
    with connect(url) as conn:
        started = time.perf_counter()
        counts = refresh_for_report(conn, period, fields, whole=True)
        print(f"   Tính lại mart cho {period.code} (và kỳ so sánh), tính toàn bộ: "
              f"{vi.number(time.perf_counter() - started, 1)} s {counts}", flush=True)
        units = _sample_units(conn, period)
        for label, unit in units.items():
            for query_name, query in (("mart.kpi_766", KPI_QUERY), ("mart.bieu06", BIEU06_QUERY)):
                params = {"period": period.code, "unit": unit, "restated": True}
                timings = []
                for _ in range(20):
                    started = time.perf_counter()
                    rows = conn.execute(query, params).fetchall()
                    timings.append((time.perf_counter() - started) * 1000)
                median = statistics.median(timings)
                print(f"   {query_name} {label} {unit}: {len(rows)} dòng, trung vị {vi.number(median, 1)} ms, "
                      f"lớn nhất {vi.number(max(timings), 1)} ms "
                      f"({'đạt' if max(timings) < GOAL_QUERY_MS else 'CHƯA ĐẠT'} < {GOAL_QUERY_MS} ms)", flush=True)
        from etl.reports.data import gather
        from etl.reports.render import render_all

        started = time.perf_counter()  # the process's first report loads the renderers and the fonts
        render_all(gather(conn, units["huyện"], period), work / "big")
        print(f"   Báo cáo đầu tiên của tiến trình (huyện {units['huyện']}, nạp thư viện và phông chữ): "
              f"{vi.number(time.perf_counter() - started, 2)} s", flush=True)
        for label, goal in (("xã", GOAL_COMMUNE_S), ("tỉnh", GOAL_PROVINCE_S)):
            _one_report(conn, units[label], period, label, goal, now, work / "big")

        refresh_after_load(conn, NIGHT, fields)  # the nightly set: the periods held and the current ones
        held = [(mart, Period.from_code(code, calendar)) for mart, calendar, code, *_ in run(conn, "marts/held_periods")]
        started = time.perf_counter()
        refresh(conn, held, fields, whole=True)
        whole = time.perf_counter() - started
        started = time.perf_counter()
        [(last_key,)] = conn.execute("SELECT max(dossier_key) FROM dw.fact_dossier").fetchall()
        run(conn, "../bench/sql/night", {"night": NIGHT, "changed": 0.01, "added": 0.005})
        conn.commit()
        [(changed,)] = conn.execute("SELECT count(DISTINCT dossier_key) FROM audit.dossier_change").fetchall()
        [(added,)] = conn.execute("SELECT count(*) FROM dw.fact_dossier WHERE dossier_key > %s", (last_key,)).fetchall()
        print(f"   Một đêm nạp {NIGHT:%d/%m/%Y}: {vi.number(changed)} hồ sơ thay đổi, {vi.number(added)} hồ sơ mới "
              f"({vi.number(100 * (changed + added) / now, 2)}% kho; {vi.number(time.perf_counter() - started, 1)} s, "
              "không tính)", flush=True)
        started = time.perf_counter()
        refresh_after_load(conn, NIGHT, fields)
        incremental = time.perf_counter() - started
        share = 100 * incremental / whole
        print(f"   Mart của {len({p for _, p in held})} kỳ ({len(held)} bảng-kỳ) sau đêm đó: cập nhật phần thay đổi "
              f"{vi.number(incremental, 1)} s, tính toàn bộ {vi.number(whole, 1)} s: {vi.number(share, 1)}% "
              f"(mục tiêu ≤ {GOAL_INCREMENTAL_PERCENT}%: {'đạt' if share <= GOAL_INCREMENTAL_PERCENT else 'CHƯA ĐẠT'})",
              flush=True)


def _one_report(conn, unit: str, period, label: str, goal: float, dossiers: int, out: Path, runs: int = 3) -> None:
    """One report at the grown size, in this process (the renderers already loaded): gather (every figure from
    the marts), then the four files; the median of ``runs``, then the render file by file, for where its time
    goes."""
    from etl import vi
    from etl.reports import render
    from etl.reports.data import gather

    gathered, rendered = [], []
    for _ in range(runs):
        started = time.perf_counter()
        data = gather(conn, unit, period)
        gathered.append(time.perf_counter() - started)
        started = time.perf_counter()
        render.render_all(data, out)
        rendered.append(time.perf_counter() - started)
    totals = [g + r for g, r in zip(gathered, rendered)]
    total = statistics.median(totals)
    print(f"   Báo cáo {label} {unit} trên {vi.number(dossiers)} hồ sơ (trung vị {runs} lần): lấy số liệu "
          f"{vi.number(statistics.median(gathered), 2)} s + dựng 4 tệp {vi.number(statistics.median(rendered), 2)} s "
          f"= {vi.number(total, 2)} s (mục tiêu < {goal:g} s: {'đạt' if total < goal else 'CHƯA ĐẠT'}; "
          f"nhanh nhất {vi.number(min(totals), 2)} s)", flush=True)
    docx, pdf, html, xlsx = (out / name for name in render.file_names(data))
    steps = {}
    started = time.perf_counter()
    charts = render.render_charts(data)
    steps["biểu đồ"] = time.perf_counter() - started
    for name, write in (("Word", lambda: render.write_docx(data, docx, charts)),
                        ("PDF", lambda: render.write_pdf(data, pdf, charts)),
                        ("HTML", lambda: render.write_html(data, html, charts)),
                        ("Excel", lambda: render.write_bieu06_xlsx(data, xlsx))):
        started = time.perf_counter()
        write()
        steps[name] = time.perf_counter() - started
    print("     dựng từng tệp: " + ", ".join(f"{name} {vi.number(seconds, 2)} s" for name, seconds in steps.items()),
          flush=True)


def _sample_units(conn, period) -> dict[str, str]:
    """A commune, a district and the province that exist on the period's last day, with the most dossiers."""
    rows = conn.execute("""
        SELECT DISTINCT ON (u.level) u.level, s.unit_code FROM mart.cchc_summary s
        JOIN dw.dim_unit u ON u.unit_code = s.unit_code AND u.valid_to = date '9999-12-31'
        WHERE s.period_code = %s AND s.restated ORDER BY u.level, s.tiep_nhan_tong DESC""", (period.code,)).fetchall()
    names = {"xa": "xã", "huyen": "huyện", "tinh": "tỉnh"}
    return {names[level]: code for level, code in rows if level in names}


if __name__ == "__main__":
    main()
