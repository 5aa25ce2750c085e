"""The archive of delivered files: ``<archive>/<period>/<unit>/<sha256[:12]>_<name>``, read-only, never
overwritten by a different content."""
from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from etl.config import settings
from etl.files import safe_name, sha256_of

from .errors import ArchiveConflict, InvalidDelivery


@dataclass(frozen=True)
class ArchivedFile:
    name: str
    sha256: str
    bytes: int
    archive_path: str

    def as_json(self) -> dict:
        return {"name": self.name, "sha256": self.sha256, "bytes": self.bytes, "archive_path": self.archive_path}

    @classmethod
    def from_json(cls, item: dict) -> ArchivedFile:
        return cls(item["name"], item["sha256"], int(item["bytes"]), item["archive_path"])


def archive_root() -> Path:
    return settings().home / "reports" / "archive"


def directory_name(code: str, what: str) -> str:
    """A period or unit code as one directory name of the archive ("quy:2024-3" -> "quy-2024-3");
    ``InvalidDelivery("Thiếu <what>.")`` when the code is empty."""
    if not isinstance(code, str) or not code.strip():
        raise InvalidDelivery(f"Thiếu {what}.")
    return safe_name(code.strip())


def archive_file(source: Path, directory: Path) -> ArchivedFile:
    """Copy ``source`` to ``directory/<sha256[:12]>_<name>``, read-only. The same content already there is
    kept as is; a different one raises ``ArchiveConflict`` (the archive is never overwritten)."""
    directory.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    handle, temporary = tempfile.mkstemp(prefix=".dang-luu-", dir=directory)
    try:
        with os.fdopen(handle, "wb") as out, source.open("rb") as data:
            for chunk in iter(lambda: data.read(1 << 20), b""):
                digest.update(chunk)
                out.write(chunk)
                size += len(chunk)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o444)
        sha = digest.hexdigest()
        target = directory / f"{sha[:12]}_{source.name}"
        try:
            os.link(temporary, target)  # atomic, and fails rather than replace an existing file
        except FileExistsError:
            existing = sha256_of(target)
            if existing != sha:
                raise ArchiveConflict(f"Kho lưu đã có tệp {target} với nội dung khác (sha256 {existing}, "
                                      f"tệp mới {sha}); không ghi đè.") from None
            if target.stat().st_mode & 0o222:
                os.chmod(target, 0o444)
        except OSError:  # a file system without hard links: rename, still never over an existing file
            if target.exists():
                raise
            os.rename(temporary, target)
            temporary = None
    finally:
        if temporary is not None and os.path.exists(temporary):
            os.unlink(temporary)
    return ArchivedFile(source.name, sha, size, str(target))
