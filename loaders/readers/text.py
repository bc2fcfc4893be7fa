"""Plain-text reports, and the appendix table logic every reader shares.

A text report (the shape of the converted seeds) is the narrative followed by the
appendix as tab-separated lines: STT, Chỉ tiêu, Đơn vị tính, Số liệu, Ghi chú.
The table comes with the scars of its conversion: the header is repeated after
every page break, a row may be split across a break, footnotes sit between rows
and <b>/<i> tags mark bold and italic text.

The spreadsheet, Word and CSV readers turn their tables into the same lines of
``Cell`` and call ``assemble_rows``, so header detection, column mapping and
split-row repair behave the same whatever the file type.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import wraps

from loaders.model import ExtractedDocument, RawRow, RejectedFile
from loaders.readers.bounded import keep
from loaders.readers.safety import DEFAULT_LIMITS, ReadLimits, too_many_rows


@dataclass(frozen=True, init=False)
class Cell:
    """One table cell as a reader saw it; ``text`` keeps any <b>/<i> tags.

    Its own ``__init__``, as the row records in loaders/model.py (why there); frozen,
    so each field is set through ``object.__setattr__``, which compiled code does directly."""

    text: str = ""
    bold: bool = False
    number: float | None = None  # a real numeric spreadsheet cell
    number_format: str | None = None

    def __init__(self, text: str = "", bold: bool = False, number: float | None = None,
                 number_format: str | None = None) -> None:
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "bold", bold)
        object.__setattr__(self, "number", number)
        object.__setattr__(self, "number_format", number_format)


Line = tuple[Cell, ...]
# A page break, a blank line or text between table parts: after one, an uncoded
# row without a value is the tail of the row before it.
BREAK: Line = ()

_TAGS = re.compile(r"</?(?:b|i|u|em|strong|sup|sub|span|font|br|p)(?:\s[^<>]*)?/?>", re.IGNORECASE)
_BOLD_TAG = re.compile(r"<(?:b|strong)>", re.IGNORECASE)
_NEWLINES = re.compile(r"\s*[\r\n\u2028\u2029]+\s*")
_SPACES = re.compile(r"\s+")
_MARKDOWN = re.compile(r"[*_#>]+")

_CODE_HEADERS = frozenset({"stt", "số tt", "tt", "số thứ tự", "mã số"})
_SUBHEADER_WORDS = frozenset({
    "đơn vị tính", "đvt", "số liệu", "số lượng", "số lượng/tỷ lệ", "số lượng/tỉ lệ", "tỷ lệ", "tỉ lệ",
    "ghi chú", "kết quả", "kết quả thống kê", "giá trị",
})
_STRONG_VALUE = ("số liệu", "số lượng", "tỷ lệ", "tỉ lệ", "giá trị")
_WEAK_VALUE = ("kết quả", "thực hiện")
_COLUMN_NUMBER = re.compile(r"^\(?(?:\d{1,2}|[a-z])\)?$")
# C0/C1 control characters other than tab, newline, vertical tab, form feed, return.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")
_NON_ASCII = re.compile("[^\x00-\x7f]")


# ----------------------------------------------------------------------------
# Cell text helpers
# ----------------------------------------------------------------------------

def strip_tags(text: str) -> str:
    """Text without the HTML tags left by conversion (content of the tags kept)."""
    return _TAGS.sub("", text) if "<" in text else text


# Pure functions of a cell's text are remembered: an appendix has a few hundred cells
# and the same labels, units and headers recur in every file of a template. Long texts
# are not kept, so a hostile file of huge unique strings cannot swell the caches.
REMEMBERED_TEXT_CHARS = 400
_MISSING = object()


def remembered(maxsize: int):
    """A bounded cache for a pure function of one text, or of a tuple of texts (a line's cells).

    A plain dict, oldest entries dropped first (see ``bounded``)."""

    def decorate(function):
        cache: dict = {}

        @wraps(function)
        def call(texts):
            result = cache.get(texts, _MISSING)
            if result is not _MISSING:
                return result
            result = function(texts)
            if isinstance(texts, str):
                short = len(texts) <= REMEMBERED_TEXT_CHARS
            else:
                short = sum(map(len, texts)) <= 4 * REMEMBERED_TEXT_CHARS
            if short:
                keep(cache, texts, result, maxsize)
            return result

        call.cache_clear = cache.clear
        return call

    return decorate


@remembered(maxsize=32768)
def one_line(text: str) -> str:
    """Line breaks inside a cell are layout, not content: fold them into one space."""
    return _NEWLINES.sub(" ", text.replace("\u00a0", " ")).strip()


@remembered(maxsize=32768)
def _plain_text(text: str) -> str | None:
    """The cell's text on one line without tags; None when nothing is left."""
    return one_line(strip_tags(text)) or None


@remembered(maxsize=32768)
def _is_blank_text(text: str) -> bool:
    return not strip_tags(text).strip()


@remembered(maxsize=16384)
def header_key(text: str) -> str:
    """A comparison key for header words: no tags, NFC, lower case, single spaces.

    Remembered: every line of every table is checked for a repeated header, so the
    same cell texts are keyed again and again (about 1,900 calls per appendix)."""
    plain = unicodedata.normalize("NFC", strip_tags(text)).replace("\u00a0", " ")
    return _SPACES.sub(" ", _MARKDOWN.sub(" ", plain)).strip().casefold()


def has_bold_tag(text: str) -> bool:
    return bool(_BOLD_TAG.search(text))


def cell_from_tagged_text(text: str) -> Cell:
    return Cell(text=text, bold=has_bold_tag(text))


def is_blank(line: Line) -> bool:
    """No number and nothing but white space and tags in any cell (checked for every line read)."""
    for cell in line:
        text = cell.text
        if cell.number is not None or (not _is_blank_text(text) if "<" in text else text.strip()):
            return False
    return True


# ----------------------------------------------------------------------------
# Header recognition and column mapping
# ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Columns:
    """Where each appendix column sits in a line of cells."""

    code: int | None
    label: int
    unit: int | None
    value: int | None
    note: int | None


def _is_code_header(key: str) -> bool:
    return key.rstrip(".") in _CODE_HEADERS


def _texts(line: Line) -> tuple[str, ...]:
    return tuple([cell.text for cell in line])


def is_header_line(line: Line) -> bool:
    """The first header line of an appendix: a "Chỉ tiêu ..." cell beside STT, unit, value or note."""
    return _is_header_texts(_texts(line))


@remembered(maxsize=16384)
def _is_header_texts(texts: tuple[str, ...]) -> bool:
    return _keys_are_header([header_key(text) for text in texts])


def _keys_are_header(keys: list[str]) -> bool:
    if not any(key.startswith("chỉ tiêu") for key in keys):
        return False
    return any(
        _is_code_header(key) or "đơn vị tính" in key or "ghi chú" in key or "số liệu" in key or "kết quả" in key
        for key in keys
        if not key.startswith("chỉ tiêu")
    )


def is_subheader_line(line: Line) -> bool:
    """The second header line under merged cells: first two cells empty, header words after."""
    return _is_subheader_texts(_texts(line))


@remembered(maxsize=16384)
def _is_subheader_texts(texts: tuple[str, ...]) -> bool:
    return _keys_are_subheader([header_key(text) for text in texts])


def _keys_are_subheader(keys: list[str]) -> bool:
    if len(keys) < 3 or keys[0] or keys[1]:
        return False
    filled = [re.sub(r"\s*/\s*", "/", key) for key in keys if key]
    return bool(filled) and all(key in _SUBHEADER_WORDS for key in filled)


def is_column_numbering(line: Line) -> bool:
    """A row numbering the columns, "(1) (2) (3)" or "A B 1 2", printed under some headers."""
    return _is_column_numbering_texts(_texts(line))


@remembered(maxsize=16384)
def _is_column_numbering_texts(texts: tuple[str, ...]) -> bool:
    return _keys_are_column_numbering([header_key(text) for text in texts])


def _keys_are_column_numbering(keys: list[str]) -> bool:
    filled = [key for key in keys if key]
    return len(filled) >= 3 and all(_COLUMN_NUMBER.match(key) for key in filled)


def is_repeated_header(line: Line) -> bool:
    return _is_repeated_header_texts(_texts(line))


@remembered(maxsize=16384)
def _is_repeated_header_texts(texts: tuple[str, ...]) -> bool:
    keys = [header_key(text) for text in texts]  # once for the three tests (a data line misses the cache)
    return _keys_are_header(keys) or _keys_are_subheader(keys) or _keys_are_column_numbering(keys)


def map_columns(header_lines: Sequence[Line]) -> Columns | None:
    """Column roles from one or two header lines; None if this is not an appendix header.

    Templates differ ("Số liệu", "Số lượng/ Tỷ lệ", a merged "Kết quả thống kê" over
    unit and value), so each column is named by the words of all its header cells.
    """
    header_lines = [line for line in header_lines if not is_column_numbering(line)]
    width = max((len(line) for line in header_lines), default=0)
    names = [
        " ".join(header_key(line[i].text) for line in header_lines if i < len(line) and line[i].text.strip())
        for i in range(width)
    ]
    code = label = unit = note = None
    strong_values: list[int] = []
    weak_values: list[int] = []
    for i, name in enumerate(names):
        if not name:
            continue
        if code is None and _is_code_header(name):
            code = i
        elif label is None and "chỉ tiêu" in name:
            label = i
        elif note is None and "ghi chú" in name:
            note = i
        elif unit is None and ("đơn vị tính" in name or "đvt" in name.split()):
            unit = i
        elif any(word in name for word in _STRONG_VALUE):
            strong_values.append(i)
        elif any(word in name for word in _WEAK_VALUE):
            weak_values.append(i)
    values = strong_values or weak_values
    value = values[0] if values else None
    if label is None or (unit is None and value is None):
        return None
    if code is None and label > 0:
        code = label - 1  # an STT header lost to a merge still sits left of the label
    return Columns(code=code, label=label, unit=unit, value=value, note=note)


def find_table_start(lines: Sequence[Line]) -> int | None:
    """Index of the first appendix header line, or None when there is no appendix table."""
    for index, line in enumerate(lines):
        if line and is_header_line(line) and map_columns(_header_block(lines, index)) is not None:
            return index
    return None


def _header_block(lines: Sequence[Line], start: int) -> list[Line]:
    """The header line and the sub-header lines right under it."""
    block = [lines[start]]
    for line in lines[start + 1 : start + 3]:
        if line and (is_subheader_line(line) or is_column_numbering(line)):
            block.append(line)
        else:
            break
    return block


# ----------------------------------------------------------------------------
# Rows
# ----------------------------------------------------------------------------

# A row being built, as the fields of ``RawRow`` after ``row_no`` (page-break tails are
# appended before it is frozen). A list, not an object: an appendix has a few hundred rows.
_CODE, _LABEL, _UNIT, _VALUE, _NOTE, _BOLD, _NUMBER, _FORMAT = range(8)
_NO_CELL = Cell()


def _join(first: str | None, second: str | None) -> str | None:
    parts = [part for part in (first, second) if part]
    return " ".join(parts) if parts else None


def _absorb(row: list, tail: list) -> None:
    row[_LABEL] = _join(row[_LABEL], tail[_LABEL]) or ""
    row[_UNIT] = _join(row[_UNIT], tail[_UNIT])
    row[_NOTE] = _join(row[_NOTE], tail[_NOTE])


def _pending_row(line: Line, columns: Columns) -> list:
    width = len(line)
    code, label, unit, value, note = columns.code, columns.label, columns.unit, columns.value, columns.note
    code_cell = line[code] if code is not None and code < width else _NO_CELL
    label_cell = line[label] if label < width else _NO_CELL
    value_cell = line[value] if value is not None and value < width else _NO_CELL
    code_text, label_text, value_text = code_cell.text, label_cell.text, value_cell.text
    unit_text = line[unit].text if unit is not None and unit < width else ""
    note_text = line[note].text if note is not None and note < width else ""
    number = value_cell.number
    return [  # an empty text, the usual one, skips the remembered helpers
        _plain_text(code_text) if code_text else None,
        one_line(label_text) if label_text else "",
        _plain_text(unit_text) if unit_text else None,
        _plain_text(value_text) if value_text else None,
        _plain_text(note_text) if note_text else None,
        code_cell.bold or label_cell.bold,
        number,
        value_cell.number_format if number is not None else None,
    ]


def _is_page_break_tail(row: list) -> bool:
    """An uncoded line without a value: the rest of a row cut by a page break."""
    if row[_CODE] is not None or row[_VALUE] is not None or row[_NUMBER] is not None:
        return False
    return bool(strip_tags(row[_LABEL]).strip() or row[_UNIT] or row[_NOTE])


def _is_footnote(line: Line) -> bool:
    if not line or "<" not in (text := line[0].text):
        return False
    return text.lstrip().lower().startswith("<sup>")


def assemble_rows(lines: Sequence[Line], limits: ReadLimits = DEFAULT_LIMITS) -> list[RawRow]:
    """Appendix rows from lines starting at the header (see ``find_table_start``).

    Repeated headers, column numbering, footnotes and blank lines are skipped. After
    a ``BREAK`` or a repeated header, an uncoded line with no value continues the row
    above (its label and unit text are appended); anywhere else such a line is a row
    of its own, as are uncoded "Trong đó" children that carry a value.
    """
    if not lines:
        return []
    header = _header_block(lines, 0)
    columns = map_columns(header)
    if columns is None:
        return []
    pending: list[list] = []
    after_break = False
    for line in lines[len(header) :]:
        if not line:  # BREAK
            after_break = True
            continue
        if _is_repeated_header_texts(tuple([cell.text for cell in line])):
            after_break = True  # a header repeated inside the table marks a new page
            continue
        if is_blank(line) or _is_footnote(line):
            continue
        row = _pending_row(line, columns)
        if after_break and pending and _is_page_break_tail(row):
            _absorb(pending[-1], row)
        else:
            pending.append(row)
            if len(pending) > limits.max_rows:
                raise too_many_rows(limits)
        after_break = False
    # Fields named, not RawRow(row_no, *row): a compiled call with starred arguments goes
    # through Python's calling convention.
    return [RawRow(row_no, code, label, unit, value, note, bold, number, number_format)
            for row_no, (code, label, unit, value, note, bold, number, number_format)
            in enumerate(pending, start=1)]


# ----------------------------------------------------------------------------
# Appendix headings
# ----------------------------------------------------------------------------

@remembered(maxsize=16384)
def appendix_heading(text: str) -> str | None:
    """"Phụ lục 1B" from a heading line such as "**Phụ lục 1B**" or "PHỤ LỤC 01b:"; else None."""
    plain = one_line(_MARKDOWN.sub(" ", strip_tags(unicodedata.normalize("NFC", text))))
    if not plain.casefold().startswith("phụ lục"):
        return None
    title = plain.split(":")[0].strip(" .-–")
    return title[:80] or None


# ----------------------------------------------------------------------------
# Decoding
# ----------------------------------------------------------------------------

def _reject_binary(ext: str) -> RejectedFile:
    shown = ext or "(không có phần mở rộng)"
    return RejectedFile(
        "binary_content",
        f"Tệp {shown} không chứa văn bản đọc được (nội dung nhị phân); đề nghị gửi lại tệp đúng định dạng.",
    )


NOT_UTF8 = RejectedFile(
    "not_utf8",
    "Tệp văn bản không dùng bảng mã Unicode (UTF-8) nên không đọc được; "
    "đề nghị mở tệp và lưu lại với bảng mã UTF-8.",
)


def _looks_like_utf16(content: bytes) -> str | None:
    """UTF-16 without a byte-order mark: ASCII characters leave every other byte NUL."""
    sample = content[:400]
    if len(sample) < 8 or len(sample) % 2:
        return None
    even_nuls = sample[0::2].count(0) / (len(sample) / 2)
    odd_nuls = sample[1::2].count(0) / (len(sample) / 2)
    if odd_nuls > 0.3 and even_nuls < 0.05:
        return "utf-16-le"
    if even_nuls > 0.3 and odd_nuls < 0.05:
        return "utf-16-be"
    return None


def _decode_utf16(content: bytes, encoding: str) -> str:
    try:
        return content.decode(encoding)
    except UnicodeDecodeError:
        raise NOT_UTF8 from None


def _decode_8bit(content: bytes) -> str:
    """UTF-8, tolerating a handful of stray bytes; else Windows-1258 (old Vietnamese Windows)."""
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    lenient = content.decode("utf-8", errors="replace")
    stray = lenient.count("\ufffd")
    multibyte = sum(1 for _ in _NON_ASCII.finditer(lenient)) - stray
    if stray <= max(1, len(lenient) // 1000) and multibyte > 10 * stray:
        return lenient  # a UTF-8 file with a few damaged bytes: keep what is readable
    try:
        # cp1258 writes tone marks as combining characters; NFC makes them ordinary letters.
        return unicodedata.normalize("NFC", content.decode("cp1258"))
    except UnicodeDecodeError:
        raise NOT_UTF8 from None


def _is_mostly_text(text: str) -> bool:
    """At most 1% control characters or replacement marks (binary junk has far more)."""
    odd = sum(1 for _ in _CONTROL.finditer(text))
    return odd <= max(1, len(text) // 100)


def decode_text(content: bytes, ext: str = ".txt") -> str:
    """Text of a plain-text file (UTF-8 with or without BOM, UTF-16, or Windows-1258)."""
    if content.startswith(codecs.BOM_UTF8):
        text = _decode_8bit(content[len(codecs.BOM_UTF8) :])
    elif content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _decode_utf16(content, "utf-16")
    elif encoding := _looks_like_utf16(content):
        text = _decode_utf16(content, encoding)
    elif b"\x00" in content:
        raise _reject_binary(ext)
    else:
        text = _decode_8bit(content)
    if not _is_mostly_text(text):
        raise _reject_binary(ext)
    return text.replace("\r\n", "\n").replace("\r", "\n")


# ----------------------------------------------------------------------------
# The text reader
# ----------------------------------------------------------------------------

def text_lines(text: str) -> list[Line]:
    """Each tab-separated line as cells; every other line (blank, prose, footnote) is a BREAK."""
    lines: list[Line] = []
    for raw in text.splitlines():
        if "\t" in raw and raw.strip():
            lines.append(tuple(cell_from_tagged_text(cell) for cell in raw.split("\t")))
        else:
            lines.append(BREAK)
    return lines


def _appendix_end(raw_lines: Sequence[str], start: int) -> int:
    """Where the first appendix ends: at the next "Phụ lục" heading, or the end of the text."""
    for index in range(start + 1, len(raw_lines)):
        if "\t" not in raw_lines[index] and appendix_heading(raw_lines[index]):
            return index
    return len(raw_lines)


def _title_before(raw_lines: Sequence[str], start: int, lookback: int = 15) -> str | None:
    for index in range(start - 1, max(start - lookback, 0) - 1, -1):
        if "\t" not in raw_lines[index] and (title := appendix_heading(raw_lines[index])):
            return title
    return None


def _appendix_table_start(raw_lines: Sequence[str], lines: Sequence[Line]) -> int | None:
    """The header of the table after the first "Phụ lục" heading; else the first appendix header.

    Looking after the heading first keeps a summary table in the narrative
    ("STT | Chỉ tiêu | Kế hoạch | Thực hiện") from being taken for the appendix.
    """
    for heading in range(len(raw_lines)):
        if "\t" not in raw_lines[heading] and appendix_heading(raw_lines[heading]):
            start = find_table_start(lines[heading:])
            if start is not None:
                return heading + start
            break
    return find_table_start(lines)


def extract_text_appendix(text: str, limits: ReadLimits = DEFAULT_LIMITS) -> tuple[list[RawRow], str | None]:
    """The appendix rows of a whole report and the appendix title; ([], None) without one."""
    raw_lines = text.splitlines()
    lines = text_lines(text)
    start = _appendix_table_start(raw_lines, lines)
    if start is None:
        return [], None
    end = _appendix_end(raw_lines, start)
    return assemble_rows(lines[start:end], limits), _title_before(raw_lines, start)


def read_text(content: bytes, ext: str = ".txt", limits: ReadLimits = DEFAULT_LIMITS) -> ExtractedDocument:
    """A plain-text report: the whole text for identification, and its appendix rows if any."""
    text = decode_text(content, ext)
    rows, title = extract_text_appendix(text, limits)
    return ExtractedDocument(reader="text", text=text, rows=rows, appendix_title=title)
