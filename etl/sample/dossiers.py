"""The working-day calendar and the dossier factory: dossier objects in the national sync format (§1).

Deterministic for a given ``random.Random``: the same draws in the same order give the same dossiers.
"""
from __future__ import annotations

import bisect
import math
import random
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from itertools import accumulate

from etl.sample.tables import (AFTERNOON, CHANNEL_MIX, CLOSE, COMPANY_BRANDS, COMPANY_FORMS, COMPANY_TRADES,
                               DEFECT_RATES, DIGITISED_SHARE, E_RESULT_SHARE, EARLY_WHEN_POSSIBLE, EXTRA_FIELDS,
                               FEE_EXEMPT_SHARE, FIELDS, FIXED_HOLIDAYS, GIVEN_FEMALE, GIVEN_MALE, LATE_SHARE,
                               LOCAL_CODE_SUFFIX, MAIL_DOMAINS, MIDDLE_FEMALE, MIDDLE_MALE, MORNING,
                               NOT_RETURNED_SHARE, PAID_ONLINE_SHARE, PHONE_PREFIXES, POSTAL_RESULT_SHARE,
                               PROMOTED_ONLINE_LIFT, REFUSED_SHARE, STOPPED_SHARE, SUPPLEMENT_DONE, SUPPLEMENT_OPEN,
                               SUPPLEMENT_SHARE, SURNAMES, UNKNOWN_PROCEDURES, WITHDRAWN_SHARE, YEAR_HOLIDAYS,
                               Procedure, Unit)


# --------------------------------------------------------------------------------------------------------------
# Working-day calendar and timestamps
# --------------------------------------------------------------------------------------------------------------

def _holidays(year: int) -> set[date]:
    days = FIXED_HOLIDAYS + YEAR_HOLIDAYS.get(year, ())
    return {date(year, month, day) for month, day in days}


class Calendar:
    """Working days from ``first`` to the end of the year after ``last``; a moment is (working-day index, second
    of the day). Dossiers are received from ``first`` to ``last``, in the months ``months``."""

    def __init__(self, first: date, last: date):
        holidays = set().union(*(_holidays(year) for year in range(first.year, last.year + 2)))
        end = date(last.year + 1, 12, 31)
        every_day = [first + timedelta(days=n) for n in range((end - first).days + 1)]
        self.days = [d for d in every_day if d.weekday() < 5 and d not in holidays]
        self.ymd = [d.strftime("%Y%m%d") for d in self.days]
        self.last_day = max((i for i, d in enumerate(self.days) if d <= last), default=-1)
        if self.last_day < 0:
            raise ValueError(f"no working day from {first} to {last}")
        self.months = [(y, m) for y in range(first.year, last.year + 1) for m in range(1, 13)
                       if (first.year, first.month) <= (y, m) <= (last.year, last.month)]
        self.by_month: dict[tuple[int, int], list[int]] = {month: [] for month in self.months}
        for i, d in enumerate(self.days[: self.last_day + 1]):
            self.by_month[(d.year, d.month)].append(i)
        self._hhmm = [f"{h:02d}{m:02d}" for h in range(24) for m in range(60)]
        self._ss = [f"{s:02d}" for s in range(60)]

    def stamp(self, day: int, second: int) -> str:
        """``yyyyMMddHHmmss`` of a working-day index and a second of that day."""
        return self.ymd[day] + self._hhmm[second // 60] + self._ss[second % 60]

    def calendar_stamp(self, day: int, second: int, back_seconds: int) -> str:
        """The moment ``back_seconds`` before (day, second), on any calendar day (online submissions)."""
        moment = datetime.combine(self.days[day], datetime.min.time()) + timedelta(seconds=second - back_seconds)
        return moment.strftime("%Y%m%d%H%M%S")

    def first_on_or_after(self, day: date) -> int:
        """Index of the first working day on or after ``day`` (``len(days)`` if none)."""
        return bisect.bisect_left(self.days, day)


# --------------------------------------------------------------------------------------------------------------
# The dossier factory
# --------------------------------------------------------------------------------------------------------------

@dataclass
class Built:
    """One generated dossier: its object as sent, and what was done to it."""

    obj: dict
    defect: str | None = None
    detail: dict | None = None  # e.g. {"field": "NgayHenTra", "value": "..."} for bad_date_format
    first_version: dict | None = None  # resent dossiers: the in-progress object sent first
    resend_month: tuple[int, int] | None = None
    received: tuple[int, int] = (0, 0)  # (working day, second) of receipt, for ordering listings


class DossierFactory:
    """Builds dossier objects in the national sync format, deterministic for a given ``random.Random``."""

    def __init__(self, rng: random.Random, calendar: Calendar, procedures: list[Procedure],
                 versions: list[Procedure] = (), predecessors: dict[str, tuple[str, int]] | None = None):
        """``versions``: later versions of procedures (their first version is in ``procedures``);
        ``predecessors``: agency of a new unit -> (agency of its first old unit, first working day of the new)."""
        self.rng = rng
        self.cal = calendar
        self.procedures = procedures
        self.as_of = (calendar.last_day, CLOSE)  # the export moment: last working day of the period, 17:00
        online_share = sum(p.weight for p in procedures if p.online != "Không") / sum(p.weight for p in procedures)
        self._channels = {p: self._channel_weights(p, online_share) for p in procedures}
        first = {p.code: p for p in procedures}
        for version in versions:
            promoted = version.online == "Toàn trình" and first[version.code].online != "Toàn trình"
            self._channels[version] = self._channel_weights(version, online_share,
                                                            PROMOTED_ONLINE_LIFT if promoted else 1.0)
        self._predecessors = predecessors or {}
        self._surname_cum = list(accumulate(w for _s, w in SURNAMES))
        self._defect_kinds = list(DEFECT_RATES)
        self._defect_cum = list(accumulate(DEFECT_RATES.values()))

    @staticmethod
    def _channel_weights(proc: Procedure, online_share: float, lift: float = 1.0) -> tuple[list, list[float]]:
        """Channels and cumulative weights so that the whole province gets about ``CHANNEL_MIX``."""
        offline = {c: w for c, w in CHANNEL_MIX.items() if c != 2}
        offline_total = sum(offline.values())
        online = min(CHANNEL_MIX[2] / online_share * lift, 0.9) if proc.online != "Không" else 0.0
        weights = {c: w / offline_total * (1 - online) for c, w in offline.items()} | {2: online}
        channels = list(weights)
        return channels, list(accumulate(weights[c] for c in channels))

    # ---- small random helpers -------------------------------------------------------------------------------

    def _int(self, low: int, high: int) -> int:
        return low + int(self.rng.random() * (high - low + 1))

    def _pick(self, seq):
        return seq[int(self.rng.random() * len(seq))]

    def office_second(self) -> int:
        low, high = MORNING if self.rng.random() < 0.6 else AFTERNOON
        return self._int(low, high - 1)

    def _second_after(self, day: int, ref_day: int, ref_second: int) -> int:
        """An office-hours second on ``day``, later than (ref_day, ref_second)."""
        if day != ref_day:
            return self.office_second()
        return ref_second + self._int(300, max(300, CLOSE - ref_second))

    # ---- timeline --------------------------------------------------------------------------------------------

    def _due(self, day: int, second: int, limit: float) -> tuple[int, int]:
        """NgayHenTra: ``limit`` working days later, same time; half a day means by 17:00 or next morning."""
        if limit >= 1:
            return day + math.ceil(limit), second
        if second < 15 * 3600:
            return day, CLOSE
        return day + 1, 11 * 3600

    def _end_day(self, day: int, due_day: int, late: bool) -> int:
        if late:
            return due_day + self._int(1, 5)
        if due_day > day and self.rng.random() < EARLY_WHEN_POSSIBLE:
            return self._int(day, due_day - 1)
        return due_day

    def _end_second(self, end_day: int, day: int, second: int, due: tuple[int, int]) -> int:
        end_second = self._second_after(end_day, day, second)
        if end_day == due[0] and end_second > due[1]:  # on the due day: no later than the due time
            end_second = max(due[1] - self._int(0, 3600), second + 60 if end_day == day else MORNING[0])
        return end_second

    def _supplements(self, day: int, second: int, end_day: int, due: tuple[int, int], rounds: int):
        """Supplement requests (asked, answered, due before, due after), and the working days they added.

        Each request pauses the clock: the rest of the schedule, due date included, moves by the days the
        applicant took to answer."""
        requests, shift, last, previous = [], 0, day, (day, second)
        due_before = due
        for _ in range(rounds):
            planned = self._int(last, max(last, end_day - 1))
            asked = (planned + shift, self._second_after(planned + shift, *previous))
            wait = self._int(1, 7)
            shift += wait
            answered = (asked[0] + wait, self.office_second())
            due_after = (due[0] + shift, due[1])
            requests.append((asked, answered, due_before, due_after))
            due_before, last, previous = due_after, planned, answered
        return requests, shift

    # ---- building one dossier ----------------------------------------------------------------------------

    def build(self, unit: Unit, proc: Procedure, day: int, second: int, seq: int, *, allow_resent: bool) -> Built:
        rng = self.rng
        cal = self.cal
        code = f"{unit.agency}-{cal.ymd[day][2:]}-{seq:04d}"
        field_code, field_name, components, result_name, business_share = FIELDS[proc.field]
        channels, channel_cum = self._channels[proc]
        channel = rng.choices(channels, cum_weights=channel_cum)[0]
        business = rng.random() < business_share
        applicant, phone, email, id_number = self._applicant(business)

        due = self._due(day, second, proc.days)
        status, end, returned, requests = self._fate(day, second, due)
        has_result = status in (9, 10) and rng.random() < E_RESULT_SHARE
        digitised = rng.random() < DIGITISED_SHARE.get(channel, DIGITISED_SHARE["other"])
        fee_items, paid_online = self._fees(proc)
        submitted = self._submitted(day, second, channel)

        obj = {
            "MaHoSo": code,
            "MaTTHC": proc.code,
            "TenTTHC": proc.name,
            "MaLinhVuc": field_code,
            "TenLinhVuc": field_name,
            "KenhThucHien": channel,
            "LoaiDoiTuong": 2 if business else 1,
            "ChuHoSo": applicant,
            "SoDienThoai": phone,
            "Email": email,
            "SoGiayToChuHoSo": id_number,
            "TrichYeuHoSo": f"Hồ sơ {proc.name[0].lower()}{proc.name[1:]} của {applicant}",
            "NgayNopHoSo": submitted,
            "NgayTiepNhan": cal.stamp(day, second),
            "NgayHenTra": cal.stamp(*due),
            "NgayKetThucXuLy": cal.stamp(*end) if end else None,
            "NgayTra": cal.stamp(*returned) if returned else (None if rng.random() < 0.8 else ""),
            "TrangThaiHoSo": status,
            "DonViXuLy": unit.office,
            "MaDonVi": unit.agency,
            "HinhThuc": int(rng.random() < POSTAL_RESULT_SHARE.get(channel, POSTAL_RESULT_SHARE["other"])),
            "DuocThanhToanTrucTuyen": paid_online,
            "HoSoCoThanhPhanSoHoa": int(digitised),
            "DanhSachLePhi": fee_items,
            "TaiLieuNop": self._attachments(components, digitised, day),
            "DanhSachGiayToKetQua": self._results(result_name, day) if has_result else [],
            "DanhSachHoSoBoSung": [self._supplement_item(code, n, *r) for n, r in enumerate(requests, 1)],
        }
        self._add_extra_fields(obj, unit, day, seq)
        built = self._with_defect(obj, day, end, allow_resent=allow_resent and status in (9, 10))
        built.received = (day, second)
        return built

    def _fate(self, day: int, second: int, due: tuple[int, int]):
        """Status, end of processing, return of the result and supplement requests, as of the export moment."""
        rng = self.rng
        roll = rng.random()
        if roll < REFUSED_SHARE:
            return 3, (day, self._second_after(day, day, second)), None, []
        rounds = 0
        if rng.random() < SUPPLEMENT_SHARE:
            rounds = 2 if rng.random() < 0.1 else 1
        late = rounds == 2 or rng.random() < LATE_SHARE
        end_day = self._end_day(day, due[0], late)
        requests, shift = self._supplements(day, second, end_day, due, rounds)
        end = (end_day + shift, self._end_second(end_day, day, second, due))
        if requests and end <= requests[-1][1]:
            answered_day, answered_second = requests[-1][1]
            end = (answered_day, answered_second + self._int(300, 3600))
        if end > self.as_of:
            return self._in_progress(requests)
        if roll < REFUSED_SHARE + WITHDRAWN_SHARE:
            return 7, end, None, requests
        if roll < REFUSED_SHARE + WITHDRAWN_SHARE + STOPPED_SHARE:
            return 8, end, None, requests
        returned_day = end[0] + self._pick((0, 0, 0, 0, 1, 1, 2, 3))
        returned = (returned_day, self._second_after(returned_day, *end))
        if returned > self.as_of or rng.random() < NOT_RETURNED_SHARE:
            return 9, end, None, requests
        return 10, end, returned, requests

    def _in_progress(self, requests):
        """A dossier still open at the export moment: 5 while waiting for the applicant, else 4."""
        requests = [r for r in requests if r[0] <= self.as_of]
        if requests and requests[-1][1] > self.as_of:
            asked, _back, due_before, _due_after = requests[-1]
            requests[-1] = (asked, None, due_before, None)
            return 5, None, None, requests
        return 4, None, None, requests

    def _supplement_item(self, code: str, n: int, asked, back, due_before, due_after) -> dict:
        cal = self.cal
        return {
            "HoSoBoSungId": f"{code}-BS{n}",
            "NoiDungBoSung": "Bổ sung thành phần hồ sơ còn thiếu theo quy định",
            "NgayBoSung": cal.stamp(*asked),
            "NgayTiepNhanBoSung": cal.stamp(*back) if back else None,
            "TrangThaiBoSung": SUPPLEMENT_DONE if back else SUPPLEMENT_OPEN,
            "NgayHenTraTruoc": cal.stamp(*due_before),
            "NgayHenTraMoi": cal.stamp(*due_after) if due_after else None,
        }

    def _submitted(self, day: int, second: int, channel) -> str:
        """NgayNopHoSo: online dossiers were sent up to two days before receipt, at any hour; others at the desk."""
        if channel == 2:
            return self.cal.calendar_stamp(day, second, self._int(600, 2 * 86400))
        return self.cal.stamp(day, max(0, second - self._int(0, 900)))

    def _applicant(self, business: bool) -> tuple[str, str | None, str | None, str]:
        rng = self.rng
        phone = "0" + self._pick(PHONE_PREFIXES) + f"{self._int(0, 9_999_999):07d}" if rng.random() < 0.95 else None
        if business:
            brand = self._pick(COMPANY_BRANDS)
            name = f"{self._pick(COMPANY_FORMS)} {self._pick(COMPANY_TRADES)} {brand}"
            email = f"{_ascii(brand).replace(' ', '').lower()}{self._int(1, 99)}@gmail.com"
            return name, phone, email, f"28{self._int(0, 99_999_999):08d}"
        female = rng.random() < 0.5
        surname = SURNAMES[bisect.bisect_right(self._surname_cum, rng.random() * self._surname_cum[-1])][0]
        middle = self._pick(MIDDLE_FEMALE if female else MIDDLE_MALE)
        given = self._pick(GIVEN_FEMALE if female else GIVEN_MALE)
        born = self._int(1950, 2005)
        century_sex = (0 if born < 2000 else 2) + int(female)
        id_number = f"038{century_sex}{born % 100:02d}{self._int(0, 999_999):06d}"
        roll = rng.random()
        email = None if roll < 0.40 else "" if roll < 0.45 else (
            f"{_ascii(given).lower()}{_ascii(surname).lower()}{self._int(1, 9999)}@{self._pick(MAIL_DOMAINS)}")
        return f"{surname} {middle} {given}", phone, email, id_number

    def _fees(self, proc: Procedure) -> tuple[list[dict], int]:
        """DanhSachLePhi and DuocThanhToanTrucTuyen (0 no, 1 DVCQG, 2 provincial gateway)."""
        if not proc.fee:
            return [], 0
        rng = self.rng
        exempt = rng.random() < FEE_EXEMPT_SHARE
        paid_online = 0 if exempt or rng.random() >= PAID_ONLINE_SHARE else (1 if rng.random() < 0.6 else 2)
        is_charge = proc.field == "CT"
        item = {
            "TenPhiLePhi": "Phí chứng thực" if is_charge else f"Lệ phí {proc.name[0].lower()}{proc.name[1:]}",
            "MaPhiLePhi": f"{'PHI' if is_charge else 'LEPHI'}-{proc.national_code}",
            "HinhThucThu": 2 if paid_online else 1,
            "Gia": 0 if exempt else proc.fee,
            "LoaiPhiLePhi": 1 if is_charge else 2,
        }
        return [item], paid_online

    def _file_id(self) -> str:
        return f"{self.rng.getrandbits(64):016x}"

    def _attachments(self, components: tuple[str, ...], digitised: bool, day: int) -> list[dict]:
        rng = self.rng
        folder = f"/tep-dinh-kem/{self.cal.ymd[day][:4]}/{self.cal.ymd[day][4:6]}"
        items = []
        for n, name in enumerate(components[: self._int(1, len(components))], start=1):
            file_id = self._file_id()
            scanned = digitised and (n == 1 or rng.random() < 0.6)
            items.append({
                "TepDinhKemId": file_id,
                "TenTepDinhKem": f"{name}.pdf",
                "IsDeleted": False,
                "MaThanhPhanHoSo": f"TP{n:02d}",
                "DuongDanTaiTepTin": f"{folder}/{file_id}.pdf",
                "DuocSoHoa": int(scanned),
                "DuocLayTuKhoDMQG": int(scanned and rng.random() < 0.1),
            })
        return items

    def _results(self, result_name: str, day: int) -> list[dict]:
        file_id = self._file_id()
        return [{
            "TenGiayTo": result_name,
            "MaThanhPhanHoSo": "KQ01",
            "GiayToId": file_id,
            "DuongDanTepTinKetQua": f"/ket-qua/{self.cal.ymd[day][:4]}/{file_id}.pdf",
        }]

    def _add_extra_fields(self, obj: dict, unit: Unit, day: int, seq: int) -> None:
        """Fields the format does not know (a loader must keep them)."""
        rng = self.rng
        if rng.random() < EXTRA_FIELDS["SoBienNhan"]:
            obj["SoBienNhan"] = f"{seq:04d}/{self.cal.ymd[day][:4]}/BN-{unit.gso}"
        if rng.random() < EXTRA_FIELDS["MaHoSoCu"]:
            old_day, agency = max(0, day - 250), unit.agency
            if agency in self._predecessors and old_day < self._predecessors[agency][1]:
                agency = self._predecessors[agency][0]  # an earlier dossier, received by an old unit
            obj["MaHoSoCu"] = f"{agency}-{self.cal.ymd[old_day][2:]}-{self._int(1, 300):04d}"

    # ---- defects ---------------------------------------------------------------------------------------------

    def _with_defect(self, obj: dict, day: int, end, *, allow_resent: bool) -> Built:
        roll = self.rng.random()
        if roll >= self._defect_cum[-1]:
            return Built(obj)
        kind = next(k for k, c in zip(self._defect_kinds, self._defect_cum) if roll < c)
        if kind == "resent_with_new_status":
            return self._resent(obj, day, end) if allow_resent else Built(obj)
        if kind == "missing_ngay_tiep_nhan":
            obj["NgayTiepNhan"] = self._pick((None, ""))
            obj["NgayNopHoSo"] = self._pick((None, ""))
            return Built(obj, kind)
        if kind == "bad_date_format":
            return Built(obj, kind, self._bad_date(obj))
        if kind == "unknown_procedure":
            national_code, name, field, _fee = self._pick(UNKNOWN_PROCEDURES)
            obj.update(MaTTHC=national_code + LOCAL_CODE_SUFFIX, TenTTHC=name, MaLinhVuc=FIELDS[field][0],
                       TenLinhVuc=FIELDS[field][1])
            obj["TrichYeuHoSo"] = f"Hồ sơ {name[0].lower()}{name[1:]} của {obj['ChuHoSo']}"
            return Built(obj, kind, {"MaTTHC": obj["MaTTHC"]})
        if kind == "decomposed_unicode":
            for key in ("TenTTHC", "ChuHoSo", "DonViXuLy"):
                obj[key] = unicodedata.normalize("NFD", obj[key])
            return Built(obj, kind)
        return Built(obj, kind)  # duplicate_row: the writer sends it twice

    def _bad_date(self, obj: dict) -> dict:
        key = self._pick(("NgayHenTra", "NgayTiepNhan"))
        stamp = obj[key]
        if self.rng.random() < 0.5:
            value = f"{stamp[0:4]}-{stamp[4:6]}-{stamp[6:8]} {stamp[8:10]}:{stamp[10:12]}"
        else:
            value = f"31/02/{stamp[0:4]}"
        obj[key] = value
        return {"field": key, "value": value}

    def _resent(self, final: dict, day: int, end: tuple[int, int]) -> Built:
        """First sent while in progress (4, or 5 waiting for a supplement), re-sent with the final state."""
        first = dict(final, TrangThaiHoSo=4, NgayKetThucXuLy=None, NgayTra=None, DanhSachGiayToKetQua=[])
        requests = final["DanhSachHoSoBoSung"]
        if requests:
            open_request = dict(requests[-1], NgayTiepNhanBoSung=None, TrangThaiBoSung=SUPPLEMENT_OPEN,
                                NgayHenTraMoi=None)
            first.update(TrangThaiHoSo=5, DanhSachHoSoBoSung=requests[:-1] + [open_request])
        received = self.cal.days[day]
        ended = self.cal.days[end[0]]
        next_month = (received.year + received.month // 12, received.month % 12 + 1)
        return Built(final, "resent_with_new_status", first_version=first,
                     resend_month=max((ended.year, ended.month), next_month))


@lru_cache(maxsize=None)
def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))
