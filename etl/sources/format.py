"""What a reader is: one kind of export, how to recognise a file of it, and how to read it."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

import pandas as pd


@dataclass(frozen=True)
class SourceFormat:
    """One kind of export: how to recognise a file of it and how to read it."""

    name: str  # e.g. "dossier_json"
    kind: str  # "dossier" | "procedure" | "unit": what the rows describe
    extensions: tuple[str, ...]
    columns: tuple[str, ...]
    sniff: Callable[[Path], bool]  # cheap look at the file's first bytes/rows
    read: Callable[..., Iterator[pd.DataFrame]]  # read(path, chunk_rows=...) -> chunks
    metadata: Callable[[Path], dict] = field(default=lambda path: {})  # e.g. period from title rows
    origin: str | None = None  # the layout file a vendor format was read from (config/layouts), None if built in
