"""Extract: incremental pulls from a provincial TTHC HTTP API (docs/formats.md §6) into one sync payload file
(§1), which the pipeline then lands and loads like any export.

One pull:

1. asks for every page of dossiers modified since the source's watermark (audit.api_watermark) minus a
   safety margin, retrying 5xx answers, timeouts, dropped connections and unreadable pages with
   exponential backoff and waiting as told by ``429 Retry-After``; a 401/403 stops at once;
2. reads the pages again from page 1 when the answer changed while paging (``total`` or ``total_pages``
   moved: rows were inserted, so rows already read may have shifted onto pages not yet read and back);
3. keeps one record per MaHoSo: the one modified last (``NgayCapNhat``), ties broken by content;
4. only then writes ONE ``dossier_json`` file (atomically, named by its window and content hash) for the
   pipeline to land and load like any export.

The watermark moves (``commit``) only after that file is loaded. A pull that fails anywhere writes nothing
and leaves the watermark as it was, so the next pull asks for the same window again; dossiers delivered
twice are harmless, since the load upserts by MaHoSo (a later state replaces an earlier one).
"""
from __future__ import annotations

import hashlib
import math
import time
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Callable, Iterable, Mapping
from zoneinfo import ZoneInfo

import httpx
import orjson
import tenacity
from psycopg.types.json import Jsonb

from etl import db
from etl.config import TIMEZONE, secret, settings
from etl.files import safe_name
from etl.sources.dossier_json import SERVICE

VN = ZoneInfo(TIMEZONE)
SOURCE_DATE_FORMAT = "%Y%m%d%H%M%S"  # yyyyMMddHHmmss, Asia/Ho_Chi_Minh, as every date of the sync payload
NEVER = datetime(1900, 1, 1, tzinfo=timezone.utc)  # the modification time of a record that gives none
EVENT_FIELDS = ("NgayTra", "NgayKetThucXuLy", "NgayTiepNhan", "NgayNopHoSo")  # ties on NgayCapNhat


class ApiError(Exception):
    """The pull did not complete: nothing was written and the watermark is unchanged."""


@dataclass(frozen=True)
class ApiConfig:
    """The ``api`` key of a source in config/sources.yaml (docs/formats.md §6)."""

    url: str
    token_env: str | None = None  # environment variable holding the bearer token ...
    conn_id: str | None = None  # ... else the password of this Airflow connection (looked up by the caller)
    page_size: int = 500
    timeout_s: float = 30.0
    max_retries: int = 5  # retries of one request (so max_retries + 1 attempts)
    backoff_s: float = 1.0  # first wait; doubles on every retry
    backoff_max_s: float = 60.0
    max_retry_after_s: float = 300.0  # a longer Retry-After is cut to this
    overlap_minutes: float = 60.0  # safety margin below the watermark (late commits, clock drift)
    max_passes: int = 3  # full reads when the answer keeps changing while paging
    start: str | None = None  # ``since`` of the first pull (ISO date or date-time); none: everything
    madonvi: str | None = None  # agency code written as the file's ``madonvi`` (fallback for MaDonVi)
    modified_field: str = "NgayCapNhat"

    @classmethod
    def of(cls, api: "Mapping | ApiConfig") -> "ApiConfig":
        if isinstance(api, ApiConfig):
            return api
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(api) - known)
        if unknown:
            raise ApiError(f"cấu hình api: khóa không hỗ trợ {', '.join(unknown)} (xem docs/formats.md §6)")
        if not api.get("url"):
            raise ApiError("cấu hình api: thiếu url")
        return cls(**api)


@dataclass
class PullResult:
    source: str
    url: str
    since: datetime | None  # what was asked for
    watermark: datetime | None = None  # latest modification time seen: the watermark once loaded
    path: Path | None = None  # the file written (None: no dossier modified since)
    passes: int = 0
    pages: int = 0
    requests: int = 0
    records: int = 0  # items received, repeats included
    dossiers: int = 0  # distinct dossiers written
    retries: list[dict] = field(default_factory=list)  # {"page", "reason", "wait_s"}
    seconds: float = 0.0
    committed: bool = False

    @property
    def files(self) -> list[Path]:
        return [self.path] if self.path else []

    def as_json(self) -> dict:
        data = asdict(self)
        del data["path"]
        data.update(since=_iso(self.since), watermark=_iso(self.watermark), file=self.path and self.path.name)
        return data


class _Retryable(Exception):
    """A failed attempt worth repeating."""

    def __init__(self, reason: str, retry_after: float | None = None):
        super().__init__(reason)
        self.reason, self.retry_after = reason, retry_after


def pull(source: str, api: "Mapping | ApiConfig", *, url: str | None = None, client: httpx.Client | None = None,
         progress: Callable[[str], None] = print, sleep: Callable[[float], None] = time.sleep,
         connection_password: Callable[[str], str | None] | None = None, now: datetime | None = None,
         out_dir: Path | None = None) -> PullResult:
    """Fetch every dossier of ``source`` modified since its watermark and write them as one sync payload
    file under ``out_dir`` (default ``$CCHC_HOME/api/<source>``); raises ApiError (nothing written) when
    the API cannot be read. Does not move the watermark: ``commit`` does, once the file is loaded.
    ``connection_password(conn_id)`` gives the password of an Airflow connection (etl.orchestration): the
    token of a source configured with ``conn_id``."""
    config = ApiConfig.of(api)
    started = time.monotonic()
    since = _since(source, config, url)
    result = PullResult(source, config.url, since)
    token = resolve_token(config, connection_password)
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
    owned = client is None
    client = client or httpx.Client(timeout=httpx.Timeout(config.timeout_s), follow_redirects=False)
    progress(f"API {source}: lấy hồ sơ cập nhật từ {_iso(since) or 'đầu'} ({config.url})")
    kept: dict[str, tuple[tuple, dict]] = {}
    try:
        for number in range(1, config.max_passes + 1):
            result.passes = number
            if _read_pass(client, config, headers, since, result, kept, sleep):
                break
            if number < config.max_passes:
                progress(f"API {source}: dữ liệu thay đổi trong lúc phân trang, đọc lại từ trang 1")
            else:
                progress(f"API {source}: dữ liệu vẫn thay đổi sau {number} lượt đọc; phần thay đổi sẽ được "
                         "lấy ở lần kéo sau")
    finally:
        if owned:
            client.close()
    records = [record for _, record in sorted(kept.values(), key=lambda kr: (_code(kr[1]) or "", kr[0]))]
    result.dossiers = len(records)
    latest = max((rank[0] for rank, _ in kept.values() if rank[0] is not NEVER), default=None)
    now = now or datetime.now(VN)
    result.watermark = min(latest, now) if latest else None  # a record dated in the future must not skip others
    if records:
        result.path = _write(source, config, since, result.watermark, records,
                             out_dir or settings().home / "api" / safe_name(source))
    result.seconds = round(time.monotonic() - started, 3)
    progress(f"API {source}: {result.pages} trang, {result.requests} yêu cầu ({len(result.retries)} lần thử lại), "
             f"{result.records} bản ghi -> {result.dossiers} hồ sơ"
             + (f" -> {result.path.name}" if result.path else ""))
    return result


def commit(result: PullResult, loaded: Iterable, url: str | None = None,
           progress: Callable[[str], None] = print) -> bool:
    """Advance the watermark when the pulled file is among ``loaded`` (FileResults of the ingest) as loaded,
    or skipped because its content was loaded before. Returns whether it moved."""
    if result.path is None or result.watermark is None:
        return False
    outcome = next((f for f in loaded if f.file == result.path.name), None)
    if outcome is None or outcome.status not in ("loaded", "skipped"):
        progress(f"API {result.source}: tệp {result.path.name} chưa nạp được, giữ nguyên mốc "
                 f"{_iso(result.since) or '(chưa có)'}")
        return False
    with db.connect(url) as conn:
        conn.execute(db.sql("audit/api_watermark_set"), {
            "source": result.source, "watermark": result.watermark,
            "last_pull": Jsonb({k: v for k, v in result.as_json().items() if k not in ("retries", "committed")}
                               | {"retries": len(result.retries)}),
        })
    result.committed = True
    progress(f"API {result.source}: mốc cập nhật mới {_iso(result.watermark)}")
    return True


def watermark(source: str, url: str | None = None) -> tuple[datetime | None, dict | None]:
    """The stored watermark of ``source`` and the last pull that set it."""
    with db.connect(url) as conn:
        row = conn.execute(db.sql("audit/api_watermark_get"), {"source": source}).fetchone()
    return (row[0], row[1]) if row else (None, None)


def resolve_token(config: ApiConfig, connection_password: Callable[[str], str | None] | None = None) -> str:
    """The bearer token: the environment variable ``token_env``, else the password of the Airflow connection
    ``conn_id`` as ``connection_password`` gives it (only under Airflow)."""
    token = secret(config.token_env) if config.token_env else None
    if token:
        return token
    if config.conn_id and connection_password is not None:
        try:
            password = connection_password(config.conn_id)
        except Exception as error:  # no such connection, or the secrets backend is down
            raise ApiError(f"không đọc được kết nối Airflow {config.conn_id}: {error}") from None
        if password:
            return password
    where = " hoặc ".join(filter(None, [config.token_env and f"biến môi trường {config.token_env}",
                                        config.conn_id and f"mật khẩu của kết nối Airflow {config.conn_id}"]))
    raise ApiError(f"API {config.url}: không có token truy cập (cần {where or 'token_env hoặc conn_id trong cấu hình'})")


# ---------------------------------------------------------------- paging

def _read_pass(client: httpx.Client, config: ApiConfig, headers: dict, since: datetime | None,
               result: PullResult, kept: dict, sleep: Callable[[float], None]) -> bool:
    """Read pages 1..total_pages (as last reported) into ``kept``; whether the answer stayed the same."""
    page, last, shapes = 1, 1, set()
    while page <= last:
        body = _get_page(client, config, headers, since, page, result, sleep)
        result.pages += 1
        last = body["total_pages"]
        shapes.add((body.get("total"), last))
        for item in body["items"]:
            result.records += 1
            _keep(kept, item, config.modified_field)
        page += 1
    return len(shapes) <= 1


def _get_page(client: httpx.Client, config: ApiConfig, headers: dict, since: datetime | None, page: int,
              result: PullResult, sleep: Callable[[float], None]) -> dict:
    params = {"page": page, "page_size": config.page_size}
    if since is not None:
        params["since"] = _iso(since)

    def attempt() -> dict:
        result.requests += 1
        try:
            response = client.get(config.url, params=params, headers=headers)
        except httpx.TimeoutException:
            raise _Retryable(f"quá thời gian chờ {config.timeout_s:g} giây") from None
        except httpx.TransportError as error:  # refused, reset, closed in the middle of the body
            raise _Retryable(f"lỗi kết nối ({type(error).__name__}: {error})") from None
        return _parse_page(config, response, page)

    def note_retry(state: tenacity.RetryCallState) -> None:
        error = state.outcome.exception()
        result.retries.append({"page": page, "reason": error.reason, "wait_s": round(state.next_action.sleep, 3)})

    retrying = tenacity.Retrying(
        retry=tenacity.retry_if_exception_type(_Retryable),
        stop=tenacity.stop_after_attempt(config.max_retries + 1),
        wait=_wait(config),
        before_sleep=note_retry,
        sleep=sleep,
        reraise=True,
    )
    try:
        return retrying(attempt)
    except _Retryable as error:
        raise ApiError(f"API {config.url}: trang {page} vẫn lỗi sau {config.max_retries + 1} lần thử "
                       f"({error.reason}); chưa ghi gì, giữ nguyên mốc cập nhật") from None


def _parse_page(config: ApiConfig, response: httpx.Response, page: int) -> dict:
    status = response.status_code
    if status in (401, 403):
        raise ApiError(f"API {config.url}: HTTP {status} — token sai hoặc hết hạn"
                       + (f" (kiểm tra biến môi trường {config.token_env})" if config.token_env else "")
                       + (f" (kiểm tra kết nối Airflow {config.conn_id})" if config.conn_id else ""))
    if status == 429:
        raise _Retryable("HTTP 429 — vượt giới hạn tần suất", _retry_after(response.headers.get("Retry-After")))
    if status >= 500:
        raise _Retryable(f"HTTP {status}")
    if status != 200:
        raise ApiError(f"API {config.url}: HTTP {status} ở trang {page}: {response.text[:200]}")
    try:
        body = orjson.loads(response.content)
    except orjson.JSONDecodeError as error:
        raise _Retryable(f"JSON không hợp lệ hoặc bị cắt cụt ({error.msg}, vị trí {error.pos})") from None
    if not (isinstance(body, dict) and isinstance(body.get("items"), list)
            and isinstance(body.get("total_pages"), int) and body["total_pages"] >= 0):
        raise _Retryable('trang không đúng định dạng (cần "items" là mảng và "total_pages" là số nguyên)')
    if body.get("page", page) != page:
        raise _Retryable(f"hỏi trang {page} nhưng nhận trang {body.get('page')}")
    return body


def _wait(config: ApiConfig) -> Callable[[tenacity.RetryCallState], float]:
    backoff = tenacity.wait_exponential(multiplier=config.backoff_s, max=config.backoff_max_s)

    def wait(state: tenacity.RetryCallState) -> float:
        error = state.outcome.exception()
        if isinstance(error, _Retryable) and error.retry_after is not None:
            return min(error.retry_after, config.max_retry_after_s)
        return backoff(state)

    return wait


def _retry_after(value: str | None) -> float | None:
    """Retry-After: seconds, or an HTTP date."""
    if not value:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max((moment - datetime.now(moment.tzinfo)).total_seconds(), 0.0)


# ---------------------------------------------------------------- records

def _keep(kept: dict, item: object, modified_field: str) -> None:
    """Keep ``item`` unless a record of the same dossier modified later (or equally, with a greater content)
    is kept already; items without a MaHoSo are kept once each (the load quarantines them)."""
    rank = _rank(item, modified_field)
    key = _code(item) or "\x00" + rank[2].decode()
    if key not in kept or rank > kept[key][0]:
        kept[key] = (rank, item)


def _rank(item: object, modified_field: str) -> tuple:
    """(modification time, latest event, canonical content): the greater record is the newer one."""
    if not isinstance(item, dict):
        return NEVER, "", orjson.dumps(item, option=orjson.OPT_SORT_KEYS)
    events = max((str(item[f]) for f in EVENT_FIELDS if item.get(f)), default="")
    return _moment(item.get(modified_field)) or NEVER, events, orjson.dumps(item, option=orjson.OPT_SORT_KEYS)


def _code(item: object) -> str | None:
    code = item.get("MaHoSo") if isinstance(item, dict) else None
    return (str(code).strip() or None) if code is not None else None


def _moment(value: object) -> datetime | None:
    """``yyyyMMddHHmmss`` (Asia/Ho_Chi_Minh) or ISO 8601; None when absent or unreadable."""
    if not value:
        return None
    text = str(value).strip()
    try:
        if text.isdigit() and len(text) == 14:
            return datetime.strptime(text, SOURCE_DATE_FORMAT).replace(tzinfo=VN)
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=VN)


# ---------------------------------------------------------------- window and file

def _since(source: str, config: ApiConfig, url: str | None) -> datetime | None:
    """The watermark minus the safety margin and minus the duration of the pull that set it (a dossier
    changed while that pull ran may carry a time up to that much below the latest one it saw)."""
    mark, last_pull = watermark(source, url)
    if mark is None:
        if not config.start:
            return None
        start = _moment(config.start)
        if start is None:
            raise ApiError(f"cấu hình api: start {config.start!r} không phải ngày giờ ISO 8601")
        return start
    took = math.ceil(float((last_pull or {}).get("seconds") or 0))
    return mark.astimezone(VN) - timedelta(minutes=config.overlap_minutes, seconds=took)


def _write(source: str, config: ApiConfig, since: datetime | None, until: datetime | None, records: list,
           folder: Path) -> Path:
    """Write the records as one sync payload (docs/formats.md §1), atomically; the same records give the
    same bytes and the same name."""
    document: dict = {"madonvi": config.madonvi} if config.madonvi else {}
    document.update(service=SERVICE, isUpdating=since is not None,
                    nguon={"api": config.url, "since": _iso(since), "den": _iso(until)}, data=records)
    content = orjson.dumps(document)
    digest = hashlib.sha256(content).hexdigest()[:12]
    name = f"api-{safe_name(source)}-{_compact(since) or 'dau'}-{_compact(until) or 'x'}-{digest}.json"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    partial = folder / f".{name}.partial"  # hidden: never picked up by a folder scan
    partial.write_bytes(content)
    partial.replace(path)
    return path


def _iso(moment: datetime | None) -> str | None:
    return moment.astimezone(VN).isoformat() if moment else None


def _compact(moment: datetime | None) -> str | None:
    return moment.astimezone(VN).strftime("%Y%m%dT%H%M%S") if moment else None
