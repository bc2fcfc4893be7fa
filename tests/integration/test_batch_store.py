"""The loading path (sink.store_batch) against a real Postgres, in a database of its own.

GIVEN prepared files of samples/inbox, WHEN a batch is stored, THEN every file is stored
whole (record, bytes, rows) or not at all, a repeat is a no-op, and a file the
database refuses is quarantined while the rest of the batch loads.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from loaders.ingest import prepare_file
from loaders.sink import CONTENT_TABLES, replace_batch, store_batch

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "inbox"
DATABASE = "cchc_batch_store_test"


@pytest.fixture(scope="module")
def conn():
    from loaders import embedded_pg
    from loaders.warehouse import ensure_schema

    embedded_pg.up()
    with psycopg.connect(embedded_pg.url(database="postgres"), autocommit=True) as admin:
        admin.execute(sql.SQL("drop database if exists {}").format(sql.Identifier(DATABASE)))
        admin.execute(sql.SQL("create database {}").format(sql.Identifier(DATABASE)))
    with psycopg.connect(embedded_pg.url(database=DATABASE), autocommit=True) as connection:
        ensure_schema(connection)
        yield connection
    with psycopg.connect(embedded_pg.url(database="postgres"), autocommit=True) as admin:
        admin.execute(sql.SQL("drop database {} with (force)").format(sql.Identifier(DATABASE)))


@pytest.fixture()
def empty(conn):
    conn.execute(f"truncate raw.submissions, raw.files, {', '.join(CONTENT_TABLES)}")
    return conn


def _prepared(paths):
    return [prepare_file(path, inbox_root=SAMPLES) for path in paths]


def _sample_paths() -> list[Path]:
    return sorted(p for p in SAMPLES.rglob("*") if p.is_file())


def _stored(conn) -> dict[str, tuple]:
    """Per stored file: status, number of appendix rows, size of the stored bytes."""
    return {r[0]: (r[1], r[2], r[3]) for r in conn.execute(
        "select s.source_path, s.load_status, (select count(*) from raw.appendix_rows a "
        "where a.submission_id = s.submission_id), length(f.content) "
        "from raw.submissions s join raw.files f using (submission_id)")}


def _counts(conn) -> dict[str, int]:
    return {t: conn.execute(f"select count(*) from {t}").fetchone()[0] for t in ("raw.submissions", *CONTENT_TABLES)}


def test_given_the_samples_when_stored_as_one_batch_then_every_file_is_stored_whole(empty):
    prepared = _prepared(_sample_paths())

    assert store_batch(empty, prepared) == [True] * len(prepared)

    stored = _stored(empty)
    assert len(stored) == len(prepared)
    for p in prepared:
        assert stored[p.record.source_path] == (p.record.load_status, len(p.rows), len(p.content))
    counts = _counts(empty)
    assert counts["raw.par_scores"] == sum(len(p.par_scores) for p in prepared) > 0
    assert counts["raw.sipas_scores"] == sum(len(p.sipas) for p in prepared) > 0
    assert counts["raw.narrative_figures"] == sum(len(p.narrative) for p in prepared) > 0


def test_given_a_stored_batch_when_stored_again_then_nothing_changes(empty):
    paths = _sample_paths()
    store_batch(empty, _prepared(paths))
    before = _counts(empty)

    assert store_batch(empty, _prepared(paths)) == [False] * len(paths)
    assert _counts(empty) == before


def test_given_the_same_content_twice_in_a_batch_then_the_first_copy_is_stored(empty, tmp_path):
    original = SAMPLES / "dong-thap" / "tan-hong_2021-Q1.xlsx"
    copy = tmp_path / "dong-thap" / "ban-sao.xlsx"
    copy.parent.mkdir()
    copy.write_bytes(original.read_bytes())
    prepared = [prepare_file(original, inbox_root=SAMPLES), prepare_file(copy, inbox_root=tmp_path)]

    assert store_batch(empty, prepared) == [True, False]
    assert list(_stored(empty)) == ["dong-thap/tan-hong_2021-Q1.xlsx"]


def test_given_a_file_the_database_refuses_then_it_is_quarantined_and_the_rest_of_the_batch_loads(empty):
    prepared = _prepared(_sample_paths())
    bad = next(p for p in prepared if p.rows)
    # A NUL character cannot be stored in a Postgres text column: the COPY of the batch fails.
    bad.rows[0] = dataclasses.replace(bad.rows[0], label_raw="Số nhiệm vụ\x00")

    assert store_batch(empty, prepared) == [True] * len(prepared)

    stored = _stored(empty)
    assert stored[bad.record.source_path] == ("quarantined", 0, len(bad.content))
    reason = empty.execute("select reason_code, status_reason from raw.submissions where submission_id = %s",
                           [bad.record.submission_id]).fetchone()
    assert reason[0] == "database_refused" and "Cơ sở dữ liệu không nhận được" in reason[1]
    for p in prepared:
        if p is not bad:
            assert stored[p.record.source_path] == (p.record.load_status, len(p.rows), len(p.content))


def test_given_stored_files_when_re_parsed_as_a_batch_then_records_and_contents_are_replaced(empty):
    paths = _sample_paths()
    store_batch(empty, _prepared(paths))
    before, counts = _stored(empty), _counts(empty)
    again = _prepared(paths)
    bad = next(p for p in again if p.rows)
    bad.rows[0] = dataclasses.replace(bad.rows[0], label_raw="Số nhiệm vụ\x00")
    bad_rows = len(bad.rows)

    replace_batch(empty, again)

    after = _stored(empty)
    assert after[bad.record.source_path] == ("quarantined", 0, len(bad.content))
    assert {k: v for k, v in after.items() if k != bad.record.source_path} == \
        {k: v for k, v in before.items() if k != bad.record.source_path}
    assert _counts(empty)["raw.appendix_rows"] == counts["raw.appendix_rows"] - bad_rows


def test_given_a_file_over_the_size_limit_then_its_record_is_stored_without_bytes_and_reprocess_leaves_it(
        empty, tmp_path):
    from loaders.readers.safety import DEFAULT_LIMITS
    from loaders.reprocess import reparsable_ids

    huge = tmp_path / "dong-thap" / "rat-lon.xlsx"
    huge.parent.mkdir()
    with huge.open("wb") as handle:
        handle.truncate(DEFAULT_LIMITS.max_file_bytes + 1)
    oversized = prepare_file(huge, inbox_root=tmp_path)
    batch = [oversized, *_prepared(_sample_paths()[:2])]
    assert store_batch(empty, batch) == [True] * 3
    status, reason, size, stored_bytes = empty.execute(
        "select load_status, reason_code, file_size, octet_length(content) from raw.submissions "
        "join raw.files using (submission_id) where submission_id = %s",
        [oversized.record.submission_id]).fetchone()
    assert (status, reason, size, stored_bytes) == ("quarantined", "too_large", DEFAULT_LIMITS.max_file_bytes + 1, 0)
    # reprocess re-reads stored bytes: the oversized file has none, so its record stands
    assert reparsable_ids(empty) == sorted(p.record.submission_id for p in batch[1:])
