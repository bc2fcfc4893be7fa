"""Each rule kind on its own small synthetic cases, passing and failing, in a real Postgres.

The rule SQL is executed exactly as the gate runs it, against a scratch batch table.
"""

from __future__ import annotations

import psycopg
import pytest

from expectations.batch import BATCH_DDL, BATCH_TABLE
from expectations.rules import RELATION_BUILDERS, generic_rules

SCRATCH = "rules_test.batch_values"
COLUMNS = ("submission_id", "row_no", "code", "parent_code", "code_raw", "label", "value_type", "value_raw", "value_numeric",
           "indicator_id", "parse_flags", "is_section", "mapping_rule", "enum_codes", "unit_raw",
           "catalogue_value_type")


@pytest.fixture(scope="module")
def scratch():
    from loaders import embedded_pg
    from loaders.warehouse import ensure_schema

    embedded_pg.up()
    with psycopg.connect(embedded_pg.url(), autocommit=True) as conn:
        ensure_schema(conn)  # the rules call dq.vi_number
        conn.execute("create schema if not exists rules_test")
        conn.execute(BATCH_DDL.replace(BATCH_TABLE, SCRATCH))
        yield conn
        conn.execute("drop schema rules_test cascade")


def _load(conn, rows: list[dict]) -> None:
    conn.execute(f"truncate {SCRATCH}")
    for number, row in enumerate(rows, start=1):
        values = {"submission_id": "s1", "row_no": number, "code": f"9.{number}", "code_raw": f"9.{number}", "label": f"Dòng {number}",
                  "value_type": "count", "parse_flags": [], "is_section": False, "mapping_rule": "code+label",
                  "enum_codes": None, "unit_raw": None, "catalogue_value_type": None, **row}
        values.setdefault("value_raw", None if values.get("value_numeric") is None else str(values["value_numeric"]))
        conn.execute(
            f"insert into {SCRATCH} ({', '.join(COLUMNS)}) values ({', '.join('%s' for _ in COLUMNS)})",
            [values.get(c) for c in COLUMNS],
        )


def _run(conn, rule) -> list[dict]:
    cur = conn.execute(rule.sql.replace("{batch}", SCRATCH))
    names = [c.name for c in cur.description]
    return sorted((dict(zip(names, r)) for r in cur.fetchall()), key=lambda r: (r["row_no"], r["severity"]))


def _generic(rule_id: str):
    return next(r for r in generic_rules() if r.rule_id == rule_id)


def _relation(kind, lhs, rhs, severity="error", tolerance=None):
    return RELATION_BUILDERS[kind]({"relation_id": f"test.{kind}", "kind": kind, "lhs": lhs, "rhs": rhs,
                                    "tolerance": tolerance, "severity": severity, "description_vi": ""})


@pytest.mark.parametrize("value_type, good, bad", [
    ("count", 12, -1), ("count", 0, 2.5), ("percent", 100, 465), ("percent", 0, -3),
    ("binary", 1, 2), ("money", 167000, -5),
])
def test_given_domain_rule_when_values_in_and_out_of_domain_then_only_bad_flagged(scratch, value_type, good, bad):
    _load(scratch, [{"value_type": value_type, "value_numeric": good},
                    {"value_type": value_type, "value_numeric": bad}])
    found = _run(scratch, _generic(f"domain.{value_type}"))
    assert [(r["row_no"], r["severity"]) for r in found] == [(2, "error")]
    assert "Dòng 9.2" in found[0]["message_vi"]


def test_given_enum_rule_when_code_outside_legend_then_error(scratch):
    _load(scratch, [{"value_type": "enum", "value_numeric": 2, "enum_codes": ["0", "1", "2"]},
                    {"value_type": "enum", "value_numeric": 3, "enum_codes": ["0", "1", "2"]}])
    assert [r["row_no"] for r in _run(scratch, _generic("domain.enum"))] == [2]


def test_given_unit_mismatch_flag_then_value_is_withheld_with_advice(scratch):
    _load(scratch, [{"value_type": "percent", "value_raw": "791 Hồ sơ", "value_numeric": 791,
                     "parse_flags": ["unit_mismatch"]},
                    {"value_type": "percent", "value_numeric": 50}])
    found = _run(scratch, _generic("parse.unit_mismatch"))
    assert [(r["row_no"], r["severity"], r["observed"]) for r in found] == [(1, "error", "791 Hồ sơ")]


def test_given_ratio_when_stated_percent_disagrees_then_percent_withheld_parts_warned(scratch):
    rule = _relation("ratio", "x.rate", ["x.num", "x.den"], tolerance=0.5)
    _load(scratch, [{"indicator_id": "x.rate", "value_type": "percent", "value_numeric": 2.3},
                    {"indicator_id": "x.num", "value_numeric": 11690},
                    {"indicator_id": "x.den", "value_numeric": 167000}])
    found = _run(scratch, rule)
    assert [(r["row_no"], r["severity"]) for r in found] == [(1, "error"), (2, "warning"), (3, "warning")]
    assert found[0]["expected"] == "7.0"


def test_given_ratio_when_consistent_within_rounding_then_nothing(scratch):
    rule = _relation("ratio", "x.rate", ["x.num", "x.den"], tolerance=0.5)
    _load(scratch, [{"indicator_id": "x.rate", "value_type": "percent", "value_numeric": 63.4},
                    {"indicator_id": "x.num", "value_numeric": 26},
                    {"indicator_id": "x.den", "value_numeric": 41}])
    assert _run(scratch, rule) == []


def test_given_ratio_over_empty_denominator_then_warning_only(scratch):
    rule = _relation("ratio", "x.rate", ["x.num", "x.den"])
    _load(scratch, [{"indicator_id": "x.rate", "value_type": "percent", "value_numeric": 100},
                    {"indicator_id": "x.num", "value_numeric": 0},
                    {"indicator_id": "x.den", "value_numeric": 0}])
    assert [(r["row_no"], r["severity"]) for r in _run(scratch, rule)] == [(1, "warning")]


def test_given_sum_of_parts_when_parts_do_not_add_up_then_total_withheld(scratch):
    rule = _relation("sum_parts", "x.total", ["x.a", "x.b", "x.c", "x.d"])
    _load(scratch, [{"indicator_id": "x.total", "value_numeric": 494},
                    {"indicator_id": "x.a", "value_numeric": 45}, {"indicator_id": "x.b", "value_numeric": 5},
                    {"indicator_id": "x.c", "value_numeric": 269}, {"indicator_id": "x.d", "value_numeric": 179}])
    found = _run(scratch, rule)
    assert [(r["row_no"], r["severity"]) for r in found] == [(1, "error"), (2, "warning"), (3, "warning"),
                                                             (4, "warning"), (5, "warning")]
    assert found[0]["expected"] == "498"


def test_given_sum_of_parts_when_equal_or_partly_blank_and_below_then_nothing(scratch):
    rule = _relation("sum_parts", "x.total", ["x.a", "x.b"])
    _load(scratch, [{"indicator_id": "x.total", "value_numeric": 10},
                    {"indicator_id": "x.a", "value_numeric": 4}, {"indicator_id": "x.b", "value_numeric": 6}])
    assert _run(scratch, rule) == []
    _load(scratch, [{"indicator_id": "x.total", "value_numeric": 10}, {"indicator_id": "x.a", "value_numeric": 4}])
    assert _run(scratch, rule) == []


def test_given_part_greater_than_whole_then_part_withheld_whole_warned(scratch):
    rule = _relation("part_le_whole", "x.whole", ["x.part"])
    _load(scratch, [{"indicator_id": "x.whole", "value_numeric": 207},
                    {"indicator_id": "x.part", "value_numeric": 494}])
    assert [(r["row_no"], r["severity"]) for r in _run(scratch, rule)] == [(1, "warning"), (2, "error")]
    _load(scratch, [{"indicator_id": "x.whole", "value_numeric": 41}, {"indicator_id": "x.part", "value_numeric": 26}])
    assert _run(scratch, rule) == []


def test_given_exclusive_shares_over_100_then_every_share_withheld(scratch):
    rule = _relation("exclusive_shares", "", ["x.s1", "x.s2"])
    _load(scratch, [{"indicator_id": "x.s1", "value_type": "percent", "value_numeric": 100},
                    {"indicator_id": "x.s2", "value_type": "percent", "value_numeric": 100}])
    assert [(r["row_no"], r["severity"]) for r in _run(scratch, rule)] == [(1, "error"), (2, "error")]
    _load(scratch, [{"indicator_id": "x.s1", "value_type": "percent", "value_numeric": 60},
                    {"indicator_id": "x.s2", "value_type": "percent", "value_numeric": 40}])
    assert _run(scratch, rule) == []


def test_given_overall_rate_outside_components_then_flagged(scratch):
    rule = _relation("rate_between", "x.all", ["x.c1", "x.c2"])
    _load(scratch, [{"indicator_id": "x.all", "value_type": "percent", "value_numeric": 99},
                    {"indicator_id": "x.c1", "value_type": "percent", "value_numeric": 80},
                    {"indicator_id": "x.c2", "value_type": "percent", "value_numeric": 90}])
    assert [(r["row_no"], r["severity"]) for r in _run(scratch, rule)] == [(1, "error")]
    _load(scratch, [{"indicator_id": "x.all", "value_type": "percent", "value_numeric": 85},
                    {"indicator_id": "x.c1", "value_type": "percent", "value_numeric": 80},
                    {"indicator_id": "x.c2", "value_type": "percent", "value_numeric": 90}])
    assert _run(scratch, rule) == []


def test_given_warning_relation_then_nothing_is_withheld(scratch):
    rule = _relation("part_le_whole", "x.whole", ["x.part"], severity="warning")
    _load(scratch, [{"indicator_id": "x.whole", "value_numeric": 64}, {"indicator_id": "x.part", "value_numeric": 83}])
    assert {r["severity"] for r in _run(scratch, rule)} == {"warning"}


def test_given_uncoded_child_row_then_message_names_its_parent(scratch):
    _load(scratch, [{"code": None, "code_raw": "Trong đó", "parent_code": "3.3.1", "label": "Tiếp nhận trực tiếp",
                     "value_numeric": -4}])
    (found,) = _run(scratch, _generic("domain.count"))
    assert found["message_vi"].startswith("Dòng «Tiếp nhận trực tiếp» (chi tiết của mục 3.3.1): số liệu «-4»")


def test_given_ratio_message_then_numbers_use_the_vietnamese_decimal_comma(scratch):
    rule = _relation("ratio", "x.rate", ["x.num", "x.den"], tolerance=0.5)
    _load(scratch, [{"indicator_id": "x.rate", "value_type": "percent", "value_numeric": 94.5},
                    {"indicator_id": "x.num", "value_numeric": 1397},
                    {"indicator_id": "x.den", "value_numeric": 1603}])
    message = _run(scratch, rule)[0]["message_vi"]
    assert "tỷ lệ ghi 94,5% nhưng theo số liệu chi tiết là 1.397/1.603 = 87,1%" in message


def test_given_unmapped_row_with_value_then_warning_for_catalogue_review(scratch):
    _load(scratch, [{"mapping_rule": "unmapped", "value_numeric": 5},
                    {"mapping_rule": "unmapped", "value_numeric": None, "value_raw": None},
                    {"mapping_rule": "code+label", "value_numeric": 5}])
    assert [(r["row_no"], r["severity"]) for r in _run(scratch, _generic("catalogue.unmapped_row"))] == [(1, "warning")]


@pytest.mark.parametrize("text, written", [
    ("167000", "167.000"), ("7.0", "7,0"), ("2.35", "2,35"), ("60", "60"), ("-0.5", "-0,5"),
    ("-1234.5", "-1.234,5"), ("%", "%"), ("số lượng", "số lượng"), (None, ""), ("1e5", "1e5"),
])
def test_given_a_number_of_a_rule_when_shown_to_a_clerk_then_it_is_written_the_vietnamese_way(text, written):
    from expectations.feedback import vi_number

    assert vi_number(text) == written


@pytest.mark.parametrize("value, written", [
    ("11690", "11.690"), ("167000", "167.000"), ("7.0", "7,0"), ("87.1", "87,1"), ("-1234.50", "-1.234,50"),
    ("0.05", "0,05"), ("999", "999"), ("1000000", "1.000.000"),
])
def test_given_a_number_in_a_rule_message_then_it_is_grouped_and_has_a_decimal_comma(scratch, value, written):
    assert scratch.execute("select dq.vi_number(%s::numeric)", [value]).fetchone()[0] == written
