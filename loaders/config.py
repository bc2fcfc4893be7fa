"""Where things live: CCHC_HOME, the repository folders and the warehouse settings.

Everything a run writes (the embedded Postgres cluster, the Airflow home, run
artifacts) goes under CCHC_HOME, so pointing it at an empty folder gives a fresh
warehouse. Nothing here touches the database or imports heavy libraries.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"
DAGS_DIR = REPO_ROOT / "dags"
SAMPLES_INBOX = REPO_ROOT / "samples" / "inbox"

# Schemas of the warehouse; the BI role may read only MARTS_SCHEMAS.
RAW_SCHEMA = "raw"
REF_SCHEMA = "ref"
DQ_SCHEMA = "dq"
MARTS_SCHEMAS = ("marts",)


def cchc_home() -> Path:
    home = Path(os.environ.get("CCHC_HOME") or REPO_ROOT / ".cchc").resolve()
    home.mkdir(parents=True, exist_ok=True)
    return home


def artifacts_dir() -> Path:
    path = cchc_home() / "artifacts"
    path.mkdir(parents=True, exist_ok=True)
    return path


def airflow_home() -> Path:
    path = cchc_home() / "airflow"
    path.mkdir(parents=True, exist_ok=True)
    return path


def warehouse_url(reader: bool = False) -> str:
    """The warehouse URL: CCHC_DATABASE_URL in production, the embedded cluster otherwise."""
    env_name = "CCHC_READER_DATABASE_URL" if reader else "CCHC_DATABASE_URL"
    if os.environ.get(env_name):
        return os.environ[env_name]
    from loaders import embedded_pg

    return embedded_pg.url(database="cchc", reader=reader)
