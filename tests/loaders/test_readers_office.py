"""The xlsx, docx and csv readers: on the bundled samples and on files built here from the seed figures."""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

import docx
import openpyxl
import pytest
from openpyxl.styles import Font

from loaders.readers import read_file
from samples.make_samples import HUONG_KHE_DOCX, TAN_HONG_XLSX, build_inbox, is_section
from tests.fixtures.seed_appendices import SEED_000, SEED_001, SEED_004, SeedRow

REPO = Path(__file__).resolve().parents[2]
INBOX = REPO / "samples" / "inbox"
HEADER = ["STT", "Chỉ tiêu thống kê", "Đơn vị tính", "Số liệu", "Ghi chú"]


def cells_of(row: SeedRow) -> list[str | None]:
    return [row.code, row.label, row.unit, row.value, row.note]


def as_printed_number(row) -> float | None:
    """The figure of a numeric cell as the report prints it: fractions with a % format in percent."""
    if row.number_value is None:
        return None
    return row.number_value * 100 if "%" in (row.number_format or "") else row.number_value


# ---------------------------------------------------------------------------
# The bundled samples
# ---------------------------------------------------------------------------

def test_given_the_committed_samples_when_regenerated_then_bytes_are_identical():
    for relative, content in build_inbox().items():
        assert (INBOX / relative).read_bytes() == content, relative


@pytest.fixture(scope="module")
def tan_hong():
    return read_file(INBOX / TAN_HONG_XLSX)


def test_given_the_tan_hong_workbook_then_the_appendix_sheet_after_the_cover_is_read(tan_hong):
    assert tan_hong.reader == "xlsx"
    assert tan_hong.sheet_name == "Phu luc"
    assert tan_hong.appendix_title == "PHỤ LỤC"
    assert len(tan_hong.rows) == len(SEED_000)
    for fragment in ("Trang tính: Bia", "Trang tính: Phu luc", "HUYỆN TÂN HỒNG", "Tỉnh Đồng Tháp",
                     "quý I năm 2021", "ngày 15/3/2021"):
        assert fragment in tan_hong.text


def test_given_the_tan_hong_workbook_then_every_row_carries_the_seed_figures(tan_hong):
    for got, want in zip(tan_hong.rows, SEED_000, strict=True):
        assert (got.code_raw, got.label_raw, got.unit_raw, got.note_raw) == (want.code, want.label, want.unit,
                                                                            want.note)
        assert got.is_bold == is_section(want), got.code_raw
        if got.number_value is not None:
            assert as_printed_number(got) == pytest.approx(want.number), got.code_raw
        else:
            assert got.value_raw == want.value, got.code_raw


def test_given_numeric_cells_then_value_format_and_raw_text_are_kept(tan_hong):
    rows = {row.code_raw: row for row in tan_hong.rows}
    on_time = rows["3.3."]  # printed "50,1" in a % row: a fraction with a percent format
    assert (on_time.number_value, on_time.number_format, on_time.value_raw) == (0.501, "0.0%", "0.501")
    done = rows["1.1.2."]  # printed "07": a number shown with a leading zero
    assert (done.number_value, done.number_format, done.value_raw) == (7.0, "00", "7")
    staff = rows["4.3.1."]
    assert (staff.number_value, staff.number_format) == (1455.0, "#,##0")
    with_note = rows["1.3.2."]
    assert (with_note.number_value, with_note.value_raw) == (None, "06 (01 nv còn hạn)")


@pytest.fixture(scope="module")
def huong_khe():
    return read_file(INBOX / HUONG_KHE_DOCX)


def test_given_the_huong_khe_document_then_the_table_under_phu_luc_1b_is_read(huong_khe):
    assert huong_khe.reader == "docx"
    assert huong_khe.appendix_title == "Phụ lục 1B"
    for fragment in ("HUYỆN HƯƠNG KHÊ", "Tỉnh Hà Tĩnh", "196/BC-UBND", "15 tháng 6 năm 2022", "6 tháng đầu năm 2022"):
        assert fragment in huong_khe.text
    assert len(huong_khe.rows) == len(SEED_001)
    for got, want in zip(huong_khe.rows, SEED_001, strict=True):
        assert (got.code_raw, got.label_raw, got.unit_raw, got.value_raw, got.note_raw, got.is_bold) == (
            want.code, want.label, want.unit, want.value, want.note, want.bold)


# ---------------------------------------------------------------------------
# Workbooks built here
# ---------------------------------------------------------------------------

def save_workbook(workbook: openpyxl.Workbook, path: Path) -> Path:
    workbook.save(path)
    return path


def test_given_a_scorecard_sheet_first_then_the_sheet_with_the_appendix_header_is_chosen(tmp_path):
    workbook = openpyxl.Workbook()
    scorecard = workbook.active
    scorecard.title = "Chi so"
    scorecard.append(["Tiêu chí", "Nội dung", "Điểm tối đa", "Điểm đạt được", "Điểm bị trừ"])
    scorecard.append(["1", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", 10, 6.46, -3.36])
    appendix = workbook.create_sheet("PL01b")
    appendix.append(["Phụ lục 01b"])
    appendix.append(["Báo cáo của UBND xã Hoằng Hợp, 6 tháng đầu năm 2024"])
    appendix.append(HEADER)
    for row in SEED_004:
        appendix.append(cells_of(row))
    document = read_file(save_workbook(workbook, tmp_path / "hoang-hop.xlsx"))
    assert document.sheet_name == "PL01b"
    assert document.appendix_title == "Phụ lục 01b"
    assert "6 tháng đầu năm 2024" in document.text and "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH" in document.text
    assert [(r.code_raw, r.label_raw, r.unit_raw, r.value_raw) for r in document.rows] == [
        (w.code, w.label, w.unit, w.value) for w in SEED_004]


def test_given_merged_header_cells_and_bold_sections_then_columns_and_bold_are_found(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["STT", "Chỉ tiêu thống kê", "Kết quả thống kê", None, "Ghi chú"])
    sheet.append([None, None, "Đơn vị tính", "Số liệu", None])
    for merged in ("A1:A2", "B1:B2", "C1:D1", "E1:E2"):
        sheet.merge_cells(merged)
    sheet.append(["1", "Công tác chỉ đạo điều hành", None, None, None])
    sheet.merge_cells("B3:D3")  # a section label spread over unit and value
    sheet["B3"].font = Font(bold=True)
    sheet.append(["1.2", "Tỷ lệ hoàn thành Kế hoạch CCHC năm", "%", 0.634, "lũy kế"])
    sheet["D4"].number_format = "0.0%"
    document = read_file(save_workbook(workbook, tmp_path / "merged.xlsx"))
    section, share = document.rows
    assert (section.code_raw, section.unit_raw, section.value_raw, section.is_bold) == ("1", None, None, True)
    assert (share.unit_raw, share.number_value, share.number_format, share.note_raw, share.is_bold) == (
        "%", 0.634, "0.0%", "lũy kế", False)


def test_given_a_workbook_without_appendix_then_rows_are_empty_and_its_text_is_kept(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.append(["Báo cáo số 463/BC-UBND ngày 31/8/2023 của UBND thị xã Duyên Hải"])
    document = read_file(save_workbook(workbook, tmp_path / "no-appendix.xlsx"))
    assert document.rows == []
    assert document.sheet_name is None
    assert "463/BC-UBND" in document.text


def test_given_an_xlsx_named_docx_then_the_content_decides_the_reader(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.append(HEADER)
    workbook.active.append(["1.1", "Số nhiệm vụ", "Nhiệm vụ", 38, None])
    document = read_file(save_workbook(workbook, tmp_path / "renamed.docx"))
    assert document.reader == "xlsx"
    assert document.rows[0].number_value == 38.0


# ---------------------------------------------------------------------------
# Word documents built here
# ---------------------------------------------------------------------------

def add_table(document, rows: list[list[str | None]]):
    table = document.add_table(rows=len(rows), cols=5)
    for table_row, cells in zip(table.rows, rows, strict=True):  # table.cell(r, c) would rescan the table each time
        for cell, text in zip(table_row.cells, cells, strict=True):
            cell.text = text or ""
    return table


def save_document(document, path: Path) -> Path:
    document.save(path)
    return path


def test_given_an_appendix_cut_into_two_tables_with_a_split_row_then_it_is_read_as_one(tmp_path):
    document = docx.Document()
    document.add_paragraph("UBND xã Hoằng Hợp, báo cáo 6 tháng đầu năm 2024")
    document.add_paragraph("Phụ lục 01b:")
    split_at = next(i for i, row in enumerate(SEED_004) if row.code == "7.2.1")
    head, tail = SEED_004[:split_at], SEED_004[split_at + 1 :]
    row = SEED_004[split_at]
    add_table(document, [HEADER, *map(cells_of, head),
                         ["7.2.1", "Thực hiện kết nối, liên thông các Hệ thống quản lý", "Đã kết nối = 1", "1", None]])
    document.add_paragraph("")
    add_table(document, [HEADER, [None, "văn bản điều hành từ tỉnh, huyện đến cấp xã", "Chưa kết nối = 0", None, None],
                         *map(cells_of, tail)])
    result = read_file(save_document(document, tmp_path / "two-tables.docx"))
    assert result.appendix_title == "Phụ lục 01b"
    assert [(r.code_raw, r.label_raw, r.unit_raw, r.value_raw) for r in result.rows] == [
        (w.code, w.label, w.unit, w.value) for w in SEED_004]
    assert row.unit == "Đã kết nối = 1 Chưa kết nối = 0"


def test_given_merged_cells_in_word_then_each_merged_cell_counts_once(tmp_path):
    document = docx.Document()
    table = add_table(document, [
        ["STT", "Chỉ tiêu thống kê", "Kết quả thống kê", None, "Ghi chú"],
        [None, None, "Đơn vị tính", "Số liệu", None],
        ["1", "Cải cách thể chế", None, None, None],
        ["1.1", "Số VBQPPL đã rà soát", "Văn bản", "03", None],
    ])
    table.cell(0, 2).merge(table.cell(0, 3))
    for column in (0, 1, 4):
        table.cell(0, column).merge(table.cell(1, column))
    table.cell(2, 1).merge(table.cell(2, 3))  # section label spread over unit and value
    table.cell(2, 1).paragraphs[0].runs[0].bold = True
    result = read_file(save_document(document, tmp_path / "merged.docx"))
    assert [(r.code_raw, r.label_raw, r.unit_raw, r.value_raw, r.is_bold) for r in result.rows] == [
        ("1", "Cải cách thể chế", None, None, True),
        ("1.1", "Số VBQPPL đã rà soát", "Văn bản", "03", False),
    ]


def test_given_a_word_document_without_appendix_table_then_rows_are_empty(tmp_path):
    document = docx.Document()
    document.add_paragraph("Báo cáo số 463/BC-UBND của UBND thị xã Duyên Hải, quý III năm 2023")
    add_table(document, [["Tiêu chí", "Nội dung", "Điểm tối đa", "Điểm đạt được", "Điểm bị trừ"]])
    result = read_file(save_document(document, tmp_path / "narrative.docx"))
    assert result.rows == []
    assert "quý III năm 2023" in result.text and "Điểm tối đa" in result.text


# ---------------------------------------------------------------------------
# CSV and TSV
# ---------------------------------------------------------------------------

def write_csv(path: Path, rows: list[list[str | None]], delimiter: str, preamble: list[str]) -> Path:
    buffer = io.StringIO()
    for line in preamble:
        buffer.write(line + "\n")
    csv.writer(buffer, delimiter=delimiter, lineterminator="\n").writerows(
        [[cell or "" for cell in row] for row in rows])
    path.write_bytes(codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8"))
    return path


@pytest.mark.parametrize(("delimiter", "name"), [(";", "huong-khe.csv"), (",", "huong-khe.csv"),
                                                 ("\t", "huong-khe.tsv")])
def test_given_a_csv_with_title_lines_then_rows_and_title_text_are_read(tmp_path, delimiter, name):
    preamble = ["# Báo cáo số 196/BC-UBND ngày 15/6/2022 của UBND huyện Hương Khê, tỉnh Hà Tĩnh",
                "# Phụ lục 1B - 6 tháng đầu năm 2022"]
    path = write_csv(tmp_path / name, [HEADER, *map(cells_of, SEED_001)], delimiter, preamble)
    result = read_file(path)
    assert result.reader == "csv"
    assert "Báo cáo số 196/BC-UBND ngày 15/6/2022 của UBND huyện Hương Khê" in result.text
    assert not result.text.startswith("#")
    assert [(r.code_raw, r.label_raw, r.unit_raw, r.value_raw, r.note_raw) for r in result.rows] == [
        (w.code, w.label, w.unit, w.value, w.note) for w in SEED_001]


def test_given_a_csv_without_appendix_header_then_rows_are_empty(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("Tên,Giá trị\nDân số,1000\n", encoding="utf-8")
    result = read_file(path)
    assert result.rows == [] and "Dân số" in result.text
