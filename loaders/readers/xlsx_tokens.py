"""A strict tokenizer for the cells of a worksheet and for a plain shared-string table.

Parsing a sheet's XML into elements was most of what the fast path spent on a file.
The cells Excel, LibreOffice and openpyxl write take a handful of fixed shapes
(``<c r="B7" s="3" t="s"><v>12</v></c>``), so the text of ``sheetData`` is cut at
every cell start instead, and each distinct cell text is read once. This reader accepts only what it
can vouch for: anything it does not recognise (another attribute order, a comment,
a rich-text inline string, an entity it cannot expand, a character XML forbids)
makes it return None, and the caller parses the part with ElementTree as before.
So an unusual file costs time, never a different reading.

The part around ``sheetData`` (columns, views, merged cells...) is still parsed by
ElementTree, with ``sheetData`` left empty, so whatever openpyxl checks there is
checked as before, and a malformed frame is refused as before.
"""

from __future__ import annotations

import re

from openpyxl.utils.cell import coordinate_to_tuple

from loaders.readers.bounded import keep
from loaders.readers.byte_search import (
    UTF8_DECLARATION,
    has_cdata_end,
    has_markup_declaration,
    has_processing_instruction,
)

# A tokenised cell: (style index, type, <v> text or None, <is> text or None), texts unescaped.
CellParts = tuple[int, str, str | None, str | None]

_SPACE = "[ \t\r\n]"
_NAME = "[A-Za-z_][A-Za-z0-9_.-]*(?::[A-Za-z_][A-Za-z0-9_.-]*)?"
_ATTRIBUTES = re.compile(f"(?:{_SPACE}+{_NAME}=\"[^\"<&]*\")*{_SPACE}*")
_ATTRIBUTE_NAME = re.compile(f"{_SPACE}+({_NAME})=")

# What may stand between two cells: row ends, row starts (self-closed or not) and white space.
# The last alternative takes any other character, so anything else shows up as a token of its own.
_BETWEEN_CELLS = re.compile(
    f"{_SPACE}*(?:"
    r'<row r="([0-9]{1,7})"([^<>]*?)(/?)>'  # 1 row number, 2 other attributes, 3 "/" when empty
    r"|(</row>)"  # 4
    r"|([^ \t\r\n])"  # 5 anything else
    ")"
)
_REFERENCE = re.compile("[A-Z]{1,3}[0-9]{1,7}")
CELL_START = '<c r="'
# The rest of a cell in the order Excel writes its attributes (s, t) and children (f, v, is).
_CELL_REST = re.compile(
    r'(?: s="([0-9]{1,9})")?(?: t="([a-zA-Z]{1,9})")?'  # 1 style, 2 type
    r"(?:/>|>"
    r"(?:<f((?: [a-zA-Z]{1,16}=\"[^\"<&]*\")*)(?:/>|>([^<]*)</f>))?"  # 3 formula attributes, 4 formula
    r"(?:<v>([^<]*)</v>|<v/>)?"  # 5 value
    r'(?:(<is><t(?: xml:space="preserve")?>)([^<]*)</t></is>)?'  # 6 inline start, 7 inline text
    r"</c>)"
)
_TRAILING_SPACE = re.compile(f"{_SPACE}*")
_TRAILING_BYTES = re.compile(rb"[ \t\r\n]*")
# Characters XML 1.0 forbids (expat refuses them); a decoded UTF-8 text holds no surrogates.
_NOT_XML_BYTES = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
_NOT_XML_SEQUENCES = (b"\xef\xbf\xbe", b"\xef\xbf\xbf")  # U+FFFE, U+FFFF in UTF-8
_DECLARED_PREFIX = re.compile(rb"[ \t\r\n]xmlns:([A-Za-z_][A-Za-z0-9_.-]*)=")
_ENTITY = re.compile(r"&(?:#([0-9]{1,7})|#x([0-9a-fA-F]{1,6})|(amp|lt|gt|quot|apos));")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}

SHEET_DATA_START, SHEET_DATA_END, SHEET_DATA_EMPTY = b"<sheetData>", b"</sheetData>", b"<sheetData/>"


def _after_declaration(head: bytes) -> bytes | None:
    """The text after a UTF-8 XML declaration (or all of it when there is none); None for another
    declaration or encoding, or a processing instruction: the parser decides those."""
    if head.startswith(b"<?"):
        declaration = UTF8_DECLARATION.match(head)
        if declaration is None:
            return None
        head = head[declaration.end():]
    return None if has_processing_instruction(head) else head


def xml_characters_only(data: bytes) -> bool:
    """No character XML 1.0 forbids, judged on UTF-8 bytes (a control byte is never part of a
    multi-byte sequence; a decoder refuses encoded surrogates)."""
    return (len(data.translate(None, _NOT_XML_BYTES)) == len(data)
            and not (b"\xef" in data and any(sequence in data for sequence in _NOT_XML_SEQUENCES)))


class Declined(Exception):
    """The text is not one of the shapes this reader vouches for."""


def split_sheet(data: bytes) -> tuple[bytes, str, frozenset[str]] | None:
    """(the sheet with an empty ``<sheetData/>``, the text inside sheetData, the namespace prefixes the
    root declares), or None when the sheet is not plainly laid out for the tokenizer."""
    if data.count(b"sheetData") != 2 or has_markup_declaration(data) or b"\xef\xbb\xbf" in data[:3]:
        return None  # comments, CDATA or a DTD anywhere, or sheetData named elsewhere: ElementTree decides
    start, end = data.find(SHEET_DATA_START), data.find(SHEET_DATA_END)
    if start < 0 or end < start:
        return None
    head = data[:start]
    if _after_declaration(head) is None:
        return None
    inner = data[start + len(SHEET_DATA_START):end]
    if has_processing_instruction(inner) or has_cdata_end(inner) or not xml_characters_only(inner):
        return None
    try:
        text = inner.decode("utf-8")
    except UnicodeDecodeError:
        return None
    root_tag = head[:head.find(b">", head.find(b"<worksheet")) + 1] if b"<worksheet" in head else b""
    if b"'" in root_tag:
        return None  # a declaration could hide inside a single-quoted value: keep prefix finding simple
    prefixes = frozenset(name.decode("ascii") for name in _DECLARED_PREFIX.findall(root_tag)) | {"xml"}
    frame = head + SHEET_DATA_EMPTY + data[end + len(SHEET_DATA_END):]
    return frame, text, prefixes


Rows = list[tuple[int, list[tuple[int, CellParts]]]]


def sheet_rows(text: str, prefixes: frozenset[str]) -> Rows:
    """(row number, its cells as (column, parts)) in document order; raises ``Declined`` on
    anything unfamiliar.

    The text is cut at every cell start with ``str.split``: a regular expression over the
    whole text cost more than everything else the reader does with it. Each cell is then
    the text up to its end, the rest of the piece what stands before the next cell."""
    pieces = text.split(CELL_START)
    rows: Rows = []
    cells = _between_cells(pieces[0], rows, None, prefixes)
    known, columns = _cells, COLUMNS
    for index in range(1, len(pieces)):
        piece = pieces[index]
        if cells is None:
            raise Declined("a cell outside a row")
        reference, quote, rest = piece.partition('"')
        if not quote:
            raise Declined("an unfinished cell")
        if rest.endswith("</c>"):  # a cell inside a row: the piece ends where the cell does
            after = ""
        else:  # the row's last cell (row end and start follow), or a self-closed cell
            start_end = rest.find(">")
            if start_end < 0:
                raise Declined("an unfinished cell")
            if rest[start_end - 1] == "/":
                end = start_end + 1
            else:
                end = rest.find("</c>", start_end) + 4
                if end < 4:
                    raise Declined("an unfinished cell")
            rest, after = rest[:end], rest[end:]
        column = columns.get(reference) or _strict_column(reference)
        parts = known.get(rest)
        cells.append((column, parts if parts is not None else _cell_parts(rest)))
        if after:
            cells = _between_cells(after, rows, cells, prefixes)
    if cells is not None:
        raise Declined("an unfinished row")
    return rows


def _between_cells(text: str, rows: Rows, cells: list | None, prefixes: frozenset[str]) -> list | None:
    """Reads the row ends and starts between two cells into ``rows``; gives the open row's cells."""
    key = (text, prefixes)
    steps = _betweens.get(key)
    if steps is None:
        steps = _row_steps(text, prefixes)
        if len(text) <= REMEMBERED_CHARS:
            keep(_betweens, key, steps, REMEMBERED)
    for number, closed in steps:
        if number is None:
            if cells is None:
                raise Declined("a row closed twice")
            cells = None
        else:
            if cells is not None:
                raise Declined("a row inside a row")
            row_cells: list[tuple[int, CellParts]] = []
            rows.append((number, row_cells))
            if not closed:
                cells = row_cells
    return cells


def _row_steps(text: str, prefixes: frozenset[str]) -> tuple[tuple[int | None, bool], ...]:
    """The row ends (None, False) and row starts (number, self-closed) a text between cells holds."""
    steps: list[tuple[int | None, bool]] = []
    for row, attributes, closed, row_end, _anything_else in _BETWEEN_CELLS.findall(text):
        if row_end:
            steps.append((None, False))
        elif row:
            if attributes:
                _check_attributes(attributes, prefixes, taken="r")
            steps.append((int(row), bool(closed)))
        else:
            raise Declined("text the tokenizer does not recognise")
    return tuple(steps)


def column_of(reference: str) -> int:
    """The column of a cell reference, as openpyxl's coordinate_to_tuple reads it (short ones
    remembered in ``COLUMNS``: references recur in every sheet)."""
    column = coordinate_to_tuple(reference)[1]
    if len(reference) <= 12:
        keep(COLUMNS, reference, column, REMEMBERED_COLUMNS)
    return column


def _strict_column(reference: str) -> int:
    """``column_of`` for a reference of the plain shape ("B12"); ``Declined`` for any other.
    (A reference already in ``COLUMNS`` was read by openpyxl's rule as the element path reads it.)"""
    if _REFERENCE.fullmatch(reference) is None:
        raise Declined("an unfamiliar cell reference")
    try:
        return column_of(reference)
    except (KeyError, ValueError):
        raise Declined("a reference openpyxl does not read") from None


def _cell_parts(rest: str) -> CellParts:
    """A cell's parts from the rest of its text; raises ``Declined`` unless it is a familiar shape."""
    match = _CELL_REST.fullmatch(rest)
    if match is None:
        raise Declined("a cell of an unfamiliar shape")
    style, data_type, formula_attributes, formula, value, inline, inline_text = match.groups()
    if formula_attributes:
        _check_attributes(formula_attributes, frozenset())
    if formula and "&" in formula:
        _unescaped(formula)
    if value is not None and ("&" in value or "\r" in value):
        value = _unescaped(value)
    if inline is None:
        inline_text = None
    elif "&" in inline_text or "\r" in inline_text:
        inline_text = _unescaped(inline_text)
    parts = (int(style) if style else 0, data_type or "n", value, inline_text)
    if len(rest) <= REMEMBERED_CHARS:
        keep(_cells, rest, parts, REMEMBERED)
    return parts


def plain_strings(data: bytes) -> list[str] | None:
    """The texts of a shared-string table whose every item is one plain ``<t>``, or None.

    The raw texts only: the caller applies openpyxl's clean-up ('x005F_' removed)."""
    if has_markup_declaration(data):
        return None
    end = data.rfind(b"</sst>")
    if end < 0 or _TRAILING_BYTES.fullmatch(data, end + len(b"</sst>")) is None:
        return None
    start = data.find(b"<si>")
    if start < 0:
        return None
    after = _after_declaration(data[:start])
    if after is None or _PLAIN_TABLE_START.fullmatch(after) is None or has_processing_instruction(data[start:]):
        return None
    if has_cdata_end(data) or not xml_characters_only(data):
        return None
    try:
        text = data[start:end].decode("utf-8")
    except UnicodeDecodeError:
        return None
    strings = []
    position = 0
    for item in _STRING_ITEM.finditer(text):
        if item.start() != position:
            return None
        position = item.end()
        raw = item.group(1) or ""
        try:
            strings.append(_unescaped(raw) if "&" in raw or "\r" in raw else raw)
        except Declined:
            return None
    return strings if _TRAILING_SPACE.fullmatch(text, position) else None


# The table's start as Excel and LibreOffice write it: the default namespace and the two counts.
_PLAIN_TABLE_START = re.compile(
    rb"[ \t\r\n]*<sst xmlns=\"http://schemas\.openxmlformats\.org/spreadsheetml/2006/main\""
    rb"(?: count=\"[0-9]{1,10}\")?(?: uniqueCount=\"[0-9]{1,10}\")?[ \t\r\n]*>[ \t\r\n]*"
)
_STRING_ITEM = re.compile(f'{_SPACE}*<si>(?:<t(?: xml:space="preserve")?>([^<]*)</t>|<t/>)</si>')


# Cells, attribute lists and escaped texts recur (the same labels and row heights in every
# file of a template), so each distinct one is read once; plain dicts, oldest dropped first.
REMEMBERED = 16384
REMEMBERED_CHARS = 2000
_checked: dict[tuple[str, frozenset[str], str], bool] = {}
_cells: dict[str, CellParts] = {}
COLUMNS: dict[str, int] = {}  # "B12" -> 2, for the tokenizer and the element path alike
REMEMBERED_COLUMNS = 65536
_betweens: dict[tuple[str, frozenset[str]], tuple[tuple[int | None, bool], ...]] = {}
_expanded: dict[str, str] = {}


def _check_attributes(attributes: str, prefixes: frozenset[str], taken: str = "") -> None:
    """Raises ``Declined`` unless the attributes are well formed XML an ElementTree parse accepts:
    double-quoted, each named once (``taken``: a name the element already has), no namespace
    declared here, every prefix declared on the root."""
    key = (attributes, prefixes, taken)
    verdict = _checked.get(key)
    if verdict is None:
        verdict = _attributes_accepted(attributes, prefixes, taken)
        if len(attributes) <= REMEMBERED_CHARS:
            keep(_checked, key, verdict, REMEMBERED)
    if not verdict:
        raise Declined("unusual attributes")


def _attributes_accepted(attributes: str, prefixes: frozenset[str], taken: str) -> bool:
    if _ATTRIBUTES.fullmatch(attributes) is None:
        return False
    names = _ATTRIBUTE_NAME.findall(attributes) + ([taken] if taken else [])
    local_names = [name.partition(":")[2] for name in names if ":" in name]
    if len(set(names)) != len(names) or len(set(local_names)) != len(local_names):
        return False  # two prefixes may name one namespace: a repeated local name is left to expat
    for name in names:
        prefix, colon, _ = name.partition(":")
        if prefix == "xmlns" or (not colon and name == "xmlns") or (colon and prefix not in prefixes):
            return False
    return True


def _unescaped(raw: str) -> str:
    """The text as an XML parser gives it: line ends normalised, then the five entities and
    character references expanded. Raises ``Declined`` on anything else after '&'."""
    text = _expanded.get(raw)
    if text is None:
        text = _ENTITY.sub(_expand, raw.replace("\r\n", "\n").replace("\r", "\n"))
        if "&" in _ENTITY.sub("", raw):
            raise Declined("an entity XML does not define")
        if len(raw) <= REMEMBERED_CHARS:
            keep(_expanded, raw, text, REMEMBERED)
    return text


def _expand(entity: re.Match) -> str:
    decimal, hexadecimal, name = entity.groups()
    if name:
        return _NAMED[name]
    code = int(decimal) if decimal else int(hexadecimal, 16)
    if not (code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD
            or 0x10000 <= code <= 0x10FFFF):
        raise Declined("a character reference XML forbids")
    return chr(code)
