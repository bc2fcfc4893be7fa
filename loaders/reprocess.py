"""Re-parse every stored file with the current loader (the reprocess DAG's first step).

The stored bytes (raw.files) are the source of truth: each submission is re-read and
its record and rows are replaced, a batch of files per transaction (sink.replace_batch).
Files are fetched a batch at a time, so a large warehouse is never held in memory whole.
"""

from __future__ import annotations

from pathlib import Path

from loaders.ingest import cycle_collector_paused, prepare_content
from loaders.pipeline import connect, in_batches
from loaders.sink import replace_batch

# Files whose bytes were kept: a file over the size limit was quarantined without them
# (ingest._oversized), and its record stands as it is.
REPARSABLE = (
    "select s.submission_id from raw.submissions s join raw.files f using (submission_id) "
    "where octet_length(f.content) = s.file_size order by s.submission_id"
)
STORED_FILES = (
    "select s.submission_id, s.source_path, s.received_at, f.content "
    "from raw.submissions s join raw.files f using (submission_id) "
    "where s.submission_id = any(%s) order by s.submission_id"
)


def _reparse(submission_id: str, source_path: str, received_at, content, run_id):
    # The stored bytes are parsed as they are: nothing is written back to disk.
    rel = Path(source_path)
    return prepare_content(rel, bytes(content), rel, received_at, run_id=run_id)


def reparsable_ids(conn) -> list[str]:
    return [row[0] for row in conn.execute(REPARSABLE)]


def reparse_all(run_id: str | None = None) -> dict:
    with connect() as conn:
        ids = reparsable_ids(conn)
        statuses: dict[str, int] = {}
        for batch_ids in in_batches(ids):
            stored = conn.execute(STORED_FILES, [batch_ids]).fetchall()
            with cycle_collector_paused():  # until the batch is written and freed (see ingest)
                prepared = [_reparse(*row, run_id) for row in stored]
                replace_batch(conn, prepared)
                for one in prepared:
                    statuses[one.record.load_status] = statuses.get(one.record.load_status, 0) + 1
                del prepared
    return {"reparsed": len(ids), "by_status": statuses}
