"""Reference data in the warehouse: the unit register, the succession table, periods.

Built at run time from the public sources (vietnamadminunits' data) and loaded with
COPY; reloaded only when its version changes, so a nightly run costs nothing here.
"""

from __future__ import annotations

import hashlib

import psycopg

from loaders.sink import copy_rows
from loaders.warehouse import get_version, set_version

PERIOD_YEARS = (2018, 2030)


def _register_version() -> str:
    from importlib.metadata import version

    return f"vietnamadminunits-{version('vietnamadminunits')}-{_source_digest()}"


def _source_digest() -> str:
    from pathlib import Path

    from loaders.departments import departments_file

    digest = hashlib.sha256()
    for name in ("units.py", "periods.py", "departments.py"):
        digest.update(Path(__file__).with_name(name).read_bytes())
    if departments_file().exists():
        digest.update(departments_file().read_bytes())
    return digest.hexdigest()[:12]


def _attributes(items, columns: tuple[str, ...]):
    return (tuple(getattr(item, c) for c in columns) for item in items)


def load_reference_data(conn: psycopg.Connection, force: bool = False) -> bool:
    """(Re)load units, succession and periods when their version changed. Returns True if loaded."""
    from loaders.departments import with_departments
    from loaders.periods import all_period_keys
    from loaders.units import build_register, build_succession

    version = _register_version()
    if not force and get_version(conn, "reference") == version:
        return False
    with conn.transaction():
        conn.execute("truncate ref.units, ref.unit_succession, ref.periods")
        copy_rows(conn, "ref.units", UNIT_COLUMNS, _attributes(with_departments(build_register()), UNIT_COLUMNS))
        copy_rows(conn, "ref.unit_succession", SUCCESSION_COLUMNS,
                  _attributes(build_succession(), SUCCESSION_COLUMNS))
        copy_rows(conn, "ref.periods", PERIOD_COLUMNS, (_period_row(p) for p in all_period_keys(*PERIOD_YEARS)))
        set_version(conn, "reference", version)
    return True


UNIT_COLUMNS = ("unit_key", "unit_code", "unit_name", "unit_type", "level", "parent_key",
                "province_code", "era", "valid_from", "valid_to")
SUCCESSION_COLUMNS = ("old_unit_key", "new_unit_key", "is_partial")
PERIOD_COLUMNS = ("period_key", "period_year", "period_kind", "label_vi", "window_from", "window_to",
                  "is_cumulative", "due_date", "sort_order")


def _period_row(period: dict) -> tuple:
    return (
        period["key"], period["year"], period["kind"], period["label_vi"], period["window_from"],
        period["window_to"], period["cumulative"], period["due_date"], period["sort_order"],
    )
