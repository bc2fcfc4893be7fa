"""Export the published values as SDMX-CSV 2.0, for exchange with other statistical systems.

    cchc export-sdmx --out FILE

One line per observation of ``marts.mart_sdmx__observations`` (the dbt model decides what an
observation is: dimensions REF_AREA, INDICATOR, TIME_PERIOD; measure OBS_VALUE; attributes
DQ_STATUS, UNIT_MEASURE). This module only writes them: the fixed SDMX columns STRUCTURE,
STRUCTURE_ID and ACTION, RFC 4180 quoting, UTF-8, and numbers with a decimal point and no
exponent. A withheld value keeps its row with an empty OBS_VALUE, so the receiver learns that
the figure exists but did not pass the quality gate.
"""

from __future__ import annotations

import csv
import os
from decimal import Decimal
from pathlib import Path

import psycopg

# The dataflow the file is declared against (agency:id(version)). Structure definitions are
# not published yet, so the receiver maps the columns by name.
DATAFLOW_ID = "KHO_CCHC:DF_CCHC_INDICATORS(1.0)"
ACTION_INFORMATION = "I"  # SDMX-CSV 2.0: data sent for information (loaded as "append")

HEADER = ("STRUCTURE", "STRUCTURE_ID", "ACTION", "REF_AREA", "INDICATOR", "TIME_PERIOD",
          "OBS_VALUE", "DQ_STATUS", "UNIT_MEASURE")

OBSERVATIONS_SQL = """
    select ref_area, indicator, time_period, obs_value, dq_status, unit_measure
    from marts.mart_sdmx__observations
    order by ref_area, indicator, time_period
"""


def format_obs_value(value: Decimal | int | float | None) -> str:
    """12207.0 -> "12207", 63.40 -> "63.4", None -> "" (SDMX wants plain decimal notation)."""
    if value is None:
        return ""
    number = Decimal(str(value)).normalize()
    if number == 0:
        return "0"  # normalize() keeps the sign and exponent of 0E-4
    return format(number, "f")


def sdmx_row(observation: tuple) -> list[str]:
    """One database row (ref_area, indicator, time_period, obs_value, dq_status, unit) -> CSV cells."""
    ref_area, indicator, time_period, obs_value, dq_status, unit_measure = observation
    return ["dataflow", DATAFLOW_ID, ACTION_INFORMATION, ref_area, indicator, time_period,
            format_obs_value(obs_value), dq_status, unit_measure or ""]


def export_sdmx_csv(conn: psycopg.Connection, path: str | Path) -> int:
    """Write every observation to ``path`` as SDMX-CSV 2.0; return how many were written.

    The file is written beside its target and renamed at the end, so a reader never sees a
    half-written export.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    count = 0
    with partial.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")  # RFC 4180 line breaks
        writer.writerow(HEADER)
        with conn.cursor() as cursor:
            for observation in cursor.execute(OBSERVATIONS_SQL):
                writer.writerow(sdmx_row(observation))
                count += 1
    os.replace(partial, target)
    return count


def export_to_file(out: str | Path) -> int:
    """What `cchc export-sdmx --out FILE` runs: export from the configured warehouse."""
    from loaders.config import warehouse_url

    with psycopg.connect(warehouse_url()) as conn:
        return export_sdmx_csv(conn, out)
