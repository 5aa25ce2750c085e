"""A provincial TTHC API on loopback (docs/formats.md §6), with faults to inject, for the API source tests.

The server holds a change feed: a list of dossier records (versions) in the order they were written,
each with its NgayCapNhat. ``GET /api/v1/hoso?since=&page=&page_size=`` returns the records modified at or
after ``since``, in feed order, one page at a time. An update appends a new version (the old one stays);
an insert may go anywhere (shifting later records onto later pages).

Faults (``inject``) apply to the next matching requests (a given page, or any), ``times`` times (None:
until ``heal``): an HTTP status (500/502/503), a 429 with Retry-After, a response slower than the client's
timeout, a connection closed in the middle of the body, a complete response whose JSON is cut short.
Mutations (``after_page``) run once, right after a given page was served: updates and inserts while a
client is paging.
"""
from __future__ import annotations

import copy
import json
import math
import threading
import time
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

VN = ZoneInfo("Asia/Ho_Chi_Minh")
FORMAT = "%Y%m%d%H%M%S"
PATH = "/api/v1/hoso"
UNITS = [("000.35.27.H56", "UBND xã Hoằng Cát"), ("000.36.27.H56", "UBND xã Hoằng Đạo"),
         ("000.00.27.H56", "UBND huyện Hoằng Hóa")]
PROCEDURES = [("2.000815.000.00.00.H56", "Thủ tục chứng thực bản sao từ bản chính giấy tờ", "CT", "Chứng thực"),
              ("1.001193.000.00.00.H56", "Thủ tục đăng ký khai sinh", "HT", "Hộ tịch")]


def dossier(number: int, received: datetime, status: int = 10, unit: int | None = None) -> dict:
    """One dossier record in the sync payload shape (tests/fixtures/small/*.json), with NgayCapNhat."""
    unit_code, unit_name = UNITS[number % len(UNITS) if unit is None else unit]
    ma_tthc, ten_tthc, ma_lv, ten_lv = PROCEDURES[number % len(PROCEDURES)]
    finished = received + timedelta(days=2, hours=number % 5)
    record = {
        "MaHoSo": f"{unit_code}-{received:%y%m%d}-{number % 10000:04d}",
        "MaTTHC": ma_tthc, "TenTTHC": ten_tthc, "MaLinhVuc": ma_lv, "TenLinhVuc": ten_lv,
        "KenhThucHien": 1 + number % 3, "LoaiDoiTuong": 1,
        "ChuHoSo": "Lê Thị Hoa", "SoDienThoai": "0912000111", "Email": "hoa.le@example.vn",
        "SoGiayToChuHoSo": "038190000111", "TrichYeuHoSo": f"Hồ sơ số {number}",
        "NgayNopHoSo": f"{received:{FORMAT}}", "NgayTiepNhan": f"{received:{FORMAT}}",
        "NgayHenTra": f"{received + timedelta(days=4):{FORMAT}}",
        "NgayKetThucXuLy": "", "NgayTra": "",
        "TrangThaiHoSo": status, "DonViXuLy": unit_name, "MaDonVi": unit_code,
        "HinhThuc": 0, "DuocThanhToanTrucTuyen": number % 2,
        "DanhSachLePhi": [{"TenPhiLePhi": "Lệ phí", "MaPhiLePhi": "LP", "HinhThucThu": 1, "Gia": 50000,
                           "LoaiPhiLePhi": 1}] if number % 2 else [],
        "TaiLieuNop": [{"TepDinhKemId": f"f{number}", "TenTepDinhKem": "to-khai.pdf", "IsDeleted": False,
                        "MaThanhPhanHoSo": "TP1", "DuongDanTaiTepTin": f"/f/{number}", "DuocSoHoa": 0,
                        "DuocLayTuKhoDMQG": 0}],
        "DanhSachGiayToKetQua": [], "DanhSachHoSoBoSung": [],
        "NgayCapNhat": f"{received:{FORMAT}}",
    }
    if status in (9, 10):
        record["NgayKetThucXuLy"] = f"{finished:{FORMAT}}"
        record["NgayCapNhat"] = record["NgayKetThucXuLy"]
    if status == 10:
        record["NgayTra"] = f"{finished + timedelta(hours=1):{FORMAT}}"
        record["NgayCapNhat"] = record["NgayTra"]
    return record


def dossiers(count: int, first: datetime = datetime(2024, 1, 2, 8, 0), open_every: int = 7) -> list[dict]:
    """``count`` distinct dossiers received over 2024 (every ``open_every``-th still being processed),
    in order of modification, as a feed."""
    rows = [dossier(n, first + timedelta(hours=5 * n), status=4 if n % open_every == 0 else 10)
            for n in range(1, count + 1)]
    return sorted(rows, key=lambda r: r["NgayCapNhat"])


def updated(record: dict, status: int, modified: datetime) -> dict:
    """A new version of ``record``: another status, finished and modified at ``modified``."""
    new = copy.deepcopy(record)
    new["TrangThaiHoSo"] = status
    new["NgayKetThucXuLy"] = f"{modified:{FORMAT}}" if status in (3, 7, 8, 9, 10) else ""
    new["NgayTra"] = f"{modified:{FORMAT}}" if status == 10 else ""
    new["NgayCapNhat"] = f"{modified:{FORMAT}}"
    return new


class FakeTthcApi:
    def __init__(self, rows: list[dict], token: str = "token-dung", max_page_size: int = 1000):
        self.rows = list(rows)
        self.token = token
        self.max_page_size = max_page_size
        self.faults: list[dict] = []
        self.mutations: dict[int, list[Callable[["FakeTthcApi"], None]]] = {}
        self.log: list[dict] = []  # one entry per request: page, since, status, fault
        self.lock = threading.RLock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.daemon_threads = True
        self.server.api = self
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    # ------------------------------------------------------------ control
    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}{PATH}"

    def __enter__(self) -> "FakeTthcApi":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def inject(self, kind: str, *, page: int | None = None, times: int | None = 1, **options) -> None:
        """Fail the next ``times`` requests (of ``page``, else any): kind ``status`` (``code``),
        ``rate_limit`` (``retry_after``), ``slow`` (``seconds``), ``drop``, ``truncate``."""
        assert kind in {"status", "rate_limit", "slow", "drop", "truncate"}, kind
        with self.lock:
            self.faults.append({"kind": kind, "page": page, "times": times, **options})

    def heal(self) -> None:
        with self.lock:
            self.faults.clear()

    def after_page(self, page: int, mutation: Callable[["FakeTthcApi"], None]) -> None:
        """Run ``mutation(self)`` once, right after ``page`` was served successfully."""
        with self.lock:
            self.mutations.setdefault(page, []).append(mutation)

    def append(self, record: dict) -> None:
        with self.lock:
            self.rows.append(record)

    def insert(self, position: int, record: dict) -> None:
        with self.lock:
            self.rows.insert(position, record)

    def latest(self) -> dict[str, dict]:
        """What the client should end up with: per MaHoSo, the version modified last."""
        found: dict[str, dict] = {}
        for row in self.rows:
            kept = found.get(row["MaHoSo"])
            if kept is None or row["NgayCapNhat"] >= kept["NgayCapNhat"]:
                found[row["MaHoSo"]] = row
        return found

    def requests(self, status: int | None = None) -> list[dict]:
        return [r for r in self.log if status is None or r["status"] == status]

    # ------------------------------------------------------------ serving
    def respond(self, handler: "_Handler") -> None:
        parts = urlsplit(handler.path)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        page = int(query.get("page", "1"))
        entry = {"page": page, "since": query.get("since"), "status": 200, "fault": None}
        with self.lock:
            self.log.append(entry)
            fault = self._take_fault(page)
        if parts.path != PATH:
            return self._send(handler, entry, 404, {"error": "not found"})
        if handler.headers.get("Authorization") != f"Bearer {self.token}":
            return self._send(handler, entry, 401, {"error": "invalid_token"})
        if fault:
            entry["fault"] = fault["kind"]
            if fault["kind"] == "status":
                return self._send(handler, entry, fault["code"], {"error": "server error"})
            if fault["kind"] == "rate_limit":
                return self._send(handler, entry, 429, {"error": "too many requests"},
                                  {"Retry-After": str(fault.get("retry_after", 1))})
            if fault["kind"] == "slow":
                time.sleep(fault["seconds"])
        try:
            page_size = min(int(query.get("page_size", "100")), self.max_page_size)
            since = query.get("since")
            since_text = datetime.fromisoformat(since).astimezone(VN).strftime(FORMAT) if since else ""
        except ValueError:
            return self._send(handler, entry, 400, {"error": "bad parameters"})
        with self.lock:
            matching = [r for r in self.rows if r["NgayCapNhat"] >= since_text]
            total_pages = math.ceil(len(matching) / page_size)
            body = {"page": page, "page_size": page_size, "total": len(matching), "total_pages": total_pages,
                    "items": copy.deepcopy(matching[(page - 1) * page_size: page * page_size])}
        raw = json.dumps(body, ensure_ascii=False).encode()
        if fault and fault["kind"] == "truncate":
            raw = raw[: len(raw) // 2]
        if fault and fault["kind"] == "drop":
            return self._send_raw(handler, entry, 200, raw, cut=True)
        self._send_raw(handler, entry, 200, raw)
        if entry["status"] == 200 and (not fault or fault["kind"] == "slow"):
            with self.lock:
                for mutation in self.mutations.pop(page, []):
                    mutation(self)

    def _take_fault(self, page: int) -> dict | None:
        for fault in self.faults:
            if fault["page"] in (None, page) and (fault["times"] is None or fault["times"] > 0):
                if fault["times"] is not None:
                    fault["times"] -= 1
                return fault
        return None

    def _send(self, handler, entry: dict, status: int, body: dict, headers: dict | None = None) -> None:
        self._send_raw(handler, entry, status, json.dumps(body).encode(), headers=headers)

    @staticmethod
    def _send_raw(handler, entry: dict, status: int, raw: bytes, cut: bool = False,
                  headers: dict | None = None) -> None:
        entry["status"] = status
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", "application/json; charset=utf-8")
            handler.send_header("Content-Length", str(len(raw)))
            for key, value in (headers or {}).items():
                handler.send_header(key, value)
            handler.end_headers()
            handler.wfile.write(raw[: len(raw) // 3] if cut else raw)
            handler.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout)
            entry["status"] = "abandoned"
        if cut:
            handler.close_connection = True


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802
        self.server.api.respond(self)

    def log_message(self, *args) -> None:
        pass
