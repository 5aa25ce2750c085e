"""Reading speed of the spreadsheet exports: our reader against pandas' default reader on the same file.

    .venv/bin/python bench/bench_read.py                         # 200,000-row .xlsx, 1,000,000-row .csv
    .venv/bin/python bench/bench_read.py --xlsx-rows 20000 --csv-rows 100000   # quick check

Generates (into a temporary folder, or --workdir) a dossier listing (docs/formats.md §2) as .xlsx, written
with openpyxl in write-only mode, and as CSV UTF-8; then times, on each file:

* ours: ``listing.FORMAT.read`` to the end (calamine for .xlsx, etl.sources.encodings + csv for .csv; header
  search, group/total rows, canonical conversion of every cell, chunked DataFrames);
* pandas' default reader: ``pd.read_excel(path)`` (openpyxl) and ``pd.read_csv(path)``; for the .xlsx
  also ``pd.read_excel(path, engine="calamine")`` for reference (no conversion at all).

Rows/s count the data rows of the file. Not a test: it prints figures.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pandas as pd  # noqa: E402

from etl.sources import listing  # noqa: E402

HEADER = ["STT", "Mã hồ sơ", "Mã TTHC", "Tên thủ tục hành chính", "Mã lĩnh vực", "Lĩnh vực", "Mã đơn vị",
          "Đơn vị xử lý", "Chủ hồ sơ", "Số điện thoại", "Email", "Đối tượng", "Kênh nộp", "Ngày nộp",
          "Ngày tiếp nhận", "Ngày hẹn trả", "Ngày kết thúc xử lý", "Ngày trả kết quả", "Trạng thái",
          "Phí, lệ phí (đồng)", "Thanh toán trực tuyến", "Trả kết quả qua BCCI", "Số hóa thành phần",
          "Kết quả điện tử", "Số lần bổ sung"]
TITLES = [["UBND TỈNH THANH HÓA"], ["DANH SÁCH HỒ SƠ"], ["(Từ ngày 01/01/2024 đến ngày 31/12/2024)"], []]
PROCEDURES = [("1.001193.000.00.00.H56", "Thủ tục đăng ký khai sinh", "HT", "Hộ tịch"),
              ("2.000815.000.00.00.H56", "Thủ tục chứng thực bản sao từ bản chính giấy tờ", "CT", "Chứng thực"),
              ("1.004616.000.00.00.H56", "Đăng ký thành lập hộ kinh doanh", "HKD", "Hộ kinh doanh")]
UNITS = [("000.35.27.H56", "UBND xã Hoằng Cát"), ("000.31.27.H56", "UBND xã Hoằng Trinh"),
         ("000.00.27.H56", "UBND huyện Hoằng Hóa")]
NAMES = ["Lê Thị Hằng", "Nguyễn Văn Bình", "Trần Thị Lan", "Phạm Minh Đức", "Hoàng Văn Nam"]
CHANNELS = ["Trực tiếp", "Trực tuyến", "Bưu chính công ích"]
STATUSES = ["Đã trả kết quả", "Đang xử lý", "Đã xử lý xong"]


def dossier(n: int, excel: bool) -> list:
    procedure, unit = PROCEDURES[n % 3], UNITS[n % 3]
    received = dt.datetime(2024, 1, 1, 8, 0) + dt.timedelta(minutes=37 * n)
    dates = [received, received, received + dt.timedelta(days=3), received + dt.timedelta(days=2),
             received + dt.timedelta(days=2, hours=1)]
    if not excel:
        dates = [d.strftime("%d/%m/%Y %H:%M") for d in dates]
    fee = (n % 4) * 25000
    return [n, f"{unit[0]}-{received:%y%m%d}-{n % 10000:04d}", procedure[0], procedure[1], procedure[2],
            procedure[3], unit[0], unit[1], NAMES[n % 5], f"09{n % 100000000:08d}", "", "Công dân",
            CHANNELS[n % 3], *dates, STATUSES[n % 3], fee if excel else f"{fee:,}".replace(",", "."),
            "Có" if n % 2 else "Không", "Không", "Có", "Có" if n % 3 else "Không", n % 2]


def write_xlsx(path: Path, rows: int) -> None:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    for row in TITLES + [HEADER]:
        sheet.append(row)
    for n in range(1, rows + 1):
        sheet.append(dossier(n, excel=True))
    book.save(path)


def write_csv(path: Path, rows: int) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerows(TITLES + [HEADER])
        writer.writerows(dossier(n, excel=False) for n in range(1, rows + 1))


def timed(label: str, rows: int, read) -> float:
    started = time.perf_counter()
    got = read()
    seconds = time.perf_counter() - started
    print(f"  {label:<46} {seconds:8.2f} s  {rows / seconds:>12,.0f} rows/s  ({got:,} rows)", flush=True)
    return seconds


def ours(path: Path) -> int:
    return sum(len(chunk) for chunk in listing.FORMAT.read(path))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--xlsx-rows", type=int, default=200_000)
    parser.add_argument("--csv-rows", type=int, default=1_000_000)
    parser.add_argument("--workdir", type=Path, help="where to write the files (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    args = parser.parse_args()
    folder = args.workdir or Path(tempfile.mkdtemp(prefix="cchc-bench-read-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        xlsx, csv_path = folder / f"danh-sach-{args.xlsx_rows}.xlsx", folder / f"danh-sach-{args.csv_rows}.csv"
        started = time.perf_counter()
        if not xlsx.exists():
            write_xlsx(xlsx, args.xlsx_rows)
        if not csv_path.exists():
            write_csv(csv_path, args.csv_rows)
        print(f"files generated in {time.perf_counter() - started:.1f} s: {xlsx.name} "
              f"({xlsx.stat().st_size / 1e6:.1f} MB), {csv_path.name} ({csv_path.stat().st_size / 1e6:.1f} MB)")

        print(f".xlsx, {args.xlsx_rows:,} data rows")
        t_ours = timed("ours (calamine + canonical conversion)", args.xlsx_rows, lambda: ours(xlsx))
        t_calamine = timed("pd.read_excel(engine='calamine'), reference", args.xlsx_rows,
                           lambda: len(pd.read_excel(xlsx, engine="calamine", skiprows=4)))
        # engine="openpyxl" is pandas' default for .xlsx; named only to silence its notice that this will change
        t_pandas = timed("pd.read_excel (default: openpyxl)", args.xlsx_rows,
                         lambda: len(pd.read_excel(xlsx, skiprows=4, engine="openpyxl")))
        print(f"  ratio: ours is {t_pandas / t_ours:.1f}x faster than pd.read_excel (goal >= 5x: "
              f"{'met' if t_pandas / t_ours >= 5 else 'NOT met'}); pandas+calamine without conversion is "
              f"{t_ours / t_calamine:.1f}x faster than ours")

        print(f".csv, {args.csv_rows:,} data rows")
        t_ours = timed("ours (encoding detection + csv + conversion)", args.csv_rows, lambda: ours(csv_path))
        t_pandas = timed("pd.read_csv (default: C parser)", args.csv_rows,
                         lambda: len(pd.read_csv(csv_path, skiprows=4)))
        print(f"  ratio: pd.read_csv (no conversion) is {t_ours / t_pandas:.1f}x faster than ours")
    finally:
        if not args.keep and not args.workdir:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
