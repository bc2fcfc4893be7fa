"""The nightly job end to end: the real DAG run by Airflow, a real Postgres, real dbt and GX.

GIVEN the bundled samples/inbox, WHEN `cchc run` runs the cchc_nightly DAG, THEN the
published marts hold what the files say, bad files are quarantined with a Vietnamese
reason, a second run changes nothing, a corrected file supersedes the old one, and the
reprocess DAG rebuilds the same marts from what is stored.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from loaders.pipeline import batch_size
from tests.conftest import REPO, run_cli

pytestmark = pytest.mark.integration

SAMPLES = REPO / "samples" / "inbox"
CONTRACT = {
    "submissions": ["submission_id", "source_file", "file_sha256", "unit_code", "unit_name", "period_key",
                    "status", "status_reason", "received_at"],
    "fct_indicator_values": ["unit_code", "period_key", "indicator_id", "value_numeric", "value_text", "dq_status",
                             "submission_id", "source_file", "source_row_code", "source_row_label"],
    "dq_issues": ["issue_id", "rule_id", "severity", "submission_id", "source_file", "unit_code", "period_key",
                  "indicator_id", "source_row_code", "source_row_label", "observed", "expected", "message_vi"],
}
MARTS = ["submissions", "fct_indicator_values", "dq_issues", "dim_units", "dim_periods", "dim_indicators"]


def _rows(db, query, params=None) -> list[dict]:
    cur = db.execute(query, params or [])
    names = [c.name for c in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def _fingerprint(db, table: str, exclude: tuple[str, ...] = ()) -> str:
    columns = [r["column_name"] for r in _rows(
        db, "select column_name from information_schema.columns where table_schema = 'marts' and table_name = %s "
            "order by ordinal_position", [table]) if r["column_name"] not in exclude]
    body = db.execute(
        f"select string_agg(t::text, E'\\n' order by t::text) from (select {', '.join(columns)} from marts.{table}) t"
    ).fetchone()[0] or ""
    return hashlib.sha256(body.encode()).hexdigest()


def test_given_samples_when_run_then_cli_prints_the_summary(warehouse):
    out = warehouse["first_run"].stdout
    assert "=== Kết quả lần chạy ===" in out
    assert "Giá trị đã công bố (marts.fct_indicator_values)" in out
    assert re.search(r"lỗi \(error\) \d+, cảnh báo \(warning\) \d+", out)
    assert "index.html" in out
    assert "Phản hồi cho đơn vị: 4 báo cáo có vấn đề" in out
    # Airflow, dbt and GX write to a log file; the terminal gets the summary only.
    log = Path(re.search(r"nhật ký chi tiết: (\S+\.log)", out).group(1))
    assert log.read_text(encoding="utf-8").count("Running with dbt") >= 3  # staging, marts, docs
    assert len(out.splitlines()) < 25, out


def test_given_samples_then_the_dag_run_is_recorded_by_airflow_as_success(warehouse):
    import psycopg

    from loaders import embedded_pg

    with psycopg.connect(embedded_pg.url(database="airflow")) as conn:
        states = conn.execute("select state from dag_run where dag_id = 'cchc_nightly'").fetchall()
        mapped = conn.execute("select count(*) from task_instance where dag_id = 'cchc_nightly' "
                              "and task_id = 'load_files' and map_index >= 0").fetchone()[0]
    assert states and all(s[0] == "success" for s in states)
    files = sum(1 for p in SAMPLES.rglob("*") if p.is_file())
    assert mapped == -(-files // batch_size()) == 1  # one mapped task per batch of up to 100 files


def test_given_samples_then_marts_follow_the_published_contract(db):
    for table, columns in CONTRACT.items():
        present = {r["column_name"] for r in _rows(
            db, "select column_name from information_schema.columns where table_schema = 'marts' "
                "and table_name = %s", [table])}
        assert set(columns) <= present, (table, set(columns) - present)
    for table in MARTS:
        assert db.execute(f"select count(*) from marts.{table}").fetchone()[0] > 0, table


def test_given_samples_then_each_file_has_the_expected_status_unit_and_period(db):
    got = {r["source_file"]: (r["status"], r["unit_code"], r["period_key"]) for r in _rows(
        db, "select source_file, status, unit_code, period_key from marts.submissions")}
    assert got["tan-hong_2021-Q1.xlsx"] == ("published", "869", "2021-Q1")
    assert got["huong-khe_2022-H1.docx"] == ("published", "444", "2022-H1")
    assert got["hoang-hop_2024-H1.txt"] == ("published", "15919", "2024-H1")
    assert got["duyen-hai_2023-Q3.txt"] == ("no_appendix", "851", "2023-Q3")
    assert got["van-canh_2021-Y_par.txt"] == ("no_appendix", "551", "2021-Y")
    keys = _rows(db, "select unit_key from marts.submissions where status <> 'quarantined'")
    assert all(r["unit_key"] for r in keys)  # units are keyed by code plus era
    bad = {name: status for name, (status, _, _) in got.items() if name in {p.name for p in (SAMPLES / "bad").iterdir()}}
    assert bad and set(bad.values()) == {"quarantined"}


def test_given_quarantined_files_then_reasons_are_vietnamese_sentences(db):
    reasons = _rows(db, "select source_file, status_reason from marts.submissions where status = 'quarantined'")
    for row in reasons:
        assert row["status_reason"] and re.search(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệ]", row["status_reason"]), row
    by_file = {r["source_file"]: r["status_reason"] for r in reasons}
    assert "mật khẩu" in by_file["dat-mat-khau.xlsx"]
    assert "rỗng" in by_file["rong.xlsx"]


def test_given_every_sample_with_an_appendix_then_its_rows_are_published(db):
    counts = {(r["source_file"], r["value_source"]): r["n"] for r in _rows(
        db, "select source_file, value_source, count(*) as n from marts.fct_indicator_values group by 1, 2")}
    appendix = {file: n for (file, source), n in counts.items() if source == "appendix"}
    assert set(appendix) == {"tan-hong_2021-Q1.xlsx", "huong-khe_2022-H1.docx", "hoang-hop_2024-H1.txt"}
    assert all(n >= 40 for n in appendix.values()), counts
    # The report sent without an appendix publishes the figures of its narrative.
    assert {file for (file, source) in counts if source == "narrative"} == {"duyen-hai_2023-Q3.txt"}


def test_given_published_values_then_vietnamese_numbers_were_read_right(db):
    value = {(r["unit_code"], r["indicator_id"]): r["value_numeric"] for r in _rows(
        db, "select unit_code, indicator_id, value_numeric from marts.fct_indicator_values")}
    assert value[("444", "survey.forms")] == 5125  # "5.125" phiếu
    assert value[("444", "plan.completion_rate")] == Decimal("63.4")  # "63,4%"
    assert value[("444", "plan.tasks_planned")] == 41
    assert value[("869", "plan.tasks_planned")] == 51
    assert value[("15919", "plan.tasks_planned")] == 38  # same indicator, three templates


def test_given_an_error_then_the_value_is_withheld_and_the_text_kept(db):
    (row,) = _rows(db, "select value_numeric, value_text, dq_status from marts.fct_indicator_values "
                       "where unit_code = '444' and source_row_code = '6.1'")
    assert row == {"value_numeric": None, "value_text": "2,3%", "dq_status": "withheld"}
    withheld_with_number = db.execute(
        "select count(*) from marts.fct_indicator_values where dq_status = 'withheld' and value_numeric is not null"
    ).fetchone()[0]
    assert withheld_with_number == 0


def test_given_the_gate_then_results_are_kept_as_rows_and_data_docs(db):
    runs = _rows(db, "select checkpoint, n_rules, data_docs_path from dq.runs order by started_at")
    assert {r["checkpoint"] for r in runs} == {"staging", "marts"}
    assert all(r["n_rules"] > 0 for r in runs)
    assert Path(runs[0]["data_docs_path"], "index.html").exists()


def test_given_the_run_then_feedback_reports_exist_for_units_with_issues(db):
    from loaders.config import artifacts_dir

    files = sorted(p.name for p in artifacts_dir().glob("runs/*/phan-hoi/*"))
    assert any(name.startswith("444_2022-H1") and name.endswith(".html") for name in files)
    assert any(name.startswith("444_2022-H1") and name.endswith(".xlsx") for name in files)


def test_given_same_inbox_twice_then_marts_are_identical(db):
    before = {t: _fingerprint(db, t) for t in MARTS}
    second = run_cli("run", "--inbox", str(SAMPLES))
    assert "Tệp trong lần chạy này: 0" in second.stdout
    after = {t: _fingerprint(db, t) for t in MARTS}
    assert before == after


def test_given_a_corrected_file_then_it_supersedes_the_old_one(db, tmp_path):
    inbox = tmp_path / "inbox"
    shutil.copytree(SAMPLES, inbox)
    original = (SAMPLES / "thanh-hoa" / "hoang-hop_2024-H1.txt").read_text(encoding="utf-8")
    # The unit corrects the total in the appendix and in the sentence of the report stating it.
    fixed = re.sub(r"(3\.3\.1\t[^\t]*\t[^\t]*\t)494", r"\g<1>498", original, count=1)
    fixed = fixed.replace("đã tiếp nhận 494 hồ sơ", "đã tiếp nhận 498 hồ sơ", 1)
    assert fixed.count("498") == original.count("498") + 2
    (inbox / "thanh-hoa" / "hoang-hop_2024-H1_ban-sua.txt").write_text(fixed, encoding="utf-8")
    run_cli("run", "--inbox", str(inbox))
    status = {r["source_file"]: r["status"] for r in _rows(
        db, "select source_file, status from marts.submissions where unit_code = '15919'")}
    assert status == {"hoang-hop_2024-H1.txt": "superseded", "hoang-hop_2024-H1_ban-sua.txt": "published"}
    (row,) = _rows(db, "select value_numeric, dq_status, source_file from marts.fct_indicator_values "
                       "where unit_code = '15919' and indicator_id = 'tthc.records_received'")
    assert row == {"value_numeric": 498, "dq_status": "ok", "source_file": "hoang-hop_2024-H1_ban-sua.txt"}


def test_given_reprocess_then_marts_are_rebuilt_the_same_from_what_is_stored(db):
    volatile = ("dq_run_id",)
    before = {t: _fingerprint(db, t, volatile) for t in MARTS}
    run_cli("reprocess")
    after = {t: _fingerprint(db, t, volatile) for t in MARTS}
    assert before == after


def test_given_the_dimensions_then_one_indicator_is_a_comparable_series_across_units_and_periods(db):
    # "Số nhiệm vụ đề ra trong kế hoạch" is 1.1.1 in seeds 000 and 004 and 1.2.1 in 001: one
    # indicator. None of the three units exists today: the districts were abolished and Xã Hoằng
    # Hợp merged into Xã Hoằng Giang (15880) in 2025; the succession table rolls it up.
    rows = _rows(db, """
        select u.unit_name, u.unit_level, u.is_current, p.period_key, p.is_cumulative, i.name_vi,
               f.source_row_code, f.value_numeric, s.new_unit_name
        from marts.fct_indicator_values f
        join marts.dim_units u on u.unit_key = f.unit_key
        join marts.dim_periods p on p.period_key = f.period_key
        join marts.dim_indicators i on i.indicator_id = f.indicator_id
        left join marts.bridge_unit_succession s on s.old_unit_key = f.unit_key
        where f.indicator_id = 'plan.tasks_planned' and f.value_source = 'appendix'
        order by p.sort_order""")
    name = "Số nhiệm vụ đề ra trong kế hoạch CCHC"
    assert [tuple(r.values()) for r in rows] == [
        ("Huyện Tân Hồng", "district", False, "2021-Q1", True, name, "1.1.1.", 51, None),
        ("Huyện Hương Khê", "district", False, "2022-H1", True, name, "1.2.1", 41, None),
        ("Xã Hoằng Hợp", "commune", False, "2024-H1", True, name, "1.1.1", 38, "Xã Hoằng Giang"),
    ]


def test_given_a_file_read_by_an_older_loader_then_the_summary_says_to_reprocess(db):
    from expectations.feedback import run_summary

    assert run_summary(db, None)["read_by_older_loader"] == 0
    (submission_id,) = db.execute("select submission_id from raw.submissions limit 1").fetchone()
    db.execute("update raw.submissions set loader_version = '2000.1' where submission_id = %s", [submission_id])
    try:
        assert run_summary(db, None)["read_by_older_loader"] == 1
    finally:
        from loaders.warehouse import LOADER_VERSION

        db.execute("update raw.submissions set loader_version = %s where submission_id = %s",
                   [LOADER_VERSION, submission_id])
