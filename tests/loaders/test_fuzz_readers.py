"""Fuzzing: damaged versions of valid files either read or are refused, never anything else.

A reader that raises KeyError or zlib.error on a damaged upload would stop the nightly
batch or reach the clerk as a stack trace; the contract is ExtractedDocument or
RejectedFile. Two kinds of damage: raw bytes of the file (flips, cuts, insertions),
and bytes of one XML part inside an otherwise intact zip, which gets past the zip
checks and reaches openpyxl / python-docx.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loaders.model import ExtractedDocument, RejectedFile
from loaders.readers import read_content
from samples.make_samples import HOANG_HOP_TXT, HUONG_KHE_DOCX, TAN_HONG_XLSX
from tests.fixtures.hostile.builders import replace_member

INBOX = Path(__file__).resolve().parents[2] / "samples" / "inbox"
XLSX = (INBOX / TAN_HONG_XLSX).read_bytes()
DOCX = (INBOX / HUONG_KHE_DOCX).read_bytes()
TXT = (INBOX / HOANG_HOP_TXT).read_bytes()

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                       HealthCheck.data_too_large])


@st.composite
def damaged(draw, original: bytes) -> bytes:
    """``original`` with one to six edits: flipped bytes, overwrites, insertions, deletions or a cut."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 6))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        edit = draw(st.sampled_from(["flip", "overwrite", "insert", "delete", "cut"]))
        if edit == "flip":
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif edit == "overwrite":
            chunk = draw(st.binary(min_size=1, max_size=16))
            data[at : at + len(chunk)] = chunk
        elif edit == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
        elif edit == "delete":
            del data[at : at + draw(st.integers(1, 64))]
        else:
            del data[at:]
    return bytes(data)


@st.composite
def damaged_part(draw, original: bytes, prefix: str) -> bytes:
    """``original`` (a zip) with one XML part under ``prefix`` damaged and the zip rebuilt intact."""
    names = sorted(name for name in zipfile.ZipFile(io.BytesIO(original)).namelist()
                   if name.startswith(prefix) and name.endswith(".xml"))
    name = draw(st.sampled_from(names))
    part = zipfile.ZipFile(io.BytesIO(original)).read(name)
    return replace_member(original, name, draw(damaged(part)))


def assert_read_or_refused(content: bytes, file_name: str) -> None:
    try:
        result = read_content(content, file_name)
    except RejectedFile as refused:
        assert refused.reason_code and refused.reason_vi
    else:
        assert isinstance(result, ExtractedDocument)
        assert all(row.row_no == index for index, row in enumerate(result.rows, start=1))


@FUZZ
@given(damaged(XLSX))
def test_given_damaged_xlsx_bytes_then_read_or_refused(content):
    assert_read_or_refused(content, "tan-hong.xlsx")


@FUZZ
@given(damaged_part(XLSX, "xl/"))
def test_given_a_damaged_part_inside_an_intact_xlsx_then_read_or_refused(content):
    assert_read_or_refused(content, "tan-hong.xlsx")


@FUZZ
@given(damaged(DOCX))
def test_given_damaged_docx_bytes_then_read_or_refused(content):
    assert_read_or_refused(content, "huong-khe.docx")


@FUZZ
@given(damaged_part(DOCX, "word/"))
def test_given_a_damaged_part_inside_an_intact_docx_then_read_or_refused(content):
    assert_read_or_refused(content, "huong-khe.docx")


@FUZZ
@given(damaged(TXT))
def test_given_damaged_text_bytes_then_read_or_refused(content):
    assert_read_or_refused(content, "hoang-hop.txt")
    assert_read_or_refused(content, "hoang-hop.csv")
