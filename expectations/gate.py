"""The data-quality gate: run the rule catalogue with Great Expectations against Postgres.

Checkpoint ``staging``: after loading, every rule runs as an UnexpectedRowsExpectation
over the batch of new submissions (dq.batch_values). The same queries, set-based,
write one row per value involved into dq.issue_rows; dbt then withholds the values
involved in an 'error' when it builds the marts. Results are kept as rows
(dq.runs, dq.rule_results) for BI, and as GX Data Docs HTML in the run artifacts.

Checkpoint ``marts``: after the marts are built, invariants of what is published
(no withheld value leaks into a number, percentages in range, one value per key).

Great Expectations is imported inside the functions: importing it costs seconds.
"""

from __future__ import annotations

import logging
import os
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from psycopg import sql

from expectations.batch import BATCH_TABLE, SUBMISSIONS_BATCH_TABLE, fill_batch, submissions_to_check
from expectations.catalogue import build_rules, rules_version
from expectations.rules import Rule
from loaders.config import artifacts_dir, warehouse_url

log = logging.getLogger(__name__)

ISSUE_COLUMNS = "submission_id, row_no, indicator_id, severity, observed, expected, message_vi"


def _sqlalchemy_url() -> str:
    url = warehouse_url()
    return url.replace("postgresql://", "postgresql+psycopg2://", 1) if url.startswith("postgresql://") else url


def _gx_context(docs_dir: Path):
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    logging.getLogger("great_expectations").setLevel(logging.WARNING)
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    context.add_data_docs_site(
        site_name="cchc_dq",
        site_config={
            "class_name": "SiteBuilder",
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs_dir)},
        },
    )
    return context


def run_checkpoint(name: str, groups: dict[str, list[tuple[str, str]]], docs_dir: Path) -> dict[str, dict]:
    """One GX checkpoint: for each "schema.table", validate its (rule_id, unexpected-rows SQL) pairs.

    Returns {rule_id: {"success": bool, "unexpected_count": int}}.
    """
    import great_expectations as gx
    from great_expectations.checkpoint import UpdateDataDocsAction

    context = _gx_context(docs_dir)
    source = context.data_sources.add_postgres(name="warehouse", connection_string=_sqlalchemy_url())
    validations = []
    for qualified, expectations in groups.items():
        if not expectations:
            continue
        schema, table = qualified.split(".")
        asset = source.add_table_asset(name=table, table_name=table, schema_name=schema)
        batch = asset.add_batch_definition_whole_table(f"{table}_all")
        suite = context.suites.add(gx.ExpectationSuite(name=f"cchc_{name}_{table}"))
        for rule_id, query in expectations:
            suite.add_expectation(gx.expectations.UnexpectedRowsExpectation(
                unexpected_rows_query=query, description=rule_id, meta={"rule_id": rule_id}))
        validations.append(context.validation_definitions.add(
            gx.ValidationDefinition(name=f"cchc_{name}_{table}_validation", data=batch, suite=suite)))
    checkpoint = context.checkpoints.add(gx.Checkpoint(
        name=f"cchc_{name}_checkpoint", validation_definitions=validations,
        actions=[UpdateDataDocsAction(name="update_data_docs", site_names=["cchc_dq"])],
        result_format={"result_format": "BASIC"},
    ))
    result = checkpoint.run()
    outcome = {}
    for run_result in result.run_results.values():
        for item in run_result.results:
            rule_id = item.expectation_config.meta["rule_id"]
            outcome[rule_id] = {"success": bool(item.success),
                                "unexpected_count": int(item.result.get("observed_value") or 0)}
    return outcome


BATCH_OF_TARGET = {"values": BATCH_TABLE, "submissions": SUBMISSIONS_BATCH_TABLE}


def _columns_of(rule: Rule) -> str:
    return ISSUE_COLUMNS + (", row_code, row_label" if rule.target == "submissions" else "")


def _persist_issue_rows(conn: psycopg.Connection, rules: tuple[Rule, ...], dq_run_id: str) -> int:
    """Insert the unexpected rows of every rule, set-based (one INSERT ... SELECT per rule)."""
    total = 0
    for rule in rules:
        columns = _columns_of(rule)
        # The rule SQL contains format() patterns with %s, so no client-side parameters here.
        query = sql.SQL(
            "insert into dq.issue_rows (" + columns + ", rule_id, rule_kind, dq_run_id) "
            "select " + columns + ", {rule_id}, {kind}, {run} from ({query}) as unexpected"
        ).format(rule_id=sql.Literal(rule.rule_id), kind=sql.Literal(rule.kind), run=sql.Literal(dq_run_id),
                 query=sql.SQL(rule.sql.replace("{batch}", BATCH_OF_TARGET[rule.target])))
        total += conn.execute(query).rowcount
    return total


def _record_run(conn, dq_run_id, run_id, checkpoint, started, n_submissions, outcome, rules, n_rows, docs) -> None:
    failed = sum(1 for r in outcome.values() if not r["success"])
    conn.execute(
        "insert into dq.runs (dq_run_id, run_id, checkpoint, started_at, finished_at, n_submissions, n_rules,"
        " n_rules_failed, n_issue_rows, success, data_docs_path) values (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)",
        [dq_run_id, run_id, checkpoint, started, datetime.now(UTC), n_submissions, len(outcome),
         failed, n_rows, failed == 0, str(docs)],
    )
    kinds = {r.rule_id: (r.kind, r.severity) for r in rules}
    with conn.cursor() as cur:
        cur.executemany(
            "insert into dq.rule_results values (%s, %s, %s, %s, %s, %s)",
            [(dq_run_id, rid, kinds.get(rid, ("marts", "error"))[0], kinds.get(rid, ("marts", "error"))[1],
              res["success"], res["unexpected_count"]) for rid, res in outcome.items()],
        )


def run_staging_gate(run_id: str | None = None, recheck_all: bool = False) -> dict:
    """Check every stored submission not yet checked under the current rules."""
    rules = build_rules()
    version = rules_version()
    started = datetime.now(UTC)
    dq_run_id = f"staging-{started:%Y%m%dT%H%M%S%f}"
    docs = artifacts_dir() / "data_docs"
    with psycopg.connect(warehouse_url(), autocommit=True) as conn:
        ids = submissions_to_check(conn, version, recheck_all)
        if not ids:
            return {"dq_run_id": None, "submissions": 0, "issue_rows": 0}
        fill_batch(conn, ids)
        groups = {table: [(r.rule_id, r.sql) for r in rules if r.target == target]
                  for target, table in BATCH_OF_TARGET.items()}
        outcome = run_checkpoint("staging", groups, docs)
        with conn.transaction():
            conn.execute("delete from dq.issue_rows where submission_id = any(%s)", [ids])
            n_rows = _persist_issue_rows(conn, rules, dq_run_id)
            _record_run(conn, dq_run_id, run_id, "staging", started, len(ids), outcome, rules, n_rows, docs)
            conn.execute("delete from dq.checked_submissions where submission_id = any(%s)", [ids])
            conn.execute(
                "insert into dq.checked_submissions select unnest(%s::text[]), %s, %s", [ids, version, dq_run_id])
    return {"dq_run_id": dq_run_id, "submissions": len(ids), "issue_rows": n_rows,
            "rules_failed": sum(1 for r in outcome.values() if not r["success"]), "data_docs": str(docs)}


MARTS_EXPECTATIONS = [
    ("marts.withheld_has_no_number",
     "select * from {batch} where dq_status = 'withheld' and value_numeric is not null"),
    ("marts.percent_in_range",
     "select * from {batch} where value_type = 'percent' and dq_status <> 'withheld' "
     "and (value_numeric < 0 or value_numeric > 100)"),
    ("marts.one_value_per_key",
     "select unit_code, period_key, indicator_id from {batch} group by 1, 2, 3 having count(*) > 1"),
    ("marts.known_unit_and_period",
     "select * from {batch} where unit_code is null or period_key is null"),
]


def run_marts_gate(run_id: str | None = None) -> dict:
    """Validate what is published; a failure here fails the run loudly."""
    started = datetime.now(UTC)
    dq_run_id = f"marts-{started:%Y%m%dT%H%M%S%f}"
    docs = artifacts_dir() / "data_docs"
    outcome = run_checkpoint("marts", {"marts.fct_indicator_values": MARTS_EXPECTATIONS}, docs)
    with psycopg.connect(warehouse_url(), autocommit=True) as conn:
        _record_run(conn, dq_run_id, run_id, "marts", started, None, outcome, (), 0, docs)
    failed = [rid for rid, res in outcome.items() if not res["success"]]
    if failed:
        raise RuntimeError(f"Published marts break invariants: {', '.join(failed)}")
    return {"dq_run_id": dq_run_id, "rules": len(outcome), "data_docs": str(docs)}
