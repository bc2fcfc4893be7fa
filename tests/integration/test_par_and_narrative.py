"""PAR Index scorecards, SIPAS and narrative figures, through the real nightly run on the samples.

binh-dinh/van-canh_2021-Y_par.txt carries the figures of seed 002 (PAR Index analysis of
huyện Vân Canh), tra-vinh/duyen-hai_2023-Q3.txt those of seed 003 (a quarterly report
without its appendix) and thanh-hoa/hoang-hop_2024-H1.txt those of seed 004, whose text
says 21 plan tasks completed where its appendix says 19. Expected values were read off the
reports by hand.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

pytestmark = pytest.mark.integration

VAN_CANH, DUYEN_HAI, HOANG_HOP = "551", "851", "15919"


def _rows(db, query: str, *params) -> list[tuple]:
    return db.execute(query, params).fetchall()


def test_given_seed_002_then_field_scores_of_2021_are_the_detail_tables(db):
    rows = _rows(db, """
        select node_code, max_score, achieved from marts.fct_par_scores
        where unit_code = %s and year = 2021 and node_level = 1 order by node_code""", VAN_CANH)
    assert [(code, float(mx), float(ach)) for code, mx, ach in rows] == [
        ("1", 10, 6.46), ("2", 5, 5), ("3", 10, 6.81), ("4", 7, 6), ("5", 11, 10), ("6", 5, 3), ("7", 12, 8.57),
    ]


def test_given_seed_002_then_the_index_is_computed_from_scores_not_copied(db):
    # 6,46 + 5 + 6,81 + 6 + 10 + 3 + 8,57 = 45,84 of 60 points, plus SIPAS 29,78 of 40 = 75,62.
    (row,) = _rows(db, """
        select fields_achieved, fields_max, sipas_score, par_index, par_index_stated, rank_in_province
        from marts.par_index_ranking where unit_code = %s and year = 2021""", VAN_CANH)
    assert row == (Decimal("45.84"), Decimal("60.0"), Decimal("29.78"), Decimal("75.62"), Decimal("75.62"), 1)


def test_given_criterion_5_3_contradicts_its_children_then_it_is_withheld_and_they_are_kept(db):
    # 5.3 prints 2/2 while 5.3.1 + 5.3.2 + 5.3.3 = 0,5 + 0,5 + 0,5 = 1,5.
    rows = _rows(db, """
        select node_code, achieved, dq_status from marts.fct_par_scores
        where unit_code = %s and year = 2021 and node_code like '5.3%%' order by node_code""", VAN_CANH)
    assert [(c, None if a is None else float(a), s) for c, a, s in rows] == [
        ("5.3", None, "withheld"), ("5.3.1", 0.5, "ok"), ("5.3.2", 0.5, "ok"), ("5.3.3", 0.5, "ok"),
    ]


def test_given_seed_002_then_each_contradiction_is_flagged_on_its_criterion(db):
    issues = set(_rows(db, """
        select source_row_code, rule_id, severity from marts.dq_issues where unit_code = %s""", VAN_CANH))
    assert issues == {
        ("1", "par.deducted", "warning"),  # -3,36 printed; 10 - 6,46 = 3,54
        ("3.5", "par.deducted", "warning"),  # -0,15 printed; 3 - 2,95 = 0,05
        ("5.3", "par.leaf_sum", "error"),  # 2 printed; children 1,5
        ("1 (tổng hợp 2021)", "par.summary_vs_detail", "error"),  # 6,64 in the summary, 6,46 in detail
        ("1", "par.summary_vs_detail", "warning"),
        ("4 (tổng hợp 2021)", "par.percent", "warning"),  # 85,6 % printed; 6/7 = 85,71 %
        ("SIPAS (2021)", "sipas.percent", "warning"),  # 74,87 % printed; 29,78/40 = 74,45 %
    }


def test_given_sipas_then_the_overall_index_and_five_components_are_published(db):
    rows = dict((code, (pct, rank, of)) for code, pct, rank, of in _rows(db, """
        select component_code, percent_stated, rank, rank_of from marts.fct_sipas where unit_code = %s""", VAN_CANH))
    assert rows == {
        "overall": (Decimal("74.87"), 9, 11), "access": (Decimal("75.16"), 8, 11),
        "procedures": (Decimal("68.16"), 10, 11), "officials": (Decimal("65.96"), 10, 11),
        "results": (Decimal("79.47"), 10, 11), "feedback": (Decimal("85.61"), 7, 11),
    }


def test_given_a_report_without_appendix_then_its_headline_figures_come_from_the_narrative(db):
    # Seed 003: received 4.857, resolved 4.733 (early 3.072 + on time 1.651 = 4.723, late 10),
    # pending 124, online 3.800; plan 30 of 36 contents.
    values = dict(_rows(db, """
        select indicator_id, value_numeric from marts.fct_indicator_values
        where unit_code = %s and period_key = '2023-Q3' and value_source = 'narrative'""", DUYEN_HAI))
    assert {k: int(v) for k, v in values.items() if k.startswith("tthc.")} == {
        "tthc.records_received": 4857, "tthc.records_resolved": 4733, "tthc.records_early": 3072,
        "tthc.records_on_time": 4723, "tthc.records_late": 10, "tthc.records_pending": 124,
    }
    assert (values["plan.tasks_planned"], values["plan.tasks_completed"]) == (36, 30)
    (status,) = _rows(db, "select status from marts.submissions where unit_code = %s", DUYEN_HAI)
    assert status == ("no_appendix",)


def test_given_text_and_appendix_disagree_then_both_are_flagged_and_the_appendix_is_published(db):
    # Seed 004: "đã hoàn thành 21 nhiệm vụ" in the text, 19 in appendix row 1.1.2; and 490
    # records resolved early or on time in the text, 494 in appendix row 3.3.2.
    issues = _rows(db, """
        select indicator_id, source_row_code, observed, expected, severity from marts.dq_issues
        where unit_code = %s and rule_id = 'narrative.vs_appendix' and source_file = 'hoang-hop_2024-H1.txt'
        order by indicator_id, source_row_code""", HOANG_HOP)
    assert issues == [
        ("plan.tasks_completed", "1.1.2", "19", "21", "warning"),
        ("plan.tasks_completed", "narrative", "21", "19", "warning"),
        ("tthc.records_on_time", "3.3.2", "494", "490", "warning"),
        ("tthc.records_on_time", "narrative", "490", "494", "warning"),
    ]
    (value,) = _rows(db, """
        select value_numeric, dq_status, value_source from marts.fct_indicator_values
        where unit_code = %s and indicator_id = 'plan.tasks_completed'""", HOANG_HOP)
    assert value == (19, "warning", "appendix")
