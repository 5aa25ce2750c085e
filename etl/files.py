"""Files on disk: the content hash that names a landed or archived file, and file names safe anywhere."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

MAX_NAME_BYTES = 180  # file systems allow 255 bytes; a landed name adds the hash in front
_UNSAFE = re.compile(r"[^\w.-]+")
_UNSAFE_ASCII = re.compile(r"[^0-9A-Za-z._-]+")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def safe_name(name: str, max_bytes: int = MAX_NAME_BYTES, ascii: bool = False) -> str:
    """``name`` (a file name, a unit or period code) as one file name that is safe on any file system,
    Vietnamese letters kept readable: NFC, every run of characters other than letters, digits, ``.``, ``_``
    and ``-`` becomes ``-`` ("nam:2024" -> "nam-2024"), no leading or trailing dot, at most ``max_bytes`` of
    UTF-8 (a Vietnamese letter takes 2-3 bytes) cut between letters, the extension kept. ``ascii``: letters
    outside A-Z become ``-`` too (names of e-mail attachments, which some mail programs mangle)."""
    unsafe = _UNSAFE_ASCII if ascii else _UNSAFE
    name = unsafe.sub("-", unicodedata.normalize("NFC", name)).strip(".") or "file"
    stem, dot, extension = name.rpartition(".")
    if not dot or len(extension) > 10:  # no extension to keep
        stem, extension = name, ""
    suffix = dot + extension if extension else ""
    room = max_bytes - len(suffix.encode("utf-8"))
    stem = stem.encode("utf-8")[:room].decode("utf-8", errors="ignore")
    return (stem + suffix) if stem else ("file" + suffix)


_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """``text`` (a file name, or a message naming one) as it may be shown on a terminal or in a log line: every
    control character (newline, ESC of a colour sequence, C1 codes), invisible format character (zero-width
    space, right-to-left override, BOM) and line separator written as an escape (``\\n``, ``\\x1b``,
    ``\\u200b``), a byte that was not UTF-8 as ``\\xff``; other letters as they are. A name can then neither
    break a line a log reader or cron mail relies on nor drive the terminal."""
    return "".join(_escape(c) if unicodedata.category(c) in _HIDDEN else c for c in text)


_HIDDEN = {"Cc", "Cf", "Cs", "Zl", "Zp"}


def _escape(character: str) -> str:
    code = ord(character)
    if character in _ESCAPES:
        return _ESCAPES[character]
    if 0xDC80 <= code <= 0xDCFF:  # a byte the file system name held that is not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
