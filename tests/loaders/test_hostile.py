"""Broken, mislabelled and hostile files: each is refused with a reason a clerk can read."""

from __future__ import annotations

import io
import os
import re
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from loaders.model import RejectedFile
from loaders.readers import read_content, read_file
from loaders.readers.safety import DEFAULT_LIMITS, ReadLimits
from samples.make_samples import HOANG_HOP_TXT, ODD_NAME_TXT
from tests.fixtures.hostile import builders

REPO = Path(__file__).resolve().parents[2]
INBOX = REPO / "samples" / "inbox"
VIETNAMESE = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹáàãéèíìóòõúùýĐ]")


def refusal(path: Path) -> RejectedFile:
    with pytest.raises(RejectedFile) as caught:
        read_file(path)
    error = caught.value
    assert VIETNAMESE.search(error.reason_vi), error.reason_vi  # written for the clerk, with diacritics
    assert re.fullmatch(r"[a-z0-9_]+", error.reason_code)
    return error


def write(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


@pytest.fixture(scope="module")
def valid_xlsx() -> bytes:
    return builders.minimal_xlsx([builders.APPENDIX_HEADER, ["1.1", "Số nhiệm vụ", "Nhiệm vụ", 38, None]])


@pytest.fixture(scope="module")
def valid_docx() -> bytes:
    return builders.minimal_docx(["Phụ lục 01b"], [builders.APPENDIX_HEADER, ["1.1", "Số nhiệm vụ", "Nhiệm vụ",
                                                                              "38", ""]])


# ---------------------------------------------------------------------------
# Empty, truncated, password-protected, mislabelled
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["rong.xlsx", "rong.docx", "rong.txt", "rong.csv", "rong"])
def test_given_an_empty_file_then_it_is_refused_as_empty(tmp_path, name):
    error = refusal(write(tmp_path, name, b""))
    assert (error.reason_code, error.reason_vi) == ("empty_file", "Tệp rỗng (0 byte), không có nội dung để đọc.")


def test_given_a_truncated_xlsx_then_it_is_refused_as_corrupt(tmp_path, valid_xlsx):
    error = refusal(write(tmp_path, "bao-cao.xlsx", builders.truncated(valid_xlsx)))
    assert (error.reason_code, error.reason_vi) == (
        "corrupt_xlsx", "Tệp .xlsx bị hỏng hoặc không đầy đủ, không mở được.")


def test_given_a_truncated_docx_then_it_is_refused_as_corrupt(tmp_path, valid_docx):
    error = refusal(write(tmp_path, "bao-cao.docx", builders.truncated(valid_docx)))
    assert (error.reason_code, error.reason_vi) == (
        "corrupt_docx", "Tệp .docx bị hỏng hoặc không đầy đủ, không mở được.")


def test_given_a_docx_whose_document_xml_is_broken_then_it_is_refused_as_corrupt(tmp_path, valid_docx):
    broken = builders.replace_member(valid_docx, "word/document.xml", b"<w:document><w:body><w:p>")
    assert refusal(write(tmp_path, "bao-cao.docx", broken)).reason_code == "corrupt_docx"


def test_given_a_password_protected_workbook_then_the_clerk_is_asked_for_an_unprotected_copy(tmp_path):
    content = builders.encrypted_office_file()
    assert content.startswith(b"\xd0\xcf\x11\xe0") and "EncryptedPackage".encode("utf-16-le") in content
    error = refusal(write(tmp_path, "bao-cao.xlsx", content))
    assert (error.reason_code, error.reason_vi) == (
        "password_protected", "Bảng tính được bảo vệ bằng mật khẩu; đề nghị gửi lại bản không đặt mật khẩu.")


def test_given_a_password_protected_word_document_then_the_message_names_word(tmp_path):
    error = refusal(write(tmp_path, "bao-cao.docx", builders.encrypted_office_file()))
    assert error.reason_code == "password_protected"
    assert error.reason_vi.startswith("Văn bản Word được bảo vệ bằng mật khẩu")


def test_given_a_zip_with_an_encrypted_member_then_it_is_refused_as_password_protected(tmp_path):
    assert refusal(write(tmp_path, "bao-cao.xlsx", builders.zip_with_encrypted_member())).reason_code == (
        "password_protected")


@pytest.mark.parametrize(
    ("name", "content", "code", "message_start"),
    [
        ("bao-cao.xlsx", builders.minimal_pdf(), "wrong_content",
         "Tệp có phần mở rộng .xlsx nhưng nội dung không phải bảng tính Excel (là tệp PDF)"),
        ("bao-cao.xlsx", "Báo cáo quý I\n".encode(), "wrong_content",
         "Tệp có phần mở rộng .xlsx nhưng nội dung không phải bảng tính Excel (là văn bản thuần)"),
        ("bao-cao.docx", "Báo cáo quý I\n".encode(), "wrong_content",
         "Tệp có phần mở rộng .docx nhưng nội dung không phải văn bản Word (là văn bản thuần)"),
        ("bao-cao.xls", b"<html><body><table><tr><td>1</td></tr></table></body></html>", "wrong_content",
         "Tệp có phần mở rộng .xls nhưng nội dung không phải bảng tính Excel (là trang web HTML)"),
        ("bao-cao.txt", b"\x89PNG\r\n\x1a\n" + builders.binary_junk(200), "wrong_content",
         "Tệp có phần mở rộng .txt nhưng nội dung không phải văn bản thuần (là tệp hình ảnh)"),
        ("bao-cao.pdf", builders.minimal_pdf(), "unsupported_type", "Định dạng tệp không được hỗ trợ (.pdf"),
        ("bao-cao.xls", builders.legacy_xls_file(), "unsupported_type",
         "Định dạng bảng tính Excel 97-2003 (.xls) chưa được hỗ trợ"),
        ("bao-cao.xlsx", builders.legacy_xls_file(), "wrong_content",
         "Tệp có phần mở rộng .xlsx nhưng nội dung là bảng tính Excel 97-2003 (.xls)"),
        ("bao-cao.doc", builders.legacy_doc_file(), "unsupported_type",
         "Định dạng văn bản Word 97-2003 (.doc) chưa được hỗ trợ"),
        ("bao-cao.rar", b"Rar!\x1a\x07\x00" + builders.binary_junk(100), "unsupported_type",
         "Định dạng tệp không được hỗ trợ (.rar"),
    ],
)
def test_given_content_that_does_not_match_the_extension_then_the_real_kind_is_named(tmp_path, name, content, code,
                                                                                       message_start):
    error = refusal(write(tmp_path, name, content))
    assert error.reason_code == code
    assert error.reason_vi.startswith(message_start), error.reason_vi


def test_given_an_opendocument_spreadsheet_then_it_is_unsupported(tmp_path):
    error = refusal(write(tmp_path, "bao-cao.ods", builders.opendocument_spreadsheet()))
    assert error.reason_code == "unsupported_type" and "OpenDocument (.ods)" in error.reason_vi
    renamed = refusal(write(tmp_path, "bao-cao.xlsx", builders.opendocument_spreadsheet()))
    assert renamed.reason_code == "wrong_content" and "(là tài liệu OpenDocument)" in renamed.reason_vi


# ---------------------------------------------------------------------------
# Bombs and oversized files
# ---------------------------------------------------------------------------

def test_given_a_zip_bomb_over_the_unzipped_limit_then_it_is_refused_without_unpacking(tmp_path):
    path = builders.write_zip_bomb(tmp_path / "bom.xlsx", DEFAULT_LIMITS.max_unzipped_bytes + 1024 * 1024)
    assert path.stat().st_size < 1024 * 1024  # a few hundred KB on disk
    started = time.monotonic()
    error = refusal(path)
    assert (error.reason_code, error.reason_vi) == ("zip_bomb", "Tệp nén quá lớn khi giải nén (nghi là tệp độc hại).")
    assert time.monotonic() - started < 2


def test_given_a_member_compressed_a_thousand_times_then_it_is_refused_by_ratio(tmp_path):
    path = builders.write_zip_bomb(tmp_path / "bom.xlsx", 20 * 1024 * 1024)  # under the size limit
    assert refusal(path).reason_code == "zip_bomb"


def test_given_thousands_of_zip_members_then_it_is_refused(tmp_path):
    content = builders.zip_with_many_members(DEFAULT_LIMITS.max_members + 1)
    error = refusal(write(tmp_path, "bao-cao.xlsx", content))  # 2.001 parts and [Content_Types].xml
    assert error.reason_code == "too_many_parts" and "(2.002)" in error.reason_vi


def test_given_an_xml_entity_bomb_then_it_is_refused_before_parsing(tmp_path):
    error = refusal(write(tmp_path, "bao-cao.xlsx", builders.xlsx_with_entity_bomb()))
    assert error.reason_code == "unsafe_xml"


def test_given_an_entity_bomb_hidden_past_the_declaration_check_then_the_parser_still_refuses_it(tmp_path):
    bomb = builders.xlsx_with_entity_bomb()
    sheet = zipfile.ZipFile(io.BytesIO(bomb)).read("xl/worksheets/sheet1.xml")
    padded = sheet.replace(b"<!DOCTYPE", b"<!--" + b" " * 70_000 + b"-->\n<!DOCTYPE", 1)
    hidden = builders.replace_member(bomb, "xl/worksheets/sheet1.xml", padded)
    started = time.monotonic()
    assert refusal(write(tmp_path, "bao-cao.xlsx", hidden)).reason_code == "corrupt_xlsx"
    assert time.monotonic() - started < 5


def test_given_a_file_over_the_size_limit_then_it_is_refused_before_reading(tmp_path):
    path = tmp_path / "lon.xlsx"
    with path.open("wb") as handle:  # sparse: no 50 MB actually written
        handle.truncate(DEFAULT_LIMITS.max_file_bytes + 1)
    error = refusal(path)
    assert error.reason_code == "too_large" and "giới hạn 50,0 MB" in error.reason_vi


def test_given_a_sheet_with_more_rows_than_the_limit_then_it_is_refused_as_too_large(tmp_path):
    limits = DEFAULT_LIMITS
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Phu luc")
    sheet.append(builders.APPENDIX_HEADER)
    for index in range(limits.max_rows + 1):
        sheet.append([f"9.{index}", "Chỉ tiêu lặp", "Người", index, None])
    path = tmp_path / "khong-lo.xlsx"
    workbook.save(path)
    error = refusal(path)
    assert error.reason_code == "too_large" and "5.000 dòng" in error.reason_vi


def test_given_a_sheet_with_a_far_away_cell_then_walking_empty_rows_stops_at_the_limit(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(builders.APPENDIX_HEADER)
    sheet.cell(row=DEFAULT_LIMITS.max_scanned_rows + 10, column=1, value="x")
    path = tmp_path / "xa.xlsx"
    workbook.save(path)
    error = refusal(path)
    assert error.reason_code == "too_large" and "dòng quá xa (sau dòng 100.000)" in error.reason_vi


def test_given_a_text_appendix_with_more_rows_than_the_limit_then_it_is_refused(tmp_path):
    limits = ReadLimits(max_rows=50)
    lines = ["Phụ lục", "STT\tChỉ tiêu thống kê\tĐơn vị tính\tSố liệu\tGhi chú"]
    lines += [f"1.{index}\tChỉ tiêu\tNgười\t{index}\t" for index in range(51)]
    with pytest.raises(RejectedFile) as caught:
        read_content("\n".join(lines).encode(), "dai.txt", limits)
    assert caught.value.reason_code == "too_large"


# ---------------------------------------------------------------------------
# Formulas
# ---------------------------------------------------------------------------

def test_given_formula_cells_then_cached_values_are_read_and_nothing_is_evaluated(tmp_path):
    document = read_file(write(tmp_path, "cong-thuc.xlsx", builders.xlsx_with_cached_formulas()))
    values = [(row.code_raw, row.value_raw, row.number_value) for row in document.rows]
    assert values == [
        ("1.1.1", "51", 51.0),  # =20+31 with Excel's cached 51
        ("1.1.2", "7", 7.0),  # =WEBSERVICE(...) with cached 7: read, never fetched
        ("1.1.3", None, None),  # a formula saved without a cached value reads as blank
    ]


# ---------------------------------------------------------------------------
# Text that is not text, odd names, not-a-file
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["rac.txt", "rac", "rac.csv"])
def test_given_binary_junk_named_as_text_then_it_is_refused_as_binary(tmp_path, name):
    error = refusal(write(tmp_path, name, builders.binary_junk(4096)))
    assert error.reason_code == "binary_content" and "nhị phân" in error.reason_vi


def test_given_text_in_an_unknown_eight_bit_encoding_then_it_is_refused_as_not_utf8(tmp_path):
    content = ("Báo cáo ".encode() + b"\x81\x8d\x8f\x90 ") * 50  # bytes undefined in UTF-8 and Windows-1258
    error = refusal(write(tmp_path, "bao-cao.txt", content))
    assert error.reason_code == "not_utf8" and "UTF-8" in error.reason_vi


@pytest.mark.parametrize(
    "name",
    ["Báo cáo 'quý I' (bản cuối).txt", "-rf bao cao.txt", "bao cao  .TXT", "báo-cáo-không-đuôi",
     "Ba\u0301o ca\u0301o NFD.txt", "tên;với|ký tự$lạ&.txt"],
)
def test_given_odd_file_names_then_the_content_is_read_normally(tmp_path, seeds_dir, name):
    content = (seeds_dir / "004_3464294e7b999345.txt").read_bytes()
    document = read_file(write(tmp_path, name, content))
    assert document.reader == "text" and len(document.rows) == 80


def test_given_a_folder_a_fifo_or_a_missing_path_then_each_is_refused(tmp_path):
    assert refusal(tmp_path).reason_code == "not_regular_file"
    fifo = tmp_path / "ong.txt"
    os.mkfifo(fifo)
    assert refusal(fifo).reason_code == "not_regular_file"  # never opened, so never blocks
    assert refusal(tmp_path / "khong-co.txt").reason_code == "missing_file"


# ---------------------------------------------------------------------------
# The broken files shipped in samples/inbox/bad
# ---------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("name", "code"),
    [("rong.xlsx", "empty_file"), ("bi-cat-ngang.xlsx", "corrupt_xlsx"), ("thuc-chat-la-pdf.xlsx", "wrong_content"),
     ("thuc-chat-la-van-ban.xlsx", "wrong_content"), ("dat-mat-khau.xlsx", "password_protected")],
)
def test_given_the_bad_samples_then_each_is_refused_with_its_documented_reason(name, code):
    assert refusal(INBOX / "bad" / name).reason_code == code


def test_given_the_oddly_named_sample_then_it_reads_without_appendix():
    document = read_file(INBOX / ODD_NAME_TXT)
    assert document.rows == [] and "dấu nháy đơn" in document.text
    assert read_file(INBOX / HOANG_HOP_TXT).rows  # its neighbours in the inbox still read
