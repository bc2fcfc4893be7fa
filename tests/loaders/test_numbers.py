"""Vietnamese number parsing: cell texts taken from the seed appendices and scorecards."""

import math
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loaders.numbers import (
    NumberParse,
    is_percent_format,
    parse_excel_number,
    parse_number,
)


@pytest.mark.parametrize(
    ("text", "value_type", "expected"),
    [
        # '.' groups thousands (seed 001: 1.6.1, 3.3.3.1, 7.5.5.1; domain note "5.187 hồ sơ")
        ("5.187", "count", NumberParse(5187.0, None, "vi_thousands")),
        ("5.125", "count", NumberParse(5125.0, None, "vi_thousands")),
        ("12.207", "count", NumberParse(12207.0, None, "vi_thousands")),
        ("1.603", "count", NumberParse(1603.0, None, "vi_thousands")),
        ("167.000", "money", NumberParse(167000.0, None, "vi_thousands")),
        ("11.690", "money", NumberParse(11690.0, None, "vi_thousands")),
        # ',' is the decimal mark (seed 001 1.2, seed 000 4.3.4, 4.2.5)
        ("63,4%", "percent", NumberParse(63.4, None, "vi_decimal_comma")),
        ("0,89", "percent", NumberParse(0.89, None, "vi_decimal_comma")),
        ("11,86", "percent", NumberParse(11.86, None, "vi_decimal_comma")),
        ("1,5", "unknown", NumberParse(1.5, None, "vi_decimal_comma")),
        # '.' that can only be a decimal mark (seed 001 4.1.5.4, 4.3.4; seed 000 7.5.3)
        ("8.75%", "percent", NumberParse(8.75, None, "decimal_point")),
        ("18.1%", "percent", NumberParse(18.1, None, "decimal_point")),
        ("2.6%", "percent", NumberParse(2.6, None, "decimal_point")),
        ("0.25", "unknown", NumberParse(0.25, None, "decimal_point")),
        # both marks: the last one is the decimal mark
        ("1.234,5", "money", NumberParse(1234.5, None, "vi_thousands_decimal_comma")),
        ("1,234.5", "money", NumberParse(1234.5, None, "en_thousands_decimal_point")),
        # leading zeros are plain integers (seed 000, 001, 004)
        ("06", "count", NumberParse(6.0, None, "integer")),
        ("01", "count", NumberParse(1.0, None, "integer")),
        ("03", "count", NumberParse(3.0, None, "integer")),
        ("100%", "percent", NumberParse(100.0, None, "integer")),
        ("0%", "percent", NumberParse(0.0, None, "integer")),
    ],
)
def test_given_a_printed_number_when_parsed_then_value_and_rule_are_exact(text, value_type, expected):
    assert parse_number(text, value_type) == expected


@pytest.mark.parametrize(
    ("text", "value_type", "expected"),
    [
        # GIVEN a lone '.' + 3 digits: the value type settles it
        ("1.234", "count", NumberParse(1234.0, None, "vi_thousands")),
        ("1.234", "money", NumberParse(1234.0, None, "vi_thousands")),
        ("1.234%", "percent", NumberParse(1.234, None, "decimal_point")),
        ("1.234", "unknown", NumberParse(1234.0, None, "vi_thousands", ("ambiguous_separator",))),
        ("1.000", "enum", NumberParse(1000.0, None, "vi_thousands", ("ambiguous_separator",))),
        # GIVEN a lone ',' + 3 digits: English grouping for counts only
        ("1,234", "count", NumberParse(1234.0, None, "en_thousands")),
        ("1,234", "money", NumberParse(1.234, None, "vi_decimal_comma")),
        ("1,234%", "percent", NumberParse(1.234, None, "vi_decimal_comma")),
        ("1,234", "unknown", NumberParse(1.234, None, "vi_decimal_comma", ("ambiguous_separator",))),
        # GIVEN a leading zero group: never thousands, whatever the type
        ("0.125", "count", NumberParse(0.125, None, "decimal_point")),
        ("0,125", "count", NumberParse(0.125, None, "vi_decimal_comma")),
        # GIVEN four digits before the mark: cannot be grouping
        ("1234.567", "count", NumberParse(1234.567, None, "decimal_point")),
    ],
)
def test_given_three_digits_after_one_separator_when_parsed_then_value_type_decides(
    text, value_type, expected
):
    assert parse_number(text, value_type) == expected


@pytest.mark.parametrize(
    ("text", "value_type", "expected"),
    [
        # seed 000 1.3.2
        ("06 (01 nv còn hạn)", "count", NumberParse(6.0, "01 nv còn hạn", "integer_with_note")),
        # seed 000 7.4.1, 7.4.3, 7.5.1
        ("51 TTHC cấp Huyện", "count", NumberParse(51.0, "TTHC cấp Huyện", "integer_with_note")),
        ("791 Hồ sơ", "percent", NumberParse(791.0, "Hồ sơ", "integer_with_note")),
        ("825 Hồ sơ", "count", NumberParse(825.0, "Hồ sơ", "integer_with_note")),
        ("97% (trừ VB mật)", "percent", NumberParse(97.0, "trừ VB mật", "integer_with_note")),
        ("1.603 hồ sơ", "count", NumberParse(1603.0, "hồ sơ", "vi_thousands_with_note")),
        ("Đạt 97%", "percent", NumberParse(97.0, "Đạt", "integer_with_note", ("text_before_number",))),
    ],
)
def test_given_text_beside_the_number_when_parsed_then_the_text_becomes_the_note(text, value_type, expected):
    assert parse_number(text, value_type) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # seed 000 7.4.2: two figures in one cell, nothing to choose
        ("48 TTHC cấp Huyện; 29 TTHC cấp xã", NumberParse(None, None, "multiple_values", ("multiple_values",))),
        # blank is not zero
        ("", NumberParse(None, None, "blank")),
        ("   ", NumberParse(None, None, "blank")),
        ("-", NumberParse(None, None, "blank")),
        ("–", NumberParse(None, None, "blank")),
        (None, NumberParse(None, None, "blank")),
        ("<b></b>", NumberParse(None, None, "blank")),
        # seed 001 note cells and seed 004 "nt"
        ("Trừ VB mật", NumberParse(None, None, "no_number")),
        ("nt", NumberParse(None, None, "no_number")),
        # seed 002 scorecard "Điểm chỉ số/ điểm tối đa"
        ("7.5/12", NumberParse(None, None, "fraction", ("fraction_text",))),
        ("6.64/10", NumberParse(None, None, "fraction", ("fraction_text",))),
        # groups that are neither thousands nor a decimal
        ("1.2.3", NumberParse(None, None, "malformed_number", ("malformed_number",))),
        ("12.34,5", NumberParse(None, None, "malformed_number", ("malformed_number",))),
    ],
)
def test_given_a_cell_without_one_clear_number_when_parsed_then_no_value(text, expected):
    assert parse_number(text, "count") == expected


@pytest.mark.parametrize(
    ("text", "expected_value", "expected_rule"),
    [
        # seed 002 "Điểm bị trừ" column: with and without a space after the sign
        ("- 3.36", -3.36, "decimal_point"),
        ("- 0.25", -0.25, "decimal_point"),
        ("-0,25", -0.25, "vi_decimal_comma"),
        ("-1", -1.0, "integer"),
        ("+3.9", 3.9, "decimal_point"),
        ("-0", 0.0, "integer"),
    ],
)
def test_given_a_signed_score_when_parsed_then_the_sign_is_kept(text, expected_value, expected_rule):
    parsed = parse_number(text, "unknown")
    assert (parsed.value, parsed.rule, parsed.flags) == (expected_value, expected_rule, ())


def test_given_a_percent_sign_in_a_count_row_when_parsed_then_it_is_flagged():
    assert parse_number("5%", "count") == NumberParse(5.0, None, "integer", ("unexpected_percent_sign",))


def test_given_html_and_non_breaking_spaces_when_parsed_then_they_are_ignored():
    assert parse_number("<b>2.481</b>\u00a0", "count") == NumberParse(2481.0, None, "vi_thousands")


def test_given_digits_of_another_script_when_parsed_then_they_are_not_read_as_numbers():
    # Python's \d matches Arabic-Indic digits; a report never means them.
    assert parse_number("٣٤", "count") == NumberParse(None, None, "no_number")


def test_given_an_absurdly_long_number_when_parsed_then_no_infinite_value():
    parsed = parse_number("9" * 400, "count")
    assert (parsed.value, parsed.flags) == (None, ("out_of_range",))


# --- Excel cells --------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "number_format", "value_type", "expected"),
    [
        # GIVEN a fraction with a % format WHEN read THEN percent units, no float noise
        (0.634, "0.0%", "percent", NumberParse(63.4, None, "excel_percent_fraction")),
        (0.9565, "0.00%", "percent", NumberParse(95.65, None, "excel_percent_fraction")),
        (0.07, "0%", "percent", NumberParse(7.0, None, "excel_percent_fraction")),
        (1, "0%", "percent", NumberParse(100.0, None, "excel_percent_fraction")),
        # GIVEN a plain number WHEN read THEN as is (float noise rounded away)
        (5125.0, "#,##0", "count", NumberParse(5125.0, None, "excel_numeric")),
        (0.1 + 0.2, None, "count", NumberParse(0.3, None, "excel_numeric")),
        (63.4, "General", "percent", NumberParse(63.4, None, "excel_numeric")),
        # GIVEN a % row without a % format and a value in (0, 1] THEN flagged, not rescaled
        (0.5, "General", "percent", NumberParse(0.5, None, "excel_numeric", ("possible_fraction",))),
        # GIVEN a quoted or escaped '%' THEN Excel does not scale, neither do we
        (63.4, '0.0"%"', "percent", NumberParse(63.4, None, "excel_numeric")),
        (63.4, "0.0\\%", "percent", NumberParse(63.4, None, "excel_numeric")),
        (float("nan"), None, "count", NumberParse(None, None, "excel_numeric", ("out_of_range",))),
    ],
)
def test_given_an_excel_numeric_cell_when_read_then_percent_formats_are_rescaled(
    value, number_format, value_type, expected
):
    assert parse_excel_number(value, number_format, value_type) == expected


@pytest.mark.parametrize(
    ("number_format", "expected"),
    [("0.0%", True), ("0%", True), ("[Red]0.00%", True), ('0.0" %"', False), ("#,##0", False), (None, False)],
)
def test_given_an_excel_format_when_checked_then_only_a_bare_percent_counts(number_format, expected):
    assert is_percent_format(number_format) is expected


# --- Properties ---------------------------------------------------------------


def vietnamese_grouping(number: int) -> str:
    """12207 -> "12.207": '.' every three digits from the right."""
    digits = str(number)
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return ".".join(groups)


def test_vietnamese_grouping_helper_matches_seed_spelling():
    assert [vietnamese_grouping(n) for n in (0, 999, 5125, 12207, 167000, 1234567)] == [
        "0", "999", "5.125", "12.207", "167.000", "1.234.567",
    ]


@given(st.integers(min_value=0, max_value=10**15))
def test_property_any_count_in_vietnamese_style_parses_back(number):
    parsed = parse_number(vietnamese_grouping(number), "count")
    assert parsed.value == float(number)
    assert parsed.flags == ()


@given(
    st.integers(min_value=0, max_value=10**12),
    st.text(alphabet="0123456789", min_size=1, max_size=6),
    st.sampled_from(["money", "percent"]),
)
def test_property_any_decimal_with_comma_mark_parses_back(whole, fraction, value_type):
    text = f"{vietnamese_grouping(whole)},{fraction}"
    parsed = parse_number(text, value_type)
    assert parsed.value == float(Decimal(f"{whole}.{fraction}"))
    assert parsed.flags == ()


@given(st.text(), st.sampled_from(["count", "money", "percent", "binary", "enum", "unknown"]))
def test_property_never_raises_and_value_is_none_or_finite(text, value_type):
    parsed = parse_number(text, value_type)
    assert parsed.value is None or math.isfinite(parsed.value)


@given(st.floats(allow_nan=True, allow_infinity=True), st.sampled_from([None, "0.0%", "General"]))
def test_property_excel_value_is_none_or_finite(value, number_format):
    parsed = parse_excel_number(value, number_format, "percent")
    assert parsed.value is None or math.isfinite(parsed.value)
