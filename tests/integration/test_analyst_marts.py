"""The analyst marts answer the three questions of issue 6, checked against hand-computed figures.

The warehouse is samples/inbox plus the synthetic Thanh Hóa reports of analyst_inbox.py,
loaded by the real nightly DAG in a CCHC_HOME of its own (fixture `reader` in conftest.py),
so the marts are built exactly as in production. Every expected number below is worked out by
hand from the figures of those reports in the comments.

The analyst questions are answered with the cookbook queries of docs/bi.md, run as the
read-only BI role: the documented SQL is what is tested.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.integration.analyst_inbox import pct, run_cookbook

pytestmark = pytest.mark.integration


# ---------------------------------------------------------------------------
# The three questions
# ---------------------------------------------------------------------------

def test_given_2024_h1_reports_when_asking_which_communes_were_below_95_on_time_then_xuan_and_phu(reader):
    # Latest half-year with commune data: 2024-H1. On time / resolved:
    #   Hoằng Phú 190/205 = 92.6829 %, Hoằng Xuân 400/430 = 93.0233 %  -> below 95 %
    #   Hoằng Giang 551/580 = 95.0000 % (not fewer than 95 %), Hoằng Kim 190/195, Hoằng Quỳ 300/300
    #   Hoằng Hợp (sample 004): its on-time count is withheld and it prints no resolved count.
    rows = run_cookbook(reader, "communes_below_95_on_time_this_half_year")
    assert [(r["unit_name"], r["period_key"], r["records_resolved"], r["records_on_time"], r["records_late"],
             r["on_time_rate"]) for r in rows] == [
        ("Xã Hoằng Phú", "2024-H1", Decimal(205), Decimal(190), Decimal(15), Decimal("92.68")),
        ("Xã Hoằng Xuân", "2024-H1", Decimal(430), Decimal(400), Decimal(30), Decimal("93.02")),
    ]
    assert {r["district_name"] for r in rows} == {"Huyện Hoằng Hóa"}
    assert pct(190, 205) == Decimal("92.6829") and pct(400, 430) == Decimal("93.0233")


def test_given_the_same_half_year_when_asking_whose_rate_is_unknown_then_hoang_hop_is_listed_as_withheld(reader):
    rows = run_cookbook(reader, "communes_without_on_time_rate_this_half_year")
    assert [(r["unit_name"], r["n_values_withheld"], r["withheld_indicator_ids"]) for r in rows] == [
        ("Xã Hoằng Hợp", 2, "tthc.records_on_time, tthc.records_received"),
    ]


def test_given_district_plans_when_asking_how_far_each_district_is_then_the_latest_report_of_the_year_counts(reader):
    # Hoằng Hóa: the 9-month report (30 of 45) replaces 6 months (18 of 45): 66.6667 %.
    # Hương Khê 2022-H1 (seed 001): 26 of 41 = 63.4146 %. Tân Hồng 2021-Q1 (seed 000): 7 of 51 = 13.7255 %.
    # Thị xã Duyên Hải 2023-Q3 (seed 003, no appendix): "đã đạt 30/36 nội dung" in the narrative = 83.3333 %.
    rows = run_cookbook(reader, "district_plan_progress")
    assert [(r["unit_name"], r["period_key"], r["tasks_planned"], r["tasks_completed"], r["tasks_remaining"],
             r["completion_rate"]) for r in rows] == [
        ("Thị xã Duyên Hải", "2023-Q3", Decimal(36), Decimal(30), Decimal(6), Decimal("83.33")),
        ("Huyện Hoằng Hóa", "2024-M9", Decimal(45), Decimal(30), Decimal(15), Decimal("66.67")),
        ("Huyện Hương Khê", "2022-H1", Decimal(41), Decimal(26), Decimal(15), Decimal("63.41")),
        ("Huyện Tân Hồng", "2021-Q1", Decimal(51), Decimal(7), Decimal(44), Decimal("13.73")),
    ]
    assert (pct(30, 36), pct(30, 45), pct(26, 41), pct(7, 51)) == (
        Decimal("83.3333"), Decimal("66.6667"), Decimal("63.4146"), Decimal("13.7255"))


def test_given_merged_communes_when_asking_the_online_share_since_2022_in_todays_communes_then_sums_are_recomputed(reader):
    # Today's Xã Hoằng Giang = old Hoằng Giang, Hoằng Xuân, Hoằng Hợp, Hoằng Quỳ (+ itself from 07/2025).
    # Online = level 3 + level 4; only communes with both online and total received count:
    #   2022-H1: Giang 170/600; Xuân's total (410 ≠ 400) withheld          -> 170/600   = 28.3333 %
    #   2023-H1: Giang 280/650 + Quỳ 150/350                              -> 430/1000  = 43.0000 %
    #   2024-H1: Giang 280/600 + Xuân 240/450 + Quỳ 150/300; Hợp withheld -> 670/1350  = 49.6296 %
    #   2025-Y:  the merged commune itself 1000/1510                      -> 1000/1510 = 66.2252 %
    # (the mean of the 2024 shares, (46.67 + 53.33 + 50) / 3 = 50.00 %, would be wrong)
    rows = [r for r in run_cookbook(reader, "online_share_since_2022_in_todays_communes")
            if r["commune_today"] == "Xã Hoằng Giang"]
    assert [(r["period_key"], r["online_records"], r["records_received"], r["online_share"], r["communes_counted"],
             r["communes_expected"], r["communes_withheld"], r["communes_missing"]) for r in rows] == [
        ("2022-H1", Decimal(170), Decimal(600), Decimal("28.33"), 1, 4, 1, 2),
        ("2023-H1", Decimal(430), Decimal(1000), Decimal("43.00"), 2, 4, 0, 2),
        ("2024-H1", Decimal(670), Decimal(1350), Decimal("49.63"), 3, 4, 1, 0),
        ("2025-Y", Decimal(1000), Decimal(1510), Decimal("66.23"), 1, 1, 0, 0),
    ]
    assert [pct(170, 600), pct(430, 1000), pct(670, 1350), pct(1000, 1510)] == [
        Decimal("28.3333"), Decimal("43.0000"), Decimal("49.6296"), Decimal("66.2252")]


# ---------------------------------------------------------------------------
# The marts underneath
# ---------------------------------------------------------------------------

def test_given_a_reused_commune_code_when_values_are_published_then_each_era_gets_its_own_unit(reader):
    # 15889 is the old Xã Hoằng Kim and, since 1 July 2025, the merged Xã Hoằng Phú;
    # 15880 is the old and the new Xã Hoằng Giang.
    rows = reader.execute("""
        select unit_key, unit_name, period_key, records_received
        from marts.mart_tthc__results
        where unit_code in ('15889', '15880')
        order by period_sort_order, unit_key
    """).fetchall()
    assert rows == [
        ("pre2025:commune:15880", "Xã Hoằng Giang", "2022-H1", Decimal(600)),
        ("pre2025:commune:15889", "Xã Hoằng Kim", "2022-H1", Decimal(200)),
        ("pre2025:commune:15880", "Xã Hoằng Giang", "2023-H1", Decimal(650)),
        ("pre2025:commune:15880", "Xã Hoằng Giang", "2024-H1", Decimal(600)),
        ("pre2025:commune:15889", "Xã Hoằng Kim", "2024-H1", Decimal(200)),
        ("post2025:commune:15880", "Xã Hoằng Giang", "2025-Y", Decimal(1510)),
    ]


def test_given_hoang_hop_when_its_totals_are_withheld_then_the_tthc_mart_keeps_channels_and_counts_the_gap(reader):
    # Seed 004: 494 received and 494 on time, but 45 + 5 + 269 + 179 = 498: both totals withheld.
    row = reader.execute("""
        select records_received, records_received_direct, records_received_postal, records_received_online,
               records_on_time, on_time_rate, online_share, postal_share, n_values_withheld
        from marts.mart_tthc__results
        where unit_key = 'pre2025:commune:15919' and period_key = '2024-H1'
    """).fetchone()
    assert row == (None, Decimal(45), Decimal(5), Decimal(448), None, None, None, None, 2)


def test_given_the_seed_districts_when_read_through_the_domain_marts_then_rates_come_from_counts(reader):
    # Hương Khê 2022-H1 (seed 001): 2.481 of 2.481 on time; communes 12.207 of 12.207; online
    # records 1.397 of 1.603 = 87.1491 % (the printed 94,5 % is withheld); investment 11.690 of
    # 167.000 triệu đồng = 7.0000 % (the printed 2,3 % is withheld).
    tthc = reader.execute("""
        select records_resolved, records_on_time, records_late, on_time_rate,
               commune_records_resolved, commune_records_on_time, commune_on_time_rate
        from marts.mart_tthc__results where unit_key = 'pre2025:district:444' and period_key = '2022-H1'
    """).fetchone()
    assert tthc == (Decimal(2481), Decimal(2481), Decimal(0), Decimal("100.0000"),
                    Decimal(12207), Decimal(12207), Decimal("100.0000"))
    egov = reader.execute("""
        select records_received_eligible, records_received_online, online_records_rate, online_records_rate_stated
        from marts.mart_egov__services where unit_key = 'pre2025:district:444' and period_key = '2022-H1'
    """).fetchone()
    assert egov == (Decimal(1603), Decimal(1397), pct(1397, 1603), None)
    finance = reader.execute("""
        select investment_plan, investment_disbursed, investment_disbursement_rate,
               investment_disbursement_rate_stated, sncl_total, n_values_withheld
        from marts.mart_finance__public_finance where unit_key = 'pre2025:district:444' and period_key = '2022-H1'
    """).fetchone()
    assert finance == (Decimal(167000), Decimal(11690), pct(11690, 167000), None, None, 2)


def test_given_communes_of_hoang_hoa_when_rolled_up_then_rates_use_summed_parts_and_coverage_is_counted(reader):
    # District 2024-H1, communes with both counts: Giang, Xuân, Quỳ, Phú, Kim
    #   on time 551 + 400 + 300 + 190 + 190 = 1631, resolved 580 + 430 + 300 + 205 + 195 = 1710
    # Hoằng Hợp reported but had values withheld; 36 communes existed, 6 reported.
    # Province (districts + communes): + Hoằng Hóa's own 1850 / 1900 -> 3481 / 3610.
    rows = reader.execute("""
        select rollup_level, unit_name, on_time_rate_numerator, on_time_rate_denominator, on_time_rate,
               n_units_expected, n_units_reported, n_units_missing, n_units_on_time_rate, n_units_withheld
        from marts.mart_tthc__results_rollup
        where period_key = '2024-H1' and province_code = '38'
          and rollup_level in ('district', 'province', 'current_province')
        order by rollup_level
    """).fetchall()
    assert rows == [
        ("current_province", "Tỉnh Thanh Hóa", Decimal(3481), Decimal(3610), pct(3481, 3610), 573, 7, 566, 6, 1),
        ("district", "Huyện Hoằng Hóa", Decimal(1631), Decimal(1710), pct(1631, 1710), 36, 6, 30, 5, 1),
        ("province", "Tỉnh Thanh Hóa", Decimal(3481), Decimal(3610), pct(3481, 3610), 573, 7, 566, 6, 1),
    ]
    assert (pct(1631, 1710), pct(3481, 3610)) == (Decimal("95.3801"), Decimal("96.4266"))


def test_given_the_generic_rollup_when_plan_completion_is_rolled_up_then_it_is_a_ratio_of_sums(reader):
    # Today's Xã Hoằng Giang, 2024-H1: completed 12 + 12 + 15 + 19 (Hoằng Hợp, seed 004) of
    # planned 30 + 25 + 28 + 38 = 58 / 121 = 47.9339 %.
    row = reader.execute("""
        select numerator_sum, denominator_sum, value_numeric, n_units_expected, n_units_contributing,
               n_units_withheld, n_units_missing
        from marts.mart_rollup__indicator_values
        where rollup_level = 'current_commune' and unit_key = 'post2025:commune:15880'
          and period_key = '2024-H1' and indicator_id = 'plan.completion_rate'
    """).fetchone()
    assert row == (Decimal(58), Decimal(121), pct(58, 121), 4, 4, 0, 0)


def test_given_a_withheld_total_when_rolled_up_then_it_is_left_out_and_counted(reader):
    # Hoằng Hóa's communes, 2024-H1, records received (sum over units):
    #   Giang 300+20+180+100 = 600, Xuân 450, Quỳ 300, Phú 220, Kim 200 -> 1770.
    # Hoằng Hợp printed 494 but its channels add up to 498: the gate withholds the 494,
    # so the rollup neither adds it nor passes for complete.
    hop = reader.execute("""
        select value_numeric, value_text, dq_status from marts.fct_indicator_values
        where unit_code = '15919' and period_key = '2024-H1' and indicator_id = 'tthc.records_received'
    """).fetchone()
    assert hop == (None, "494", "withheld")
    row = reader.execute("""
        select value_numeric, n_units_contributing, n_units_withheld
        from marts.mart_rollup__indicator_values
        where rollup_level = 'district' and unit_name = 'Huyện Hoằng Hóa'
          and period_key = '2024-H1' and indicator_id = 'tthc.records_received'
    """).fetchone()
    assert row == (Decimal(1770), 5, 1)


def test_given_the_scorecard_when_communes_are_ranked_then_peers_are_the_communes_of_the_province(reader):
    # 2024-H1 communes of Thanh Hóa: on time 100 (Quỳ) > 97.4359 (Kim) > 95 (Giang) > 93.0233 (Xuân)
    # > 92.6829 (Phú); Hoằng Hợp has no rate. Plan: 15/28 = 53.57 (Quỳ), 11/22 = 50 (Phú) and
    # 19/38 = 50 (Hợp) share rank 2, 12/25 = 48 (Xuân), 9/20 = 45 (Kim), 12/30 = 40 (Giang).
    rows = reader.execute("""
        select unit_name, on_time_rate, on_time_rate_rank, plan_completion_rate_rank, n_peers
        from marts.mart_scorecard__units
        where period_key = '2024-H1' and unit_level = 'commune' and province_code = '38'
        order by on_time_rate_rank nulls last, unit_name
    """).fetchall()
    assert rows == [
        ("Xã Hoằng Quỳ", Decimal("100.0000"), 1, 1, 6),
        ("Xã Hoằng Kim", pct(190, 195), 2, 5, 6),
        ("Xã Hoằng Giang", Decimal("95.0000"), 3, 6, 6),
        ("Xã Hoằng Xuân", pct(400, 430), 4, 4, 6),
        ("Xã Hoằng Phú", pct(190, 205), 5, 2, 6),
        ("Xã Hoằng Hợp", None, None, 2, 6),
    ]
