"""sqlfluff (dialect postgres, dbt templater) passes on every dbt model, as CI requires."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.integration


def test_given_all_dbt_models_when_linted_then_sqlfluff_finds_nothing(db_url):
    from loaders.dbt_runner import dbt_env

    env = {**os.environ, **dbt_env()}
    result = subprocess.run(
        [sys.executable, "-m", "sqlfluff", "lint", "dbt_project/models", "--format", "github-annotation-native"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=900,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
