"""config/report_inputs.yaml read once: the sections, items and lists of the fill-in workbook.

Every part of the workbook's path reads this: the template writer, the reader, the GX rules and the report's
wording. ``$CCHC_REPORT_INPUTS`` names another file (etl/config.py).
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from etl.config import settings

ITEM_TYPES = ("so", "ty_le", "co_khong", "chu", "doan_van")
COLUMN_TYPES = ITEM_TYPES + ("ngay", "muc")
YES_NO = ("Có", "Không")


@dataclass(frozen=True)
class Item:
    code: str
    section: str  # "II.4"
    label: str
    type: str  # one of ITEM_TYPES
    unit: str = ""  # đơn vị tính, "" for text
    help: str = ""
    sum: bool = False  # a district's report adds it up over its units
    max_of: tuple[str, ...] = ()  # may not exceed the sum of these items
    carry: bool = False  # pre-filled from the previous period, to be checked

    @property
    def numeric(self) -> bool:
        return self.type in ("so", "ty_le")


@dataclass(frozen=True)
class Section:
    code: str
    title: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class ListColumn:
    code: str
    label: str
    type: str  # one of COLUMN_TYPES
    required: bool = False
    help: str = ""
    choices: tuple[str, ...] = ()
    max_of: tuple[str, ...] = ()
    carry: bool = False


@dataclass(frozen=True)
class InputList:
    code: str  # van_ban, kiem_tra, mo_hinh
    sheet: str
    title: str
    columns: tuple[ListColumn, ...]


@dataclass(frozen=True)
class Catalogue:
    version: str
    sections: tuple[Section, ...]
    lists: tuple[InputList, ...]

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for section in self.sections for item in section.items)

    def item(self, code: str) -> Item:
        for item in self.items:
            if item.code == code:
                return item
        raise KeyError(code)

    def input_list(self, code: str) -> InputList:
        for entry in self.lists:
            if entry.code == code:
                return entry
        raise KeyError(code)

    @property
    def section_codes(self) -> tuple[str, ...]:
        return tuple(s.code for s in self.sections)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


class CatalogueError(ValueError):
    pass


def catalogue() -> Catalogue:
    return _load(str(settings().report_inputs_file))


@lru_cache(maxsize=4)
def _load(path: str) -> Catalogue:
    def bad(why: str) -> CatalogueError:
        return CatalogueError(f"Danh mục phiếu số liệu {path} không hợp lệ: {why}")

    document = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    if not document.get("version"):
        raise bad("thiếu version")
    sections, seen = [], set()
    for raw in document.get("sections") or []:
        items = []
        for entry in raw.get("items") or []:
            item = Item(code=entry["code"], section=str(raw["code"]), label=nfc(entry["label"]), type=entry["type"],
                        unit=nfc(entry.get("unit") or ""), help=nfc(entry.get("help") or ""),
                        sum=bool(entry.get("sum")), max_of=tuple(entry.get("max_of") or ()),
                        carry=bool(entry.get("carry")))
            if item.type not in ITEM_TYPES:
                raise bad(f"mục {item.code}: kiểu {item.type!r} không có (dùng {', '.join(ITEM_TYPES)})")
            if item.code in seen:
                raise bad(f"mã mục {item.code} lặp lại")
            seen.add(item.code)
            items.append(item)
        sections.append(Section(str(raw["code"]), nfc(raw["title"]), tuple(items)))
    for item in (i for s in sections for i in s.items):
        unknown = [c for c in item.max_of if c not in seen]
        if unknown:
            raise bad(f"mục {item.code}: max_of nêu mục không có: {', '.join(unknown)}")
    lists = []
    for raw in document.get("lists") or []:
        columns = tuple(ListColumn(code=c["code"], label=nfc(c["label"]), type=c["type"],
                                   required=bool(c.get("required")), help=nfc(c.get("help") or ""),
                                   choices=tuple(nfc(x) for x in c.get("choices") or ()),
                                   max_of=tuple(c.get("max_of") or ()), carry=bool(c.get("carry")))
                        for c in raw["columns"])
        for column in columns:
            if column.type not in COLUMN_TYPES:
                raise bad(f"danh sách {raw['code']}, cột {column.code}: kiểu {column.type!r} không có")
        lists.append(InputList(raw["code"], nfc(raw["sheet"]), nfc(raw["title"]), columns))
    return Catalogue(str(document["version"]), tuple(sections), tuple(lists))
