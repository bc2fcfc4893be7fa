"""The steps of the nightly job, as plain functions the DAG tasks call.

Each step opens its own connection, is idempotent and returns a small JSON-able
summary (Airflow passes it between tasks through XCom).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import psycopg

from loaders.config import warehouse_url
from loaders.ingest import cycle_collector_paused, path_sha256, prepare_files
from loaders.sink import already_stored, store_batch

log = logging.getLogger(__name__)


def connect(autocommit: bool = True) -> psycopg.Connection:
    return psycopg.connect(warehouse_url(), autocommit=autocommit)


def prepare_warehouse() -> dict:
    """Create the landing tables and (re)load reference data when it changed."""
    from loaders.reference import load_reference_data
    from loaders.roles import grant_reader_access
    from loaders.warehouse import ensure_schema

    with connect() as conn:
        ensure_schema(conn)
        reloaded = load_reference_data(conn)
        grant_reader_access(conn)
    return {"reference_reloaded": reloaded}


def inbox_files(inbox: Path) -> list[Path]:
    """Every regular file under the inbox, in a stable order; hidden files are ignored."""
    return sorted(
        p for p in inbox.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(inbox).parts)
    )


def discover_new_files(inbox: str) -> list[str]:
    """Files in the inbox whose content was never stored before (by SHA-256)."""
    root = Path(inbox).resolve()
    if not root.is_dir():
        raise FileNotFoundError(f"Inbox folder does not exist: {root}")
    with connect() as conn:
        stored = {row[0] for row in conn.execute("select file_sha256 from raw.submissions")}
    new, seen = [], set()
    for path in inbox_files(root):
        sha = path_sha256(path)  # in chunks: a huge file must not exhaust memory
        if sha in stored or sha in seen:
            continue
        seen.add(sha)
        new.append(str(path))
    return new


def batch_size() -> int:
    """Files per load task and transaction (CCHC_LOAD_BATCH_FILES, default 100).

    Big enough that a backfill of thousands of files is a few tasks and commits, not
    thousands; small enough that a task holds little in memory and retries quickly."""
    return max(1, int(os.environ.get("CCHC_LOAD_BATCH_FILES", "100")))


def in_batches(paths: list[str], size: int | None = None) -> list[list[str]]:
    size = size or batch_size()
    return [paths[i:i + size] for i in range(0, len(paths), size)]


def load_files(paths: list[str], inbox: str, province_hint: str | None = None,
               run_id: str | None = None) -> list[dict]:
    """Load a batch of files: each is read, identified and parsed on its own (a bad file
    becomes a quarantine record), then all are stored together (sink.store_batch)."""
    root = Path(inbox).resolve()
    # The batch's rows live until stored; the collector waits until they are freed (see ingest).
    with cycle_collector_paused():
        prepared = prepare_files([Path(path) for path in paths], inbox_root=root, province_hint=province_hint,
                                 run_id=run_id)
        with connect(autocommit=True) as conn:
            stored = store_batch(conn, prepared)
        summaries = [_load_summary(p, was_stored) for p, was_stored in zip(prepared, stored)]
        del prepared
    return summaries


def _load_summary(prepared, stored: bool) -> dict:
    record = prepared.record
    return {
        "file": record.source_path, "submission_id": record.submission_id, "stored": stored,
        "status": record.load_status, "reason": record.status_reason, "rows": record.n_rows,
        "unit": record.unit_name, "period": record.period_key,
    }


def is_stored(path: str) -> bool:
    with connect() as conn:
        return already_stored(conn, path_sha256(Path(path)))

