"""Run a command with the warehouse's dbt connection settings in its environment.

    python tools/with_dbt_env.py sqlfluff lint dbt_project/models

sqlfluff's dbt templater connects to the warehouse as dbt does, and profiles.yml reads
only environment variables; this sets them from the warehouse URL (the embedded
Postgres unless CCHC_DATABASE_URL says otherwise).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from loaders.dbt_runner import dbt_env  # noqa: E402

if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: with_dbt_env.py COMMAND [ARG ...]")
    os.execvpe(sys.argv[1], sys.argv[1:], {**os.environ, **dbt_env()})
