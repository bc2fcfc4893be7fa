"""
### cchc_nightly — the nightly load of submitted CCHC appendices

Every night at 01:00 Asia/Ho_Chi_Minh (18:00 UTC the day before):

1. prepare the warehouse (landing tables, unit register, periods);
2. discover files in the inbox that were never stored before (by SHA-256);
3. load the new files in batches of up to 100 (CCHC_LOAD_BATCH_FILES), one mapped
   task and one commit per batch, each file whole or not at all — a bad file is
   quarantined with a reason in Vietnamese and never stops the others;
4. build seeds, staging and intermediate models with dbt ;
5. run the data-quality gate (Great Expectations) on the new submissions;
6. build the marts from what passed (values failing an error rule are withheld);
7. validate the published marts, generate dbt docs, write the run report and the feedback to units.

A second run over the same inbox changes nothing. Params: `inbox` (folder),
`province` (name used when a file does not say which province it comes from).
"""

from __future__ import annotations

from airflow.sdk import Param, dag, get_current_context, task
from common.defaults import DEFAULT_ARGS, START_DATE, default_inbox


@dag(
    dag_id="cchc_nightly",
    schedule="0 1 * * *",
    start_date=START_DATE,
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    tags=["cchc", "nightly", "load"],
    params={
        "inbox": Param(default_inbox(), type="string", description="Folder of submitted files"),
        "province": Param(None, type=["null", "string"], description="Province of files that do not name it"),
    },
    doc_md=__doc__,
)
def cchc_nightly():
    @task
    def prepare_warehouse() -> dict:
        from loaders.pipeline import prepare_warehouse

        return prepare_warehouse()

    @task
    def discover_files() -> list[list[str]]:
        from loaders.pipeline import discover_new_files, in_batches

        return in_batches(discover_new_files(get_current_context()["params"]["inbox"]))

    @task(map_index_template="{{ task.op_kwargs['paths'] | length }} tệp: {{ task.op_kwargs['paths'][0] }} …")
    def load_files(paths: list[str]) -> list[dict]:
        from loaders.pipeline import load_files

        context = get_current_context()
        params = context["params"]
        return load_files(paths, params["inbox"], params["province"], context["run_id"])

    @task(trigger_rule="all_done")
    def build_staging() -> dict:
        """Runs even when some loads failed: those files are retried tomorrow."""
        from loaders.dbt_runner import run_dbt

        run_dbt(["seed"])
        return run_dbt(["build", "--select", "staging", "intermediate"])

    @task
    def quality_gate() -> dict:
        from expectations.gate import run_staging_gate

        return run_staging_gate(get_current_context()["run_id"])

    @task
    def build_marts() -> dict:
        from loaders.dbt_runner import run_dbt

        return run_dbt(["build", "--select", "marts"])

    @task
    def build_docs() -> dict:
        from loaders.dbt_runner import generate_docs

        return generate_docs()

    @task
    def check_marts() -> dict:
        from expectations.gate import run_marts_gate

        return run_marts_gate(get_current_context()["run_id"])

    @task
    def write_report() -> dict:
        from expectations.feedback import write_run_report

        return write_run_report(get_current_context()["run_id"])

    ready = prepare_warehouse()
    files = discover_files()
    ready >> files
    loaded = load_files.expand(paths=files)
    loaded >> build_staging() >> quality_gate() >> build_marts() >> check_marts() >> build_docs() >> write_report()


cchc_nightly()
