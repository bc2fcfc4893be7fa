"""The fast path of the xlsx reader: sheet XML parsed in one go, lines of cells built directly.

openpyxl builds three objects per cell (a parse dict, a ``ReadOnlyCell``, a padding
row of 60) and decodes every rich-text string through its descriptor classes; for an
appendix that is most of the reading time. Here the cells of a sheet are cut out of
its text by a strict tokenizer (``xlsx_tokens``) when they have the shapes Excel,
LibreOffice and openpyxl write; otherwise the sheet part is parsed with ElementTree
in C (the parser openpyxl streams sheets with) and its rows are walked by hand. Both
give the same lines of ``Cell`` the openpyxl path gives.

What this path must give is exactly what openpyxl in read-only, ``data_only`` mode
gives, so it mirrors openpyxl 3.1 rule by rule (cited in the comments). The package
(sheets, epoch, cell styles) comes from ``xlsx_package``: read by a strict allow-list
reader when ordinary, by openpyxl otherwise. The sheet's elements around its cells
are left to openpyxl's own parsers, their verdicts remembered by content.
Anything irregular raises ``Unsupported`` and the caller reads the file again with
openpyxl, so an oddity costs time, never a different result. Formulas are not
evaluated: a formula cell gives its cached ``<v>``.
"""

from __future__ import annotations

import copy
import io
import warnings
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from xml.etree import ElementTree
from xml.etree.ElementTree import Element

from openpyxl.utils.datetime import from_excel, from_ISO8601
from openpyxl.worksheet import _reader as openpyxl_sheet
from openpyxl.worksheet.dimensions import SheetDimension
from openpyxl.xml.constants import SHEET_MAIN_NS

from loaders.readers.bounded import keep
from loaders.readers.byte_search import declares_dtd
from loaders.readers.text import Cell, Line
from loaders.readers.xlsx_cells import EMPTY, cell_from_value, number_cell, text_cell
from loaders.readers.xlsx_package import PackageFacts, SheetPart, Unsupported, package_facts
from loaders.readers.xlsx_tokens import (
    COLUMNS,
    CellParts,
    Declined,
    column_of,
    plain_strings,
    sheet_rows,
    split_sheet,
)

__all__ = ["FastWorkbook", "Unsupported", "worksheet_lines", "text_content"]

MAIN = f"{{{SHEET_MAIN_NS}}}"
ROW, CELL, VALUE, FORMULA, INLINE = MAIN + "row", MAIN + "c", MAIN + "v", MAIN + "f", MAIN + "is"
SHEET_DATA, DIMENSION, WORKSHEET = MAIN + "sheetData", MAIN + "dimension", MAIN + "worksheet"
STRING_ITEM, TEXT, RUN, RUN_PROPERTIES = MAIN + "si", MAIN + "t", MAIN + "r", MAIN + "rPr"
PHONETIC_TEXT, PHONETIC_PROPERTIES = MAIN + "rPh", MAIN + "phoneticPr"
CELL_CHILDREN = frozenset({VALUE, FORMULA, INLINE})
FAST_SHEET_MAX_BYTES = 16 * 1024 * 1024  # appendices weigh ~50 KB; bigger sheets stream through openpyxl


# Elements that openpyxl's WorkSheetParser.parse() hands to its own parsers while it
# streams the rows (openpyxl/worksheet/_reader.py). They are parsed the same way and
# at the same moment, so a sheet openpyxl refuses is refused here too.
_DISPATCH = {
    openpyxl_sheet.COL_TAG: "parse_column_dimensions",
    openpyxl_sheet.PROT_TAG: "parse_sheet_protection",
    openpyxl_sheet.EXT_TAG: "parse_extensions",
    openpyxl_sheet.CF_TAG: "parse_formatting",
    openpyxl_sheet.LEGACY_TAG: "parse_legacy",
    openpyxl_sheet.ROW_BREAK_TAG: "parse_row_breaks",
    openpyxl_sheet.COL_BREAK_TAG: "parse_col_breaks",
    openpyxl_sheet.CUSTOM_VIEWS_TAG: "parse_custom_views",
}
_PROPERTIES = {
    openpyxl_sheet.PRINT_TAG: openpyxl_sheet.PrintOptions,
    openpyxl_sheet.MARGINS_TAG: openpyxl_sheet.PageMargins,
    openpyxl_sheet.PAGE_TAG: openpyxl_sheet.PrintPageSetup,
    openpyxl_sheet.HEADER_TAG: openpyxl_sheet.HeaderFooter,
    openpyxl_sheet.FILTER_TAG: openpyxl_sheet.AutoFilter,
    openpyxl_sheet.VALIDATION_TAG: openpyxl_sheet.DataValidationList,
    openpyxl_sheet.PROPERTIES_TAG: openpyxl_sheet.WorksheetProperties,
    openpyxl_sheet.VIEWS_TAG: openpyxl_sheet.SheetViewList,
    openpyxl_sheet.FORMAT_TAG: openpyxl_sheet.SheetFormatProperties,
    openpyxl_sheet.SCENARIOS_TAG: openpyxl_sheet.ScenarioList,
    openpyxl_sheet.TABLE_TAG: openpyxl_sheet.TablePartList,
    openpyxl_sheet.HYPERLINK_TAG: openpyxl_sheet.HyperlinkList,
    openpyxl_sheet.MERGE_TAG: openpyxl_sheet.MergeCells,
}
# Font properties a rich-text run may carry (openpyxl's InlineFont); none is a sheet element.
_RUN_PROPERTY_TAGS = frozenset(MAIN + name for name in (
    "rFont", "charset", "family", "b", "i", "strike", "outline", "shadow", "condense", "extend", "color",
    "sz", "u", "vertAlign", "scheme",
))


@dataclass
class FastSheet:
    title: str
    root: Element
    data: Element | None  # sheetData
    dimension: tuple | None  # openpyxl's boundaries, None when openpyxl would not see a dimension
    tokens: list[tuple[int, list[tuple[int, CellParts]]]] | None = None  # the rows, when the tokenizer cut them out


class FastWorkbook:
    """The parts of one workbook this path reads: the package facts, the shared strings, the sheets."""

    def __init__(self, content: bytes, parts: dict[str, bytes] | None = None,
                 archive: zipfile.ZipFile | None = None):
        members = _Members(archive or zipfile.ZipFile(io.BytesIO(content)), parts or {})
        self.package: PackageFacts = package_facts(members, content)
        part = self.package.shared_strings_part
        self.shared_strings = _shared_strings(members.read(part)) if part is not None else []
        self.sheets = [_sheet(members, sheet) for sheet in self.package.sheets]


class _Members:
    """The package's zip, giving the members the safety checks already decompressed from memory."""

    def __init__(self, archive: zipfile.ZipFile, parts: dict[str, bytes]):
        self._archive = archive
        self._parts = parts
        self.getinfo = archive.getinfo
        self.namelist = archive.namelist

    def read(self, name: str) -> bytes:
        data = self._parts.get(name)
        return data if data is not None else self._archive.read(name)


def _parse(data: bytes) -> ElementTree.Element:
    """A part this path parses itself. A DTD is never expanded here: OOXML has none, and a
    declaration the safety check missed is left to openpyxl, which refuses it as before."""
    if declares_dtd(data):
        raise Unsupported("a DTD")
    return ElementTree.fromstring(data)


def _sheet(archive: _Members, sheet: SheetPart) -> FastSheet:
    if archive.getinfo(sheet.part).file_size > FAST_SHEET_MAX_BYTES:
        raise Unsupported("a large sheet: openpyxl streams it")
    content = archive.read(sheet.part)
    tokenised = _tokenised_sheet(sheet.title, content)
    if tokenised is not None:
        return tokenised
    root = _parse(content)
    data, dimension = _sheet_parts(root)
    return FastSheet(sheet.title, root, data, dimension)


def _tokenised_sheet(title: str, content: bytes) -> FastSheet | None:
    """The sheet with its cells cut out by the tokenizer and the rest parsed by ElementTree,
    or None when the tokenizer declines (the whole part is then parsed by ElementTree)."""
    split = split_sheet(content)
    if split is None:
        return None
    frame, text, prefixes = split
    try:
        root = _parse(frame)
    except ElementTree.ParseError:
        return None  # the whole part is parsed again, so the error is the one it gives
    data, dimension = _sheet_parts(root)
    if data is None or len(data) or data.text or data.attrib:
        return None  # the empty sheetData put in is not the sheet's sheetData
    try:
        rows = sheet_rows(text, prefixes)
    except Declined:
        return None
    return FastSheet(title, root, data, dimension, rows)


# ---------------------------------------------------------------------------
# Strings
# ---------------------------------------------------------------------------

def text_content(node: ElementTree.Element) -> str:
    """openpyxl's ``Text.from_tree(node).content``: the plain text then each run's text, phonetics left out."""
    if len(node) == 1 and not node.attrib:  # the usual string: one plain <t>
        child = node[0]
        if child.tag == TEXT and not len(child):
            return child.text or ""
    if node.attrib and _has_plain_attributes(node):
        raise Unsupported("attributes on a string")  # openpyxl passes them to Text() and fails
    plain, runs = None, []
    for child in node:
        tag = child.tag
        if tag == TEXT:
            if len(child):
                raise Unsupported("elements inside a string text")
            plain = child.text  # openpyxl keeps the last <t>
        elif tag == RUN:
            run_text = _run_text(child)
            if run_text is not None:
                runs.append(run_text)
        elif tag == PHONETIC_TEXT:
            if any(part.tag != TEXT or len(part) for part in child):
                raise Unsupported("unexpected phonetic text")
            _raise_if_refused("PhoneticText", child)
        elif tag == PHONETIC_PROPERTIES:
            if len(child):
                raise Unsupported("unexpected phonetic properties")
            _raise_if_refused("PhoneticProperties", child)
        else:
            raise Unsupported(f"unexpected string element {tag}")
    if plain is None:
        return "".join(runs)
    return plain + "".join(runs) if runs else plain


def _run_text(run: ElementTree.Element) -> str | None:
    """A rich-text run's text (openpyxl keeps the last <t>); its font is parsed by openpyxl, which may refuse it."""
    if run.attrib and _has_plain_attributes(run):
        raise Unsupported("attributes on a run")
    text = None
    for part in run:
        if part.tag == TEXT:
            if len(part):
                raise Unsupported("elements inside a run text")
            text = part.text
        elif part.tag == RUN_PROPERTIES:
            if any(prop.tag not in _RUN_PROPERTY_TAGS or len(prop) for prop in part):
                raise Unsupported("unexpected run properties")
            _raise_if_refused("InlineFont", part)
        else:
            raise Unsupported(f"unexpected run element {part.tag}")
    return text


def _has_plain_attributes(element: ElementTree.Element) -> bool:
    """Attributes outside a namespace, which openpyxl's from_tree passes on as arguments."""
    return any(not name.startswith("{") for name in element.attrib)


def _openpyxl_string_parts() -> dict:
    from openpyxl.cell.text import InlineFont, PhoneticProperties, PhoneticText

    return {"InlineFont": InlineFont, "PhoneticText": PhoneticText, "PhoneticProperties": PhoneticProperties}


def _raise_if_refused(kind: str, element: ElementTree.Element) -> None:
    """openpyxl's ``<kind>.from_tree`` on this part of a string, its verdict remembered by content."""
    key = (kind, _element_key(element))
    verdict = _part_verdicts.get(key)
    if verdict is None:
        try:
            _openpyxl_string_parts()[kind].from_tree(copy.deepcopy(element))
            verdict = ""
        except Exception as error:  # openpyxl's descriptors raise TypeError, ValueError, KeyError...
            verdict = f"{kind} openpyxl refuses ({error!r})"
        keep(_part_verdicts, key, verdict, REMEMBERED_VERDICTS)
    if verdict:
        raise Unsupported(verdict)


def _shared_strings(data: bytes) -> list[str]:
    """openpyxl's read_string_table: every <si> in order, with 'x005F_' removed."""
    texts = plain_strings(data)
    if texts is None:  # rich text, phonetics or anything unusual: parsed into elements
        root = _parse(data)
        items = root.findall(STRING_ITEM)
        if len(items) != sum(1 for _ in root.iter(STRING_ITEM)):
            raise Unsupported("nested string items")
        texts = [text_content(item) for item in items]
    return [text.replace("x005F_", "") if "x005F_" in text else text for text in texts]


# ---------------------------------------------------------------------------
# The sheet around its cells
# ---------------------------------------------------------------------------

def _sheet_parts(root: ElementTree.Element) -> tuple[ElementTree.Element | None, tuple | None]:
    """The sheetData element and the dimension's boundaries (None when openpyxl would not see one)."""
    if root.tag != WORKSHEET:
        raise Unsupported(f"a sheet part rooted in {root.tag}")
    children = list(root)
    data = [index for index, child in enumerate(children) if child.tag == SHEET_DATA]
    if len(data) > 1:
        raise Unsupported("more than one sheetData")
    dimensions = [index for index, child in enumerate(children) if child.tag == DIMENSION]
    if len(dimensions) > 1:
        raise Unsupported("more than one dimension")
    data_index = data[0] if data else None
    # openpyxl's parse_dimensions stops at the end of sheetData: a later dimension is not seen.
    if sum(1 for _ in root.iter(DIMENSION)) != len(dimensions):
        raise Unsupported("a dimension inside another element")
    if data_index is not None and sum(1 for _ in root.iter(ROW)) != len(children[data_index]):
        raise Unsupported("rows outside sheetData")  # openpyxl would read them as rows
    if dimensions and (data_index is None or dimensions[0] < data_index):
        if len(children[dimensions[0]]):
            raise Unsupported("a dimension with children")
        dimension = SheetDimension.from_tree(children[dimensions[0]]).boundaries
    else:
        dimension = None
    return (children[data_index] if data_index is not None else None), dimension


def _element_key(element: ElementTree.Element) -> tuple:
    """Everything openpyxl's parsers can see of an element: tags, attributes and texts, recursively."""
    return (element.tag, tuple(element.attrib.items()), element.text,
            tuple(_element_key(child) + (child.tail,) for child in element))


_frame_verdicts: dict[tuple, str] = {}
_part_verdicts: dict[tuple, str] = {}
REMEMBERED_VERDICTS = 4096  # real sheets repeat a few dozen frame elements


def _handle_frame_element(element: ElementTree.Element) -> None:
    """What WorkSheetParser.parse() does with an element outside sheetData, its verdict remembered by content.

    openpyxl's parsers read an element and keep nothing a later element depends on, so
    an element it accepted once it accepts again; a refusal makes openpyxl read the file."""
    if element.tag == DIMENSION:
        return  # read by parse_dimensions (see _sheet_parts), ignored by parse()
    key = _element_key(element)
    verdict = _frame_verdicts.get(key)
    if verdict is None:
        verdict = _openpyxl_verdict(copy.deepcopy(element))
        keep(_frame_verdicts, key, verdict, REMEMBERED_VERDICTS)
    if verdict:
        raise Unsupported(verdict)


def _openpyxl_verdict(element: ElementTree.Element) -> str:
    """'' when openpyxl's parsers accept the element, else why the fast path must step aside."""
    if any(el.tag in (ROW, CELL, DIMENSION, SHEET_DATA) for el in element.iter()):
        return "sheet rows or dimension inside another element"
    parser = openpyxl_sheet.WorkSheetParser(None, [])
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about unsupported extensions
            _handle(parser, element)
    except Exception as error:  # openpyxl's descriptors raise TypeError, ValueError, KeyError...
        return f"a sheet element openpyxl refuses ({error!r})"
    return ""


def _handle(parser, element: ElementTree.Element) -> None:
    """openpyxl's dispatch for one element, children first (iterparse 'end' order)."""
    for child in list(element):
        _handle(parser, child)
    method = _DISPATCH.get(element.tag)
    if method:
        getattr(parser, method)(element)
        element.clear()  # as openpyxl does: an enclosing element then sees it emptied
    elif element.tag in _PROPERTIES:
        _PROPERTIES[element.tag].from_tree(element)
        element.clear()


# ---------------------------------------------------------------------------
# Rows and cells
# ---------------------------------------------------------------------------

def _row_number(row: ElementTree.Element, previous: int) -> int:
    """WorkSheetParser.parse_row: the r attribute (an integral float allowed), else the next number."""
    r = row.get("r")
    if r is None:
        return previous + 1
    try:
        return int(r)
    except ValueError:
        number = float(r)
        if not number.is_integer():
            raise
        return int(number)


def _cast_number(text: str) -> int | float:
    """openpyxl's _cast_number."""
    if "." in text or "E" in text or "e" in text:
        return float(text)
    return int(text)


class _CellReader:
    """One workbook's cells as openpyxl's parse_cell decides them, turned into ``Cell``.

    This runs for every cell of every sheet, so the usual cells (an inline or shared
    string, a number) take the shortest way; anything else goes through the full rules."""

    def __init__(self, workbook: FastWorkbook):
        self.package = workbook.package
        self.shared_strings = workbook.shared_strings
        self._styles = workbook.package.cell_styles.styles
        self._dates = workbook.package.cell_styles.dates

    def _style(self, style_id) -> tuple[bool, str | None]:
        """``PackageFacts.style``, inlined for the common case of a style in range."""
        try:
            return self._styles[style_id]
        except (IndexError, TypeError):
            return self.package.style(style_id)

    def cell(self, element: ElementTree.Element) -> Cell:
        data_type = element.get("t", "n")
        style_id = element.get("s", 0)
        if style_id:
            style_id = int(style_id)
        inline = None
        value_text = None
        if len(element) == 1:  # the usual cell: a lone <v> or <is>
            child = element[0]
            tag = child.tag
            if len(child):
                if tag != INLINE:
                    raise Unsupported("elements inside a value" if tag == VALUE else f"unexpected cell element {tag}")
                inline = child
            elif tag == VALUE:
                value_text = child.text or ""
            elif tag == INLINE:
                inline = child
            elif tag != FORMULA:
                raise Unsupported(f"unexpected cell element {tag}")
        else:
            for child in element:
                tag = child.tag
                if tag == VALUE:
                    if value_text is None:
                        value_text = child.text or ""  # findtext: the first <v>
                    if len(child):
                        raise Unsupported("elements inside a value")
                elif tag == INLINE:
                    if inline is None:
                        inline = child
                elif tag != FORMULA or len(child):
                    raise Unsupported(f"unexpected cell element {tag}")
        if data_type == "inlineStr" and inline is not None:
            if len(inline) == 1 and not inline.attrib and (plain := inline[0]).tag == TEXT and not len(plain):
                text = plain.text or ""  # text_content's usual case, inlined
            else:
                text = text_content(inline)
            return self.decided(style_id, data_type, value_text, text)
        return self.decided(style_id, data_type, value_text, None)

    def decided(self, style_id, data_type: str, value_text: str | None, inline_text: str | None) -> Cell:
        """The cell openpyxl's parse_cell makes of these parts; ``inline_text``: the text of its <is>."""
        if data_type == "inlineStr":
            if inline_text is None:
                return EMPTY
            return text_cell(inline_text, self._style(style_id)[0])
        if not value_text:
            return EMPTY
        if data_type == "n":
            bold, number_format = self._style(style_id)
            if style_id in self._dates:
                return cell_from_value(self._date(value_text, style_id), bold, number_format)
            return number_cell(value_text, bold, number_format)
        if data_type == "s":
            return text_cell(self.shared_strings[int(value_text)], self._style(style_id)[0])
        value: object
        if data_type == "b":
            value = bool(int(value_text))
        elif data_type == "d":
            value = from_ISO8601(value_text)
        else:
            value = value_text  # "str", "e" and unknown types keep the text
        bold, number_format = self._style(style_id)
        return cell_from_value(value, bold, number_format)

    def _date(self, text: str, style_id) -> object:
        number = _cast_number(text)
        try:
            return from_excel(number, self.package.epoch, timedelta=self.package.is_timedelta_style(style_id))
        except (OverflowError, ValueError):
            return "#VALUE!"  # openpyxl turns an impossible date into this error value

    def line(self, row: ElementTree.Element, max_columns: int) -> Line:
        """A row element's line: its cells by column (WorkSheetParser.parse_cell counts columns without ``r``)."""
        return _placed(self._element_cells(row), max_columns)

    def _element_cells(self, row: ElementTree.Element) -> Iterator[tuple[int, Cell]]:
        column = 0
        columns = COLUMNS
        for element in row:
            if element.tag != CELL:
                raise Unsupported(f"unexpected row element {element.tag}")
            coordinate = element.get("r")
            if coordinate:
                column = columns.get(coordinate) or column_of(coordinate)
            else:
                column += 1
            yield column, self.cell(element)

    def token_line(self, parts: list[tuple[int, CellParts]], max_columns: int) -> Line:
        """A tokenised row's line."""
        # Each part named, not decided(*cell): a compiled call with starred arguments goes
        # through Python's calling convention.
        return _placed([(column, self.decided(style, kind, value, inline))
                        for column, (style, kind, value, inline) in parts], max_columns)


def _placed(cells_by_column: Iterable[tuple[int, Cell]], max_columns: int) -> Line:
    """The cells at their columns, a later cell replacing an earlier one in the same column, without
    the empty cells right of the last filled one, keeping one so a blank row is not a BREAK."""
    cells: list[Cell] = []
    filled = 0  # len(cells)
    for column, cell in cells_by_column:
        if 1 <= column <= max_columns:
            if column > filled:
                if cell is EMPTY:
                    continue
                if column > filled + 1:
                    cells.extend([EMPTY] * (column - 1 - filled))
                cells.append(cell)
                filled = column
            else:
                cells[column - 1] = cell
    if not filled:
        return _BLANK_LINE
    end = filled
    while end > 1 and (last := cells[end - 1]).number is None and not last.text.strip():
        end -= 1  # is_blank_cell, inlined
    return tuple(cells[:end]) if end < filled else tuple(cells)


_BLANK_LINE: Line = (EMPTY,)


def _rows(sheet: FastSheet) -> Iterator[tuple[int, ElementTree.Element | list[tuple[int, CellParts]]]]:
    """(row number, row element or tokenised cells) in document order, the other elements handled
    when openpyxl would."""
    row_number = 0
    for element in sheet.root:
        if element is sheet.data:
            if sheet.tokens is not None:
                yield from sheet.tokens
                continue
            for row in element:
                if row.tag != ROW:
                    raise Unsupported(f"unexpected sheetData element {row.tag}")
                row_number = _row_number(row, row_number)
                yield row_number, row
        else:
            _handle_frame_element(element)


def worksheet_lines(workbook: FastWorkbook, sheet: FastSheet, max_columns: int) -> Iterator[Line]:
    """Rows 1.. as openpyxl's ReadOnlyWorksheet._cells_by_row gives them with ``max_col``: missing
    rows filled in, rows past the dimension dropped; each row as a line of cells, trailing blanks off."""
    reader = _CellReader(workbook)
    line: Callable[..., Line] = reader.token_line if sheet.tokens is not None else reader.line
    max_row = sheet.dimension[3] if sheet.dimension else None
    empty: Line = (EMPTY,)
    counter, number = 1, 1
    for number, row in _rows(sheet):
        cells = line(row, max_columns)  # openpyxl parses every row's cells, also one it then drops
        if max_row is not None and number > max_row:
            break
        while counter < number:
            counter += 1
            yield empty
        if counter <= number:
            counter += 1
            yield cells
    if max_row is not None and max_row < number:
        for _ in range(counter, max_row + 1):
            yield empty
