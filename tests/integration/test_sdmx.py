"""Published values exported as SDMX-CSV 2.0 for other statistical systems.

GIVEN the warehouse built from samples/inbox, WHEN export_sdmx_csv writes the file, THEN it has
the SDMX-CSV 2.0 columns, one line per observation of marts.mart_sdmx__observations, unique
series keys, SDMX-valid ids, official windows as time ranges, withheld values with an empty
OBS_VALUE, and the seed figures as printed.
"""

from __future__ import annotations

import csv
import re

import pytest

from loaders.export_sdmx import DATAFLOW_ID, HEADER, export_sdmx_csv
from tests.conftest import run_cli

pytestmark = pytest.mark.integration

SDMX_ID = re.compile(r"^[A-Za-z0-9_@$\-]+$")


@pytest.fixture()
def exported(db, tmp_path):
    path = tmp_path / "cchc.csv"
    count = export_sdmx_csv(db, path)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    return count, rows, path


def _observations(rows) -> dict[tuple[str, str, str], dict[str, str]]:
    header, *body = rows
    return {(r[3], r[4], r[5]): dict(zip(header, r)) for r in body}


def test_given_the_marts_when_exported_then_the_file_is_sdmx_csv_2_with_one_line_per_observation(db, exported):
    count, rows, path = exported
    (in_mart,) = db.execute("select count(*) from marts.mart_sdmx__observations").fetchone()
    assert count == in_mart == len(rows) - 1 > 200
    assert rows[0] == list(HEADER) == ["STRUCTURE", "STRUCTURE_ID", "ACTION", "REF_AREA", "INDICATOR",
                                       "TIME_PERIOD", "OBS_VALUE", "DQ_STATUS", "UNIT_MEASURE"]
    assert {tuple(r[:3]) for r in rows[1:]} == {("dataflow", DATAFLOW_ID, "I")}
    assert all(len(r) == len(HEADER) for r in rows)
    assert path.read_bytes().count(b"\r\n") == len(rows)  # RFC 4180 line breaks
    assert not path.with_name(path.name + ".partial").exists()


def test_given_the_export_then_keys_are_unique_and_ids_are_valid_sdmx_ids(exported):
    _, rows, _ = exported
    keys = [(r[3], r[4], r[5]) for r in rows[1:]]
    assert len(keys) == len(set(keys))
    assert all(SDMX_ID.match(ref_area) and SDMX_ID.match(indicator) for ref_area, indicator, _ in keys)
    assert all(re.match(r"^\d{4}-\d{2}-15/P(3M|6M|9M|1Y)$", period) for _, _, period in keys)
    assert {r[7] for r in rows[1:]} <= {"ok", "warning", "withheld"}


def test_given_the_seed_reports_when_exported_then_their_figures_and_windows_are_as_printed(exported):
    observations = _observations(exported[1])
    # Hương Khê, 6 tháng đầu năm 2022 = 15/12/2021 + 6 months (seed 001).
    huong_khe = "PRE2025_444"
    assert observations[(huong_khe, "PLAN_TASKS_PLANNED", "2021-12-15/P6M")]["OBS_VALUE"] == "41"
    assert observations[(huong_khe, "PLAN_TASKS_COMPLETED", "2021-12-15/P6M")]["OBS_VALUE"] == "26"
    assert observations[(huong_khe, "PLAN_COMPLETION_RATE", "2021-12-15/P6M")]["OBS_VALUE"] == "63.4"
    online = observations[(huong_khe, "EGOV_RECORDS_RECEIVED_ONLINE", "2021-12-15/P6M")]
    assert (online["OBS_VALUE"], online["DQ_STATUS"], online["UNIT_MEASURE"]) == ("1397", "warning", "Hồ sơ")
    # The printed 94,5 % contradicts 1397/1603: withheld, so the line stays with an empty value.
    rate = observations[(huong_khe, "EGOV_ONLINE_RECORDS_RATE", "2021-12-15/P6M")]
    assert (rate["OBS_VALUE"], rate["DQ_STATUS"], rate["UNIT_MEASURE"]) == ("", "withheld", "%")
    assert observations[(huong_khe, "TTHC_COMMUNE_RECORDS_ON_TIME", "2021-12-15/P6M")]["OBS_VALUE"] == "12207"
    # Tân Hồng, quý I/2021 = 15/12/2020 + 3 months (seed 000); the 50,1 % cell was a fraction in Excel.
    tan_hong = observations[("PRE2025_869", "TTHC_ON_TIME_RATE", "2020-12-15/P3M")]
    assert (tan_hong["OBS_VALUE"], tan_hong["DQ_STATUS"]) == ("50.1", "ok")
    # "48 TTHC cấp Huyện; 29 TTHC cấp xã" is two numbers, not one observation.
    assert ("PRE2025_869", "EGOV_PROCEDURES_ONLINE_L4", "2020-12-15/P3M") not in observations


def test_given_withheld_values_when_exported_then_each_is_a_line_with_an_empty_value(db, exported):
    (withheld,) = db.execute(
        "select count(*) from marts.fct_indicator_values where dq_status = 'withheld'").fetchone()
    lines = [r for r in exported[1][1:] if r[7] == "withheld"]
    assert len(lines) == withheld
    assert all(r[6] == "" for r in lines)


def test_given_the_command_when_run_then_it_writes_the_same_file(db, exported, tmp_path):
    count, rows, _ = exported
    out = tmp_path / "qua-cli" / "cchc.csv"
    result = run_cli("export-sdmx", "--out", str(out))
    assert f"Đã xuất {count} quan sát" in result.stdout
    with out.open(encoding="utf-8", newline="") as handle:
        assert list(csv.reader(handle)) == rows
