"""The run: reference files, then dossiers month by month, unit by unit, and the manifest of what was written."""
from __future__ import annotations

import bisect
import json
import random
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from itertools import accumulate
from pathlib import Path
from typing import Callable

from etl.sample.dossiers import Built, Calendar, DossierFactory
from etl.sample.inputs import report_period, units_in_force, write_report_inputs
from etl.sample.tables import (DEFECT_RATES, EXTRA_FIELDS, LEVEL_NAMES, LISTING_DISTRICT, MONTH_SEASON, NO_INPUT_UNITS,
                               PROVINCE_AGENCY, PROVINCE_GSO, PROVINCE_NAME, REORG_BASIS, REORG_DATE,
                               REORGANISED_DISTRICT, Procedure, ProcedureChange, Unit, build_new_units,
                               build_procedure_changes, build_procedures, build_units, district_slug)
from etl.sample.writers import (LISTING_TITLE_ROWS, listing_period, listing_row, write_catalogue, write_lineage,
                                write_listing_csv, write_listing_xlsx, write_payload, write_unit_list)

MANIFEST_NAME = ".manifest.json"  # hidden: loads skip it
# The reference files, relative to the output folder.
UNIT_FILE, CATALOGUE_FILE = "reference/don-vi-hanh-chinh.csv", "reference/danh-muc-tthc.xlsx"
NEW_UNIT_FILE = f"reference/don-vi-hanh-chinh-{REORG_DATE.isoformat()}.csv"
LINEAGE_FILE = f"reference/sap-xep-dvhc-{REORG_DATE.year}.csv"


# --------------------------------------------------------------------------------------------------------------
# The run: allocation, month loop, manifest
# --------------------------------------------------------------------------------------------------------------

def _allocate(total: int, weights: list[float]) -> list[int]:
    """Split ``total`` in proportion to ``weights`` exactly (largest remainder)."""
    scale = total / sum(weights)
    raw = [w * scale for w in weights]
    counts = [int(r) for r in raw]
    by_remainder = sorted(range(len(raw)), key=lambda i: counts[i] - raw[i])
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _unit_weights(rng: random.Random, units: list[Unit], listing_share: float, level_share: dict) -> dict:
    """Relative dossier volume per unit; the listing district is scaled to ``listing_share`` of all dossiers."""
    weights = {}
    for unit in units:
        if unit.level == "xa":
            urban = 1.5 if unit.kind in ("Thị trấn", "Phường") else 1.0
            weights[unit.gso] = urban * (0.6 + rng.random())
    for unit in units:
        if unit.level == "huyen":
            weights[unit.gso] = sum(weights[u.gso] for u in units if u.level == "xa" and u.parent == unit.gso)
    weights[PROVINCE_GSO] = 1.0
    if listing_share > 0:
        local = 1 - level_share["tinh"]
        target = min(listing_share / local, 0.95)
        inside = sum(weights[u.gso] for u in units if u.level == "xa" and u.district == LISTING_DISTRICT)
        outside = sum(weights[u.gso] for u in units if u.level == "xa" and u.district != LISTING_DISTRICT)
        factor = target * outside / (inside * (1 - target))
        for unit in units:
            if unit.level != "tinh" and unit.district == LISTING_DISTRICT:
                weights[unit.gso] *= factor
    return weights


class Manifest:
    """What was written, for tests and benchmarks.

    Besides files, totals and defects: ``period`` (first and last day of receipt); ``procedure_changes`` (code,
    name, attribute = catalogue column, old, new, effective, file); ``reorganisation`` (None, or effective day,
    basis, the new unit list and lineage files, new units with their predecessors' agency codes, the dissolved
    district and who takes its procedures, and the old -> new mapping with GSO and agency codes); and
    ``dossiers_by_unit``: per agency code (MaDonVi) the unique dossiers received ``before`` and ``after`` (on or
    after) the ``split`` day 2025-07-01, and per month of receipt. With the fill-in workbooks, ``report_inputs``:
    the period they are for, the agency codes of the units that wrote one and of those that did not
    (``tables.NO_INPUT_UNITS``); each workbook is in ``files`` (kind ``report_input``, its unit and period, and as
    ``rows`` the lines filled: items and list rows).
    """

    def __init__(self, seed: int, year: int, until: date | None, dossiers: int, listing_share: float,
                 units: list[Unit], procedures: list[Procedure], first: date, last: date):
        parameters = {"dossiers": dossiers, "seed": seed, "year": year, "listing_share": listing_share}
        if until is not None:
            parameters["until"] = until.isoformat()
        self.data = {
            "format_version": 1,
            "province": {"gso": PROVINCE_GSO, "name": PROVINCE_NAME, "agency": PROVINCE_AGENCY},
            "parameters": parameters,
            "period": {"first_day": first.isoformat(), "last_day": last.isoformat()},
            "units": dict(Counter(u.level for u in units)),
            "procedures": len(procedures),
            "listing_district": {"gso": LISTING_DISTRICT, "slug": district_slug(LISTING_DISTRICT)},
            "procedure_changes": [],
            "reorganisation": None,
            "report_inputs": None,
            "totals": {"unique_dossiers": 0, "json_dossiers": 0, "listing_dossiers": 0, "json_rows": 0,
                       "listing_rows": 0},
            "by_status": Counter(),
            "by_channel": Counter(),
            "extra_fields": Counter(),
            # unique dossiers per handling unit (MaDonVi) by day of receipt: before / from the split day, by month
            "dossiers_by_unit": {"split": REORG_DATE.isoformat(), "units": {}},
            "files": {},
            "defects": {kind: {"count": 0, "items": []} for kind in DEFECT_RATES},
        }

    def add_file(self, relative: str, kind: str, rows: int, **extra) -> None:
        self.data["files"][relative] = {"kind": kind, "rows": rows, **extra}

    def add_defect(self, kind: str, **item) -> None:
        entry = self.data["defects"][kind]
        entry["count"] += 1
        entry["items"].append(item)

    def count_dossier(self, obj: dict, source: str) -> None:
        """Tally one unique dossier in its final (true) state."""
        totals = self.data["totals"]
        totals["unique_dossiers"] += 1
        totals[f"{source}_dossiers"] += 1
        self.data["by_status"][str(obj["TrangThaiHoSo"])] += 1
        channel = obj["KenhThucHien"]
        self.data["by_channel"]["null" if channel is None else str(channel)] += 1
        for key in EXTRA_FIELDS:
            if key in obj:
                self.data["extra_fields"][key] += 1

    def add_unit(self, unit: Unit) -> None:
        """A unit that may receive dossiers in the period (listed in ``dossiers_by_unit`` even with none)."""
        self.data["dossiers_by_unit"]["units"].setdefault(
            unit.agency, {"gso": unit.gso, "name": unit.office, "before": 0, "after": 0, "months": {}})

    def count_unit(self, agency: str, month: tuple[int, int], count: int) -> None:
        """``count`` unique dossiers received by ``agency`` in ``month``."""
        entry = self.data["dossiers_by_unit"]["units"][agency]
        entry["after" if month >= (REORG_DATE.year, REORG_DATE.month) else "before"] += count
        key = f"{month[0]}-{month[1]:02d}"
        entry["months"][key] = entry["months"].get(key, 0) + count

    def record_changes(self, changes: list[ProcedureChange]) -> None:
        self.data["procedure_changes"] = [
            {"code": c.version.code, "name": c.version.name, "attribute": c.attribute, "old": c.old, "new": c.new,
             "effective": c.effective.isoformat(), "file": c.file} for c in changes]

    def record_reorganisation(self, merged: list[tuple[Unit, list[Unit]]], dissolved: list[Unit]) -> None:
        def ref(unit: Unit) -> dict:
            return {"gso": unit.gso, "name": unit.name, "agency": unit.agency}

        mapping = [{"old_gso": old.gso, "old_name": old.name, "old_agency": old.agency, "new_gso": new.gso,
                    "new_name": new.name, "new_agency": new.agency, "share": 100}
                   for new, olds in merged for old in olds]
        mapping += [{"old_gso": old.gso, "old_name": old.name, "old_agency": old.agency, "new_gso": None,
                     "new_name": None, "new_agency": None, "share": None} for old in dissolved]
        self.data["reorganisation"] = {
            "effective": REORG_DATE.isoformat(),
            "basis": REORG_BASIS,
            "unit_list": NEW_UNIT_FILE,
            "lineage": LINEAGE_FILE,
            "new_units": [{**ref(new), "kind": new.kind, "parent": new.parent, "sender": PROVINCE_AGENCY,
                           "predecessors": [old.agency for old in olds]} for new, olds in merged],
            # dissolved units, and who handles their own (cấp huyện) procedures from the effective day
            "dissolved": [{**ref(old), "procedures_to": PROVINCE_AGENCY} for old in dissolved],
            "mapping": mapping,
        }

    def record_report_inputs(self, period: str, written: list[Unit], without: list[Unit]) -> None:
        self.data["report_inputs"] = {"period": period, "units": [u.agency for u in written],
                                      "without": [u.agency for u in without]}

    def save(self, path: Path) -> dict:
        for key in ("by_status", "by_channel", "extra_fields"):
            self.data[key] = dict(sorted(self.data[key].items()))
        for entry in self.data["dossiers_by_unit"]["units"].values():
            entry["months"] = dict(sorted(entry["months"].items()))
        path.write_text(json.dumps(self.data, ensure_ascii=False, indent=1), encoding="utf-8")
        return self.data


@dataclass
class Phase:
    """The units receiving dossiers in a stretch of the period, and how dossiers of each level are spread."""

    units: list[Unit]  # every unit that handles dossiers, in the order they are built and written
    level_units: dict[str, list[Unit]]
    level_cum: dict[str, list[float]]


def _phase(units: list[Unit], level_weights: dict[str, list[tuple[Unit, float]]]) -> Phase:
    return Phase(units, {level: [u for u, _w in pairs] for level, pairs in level_weights.items()},
                 {level: list(accumulate(w for _u, w in pairs)) for level, pairs in level_weights.items()})


class SampleWriter:
    """Generates and writes the dossiers month by month, unit by unit."""

    def __init__(self, out_dir: Path, rng: random.Random, first: date, last: date, listing_share: float,
                 manifest: Manifest, units: list[Unit], procedures: list[Procedure],
                 changes: list[ProcedureChange] = (), reorganised: list[tuple[Unit, list[Unit]]] | None = None):
        self.out = out_dir
        self.rng = rng
        self.last = last
        self.listing_share = listing_share
        self.manifest = manifest
        self.units = units
        self.procedures = procedures
        self.cal = Calendar(first, last)
        # national code -> (first working day of each later version, [first version, later versions...])
        self._versions: dict[str, tuple[list[int], list[Procedure]]] = {}
        versions = list(dict.fromkeys(c.version for c in changes))
        first_versions = {p.national_code: p for p in procedures}
        for version in versions:
            code = version.national_code
            starts, chain = self._versions.setdefault(code, ([], [first_versions[code]]))
            starts.append(self.cal.first_on_or_after(version.valid_from))
            chain.append(version)
        reorg_day = self.cal.first_on_or_after(REORG_DATE)
        predecessors = {new.agency: (olds[0].agency, reorg_day) for new, olds in reorganised or ()}
        self.factory = DossierFactory(rng, self.cal, procedures, versions, predecessors)
        self._updates: dict[tuple[str, tuple[int, int]], list[Built]] = defaultdict(list)
        self._province = units[0]
        self._by_gso = {u.gso: u for u in units}

        level_weight = Counter()
        for proc in procedures:
            level_weight[proc.level] += proc.weight
        level_share = {level: w / sum(level_weight.values()) for level, w in level_weight.items()}
        weights = _unit_weights(rng, units, listing_share, level_share)
        self._proc_cum = list(accumulate(p.weight for p in procedures))
        self._phases = [_phase(units, {level: [(u, weights[u.gso]) for u in units if u.level == level]
                                       for level in LEVEL_NAMES})]
        self._reorg_month = None
        if reorganised:
            self._reorg_month = (REORG_DATE.year, REORG_DATE.month)
            self._phases.append(self._reorganised_phase(units, weights, reorganised))
        first_phase = 1 if self._reorg_month and self.cal.months[0] >= self._reorg_month else 0
        last_phase = 1 if self._reorg_month and self.cal.months[-1] >= self._reorg_month else 0
        for phase in self._phases[first_phase: last_phase + 1]:
            for unit in phase.units:
                manifest.add_unit(unit)

    def _reorganised_phase(self, units: list[Unit], weights: dict, reorganised) -> Phase:
        """From ``REORG_DATE``: the new communes take the volume of their old units; the dissolved district's
        own procedures go to the province (which also sends the new communes' payloads, see ``_sender``)."""
        province = self._province
        new_communes = [(new, sum(weights[old.gso] for old in olds)) for new, olds in reorganised]
        kept = [u for u in units if u.level != "tinh" and u.district != REORGANISED_DISTRICT]
        level_weights = {
            "xa": new_communes + [(u, weights[u.gso]) for u in kept if u.level == "xa"],
            "huyen": [(province if u.gso == REORGANISED_DISTRICT else u, weights[u.gso])
                      for u in units if u.level == "huyen"],
            "tinh": [(province, weights[province.gso])],
        }
        return _phase([province] + [new for new, _w in new_communes] + kept, level_weights)

    def _exports_listing(self, unit: Unit) -> bool:
        return self.listing_share > 0 and unit.level != "tinh" and unit.district == LISTING_DISTRICT

    def month_counts(self, total: int) -> list[int]:
        """Dossiers per month of ``self.cal.months``: by working days and season."""
        return _allocate(total, [len(self.cal.by_month[m]) * MONTH_SEASON[m[1] - 1] for m in self.cal.months])

    def run_month(self, month: tuple[int, int], count: int) -> None:
        rng = self.rng
        phase = self._phases[1 if self._reorg_month and month >= self._reorg_month else 0]
        chosen = rng.choices(self.procedures, cum_weights=self._proc_cum, k=count)
        by_level = defaultdict(list)
        for proc in chosen:
            by_level[proc.level].append(proc)
        by_unit = defaultdict(list)
        for level, procs in by_level.items():
            units = rng.choices(phase.level_units[level], cum_weights=phase.level_cum[level], k=len(procs))
            for unit, proc in zip(units, procs):
                by_unit[unit.gso].append(proc)
        listing, by_sender = [], defaultdict(list)
        for unit in phase.units:
            if by_unit[unit.gso]:
                built = self._unit_month(unit, month, by_unit[unit.gso])
                self.manifest.count_unit(unit.agency, month, len(built))
                if self._exports_listing(unit):
                    listing.extend(built)
                else:
                    by_sender[self._sender(unit)].extend(built)
        for sender, built in by_sender.items():
            self._write_unit_month(sender, month, built)
        if listing:
            self._write_listing(month, listing)

    def _sender(self, unit: Unit) -> Unit:
        """Whose payload carries the unit's dossiers: a district's system sends for its communes too, the
        province's for the communes that have no district (from 2025)."""
        if unit.level == "xa":
            return self._by_gso[unit.district] if unit.district else self._province
        return unit

    def _in_force(self, proc: Procedure, day: int) -> Procedure:
        """The version of ``proc`` in force on working day ``day``."""
        versions = self._versions.get(proc.national_code)
        if versions is None:
            return proc
        starts, chain = versions
        return chain[bisect.bisect_right(starts, day)]

    def _unit_month(self, unit: Unit, month: tuple[int, int], procs: list[Procedure]) -> list[Built]:
        """The unit's dossiers of the month in receipt order, numbered per day."""
        days = self.rng.choices(self.cal.by_month[month], k=len(procs))
        moments = sorted(zip(days, (self.factory.office_second() for _ in procs), range(len(procs))))
        allow_resent = not self._exports_listing(unit)
        built, seq, last_day = [], 0, None
        for day, second, index in moments:
            seq = seq + 1 if day == last_day else 1
            last_day = day
            proc = self._in_force(procs[index], day) if self._versions else procs[index]
            built.append(self.factory.build(unit, proc, day, second, seq, allow_resent=allow_resent))
        return built

    def _write_unit_month(self, unit: Unit, month: tuple[int, int], built: list[Built]) -> None:
        relative = f"dossiers/{unit.agency}/{month[0]}-{month[1]:02d}.json"
        objects = []
        for item in built:
            self.manifest.count_dossier(item.obj, "json")
            objects.append(item.first_version or item.obj)
            row = len(objects)
            if item.defect == "resent_with_new_status":
                self._updates[(unit.agency, item.resend_month)].append(item)
                item.detail = {"first_file": relative, "first_row": row}
            elif item.defect and item.defect != "duplicate_row":
                self.manifest.add_defect(item.defect, ma_ho_so=item.obj["MaHoSo"], file=relative, row=row,
                                         **(item.detail or {}))
        for original_row, item in enumerate(built, start=1):  # re-sent copies go at the end of the file
            if item.defect == "duplicate_row":
                objects.append(item.obj)
                self.manifest.add_defect("duplicate_row", ma_ho_so=item.obj["MaHoSo"], file=relative,
                                         row=len(objects), original_row=original_row)
        self._save_payload(relative, unit.agency, objects, updating=False)

    def _save_payload(self, relative: str, agency: str, objects: list[dict], updating: bool) -> None:
        path = self.out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        write_payload(path, agency, objects, updating)
        self.manifest.add_file(relative, "dossier_json", len(objects), is_updating=updating)
        self.manifest.data["totals"]["json_rows"] += len(objects)

    def _write_listing(self, month: tuple[int, int], built: list[Built]) -> None:
        built.sort(key=lambda item: (item.received, item.obj["MaHoSo"]))
        slug = district_slug(LISTING_DISTRICT)
        year, number = month
        extension = "csv" if number % 3 == 0 else "xlsx"
        relative = f"listings/danh-sach-ho-so-{slug}-{year}-{number:02d}.{extension}"
        rows, first_data_row = [], LISTING_TITLE_ROWS + 2
        for item in built:
            self.manifest.count_dossier(item.obj, "listing")
            rows.append(listing_row(item.obj))
            if item.defect and item.defect != "duplicate_row":
                self.manifest.add_defect(item.defect, ma_ho_so=item.obj["MaHoSo"], file=relative,
                                         row=first_data_row + len(rows) - 1, **(item.detail or {}))
        for index, item in enumerate(built):
            if item.defect == "duplicate_row":
                rows.append(listing_row(item.obj))
                self.manifest.add_defect("duplicate_row", ma_ho_so=item.obj["MaHoSo"], file=relative,
                                         row=first_data_row + len(rows) - 1, original_row=first_data_row + index)
        path = self.out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        period = listing_period(year, number, self.last)
        (write_listing_csv if extension == "csv" else write_listing_xlsx)(path, period, rows)
        self.manifest.add_file(relative, "dossier_listing", len(rows), period=period)
        self.manifest.data["totals"]["listing_rows"] += len(rows)

    def write_updates(self) -> None:
        """``<YYYY-MM>-capnhat.json``: dossiers re-sent in that month with their final state."""
        for (agency, (year, month)), items in sorted(self._updates.items()):
            relative = f"dossiers/{agency}/{year}-{month:02d}-capnhat.json"
            for row, item in enumerate(items, start=1):
                self.manifest.add_defect("resent_with_new_status", ma_ho_so=item.obj["MaHoSo"], file=relative,
                                         row=row, first_status=item.first_version["TrangThaiHoSo"],
                                         status=item.obj["TrangThaiHoSo"], **item.detail)
            self._save_payload(relative, agency, [item.obj for item in items], updating=True)


def _write_history(out_dir: Path, manifest: Manifest, changes: list[ProcedureChange],
                   reorganised: list[tuple[Unit, list[Unit]]] | None, units: list[Unit]) -> None:
    """The changed procedures (one catalogue per issue day) and the reorganisation (new units, lineage)."""
    by_file: dict[str, list[Procedure]] = defaultdict(list)
    for change in changes:
        if change.version not in by_file[change.file]:
            by_file[change.file].append(change.version)
    for relative, versions in by_file.items():
        rows = write_catalogue(out_dir / relative, versions, with_valid_from=True)
        manifest.add_file(relative, "procedure_catalogue", rows)
    manifest.record_changes(changes)
    if reorganised:
        new_units = [new for new, _olds in reorganised]
        manifest.add_file(NEW_UNIT_FILE, "unit_list", write_unit_list(out_dir / NEW_UNIT_FILE, new_units,
                                                                      with_valid_from=True))
        dissolved = [u for u in units if u.gso == REORGANISED_DISTRICT]
        manifest.add_file(LINEAGE_FILE, "unit_lineage", write_lineage(out_dir / LINEAGE_FILE, reorganised, dissolved))
        manifest.record_reorganisation(reorganised, dissolved)


def _write_report_inputs(out_dir: Path, manifest: Manifest, seed: int, first: date, last: date, units: list[Unit],
                         reorganised: list[tuple[Unit, list[Unit]]] | None) -> str | None:
    """The filled workbooks of the sample's report period (etl/sample/inputs.py); what was done, for progress."""
    period = report_period(first, last)
    if period is None:
        return None
    in_force = units_in_force(units, [new for new, _olds in reorganised or ()], period.last_day)
    written = write_report_inputs(out_dir, period, in_force, seed)
    for item in written:
        manifest.add_file(item.relative, "report_input", item.rows, unit=item.unit.agency, period=period.code)
    without = [u for u in in_force if u.gso in NO_INPUT_UNITS]
    manifest.record_report_inputs(period.code, [item.unit for item in written], without)
    return (f"Phiếu số liệu báo cáo CCHC {period.label.lower()}: {len(written)} đơn vị, "
            f"{len(without)} đơn vị không có phiếu")


def generate_sample(out_dir: Path, dossiers: int = 50_000, seed: int = 38, year: int = 2024,
                    listing_share: float = 0.1, progress: Callable[[str], None] | None = None,
                    until: date | None = None, report_inputs: bool = False) -> dict:
    """Write a sample province's exports under ``out_dir``; return the manifest (also saved as .manifest.json,
    a hidden file that loads skip).

    ``dossiers`` unique dossiers received in ``year``, or from 1 January ``year`` to ``until`` (inclusive) when
    given: then the reference data has a history (procedure changes, the 2025 reorganisation when the period
    reaches 1 July 2025) and the dossiers follow it. ``listing_share`` of them (roughly) are exported as the
    provincial listing of one district instead of sync payloads. ``progress`` is called once per month (and once
    for the workbooks). With ``report_inputs``, the units' filled fill-in workbooks of the last annual report
    period the sample reaches (etl/sample/inputs.py) are written too, under ``phieu-so-lieu/``.
    """
    out_dir = Path(out_dir)
    first, last = date(year, 1, 1), until or date(year, 12, 31)
    if last < first:
        raise ValueError(f"until ({last}) is before 1 January {year}")
    (out_dir / "reference").mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    units, procedures = build_units(), build_procedures()
    changes = build_procedure_changes(procedures, last) if until is not None else []
    reorganised = build_new_units() if until is not None and last >= REORG_DATE else None
    manifest = Manifest(seed, year, until, dossiers, listing_share, units, procedures, first, last)

    manifest.add_file(UNIT_FILE, "unit_list", write_unit_list(out_dir / UNIT_FILE, units))
    manifest.add_file(CATALOGUE_FILE, "procedure_catalogue", write_catalogue(out_dir / CATALOGUE_FILE, procedures))
    _write_history(out_dir, manifest, changes, reorganised, units)

    writer = SampleWriter(out_dir, rng, first, last, listing_share, manifest, units, procedures, changes,
                          reorganised)
    for month, count in zip(writer.cal.months, writer.month_counts(dossiers)):
        writer.run_month(month, count)
        if progress:
            progress(f"{month[0]}-{month[1]:02d}: {count} hồ sơ")
    writer.write_updates()
    if report_inputs:
        done = _write_report_inputs(out_dir, manifest, seed, first, last, units, reorganised)
        if progress and done:
            progress(done)
    return manifest.save(out_dir / MANIFEST_NAME)
