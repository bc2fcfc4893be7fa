"""The fast path of the xlsx reader: sheet XML parsed in one go, cells converted directly.

openpyxl builds three objects per cell (a parse dict, a ``ReadOnlyCell``, a padding
row of 60) and decodes every rich-text string through its descriptor classes; for an
appendix that is most of the reading time. Here each sheet part is parsed with
ElementTree in C and its rows are walked by hand.

What this path must give is exactly what openpyxl in read-only, ``data_only`` mode
gives, so it mirrors openpyxl 3.1 rule by rule (cited in the comments) and reuses
openpyxl where the rules are many and the cost small: the package manifest, the
workbook part and its relationships, the stylesheet (fonts, number formats, date
styles), the document properties. Anything irregular raises ``Unsupported`` and the
caller reads the file again with openpyxl, so an oddity costs time, never a
different result. Formulas are not evaluated: a formula cell gives its cached ``<v>``.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from xml.etree import ElementTree

from openpyxl.cell.read_only import ReadOnlyCell
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.utils.datetime import from_excel, from_ISO8601
from openpyxl.worksheet import _reader as openpyxl_sheet
from openpyxl.worksheet.dimensions import SheetDimension
from openpyxl.xml.constants import SHARED_STRINGS, SHEET_MAIN_NS

MAIN = f"{{{SHEET_MAIN_NS}}}"
ROW, CELL, VALUE, INLINE = MAIN + "row", MAIN + "c", MAIN + "v", MAIN + "is"
SHEET_DATA, DIMENSION = MAIN + "sheetData", MAIN + "dimension"
STRING_ITEM, TEXT, RUN = MAIN + "si", MAIN + "t", MAIN + "r"
PHONETIC = frozenset({MAIN + "rPh", MAIN + "phoneticPr"})
FAST_SHEET_MAX_BYTES = 16 * 1024 * 1024  # appendices weigh ~50 KB; bigger sheets stream through openpyxl


class Unsupported(Exception):
    """Something this path does not mirror exactly: read the file with openpyxl instead."""


# Elements that openpyxl's WorkSheetParser.parse() hands to its own parsers while it
# streams the rows (openpyxl/worksheet/_reader.py). They are parsed here the same way
# and at the same moment, so a sheet openpyxl refuses is refused here too.
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
_HANDLED_TAGS = frozenset(_DISPATCH) | frozenset(_PROPERTIES)


@dataclass
class RawCell:
    """A cell as openpyxl's ``parse_cell`` decides it: the value, and the style index for font and format."""

    value: object
    style_id: object


@dataclass
class FastSheet:
    title: str
    root: ElementTree.Element


class FastWorkbook:
    """The parts of one workbook this path needs, opened the way openpyxl opens them."""

    def __init__(self, content: bytes):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about unknown parts and default styles
            reader = ExcelReader(io.BytesIO(content), read_only=True, data_only=True, keep_links=False)
            reader.read_manifest()
            self.shared_strings = _shared_strings(reader)
            reader.read_workbook()
            reader.read_properties()
            reader.read_custom()
            reader.read_theme()
            apply_stylesheet(reader.archive, reader.wb)
        self.workbook = reader.wb
        self.sheets = _worksheets(reader)

    def styled(self, style_id) -> ReadOnlyCell:
        """A value-less openpyxl cell with this style, to read its font and number format as openpyxl does."""
        return ReadOnlyCell(_SheetOf(self.workbook), 1, 1, None, "n", style_id)

    def is_date_style(self, style_id) -> bool:
        return style_id in self.workbook._date_formats

    def is_timedelta_style(self, style_id) -> bool:
        return style_id in self.workbook._timedelta_formats


@dataclass
class _SheetOf:
    """What a ``ReadOnlyCell`` needs of its sheet to look up styles: the workbook."""

    parent: object


def _parse(data: bytes) -> ElementTree.Element:
    """A part this path parses itself. A DTD is never expanded here: OOXML has none, and a
    declaration the safety check missed is left to openpyxl, which refuses it as before."""
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise Unsupported("a DTD")
    return ElementTree.fromstring(data)


def _worksheets(reader: ExcelReader) -> list[FastSheet]:
    """The worksheets in workbook order, as ExcelReader.read_worksheets finds them."""
    from openpyxl.packaging.relationship import get_dependents, get_rels_path

    sheets = []
    for sheet, rel in reader.parser.find_sheets():
        if rel.target not in reader.valid_files:
            continue  # openpyxl skips a sheet whose part is missing
        if "chartsheet" in rel.Type:
            raise Unsupported("chartsheet")
        rels_path = get_rels_path(rel.target)
        if rels_path in reader.valid_files:
            get_dependents(reader.archive, rels_path)  # parsed (and possibly refused) as openpyxl does
        if reader.archive.getinfo(rel.target).file_size > FAST_SHEET_MAX_BYTES:
            raise Unsupported("a large sheet: openpyxl streams it")
        sheets.append(FastSheet(sheet.name, _parse(reader.archive.read(rel.target))))
    return sheets


def text_content(node: ElementTree.Element) -> str:
    """openpyxl's ``Text.from_tree(node).content``: the plain text then each run's text, phonetics left out."""
    plain, runs = None, []
    for child in node:
        tag = child.tag
        if tag == TEXT:
            plain = child.text  # openpyxl keeps the last <t>
        elif tag == RUN:
            run_text = None
            for part in child:
                if part.tag == TEXT:
                    run_text = part.text
                elif part.tag.endswith("}t") or part.tag == "t":
                    raise Unsupported("a run text in another namespace")
            if run_text is not None:
                runs.append(run_text)
        elif tag not in PHONETIC:
            raise Unsupported(f"unexpected string element {tag}")
    return "".join(([plain] if plain is not None else []) + runs)


def _shared_strings(reader: ExcelReader) -> list[str]:
    """openpyxl's read_string_table: every <si> in order, with 'x005F_' removed."""
    part = reader.package.find(SHARED_STRINGS)
    if part is None:
        return []
    root = _parse(reader.archive.read(part.PartName[1:]))
    items = root.findall(STRING_ITEM)
    if len(items) != sum(1 for _ in root.iter(STRING_ITEM)):
        raise Unsupported("nested string items")
    return [text_content(item).replace("x005F_", "") for item in items]


def _cast_number(text: str) -> int | float:
    """openpyxl's _cast_number."""
    if "." in text or "E" in text or "e" in text:
        return float(text)
    return int(text)


def _sheet_parts(root: ElementTree.Element) -> tuple[ElementTree.Element | None, tuple | None]:
    """The sheetData element and the dimension's boundaries (None when openpyxl would not see one)."""
    data = root.findall(SHEET_DATA)
    if len(data) > 1 or sum(1 for _ in root.iter(ROW)) != sum(len(d.findall(ROW)) for d in data):
        raise Unsupported("rows outside a single sheetData")
    if data and any(el.tag in _HANDLED_TAGS or el.tag == DIMENSION for el in data[0].iter()):
        raise Unsupported("sheet elements inside sheetData")
    dimensions = list(root.iter(DIMENSION))
    if len(dimensions) > 1 or (dimensions and dimensions[0] not in list(root)):
        raise Unsupported("an unusual dimension element")
    children = list(root)
    # openpyxl's parse_dimensions stops at the end of sheetData: a later dimension is not seen.
    if dimensions and (not data or children.index(dimensions[0]) < children.index(data[0])):
        return (data[0] if data else None), SheetDimension.from_tree(dimensions[0]).boundaries
    return (data[0] if data else None), None


def _handle(parser, element: ElementTree.Element) -> None:
    """What WorkSheetParser.parse() does with a non-row element, children first (iterparse 'end' order)."""
    for child in list(element):
        _handle(parser, child)
    method = _DISPATCH.get(element.tag)
    if method:
        getattr(parser, method)(element)
        element.clear()  # as openpyxl does: an enclosing element then sees it emptied
    elif element.tag in _PROPERTIES:
        _PROPERTIES[element.tag].from_tree(element)
        element.clear()


def parsed_rows(workbook: FastWorkbook, root: ElementTree.Element, data) -> Iterator[tuple[int, list]]:
    """(row number, cells) in document order, as WorkSheetParser.parse() yields them."""
    parser = openpyxl_sheet.WorkSheetParser(None, [])
    row_counter = 0
    for element in root:
        if element is data:
            for row in element:
                if row.tag != ROW:
                    continue
                row_counter = _row_number(row, row_counter)
                yield row_counter, _row_cells(workbook, row, row_counter)
        else:
            _handle(parser, element)


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


def _row_cells(workbook: FastWorkbook, row: ElementTree.Element, row_number: int) -> list[tuple[int, RawCell]]:
    """(column, cell) for every child of the row, as WorkSheetParser.parse_cell decides them."""
    cells, column = [], 0
    for element in row:
        data_type = element.get("t", "n")
        coordinate = element.get("r")
        style_id = element.get("s", 0)
        if style_id:
            style_id = int(style_id)
        value = None if data_type == "inlineStr" else (element.findtext(VALUE, None) or None)
        column = coordinate_to_tuple(coordinate)[1] if coordinate else column + 1
        if value is not None:
            value = _typed_value(workbook, data_type, value, style_id, coordinate)
        elif data_type == "inlineStr":
            child = element.find(INLINE)
            if child is not None:
                value = text_content(child)
        cells.append((column, RawCell(value, style_id)))
    return cells


def _typed_value(workbook: FastWorkbook, data_type: str, text: str, style_id, coordinate) -> object:
    if data_type == "n":
        number = _cast_number(text)
        if not workbook.is_date_style(style_id):
            return number
        try:
            return from_excel(number, workbook.workbook.epoch, timedelta=workbook.is_timedelta_style(style_id))
        except (OverflowError, ValueError):
            return "#VALUE!"  # openpyxl turns an impossible date into this error value
    if data_type == "s":
        return workbook.shared_strings[int(text)]
    if data_type == "b":
        return bool(int(text))
    if data_type == "d":
        return from_ISO8601(text)
    return text  # "str", "e" and unknown types keep the text


def sheet_rows(workbook: FastWorkbook, sheet: FastSheet, max_columns: int) -> Iterator[list[RawCell | None]]:
    """Rows 1.. as openpyxl's ReadOnlyWorksheet._cells_by_row gives them with ``max_col``:
    missing rows filled in, rows past the dimension dropped, each row ``max_columns`` wide."""
    data, dimension = _sheet_parts(sheet.root)
    max_row = dimension[3] if dimension else None
    empty: list[RawCell | None] = [None] * max_columns
    counter, number = 1, 1
    for number, cells in parsed_rows(workbook, sheet.root, data):
        if max_row is not None and number > max_row:
            break
        while counter < number:
            counter += 1
            yield empty
        if counter <= number:
            counter += 1
            row: list[RawCell | None] = [None] * max_columns
            for column, cell in cells:
                if 1 <= column <= max_columns:
                    row[column - 1] = cell
            yield row
    if max_row is not None and max_row < number:
        for _ in range(counter, max_row + 1):
            yield empty
