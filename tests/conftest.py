"""Test session setup: an isolated CCHC_HOME, and Airflow configured before it is imported.

Integration tests share one warehouse (a real embedded Postgres in a temporary
CCHC_HOME) that the `warehouse` fixture fills by running the real nightly DAG through
Airflow on the bundled samples, exactly as `make run` does.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO.parent / "shared" / "seeds"
if not SEEDS.exists():  # CI clones main with shared/ beside it; allow an override
    SEEDS = Path(os.environ.get("CCHC_SEEDS_DIR", SEEDS))

_HOME = Path(tempfile.mkdtemp(prefix="cchc-test-"))
os.environ["CCHC_HOME"] = str(_HOME)
os.environ.pop("CCHC_DATABASE_URL", None)
os.environ.pop("CCHC_READER_DATABASE_URL", None)
os.environ["AIRFLOW_HOME"] = str(_HOME / "airflow-parse")
os.environ["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"] = f"sqlite:///{_HOME / 'airflow-parse.db'}"
os.environ["AIRFLOW__CORE__LOAD_EXAMPLES"] = "False"
os.environ["DO_NOT_TRACK"] = "1"
os.environ["GX_ANALYTICS_ENABLED"] = "false"
sys.path.insert(0, str(REPO / "dags"))


def run_cli(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    """Run `cchc ...` the way a user does, in this test session's CCHC_HOME."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW")}
    result = subprocess.run([sys.executable, "-m", "loaders.cli", *args], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=1800)
    if check and result.returncode != 0:
        raise AssertionError(f"cchc {' '.join(args)} failed ({result.returncode}):\n"
                             f"{result.stdout[-5000:]}\n{result.stderr[-8000:]}")
    return result


@pytest.fixture(scope="session", autouse=True)
def _stop_embedded_postgres_at_the_end():
    yield
    from loaders import embedded_pg

    embedded_pg.down()
    shutil.rmtree(_HOME, ignore_errors=True)


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    assert SEEDS.exists(), f"seed reports not found at {SEEDS}"
    return SEEDS


@pytest.fixture(scope="session")
def warehouse():
    """A warehouse loaded once from samples/inbox by the real DAG; yields the first run's output."""
    first = run_cli("run", "--inbox", str(REPO / "samples" / "inbox"))
    return {"first_run": first}


@pytest.fixture(scope="session")
def db_url(warehouse) -> str:
    from loaders.config import warehouse_url

    return warehouse_url()


@pytest.fixture()
def db(db_url):
    import psycopg

    with psycopg.connect(db_url, autocommit=True) as conn:
        yield conn
