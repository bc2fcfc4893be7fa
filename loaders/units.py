"""The administrative-unit register: every province, district and commune with its
official code, in two eras, and the 2025 succession between them.

Source: the PyPI package ``vietnamadminunits`` (MIT), read at run time from its
files, never imported (importing it loads geo libraries we do not need):

* ``data/dataset.db`` table ``admin_units_legacy``: the 63 provinces, 696 districts
  and 10,035 communes as they stood on 30/6/2025 (five island districts have no
  commune), and table ``admin_units``: the 34 provinces and 3,321 communes from
  1/7/2025;
* ``data/converter_2025.json``: old province -> new province, and old commune ->
  new commune ("divided" entries are communes split between several new ones).

Decisions:

* **Eras are snapshots.** Every unit of the legacy table is a ``pre2025`` unit valid
  from 2000-01-01 (a notional start: the dataset carries no creation dates, and it
  is the state of 30/6/2025, so communes merged before 2025 are absent and their
  successors look older than they are) to 2025-06-30. Every unit of the new table
  is a ``post2025`` unit valid from 2025-07-01 with no end.
* **A province that continued is still two units.** Thanh Hóa (38) before and after
  1/7/2025 are ``pre2025:province:38`` and ``post2025:province:38``, linked by a
  whole (non-partial) succession. Before, it had districts; after, it has none and
  different communes, so one row could not describe both. Keeping the eras apart
  also makes "valid on a date" return exactly one era. A province that was merged
  (Bình Định 52 -> Gia Lai 52, Tiền Giang 82 -> Đồng Tháp 82) is linked the same
  way; note that codes move: post-2025 Đồng Tháp is 82, pre-2025 Đồng Tháp was 87.
* Districts all end on 2025-06-30 without successor, except the five island
  districts that became special zones (đặc khu), which the converter maps.
* The unit type comes from the name's prefix ("Huyện", "Thị xã" ...), not from the
  dataset's type column, which disagrees with the name for seven communes: pre-2025
  Thị trấn Ngọc Lặc, Phường 5 and Phường 15 (Phú Nhuận), all typed "Xã", where the
  name is plainly right; post-2025 Phường Việt Hòa, Phường Tân Lộc, Xã Phong Điền,
  Xã Vĩnh Hòa. Reports write names, so names decide.
"""

from __future__ import annotations

import importlib.util
import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from loaders.textnorm import fold, loose_key, strip_diacritics

PRE2025 = "pre2025"
POST2025 = "post2025"
PRE2025_FROM = date(2000, 1, 1)
PRE2025_TO = date(2025, 6, 30)
POST2025_FROM = date(2025, 7, 1)

PROVINCE_TYPES = frozenset({"tinh", "thanh_pho_tw"})
DISTRICT_TYPES = frozenset({"huyen", "quan", "thi_xa", "thanh_pho"})
COMMUNE_TYPES = frozenset({"xa", "phuong", "thi_tran", "dac_khu"})

# Folded type words as written before a name -> unit types they can denote.
# "Thành phố" is either a province-level city or a city inside a province.
TYPE_WORDS: dict[str, frozenset[str]] = {
    "thành phố": frozenset({"thanh_pho", "thanh_pho_tw"}),
    "tp.": frozenset({"thanh_pho", "thanh_pho_tw"}),
    "tp": frozenset({"thanh_pho", "thanh_pho_tw"}),
    "thị xã": frozenset({"thi_xa"}),
    "tx.": frozenset({"thi_xa"}),
    "thị trấn": frozenset({"thi_tran"}),
    "tt.": frozenset({"thi_tran"}),
    "huyện": frozenset({"huyen"}),
    "quận": frozenset({"quan"}),
    "xã": frozenset({"xa"}),
    "phường": frozenset({"phuong"}),
    "tỉnh": frozenset({"tinh"}),
    "đặc khu": frozenset({"dac_khu"}),
}
# Longest first so "thị xã" wins over "xã" and "thành phố" over nothing.
_PREFIXES = sorted(TYPE_WORDS, key=len, reverse=True)
_LOOSE_PREFIXES = sorted({strip_diacritics(w): w for w in TYPE_WORDS}.items(), key=lambda kv: -len(kv[0]))

# Unit names are a few words; longer texts are looked up afresh each time, not remembered.
_CACHED_NAME_CHARS = 200

# Official names that changed without a change of code, so older reports use them.
# Thừa Thiên Huế became Thành phố Huế on 1/1/2025 (Nghị quyết 1314/NQ-UBTVQH15).
PROVINCE_ALIASES: dict[str, str] = {"Thừa Thiên Huế": "46"}


@dataclass(frozen=True)
class Unit:
    unit_key: str  # "<era>:<level>:<code>", unique
    unit_code: str  # official code, zero-padded text
    unit_name: str  # official name with its type prefix ("Huyện Tân Hồng")
    unit_type: str  # tinh|thanh_pho_tw|huyen|quan|thi_xa|thanh_pho|xa|phuong|thi_tran|dac_khu
    level: str  # province | district | commune | department
    parent_key: str | None
    province_code: str
    era: str  # pre2025 | post2025
    valid_from: date
    valid_to: date | None
    short_name: str  # name without the type prefix ("Tân Hồng")

    @property
    def province_key(self) -> str:
        return f"{self.era}:province:{self.province_code}"

    def valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class Succession:
    old_unit_key: str
    new_unit_key: str
    is_partial: bool  # the old unit was split: only part of it went to the new one


# --- reading the dataset ------------------------------------------------------------


def dataset_dir() -> Path:
    """The package's data folder, found without importing the package."""
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the vietnamadminunits package is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _rows(table: str, columns: str) -> list[tuple]:
    db = dataset_dir() / "dataset.db"
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return conn.execute(f"select {columns} from {table}").fetchall()  # table and columns are constants


def split_unit_type(name: str) -> tuple[frozenset[str] | None, str]:
    """("Huyện Tân Hồng") -> ({"huyen"}, "tân hồng"); no prefix -> (None, folded name).

    Slugs without any diacritics ("tinh-thanh-hoa") also lose an unaccented prefix.
    """
    if len(name) <= _CACHED_NAME_CHARS:  # reports name the same units again and again
        return _cached_split_unit_type(name)
    return _split_unit_type(name)


def _split_unit_type(name: str) -> tuple[frozenset[str] | None, str]:
    folded = fold(name.replace("_", " "))
    for prefix in _PREFIXES:
        if folded.startswith(prefix + " ") or (prefix.endswith(".") and folded.startswith(prefix)):
            return TYPE_WORDS[prefix], folded[len(prefix) :].strip()
    if strip_diacritics(folded) == folded:
        for loose_prefix, word in _LOOSE_PREFIXES:
            if folded.startswith(loose_prefix + " "):
                return TYPE_WORDS[word], folded[len(loose_prefix) :].strip()
    return None, folded


_cached_split_unit_type = lru_cache(maxsize=4096)(_split_unit_type)


def _official_type(name: str, level: str) -> str:
    types, _ = split_unit_type(name)
    if not types:
        raise ValueError(f"unit name without a type prefix: {name!r}")
    if level == "province":
        return "thanh_pho_tw" if "thanh_pho_tw" in types else "tinh"
    if level == "district":
        return "thanh_pho" if "thanh_pho" in types else next(iter(types))
    return next(iter(types))


def _short(name: str) -> str:
    """The official name without its prefix, original spelling kept ("Phường 1" -> "1")."""
    words = name.split()
    prefix_len = 2 if fold(" ".join(words[:2])) in TYPE_WORDS else 1
    return " ".join(words[prefix_len:])


def _unit(
    era: str,
    level: str,
    code: str,
    name: str,
    parent_key: str | None,
    province_code: str,
) -> Unit:
    return Unit(
        unit_key=f"{era}:{level}:{code}",
        unit_code=code,
        unit_name=name,
        unit_type=_official_type(name, level),
        level=level,
        parent_key=parent_key,
        province_code=province_code,
        era=era,
        valid_from=PRE2025_FROM if era == PRE2025 else POST2025_FROM,
        valid_to=PRE2025_TO if era == PRE2025 else None,
        short_name=_short(name),
    )


def build_register() -> list[Unit]:
    """All units of both eras: provinces, then districts, then communes."""
    provinces: dict[str, Unit] = {}
    districts: dict[str, Unit] = {}
    communes: list[Unit] = []
    legacy = _rows(
        "admin_units_legacy",
        "province, provinceCode, district, districtCode, ward, wardCode",
    )
    for province, p_code, district, d_code, ward, w_code in legacy:
        if p_code not in provinces:
            provinces[p_code] = _unit(PRE2025, "province", p_code, province, None, p_code)
        if d_code not in districts:
            districts[d_code] = _unit(
                PRE2025,
                "district",
                d_code,
                district,
                f"{PRE2025}:province:{p_code}",
                p_code,
            )
        if w_code:  # island districts have no commune
            communes.append(
                _unit(
                    PRE2025,
                    "commune",
                    w_code,
                    ward,
                    f"{PRE2025}:district:{d_code}",
                    p_code,
                )
            )
    new_provinces: dict[str, Unit] = {}
    for province, p_code, ward, w_code in _rows("admin_units", "province, provinceCode, ward, wardCode"):
        if p_code not in new_provinces:
            new_provinces[p_code] = _unit(POST2025, "province", p_code, province, None, p_code)
        communes.append(
            _unit(
                POST2025,
                "commune",
                w_code,
                ward,
                f"{POST2025}:province:{p_code}",
                p_code,
            )
        )
    return [
        *provinces.values(),
        *new_provinces.values(),
        *districts.values(),
        *communes,
    ]


def build_succession() -> list[Succession]:
    """Old -> new links of 1/7/2025: provinces (whole), communes (whole or partial),
    and the five island districts that became special zones."""
    old_keys: dict[str, str] = {}  # converter key "prov_dist_ward" / "prov" -> unit_key
    for p_key, d_key, w_key, p_code, d_code, w_code in _rows(
        "admin_units_legacy",
        "provinceKey, districtKey, wardKey, provinceCode, districtCode, wardCode",
    ):
        old_keys[p_key] = f"{PRE2025}:province:{p_code}"
        if w_code:
            old_keys[f"{p_key}_{d_key}_{w_key}"] = f"{PRE2025}:commune:{w_code}"
        else:
            old_keys[f"{p_key}_{d_key}_"] = f"{PRE2025}:district:{d_code}"
    new_keys: dict[tuple[str, str], str] = {}
    new_province_keys: dict[str, str] = {}
    for p_key, w_key, p_code, w_code in _rows("admin_units", "provinceKey, wardKey, provinceCode, wardCode"):
        new_keys[(p_key, w_key)] = f"{POST2025}:commune:{w_code}"
        new_province_keys[p_key] = f"{POST2025}:province:{p_code}"

    converter = json.loads((dataset_dir() / "converter_2025.json").read_text(encoding="utf-8"))
    links: set[Succession] = set()
    for new_p, old_ps in converter["DICT_PROVINCE"].items():
        for old_p in old_ps:
            links.add(Succession(old_keys[old_p], new_province_keys[new_p], False))
    for new_p, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_w, olds in wards.items():
            for old in olds:
                links.add(Succession(old_keys[old], new_keys[(new_p, new_w)], False))
    for new_p, divided in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old, targets in divided.items():
            for target in targets:
                links.add(Succession(old_keys[old], new_keys[(new_p, target["newWardKey"])], True))
    return sorted(links, key=lambda s: (s.old_unit_key, s.new_unit_key))


# --- lookups ------------------------------------------------------------------------


def _as_types(unit_type: str | Iterable[str] | None) -> frozenset[str] | None:
    if unit_type is None:
        return None
    if isinstance(unit_type, str):
        return frozenset({unit_type})
    return frozenset(unit_type)


class Register:
    """Indexes over the units for identification. Build once; see ``load_register``."""

    def __init__(self, units: list[Unit], successions: list[Succession]):
        self.units = units
        self.successions = successions
        self.by_key = {u.unit_key: u for u in units}
        # Departments (loaders/departments.py) are looked up by heading, never by place name.
        self.departments = [u for u in units if u.level == "department"]
        self._by_name: dict[str, list[Unit]] = defaultdict(list)
        self._by_loose: dict[str, list[Unit]] = defaultdict(list)
        for u in units:
            if u.level != "department":
                self._index(u.short_name, u)
        for alias, code in PROVINCE_ALIASES.items():
            self._index(alias, self.by_key[f"{PRE2025}:province:{code}"])
        self._successors: dict[str, list[Succession]] = defaultdict(list)
        self._predecessors: dict[str, list[Succession]] = defaultdict(list)
        for s in successions:
            self._successors[s.old_unit_key].append(s)
            self._predecessors[s.new_unit_key].append(s)
        # Every report of a province asks for the same names with the same filters; the
        # indexes never change after this point, so the answers are remembered.
        self._cached_match = lru_cache(maxsize=4096)(self._match)

    def _index(self, short_name: str, unit: Unit) -> None:
        self._by_name[fold(short_name)].append(unit)
        self._by_loose[loose_key(short_name)].append(unit)

    # navigation
    def get(self, unit_key: str) -> Unit:
        return self.by_key[unit_key]

    def parent(self, unit: Unit) -> Unit | None:
        return self.by_key.get(unit.parent_key) if unit.parent_key else None

    def province_of(self, unit: Unit) -> Unit:
        return self.by_key[unit.province_key]

    def successors(self, unit_key: str) -> list[Succession]:
        return list(self._successors.get(unit_key, ()))

    def predecessors(self, unit_key: str) -> list[Succession]:
        return list(self._predecessors.get(unit_key, ()))

    # matching
    def match(
        self,
        name: str,
        unit_types: Iterable[str] | None = None,
        province_keys: Iterable[str] | None = None,
        district_keys: Iterable[str] | None = None,
        on_date: date | None = None,
    ) -> list[Unit]:
        """Units called ``name`` that pass every given filter.

        The folded name is tried first; the diacritic-free key only when the folded
        one finds nothing after filtering. A type prefix in ``name`` narrows the type.
        ``district_keys`` constrains pre-2025 communes only (post-2025 communes have
        no district; districts and provinces are not filtered by it).
        """
        types = _as_types(unit_types)
        provinces = None if province_keys is None else frozenset(province_keys)
        districts = None if district_keys is None else frozenset(district_keys)
        if len(name) <= _CACHED_NAME_CHARS:
            return list(self._cached_match(name, types, provinces, districts, on_date))
        return list(self._match(name, types, provinces, districts, on_date))

    def _match(
        self,
        name: str,
        types: frozenset[str] | None,
        provinces: frozenset[str] | None,
        districts: frozenset[str] | None,
        on_date: date | None,
    ) -> tuple[Unit, ...]:
        name_types, short = split_unit_type(name)
        if name_types is not None:
            types = name_types if types is None else types & name_types

        def keep(u: Unit) -> bool:
            if types is not None and u.unit_type not in types:
                return False
            if provinces is not None and u.province_key not in provinces:
                return False
            if districts is not None and u.era == PRE2025 and u.level == "commune" and u.parent_key not in districts:
                return False
            return on_date is None or u.valid_on(on_date)

        for index, key in (
            (self._by_name, short),
            (self._by_loose, strip_diacritics(short)),
        ):
            found = [u for u in index.get(key, ()) if keep(u)]
            if found:
                return tuple(sorted(set(found), key=lambda u: u.unit_key))
        return ()

    def provinces_named(self, hint: str, on_date: date | None = None) -> list[Unit]:
        """Provinces meant by a code ("38"), a name ("Thanh Hóa", "tỉnh Thanh Hóa") or
        a folder slug ("thanh-hoa"), valid on ``on_date`` when given."""
        hint = hint.strip()
        if hint.isdigit():
            code = hint.zfill(2)
            found = [
                self.by_key[k]
                for k in (f"{PRE2025}:province:{code}", f"{POST2025}:province:{code}")
                if k in self.by_key
            ]
            return [u for u in found if on_date is None or u.valid_on(on_date)]
        return self.match(hint.replace("-", " "), PROVINCE_TYPES, on_date=on_date)

    def find(
        self,
        name: str,
        unit_type: str | Iterable[str] | None = None,
        province_hint: str | None = None,
        district_hint: str | None = None,
        on_date: date | None = None,
    ) -> list[Unit]:
        """Units matching a name, optionally narrowed by type, province (code, name or
        slug), district (code or name) and validity on a date. An unknown hint
        matches nothing rather than being ignored."""
        province_keys = None
        if province_hint:
            province_keys = [u.unit_key for u in self.provinces_named(province_hint, on_date)]
        district_keys = None
        if district_hint:
            if district_hint.strip().isdigit():
                code = district_hint.strip().zfill(3)
                district_keys = [f"{PRE2025}:district:{code}"]
            else:
                district_keys = [
                    u.unit_key for u in self.match(district_hint, DISTRICT_TYPES, province_keys, None, on_date)
                ]
        return self.match(name, unit_type, province_keys, district_keys, on_date)


@lru_cache(maxsize=1)
def load_register() -> Register:
    """The register with the province's departments, built once per process (about a second)."""
    from loaders.departments import with_departments

    return Register(with_departments(build_register()), build_succession())
