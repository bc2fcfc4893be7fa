"""The text reader on the real seed reports, checked against the hand-written ground truth."""

from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path

import pytest

from loaders.readers import read_content, read_file
from loaders.readers.text import appendix_heading, decode_text, extract_text_appendix
from tests.fixtures.seed_appendices import SEED_APPENDICES, SEED_FILES, coded_rows

SEEDS_WITH_APPENDIX = ("000", "001", "004")


def clean_label(label_raw: str) -> str:
    """A label as the fixture writes it: footnote markers and tags removed."""
    without_notes = re.sub(r"<sup>.*?</sup>", "", label_raw)
    return re.sub(r"\s+", " ", re.sub(r"</?(?:b|i|sup)>", "", without_notes)).strip()


@pytest.fixture(scope="module")
def seed_docs(seeds_dir: Path):
    return {seed: read_file(seeds_dir / name) for seed, name in SEED_FILES.items()}


@pytest.mark.parametrize("seed", SEEDS_WITH_APPENDIX)
def test_given_a_seed_report_when_read_then_every_row_matches_the_ground_truth(seed, seed_docs):
    expected = SEED_APPENDICES[seed]
    rows = seed_docs[seed].rows
    assert len(rows) == len(expected)
    for got, want in zip(rows, expected, strict=True):
        got_cells = (got.code_raw, got.unit_raw, got.value_raw, got.note_raw)
        assert got_cells == (want.code, want.unit, want.value, want.note)
        assert clean_label(got.label_raw) == (want.label_read or want.label)
        assert got.is_bold == want.bold, got.code_raw
        assert got.number_value is None and got.number_format is None
    assert [row.row_no for row in rows] == list(range(1, len(expected) + 1))


@pytest.mark.parametrize("seed", SEEDS_WITH_APPENDIX)
def test_given_repeated_codes_when_keyed_by_occurrence_then_each_coded_row_has_its_own_value(seed, seed_docs):
    seen: dict[str, int] = {}
    got_coded = {}
    for row in seed_docs[seed].rows:
        if row.code_raw is not None:
            seen[row.code_raw] = seen.get(row.code_raw, 0) + 1
            got_coded[(row.code_raw, seen[row.code_raw])] = (row.value_raw, row.unit_raw)
    expected = {key: (row.value, row.unit) for key, row in coded_rows(SEED_APPENDICES[seed]).items()}
    assert got_coded == expected


def test_given_seed_000_then_repeated_codes_keep_their_distinct_values(seed_docs):
    rows = seed_docs["000"].rows
    assert [row.value_raw for row in rows if row.code_raw == "2."] == [None, "03", "03", "03", "0", "0"]
    assert [(row.unit_raw, row.value_raw) for row in rows if row.code_raw == "3.2"] == [
        ("Thủ tục", "11"), ("Thủ tục", "110"), ("%", "465"), ("%", "465")]


def test_given_seed_000_row_1_4_split_by_a_page_break_then_its_unit_is_joined(seed_docs):
    rows = {row.code_raw: row for row in seed_docs["000"].rows}
    assert rows["1.4."].unit_raw == "Không = 0 Có = 1"
    assert rows["1.4."].value_raw == "0"
    following = seed_docs["000"].rows[rows["1.4."].row_no]  # row_no is 1-based: this is the next row
    assert following.code_raw == "1.4.1."


def test_given_seed_000_row_6_5_split_by_a_page_break_then_label_and_unit_are_joined(seed_docs):
    rows = {row.code_raw: row for row in seed_docs["000"].rows}
    row = rows["6.5."]
    assert row.label_raw == ("Số lượng đơn vị SNCL đã chuyển đổi thành công ty cổ phần "
                             "(lũy kế đến thời điểm báo cáo) <i>cáo)</i>")
    assert row.unit_raw == "Cơ quan, đơn vị"
    assert seed_docs["000"].rows[row.row_no].code_raw == "7."


def test_given_seed_004_row_7_2_1_split_by_a_page_break_then_label_and_unit_are_joined(seed_docs):
    rows = {row.code_raw: row for row in seed_docs["004"].rows}
    row = rows["7.2.1"]
    assert row.label_raw == ("Thực hiện kết nối, liên thông các Hệ thống quản lý "
                             "văn bản điều hành từ tỉnh, huyện đến cấp xã")
    assert row.unit_raw == "Đã kết nối = 1 Chưa kết nối = 0"
    assert row.value_raw == "1"
    assert seed_docs["004"].rows[row.row_no].code_raw == "7.2.3"


def test_given_seed_004_trong_do_children_with_values_then_they_stay_separate_rows(seed_docs):
    rows = seed_docs["004"].rows
    start = next(row.row_no for row in rows if row.code_raw == "3.3.1")
    children = [(row.code_raw, row.label_raw, row.value_raw) for row in rows[start : start + 5]]
    assert children == [
        ("Trong đó", "Tiếp nhận trực tiếp", "45"),
        (None, "Tiếp nhận qua BCCI", "5"),
        (None, "Tiếp nhận trực tuyến mức độ 3", "269"),
        (None, "Tiếp nhận trực tuyến mức độ 4", "179"),
        ("3.3.2", "Số lượng hồ sơ TTHC do UBND cấp xã tiếp nhận được giải quyết đúng hẹn", "494"),
    ]


@pytest.mark.parametrize("seed", SEEDS_WITH_APPENDIX)
def test_given_page_break_headers_and_footnotes_then_none_of_them_becomes_a_row(seed, seed_docs):
    for row in seed_docs[seed].rows:
        assert row.code_raw not in ("STT", "Số TT")
        assert not clean_label(row.label_raw).startswith("Chỉ tiêu thống kê")
        assert row.unit_raw not in ("Đơn vị tính", "Kết quả thống kê")
        assert row.value_raw not in ("Số liệu", "Số lượng/ Tỷ lệ", "Số lượng/Tỷ lệ")
        assert "Văn bản quy phạm pháp luật." not in row.label_raw


@pytest.mark.parametrize(("seed", "title"), [("000", "Phụ lục"), ("001", "Phụ lục 1B"), ("004", "Phụ lục 01b")])
def test_given_a_seed_with_appendix_then_the_appendix_title_is_found(seed, title, seed_docs):
    assert seed_docs[seed].appendix_title == title
    assert seed_docs[seed].reader == "text"


@pytest.mark.parametrize(("seed", "unit_name"), [("002", "Vân Canh"), ("003", "Duyên Hải")])
def test_given_a_scorecard_or_a_narrative_only_then_rows_are_empty_and_text_is_kept(seed, unit_name, seed_docs,
                                                                                      seeds_dir):
    document = seed_docs[seed]
    assert document.rows == []
    assert document.appendix_title is None
    assert unit_name in document.text
    assert document.text == (seeds_dir / SEED_FILES[seed]).read_text(encoding="utf-8")


def test_given_a_seed_then_the_document_text_is_the_whole_report(seed_docs, seeds_dir):
    assert seed_docs["001"].text == (seeds_dir / SEED_FILES["001"]).read_text(encoding="utf-8")
    assert "196/BC-UBND" in seed_docs["001"].text


# ---------------------------------------------------------------------------
# Encodings and line endings
# ---------------------------------------------------------------------------

def to_cp1258(text: str) -> bytes:
    """Encode as Windows-1258 does: precomposed vowel shapes (â, ơ, ư) plus combining tone marks."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        base, *marks = unicodedata.normalize("NFD", char)
        tones = [mark for mark in marks if mark in "\u0300\u0301\u0303\u0309\u0323"]
        shaped = unicodedata.normalize("NFC", base + "".join(m for m in marks if m not in tones))
        out += (shaped + "".join(tones)).encode("cp1258")
    return bytes(out)


@pytest.mark.parametrize(
    "encode",
    [
        pytest.param(lambda text: codecs.BOM_UTF8 + text.encode("utf-8"), id="utf-8-bom"),
        pytest.param(lambda text: text.encode("utf-16"), id="utf-16-bom"),
        pytest.param(lambda text: text.encode("utf-16-le"), id="utf-16-le-no-bom"),
        pytest.param(lambda text: text.replace("\n", "\r\n").encode("utf-8"), id="crlf"),
        pytest.param(to_cp1258, id="cp1258"),
    ],
)
def test_given_seed_004_in_another_encoding_then_rows_are_the_same(encode, seeds_dir, seed_docs):
    text = (seeds_dir / SEED_FILES["004"]).read_text(encoding="utf-8")
    document = read_content(encode(text), "hoang-hop.txt")
    assert document.rows == seed_docs["004"].rows
    assert "Hoằng Hợp" in document.text


def test_given_a_utf8_file_with_one_damaged_byte_then_it_is_still_read(seeds_dir, seed_docs):
    content = (seeds_dir / SEED_FILES["004"]).read_bytes()
    damaged = content[:200] + b"\xff" + content[200:]
    assert decode_text(damaged).count("\ufffd") == 1
    assert read_content(damaged, "x.txt").rows == seed_docs["004"].rows


# ---------------------------------------------------------------------------
# Small constructed reports
# ---------------------------------------------------------------------------

def test_given_a_summary_table_in_the_narrative_then_the_table_after_the_appendix_heading_is_used():
    text = "\n".join([
        "Báo cáo của UBND xã Thử",
        "STT\tChỉ tiêu\tKết quả\tGhi chú",
        "1\tTổng thu ngân sách\t12\t",
        "",
        "PHỤ LỤC 01B: THỐNG KÊ SỐ LIỆU",
        "STT\tChỉ tiêu thống kê\tĐơn vị tính\tSố liệu\tGhi chú",
        "1.1\tSố nhiệm vụ đề ra\tNhiệm vụ\t38\t",
    ])
    rows, title = extract_text_appendix(text)
    assert title == "PHỤ LỤC 01B"
    assert [(row.code_raw, row.value_raw) for row in rows] == [("1.1", "38")]


def test_given_a_single_line_header_with_column_numbers_then_the_numbering_row_is_skipped():
    text = "\n".join([
        "Số TT\tChỉ tiêu\tĐVT\tSố liệu\tGhi chú",
        "(1)\t(2)\t(3)\t(4)\t(5)",
        "1\tSố văn bản\tVăn bản\t5\tđủ",
    ])
    rows, _ = extract_text_appendix(text)
    assert [(row.code_raw, row.unit_raw, row.value_raw, row.note_raw) for row in rows] == [
        ("1", "Văn bản", "5", "đủ")]


def test_given_an_uncoded_row_without_value_not_after_a_break_then_it_is_its_own_row():
    text = "\n".join([
        "STT\tChỉ tiêu thống kê\tĐơn vị tính\tSố liệu\tGhi chú",
        "3.3\tKết quả giải quyết\t\t\t",
        "\tTrong đó chia theo lĩnh vực\t\t\t",
        "3.3.1\tĐất đai\tHồ sơ\t4\t",
    ])
    rows, _ = extract_text_appendix(text)
    assert [row.code_raw for row in rows] == ["3.3", None, "3.3.1"]


@pytest.mark.parametrize(
    ("line", "title"),
    [("**Phụ lục 1B**  ", "Phụ lục 1B"), ("Phụ lục 01b:", "Phụ lục 01b"), ("PHỤ LỤC", "PHỤ LỤC"),
     ("(Có Phụ lục 1B kèm theo).", None), ("3. Kết quả chủ yếu đạt được: (Phụ lục kèm theo)", None)],
)
def test_given_heading_lines_then_only_real_appendix_headings_give_a_title(line, title):
    assert appendix_heading(line) == title


# ---------------------------------------------------------------------------
# The text samples of the bundled inbox
# ---------------------------------------------------------------------------

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "inbox"


def test_given_the_hoang_hop_sample_then_its_split_row_is_repaired_and_rows_match_seed_004():
    document = read_file(SAMPLES / "thanh-hoa" / "hoang-hop_2024-H1.txt")
    assert document.appendix_title == "Phụ lục 01b"
    assert "UBND xã Hoằng Hợp" in document.text and "6 tháng đầu năm 2024" in document.text
    expected = SEED_APPENDICES["004"]
    assert [(r.code_raw, r.label_raw, r.unit_raw, r.value_raw) for r in document.rows] == [
        (w.code, w.label, w.unit, w.value) for w in expected]


@pytest.mark.parametrize(("relative", "fragment"), [("tra-vinh/duyen-hai_2023-Q3.txt", "463/BC-UBND"),
                                                     ("binh-dinh/van-canh_2021-Y_par.txt", "75,62%")])
def test_given_the_narrative_and_scorecard_samples_then_no_appendix_rows_are_found(relative, fragment):
    document = read_file(SAMPLES / relative)
    assert document.rows == [] and fragment in document.text
