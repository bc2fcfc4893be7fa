"""GIVEN parsed appendix rows, WHEN stored through loaders.copy_text (as the sink stores them)
and through psycopg's write_row of one tuple per row (how the sink stored them before,
the reference), THEN Postgres holds the same rows: for every row of the sample inbox and
the seeds, and for generated rows full of what the text format must escape.
"""

from __future__ import annotations

import json
from pathlib import Path

import psycopg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loaders.copy_text import appendix_rows_text
from loaders.ingest import prepare_file
from loaders.model import ParsedRow
from loaders.sink import ROW_COLUMNS, copy_rows, copy_texts

REPO = Path(__file__).resolve().parents[2]
COLUMNS = ", ".join(ROW_COLUMNS)


def appendix_row_tuples(submission_id: str, rows, parent_codes, mappings):
    """The reference: each row as a tuple of Python values in ROW_COLUMNS order, which
    psycopg's write_row adapts one by one."""
    return [
        (submission_id, row.row_no, row.code_raw, row.code, row.label_raw, row.label, row.unit_raw,
         row.value_type, json.dumps(row.enum_legend, ensure_ascii=False) if row.enum_legend else None,
         row.value_raw, row.value_numeric, row.value_note, row.parse_rule, list(row.parse_flags),
         row.is_section, row.parent_row_no, parent, row.note_raw, indicator_id, rule)
        for row, parent, (indicator_id, rule) in zip(rows, parent_codes, mappings, strict=True)
    ]


@pytest.fixture()
def two_tables(db):
    for name in ("reference_rows", "written_rows"):
        db.execute(f"create temporary table {name} (like raw.appendix_rows including all)")
    yield db
    db.execute("drop table reference_rows; drop table written_rows")


def _write(conn: psycopg.Connection, text: str) -> None:
    copy_texts(conn, "written_rows", ROW_COLUMNS, [text])


def store_both_ways(conn: psycopg.Connection, submission_id: str, rows, parent_codes, mappings) -> None:
    copy_rows(conn, "reference_rows", ROW_COLUMNS, appendix_row_tuples(submission_id, rows, parent_codes, mappings))
    _write(conn, appendix_rows_text(submission_id, rows, parent_codes, mappings))


def assert_same_rows(conn: psycopg.Connection, expected_count: int) -> None:
    counts = conn.execute("select (select count(*) from reference_rows), (select count(*) from written_rows)").fetchone()
    assert counts == (expected_count, expected_count)
    # Both ways round, every column; "is distinct" semantics via EXCEPT ALL (NULLs and NaN compare equal).
    for first, second in (("reference_rows", "written_rows"), ("written_rows", "reference_rows")):
        extra = conn.execute(f"select {COLUMNS} from {first} except all select {COLUMNS} from {second}").fetchall()
        assert extra == [], (first, extra[:3])
    # numeric keeps its scale ("5" and "5.0" are equal but print differently): compared as text too.
    differ = conn.execute("select count(*) from reference_rows r join written_rows w using (submission_id, row_no) "
                          "where r.value_numeric::text is distinct from w.value_numeric::text").fetchone()[0]
    assert differ == 0


def _real_files() -> list[Path]:
    inbox = sorted(path for path in (REPO / "samples" / "inbox").rglob("*") if path.is_file())
    return inbox + sorted((REPO.parent / "shared" / "seeds").glob("*.txt"))


def test_given_every_sample_and_seed_when_stored_through_copy_text_then_the_rows_are_the_reference_rows(two_tables):
    total = 0
    for path in _real_files():
        prepared = prepare_file(path, inbox_root=path.parent.parent)
        if prepared.rows:
            store_both_ways(two_tables, prepared.record.submission_id, prepared.rows, prepared.parent_codes,
                            prepared.mappings)
            total += len(prepared.rows)
    assert total > 400  # the three seed appendices in their forms, at least
    assert_same_rows(two_tables, total)


# Text with what COPY's text format and array literals must escape, and what only looks like syntax.
_NASTY = st.sampled_from(["\t", "\n", "\r", "\b", "\f", "\v", "\\", '"', "{", "}", ",", " ", "\\N", "\\.", "NULL", "null", "'",
                          "\u00a0", "\u2028", "\x7f", "\x01", "ằ", "Hoằng Hợp", "5.187", "63,4%"])
_TEXT = st.lists(st.one_of(_NASTY, st.text(st.characters(exclude_characters="\x00",
                                                         exclude_categories=("Cs",)), max_size=6)),
                 max_size=6).map("".join)
_OPTIONAL_TEXT = st.none() | _TEXT
_NUMBER = (st.none() | st.floats(allow_nan=True, allow_infinity=True) | st.integers(-10**12, 10**12)
           | st.sampled_from([0, 2, 0.0, -0.0, 1e-7, 5187.0, 63.4]))


@st.composite
def _parsed_rows(draw):
    count = draw(st.integers(min_value=1, max_value=8))
    rows, parents, mappings = [], [], []
    for row_no in range(1, count + 1):
        rows.append(ParsedRow(
            row_no=row_no, code_raw=draw(_OPTIONAL_TEXT), code=draw(_OPTIONAL_TEXT), label_raw=draw(_TEXT),
            label=draw(_TEXT), unit_raw=draw(_OPTIONAL_TEXT), value_type=draw(_TEXT),
            enum_legend=draw(st.none() | st.dictionaries(_TEXT, _TEXT, max_size=3)),
            value_raw=draw(_OPTIONAL_TEXT), value_numeric=draw(_NUMBER), value_note=draw(_OPTIONAL_TEXT),
            parse_rule=draw(_TEXT), parse_flags=tuple(draw(st.lists(_TEXT, max_size=3))),
            is_section=draw(st.booleans()), parent_row_no=draw(st.none() | st.integers(1, 10**6)),
            note_raw=draw(_OPTIONAL_TEXT)))
        parents.append(draw(_OPTIONAL_TEXT))
        mappings.append((draw(_OPTIONAL_TEXT), draw(_OPTIONAL_TEXT)))
    return draw(_TEXT), rows, parents, mappings


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_parsed_rows())
def test_given_rows_full_of_escapes_when_stored_through_copy_text_then_the_rows_are_the_reference_rows(
        two_tables, case):
    submission_id, rows, parents, mappings = case
    two_tables.execute("truncate reference_rows, written_rows")
    store_both_ways(two_tables, submission_id, rows, parents, mappings)
    assert_same_rows(two_tables, len(rows))


def _row(label_raw: str) -> ParsedRow:
    return ParsedRow(1, "1.1", "1.1", label_raw, "nhãn", None, "count", None, "5", 5.0, None, "plain", (), False, None)


def test_given_a_nul_character_then_the_database_refuses_it_as_it_refuses_the_reference(two_tables):
    """Text in Postgres cannot hold NUL: both ways end in the DataError the sink counts as
    refused content (sink.REFUSED), so the file is quarantined and the batch goes on."""
    with pytest.raises(psycopg.DataError):
        copy_rows(two_tables, "reference_rows", ROW_COLUMNS,
                  appendix_row_tuples("s", [_row("nhãn\x00")], [None], [(None, "unmapped")]))
    with pytest.raises(psycopg.DataError):
        _write(two_tables, appendix_rows_text("s", [_row("nhãn\x00")], [None], [(None, "unmapped")]))


def test_given_rows_parents_and_mappings_of_different_lengths_then_nothing_is_written():
    with pytest.raises(ValueError):
        appendix_rows_text("s", [_row("nhãn")], [], [])
