"""Provincial departments (sở, ban, ngành) that a province adds to the unit register.

The public lists behind loaders/units.py hold administrative units only. A province
that also collects CCHC reports from its departments lists them in a CSV file
(reference/departments.csv, or the file named by CCHC_DEPARTMENTS_FILE):

    province_code,department_code,department_name
    38,000.00.12.H56,Sở Nội vụ

``province_code`` is the province's official code, ``department_code`` the code the
province uses for the department (e.g. its electronic identifier), ``department_name``
the name as the department prints it. A department lives as long as its province: it
becomes one unit per era in which the province code exists, with the province of that
era as parent, so a report is filed under the department of its date like any unit.
Departments are never matched by the administrative-unit search (a "Sở Nội vụ" is not
a place); identify.py looks them up only when a report is headed by a department.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from loaders.config import REPO_ROOT
from loaders.textnorm import fold
from loaders.units import POST2025, POST2025_FROM, PRE2025, PRE2025_FROM, PRE2025_TO, Unit

DEFAULT_FILE = REPO_ROOT / "reference" / "departments.csv"
COLUMNS = ("province_code", "department_code", "department_name")


def with_departments(units: list[Unit]) -> list[Unit]:
    """The administrative units followed by the departments of the province's file."""
    return units + read_departments(u.unit_key for u in units if u.level == "province")


def departments_file() -> Path:
    return Path(os.environ.get("CCHC_DEPARTMENTS_FILE") or DEFAULT_FILE)


def read_departments(province_keys: Iterable[str], path: Path | None = None) -> list[Unit]:
    """The departments of the file as units of every era whose province exists (by unit key)."""
    path = path or departments_file()
    if not path.exists():
        return []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = set(COLUMNS) - set(reader.fieldnames or ())
        if missing:
            raise ValueError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
        rows = [row for row in reader if (row["department_code"] or "").strip()]
    provinces = set(province_keys)
    units = []
    for row in rows:
        province_code = row["province_code"].strip().zfill(2)
        for era, valid_from, valid_to in ((PRE2025, PRE2025_FROM, PRE2025_TO), (POST2025, POST2025_FROM, None)):
            parent = f"{era}:province:{province_code}"
            if parent in provinces:
                units.append(_department(row, era, parent, province_code, valid_from, valid_to))
    return units


def _department(row: dict, era: str, parent: str, province_code: str, valid_from: date,
                valid_to: date | None) -> Unit:
    code, name = row["department_code"].strip(), " ".join(row["department_name"].split())
    return Unit(
        unit_key=f"{era}:department:{code}", unit_code=code, unit_name=name, unit_type="so",
        level="department", parent_key=parent, province_code=province_code, era=era,
        valid_from=valid_from, valid_to=valid_to, short_name=name,
    )


def match_department(departments: Iterable[Unit], heading: str, province_keys: Iterable[str] | None,
                     on_date: date | None) -> list[Unit]:
    """Departments named by a report's heading ("SỞ NỘI VỤ"), in the given provinces, valid on the date."""
    wanted = fold(heading)
    provinces = None if province_keys is None else set(province_keys)
    return sorted(
        (u for u in departments
         if fold(u.unit_name) == wanted
         and (provinces is None or u.parent_key in provinces)
         and (on_date is None or u.valid_on(on_date))),
        key=lambda u: u.unit_key,
    )
