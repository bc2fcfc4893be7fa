"""The scorecard rules on seed 002 in a real Postgres, exactly as the gate runs them.

Seed 002 is read by the real loader and stored in scratch copies of raw.par_scores and
raw.sipas_scores; each contradiction expected below was found by hand in the report.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from expectations.scorecard_rules import scorecard_rules
from loaders.scorecards import ScorecardDocument, ScorecardRow, SipasRow, read_scorecards
from tests.expectations.scratch import run_rules, scratch_schema

SCHEMA = "scorecard_test"
BATCH = f"{SCHEMA}.batch_submissions"
SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


@pytest.fixture(scope="module")
def scratch():
    with scratch_schema(SCHEMA, ("par_scores", "sipas_scores")) as conn:
        yield conn


@pytest.fixture(scope="module")
def seed_002() -> ScorecardDocument:
    return read_scorecards(next(SEEDS.glob("002_*.txt")).read_text(encoding="utf-8"))


def _copy(conn, table: str, rows, submission_id: str) -> None:
    if not rows:
        return
    names = [f.name for f in dataclasses.fields(rows[0])]
    with conn.cursor() as cur, cur.copy(f"copy {SCHEMA}.{table} (submission_id, {', '.join(names)}) from stdin") as cp:
        for row in rows:
            values = [list(v) if isinstance(v, tuple) else v for v in (getattr(row, n) for n in names)]
            cp.write_row([submission_id, *values])


def _load(conn, document: ScorecardDocument, submission_id: str = "s002") -> None:
    conn.execute(f"truncate {SCHEMA}.par_scores, {SCHEMA}.sipas_scores, {BATCH}")
    conn.execute(f"insert into {BATCH} values (%s, 'no_appendix', 'u1', '520', '2021-Y')", [submission_id])
    _copy(conn, "par_scores", document.rows, submission_id)
    _copy(conn, "sipas_scores", document.sipas, submission_id)


def _issues(conn) -> list[dict]:
    return run_rules(conn, scorecard_rules(raw_schema=SCHEMA), BATCH)


def _summary(issues) -> set[tuple]:
    return {(i["rule_id"], i["row_code"], i["severity"], i["observed"], i["expected"]) for i in issues}


def _with(document: ScorecardDocument, *, rows=None, sipas=None) -> ScorecardDocument:
    """A copy of the document with some rows changed: {(table_kind, node_code or year): {field: value}}."""
    def change(row, key, edits):
        return dataclasses.replace(row, **edits[key]) if key in edits else row

    rows = rows or {}
    sipas = sipas or {}
    return ScorecardDocument(
        rows=[change(r, (r.table_kind, r.node_code if r.table_kind == "field_detail" else (r.node_code, r.year)), rows)
              for r in document.rows],
        sipas=[change(s, s.component_code, sipas) for s in document.sipas],
    )


# Each contradiction of seed 002, found by hand: (rule, row_code, severity, observed, expected).
SEED_002_ISSUES = {
    # Field 1: "- 3.36" deducted, but 10 − 6,46 = 3,54 (3,36 = 10 − 6,64, the summary's figure).
    ("par.deducted", "1", "warning", "- 3.36", "3,54"),
    # 3.5: 3 − 2,95 = 0,05, printed "-0,15".
    ("par.deducted", "3.5", "warning", "-0,15", "0,05"),
    # 5.3 printed 2/2 but 5.3.1 + 5.3.2 + 5.3.3 = 0,5 + 0,5 + 0,5 = 1,5 (field 5 = 10 agrees with its leaves).
    ("par.leaf_sum", "5.3", "error", "2/2", "1,5/2"),
    # The 2021 summary gives field 1 6,64/10; the detail table (and its criteria) 6,46/10.
    ("par.summary_vs_detail", "1 (tổng hợp 2021)", "error", "6.64/10", "6.46/10"),
    ("par.summary_vs_detail", "1", "warning", "6.46/10", "6.64/10"),
    # 6/7 = 85,71%, printed 85,6 (while 4,5/7 = 64,29 printed 64,2 is a truncation within 0,1).
    ("par.percent", "4 (tổng hợp 2021)", "warning", "85.6", "85,71"),
    # 29,78/40 = 74,45%, printed 74,87% (which is the mean of the five components).
    ("sipas.percent", "SIPAS (2021)", "warning", "74.87", "74,45"),
}


def test_given_seed_002_when_checked_then_exactly_its_contradictions_are_flagged(scratch, seed_002):
    _load(scratch, seed_002)
    issues = _issues(scratch)
    assert _summary(issues) == SEED_002_ISSUES
    assert len(issues) == len(SEED_002_ISSUES)  # each contradiction once
    assert all(i["row_no"] is None and i["indicator_id"] is None for i in issues)


def test_given_seed_002_when_checked_then_messages_name_the_criterion_for_the_clerk(scratch, seed_002):
    _load(scratch, seed_002)
    messages = {(i["rule_id"], i["row_code"]): i["message_vi"] for i in _issues(scratch)}
    assert messages[("par.leaf_sum", "5.3")] == (
        "Tiêu chí 5.3 «Đánh giá, phân loại CBCCVC»: ghi 2/2 điểm (đạt được/tối đa) nhưng cộng các nội dung "
        "chi tiết bên dưới được 1,5/2 điểm. Đề nghị kiểm tra lại điểm của tiêu chí này hoặc của các nội dung "
        "chi tiết.")
    assert messages[("par.deducted", "3.5")].startswith(
        "Tiêu chí 3.5 «Kết quả giải quyết thủ tục hành chính (cấp huyện, cấp xã)»: điểm bị trừ ghi -0,15 "
        "nhưng điểm tối đa 3 trừ điểm đạt được 2,95 là 0,05.")
    assert messages[("par.summary_vs_detail", "1 (tổng hợp 2021)")].startswith(
        "Bảng so sánh năm 2021, lĩnh vực 1 «Công tác chỉ đạo điều hành CCHC»: ghi 6,64/10 điểm nhưng bảng điểm "
        "chi tiết của lĩnh vực ghi 6,46/10 điểm.")
    assert messages[("sipas.percent", "SIPAS (2021)")] == (
        "Chỉ số hài lòng (SIPAS) năm 2021: tỷ lệ ghi 74,87% nhưng 29,78/40 điểm là 74,45%. "
        "Đề nghị kiểm tra lại điểm hoặc tỷ lệ.")


def test_given_a_score_above_its_maximum_then_error_on_it_and_on_the_sum_above(scratch, seed_002):
    _load(scratch, _with(seed_002, rows={("field_detail", "2.1"): {"achieved": 1.5, "achieved_raw": "1,5"}}))
    new = _summary(_issues(scratch)) - SEED_002_ISSUES
    assert new == {
        ("par.achieved_within_max", "2.1", "error", "1,5", "0 – 1"),
        ("par.leaf_sum", "2", "error", "5/5", "5,5/5"),
    }


def test_given_published_index_off_the_scores_then_warning_with_the_computed_index(scratch, seed_002):
    # The index computed from the scores: (45,84 field points + 29,78 SIPAS points) / (60 + 40) = 75,62%.
    _load(scratch, _with(seed_002, rows={("index", (None, 2021)): {"percent_stated": 76.5, "percent_raw": "76,5"}}))
    new = _summary(_issues(scratch)) - SEED_002_ISSUES
    assert new == {("par.index_vs_scores", "Chỉ số CCHC (2021)", "warning", "76,5", "75,62")}


def test_given_a_wrong_year_over_year_change_then_warning(scratch, seed_002):
    _load(scratch, _with(seed_002, rows={("summary", ("3", 2021)): {"change_stated": 2.4, "change_raw": "+2.4"}}))
    new = _summary(_issues(scratch)) - SEED_002_ISSUES
    assert new == {("par.change", "3 (tổng hợp 2021)", "warning", "+2.4", "1,4")}


def test_given_sipas_overall_and_a_component_over_100_then_flagged(scratch, seed_002):
    _load(scratch, _with(seed_002, sipas={"overall": {"percent_stated": 80.0, "percent_raw": "80"},
                                          "results": {"percent_stated": 179.47, "percent_raw": "179,47"}}))
    assert _summary(_issues(scratch)) - SEED_002_ISSUES == {
        ("sipas.percent", "SIPAS (2021)", "warning", "80", "74,45"),
        # (75,16 + 68,16 + 65,96 + 179,47 + 85,61) / 5 = 94,872
        ("sipas.component_mean", "SIPAS (2021)", "warning", "80", "94,87"),
        ("sipas.domain", "SIPAS (2021) – Kết quả giải quyết TTHC", "error", "179,47", "0 – 100%"),
    }


def test_given_submission_not_in_the_batch_then_nothing_is_checked(scratch, seed_002):
    _load(scratch, seed_002)
    scratch.execute(f"truncate {BATCH}")
    assert _issues(scratch) == []


def test_given_rows_of_the_loader_then_columns_match_the_landing_tables(scratch):
    # GIVEN the DDL of raw.par_scores and raw.sipas_scores, THEN the dataclasses carry exactly their columns.
    for table, cls in (("par_scores", ScorecardRow), ("sipas_scores", SipasRow)):
        columns = [r[0] for r in scratch.execute(
            "select column_name from information_schema.columns where table_schema = 'raw' and table_name = %s "
            "order by ordinal_position", [table])]
        assert columns == ["submission_id", *(f.name for f in dataclasses.fields(cls))]
