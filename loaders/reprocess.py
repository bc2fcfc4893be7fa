"""Re-parse every stored file with the current loader (the reprocess DAG's first step).

The stored bytes (raw.files) are the source of truth: each submission is re-read and
its record and rows are replaced in one transaction per file.
"""

from __future__ import annotations

import tempfile
from pathlib import Path, PurePath

from loaders.ingest import prepare_content
from loaders.pipeline import connect
from loaders.sink import replace_submission


def reparse_all(run_id: str | None = None) -> dict:
    with connect() as conn:
        stored = conn.execute(
            "select s.submission_id, s.source_path, s.received_at, f.content "
            "from raw.submissions s join raw.files f using (submission_id) order by s.submission_id"
        ).fetchall()
        statuses: dict[str, int] = {}
        with tempfile.TemporaryDirectory() as tmp:
            for submission_id, source_path, received_at, content in stored:
                rel = Path(source_path)
                path = Path(tmp) / submission_id / PurePath(rel.name)
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(bytes(content))
                prepared = prepare_content(path, bytes(content), rel, received_at, run_id=run_id)
                replace_submission(conn, prepared)
                statuses[prepared.record.load_status] = statuses.get(prepared.record.load_status, 0) + 1
    return {"reparsed": len(stored), "by_status": statuses}
