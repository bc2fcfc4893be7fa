"""GIVEN the three seed appendices in every form units send them (the report text, and an
xlsx and a docx file of each rendered from the hand-written figures), WHEN read and
parsed, THEN every coded row carries the value written out by hand in
tests/fixtures/seed_appendices.py, and each file is identified as the same unit and period.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.ingest import prepare_file
from loaders.readers import read_file
from loaders.rows import parse_rows
from samples.make_samples import SEED_OFFICE_FORMS, appendix_docx, appendix_xlsx
from tests.fixtures.seed_appendices import SEED_APPENDICES

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO.parent / "shared" / "seeds"
SAMPLES = REPO / "samples" / "inbox"
TEXT_SOURCES = {
    ("000", "text"): SEEDS / "000_02cae422fdfef8b2.txt",
    ("001", "text"): SEEDS / "001_51d0cabe97e049c0.txt",
    ("004", "text"): SEEDS / "004_3464294e7b999345.txt",
    ("004", "text-sample"): SAMPLES / "thanh-hoa/hoang-hop_2024-H1.txt",
}
OFFICE_BUILDERS = {"xlsx": appendix_xlsx, "docx": appendix_docx}
OFFICE_SOURCES = [(seed, form) for seed in SEED_OFFICE_FORMS for form in OFFICE_BUILDERS]
# The inbox sub-folder names the province, as in samples/inbox.
PROVINCE_FOLDER = {"000": "dong-thap", "001": "ha-tinh", "004": "thanh-hoa"}
# Who and when each seed is, read from the seeds by hand (the unit register's codes).
IDENTITY = {
    "000": ("869", "Huyện Tân Hồng", "2021-Q1", "2021-03-15"),
    "001": ("444", "Huyện Hương Khê", "2022-H1", "2022-06-15"),
    "004": ("15919", "Xã Hoằng Hợp", "2024-H1", "2024-06-04"),
}


@pytest.fixture(scope="module")
def office_inbox(tmp_path_factory) -> Path:
    """Each seed as an xlsx and a docx file, written from the hand-written figures."""
    inbox = tmp_path_factory.mktemp("seed-office-forms")
    for seed, form in OFFICE_SOURCES:
        path = inbox / PROVINCE_FOLDER[seed] / f"seed-{seed}.{form}"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(OFFICE_BUILDERS[form](SEED_OFFICE_FORMS[seed]))
    return inbox


def source_path(seed: str, form: str, office_inbox: Path) -> Path:
    if (seed, form) in TEXT_SOURCES:
        return TEXT_SOURCES[(seed, form)]
    return office_inbox / PROVINCE_FOLDER[seed] / f"seed-{seed}.{form}"


ALL_SOURCES = [*TEXT_SOURCES, *OFFICE_SOURCES]
IDS = [f"{seed}-{form}" for seed, form in ALL_SOURCES]


def test_given_the_seed_office_forms_then_every_seed_comes_as_both_xlsx_and_docx():
    assert sorted(SEED_OFFICE_FORMS) == sorted(SEED_APPENDICES)
    assert {form for _, form in OFFICE_SOURCES} == {"xlsx", "docx"}
    assert len(OFFICE_SOURCES) == 2 * len(SEED_APPENDICES)


@pytest.mark.parametrize("seed, form", ALL_SOURCES, ids=IDS)
def test_given_a_seed_appendix_when_parsed_then_every_coded_row_has_the_hand_written_value(
        seed, form, office_inbox):
    document = read_file(source_path(seed, form, office_inbox))
    assert document.reader == ("text" if form.startswith("text") else form)
    rows = parse_rows(document.rows)
    expected = SEED_APPENDICES[seed]
    assert len(rows) == len(expected)
    checked = 0
    for got, want in zip(rows, expected, strict=True):
        if want.code is None or want.code == "Trong đó":
            continue
        assert got.code_raw == want.code
        if want.number is None:
            assert got.value_numeric is None, (want.code, want.label, got.value_numeric)
        else:
            assert got.value_numeric == pytest.approx(want.number), (want.code, want.label, got.value_raw)
        checked += 1
    assert checked >= 50


@pytest.mark.parametrize("seed, form", OFFICE_SOURCES, ids=[f"{s}-{f}" for s, f in OFFICE_SOURCES])
def test_given_a_seed_office_file_when_parsed_then_unit_text_and_notes_are_the_seeds(seed, form, office_inbox):
    """The office forms carry every cell whole (no page breaks): unit and note text come through as typed."""
    rows = parse_rows(read_file(source_path(seed, form, office_inbox)).rows)
    for got, want in zip(rows, SEED_APPENDICES[seed], strict=True):
        assert (got.code_raw, got.unit_raw) == (want.code, want.unit), want.label
        if want.note is not None:
            assert got.note_raw == want.note, want.code


@pytest.mark.parametrize("seed, form", ALL_SOURCES, ids=IDS)
def test_given_a_seed_in_any_form_when_prepared_then_it_is_identified_as_the_same_unit_and_period(
        seed, form, office_inbox):
    path = source_path(seed, form, office_inbox)
    # Seed texts sit outside an inbox; their province is in the text.
    root = office_inbox if path.is_relative_to(office_inbox) else path.parent
    record = prepare_file(path, inbox_root=root).record
    assert record.load_status == "loaded", (record.reason_code, record.status_reason)
    assert (record.unit_code, record.unit_name, record.period_key, record.report_date) == IDENTITY[seed]
    assert record.n_rows == len(SEED_APPENDICES[seed])
