"""Connections to the warehouse and the SQL files that run on it.

SQL lives in ``sql/`` as files with bound parameters (``%(name)s``); Python never builds SQL text. A file is
named by its path under ``sql/`` without ``.sql`` (``"audit/start_load"``) or given as a ``Path``.
"""
from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import psycopg

from etl.config import REPO_ROOT, settings

SQL_DIR = REPO_ROOT / "sql"
_PERCENT = re.compile(r"%%|%\([^)]*\)[sbt]|%[sbt]|%")  # an escaped %, a placeholder, or a lone %
_PASSWORD_KEYWORD = re.compile(r"\bpassword\s*=\s*('(?:[^'\\]|\\.)*'|\S*)")


@cache
def sql(name: str | Path) -> str:
    """The text of ``sql/<name>.sql`` (or of the file ``name`` when it is a Path)."""
    path = name if isinstance(name, Path) else SQL_DIR / f"{name}.sql"
    return path.read_text(encoding="utf-8")


def script(name: str | Path) -> str:
    """The text of ``sql/<name>.sql`` as sent to the server: whole, ``$$`` bodies and all, less the lines that
    are only a comment (their ``%`` signs would read as placeholders)."""
    return "\n".join(line for line in sql(name).splitlines() if not line.lstrip().startswith("--"))


def run(conn: psycopg.Connection, name: str | Path, params: dict | None = None) -> psycopg.Cursor:
    """Run ``sql/<name>.sql`` as one unit; the cursor holds the result of its last statement.

    The file goes to the server in one piece, never split on ``;`` (a function body between ``$$`` has
    semicolons of its own): parameters are bound on the client (``ClientCursor``), since the server binds them
    only in a file of one statement. Outside a transaction the server runs the file's statements as one."""
    text = script(name)
    if params is not None:  # a % that starts no placeholder ("100%" in a trailing comment) is a literal %
        text = _PERCENT.sub(lambda m: "%%" if m.group() == "%" else m.group(), text)
    cursor = psycopg.ClientCursor(conn)
    cursor.execute(text, params)
    while cursor.nextset():  # to the last statement's result (a step reports its counts there)
        pass
    return cursor


def warehouse_url() -> str:
    """WAREHOUSE_URL, or the URL of the embedded server (started on first use)."""
    configured = settings().warehouse_url
    if configured:
        return configured
    from etl.embedded import embedded_url

    return embedded_url(settings().embedded_pgdata)


CONNECT_TIMEOUT_SECONDS = 15


class WarehouseUnreachable(psycopg.OperationalError):
    """The warehouse refused or did not answer a connection (down, wrong address, unknown database, login
    refused): an operator's problem, not a file's. The message names the URL without its password."""

    def __init__(self, url: str, error: psycopg.OperationalError):
        self.url = without_password(url)
        self.reason = next((line.strip() for line in str(error).splitlines() if line.strip()), type(error).__name__)
        super().__init__(f"không kết nối được kho dữ liệu {self.url}: {self.reason}")


def connect(url: str | None = None, **kwargs) -> psycopg.Connection:
    """A connection to the warehouse (``url``, else WAREHOUSE_URL or the embedded server); WarehouseUnreachable
    when it cannot be made."""
    url = to_libpq(url or warehouse_url())
    if "connect_timeout" not in url:  # a host that does not answer must not hang a cron job
        kwargs.setdefault("connect_timeout", CONNECT_TIMEOUT_SECONDS)
    try:
        return psycopg.connect(url, **kwargs)
    except psycopg.OperationalError as error:
        raise WarehouseUnreachable(url, error) from error


def without_password(url: str) -> str:
    """``url`` as it may be printed: the password of a URL (``user:secret@``, ``?password=``) or of a libpq
    keyword string (``password=secret``) left out."""
    if "://" not in url:
        return " ".join(_PASSWORD_KEYWORD.sub("", url).split())
    parts = urlsplit(url)
    netloc = parts.netloc
    if "@" in netloc:
        user, _, host = netloc.rpartition("@")
        netloc = f"{user.partition(':')[0]}@{host}"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "password"])
    return urlunsplit(parts._replace(netloc=netloc, query=query))


def to_libpq(url: str) -> str:
    """Accept SQLAlchemy-style URLs (postgresql+psycopg://) as well as plain libpq ones."""
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def to_sqlalchemy(url: str) -> str:
    return to_libpq(url).replace("postgresql://", "postgresql+psycopg://", 1)
