"""Periods: recognising the report period in a title, official windows, stated windows."""

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loaders.periods import (
    all_period_keys,
    official_window,
    period_key_from_text,
    stated_window,
    stated_windows,
)

SEEDS = Path("/work/shared/seeds")


# --- period_key_from_text ------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        # seed 000: the first period is the report, the second one is the plan
        (
            "Kết quả thực hiện cải cách hành chính quý I và phương hướng nhiệm vụ quý II năm 2021",
            ("2021-Q1", 2021),
        ),
        # seed 004: "6 tháng cuối năm" is the plan half of the title
        (
            "Tình hình, kết quả công tác cải cách hành chính 6 tháng đầu năm 2024; "
            "Nhiệm vụ trọng tâm 6 tháng cuối năm 2024",
            ("2024-H1", 2024),
        ),
        ("Cải cách hành chính 06 tháng đầu năm 2022", ("2022-H1", 2022)),  # seed 001
        ("Kết quả thực hiện công tác cải cách hành chính thị xã Duyên Hải quý III năm 2023", ("2023-Q3", 2023)),
        ("Kết quả Chỉ số cải cách hành chính năm 2021", ("2021-Y", 2021)),  # seed 002
        ("Báo cáo kết quả CCHC 9 tháng năm 2024", ("2024-M9", 2024)),
        ("Báo cáo CCHC 6 tháng năm 2022", ("2022-H1", 2022)),
        ("Báo cáo CCHC 6 tháng cuối năm 2023", ("2023-H2", 2023)),
        ("BÁO CÁO CCHC QUÝ IV NĂM 2020", ("2020-Q4", 2020)),
        ("Báo cáo CCHC qúy 2/2022", ("2022-Q2", 2022)),  # new-style tone placement, quý n/yyyy
        ("Báo cáo cải cách hành chính quý 1 năm 2023", ("2023-Q1", 2023)),
    ],
)
def test_given_a_report_title_when_reading_the_period_then_the_first_period_and_its_year(title, expected):
    assert period_key_from_text(title) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Hương Khê, ngày 06 tháng 6 năm 2022",  # a date, not "6 tháng" nor an annual report
        "Tân Hồng, ngày tháng năm 2021",  # a blank draft date
        "Báo cáo kết quả cải cách hành chính quý I",  # no year
        "Báo cáo kết quả cải cách hành chính",
    ],
)
def test_given_text_without_a_dated_period_when_reading_then_nothing(text):
    assert period_key_from_text(text) == (None, None)


# --- official windows -------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("2021-Q1", (date(2020, 12, 15), date(2021, 3, 14), True, date(2021, 3, 20))),
        ("2021-Q2", (date(2021, 3, 15), date(2021, 6, 14), False, date(2021, 6, 20))),
        ("2022-H1", (date(2021, 12, 15), date(2022, 6, 14), True, date(2022, 6, 20))),
        ("2023-Q3", (date(2023, 6, 15), date(2023, 9, 14), False, date(2023, 9, 20))),
        ("2024-M9", (date(2023, 12, 15), date(2024, 9, 14), True, date(2024, 9, 20))),
        ("2021-Q4", (date(2021, 9, 15), date(2021, 12, 14), False, date(2021, 12, 20))),
        ("2024-H2", (date(2024, 6, 15), date(2024, 12, 14), False, date(2024, 12, 20))),
        ("2021-Y", (date(2020, 12, 15), date(2021, 12, 14), True, date(2021, 12, 20))),
    ],
)
def test_given_a_period_key_when_asking_its_official_window_then_the_bnv_table(key, expected):
    assert official_window(key) == expected


@pytest.mark.parametrize("bad", ["2021-Q5", "2021", "Q1-2021", "2021-H3", ""])
def test_given_a_malformed_key_when_asking_its_window_then_value_error(bad):
    with pytest.raises(ValueError):
        official_window(bad)


@given(st.integers(min_value=1990, max_value=2100), st.sampled_from(["Q1", "Q2", "H1", "Q3", "M9", "Q4", "H2", "Y"]))
def test_property_every_window_closes_on_the_14th_before_its_due_date(year, code):
    start, end, cumulative, due = official_window(f"{year}-{code}")
    assert start.day == 15 and end.day == 14
    assert start < end < due and due.day == 20 and due.month == end.month
    # cumulative windows all open on 15/12 of the previous year
    assert (start == date(year - 1, 12, 15)) == cumulative


def test_given_two_years_when_listing_periods_then_eight_per_year_in_reporting_order():
    periods = all_period_keys(2021, 2022)

    assert [p["key"] for p in periods[:8]] == [
        "2021-Q1", "2021-Q2", "2021-H1", "2021-Q3", "2021-M9", "2021-Q4", "2021-H2", "2021-Y",
    ]  # fmt: skip
    assert len(periods) == 16
    assert [p["sort_order"] for p in periods] == sorted(p["sort_order"] for p in periods)
    assert periods[0] == {
        "key": "2021-Q1",
        "year": 2021,
        "kind": "quarter",
        "label_vi": "Quý I năm 2021",
        "window_from": date(2020, 12, 15),
        "window_to": date(2021, 3, 14),
        "cumulative": True,
        "due_date": date(2021, 3, 20),
        "sort_order": 20211,
    }
    labels = {p["key"]: (p["kind"], p["label_vi"]) for p in periods}
    assert labels["2022-H1"] == ("half", "6 tháng đầu năm 2022")
    assert labels["2022-M9"] == ("nine_months", "9 tháng năm 2022")
    assert labels["2022-H2"] == ("half", "6 tháng cuối năm 2022")
    assert labels["2021-Y"] == ("year", "Năm 2021")


# --- windows stated by the report ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("từ 15/12/2021 đến 14/03/2022", (date(2021, 12, 15), date(2022, 3, 14))),
        ("từ ngày 01/06/2023 đến ngày 30/8/2023", (date(2023, 6, 1), date(2023, 8, 30))),
        ("Số liệu tính từ 15/12 đến 14/3/2022", (date(2021, 12, 15), date(2022, 3, 14))),  # start year inferred
        (
            "từ ngày 15 tháng 12 năm 2021 đến ngày 14 tháng 6 năm 2022",
            (date(2021, 12, 15), date(2022, 6, 14)),
        ),
        ("Từ 15/12/21 - 14/9/22", (date(2021, 12, 15), date(2022, 9, 14))),
    ],
)
def test_given_a_stated_span_when_parsing_then_its_dates(text, expected):
    assert stated_window(text) == expected


def test_given_seed_001_when_parsing_the_stated_window_then_the_q1_window_it_states():
    # GIVEN the 6-month report of Hương Khê, which states a quý I window for its TTHC figures
    text = (SEEDS / "001_51d0cabe97e049c0.txt").read_text(encoding="utf-8")
    # THEN we keep what the report says (the mismatch with 2022-H1 is for the checks to flag)
    assert stated_window(text) == (date(2021, 12, 15), date(2022, 3, 14))


def test_given_seed_003_when_parsing_then_the_inspection_days_are_not_the_data_window():
    text = (SEEDS / "003_c9f1e5fab75caa1d.txt").read_text(encoding="utf-8")

    assert stated_windows(text) == [
        (date(2023, 6, 19), date(2023, 6, 23)),  # an inspection, 4 days
        (date(2023, 6, 1), date(2023, 8, 30)),
    ]
    assert stated_window(text) == (date(2023, 6, 1), date(2023, 8, 30))


@pytest.mark.parametrize(
    "text",
    ["từ 15/12 đến 14/3", "từ ngày 31/02/2023 đến ngày 30/8/2023", "từ 14/3/2022 đến 15/12/2021", "không có"],
)
def test_given_no_valid_span_when_parsing_then_none(text):
    assert stated_window(text) is None
