"""Which reader reads which file. New kinds of export are added here (and nowhere else)."""
from __future__ import annotations

from pathlib import Path

from etl.sources import catalogue, dossier_json, lineage, listing, units
from etl.sources.base import SourceFormat

# Order matters only for files two formats could both claim; reference data loads before dossiers.
FORMATS: tuple[SourceFormat, ...] = (
    lineage.FORMAT, units.FORMAT, catalogue.FORMAT, dossier_json.FORMAT, listing.FORMAT)
# units first (a reorganisation names units of a unit list), then lineage, catalogue, dossiers
KIND_ORDER = {"unit": 0, "lineage": 1, "procedure": 2, "dossier": 3}


def detect(path: Path) -> SourceFormat | None:
    """The format of ``path``, or None when no reader recognises it."""
    for fmt in FORMATS:
        if path.suffix.lower() in fmt.extensions and fmt.sniff(path):
            return fmt
    return None


def by_name(name: str) -> SourceFormat:
    for fmt in FORMATS:
        if fmt.name == name:
            return fmt
    raise KeyError(name)
