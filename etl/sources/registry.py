"""Which reader reads which file: the built-in formats, then the vendor layouts of ``config/layouts``.

A new reader (a new format, of a known kind or of a new one: etl/kinds.py) is added to ``BUILTIN``. A new
*layout* of a known format (another vendor's dossier listing, …) needs no code: a YAML file in the layouts
folder (docs/formats.md §7, ``$CCHC_LAYOUTS_DIR`` or ``config/layouts``). Layout files are read when the
registry is first used and again whenever a file in the folder changes; a wrong layout file raises
:class:`etl.sources.layouts.LayoutError` and stops the load.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from etl.canonical import SourceError
from etl.config import settings
from etl.sources import catalogue, dossier_json, layouts, lineage, listing, petitions, ratings, report_inputs, units
from etl.sources.format import SourceFormat

# Order matters only for files two formats could both claim (the order files load in is the kinds').
BUILTIN: tuple[SourceFormat, ...] = (
    lineage.FORMAT, units.FORMAT, catalogue.FORMAT, dossier_json.FORMAT,
    petitions.FORMAT, ratings.FORMAT,  # before listing: a rating file also has a "Mã hồ sơ" column
    report_inputs.FORMAT,  # the fill-in workbook: recognised by its sheet names, before any first-sheet reader
    listing.FORMAT)


def vendor_formats() -> tuple[SourceFormat, ...]:
    """The formats of the layout files, read again when the folder or one of its files changes."""
    folder = settings().layouts_dir
    try:
        stamp = tuple(sorted((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in folder.iterdir()))
    except FileNotFoundError:
        stamp = ()
    return _load(folder, stamp)


@lru_cache(maxsize=4)
def _load(folder: Path, stamp: tuple) -> tuple[SourceFormat, ...]:
    return layouts.load_dir(folder, taken={f.name for f in BUILTIN})


def formats() -> tuple[SourceFormat, ...]:
    """Every format: vendor layouts first (an operator added them for these files), then the built-in ones."""
    return vendor_formats() + BUILTIN


def detect(path: Path) -> SourceFormat | None:
    """The format of ``path``, or None when no reader recognises it. A file that two vendor layouts
    both recognise is an error (their ``recognise`` headers must tell them apart)."""
    suffix = path.suffix.lower()
    vendor = [f for f in vendor_formats() if suffix in f.extensions and f.sniff(path)]
    if len(vendor) > 1:
        names = ", ".join(f"{f.name} ({f.origin})" for f in vendor)
        raise SourceError(path, f"tệp khớp nhiều bố cục nhà cung cấp: {names}; hãy sửa mục recognise cho khác nhau")
    if vendor:
        return vendor[0]
    for fmt in BUILTIN:
        if suffix in fmt.extensions and fmt.sniff(path):
            return fmt
    return None


def by_name(name: str) -> SourceFormat:
    for fmt in formats():
        if fmt.name == name:
            return fmt
    raise KeyError(name)
