"""Run a DAG through Airflow in-process (``dag.test()``): the same DAG code the scheduler runs.

Airflow reads its configuration from the environment at import time, so
``configure_airflow()`` must run before anything imports airflow.
"""

from __future__ import annotations

import os
import subprocess
import sys

from loaders.config import DAGS_DIR, airflow_home


def airflow_env() -> dict[str, str]:
    from loaders import embedded_pg

    metadata_url = os.environ.get("CCHC_AIRFLOW_DB_URL") or embedded_pg.url(database="airflow")
    return {
        "AIRFLOW_HOME": str(airflow_home()),
        "AIRFLOW__CORE__DAGS_FOLDER": str(DAGS_DIR),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__PARALLELISM": "2",
        "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "True",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": metadata_url.replace("postgresql://", "postgresql+psycopg2://", 1),
        "AIRFLOW__LOGGING__LOGGING_LEVEL": os.environ.get("CCHC_AIRFLOW_LOG_LEVEL", "WARNING"),
        "DO_NOT_TRACK": "1",
        "GX_ANALYTICS_ENABLED": "false",
        "SCARF_ANALYTICS": "false",
        "AIRFLOW__CORE__ALLOWED_DESERIALIZATION_CLASSES_REGEXP": ".*",
    }


def configure_airflow() -> dict[str, str]:
    from loaders.dbt_runner import dbt_env

    env = airflow_env()
    os.environ.update(env)
    os.environ.update(dbt_env())  # dbt reads its profile from the environment
    if str(DAGS_DIR) not in sys.path:
        sys.path.insert(0, str(DAGS_DIR))
    return env


def ensure_metadata_db() -> None:
    """Create/upgrade Airflow's metadata database once per Airflow version."""
    import importlib.metadata

    marker = airflow_home() / f".db-migrated-{importlib.metadata.version('apache-airflow')}"
    if marker.exists():
        return
    env = {**os.environ, **airflow_env()}
    result = subprocess.run([sys.executable, "-m", "airflow", "db", "migrate"], env=env,
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"airflow db migrate failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    marker.write_text("ok\n")


def run_dag(dag_id: str, conf: dict | None = None) -> str:
    """Run one DAG run to completion in this process; return its final state."""
    configure_airflow()
    ensure_metadata_db()
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag(dag_folder=str(DAGS_DIR))
    if bag.import_errors:
        raise RuntimeError(f"DAG import errors: {bag.import_errors}")
    dag = bag.get_dag(dag_id)
    dag_run = dag.test(run_conf=conf or {})
    return str(dag_run.state)
