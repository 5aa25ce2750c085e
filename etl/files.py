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
