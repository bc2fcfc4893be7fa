"""Run dbt in-process against the warehouse (same profile in the DAG, the CLI and tests)."""

from __future__ import annotations

import os
from contextlib import contextmanager

from psycopg.conninfo import conninfo_to_dict

from loaders.config import DBT_PROJECT_DIR, cchc_home, warehouse_url


def dbt_env() -> dict[str, str]:
    """Connection settings for profiles.yml, which reads only env_var(...)."""
    info = conninfo_to_dict(warehouse_url())
    return {
        "CCHC_PG_HOST": info.get("host", "127.0.0.1"),
        "CCHC_PG_PORT": str(info.get("port", 5432)),
        "CCHC_PG_USER": info.get("user", "cchc"),
        "CCHC_PG_DBNAME": info.get("dbname", "cchc"),
        "DBT_ENV_SECRET_PG_PASSWORD": info.get("password", ""),
        "DBT_PROFILES_DIR": str(DBT_PROJECT_DIR),
        "DBT_TARGET_PATH": str(cchc_home() / "dbt_target"),
        "DBT_LOG_PATH": str(cchc_home() / "dbt_logs"),
        "DO_NOT_TRACK": "1",
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }


@contextmanager
def _environment(values: dict[str, str]):
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, old in saved.items():
            if old is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = old


def run_dbt(args: list[str]) -> dict:
    """Invoke dbt (e.g. ["build", "--select", "staging"]) and fail loudly when it fails."""
    from dbt.cli.main import dbtRunner

    with _environment(dbt_env()):
        result = dbtRunner().invoke([*args, "--project-dir", str(DBT_PROJECT_DIR)])
    if not result.success:
        failures = []
        for item in getattr(result.result, "results", None) or []:
            if str(getattr(item, "status", "")).lower() in {"error", "fail"}:
                failures.append(f"{item.node.unique_id}: {item.message}")
        detail = "; ".join(failures) or str(result.exception)
        raise RuntimeError(f"dbt {' '.join(args)} failed: {detail}")
    nodes = len(getattr(result.result, "results", None) or [])
    return {"command": " ".join(args), "nodes": nodes}


def generate_docs() -> dict:
    """`dbt docs generate`, copied into the run artifacts so the docs site travels with the run."""
    import shutil

    from loaders.config import artifacts_dir

    run_dbt(["docs", "generate"])
    target = cchc_home() / "dbt_target"
    out = artifacts_dir() / "dbt_docs"
    out.mkdir(parents=True, exist_ok=True)
    for name in ("index.html", "manifest.json", "catalog.json"):
        shutil.copy2(target / name, out / name)
    return {"dbt_docs": str(out / "index.html")}
