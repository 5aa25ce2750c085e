"""Vendor layouts as configuration: one YAML file per layout in ``config/layouts/`` (docs/formats.md §7).

A layout file says which built-in format a vendor's file stands in for (its ``kind``: dossier listing,
procedure catalogue, unit list, unit reorganisation: the ``TARGETS`` below), how to recognise it, and how its
columns map to the canonical fields of that format (its ``columns``, etl/canonical.py). Values are converted as
the built-in format converts that field (dates, vi-VN numbers, Có/Không, the code lists), extended by
the file's own ``values`` lists and ``date_formats``. Adding a layout needs no code change.

A layout file is checked completely when it is loaded; anything wrong (an unknown key or canonical
field, a required field not mapped, a bad date format, a header or field used twice, a code outside
the field's list) raises :class:`LayoutError` naming the file and the key, and the load stops.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import yaml

from etl.sources import catalogue, lineage, listing, units
from etl.sources.format import SourceFormat
from etl.vi import fold
from etl.sources.spreadsheet import (
    Converter,
    Layout,
    date,
    date_pattern,
    date_with,
    number,
    spreadsheet_format,
    text,
    with_values,
)


class LayoutError(ValueError):
    """A layout file that cannot be used; the message names the file and the key."""

    def __init__(self, path: Path | str, key: str | None, message: str):
        self.path, self.key = str(path), key
        where = f"bố cục {self.path}" + (f", khóa {key}" if key else "")
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class Target:
    """A built-in spreadsheet format that a vendor's layout file can stand in for (the file's ``kind``)."""

    builtin: SourceFormat  # its rows are the canonical rows of this format
    layout: Layout  # how the built-in format converts each canonical field
    label: str  # as district IT calls it
    required: tuple[str, ...]  # fields every layout of the kind must map
    codes: dict[str, frozenset[str]]  # fields with a closed list of codes
    more_converters: dict[str, Converter] = field(default_factory=dict)  # fields the built-in layout lacks
    finish: Callable[[dict], dict] | None = None
    derived: tuple[str, ...] = ()  # filled by the reader, not mappable
    extra: bool = False  # has the "extra" column (unknown columns kept as JSON)

    @property
    def columns(self) -> tuple[str, ...]:
        return self.builtin.columns

    @property
    def converters(self) -> dict[str, Converter]:
        """Canonical field → how the built-in format converts it."""
        fields = self.layout.fields | self.layout.optional
        return {column: convert for column, convert in fields.values()} | self.more_converters


def _codes(names: dict[str, str]) -> frozenset[str]:
    return frozenset(names.values())


YES_NO = frozenset({"0", "1"})
TARGETS: dict[str, Target] = {target.builtin.name: target for target in (
    Target(listing.FORMAT, listing.LAYOUT, "danh sách hồ sơ",
           required=("ma_ho_so", "ma_tthc", "ma_don_vi", "trang_thai_ho_so", "ngay_tiep_nhan"),
           codes={"kenh_thuc_hien": _codes(listing.CHANNELS), "loai_doi_tuong": _codes(listing.APPLICANT_TYPES),
                  "trang_thai_ho_so": _codes(listing.STATUSES), "hinh_thuc": YES_NO,
                  "duoc_thanh_toan_truc_tuyen": frozenset({"0", "1", "2", "3"}), "so_hoa_thanh_phan": YES_NO,
                  "ket_qua_dien_tu": YES_NO},
           more_converters={"so_giay_to": text, "ngay_cho_bo_sung": number}, extra=True),
    Target(catalogue.FORMAT, catalogue.LAYOUT, "danh mục TTHC",
           required=("ma_tthc", "ten_tthc", "cap_thuc_hien", "muc_do_dvctt"),
           codes={"cap_thuc_hien": _codes(catalogue.LEVELS), "muc_do_dvctt": _codes(catalogue.ONLINE_LEVELS),
                  "lien_thong": _codes(catalogue.PROCEDURE_TYPES), "co_phi": YES_NO}),
    Target(units.FORMAT, units.LAYOUT, "danh mục đơn vị hành chính",
           required=("ma_dvhc", "ten_don_vi", "loai", "ma_dinh_danh"), codes={},
           finish=units.with_level, derived=("cap",)),
    Target(lineage.FORMAT, lineage.LAYOUT, "danh sách sắp xếp đơn vị hành chính",
           required=("ma_dinh_danh_cu", "hieu_luc_tu"), codes={}),
)}

KEYS = {"name", "kind", "description", "recognise", "header_rows", "date_formats", "columns", "optional_columns",
        "values", "ignore", "keep_extra"}
_NAME = re.compile(r"[a-z][a-z0-9_]{2,62}")


class _UniqueKeyLoader(yaml.SafeLoader):
    """YAML that refuses a key written twice in one mapping (plain YAML keeps the last silently)."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        probe = fold(key) if isinstance(key, str) else key
        if probe in seen:
            raise yaml.constructor.ConstructorError(
                None, None,
                f"khóa {key!r} viết hai lần (dòng {seen[probe] + 1} và dòng {key_node.start_mark.line + 1})",
                key_node.start_mark)
        seen[probe] = key_node.start_mark.line
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _strings(path: Path, key: str, value: Any, allow_empty: bool = False) -> list[str]:
    if value is None and allow_empty:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value) \
            or (not value and not allow_empty):
        raise LayoutError(path, key, "phải là một danh sách các chuỗi không rỗng")
    return value


def _mapping(path: Path, key: str, value: Any, required: bool) -> dict:
    if value is None and not required:
        return {}
    if not isinstance(value, dict) or (required and not value):
        raise LayoutError(path, key, "phải là bảng \"tên cột trong tệp: trường chuẩn\" không rỗng")
    return value


def parse_layout(path: Path | str, document: Any) -> tuple[str, Target, Layout]:
    """The layout a parsed layout file describes: (name, target, Layout); raises LayoutError."""
    path = Path(path)
    if not isinstance(document, dict):
        raise LayoutError(path, None, "tệp phải là một bảng YAML (các dòng \"khóa: giá trị\")")
    unknown = sorted(set(document) - KEYS)
    if unknown:
        raise LayoutError(path, unknown[0],
                          f"khóa không có trong mẫu bố cục; các khóa dùng được: {', '.join(sorted(KEYS))}")
    name = document.get("name")
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise LayoutError(path, "name", "phải có, viết thường không dấu, chữ số và dấu _ (ví dụ vnpt_ho_so_2024)")
    target_name = document.get("kind")
    if target_name not in TARGETS:
        raise LayoutError(path, "kind",
                          f"{target_name!r} không phải loại đã biết; chọn một trong: {', '.join(TARGETS)}")
    target = TARGETS[target_name]

    header_rows = document.get("header_rows")
    if header_rows is not None and (not isinstance(header_rows, int) or isinstance(header_rows, bool)
                                    or not 1 <= header_rows <= 5):
        raise LayoutError(path, "header_rows", "phải là số dòng tiêu đề cột, từ 1 đến 5")
    formats = _strings(path, "date_formats", document.get("date_formats"), allow_empty=True)
    for i, written in enumerate(formats):
        try:
            date_pattern(written)
        except ValueError as error:
            raise LayoutError(path, f"date_formats[{i + 1}] ({written!r})", f"định dạng ngày sai: {error}") from None

    fields: dict[str, str] = {}  # header → canonical field, required and optional
    optional_headers: set[str] = set()
    mappable = set(target.columns) - {"row_no", "extra"} - set(target.derived)
    seen_headers: dict[str, str] = {}
    seen_fields: dict[str, str] = {}
    for section, is_optional in (("columns", False), ("optional_columns", True)):
        for header, field_name in _mapping(path, section, document.get(section), not is_optional).items():
            key = f"{section}.{header!r}"
            if not isinstance(header, str) or not header.strip():
                raise LayoutError(path, key, "tên cột phải là chữ")
            if not isinstance(field_name, str) or field_name not in mappable:
                hint = f" ({field_name} được tự suy ra)" if field_name in target.derived else ""
                raise LayoutError(path, key, f"trường chuẩn {field_name!r} không có trong {target.label}{hint}; "
                                             f"các trường dùng được: {', '.join(sorted(mappable))}")
            if fold(header) in seen_headers:
                raise LayoutError(path, key, f"cột {header!r} đã khai báo ở {seen_headers[fold(header)]}")
            if field_name in seen_fields:
                raise LayoutError(path, key, f"trường {field_name} đã được gán cho {seen_fields[field_name]}")
            seen_headers[fold(header)] = key
            seen_fields[field_name] = key
            fields[header] = field_name
            if is_optional:
                optional_headers.add(header)
    required_mapped = {f for h, f in fields.items() if h not in optional_headers}
    missing = [f for f in target.required if f not in required_mapped]
    if missing:
        raise LayoutError(path, "columns", f"thiếu trường bắt buộc của {target.label}: {', '.join(missing)} "
                                           "(khai báo trong columns, không phải optional_columns)")

    values = _mapping(path, "values", document.get("values"), required=False)
    tables: dict[str, dict[str, str]] = {}
    for field_name, table in values.items():
        key = f"values.{field_name}"
        if field_name not in seen_fields:
            raise LayoutError(path, key, "trường này không được gán cho cột nào trong columns/optional_columns")
        if target.converters.get(field_name) is date or field_name in ("hieu_luc_tu",):
            raise LayoutError(path, key, "trường ngày: dùng date_formats, không dùng values")
        if not isinstance(table, dict) or not table:
            raise LayoutError(path, key, "phải là bảng \"giá trị trong tệp: mã\" không rỗng")
        allowed = target.codes.get(field_name)
        for written, code in table.items():
            code = str(code) if isinstance(code, int) and not isinstance(code, bool) else code
            if not isinstance(written, str) or not isinstance(code, str):
                raise LayoutError(path, f"{key}.{written!r}",
                                  "giá trị và mã phải là chữ (đặt mã trong dấu nháy: \"2\")")
            if allowed is not None and code not in allowed:
                raise LayoutError(path, f"{key}.{written!r}",
                                  f"mã {code!r} không có trong danh mục của {field_name}: {', '.join(sorted(allowed))}")
            tables.setdefault(field_name, {})[written] = code

    recognise = _strings(path, "recognise", document.get("recognise"))
    for i, marker in enumerate(recognise):
        if fold(marker) not in {fold(h) for h in fields if h not in optional_headers}:
            raise LayoutError(path, f"recognise[{i + 1}] ({marker!r})",
                              "cột nhận diện phải là một cột bắt buộc khai báo trong columns")
    ignored = tuple(_strings(path, "ignore", document.get("ignore", ["STT"]), allow_empty=True))
    keep_extra = document.get("keep_extra", target.extra)
    if not isinstance(keep_extra, bool) or (keep_extra and not target.extra):
        raise LayoutError(path, "keep_extra", "phải là true/false; chỉ danh sách hồ sơ giữ được cột lạ (extra)")
    description = document.get("description")
    if description is not None and not isinstance(description, str):
        raise LayoutError(path, "description", "phải là chữ")

    def converter(field_name: str) -> Converter:
        convert = target.converters.get(field_name, text)
        if formats and convert is date:
            convert = date_with(formats)
        if field_name in tables:
            convert = with_values(tables[field_name], convert)
        return convert

    specs = {h: (f, converter(f)) for h, f in fields.items()}
    layout = Layout(
        markers=tuple(recognise),
        fields={h: s for h, s in specs.items() if h not in optional_headers},
        optional={h: s for h, s in specs.items() if h in optional_headers},
        ignored=ignored,
        keep_extra=keep_extra,
        header_rows=header_rows,
        source=path.name,
        key=target.layout.key,  # a row with only its code filled is data, as in the built-in format
    )
    return name, target, layout


def load_layout(path: Path | str) -> SourceFormat:
    """The SourceFormat of one layout file; raises LayoutError naming the file and the key."""
    path = Path(path)
    try:
        document = yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)  # noqa: S506 (safe loader)
    except UnicodeDecodeError:
        raise LayoutError(path, None, "tệp bố cục phải lưu dạng UTF-8") from None
    except yaml.YAMLError as error:
        raise LayoutError(path, None, f"YAML không hợp lệ: {error}") from None
    name, target, layout = parse_layout(path, document)
    # unmapped canonical columns stay None; the reader fills only the layout's columns
    return spreadsheet_format(name, target.builtin.kind, target.columns, layout, finish=_complete(target))


def _complete(target: Target) -> Callable[[dict], dict]:
    empty = dict.fromkeys(target.columns)

    def finish(record: dict) -> dict:
        record = empty | record
        return target.finish(record) if target.finish else record

    return finish


def load_dir(folder: Path | str, taken: set[str] = frozenset()) -> tuple[SourceFormat, ...]:
    """Every ``*.yaml``/``*.yml`` layout in ``folder`` (sorted by file name); names must be unique and
    must not be one in ``taken`` (the built-in formats)."""
    folder = Path(folder)
    if not folder.is_dir():
        return ()
    formats: list[SourceFormat] = []
    names = {n: "định dạng có sẵn" for n in taken}
    for path in sorted(p for p in folder.iterdir() if p.suffix.lower() in (".yaml", ".yml") and p.is_file()):
        fmt = load_layout(path)
        if fmt.name in names:
            raise LayoutError(path, "name", f"tên {fmt.name!r} đã dùng cho {names[fmt.name]}")
        names[fmt.name] = path.name
        formats.append(fmt)
    return tuple(formats)
