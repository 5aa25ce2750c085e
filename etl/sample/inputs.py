"""The sample's filled fill-in workbooks (Phiếu số liệu báo cáo CCHC, docs/formats.md §11).

For the sample's report period (``report_period``: the last annual period whose cut-off falls within the sample's
days, nam:2025 for the default sample), every unit in force on the cut-off writes its workbook, except the units
of ``tables.NO_INPUT_UNITS``: ``phieu-so-lieu/phieu-so-lieu_<unit>_<period>.xlsx``, the name ``cchc template``
gives it, so that ``cchc ingest`` of the sample folder loads them with the rest and the reports of most units are
complete while a few show the missing-input path.

Every item is filled, with values that hold together as a unit's would: done ≤ assigned, electronic documents ≤
documents sent, staff with a degree ≤ staff, the inspections' counts equal to their list, documents dated on
working days of the period and numbered per kind and calendar year ("01/QĐ-UBND" early in January), larger
figures for a district and the province. The values come from a generator seeded by the sample's seed, the unit
and the period: they do not depend on the dossiers, and writing them changes no other file.
"""
from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from etl import vi
from etl.inputs import layout
from etl.inputs.template import write_workbook
from etl.periods import Period, periods_between, tasks_ahead
from etl.sample import input_texts as texts
from etl.sample.dossiers import Calendar
from etl.sample.tables import (GIVEN_FEMALE, GIVEN_MALE, MIDDLE_FEMALE, MIDDLE_MALE, NO_INPUT_UNITS, PHONE_PREFIXES,
                               REORG_DATE, REORGANISED_DISTRICT, SURNAMES, Unit, district_slug)

INPUT_DIR = "phieu-so-lieu"
# How much larger a unit's figures are than a commune's (staff, tasks, documents); a commune created by the 2025
# merger has the staff of the communes it merged.
SCALE = {"xa": 1.0, "huyen": 3.0, "tinh": 8.0}
MERGED_COMMUNE_SCALE = 2.5


@dataclass(frozen=True)
class Written:
    relative: str  # the workbook's path in the sample folder
    unit: Unit
    rows: int  # the lines the unit filled: items of "Số liệu" and rows of the list sheets


def report_period(first: date, last: date) -> Period | None:
    """The sample's report period for workbooks: the last annual period whose cut-off is within first..last."""
    closing = [p for p in periods_between(first, last, "nam") if first <= p.last_day <= last]
    return closing[-1] if closing else None


def units_in_force(units: list[Unit], merged: list[Unit], day: date) -> list[Unit]:
    """The units of the sample that exist on ``day``: after the reorganisation, the reorganised district and its
    old communes are replaced by the ``merged`` communes (placed after the province's other units)."""
    if not merged or day < REORG_DATE:
        return list(units)
    return [u for u in units if u.district != REORGANISED_DISTRICT] + list(merged)


def write_report_inputs(out_dir: Path, period: Period, units: list[Unit], seed: int) -> list[Written]:
    """Write the workbook of each of ``units`` (those in force on the period's cut-off) but NO_INPUT_UNITS for
    ``period``; what was written, in order."""
    working = Calendar(period.first_day, period.last_day)
    days = working.days[: working.last_day + 1]
    written = []
    for unit in units:
        if unit.gso in NO_INPUT_UNITS:
            continue
        values, lists = unit_inputs(unit, period, units, seed, days)
        relative = f"{INPUT_DIR}/{layout.file_name(unit.agency, period.code)}"
        write_workbook(out_dir / relative, unit_code=unit.agency, unit_name=f"{unit.kind} {unit.name}",
                       period=period, values=values, lists=lists)
        items = len(values) - len(layout.INFO_FILL_KEYS)
        written.append(Written(relative, unit, items + sum(len(rows) for rows in lists.values())))
    return written


def unit_inputs(unit: Unit, period: Period, units: list[Unit], seed: int,
                days: list[date] | None = None) -> tuple[dict, dict]:
    """What ``unit`` writes in its workbook of ``period`` (``units``: those in force, the ones below it are those it
    inspects; ``days``: the working days of the period): ({item or info code: value}, {list code: rows})."""
    if days is None:
        working = Calendar(period.first_day, period.last_day)
        days = working.days[: working.last_day + 1]
    below = [u for u in units if u.parent == unit.gso]
    return UnitInputs(random.Random(f"{seed}/{period.code}/{unit.agency}"), unit, period, days, below).build()


class UnitInputs:
    """What one unit writes in its workbook of one period."""

    def __init__(self, rng: random.Random, unit: Unit, period: Period, days: list[date], below: list[Unit]):
        self.rng, self.unit, self.period, self.below = rng, unit, period, below
        self.days = [d for d in days if unit.valid_from is None or d >= unit.valid_from]  # a new unit: from its day
        self.scale = MERGED_COMMUNE_SCALE if unit.valid_from else SCALE[unit.level]
        self.words = {"don_vi": unit.office, "cap": unit.kind.lower(), "nam": period.year,
                      "ky_toi": tasks_ahead(period.code)}

    def build(self) -> tuple[dict, dict]:
        """({item or info code: value}, {list code: rows}) of a complete workbook."""
        documents, inspections, initiatives = self.documents(), self.inspections(), self.initiatives()
        values = {**self.info(), **self.direction(documents, inspections), **self.reform(), **self.staff(),
                  **self.e_government(), **self.assessment(initiatives)}
        return values, {"van_ban": documents, "kiem_tra": inspections, "mo_hinh": initiatives}

    # ------------------------------------------------------------------------------------------ the lists

    def documents(self) -> list[dict]:
        """The cited documents, by date, numbered per kind and calendar year (from the unit's first day for a
        unit created during the year)."""
        chosen = list(texts.DOCUMENTS[: texts.ALWAYS_ISSUED])
        extra = texts.DOCUMENTS[texts.ALWAYS_ISSUED:]
        chosen += self.rng.sample(extra, self.rng.randint(2, len(extra) - 2))
        dated = sorted(((self.day_between(low, high), kind, sign, section, summary)
                        for kind, sign, section, summary, low, high in chosen), key=lambda d: d[0])
        numbers: dict[tuple[str, int], int] = {}
        rows = []
        for day, kind, sign, section, summary in dated:
            a_year = texts.ISSUED_A_YEAR[sign] * self.scale
            counting_from = max(date(day.year, 1, 1), self.unit.valid_from or date.min)  # a new unit starts at 1
            elapsed = (day - counting_from).days / 366
            expected = round(a_year * elapsed * self.rng.uniform(0.85, 1.1))
            number = max(numbers.get((sign, day.year), 0) + 1, expected)
            numbers[(sign, day.year)] = number
            rows.append({"so_ky_hieu": f"{number:02d}/{sign}", "ngay": day, "loai": kind,
                         "trich_yeu": summary.format(**self.words), "muc": section})
        return rows

    def inspections(self) -> list[dict]:
        """A commune inspects its own offices, a district or the province some of the units below it."""
        rng = self.rng
        if self.below:
            targets = [f"UBND {u.kind.lower()} {u.name}" for u in rng.sample(self.below, min(len(self.below),
                                                                                           rng.randint(3, 6)))]
        else:
            targets = [office.format(**self.words) for office in rng.sample(texts.OWN_OFFICES, rng.randint(1, 3))]
        rows = []
        for target in targets:
            found = rng.choice((0, 1, 1, 2, 3))
            rows.append({"doi_tuong": target, "ngay": self.day_between(0.3, 0.95), "ton_tai": found,
                         "da_khac_phuc": found - (1 if found and rng.random() < 0.2 else 0)})
        return sorted(rows, key=lambda r: r["ngay"])

    def initiatives(self) -> list[dict]:
        rng, year = self.rng, self.period.year
        first_year = year if self.unit.valid_from else year - 3
        return [{"ten": name, "nam_ap_dung": rng.randint(first_year, year),
                 "ket_qua": result.format(n=int(rng.randint(40, 300) * self.scale))}
                for name, result in rng.sample(texts.INITIATIVES, rng.choice((0, 1, 1, 2)))]

    # ------------------------------------------------------------------------------------------ the items

    def info(self) -> dict:
        """Who filled the workbook, and when: a working day of the last week of the period."""
        rng, female = self.rng, self.rng.random() < 0.6
        surname = rng.choices([s for s, _w in SURNAMES], weights=[w for _s, w in SURNAMES])[0]
        name = (f"{surname} {rng.choice(MIDDLE_FEMALE if female else MIDDLE_MALE)} "
                f"{rng.choice(GIVEN_FEMALE if female else GIVEN_MALE)}")
        phone = f"0{rng.choice(PHONE_PREFIXES)}{rng.randint(0, 9_999_999):07d}"
        return {"nguoi_lap": name, "dien_thoai": phone, "ngay_lap": rng.choice(self.days[-5:])}

    def direction(self, documents: list[dict], inspections: list[dict]) -> dict:
        """I.1 to I.4: plans and documents, propaganda, inspections, tasks."""
        rng, s = self.rng, self.scale
        assigned = int(rng.randint(28, 45) * s)
        return {
            "ke_hoach_giai_doan": self.plan_of_the_term(),
            "so_van_ban_cchc": len(documents) + int(rng.randint(3, 10) * s),
            "bao_cao_dung_han": "Có",
            "tuyen_truyen_chuyen_muc": int(rng.randint(4, 12) * s),
            "tuyen_truyen_tin_bai": int(rng.randint(6, 20) * s),
            "tuyen_truyen_trang_tin": self.website(),
            "kiem_tra_so_cuoc": len(inspections),
            "kiem_tra_ton_tai": sum(r["ton_tai"] for r in inspections),
            "kiem_tra_da_khac_phuc": sum(r["da_khac_phuc"] for r in inspections),
            "nhiem_vu_giao": assigned,
            "nhiem_vu_hoan_thanh": assigned - rng.choice((0, 0, 0, 1, 2)),
        }

    def reform(self) -> dict:
        """II.1 to II.3, II.5: institutions, procedures and one-stop shop, organisation, public finance."""
        rng, s, level = self.rng, self.scale, self.unit.level
        issued = {"xa": rng.choice((0, 0, 1)), "huyen": rng.randint(1, 4), "tinh": rng.randint(25, 60)}[level]
        checked = issued + int(rng.randint(2, 10) * s)
        sessions = int(rng.randint(3, 10) * s)
        received = int(rng.choice((0, 0, 1, 2, 3)) * s)
        merged = self.unit.valid_from is not None
        return {
            "vbqppl_ban_hanh": issued,
            "vbqppl_ra_soat": checked,
            "pbgdpl_so_cuoc": sessions,
            "pbgdpl_so_nguoi": sessions * rng.randint(60, 150),
            "the_che_noi_dung": self.paragraph("the_che", ban_hanh=issued, ra_soat=checked),
            "tthc_don_gian_hoa": int(rng.randint(0, 4) * s),
            "tthc_quy_trinh_noi_bo": 100 if rng.random() < 0.8 else round(rng.uniform(90, 99.9), 2),
            "tthc_cong_khai": texts.WEBSITE_NOTICE.format(trang_tin=self.website()),
            "mot_cua_co_so_vat_chat": self.paragraph("mot_cua", so=int(rng.randint(3, 5) * s)),
            "khao_sat_so_phieu": int(rng.randint(120, 400) * s),
            "khao_sat_hai_long": round(rng.uniform(96, 100), 2),
            "pakn_tiep_nhan": received,
            "pakn_da_xu_ly": received,
            "vi_tri_viec_lam": "Có",
            "bo_may_noi_dung": self.paragraph("bo_may_moi" if merged else "bo_may",
                                              tu_ngay=vi.day(self.unit.valid_from) if merged else ""),
            "tai_chinh_noi_dung": self.paragraph("tai_chinh"),
            "kien_nghi_tai_chinh": 0,
        }

    def staff(self) -> dict:
        """II.4: staff on the cut-off day, their degrees, training and discipline."""
        rng, s = self.rng, self.scale
        officials, civil_servants = int(rng.randint(9, 12) * s), int(rng.randint(9, 12) * s)
        everyone = officials + civil_servants
        return {
            "can_bo": officials,
            "cong_chuc": civil_servants,
            "trinh_do_dai_hoc": rng.randint(int(everyone * 0.75), everyone),
            "dao_tao_luot": rng.randint(everyone // 2, everyone * 2),
            "ky_luat": 0 if rng.random() < 0.85 else 1,
            "cong_vu_noi_dung": self.paragraph("cong_vu"),
        }

    def e_government(self) -> dict:
        """II.6: documents sent, electronic, signed; ISO 9001."""
        rng = self.rng
        sent = int(rng.randint(380, 560) * self.scale)
        electronic = sent - rng.randint(0, sent // 40)
        return {
            "van_ban_di": sent,
            "van_ban_dien_tu": electronic,
            "van_ban_ky_so": electronic - rng.randint(0, electronic // 30),
            "ha_tang_cntt": self.paragraph("ha_tang"),
            "iso_ap_dung": "Có",
            "iso_noi_dung": self.paragraph("iso"),
        }

    def assessment(self, initiatives: list[dict]) -> dict:
        """I.5, III and IV: initiatives, strengths, shortcomings and causes, next period's tasks."""
        rng = self.rng
        models = (self.paragraph("mo_hinh_co", so=len(initiatives), ten="; ".join(r["ten"] for r in initiatives))
                  if initiatives else self.paragraph("mo_hinh_khong"))
        return {
            "mo_hinh_sang_kien": models,
            "uu_diem": self.lines("uu_diem", 3, 4),
            "ton_tai_han_che": self.lines("ton_tai_han_che", 2, 3),
            "nguyen_nhan": self.lines("nguyen_nhan", 2, 3),
            "nhiem_vu_ky_toi": self.lines("nhiem_vu_ky_toi", 4, 5),
            "kien_nghi_de_xuat": rng.choice(texts.PROPOSALS),
        }

    # ------------------------------------------------------------------------------------------ helpers

    def day_between(self, low: float, high: float) -> date:
        """A working day of the unit's part of the period, at a share between ``low`` and ``high`` of it."""
        share = low + self.rng.random() * (high - low)
        return self.days[min(int(share * len(self.days)), len(self.days) - 1)]

    def plan_of_the_term(self) -> str:
        """The unit's CCHC plan for the term: 2021–2025 from early 2021, or 2025–2030 from a merged commune's
        first weeks."""
        rng = self.rng
        if self.unit.valid_from:
            issued, term = self.days[rng.randint(5, 20)], "2025 – 2030"
        else:
            january = [date(2021, 1, day) for day in range(4, 30) if date(2021, 1, day).weekday() < 5]
            issued, term = rng.choice(january), "2021 – 2025"
        return texts.PLAN_TERM.format(so=f"{rng.randint(1, 12):02d}", ngay=vi.day(issued), giai_doan=term)

    def website(self) -> str:
        """The unit's web site: the province's portal, a district's, a commune's under its district's."""
        unit = self.unit
        if unit.level == "tinh":
            return "https://thanhhoa.gov.vn"
        own = _slug(unit.name)
        if unit.level == "xa" and unit.district:
            return f"https://{own}.{district_slug(unit.district).replace('-', '')}.thanhhoa.gov.vn"
        return f"https://{own}.thanhhoa.gov.vn"

    def paragraph(self, key: str, **words) -> str:
        return texts.PARAGRAPHS[key].format(**self.words, **words)

    def lines(self, key: str, fewest: int, most: int) -> str:
        """A few of the item's lines, in their order, one a line."""
        pool = texts.LINES[key]
        picked = sorted(self.rng.sample(range(len(pool)), self.rng.randint(fewest, most)))
        return "\n".join(pool[i].format(**self.words) for i in picked)


def _slug(name: str) -> str:
    """"Hoằng Cát" -> "hoangcat", as in the units' web addresses."""
    decomposed = unicodedata.normalize("NFD", name.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in decomposed if c.isalnum() and not unicodedata.combining(c)).lower()
