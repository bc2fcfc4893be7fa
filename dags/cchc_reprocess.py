"""
### cchc_reprocess — rebuild everything from what is stored (manual)

Re-parses every stored file (raw.files) with the current loader, re-runs the whole
quality gate under the current rules and rebuilds all dbt models. Use it after a
loader or catalogue change. Nothing is read from the inbox; quarantined files are
retried too (a fixed reader may now accept them).

Params: `reparse` (re-read the stored files; off = only recheck and rebuild),
`full_refresh` (rebuild incremental models from scratch).
"""

from __future__ import annotations

from airflow.sdk import Param, dag, get_current_context, task
from common.defaults import DEFAULT_ARGS, START_DATE


@dag(
    dag_id="cchc_reprocess",
    schedule=None,
    start_date=START_DATE,
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    tags=["cchc", "manual", "backfill"],
    params={
        "reparse": Param(True, type="boolean", description="Re-read every stored file"),
        "full_refresh": Param(True, type="boolean", description="dbt --full-refresh"),
    },
    doc_md=__doc__,
)
def cchc_reprocess():
    @task
    def reparse_stored_files() -> dict:
        from loaders.pipeline import prepare_warehouse
        from loaders.reprocess import reparse_all

        prepare_warehouse()
        if not get_current_context()["params"]["reparse"]:
            return {"reparsed": 0}
        return reparse_all(get_current_context()["run_id"])

    @task
    def rebuild_staging() -> dict:
        from loaders.dbt_runner import run_dbt

        run_dbt(["seed", "--full-refresh"])
        return run_dbt(["build", "--select", "staging", "intermediate", "--full-refresh"])

    @task
    def recheck_quality() -> dict:
        from expectations.gate import run_staging_gate

        return run_staging_gate(get_current_context()["run_id"], recheck_all=True)

    @task
    def rebuild_marts() -> dict:
        from loaders.dbt_runner import run_dbt

        args = ["build", "--select", "marts"]
        if get_current_context()["params"]["full_refresh"]:
            args.append("--full-refresh")
        return run_dbt(args)

    @task
    def check_marts() -> dict:
        from expectations.gate import run_marts_gate

        return run_marts_gate(get_current_context()["run_id"])

    @task
    def write_report() -> dict:
        from expectations.feedback import write_run_report

        return write_run_report(get_current_context()["run_id"])

    reparse_stored_files() >> rebuild_staging() >> recheck_quality() >> rebuild_marts() >> check_marts() >> write_report()


cchc_reprocess()
