"""Checks made before a file from the inbox is handed to a parser.

Files come from many provincial offices by e-mail and shared folders, so any of
them may be empty, truncated, password-protected, mislabelled or hostile. These
checks look at sizes, magic bytes, the zip directory and the first bytes of each
XML part; nothing here parses XML, so a hostile file is rejected before any parser
sees it. Every refusal is a ``RejectedFile`` with a reason a clerk can read.
"""

from __future__ import annotations

import io
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from loaders.model import RejectedFile
from loaders.readers.byte_search import declares_dtd
from loaders.readers.zip_members import whole_member

MB = 1024 * 1024


@dataclass(frozen=True)
class ReadLimits:
    """How much a single inbox file may weigh; generous for real appendices (a few hundred rows)."""

    max_file_bytes: int = 50 * MB
    max_unzipped_bytes: int = 200 * MB  # sum of declared member sizes of an .xlsx/.docx
    max_member_ratio: float = 100.0  # real OOXML parts compress 5-30x; zeros compress ~1000x
    ratio_floor_bytes: int = 1 * MB  # small parts may legitimately compress very well
    max_members: int = 2000
    max_rows: int = 5000  # appendix rows with content
    max_scanned_rows: int = 100_000  # rows walked in a sheet, empty ones included
    max_columns: int = 60  # columns read per row; an appendix has five or six


DEFAULT_LIMITS = ReadLimits()

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Office stores an encrypted .xlsx/.docx as an OLE2 container whose directory names
# this stream (UTF-16LE, as all OLE directory names are).
ENCRYPTED_PACKAGE_NAME = "EncryptedPackage".encode("utf-16-le")

_MAGIC_KINDS: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "zip"),
    (b"PK\x05\x06", "zip"),  # an empty zip archive
    (b"PK\x07\x08", "zip"),  # a spanned zip archive
    (OLE_MAGIC, "ole"),
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "image"),
    (b"\xff\xd8\xff", "image"),
    (b"GIF8", "image"),
    (b"Rar!\x1a\x07", "archive"),
    (b"7z\xbc\xaf\x27\x1c", "archive"),
    (b"\x1f\x8b", "archive"),
    (b"{\\rtf", "rtf"),
)


def human_size(n_bytes: int) -> str:
    """A size as a clerk reads it, Vietnamese style ("51,2 MB")."""
    if n_bytes >= MB:
        return f"{n_bytes / MB:.1f} MB".replace(".", ",")
    if n_bytes >= 1024:
        return f"{n_bytes / 1024:.1f} KB".replace(".", ",")
    return f"{n_bytes} byte"


def vi_int(n: int) -> str:
    """An integer with '.' grouping thousands (5.000)."""
    return f"{n:,}".replace(",", ".")


def read_file_bytes(path: Path, limits: ReadLimits = DEFAULT_LIMITS) -> bytes:
    """The file's content, read once, after checking it is a regular, non-empty, bounded file."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise RejectedFile("missing_file", "Không tìm thấy tệp (có thể đã bị xóa hoặc di chuyển).") from None
    except OSError:
        raise RejectedFile("unreadable_file", "Không đọc được tệp (lỗi quyền truy cập hoặc đường dẫn).") from None
    if not stat.S_ISREG(info.st_mode):
        # A FIFO or device would block or never end; a folder is not a report.
        raise RejectedFile(
            "not_regular_file", "Không phải là tệp thông thường (thư mục hoặc thiết bị), không đọc được."
        )
    check_size(info.st_size, limits)
    try:
        with path.open("rb") as handle:
            content = handle.read(limits.max_file_bytes + 1)  # the file may grow after stat()
    except OSError:
        raise RejectedFile("unreadable_file", "Không đọc được tệp (lỗi quyền truy cập hoặc đường dẫn).") from None
    check_size(len(content), limits)
    return content


def check_size(n_bytes: int, limits: ReadLimits = DEFAULT_LIMITS) -> None:
    if n_bytes == 0:
        raise RejectedFile("empty_file", "Tệp rỗng (0 byte), không có nội dung để đọc.")
    if is_too_large(n_bytes, limits):
        raise too_large(n_bytes, limits)


def is_too_large(n_bytes: int, limits: ReadLimits = DEFAULT_LIMITS) -> bool:
    return n_bytes > limits.max_file_bytes


def too_large(n_bytes: int, limits: ReadLimits = DEFAULT_LIMITS) -> RejectedFile:
    return RejectedFile(
        "too_large",
        f"Tệp quá lớn ({human_size(n_bytes)}; giới hạn {human_size(limits.max_file_bytes)}). "
        "Đề nghị chỉ gửi báo cáo và phụ lục số liệu.",
    )


def sniff_kind(content: bytes) -> str:
    """What the first bytes say the file is: zip, ole, pdf, image, archive, rtf, html, xml or text."""
    for magic, kind in _MAGIC_KINDS:
        if content.startswith(magic):
            return kind
    head = content[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:200]:
        return "html"  # Excel/Word "save as web page", often renamed .xls/.doc
    if head.startswith(b"<?xml"):
        return "xml"  # Excel 2003 XML spreadsheet or Word 2003 XML
    return "text"


def is_encrypted_office(content: bytes) -> bool:
    """An OLE2 container holding an EncryptedPackage stream: a password-protected .xlsx/.docx."""
    return content.startswith(OLE_MAGIC) and ENCRYPTED_PACKAGE_NAME in content


def inspect_zip(content: bytes, limits: ReadLimits = DEFAULT_LIMITS, noun: str = "nén") -> zipfile.ZipFile:
    """The zip, opened once for every later reader, after checking its directory for bombs
    and encryption.

    ``noun`` names the document kind in messages ("Excel (.xlsx)", "Word (.docx)").
    Python's zipfile never yields more than a member's declared size, so bounding the
    declared sizes here bounds what parsers can later decompress.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = archive.infolist()
    except Exception:  # a forged directory trips zipfile in many ways (NotImplementedError, struct.error...)
        raise RejectedFile(*corrupt_reason(noun)) from None
    if len(members) > limits.max_members:
        raise RejectedFile(
            "too_many_parts",
            f"Tệp nén chứa quá nhiều thành phần ({vi_int(len(members))}); nghi là tệp độc hại.",
        )
    total = 0
    for member in members:
        if member.flag_bits & 0x1:
            raise RejectedFile(*password_reason(noun))
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > limits.ratio_floor_bytes and ratio > limits.max_member_ratio:
            raise RejectedFile(*ZIP_BOMB)
    if total > limits.max_unzipped_bytes:
        raise RejectedFile(*ZIP_BOMB)
    return archive


def refuse_xml_declarations(content: bytes, archive: zipfile.ZipFile) -> dict[str, bytes]:
    """Reject OOXML parts that declare a DTD or entities (OOXML never does; entity bombs do).

    Returns the XML parts of up to ``HANDED_ON_MAX_BYTES`` that were decompressed whole on
    the way, exactly as ``ZipFile.read`` gives them, so a reader need not decompress them
    again. Only a part's head decides the verdict, as before the rest was read."""
    read_whole: dict[str, bytes] = {}
    for name in archive.namelist():
        if not name.lower().endswith((".xml", ".rels", ".vml")):
            continue
        info = archive.getinfo(name)
        whole = whole_member(content, info) if info.file_size <= HANDED_ON_MAX_BYTES else None
        if whole is not None:  # the usual part, read in one go; the same verdict on the same head
            _refuse_declarations(whole[:65536])
            read_whole[name] = whole
            continue
        try:
            part = archive.open(name)
            head = part.read(65536)  # a DTD must precede the root element
        except _DAMAGED_PART:
            continue  # a damaged part is left to the parser, which reports the file as corrupt
        with part:
            _refuse_declarations(head)
            if info.file_size <= HANDED_ON_MAX_BYTES:
                try:
                    read_whole[name] = head + part.read()  # to the end, where zipfile checks the CRC
                except _DAMAGED_PART:
                    pass  # the reader reads it itself and meets the same error
    return read_whole


def _refuse_declarations(head: bytes) -> None:
    if declares_dtd(head):
        raise RejectedFile(
            "unsafe_xml", "Tệp chứa khai báo XML bất thường (DOCTYPE/ENTITY); nghi là tệp độc hại, không mở.",
        )


HANDED_ON_MAX_BYTES = 1 * MB  # appendix parts weigh a few KB to a few hundred
_DAMAGED_PART = (zipfile.BadZipFile, zlib.error, ValueError, OSError, EOFError, NotImplementedError, RuntimeError)


ZIP_BOMB = ("zip_bomb", "Tệp nén quá lớn khi giải nén (nghi là tệp độc hại).")


def corrupt_reason(noun: str) -> tuple[str, str]:
    """(reason_code, reason_vi) for a file whose container cannot be opened."""
    if noun.endswith("(.xlsx)"):
        return "corrupt_xlsx", "Tệp .xlsx bị hỏng hoặc không đầy đủ, không mở được."
    if noun.endswith("(.docx)"):
        return "corrupt_docx", "Tệp .docx bị hỏng hoặc không đầy đủ, không mở được."
    return "corrupt_file", f"Tệp {noun} bị hỏng hoặc không đầy đủ, không mở được."


def password_reason(noun: str) -> tuple[str, str]:
    if noun.endswith("(.docx)"):
        return (
            "password_protected",
            "Văn bản Word được bảo vệ bằng mật khẩu; đề nghị gửi lại bản không đặt mật khẩu.",
        )
    return "password_protected", "Bảng tính được bảo vệ bằng mật khẩu; đề nghị gửi lại bản không đặt mật khẩu."


def too_many_rows(limits: ReadLimits) -> RejectedFile:
    return RejectedFile(
        "too_large",
        f"Bảng số liệu quá lớn (hơn {vi_int(limits.max_rows)} dòng); "
        "không giống phụ lục báo cáo cải cách hành chính, đề nghị kiểm tra lại tệp.",
    )


def rows_too_far(limits: ReadLimits) -> RejectedFile:
    """A sheet whose used range runs far down (often one stray cell): walking it would take too long."""
    return RejectedFile(
        "too_large",
        f"Trang tính có dữ liệu ở dòng quá xa (sau dòng {vi_int(limits.max_scanned_rows)}); "
        "đề nghị xóa các dòng thừa phía dưới bảng và gửi lại.",
    )
