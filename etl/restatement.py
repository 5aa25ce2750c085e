"""How figures of a period that straddles a reorganisation were restated, in the words a report prints."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import psycopg

from etl.db import sql
from etl.vi import fold, unit_name

TODAY = "today"  # figures as the units are today (dw.unit_restatement)
THEN = "then"  # figures as the units were when each dossier was received

LISTED_AT_MOST = 5  # a note names the new units when there are at most this many, else points at the legal basis
KIND_ORDER = ("tỉnh", "thành phố", "huyện", "thị xã", "quận", "xã", "phường", "thị trấn")


@dataclass(frozen=True)
class _Unit:
    code: str
    name: str  # "xã Hoằng Cát"
    share: Decimal = Decimal(100)  # percent of its figures carried by the new unit


@dataclass(frozen=True)
class _Change:
    effective: date
    new: _Unit
    kind: str | None  # the new unit's kind, lower case
    predecessors: list[_Unit]  # all of them
    concerned: list[_Unit]  # those that concern the units asked about
    kinds: list[str | None]  # the kinds of the concerned predecessors
    basis: str | None


def restatement_note(conn: psycopg.Connection, first_day: date, last_day: date, mode: str,
                     unit_codes: list[str] | None = None) -> str | None:
    """A Vietnamese note on the reorganisations inside [first_day, last_day], or None when there were none.

    ``unit_codes`` limits the note to reorganisations that concern those units (old or new): a report passes
    the units it counts, so a unit whose area did not change gets no note. The note is a few short sentences:
    the principle (and its legal basis), then for one new unit the units it took over, for several (a district,
    the province) how many units became how many, with their names when they are few.
    """
    if mode not in (TODAY, THEN):
        raise ValueError(f"mode must be {TODAY!r} or {THEN!r}")
    rows = conn.execute(sql("marts/reorganisations_in_period"),
                        {"first_day": first_day, "last_day": last_day, "unit_codes": unit_codes}).fetchall()
    if not rows:
        return None
    changes = [_change(*row) for row in rows]
    bases = list(dict.fromkeys(c.basis for c in changes if c.basis))
    by_day: dict[date, list[_Change]] = defaultdict(list)
    for change in changes:
        by_day[change.effective].append(change)
    if mode == TODAY:
        basis = f"theo {_and(bases)}" if bases else "đơn vị hành chính"
        sentences = [f"Số liệu được tổng hợp theo đơn vị hành chính hiện nay (sau sắp xếp {basis})."]
        for day, group in by_day.items():
            sentences.append(_today(day, group, _pointer(bases)))
    else:
        sentences = ["Số liệu được tổng hợp theo đơn vị hành chính tại thời điểm tiếp nhận hồ sơ."]
        for day, group in by_day.items():
            group_bases = list(dict.fromkeys(c.basis for c in group if c.basis))
            sentences.append(_then(day, group, f" theo {_and(group_bases)}" if group_bases else ""))
    return " ".join(sentences)


def _today(day: date, group: list[_Change], pointer: str) -> str:
    if len(group) == 1:
        change = group[0]
        taken_over = [_named(p, change.new) for p in change.predecessors if p.code != change.new.code]
        if taken_over:
            return (f"Số liệu của {change.new.name} gồm cả số liệu trước ngày {day:%d/%m/%Y} của "
                    f"{_and(taken_over)}.")
        return f"Số liệu của {change.new.name} gồm cả số liệu của đơn vị trước ngày {day:%d/%m/%Y}."
    return (f"Từ ngày {day:%d/%m/%Y}, {_became(group, pointer)}; số liệu trước ngày này của các đơn vị cũ được "
            "tính vào đơn vị mới tương ứng.")


def _then(day: date, group: list[_Change], basis: str) -> str:
    if len(group) == 1:
        change = group[0]
        olds = [_named(p, change.new) for p in change.concerned]
        verb = "thành" if len(change.concerned) == len(change.predecessors) else "vào"
        return (f"Từ ngày {day:%d/%m/%Y}, {_and(olds)} được sắp xếp {verb} {change.new.name}{basis}; số liệu từ "
                f"ngày này thuộc {change.new.name}.")
    return (f"Từ ngày {day:%d/%m/%Y}, {_became(group, '')}{basis}; số liệu từ ngày này thuộc các đơn vị mới.")


def _became(group: list[_Change], pointer: str) -> str:
    """"43 xã, thị trấn được sắp xếp thành 8 xã (…)": the concerned old units and the new ones."""
    olds: dict[str, str | None] = {}
    for change in group:
        for unit, kind in zip(change.concerned, change.kinds):
            olds[unit.code] = kind
    news = sorted(group, key=lambda c: fold(c.new.name))
    if len(news) <= LISTED_AT_MOST:
        detail = f" ({_and([c.new.name for c in news])})"
    else:
        detail = f" ({pointer})" if pointer else ""
    return (f"{len(olds)} {_kinds(olds.values())} được sắp xếp thành {len(news)} "
            f"{_kinds(c.kind for c in news)}{detail}")


def _pointer(bases: list[str]) -> str:
    """Where the list of new units is: "danh sách chi tiết tại Nghị quyết nêu trên"."""
    if len(bases) != 1:
        return "danh sách chi tiết tại các văn bản nêu trên" if bases else ""
    words = []
    for word in bases[0].split():
        if any(ch.isdigit() for ch in word):
            break
        words.append(word)
    return f"danh sách chi tiết tại {' '.join(words) or 'văn bản'} nêu trên"


def _change(effective, new_code, new_name, new_kind, old_codes, old_names, old_kinds, shares, concerned,
            basis) -> _Change:
    new = _Unit(new_code, unit_name(new_name or new_code, new_kind))
    predecessors = [_Unit(code, unit_name(name or code, kind), Decimal(share if share is not None else 100))
                    for code, name, kind, share in zip(old_codes, old_names, old_kinds, shares)]
    kinds = [(kind or "").lower() or None for kind, flag in zip(old_kinds, concerned) if flag]
    return _Change(effective, new, (new_kind or "").lower() or None, predecessors,
                   [p for p, flag in zip(predecessors, concerned) if flag], kinds, basis)


def _named(old: _Unit, new: _Unit) -> str:
    """A predecessor as a sentence names it: "xã Hoằng Sơn (cũ)" when the new unit took its name."""
    name = f"{old.name} (cũ)" if fold(old.name) == fold(new.name) else old.name
    if old.share < 100:
        name += f" ({old.share.normalize():f}% số liệu)".replace(".", ",")
    return name


def _kinds(kinds) -> str:
    """"xã, thị trấn" for the kinds of a group of units; "đơn vị hành chính" when a kind is not known."""
    found = set(kinds)
    if None in found or not found:
        return "đơn vị hành chính"
    ordered = sorted(found, key=lambda k: (KIND_ORDER.index(k) if k in KIND_ORDER else len(KIND_ORDER), k))
    return ", ".join(ordered)


def _and(items: list[str]) -> str:
    """"a, b và c"."""
    items = list(items)
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} và {items[-1]}"
