"""Turn one inbox file into an ``ExtractedDocument``, or refuse it with a reason.

The content decides which reader runs, not the name: clerks rename files, save
web pages as ".xls" and send PDFs called ".xlsx". Every refusal is a
``RejectedFile`` whose Vietnamese reason is shown to the clerk as is; hostile
files (zip bombs, entity bombs, encrypted containers) are refused by
``safety`` before any parser opens them.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from loaders.model import ExtractedDocument, RejectedFile
from loaders.readers.safety import (
    DEFAULT_LIMITS,
    ReadLimits,
    check_size,
    corrupt_reason,
    inspect_zip,
    is_encrypted_office,
    password_reason,
    read_file_bytes,
    refuse_xml_declarations,
    sniff_kind,
)

SPREADSHEET_EXTS = frozenset({".xlsx", ".xlsm", ".xltx", ".xltm", ".xls"})
WORD_EXTS = frozenset({".docx", ".docm", ".dotx", ".doc"})
CSV_EXTS = frozenset({".csv", ".tsv"})
TEXT_EXTS = frozenset({".txt", ".md", ".text", ""})

SUPPORTED_HINT = "đề nghị gửi bảng số liệu dạng .xlsx, .docx, .csv hoặc .txt"

_KIND_DESCRIPTIONS = {
    "pdf": "là tệp PDF",
    "image": "là tệp hình ảnh",
    "archive": "là tệp nén (RAR/7z/gzip)",
    "rtf": "là văn bản RTF",
    "html": "là trang web HTML",
    "xml": "là tệp XML (dạng Excel/Word 2003)",
    "text": "là văn bản thuần",
    "zip": "là tệp nén zip",
    "ods": "là tài liệu OpenDocument",
    "ole": "là tệp Office đời cũ",
}


def read_file(path: Path, limits: ReadLimits = DEFAULT_LIMITS) -> ExtractedDocument:
    """Read one file of the inbox; raises ``RejectedFile`` for anything that cannot be read."""
    path = Path(path)
    return read_content(read_file_bytes(path, limits), path.name, limits)


def read_content(content: bytes, file_name: str, limits: ReadLimits = DEFAULT_LIMITS) -> ExtractedDocument:
    """Like ``read_file`` for bytes already in hand; ``file_name`` supplies the extension.

    Readers are imported when needed so that importing this package (e.g. while
    Airflow parses a DAG) does not load openpyxl or python-docx.
    """
    check_size(len(content), limits)
    ext = Path(file_name).suffix.lower()
    kind = sniff_kind(content)
    if kind == "zip":
        return _read_zip(content, ext, limits)
    if kind == "ole":
        raise _refuse_ole(content, ext)
    if kind != "text":
        raise wrong_or_unsupported(ext, kind)
    if ext in CSV_EXTS:
        from loaders.readers.csvfile import read_csv

        return read_csv(content, ext, limits)
    if ext in TEXT_EXTS:
        from loaders.readers.text import read_text

        return read_text(content, ext, limits)
    raise wrong_or_unsupported(ext, "text")


def wrong_or_unsupported(ext: str, kind: str) -> RejectedFile:
    """The refusal for content of ``kind`` under extension ``ext``."""
    found = _KIND_DESCRIPTIONS.get(kind, "không đọc được")
    if ext in SPREADSHEET_EXTS:
        return RejectedFile(
            "wrong_content",
            f"Tệp có phần mở rộng {ext} nhưng nội dung không phải bảng tính Excel ({found}); "
            "đề nghị mở tệp bằng Excel và lưu lại thành .xlsx.",
        )
    if ext in WORD_EXTS:
        return RejectedFile(
            "wrong_content",
            f"Tệp có phần mở rộng {ext} nhưng nội dung không phải văn bản Word ({found}); "
            "đề nghị mở tệp bằng Word và lưu lại thành .docx.",
        )
    if ext in CSV_EXTS or (ext in TEXT_EXTS and ext):
        return RejectedFile(
            "wrong_content",
            f"Tệp có phần mở rộng {ext} nhưng nội dung không phải văn bản thuần ({found}); {SUPPORTED_HINT}.",
        )
    shown = ext or "không có phần mở rộng"
    return RejectedFile("unsupported_type", f"Định dạng tệp không được hỗ trợ ({shown}, {found}); {SUPPORTED_HINT}.")


def _office_noun(ext: str) -> str:
    """How messages name a zip container, from its extension (its content is not known yet)."""
    if ext in SPREADSHEET_EXTS:
        return "Excel (.xlsx)"
    if ext in WORD_EXTS:
        return "Word (.docx)"
    return f"{ext or 'không có phần mở rộng'} (dạng nén zip)"


def _read_zip(content: bytes, ext: str, limits: ReadLimits) -> ExtractedDocument:
    archive = inspect_zip(content, limits, _office_noun(ext))
    parts = refuse_xml_declarations(content, archive)
    names = archive.namelist()
    if any(name.startswith("xl/") for name in names):
        from loaders.readers.xlsx import read_xlsx

        return _guarded(partial(read_xlsx, parts=parts, archive=archive), content, limits, "Excel (.xlsx)")
    if any(name.startswith("word/") for name in names):
        from loaders.readers.docx import read_docx

        return _guarded(read_docx, content, limits, "Word (.docx)")
    opendocument = "mimetype" in names and "content.xml" in names
    if opendocument and ext in (".ods", ".odt"):
        raise RejectedFile(
            "unsupported_type",
            f"Định dạng OpenDocument ({ext}) chưa được hỗ trợ; đề nghị lưu lại thành .xlsx hoặc .docx.",
        )
    raise wrong_or_unsupported(ext, "ods" if opendocument else "zip")


def _guarded(reader: Callable[[bytes, ReadLimits], ExtractedDocument], content: bytes, limits: ReadLimits,
             noun: str) -> ExtractedDocument:
    """Run a third-party parser on untrusted bytes; whatever it trips on means a damaged file."""
    try:
        return reader(content, limits)
    except RejectedFile:
        raise
    except Exception as error:  # hostile bytes can raise anything inside openpyxl/python-docx/lxml
        raise RejectedFile(*corrupt_reason(noun)) from error


_LEGACY_OFFICE = {
    "xls": ("bảng tính Excel 97-2003 (.xls)", ".xlsx"),
    "doc": ("văn bản Word 97-2003 (.doc)", ".docx"),
}


def _refuse_ole(content: bytes, ext: str) -> RejectedFile:
    """OLE2 containers: an encrypted .xlsx/.docx, or an Excel/Word 97-2003 file."""
    if is_encrypted_office(content):
        return RejectedFile(*password_reason(_office_noun(ext)))
    if "WordDocument".encode("utf-16-le") in content:
        legacy = "doc"
    elif "Workbook".encode("utf-16-le") in content or "Book".encode("utf-16-le") in content:
        legacy = "xls"
    else:
        return wrong_or_unsupported(ext, "ole")
    name, target = _LEGACY_OFFICE[legacy]
    if ext in SPREADSHEET_EXTS | WORD_EXTS and ext != f".{legacy}":
        return RejectedFile(
            "wrong_content",
            f"Tệp có phần mở rộng {ext} nhưng nội dung là {name}; đề nghị mở tệp và lưu lại thành {target}.",
        )
    return RejectedFile(
        "unsupported_type", f"Định dạng {name} chưa được hỗ trợ; đề nghị mở tệp và lưu lại thành {target}."
    )
