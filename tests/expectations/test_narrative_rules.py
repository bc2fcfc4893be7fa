"""The narrative-vs-appendix rule in a real Postgres, exactly as the gate runs it.

Seed 004 is read by the real loader (appendix rows mapped to the catalogue) and by the
narrative extractor; the disagreements expected below were found by hand.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from expectations.narrative_rules import narrative_rules
from loaders.narrative import NarrativeFigure, extract_figures
from tests.expectations.scratch import run_rules, scratch_schema

SCHEMA = "narrative_test"
BATCH = f"{SCHEMA}.batch_submissions"
SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
APPENDIX_COLUMNS = ("submission_id", "row_no", "code_raw", "code", "label_raw", "label", "unit_raw", "value_type",
                    "value_raw", "value_numeric", "is_section", "parent_row_no", "parent_code", "indicator_id",
                    "mapping_rule")


@pytest.fixture(scope="module")
def scratch():
    with scratch_schema(SCHEMA, ("appendix_rows", "narrative_figures")) as conn:
        yield conn


@pytest.fixture(scope="module")
def seed_004():
    """Seed 004 as the loader prepares it: appendix rows with their indicator, and the narrative figures."""
    from loaders.ingest import prepare_file

    path = next(SEEDS.glob("004_*.txt"))
    prepared = prepare_file(path)
    assert prepared.record.load_status == "loaded"
    appendix = [
        ("s004", row.row_no, row.code_raw, row.code, row.label_raw, row.label, row.unit_raw, row.value_type,
         row.value_raw, row.value_numeric, row.is_section, row.parent_row_no, parent, indicator_id, rule)
        for row, parent, (indicator_id, rule) in zip(prepared.rows, prepared.parent_codes, prepared.mappings)
    ]
    return appendix, extract_figures(path.read_text(encoding="utf-8"))


def _load(conn, appendix: list[tuple], figures: list[NarrativeFigure], batch: tuple[str, ...] = ("s004",),
          status: str = "loaded") -> None:
    conn.execute(f"truncate {SCHEMA}.appendix_rows, {SCHEMA}.narrative_figures, {BATCH}")
    for submission_id in batch:
        conn.execute(f"insert into {BATCH} values (%s, %s, 'u1', '15919', '2024-H1')", [submission_id, status])
    with conn.cursor() as cur:
        with cur.copy(f"copy {SCHEMA}.appendix_rows ({', '.join(APPENDIX_COLUMNS)}) from stdin") as copy:
            for row in appendix:
                copy.write_row(row)
        with cur.copy(f"copy {SCHEMA}.narrative_figures (submission_id, figure_no, indicator_id, value_numeric, "
                      "value_raw, sentence, extraction_rule) from stdin") as copy:
            for f in figures:
                copy.write_row((appendix[0][0] if appendix else "s004", f.figure_no, f.indicator_id,
                                f.value_numeric, f.value_raw, f.sentence, f.extraction_rule))


def _issues(conn) -> list[dict]:
    rows = run_rules(conn, narrative_rules(raw_schema=SCHEMA), BATCH)
    return sorted(rows, key=lambda r: (r["indicator_id"], r["row_no"] is None))


def test_given_seed_004_when_checked_then_the_two_disagreements_are_flagged_on_both_sides(scratch, seed_004):
    _load(scratch, *seed_004)
    got = [(i["row_no"], i["indicator_id"], i["severity"], i["observed"], i["expected"], i["row_code"])
           for i in _issues(scratch)]
    assert got == [
        # "Số nhiệm vụ đã hoàn thành: 21 nhiệm vụ" in the text; appendix row 1.1.2 says 19.
        (4, "plan.tasks_completed", "warning", "19", "21", "1.1.2"),
        (None, "plan.tasks_completed", "warning", "21", "19", "narrative"),
        # "trả trước và đúng hạn: 490 hồ sơ" in the text; appendix row 3.3.2 says 494 on time.
        (42, "tthc.records_on_time", "warning", "494", "490", "3.3.2"),
        (None, "tthc.records_on_time", "warning", "490", "494", "narrative"),
    ]


def test_given_seed_004_when_checked_then_messages_quote_the_sentence_and_the_row(scratch, seed_004):
    _load(scratch, *seed_004)
    appendix_side, narrative_side = _issues(scratch)[:2]
    assert appendix_side["message_vi"] == (
        "Dòng 1.1.2 «Số nhiệm vụ đã hoàn thành»: số liệu 19 khác với số liệu 21 nêu trong phần thuyết minh của "
        "báo cáo («Số nhiệm vụ đã hoàn thành: 21 nhiệm vụ.»). Phụ lục là số liệu chính thức; đề nghị kiểm tra lại "
        "và thống nhất số liệu giữa báo cáo và phụ lục.")
    assert narrative_side["message_vi"] == (
        "Phần thuyết minh ghi 21 («Số nhiệm vụ đã hoàn thành: 21 nhiệm vụ.») nhưng phụ lục ghi 19 ở dòng 1.1.2 "
        "«Số nhiệm vụ đã hoàn thành». Số liệu công bố lấy theo phụ lục; đề nghị thống nhất số liệu giữa báo cáo "
        "và phụ lục.")
    assert narrative_side["row_label"] == "Số nhiệm vụ đã hoàn thành: 21 nhiệm vụ."


def test_given_percentages_when_within_half_a_point_then_agree_else_flagged(scratch):
    appendix = [("s1", 1, "1.1.3", "1.1.3", "Tỷ lệ hoàn thành", "Tỷ lệ hoàn thành", "%", "percent", "83,3",
                 83.3, False, None, None, "plan.completion_rate", "code+label")]
    close = NarrativeFigure(1, "plan.completion_rate", 83.33, "83,33", "đạt 83,33%", "plan.own_programme")
    _load(scratch, appendix, [close], batch=("s1",))
    assert _issues(scratch) == []
    far = NarrativeFigure(1, "plan.completion_rate", 90.0, "90", "đạt 90%", "plan.own_programme")
    _load(scratch, appendix, [far], batch=("s1",))
    assert [(i["row_no"], i["severity"]) for i in _issues(scratch)] == [(1, "warning"), (None, "warning")]


def test_given_report_without_appendix_then_nothing_to_compare(scratch):
    # GIVEN seed 003: narrative figures and no appendix rows
    figures = extract_figures(next(SEEDS.glob("003_*.txt")).read_text(encoding="utf-8"))
    _load(scratch, [], figures, batch=("s004",))
    # THEN the figures are not disagreements (they are published from the narrative instead)
    assert _issues(scratch) == []


def test_given_submission_not_in_the_batch_then_nothing_is_checked(scratch, seed_004):
    _load(scratch, *seed_004, batch=())
    assert _issues(scratch) == []


def _figure(number: int, indicator_id: str, value: float, raw: str) -> NarrativeFigure:
    return NarrativeFigure(number, indicator_id, value, raw, f"câu {number}: {raw}", "test")


def test_given_a_report_without_appendix_then_its_figures_are_checked_like_appendix_rows(scratch):
    figures = [
        _figure(1, "plan.tasks_planned", 36, "36"),
        _figure(2, "plan.tasks_completed", 40, "40"),  # more completed than planned
        _figure(3, "plan.completion_rate", 465, "465"),  # a rate over 100 %
        _figure(4, "tthc.records_resolved", 4733, "4.733"),
        _figure(5, "tthc.records_on_time", 4723, "4.723"),  # consistent
        _figure(6, "tthc.records_late", 2.5, "2,5"),  # half a record
    ]
    _load(scratch, [], figures, batch=("s004",), status="no_appendix")
    found = {(i["rule_id"], i["indicator_id"], i["severity"], i["observed"], i["expected"]) for i in _issues(scratch)}
    assert found == {
        ("narrative.domain", "plan.completion_rate", "error", "465", "0–100"),
        ("narrative.domain", "tthc.records_late", "error", "2,5", "số nguyên ≥ 0"),
        ("narrative.part_le_whole", "plan.tasks_completed", "error", "40", "<= 36"),
        ("narrative.part_le_whole", "plan.tasks_planned", "warning", "36", ">= 40"),
    }
    (domain,) = [i for i in _issues(scratch) if i["indicator_id"] == "plan.completion_rate"]
    assert domain["message_vi"] == ("Phần thuyết minh ghi 465 («câu 3: 465»): tỷ lệ phải từ 0 đến 100%. "
                                    "Đề nghị kiểm tra lại số liệu nêu trong báo cáo.")
    assert (domain["row_no"], domain["row_code"], domain["row_label"]) == (None, "narrative", "câu 3: 465")


def test_given_a_report_with_an_appendix_then_its_narrative_figures_are_only_compared(scratch):
    # Not published (the appendix is), so not checked on their own.
    _load(scratch, [], [_figure(1, "plan.completion_rate", 465, "465")], batch=("s004",), status="loaded")
    assert _issues(scratch) == []
