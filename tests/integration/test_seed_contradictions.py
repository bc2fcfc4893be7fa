"""Every genuine contradiction in the seed appendices is flagged on its rows; consistent rows are not.

The expectations below were written by hand after reading the seed reports
(../shared/seeds/000, 001, 004), whose figures the samples carry in xlsx, docx and text.
Row codes are as printed; where a code repeats (seed 000 prints "3.2" four times), the
label tells the rows apart.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration

TAN_HONG, HUONG_KHE, HOANG_HOP = "869", "444", "15919"

# (unit, row code as printed, start of the label) -> the rule and severity that must flag it
EXPECTED_ERRORS = {
    # seed 000: a count typed into % rows (465 procedures) …
    (TAN_HONG, "3.2", "Tỷ lệ TTHC đã được phê duyệt quy trình nội bộ"): "domain.percent",
    (TAN_HONG, "3.2", "Tỷ lệ quy trình nội bộ giải quyết TTHC đã được điện tử hóa"): "domain.percent",
    # … and records ("791 Hồ sơ", "348 Hồ sơ") typed into % rows
    (TAN_HONG, "7.4.3.", "Tỷ lệ hồ sơ xử lý trực tuyến mức độ 3"): "parse.unit_mismatch",
    (TAN_HONG, "7.4.4.", "Tỷ lệ hồ sơ xử lý trực tuyến mức độ 4"): "parse.unit_mismatch",
    # 825 records typed into a procedures row: more "procedures" than the 465 in force
    (TAN_HONG, "7.5.1.", "Tổng số TTHC được tiếp nhận"): "ple.tthc_procedure_kinds",
    # seed 001: 2,3% stated, 11.690 / 167.000 = 7,0%
    (HUONG_KHE, "6.1", "Tỷ lệ thực hiện Kế hoạch giải ngân"): "ratio.finance_disbursement",
    # 94,5% stated, 1397 / 1603 = 87,1%
    (HUONG_KHE, "7.4.4", "Tỷ lệ hồ sơ TTHC được tiếp nhận trực tuyến"): "ratio.egov_online_records",
    # total 60 public service units, categories 1 + 3 + 59 = 63
    (HUONG_KHE, "6.2.1", "Tổng số ĐVSN công lập"): "sum.finance_sncl_autonomy",
    # 122 level-3 procedures of 121 procedures at levels 3 and 4
    (HUONG_KHE, "7.4.1.2", "Số TTHC đang cung cấp trực tuyến mức độ 3"): "ple.egov_l34",
    # overall 97% outside its components 90% (district) and 80% (commune)
    (HUONG_KHE, "7.3.1", "Tỷ lệ sử dụng văn bản điện tử"): "between.egov_electronic_documents",
    # a count of bodies ("Số cơ quan…") under the unit %
    (HUONG_KHE, "1.4.1", "Số cơ quan, đơn vị được kiểm tra"): "parse.unit_mismatch",
    # seed 004: 494 received, but 45 + 5 + 269 + 179 = 498 (twice: received and on time)
    (HOANG_HOP, "3.3.1", "Số lượng hồ sơ đã tiếp nhận"): "sum.tthc_records_received",
    (HOANG_HOP, "3.3.2", "Số lượng hồ sơ TTHC do UBND cấp xã"): "sum.tthc_records_on_time",
    # 494 procedures "not bound to the boundary" out of 207 procedures in force
    (HOANG_HOP, "3.2.6", "Số TTHC đã thực hiện tiếp nhận"): "ple.tthc_procedure_kinds",
    # two exclusive shares of documents: 100% + 100%
    (HOANG_HOP, None, "Tỷ lệ văn bản được gửi hoàn toàn dưới dạng điện tử (Sử dụng"): "excl.egov_documents",
    (HOANG_HOP, None, "Tỷ lệ văn bản được gửi hoàn toàn dưới dạng điện tử và song song"): "excl.egov_documents",
}

EXPECTED_WARNINGS = {
    # a stated 100% over an empty denominator (0 of 0 documents / complaints)
    (HUONG_KHE, "2.2.2", "Tỷ lệ xử lý VBQPPL sau kiểm tra"): "ratio.legal_check",
    (HUONG_KHE, "2.3.2", "Tỷ lệ xử lý VBQPPL sau rà soát"): "ratio.legal_review",
    (HUONG_KHE, "3.3.4", "Tỷ lệ giải quyết phản ánh"): "ratio.tthc_feedback",
    # 80 district units versus 60 units in the whole locality
    (HUONG_KHE, "4.1.5.3", "Số ĐVSNCL thuộc UBND cấp huyện"): "ple.org_sncl_district",
    # two counts in one cell
    (TAN_HONG, "7.4.2.", "Tổng số TTHC cung cấp trực tuyến mức độ 4"): "parse.multiple_values",
    # seed 004: the report's text says 21 plan tasks completed, the appendix 19; and 490
    # records resolved early or on time, the appendix 494
    (HOANG_HOP, "1.1.2", "Số nhiệm vụ đã hoàn thành"): "narrative.vs_appendix",
    (HOANG_HOP, "3.3.2", "Số lượng hồ sơ TTHC do UBND cấp xã"): "narrative.vs_appendix",
}

# Rows whose figures agree with everything they relate to: no issue at all.
CONSISTENT = [
    (HUONG_KHE, "1.2"),  # 63,4% = 26 / 41
    (HUONG_KHE, "1.2.1"), (HUONG_KHE, "1.2.2"),
    (HUONG_KHE, "1.3.3"),  # 100% = 2 / 2
    (HUONG_KHE, "3.3.2"), (HUONG_KHE, "3.3.2.1"), (HUONG_KHE, "3.3.2.2"),  # 100% = 2.481 / 2.481
    (HUONG_KHE, "3.3.3"), (HUONG_KHE, "3.3.3.1"),  # 100% = 12.207 / 12.207
    (HUONG_KHE, "7.4.3"),  # 100% = 121 / 121
    (HUONG_KHE, "1.6.1"), (HUONG_KHE, "4.2.1"), (HUONG_KHE, "4.2.2"),
    (TAN_HONG, "1.1.1."), (TAN_HONG, "1.1.2."), (TAN_HONG, "1.3.1."), (TAN_HONG, "1.3.2."),
    (TAN_HONG, "4.2.1."), (TAN_HONG, "4.2.2."), (TAN_HONG, "4.3.1."), (TAN_HONG, "4.3.2."),
    (HOANG_HOP, "1.1.1"), (HOANG_HOP, "1.3.1"), (HOANG_HOP, "1.3.2"),
    (HOANG_HOP, "4.1.1"), (HOANG_HOP, "4.1.2"), (HOANG_HOP, "3.1.1"),
]


SAMPLE_FILES = ["tan-hong_2021-Q1.xlsx", "huong-khe_2022-H1.docx", "hoang-hop_2024-H1.txt"]


@pytest.fixture(scope="module")
def issues(db_url):
    import psycopg

    # The sample files themselves (another test sends a corrected Hoằng Hợp file later).
    with psycopg.connect(db_url) as conn:
        cur = conn.execute("""
            select unit_code, source_row_code, source_row_label, rule_id, severity, message_vi
            from marts.dq_issues where source_file = any(%s)""", [SAMPLE_FILES])
        return [dict(zip([c.name for c in cur.description], r)) for r in cur.fetchall()]


def _matching(issues, unit, code, label_start):
    return [i for i in issues if i["unit_code"] == unit and i["source_row_code"] == code
            and (i["source_row_label"] or "").startswith(label_start)]


@pytest.mark.parametrize("key, rule_id", EXPECTED_ERRORS.items(), ids=[f"{k[0]}:{k[1]}:{k[2][:20]}" for k in EXPECTED_ERRORS])
def test_given_a_genuine_contradiction_then_its_row_is_flagged_as_error(issues, key, rule_id):
    found = _matching(issues, *key)
    assert any(i["rule_id"] == rule_id and i["severity"] == "error" for i in found), found


@pytest.mark.parametrize("key, rule_id", EXPECTED_WARNINGS.items(), ids=[f"{k[0]}:{k[1]}" for k in EXPECTED_WARNINGS])
def test_given_a_doubtful_figure_then_its_row_is_flagged_as_warning(issues, key, rule_id):
    found = _matching(issues, *key)
    assert any(i["rule_id"] == rule_id and i["severity"] == "warning" for i in found), found


def test_given_the_seed_appendices_then_nothing_else_is_withheld(issues):
    errors = {(i["unit_code"], i["source_row_code"], i["source_row_label"]) for i in issues if i["severity"] == "error"}
    explained = {e for e in errors
                 if any(e[0] == u and e[1] == c and (e[2] or "").startswith(p) for u, c, p in EXPECTED_ERRORS)}
    assert errors == explained, errors - explained


@pytest.mark.parametrize("unit, code", CONSISTENT)
def test_given_a_consistent_row_then_it_is_not_flagged(issues, unit, code):
    assert [i for i in issues if i["unit_code"] == unit and i["source_row_code"] == code] == []


def test_given_a_flag_then_the_message_names_row_value_and_expectation(issues):
    (issue,) = [i for i in _matching(issues, HUONG_KHE, "6.1", "Tỷ lệ thực hiện") if i["severity"] == "error"]
    assert issue["message_vi"].startswith("Dòng 6.1 «Tỷ lệ thực hiện Kế hoạch giải ngân vốn đầu tư công»")
    assert "2,3%" in issue["message_vi"] and "11.690/167.000 = 7,0%" in issue["message_vi"]
