"""The analysts' warehouse, shared by test_analyst_marts.py and test_cookbook.py."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import psycopg
import pytest

from tests.integration.analyst_inbox import REPO, cli, write_inbox


@pytest.fixture(scope="session")
def analyst_warehouse():
    """(admin URL, reader URL) of samples + synthetic reports loaded by one nightly run, in a CCHC_HOME of its own."""
    home = Path(tempfile.mkdtemp(prefix="cchc-analyst-"))
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("AIRFLOW") and k not in ("CCHC_DATABASE_URL", "CCHC_READER_DATABASE_URL")}
    env["CCHC_HOME"] = str(home)
    try:
        write_inbox(home / "inbox")
        cli(env, "run", "--inbox", str(home / "inbox"))
        yield cli(env, "db-url"), cli(env, "db-url", "--reader")
    finally:
        subprocess.run([sys.executable, "-m", "loaders.cli", "down"], cwd=REPO, env=env,
                       capture_output=True, timeout=120)
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture()
def reader(analyst_warehouse):
    """The analysts' warehouse as the read-only BI role."""
    with psycopg.connect(analyst_warehouse[1], autocommit=True) as conn:
        yield conn
