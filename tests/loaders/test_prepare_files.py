"""A batch is prepared file by file, exactly as alone, with the cycle collector paused meanwhile."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from loaders.ingest import cycle_collector_paused, prepare_file, prepare_files

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "inbox"


def _essentials(prepared):
    record = dict(prepared.record.__dict__)
    return record, prepared.rows, prepared.mappings, prepared.narrative


def test_given_the_samples_as_a_batch_then_each_is_prepared_as_alone_and_collection_resumes():
    paths = sorted(path for path in SAMPLES.rglob("*") if path.is_file())
    assert gc.isenabled()
    batch = prepare_files(paths, inbox_root=SAMPLES)
    assert gc.isenabled()
    assert [_essentials(one) for one in batch] == [_essentials(prepare_file(p, inbox_root=SAMPLES)) for p in paths]
    statuses = {one.record.load_status for one in batch}
    assert "quarantined" in statuses and len(statuses) > 1  # the bad samples are in the batch too


def test_given_an_error_inside_then_collection_resumes_and_a_paused_collector_stays_paused():
    with pytest.raises(ZeroDivisionError), cycle_collector_paused():
        assert not gc.isenabled()
        _ = 1 / 0
    assert gc.isenabled()
    gc.disable()
    try:
        with cycle_collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_given_a_file_rewritten_after_it_was_read_then_the_bytes_read_are_parsed_and_stored(tmp_path):
    from datetime import UTC, datetime

    from loaders.ingest import prepare_content

    sent = SAMPLES / "dong-thap" / "tan-hong_2021-Q1.xlsx"
    path = tmp_path / "dong-thap" / sent.name
    path.parent.mkdir()
    path.write_bytes((SAMPLES / "bad" / "rong.xlsx").read_bytes())  # the inbox copy was replaced meanwhile
    prepared = prepare_content(path, sent.read_bytes(), Path("dong-thap") / sent.name, datetime.now(UTC))
    expected = prepare_file(sent, inbox_root=SAMPLES)
    assert prepared.record.load_status == expected.record.load_status == "loaded"
    assert prepared.record.file_sha256 == expected.record.file_sha256
    assert prepared.rows == expected.rows and prepared.content == sent.read_bytes()


def test_given_a_file_over_the_size_limit_then_it_is_hashed_in_chunks_and_quarantined_without_its_bytes(
        tmp_path, monkeypatch):
    import hashlib

    from loaders.ingest import path_sha256
    from loaders.readers.safety import DEFAULT_LIMITS

    path = tmp_path / "dong-thap" / "phu-luc-rat-lon.xlsx"
    path.parent.mkdir()
    with path.open("wb") as handle:
        handle.truncate(DEFAULT_LIMITS.max_file_bytes + 1)  # sparse: no disk used
    expected_sha = hashlib.sha256(path.read_bytes()).hexdigest()

    def never(self):
        raise AssertionError(f"{self} read whole")

    monkeypatch.setattr(Path, "read_bytes", never)
    prepared = prepare_file(path, inbox_root=tmp_path)
    record = prepared.record
    assert (record.load_status, record.reason_code) == ("quarantined", "too_large")
    assert "giới hạn 50,0 MB" in record.status_reason
    assert record.file_sha256 == expected_sha == path_sha256(path)
    assert record.file_size == DEFAULT_LIMITS.max_file_bytes + 1 and record.inbox_folder == "dong-thap"
    assert prepared.content == b"" and prepared.rows == []


def test_given_a_file_under_the_size_limit_then_its_bytes_are_kept_with_its_record(tmp_path):
    path = tmp_path / "bao-cao.txt"
    path.write_bytes(b"x" * 100)
    prepared = prepare_file(path, inbox_root=tmp_path)
    assert prepared.content == b"x" * 100 and prepared.record.file_size == 100
    assert prepared.record.reason_code != "too_large"
