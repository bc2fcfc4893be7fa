"""A zip member read straight from the archive is what zipfile reads, or is left to zipfile."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loaders.readers.zip_members import whole_member

SAMPLE = next((Path(__file__).resolve().parents[2] / "samples" / "inbox").rglob("tan-hong*.xlsx")).read_bytes()


def _archive(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _zipfile_read(content: bytes, info: zipfile.ZipInfo):
    try:
        return zipfile.ZipFile(io.BytesIO(content)).read(info)
    except Exception as error:  # what the caller's zipfile path meets
        return error


def test_given_stored_and_deflated_members_then_each_is_read_as_zipfile_reads_it():
    members = {"xl/workbook.xml": b"<workbook/>" * 50, "Tệp tiếng Việt.xml": "Số liệu".encode() * 30, "empty.xml": b""}
    for compression in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        content = _archive(members, compression)
        for info in zipfile.ZipFile(io.BytesIO(content)).infolist():
            assert whole_member(content, info) == members[info.filename]
    for info in zipfile.ZipFile(io.BytesIO(SAMPLE)).infolist():
        assert whole_member(SAMPLE, info) == zipfile.ZipFile(io.BytesIO(SAMPLE)).read(info)


def test_given_a_damaged_member_then_it_is_left_to_zipfile():
    content = _archive({"a.xml": b"<a>" + b"x" * 500 + b"</a>"})
    info = zipfile.ZipFile(io.BytesIO(content)).infolist()[0]
    data_at = info.header_offset + 30 + len("a.xml")
    flipped = content[:data_at + 3] + bytes([content[data_at + 3] ^ 0xFF]) + content[data_at + 4:]
    renamed = content.replace(b"a.xml", b"b.xml", 1)  # the local header only
    for damaged in (flipped, renamed, content[: data_at + 4]):
        assert whole_member(damaged, info) is None
        assert isinstance(_zipfile_read(damaged, info), Exception)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, len(SAMPLE) - 1), st.integers(0, 255)), min_size=1, max_size=4))
def test_given_damaged_workbook_bytes_then_a_member_read_directly_is_what_zipfile_reads(edits):
    content = bytearray(SAMPLE)
    for at, value in edits:
        content[at] = value
    content = bytes(content)
    try:
        infos = zipfile.ZipFile(io.BytesIO(content)).infolist()
    except Exception:
        return  # the directory itself is refused before any member is read
    for info in infos:
        direct = whole_member(content, info)
        if direct is not None:
            assert direct == _zipfile_read(content, info)
