"""The fast xlsx path gives exactly what the openpyxl path gives, or steps aside.

Every workbook here is read twice, by ``read_xlsx`` (the fast path, falling back to
openpyxl) and by ``read_xlsx_openpyxl`` alone: the documents must be equal, and a
file refused by one must be refused the same way by the other.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Font

from loaders.model import RejectedFile
from loaders.readers.safety import DEFAULT_LIMITS, ReadLimits
from loaders.readers.xlsx import read_xlsx, read_xlsx_fast, read_xlsx_openpyxl
from loaders.readers.xlsx_fast import Unsupported
from tests.fixtures.hostile import builders
from tests.fixtures.seed_appendices import SEED_000, SEED_001

REPO = Path(__file__).resolve().parents[2]
SAMPLE_XLSX = sorted((REPO / "samples" / "inbox").rglob("*.xlsx"))
HEADER = builders.APPENDIX_HEADER


def outcome(read, content: bytes, limits: ReadLimits = DEFAULT_LIMITS):
    """The document, or how the file was refused (any other error means 'corrupt' to read_content)."""
    try:
        return read(content, limits)
    except RejectedFile as refused:
        return ("refused", refused.reason_code, refused.reason_vi)
    except Exception:
        return ("corrupt",)


def assert_same(content: bytes, limits: ReadLimits = DEFAULT_LIMITS) -> object:
    expected = outcome(read_xlsx_openpyxl, content, limits)
    assert outcome(read_xlsx, content, limits) == expected
    return expected


def assert_fast(content: bytes, limits: ReadLimits = DEFAULT_LIMITS) -> None:
    """Equal, and read by the fast path itself (not by its fallback)."""
    assert_same(content, limits)
    assert outcome(read_xlsx_fast, content, limits) == outcome(read_xlsx_openpyxl, content, limits)


def saved(workbook: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def seed_workbook(seed_rows, cover: bool = True) -> openpyxl.Workbook:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    if cover:
        sheet.title = "Bia"
        sheet.append(["ỦY BAN NHÂN DÂN HUYỆN TÂN HỒNG"])
        sheet["A1"].font = Font(bold=True)
        sheet = workbook.create_sheet("Phu luc")
    sheet.append(["PHỤ LỤC"])
    sheet.append([])
    sheet.append(["STT", "Chỉ tiêu thống kê", "Kết quả thống kê", None, "Ghi chú"])
    sheet.append([None, None, "Đơn vị tính", "Số lượng/ Tỷ lệ", None])
    for merged in ("A3:A4", "B3:B4", "C3:D3", "E3:E4"):
        sheet.merge_cells(merged)
    for row in seed_rows:
        sheet.append([row.code, row.label, row.unit, row.number if row.number is not None else row.value, row.note])
        if row.bold or (row.unit is None and row.value is None):  # headings
            sheet.cell(sheet.max_row, 2).font = Font(bold=True)
        if row.unit == "%":
            sheet.cell(sheet.max_row, 4).number_format = "0.00%"
    return workbook


def with_shared_strings(content: bytes) -> bytes:
    """The workbook as Excel saves it: every inline string moved to xl/sharedStrings.xml,
    some as rich-text runs with a phonetic part (which openpyxl leaves out)."""
    archive = zipfile.ZipFile(io.BytesIO(content))
    strings: list[str] = []

    def to_shared(match: re.Match) -> bytes:
        strings.append(match.group(2).decode())
        return match.group(1) + b' t="s"><v>' + str(len(strings) - 1).encode() + b"</v></c>"

    for name in archive.namelist():
        if name.startswith("xl/worksheets/sheet"):
            sheet = re.sub(rb'(<c r="[A-Z]+\d+"(?: s="\d+")?) t="inlineStr"><is>(.*?)</is></c>', to_shared,
                           archive.read(name))
            content = builders.replace_member(content, name, sheet)
    items = []
    for index, inner in enumerate(strings):
        if index % 3 == 1:  # the same text as runs: <r><rPr><b/></rPr><t>..</t></r>, then a phonetic run
            inner = f"<r><rPr><b/></rPr>{inner}</r><r>{inner}</r><rPh sb=\"0\" eb=\"1\"><t>x</t></rPh>"
        items.append(f"<si>{inner}</si>")
    table = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
             f'2006/main" count="{len(items)}" uniqueCount="{len(items)}">{"".join(items)}</sst>').encode()
    content = builders.replace_member(content, "xl/sharedStrings.xml", table)
    types = zipfile.ZipFile(io.BytesIO(content)).read("[Content_Types].xml").replace(
        b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
                     b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    return builders.replace_member(content, "[Content_Types].xml", types)


# ---------------------------------------------------------------------------
# Ordinary workbooks: read by the fast path, same result
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("path", SAMPLE_XLSX, ids=lambda p: p.name)
def test_given_the_sample_workbooks_then_both_paths_agree(path):
    assert_same(path.read_bytes())


def test_given_the_readable_sample_then_the_fast_path_reads_it_itself():
    readable = [p for p in SAMPLE_XLSX if not isinstance(outcome(read_xlsx_openpyxl, p.read_bytes()), tuple)]
    assert readable
    for path in readable:
        assert_fast(path.read_bytes())


@pytest.mark.parametrize("seed_rows", [SEED_000, SEED_001], ids=["seed000", "seed001"])
def test_given_seed_appendices_with_inline_or_shared_strings_then_both_paths_agree(seed_rows):
    content = saved(seed_workbook(seed_rows))
    assert_fast(content)
    document = read_xlsx(content)
    assert document.rows and any(row.is_bold for row in document.rows)
    assert any(row.number_format == "0.00%" for row in document.rows)
    shared = with_shared_strings(content)
    assert b"<si><r>" in zipfile.ZipFile(io.BytesIO(shared)).read("xl/sharedStrings.xml")
    assert_fast(shared)
    # runs joined, phonetic text left out: the rich-text rows read twice their text
    assert read_xlsx(shared).rows != document.rows


def test_given_dates_booleans_errors_and_odd_numbers_then_both_paths_agree():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Báo cáo ngày", dt.datetime(2024, 6, 15), dt.date(2024, 6, 30), dt.time(8, 30)])
    sheet.append(HEADER)
    sheet.append(["1", "Có kế hoạch", "Có=1", True, None])
    sheet.append(["2", "Lỗi", "Người", "#DIV/0!", None])
    sheet.append(["3", "Số lớn", "Người", 1e300, None])
    sheet.append(["4", "Thời lượng", "Giờ", dt.timedelta(hours=30), None])
    sheet.cell(sheet.max_row, 4).number_format = "[h]:mm"
    sheet.append(["5", "Ô xa", "Người", 7] + [None] * 70 + ["ngoài cột 60"])
    sheet.cell(40, 1).value = "sau khoảng trống"
    assert_fast(saved(workbook))


def test_given_cached_formulas_then_cached_values_are_read_by_both():
    content = builders.xlsx_with_cached_formulas()
    assert_fast(content)
    assert [row.value_raw for row in read_xlsx(content).rows] == ["51", "7", None]


def test_given_rows_without_numbers_or_out_of_order_then_both_paths_agree():
    content = builders.minimal_xlsx([HEADER, ["1.1", "Số nhiệm vụ", "Nhiệm vụ", 38, None],
                                     ["1.2", "Số văn bản", "Văn bản", 5, None]])
    sheet = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")
    unnumbered = re.sub(rb'<row r="\d+"', b"<row", sheet)
    assert_fast(builders.replace_member(content, "xl/worksheets/sheet1.xml", unnumbered))
    swapped = sheet.replace(b'<row r="3"', b'<row r="1"')
    assert_fast(builders.replace_member(content, "xl/worksheets/sheet1.xml", swapped))
    no_dimension = re.sub(rb"<dimension [^>]*/>", b"", sheet)
    assert_fast(builders.replace_member(content, "xl/worksheets/sheet1.xml", no_dimension))
    short_dimension = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:E2"/>', sheet)
    assert_fast(builders.replace_member(content, "xl/worksheets/sheet1.xml", short_dimension))


# ---------------------------------------------------------------------------
# Hostile and broken workbooks: refused the same way
# ---------------------------------------------------------------------------

def test_given_an_entity_bomb_then_both_refuse_it_and_the_fast_path_steps_aside():
    bomb = builders.xlsx_with_entity_bomb()
    with pytest.raises(Unsupported):
        read_xlsx_fast(bomb)
    sheet = zipfile.ZipFile(io.BytesIO(bomb)).read("xl/worksheets/sheet1.xml")
    hidden = builders.replace_member(bomb, "xl/worksheets/sheet1.xml", sheet.replace(
        b"<!DOCTYPE", b"<!--" + b" " * 70_000 + b"-->\n<!DOCTYPE", 1))
    started = time.monotonic()
    assert assert_same(hidden) == ("corrupt",)
    assert time.monotonic() - started < 10


@pytest.mark.parametrize("keep", [0.3, 0.6, 0.9])
def test_given_a_truncated_workbook_then_both_refuse_it(keep):
    content = builders.truncated(builders.minimal_xlsx([HEADER, ["1", "Chỉ tiêu", "Người", 1, None]]), keep)
    assert_same(content)


def test_given_broken_parts_then_both_paths_agree():
    content = builders.minimal_xlsx([HEADER, ["1.1", "Số nhiệm vụ", "Nhiệm vụ", 38, None]])
    archive = zipfile.ZipFile(io.BytesIO(content))
    for name in archive.namelist():
        data = archive.read(name)
        for broken in (data[: len(data) // 2], data.replace(b'"', b"'", 3), b"<x/>", b""):
            assert_same(builders.replace_member(content, name, broken))
    sheet = archive.read("xl/worksheets/sheet1.xml")
    for odd in (b'<c r="a2"', b'<c r="B2" s="99"', b'<c r="B2" s=""', b'<c r="B2" t="s"'):
        assert_same(builders.replace_member(content, "xl/worksheets/sheet1.xml",
                                            sheet.replace(b'<c r="B2"', odd, 1)))


def test_given_more_rows_than_the_limit_then_both_refuse_at_the_same_line():
    limits = ReadLimits(max_rows=40, max_scanned_rows=300)
    rows = [HEADER] + [[f"9.{i}", "Chỉ tiêu lặp", "Người", i, None] for i in range(41 + 100)]
    assert assert_same(builders.minimal_xlsx(rows), limits)[1] == "too_large"
    far = openpyxl.Workbook()
    far.active.append(HEADER)
    far.active.cell(row=400, column=1, value="x")
    assert assert_same(saved(far), limits)[1] == "too_large"
