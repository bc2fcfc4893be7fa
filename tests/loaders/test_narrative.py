"""Headline figures extracted from the narrative of the seed reports and the samples.

The expected figures were read off the reports by hand.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loaders.narrative import _CASE_FOLDING_ODDITIES, FIGURE_RULES, FigureRule, extract_figures, split_sentences

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
INBOX = Path(__file__).resolve().parents[2] / "samples" / "inbox"


def _seed(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def _figures(text: str) -> list[tuple[str, float | None, str]]:
    return [(f.indicator_id, f.value_numeric, f.value_raw) for f in extract_figures(text)]


def test_given_seed_003_without_appendix_when_extracted_then_its_headline_figures():
    assert _figures(_seed("003")) == [
        ("plan.tasks_planned", 36, "36"),
        ("plan.tasks_completed", 30, "30"),
        ("plan.completion_rate", 83.33, "83,33"),
        ("inspection.communes_inspected", 7, "7"),
        ("tthc.records_received", 4857, "4.857"),
        ("egov.records_received_online", 3800, "3.800"),
        ("tthc.records_resolved", 4733, "4.733"),
        ("tthc.records_early", 3072, "3.072"),
        ("tthc.records_late", 10, "10"),
        ("tthc.records_pending", 124, "124"),
        ("tthc.records_on_time", 4723, "3.072 + 1.651"),
        ("egov.documents_sent", 1847, "1.847"),
    ]


def test_given_seed_003_when_extracted_then_each_figure_carries_its_sentence_and_rule():
    figures = {f.indicator_id: f for f in extract_figures(_seed("003"))}
    assert figures["tthc.records_received"].sentence.startswith("- Tổng số hồ sơ là 4.857 hồ sơ (trong đó: trực tuyến")
    assert figures["tthc.records_received"].extraction_rule == "records.total_line"
    assert figures["tthc.records_on_time"].extraction_rule == "records_on_time.early_plus_on_time"
    assert figures["plan.tasks_completed"].sentence.startswith(
        "- Chương trình công tác cải cách của thị xã năm 2023 có 36 nội dung, thực hiện đạt 30/36 nội dung")
    assert [f.figure_no for f in figures.values()] == list(range(1, 13))


def test_given_seed_003_when_extracted_then_subsets_and_the_province_programme_are_not_headlines():
    values = {value for _, value, _ in _figures(_seed("003"))}
    # 3.621 / 3.505 / 116: vertical-sector records ("Riêng ..."); 16 / 13: the province's programme;
    # 211 / 29: records taken by the post office; 4.337: records in the one-stop software.
    assert not values & {3621, 3505, 116, 16, 13, 211, 29, 4337}


def test_given_seed_004_when_extracted_then_text_figures_not_appendix_figures():
    assert _figures(_seed("004")) == [
        ("plan.tasks_planned", 38, "38"),
        ("plan.tasks_completed", 21, "21"),  # the appendix (row 1.1.2) says 19
        ("tthc.records_received", 494, "494"),
        ("tthc.records_received_direct", 45, "45"),
        ("tthc.records_received_postal", 5, "5"),
        ("tthc.records_received_online_l3", 269, "269"),
        ("tthc.records_received_online_l4", 179, "179"),
        ("egov.records_received_online", 440, "440"),
        ("tthc.records_resolved", 494, "494"),
        ("tthc.records_on_time", 490, "490"),
        ("tthc.records_late", 4, "04"),
        ("tthc.records_pending", 0, "0"),
    ]
    completed = next(f for f in extract_figures(_seed("004")) if f.indicator_id == "plan.tasks_completed")
    assert completed.sentence == "Số nhiệm vụ đã hoàn thành: 21 nhiệm vụ."


def test_given_plan_for_next_period_when_extracted_then_only_the_period_reported():
    # GIVEN the same sentence in the results section and in the section on the next period
    text = ("II. KẾT QUẢ THỰC HIỆN\n\nTổng số hồ sơ đã tiếp nhận: 120 hồ sơ.\n\n"
            "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM\n\nSố nhiệm vụ đã hoàn thành: 40 nhiệm vụ.\n\n"
            "V. KIẾN NGHỊ\n\nKhông có.")
    # THEN only the figure of the period reported is taken
    assert _figures(text) == [("tthc.records_received", 120, "120")]


def test_given_a_scorecard_analysis_when_extracted_then_no_periodic_figures():
    assert extract_figures(_seed("002")) == []


@pytest.mark.parametrize("path, expected", [
    ("tra-vinh/duyen-hai_2023-Q3.txt", [
        ("plan.tasks_planned", 36), ("plan.tasks_completed", 30), ("plan.completion_rate", 83.33),
        ("inspection.communes_inspected", 7), ("tthc.records_received", 4857),
        ("egov.records_received_online", 3800), ("tthc.records_resolved", 4733), ("tthc.records_early", 3072),
        ("tthc.records_late", 10), ("tthc.records_pending", 124), ("tthc.records_on_time", 4723),
        ("egov.documents_sent", 1847)]),
    ("thanh-hoa/hoang-hop_2024-H1.txt", [
        # 21 in the text, as in seed 004, whose appendix says 19
        ("plan.tasks_planned", 38), ("plan.tasks_completed", 21), ("tthc.records_received", 494),
        ("tthc.records_resolved", 494), ("tthc.records_on_time", 490), ("tthc.records_late", 4),
        ("egov.documents_sent", 371)]),
])
def test_given_sample_narratives_when_extracted_then_their_figures(path, expected):
    text = (INBOX / path).read_text(encoding="utf-8")
    assert [(i, v) for i, v, _ in _figures(text)] == expected


def test_given_decimal_points_and_parentheses_when_split_then_sentences_stay_whole():
    paragraph = ("Tổng số hồ sơ là 4.857 hồ sơ (trong đó: trực tuyến. Xem chú thích). "
                 "Đã giải quyết 4.733 hồ sơ. - Còn lại 124 hồ sơ.")
    assert split_sentences(paragraph) == [
        "Tổng số hồ sơ là 4.857 hồ sơ (trong đó: trực tuyến. Xem chú thích).",
        "Đã giải quyết 4.733 hồ sơ.",
        "- Còn lại 124 hồ sơ.",
    ]


def test_every_rule_cue_is_lower_case_text_of_its_pattern():
    # A cue is only a shortcut: a rule whose cue is not in its pattern would miss sentences.
    for rule in FIGURE_RULES:
        assert rule.cues, rule.name
        for cue in rule.cues:
            assert cue == cue.lower() and cue in rule.pattern.pattern, (rule.name, cue)


def test_letters_that_ignore_case_matches_without_lowering_to_them_are_the_known_oddities():
    # The cue check compares lower() text; it is skipped for sentences holding the letters
    # a case-insensitive pattern matches in another way. No other letter may do so.
    everything = "".join(chr(code) for code in range(0x110000) if not 0xD800 <= code < 0xE000)
    cue_letters = {char for rule in FIGURE_RULES for cue in rule.cues for char in cue if char.isalpha()}
    for letter in sorted(cue_letters):
        for char in set(re.findall(re.escape(letter), everything, re.IGNORECASE)):
            assert char.lower() == letter or _CASE_FOLDING_ODDITIES.match(char), (letter, char)


@pytest.mark.parametrize("sentence", [
    "Tổng số hồ sơ là 4.857 hồ sơ.",
    "TỔNG SỐ HỒ SƠ LÀ 4.857 HỒ SƠ.",
    "Tổng ſố hồ ſơ là 4.857 hồ ſơ.",  # long s: matched case-insensitively, never lowered to "s"
    "Đã gİải quyết 4.733 hồ sơ.",
])
def test_given_any_casing_when_extracted_then_cues_find_what_the_patterns_find(sentence):
    unfiltered = [rule.name for rule in FIGURE_RULES if rule.pattern.search(sentence)]
    assert unfiltered
    assert [f.extraction_rule for f in extract_figures(sentence)] == unfiltered[:1]


_PHRASES = ["Tổng số hồ sơ", "tiếp nhận", "trực tuyến", "trực tiếp", "là", ":", "4.857", "12", "hồ sơ", "HS",
            "đã giải quyết", "trước hạn", "đúng hạn", "trễ hạn", "quá hạn", "và", ",", "đang xử lý", "văn bản đi",
            "Kế hoạch CCHC năm 2024 gồm", "nhiệm vụ", "kiểm tra CCHC tại", "xã", "qua BCCI", "İ", "ſ", "."]


@given(st.lists(st.tuples(st.sampled_from(_PHRASES), st.booleans()), max_size=14))
def test_property_cues_never_change_what_is_extracted(words):
    text = " ".join(word.upper() if shout else word for word, shout in words)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(FigureRule, "may_match", lambda rule, lowered: True)
        unfiltered = extract_figures(text)
    assert extract_figures(text) == unfiltered
