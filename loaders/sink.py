"""Writing submissions to the warehouse with bulk COPY, each file whole or not at all.

Nothing partial is ever visible: a file's submission record, its stored bytes and all
of its rows commit together or not at all. A file already stored (same SHA-256) is a
no-op, so reruns of the same night change nothing.

``store_batch`` is the loading path: the files of a batch go into one transaction
with one COPY per table (a group commit). Committing once for many files is what
makes the load step fast: per file, a transaction and five statements cost more than
the COPY of its 130 rows. A batch still never shows part of a file, and one file
cannot take the others down: if the database refuses anything in the batch, the
batch is rolled back and every file is stored again in a transaction of its own
(``store_submission``), where a file the database refuses becomes a quarantine record.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from dataclasses import astuple, dataclass, field, fields
from datetime import datetime
from typing import TYPE_CHECKING

import psycopg

from loaders.copy_text import appendix_rows_text
from loaders.warehouse import LOADER_VERSION

if TYPE_CHECKING:
    from loaders.ingest import PreparedSubmission

log = logging.getLogger(__name__)

REFUSED_BY_DATABASE_VI = (
    "Cơ sở dữ liệu không nhận được nội dung tệp (có ký tự hoặc giá trị không lưu được). Tệp đã được lưu lại; "
    "bộ phận CNTT sẽ kiểm tra và xử lý lại, đơn vị chưa cần gửi lại."
)

# Everything parsed from a stored file (replaced together when it is re-parsed).
CONTENT_TABLES = ("raw.appendix_rows", "raw.par_scores", "raw.sipas_scores", "raw.narrative_figures")

ROW_COLUMNS = (
    "submission_id", "row_no", "code_raw", "code", "label_raw", "label", "unit_raw",
    "value_type", "enum_legend", "value_raw", "value_numeric", "value_note", "parse_rule",
    "parse_flags", "is_section", "parent_row_no", "parent_code", "note_raw", "indicator_id",
    "mapping_rule",
)


@dataclass
class SubmissionRecord:
    """One row of raw.submissions: a file as received and what we decided about it."""

    submission_id: str
    file_sha256: str
    source_file: str
    source_path: str
    file_size: int
    received_at: datetime
    load_status: str  # loaded | quarantined | no_appendix
    inbox_folder: str | None = None
    run_id: str | None = None
    reader: str | None = None
    reason_code: str | None = None
    status_reason: str | None = None
    unit_key: str | None = None
    unit_code: str | None = None
    unit_name: str | None = None
    unit_type: str | None = None
    province_code: str | None = None
    province_name: str | None = None
    period_key: str | None = None
    report_year: int | None = None
    report_number: str | None = None
    report_date: str | None = None
    stated_window_from: str | None = None
    stated_window_to: str | None = None
    template_id: str | None = None
    template_score: float | None = None
    n_rows: int = 0
    identification: dict = field(default_factory=dict)


def already_stored(conn: psycopg.Connection, sha256: str) -> bool:
    return conn.execute("select 1 from raw.submissions where file_sha256 = %s", [sha256]).fetchone() is not None


def _record_values(record: SubmissionRecord) -> dict:
    """The raw.submissions columns of a record, by name."""
    values = dict(record.__dict__)
    values["identification"] = json.dumps(record.identification, ensure_ascii=False, default=str)
    values["loader_version"] = LOADER_VERSION
    return values


def _insert_submission_and_file(conn: psycopg.Connection, record: SubmissionRecord, content: bytes) -> bool:
    """Insert the submission record and the file bytes in one round trip; False when the
    same content (SHA-256) is already stored, in which case nothing is written."""
    values = _record_values(record)
    columns = list(values)
    placeholders = ", ".join(f"%({c})s" for c in columns)
    values["content"] = content
    inserted = conn.execute(
        f"with submission as (insert into raw.submissions ({', '.join(columns)}) values ({placeholders}) "
        "on conflict (file_sha256) do nothing returning submission_id) "
        "insert into raw.files (submission_id, content) select submission_id, %(content)s from submission "
        "returning submission_id",
        values,
    ).fetchone()
    return inserted is not None


def _commit_without_waiting_for_disk(conn: psycopg.Connection) -> None:
    """Let this transaction's commit return before its WAL reaches the disk (this transaction only).

    Atomicity is unchanged: a crash can only lose the last few commits whole (at most
    about three wal_writer_delay, 600 ms by default), never part of one. A lost file is
    still in the inbox (nothing removes files from it) and, its SHA-256 missing from
    raw.submissions, pipeline.discover_new_files hands it to the next run, which loads
    it again. Waiting for the flush was the largest fixed cost of a file's commit.
    """
    conn.execute("set local synchronous_commit = off")


SUBMISSION_COLUMNS = (*(f.name for f in fields(SubmissionRecord)), "loader_version")


def _submission_tuple(record: SubmissionRecord) -> tuple:
    values = _record_values(record)
    return tuple(values[column] for column in SUBMISSION_COLUMNS)


def copy_rows(conn: psycopg.Connection, table: str, columns: tuple[str, ...], rows,
              binary_types: tuple[str, ...] | None = None) -> int:
    """Bulk-load tuples with COPY (the fast path; no row-by-row inserts). With
    ``binary_types`` (the Postgres type of each column) the binary format is used."""
    count = 0
    binary = " (format binary)" if binary_types else ""
    with conn.cursor() as cur:
        with cur.copy(f"copy {table} ({', '.join(columns)}) from stdin{binary}") as copy:
            if binary_types:
                copy.set_types(list(binary_types))
            for row in rows:
                copy.write_row(row)
                count += 1
    return count


def copy_texts(conn: psycopg.Connection, table: str, columns: tuple[str, ...], texts: Iterable[str]) -> None:
    """One COPY of rows already written in COPY's text format (loaders.copy_text), piece by piece."""
    with conn.cursor() as cur:
        with cur.copy(f"copy {table} ({', '.join(columns)}) from stdin") as copy:
            for text in texts:
                copy.write(text)


def _dataclass_tuple(submission_id: str, item) -> tuple:
    """A dataclass row whose fields are its table's columns after submission_id."""
    return (submission_id, *(list(v) if isinstance(v, tuple) else v for v in astuple(item)))


# Tables filled from dataclass rows of a PreparedSubmission: (table, attribute).
DATACLASS_CONTENTS = (("raw.par_scores", "par_scores"), ("raw.sipas_scores", "sipas"),
                      ("raw.narrative_figures", "narrative"))


def _copy_contents(conn: psycopg.Connection, batch: list[PreparedSubmission]) -> None:
    """Everything parsed from the files of ``batch``: one COPY per table."""
    copy_texts(conn, "raw.appendix_rows", ROW_COLUMNS, (
        appendix_rows_text(p.record.submission_id, p.rows, p.parent_codes, p.mappings) for p in batch if p.rows))
    for table, attribute in DATACLASS_CONTENTS:
        items = [(p.record.submission_id, item) for p in batch for item in getattr(p, attribute)]
        if items:
            columns = ("submission_id", *(f.name for f in fields(items[0][1])))
            copy_rows(conn, table, columns, (_dataclass_tuple(sid, item) for sid, item in items))


def store_submission(conn: psycopg.Connection, prepared: PreparedSubmission) -> bool:
    """Store a submission atomically. Returns False when the file was already stored."""
    record = prepared.record
    with conn.transaction():
        _commit_without_waiting_for_disk(conn)
        if not _insert_submission_and_file(conn, record, prepared.content):
            return False
        _copy_contents(conn, [prepared])
    return True


def _quarantine_refused(prepared: PreparedSubmission, error: psycopg.Error) -> None:
    """The database refused what was parsed from a file: keep the file, as quarantined."""
    record = prepared.record
    log.error("the database refused %s: %s", record.source_path, error)
    record.load_status, record.reason_code, record.status_reason = (
        "quarantined", "database_refused", REFUSED_BY_DATABASE_VI)
    record.identification = {**record.identification, "database_error": str(error)[:2000]}
    record.n_rows = 0
    prepared.clear_content()


# What the database says when it refuses the content of a file (not the connection or server).
REFUSED = (psycopg.DataError, psycopg.IntegrityError)
SUBMISSION_KEYS = ("submissions_pkey", "submissions_file_sha256_key")


def _write_batch(conn: psycopg.Connection, write, batch: list[PreparedSubmission]) -> bool:
    """``write(conn, batch)`` in one transaction; False, with nothing written, when the
    database refuses the content. Connection and server problems are raised: the task is
    retried, nothing is lost."""
    try:
        with conn.transaction():
            _commit_without_waiting_for_disk(conn)
            write(conn, batch)
        return True
    except REFUSED as error:
        log.warning("batch of %d files refused (%s); writing them one by one", len(batch), error)
        return False


def _write_alone(conn: psycopg.Connection, write_one, prepared: PreparedSubmission) -> bool:
    """``write_one(conn, prepared)`` for one file in its own transaction; a file whose
    content the database refuses is written as quarantined instead."""
    try:
        return write_one(conn, prepared)
    except REFUSED as error:
        if isinstance(error, psycopg.errors.UniqueViolation) and error.diag.constraint_name in SUBMISSION_KEYS:
            return False  # stored meanwhile by another load of the same content: that copy won
        _quarantine_refused(prepared, error)
        return write_one(conn, prepared)


def _new_in_batch(conn: psycopg.Connection, batch: list[PreparedSubmission]) -> list[PreparedSubmission]:
    """The files of the batch not stored yet, each content once (the first copy wins)."""
    shas = [p.record.file_sha256 for p in batch]
    stored = {row[0] for row in conn.execute(
        "select file_sha256 from raw.submissions where file_sha256 = any(%s)", [shas])}
    new = []
    for prepared in batch:
        sha = prepared.record.file_sha256
        if sha not in stored:
            stored.add(sha)
            new.append(prepared)
    return new


def _copy_batch(conn: psycopg.Connection, batch: list[PreparedSubmission]) -> None:
    copy_rows(conn, "raw.submissions", SUBMISSION_COLUMNS,
              (_submission_tuple(p.record) for p in batch))
    # Binary: in text COPY the bytes travel, and are decoded, as hex digits, twice their size.
    copy_rows(conn, "raw.files", ("submission_id", "content"),
              ((p.record.submission_id, p.content) for p in batch), binary_types=("text", "bytea"))
    _copy_contents(conn, batch)


def store_batch(conn: psycopg.Connection, batch: list[PreparedSubmission]) -> list[bool]:
    """Store many files in one transaction, one COPY per table. Returns, per file, whether
    it was stored now (False: the same content was already stored, or came earlier in the
    batch). When the database refuses anything, every file is stored on its own instead."""
    with conn.transaction():
        new = _new_in_batch(conn, batch)
    if not new:
        return [False] * len(batch)
    if _write_batch(conn, _copy_batch, new):
        stored = {id(p): True for p in new}
    else:
        stored = {id(p): _write_alone(conn, store_submission, p) for p in new}
    return [stored.get(id(p), False) for p in batch]


def _replace_contents(conn: psycopg.Connection, batch: list[PreparedSubmission]) -> None:
    """Re-parse results of stored files: records updated, parsed contents replaced (bytes stay)."""
    assignments = ", ".join(f"{c} = %({c})s" for c in SUBMISSION_COLUMNS if c != "submission_id")
    with conn.cursor() as cur:
        cur.executemany(f"update raw.submissions set {assignments} where submission_id = %(submission_id)s",
                        [_record_values(p.record) for p in batch])
    ids = [p.record.submission_id for p in batch]
    for table in CONTENT_TABLES:
        conn.execute(f"delete from {table} where submission_id = any(%s)", [ids])
    _copy_contents(conn, batch)


def replace_submission(conn: psycopg.Connection, prepared: PreparedSubmission) -> bool:
    """Re-parse result for one stored file, replaced atomically."""
    with conn.transaction():
        _commit_without_waiting_for_disk(conn)
        _replace_contents(conn, [prepared])
    return True


def replace_batch(conn: psycopg.Connection, batch: list[PreparedSubmission]) -> None:
    """Re-parse results for many stored files in one transaction, as ``store_batch`` stores
    new ones: if the database refuses anything, each file is replaced on its own, and a
    file the database still refuses is kept as quarantined."""
    if not _write_batch(conn, _replace_contents, batch):
        for prepared in batch:
            _write_alone(conn, replace_submission, prepared)
