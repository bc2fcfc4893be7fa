"""Every query of the analyst cookbook (docs/bi.md) runs as the read-only BI role and gives
the numbers worked out by hand.

The queries run on the warehouse test_analyst_marts.py builds (samples/inbox plus its synthetic
Thanh Hóa reports, loaded by the real nightly DAG); the three questions of the issue are
checked there, the other queries here. A query added to the cookbook without a check here
fails test_given_the_cookbook_then_every_query_is_named_and_checked.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.integration.analyst_inbox import cookbook_queries, run_cookbook

pytestmark = pytest.mark.integration

CHECKED_IN_TEST_ANALYST_MARTS = {
    "communes_below_95_on_time_this_half_year",
    "communes_without_on_time_rate_this_half_year",
    "district_plan_progress",
    "online_share_since_2022_in_todays_communes",
}
CHECKED_HERE = {
    "district_on_time_from_communes",
    "province_scorecard_latest_period",
    "withheld_values_with_reasons",
}


def test_given_the_cookbook_then_every_query_is_named_and_checked():
    names = list(cookbook_queries())
    assert len(names) == len(set(names)), "two cookbook queries share a name"
    assert set(names) == CHECKED_IN_TEST_ANALYST_MARTS | CHECKED_HERE


@pytest.mark.parametrize("name", sorted(CHECKED_IN_TEST_ANALYST_MARTS | CHECKED_HERE))
def test_given_the_reader_role_when_a_cookbook_query_runs_then_it_returns_rows(reader, name):
    assert reader.execute("select current_user").fetchone() == ("cchc_reader",)
    rows = run_cookbook(reader, name)
    # communes_below_95 may legitimately be empty in another data set, not in this one
    assert rows, f"{name} returned nothing"


def test_given_commune_reports_when_district_on_time_is_rebuilt_from_communes_then_coverage_is_shown(reader):
    # Huyện Hoằng Hóa has 36 communes. On time / resolved of the communes printing both:
    #   2022-H1: Giang 580/590 + Xuân 390/395 + Kim 196/200 = 1166/1185 = 98.40 %
    #            (Xuân's received total is withheld: it counts as a commune with a withheld value)
    #   2023-H1: Giang 630/640 + Quỳ 345/350 = 975/990 = 98.48 %
    #   2024-H1: Giang 551/580 + Xuân 400/430 + Quỳ 300/300 + Phú 190/205 + Kim 190/195 = 1631/1710 = 95.38 %
    #            (Hoằng Hợp reported, withheld, and prints no resolved count)
    rows = run_cookbook(reader, "district_on_time_from_communes")
    assert [(r["district_name"], r["period_key"], r["records_on_time"], r["records_resolved"], r["on_time_rate"],
             r["communes_counted"], r["communes_expected"], r["communes_withheld"], r["communes_missing"])
            for r in rows] == [
        ("Huyện Hoằng Hóa", "2022-H1", Decimal(1166), Decimal(1185), Decimal("98.40"), 3, 36, 1, 33),
        ("Huyện Hoằng Hóa", "2023-H1", Decimal(975), Decimal(990), Decimal("98.48"), 2, 36, 0, 34),
        ("Huyện Hoằng Hóa", "2024-H1", Decimal(1631), Decimal(1710), Decimal("95.38"), 5, 36, 1, 30),
    ]


def test_given_the_scorecard_when_the_latest_period_is_shown_then_ranks_and_withheld_counts_are_there(reader):
    # Hương Khê 2022-H1: plan 26/41 = 63.41 %, on time 2481/2481, online records 1397/1603 = 87.15 %;
    # withheld headline values: online records rate (94,5 %), disbursement rate (2,3 %), electronic
    # documents (97 %). Thanh Hóa: the latest commune period is năm 2025 (the merged Hoằng Giang:
    # 50/60, 1490/1500), the latest district period 9 tháng 2024 (Hoằng Hóa: 30/45, 2820/2900).
    # Duyên Hải 2023-Q3 sent no appendix; its narrative states 30/36 plan contents and 4723 of
    # 4733 records resolved on time (3072 early + 1651 on time) = 99.79 %.
    rows = run_cookbook(reader, "province_scorecard_latest_period")
    assert [(r["province_name"], r["unit_level"], r["unit_name"], r["period_key"], r["plan_completion_rate"],
             r["plan_completion_rate_rank"], r["on_time_rate"], r["on_time_rate_rank"], r["online_records_rate"],
             r["n_peers"], r["n_values_withheld"]) for r in rows] == [
        ("Tỉnh Hà Tĩnh", "district", "Huyện Hương Khê", "2022-H1", Decimal("63.41"), 1, Decimal("100.00"), 1,
         Decimal("87.15"), 1, 3),
        ("Tỉnh Thanh Hóa", "commune", "Xã Hoằng Giang", "2025-Y", Decimal("83.33"), 1, Decimal("99.33"), 1,
         None, 1, 0),
        ("Tỉnh Thanh Hóa", "district", "Huyện Hoằng Hóa", "2024-M9", Decimal("66.67"), 1, Decimal("97.24"), 1,
         None, 1, 0),
        ("Tỉnh Trà Vinh", "district", "Thị xã Duyên Hải", "2023-Q3", Decimal("83.33"), 1, Decimal("99.79"), 1,
         None, 1, 0),
        ("Tỉnh Đồng Tháp", "district", "Huyện Tân Hồng", "2021-Q1", Decimal("13.73"), 1, None, None, None, 1, 0),
    ]


def test_given_withheld_values_when_listed_then_each_comes_with_the_clerk_message(reader):
    # 16 values of the samples (seed 000: 5, seed 001: 6, seed 004: 5) plus Hoằng Xuân's
    # 2022-H1 received total (410 printed, 300 + 10 + 60 + 30 = 400).
    rows = run_cookbook(reader, "withheld_values_with_reasons")
    by_value = {(r["unit_name"], r["period_key"], r["indicator_id"]): r for r in rows}
    assert len(rows) == 17
    xuan = by_value[("Xã Hoằng Xuân", "2022-H1", "tthc.records_received")]
    assert (xuan["printed_value"], xuan["dq_rule_ids"]) == ("410", "sum.tthc_records_received")
    assert "300 + 10 + 60 + 30 = 400" in xuan["reasons"]
    hop = by_value[("Xã Hoằng Hợp", "2024-H1", "tthc.records_received")]
    assert hop["printed_value"] == "494" and "45 + 5 + 269 + 179 = 498" in hop["reasons"]
    huong_khe = by_value[("Huyện Hương Khê", "2022-H1", "finance.investment_disbursement_rate")]
    assert huong_khe["printed_value"] == "2,3%" and "11.690/167.000 = 7,0%" in huong_khe["reasons"]
