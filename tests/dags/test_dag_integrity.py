"""Every DAG imports without error, is documented, tagged, retried and safe to schedule."""

from __future__ import annotations

import pytest

from loaders.config import DAGS_DIR


@pytest.fixture(scope="module")
def dagbag():
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(dag_folder=str(DAGS_DIR))


def test_given_dags_folder_when_parsed_then_no_import_errors(dagbag):
    assert dagbag.import_errors == {}
    assert set(dagbag.dag_ids) == {"cchc_nightly", "cchc_reprocess"}


@pytest.mark.parametrize("dag_id", ["cchc_nightly", "cchc_reprocess"])
def test_given_a_dag_then_it_has_tags_retries_docs_and_one_active_run(dagbag, dag_id):
    dag = dagbag.dags[dag_id]
    assert dag.tags and "cchc" in dag.tags
    assert dag.max_active_runs == 1
    assert dag.catchup is False
    assert dag.doc_md and dag_id in dag.doc_md
    for task in dag.tasks:
        assert task.retries >= 2, task.task_id
        assert task.on_failure_callback, task.task_id


def test_given_nightly_dag_then_it_runs_at_01_00_ho_chi_minh(dagbag):
    dag = dagbag.dags["cchc_nightly"]
    assert dag.timetable.expression == "0 1 * * *"
    assert str(dag.timetable.timezone) == "Asia/Ho_Chi_Minh"
    assert type(dag.get_task("load_files")).__name__.endswith("MappedOperator")  # one task per batch of files


def test_given_nightly_dag_then_steps_run_in_order(dagbag):
    dag = dagbag.dags["cchc_nightly"]
    order = ["build_staging", "quality_gate", "build_marts", "check_marts", "build_docs", "write_report"]
    for upstream, downstream in zip(order, order[1:]):
        assert downstream in dag.get_task(upstream).downstream_task_ids
    assert dag.get_task("build_staging").trigger_rule == "all_done"


def test_given_dag_files_then_no_heavy_imports_at_top_level():
    for path in DAGS_DIR.glob("*.py"):
        head = [line for line in path.read_text().splitlines() if line.startswith(("import ", "from "))]
        for line in head:
            assert "great_expectations" not in line and "psycopg" not in line, (path, line)
            assert not line.startswith(("import dbt", "from dbt")), (path, line)
