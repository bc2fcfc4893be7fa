"""PAR Index scorecard and SIPAS reading, on the seed reports and the bundled sample.

Every expected score below was read off seed 002 by hand, not produced by the code.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.scorecards import component_code, read_scorecards

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
SAMPLE_PAR = Path(__file__).resolve().parents[2] / "samples" / "inbox" / "binh-dinh" / "van-canh_2021-Y_par.txt"


def _seed(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


# (node, parent, max, achieved, deducted) of the seven detail tables of seed 002, as printed.
SEED_002_DETAIL = [
    ("1", None, 10, 6.46, 3.36),
    ("1.1", "1", 1, 0.75, 0.25),
    ("1.1.a", "1.1", 0.5, 0.5, None),
    ("1.1.b", "1.1", 0.5, 0.25, 0.25),
    ("1.2", "1", 1, 0.96, 0.04),
    ("1.3", "1", 1, 0.5, 0.5),
    ("1.4", "1", 1, 0, 1),
    ("1.5", "1", 2, 2, None),
    ("1.5.1", "1.5", 1, 1, None),
    ("1.5.2", "1.5", 1, 1, None),
    ("1.6", "1", 1, 0, 1),
    ("1.7", "1", 1, 0.75, 0.25),
    ("1.8", "1", 2, 1.5, 0.5),
    ("1.8.1", "1.8", 1, 1, None),
    ("1.8.2", "1.8", 0.5, 0.5, None),
    ("1.8.3", "1.8", 0.5, 0, 0.5),
    ("2", None, 5, 5, None),
    ("2.1", "2", 1, 1, None),
    ("2.2", "2", 1, 1, None),
    ("2.3", "2", 1, 1, None),
    ("2.4", "2", 1, 1, None),
    ("2.5", "2", 1, 1, None),
    ("3", None, 10, 6.81, None),
    ("3.1", "3", 2, 0, 2),
    ("3.2", "3", 1.5, 1.5, None),
    ("3.3", "3", 1, 1, None),
    ("3.4", "3", 1.5, 0.5, None),
    ("3.4.1", "3.4", 0.5, 0, 0.5),
    ("3.4.2", "3.4", 0.5, 0, 0.5),
    ("3.4.3", "3.4", 0.5, 0.5, None),
    ("3.5", "3", 3, 2.95, 0.15),
    ("3.6", "3", 1, 0.86, 0.14),
    ("4", None, 7, 6, None),
    ("4.1", "4", 1, 0, 1),
    ("4.2", "4", 1, 1, None),
    ("4.3", "4", 1, 1, None),
    ("4.4", "4", 1, 1, None),
    ("4.5", "4", 3, 3, None),
    ("4.5.1", "4.5", 1, 1, None),
    ("4.5.2", "4.5", 1, 1, None),
    ("4.5.3", "4.5", 1, 1, None),
    ("5", None, 11, 10, None),
    ("5.1", "5", 2, 2, None),
    ("5.1.1", "5.1", 0.5, 0.5, None),
    ("5.1.2", "5.1", 0.5, 0.5, None),
    ("5.1.3", "5.1", 0.5, 0.5, None),
    ("5.1.4", "5.1", 0.5, 0.5, None),
    ("5.2", "5", 1, 1, None),
    ("5.3", "5", 2, 2, None),
    ("5.3.1", "5.3", 0.5, 0.5, None),
    ("5.3.2", "5.3", 0.5, 0.5, None),
    ("5.3.3", "5.3", 1, 0.5, 0.5),
    ("5.4", "5", 0.5, 0.5, None),
    ("5.5", "5", 1.5, 1.5, None),
    ("5.5.1", "5.5", 1, 1, None),
    ("5.5.2", "5.5", 0.5, 0.5, None),
    ("5.6", "5", 1, 1, None),
    ("5.7", "5", 1, 1, None),
    ("5.8", "5", 1, 1, None),
    ("5.9", "5", 1, 0.5, 0.5),
    ("6", None, 5, 3, 2),
    ("6.1", "6", 1, 0, 1),
    ("6.2", "6", 1, 1, None),
    ("6.3", "6", 1, 1, None),
    ("6.4", "6", 1, 0.5, 0.5),
    ("6.5", "6", 1, 0.5, 0.5),
    ("7", None, 12, 8.57, None),
    ("7.1", "7", 1, 1, None),
    ("7.2", "7", 1, 1, None),
    ("7.3", "7", 2, 1, None),
    ("7.3.1", "7.3", 1, 1, None),
    ("7.3.2", "7.3", 1, 0, 1),
    ("7.4", "7", 4, 1.64, None),
    ("7.4.1", "7.4", 1, 0, 1),
    ("7.4.2", "7.4", 1, 0.53, 0.47),
    ("7.4.3", "7.4", 1, 0.11, 0.89),
    ("7.4.4", "7.4", 1, 1, None),
    ("7.5", "7", 1, 1, None),
    ("7.6", "7", 2, 2, None),
    ("7.7", "7", 1, 0.93, None),
    ("7.7.1", "7.7", 0.5, 0.43, 0.07),
    ("7.7.2", "7.7", 0.5, 0.5, None),
]

# (field, year, max, achieved, stated %, stated change) of the year-over-year table.
SEED_002_SUMMARY = [
    ("1", 2020, 12, 7.5, 62.5, None), ("2", 2020, 4, 4, 100, None), ("3", 2020, 6, 4, 66.7, None),
    ("4", 2020, 7, 4.5, 64.2, None), ("5", 2020, 16, 11.5, 71.9, None), ("6", 2020, 5, 3, 60, None),
    ("7", 2020, 16, 10, 62.5, None),
    ("1", 2021, 10, 6.64, 66.4, 3.9), ("2", 2021, 5, 5, 100, 0), ("3", 2021, 10, 6.81, 68.1, 1.4),
    ("4", 2021, 7, 6, 85.6, 21.4), ("5", 2021, 11, 10, 90.9, 19), ("6", 2021, 5, 3, 60, 0),
    ("7", 2021, 12, 8.57, 71.4, 8.9),
]


def _detail(document):
    return [r for r in document.rows if r.table_kind == "field_detail"]


@pytest.fixture(scope="module")
def seed_002():
    return read_scorecards(_seed("002"))


def test_given_seed_002_when_read_then_every_detail_node_has_its_printed_scores(seed_002):
    got = [(r.node_code, r.parent_code, r.max_score, r.achieved, r.deducted) for r in _detail(seed_002)]
    assert got == SEED_002_DETAIL


def test_given_seed_002_when_read_then_detail_tables_score_2021_one_table_per_field(seed_002):
    detail = _detail(seed_002)
    assert {r.year for r in detail} == {2021}
    fields = [r.node_code for r in detail if r.row_no == 1]
    assert fields == ["1", "2", "3", "4", "5", "6", "7"]
    assert len({r.table_no for r in detail}) == 7


def test_given_mixed_decimal_marks_when_read_then_raw_text_is_kept_beside_the_number(seed_002):
    by_node = {r.node_code: r for r in _detail(seed_002)}
    # "1,5" (comma) and "6.46" (point) in the same report; "- 3.36" printed with a spaced sign.
    assert (by_node["3.2"].max_raw, by_node["3.2"].max_score) == ("1,5", 1.5)
    assert (by_node["3.5"].deducted_raw, by_node["3.5"].deducted) == ("-0,15", 0.15)
    assert (by_node["1"].achieved_raw, by_node["1"].deducted_raw) == ("6.46", "- 3.36")
    assert (by_node["1.8.1"].achieved_raw, by_node["1.8.1"].achieved) == ("1.0", 1.0)


def test_given_row_split_by_page_break_when_read_then_the_tail_is_joined(seed_002):
    by_node = {r.node_code: r for r in _detail(seed_002)}
    assert by_node["1.6"].content == "Có sáng kiến hoặc giải pháp mới trong CCHC được áp dụng có hiệu quả"
    assert by_node["1.6"].parse_flags == ("joined_across_page_break",)
    assert by_node["4.5.2"].content.endswith("các nội dung đã phân cấp hoặc ủy quyền cho phòng chuyên môn, UBND cấp xã")


def test_given_field_row_printed_without_code_when_read_then_code_comes_from_its_children(seed_002):
    field_7 = next(r for r in _detail(seed_002) if r.node_code == "7")
    assert field_7.criterion_code == "7"
    assert field_7.parse_flags == ("code_inferred",)
    assert field_7.content == "XÂY DỰNG VÀ PHÁT TRIỂN CHÍNH QUYỀN ĐIỆN TỬ"


def test_given_uncoded_bullets_when_read_then_they_hang_under_the_criterion_above(seed_002):
    bullets = [r for r in _detail(seed_002) if r.criterion_code is None]
    assert [(r.node_code, r.parent_code, r.content[:22]) for r in bullets] == [
        ("1.1.a", "1.1", "Ban hành đầy đủ các kế"),
        ("1.1.b", "1.1", "Chất lượng kế hoạch CC"),
    ]


def test_given_seed_002_when_read_then_year_summary_gives_one_row_per_field_and_year(seed_002):
    summary = [r for r in seed_002.rows if r.table_kind == "summary"]
    got = [(r.node_code, r.year, r.max_score, r.achieved, r.percent_stated, r.change_stated) for r in summary]
    assert got == SEED_002_SUMMARY
    assert summary[0].achieved_raw == "7.5" and summary[0].max_raw == "12"


def test_given_seed_002_when_read_then_published_index_per_year_is_kept(seed_002):
    index = [(r.year, r.percent_stated, r.percent_raw) for r in seed_002.rows if r.table_kind == "index"]
    assert index == [(2020, 69.4, "69,40"), (2021, 75.62, "75,62")]


def test_given_seed_002_when_read_then_sipas_overall_and_five_components(seed_002):
    got = [(s.component_code, s.year, s.score, s.max_score, s.percent_stated, s.rank, s.rank_of)
           for s in seed_002.sipas]
    assert got == [
        ("overall", 2021, 29.78, 40, 74.87, 9, 11),
        ("access", 2021, None, None, 75.16, 8, 11),
        ("procedures", 2021, None, None, 68.16, 10, 11),
        ("officials", 2021, None, None, 65.96, 10, 11),
        ("results", 2021, None, None, 79.47, 10, 11),
        ("feedback", 2021, None, None, 85.61, 7, 11),
    ]
    assert seed_002.sipas[1].source_text == "- Chỉ số hài lòng về Tiếp cận dịch vụ đạt 75,16%, xếp vị trí thứ 8/11."


def test_given_keys_of_rows_then_primary_key_is_unique(seed_002):
    keys = [(r.table_no, r.row_no) for r in seed_002.rows]
    assert len(keys) == len(set(keys)) == 7 + 7 + 82 + 2


def test_given_sample_written_from_seed_002_when_read_then_same_scores_and_sipas_from_a_table(seed_002):
    sample = read_scorecards(SAMPLE_PAR.read_text(encoding="utf-8"))
    got = [(r.node_code, r.parent_code, r.max_score, r.achieved, r.deducted) for r in _detail(sample)]
    assert got == SEED_002_DETAIL
    assert [(s.component_code, s.percent_stated, s.rank) for s in sample.sipas] == [
        (s.component_code, s.percent_stated, s.rank) for s in seed_002.sipas]
    assert [(r.year, r.percent_stated) for r in sample.rows if r.table_kind == "index"] == [(2021, 75.62)]


@pytest.mark.parametrize("prefix", ["000", "001", "003", "004"])
def test_given_periodic_reports_when_read_then_no_scorecard(prefix):
    assert read_scorecards(_seed(prefix)) is None


@pytest.mark.parametrize("label, code", [
    ("Tiếp cận dịch vụ", "access"), ("Thủ tục hành chính", "procedures"),
    ("Công chức, viên chức giải quyết TTHC", "officials"), ("Kết quả giải quyết TTHC", "results"),
    ("Tiếp nhận, xử lý phản ánh kiến nghị", "feedback"), ("Cơ sở vật chất", "other"),
])
def test_given_sipas_component_labels_then_the_five_components_of_qd_2640(label, code):
    assert component_code(label) == code
