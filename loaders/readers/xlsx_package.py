"""A workbook package's facts for the fast path: read strictly without openpyxl, else by openpyxl.

Building openpyxl's ``Workbook`` and style objects costs several milliseconds a file,
so an ordinary package is read by ``xlsx_package_strict``, which mirrors openpyxl for
what Excel, LibreOffice and openpyxl write. A package it does not fully understand
(or fails on in any way) is read here by openpyxl itself, up to the worksheets'
cells, so the fast path still reads its sheets. A package openpyxl refuses raises
its exception to the caller, which reads the file with openpyxl and is refused the
same way.
"""

from __future__ import annotations

import io
import logging
import warnings

from openpyxl.cell.read_only import ReadOnlyCell
from openpyxl.packaging.relationship import get_dependents, get_rels_path
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.workbook.defined_name import DefinedNameDict
from openpyxl.xml.constants import SHARED_STRINGS

from loaders.readers.xlsx_cells import is_bold, number_format
from loaders.readers.xlsx_package_facts import CellStyles, PackageFacts, SheetPart
from loaders.readers.xlsx_package_strict import read_package

__all__ = ["PackageFacts", "SheetPart", "Unsupported", "package_facts"]

log = logging.getLogger(__name__)


class Unsupported(Exception):
    """Something the fast path does not mirror exactly: read the file with openpyxl instead."""


def package_facts(archive, content: bytes) -> PackageFacts:
    """``archive``: the package's zip, or anything with its ``namelist`` and ``read``."""
    try:
        return read_package(archive, archive.namelist())
    except Exception as reason:  # Unfamiliar, or a part the strict reader trips on: openpyxl decides
        log.debug("strict package reader declined (%r): reading the package with openpyxl", reason)
    return _read_with_openpyxl(content)


def _read_with_openpyxl(content: bytes) -> PackageFacts:
    """What ExcelReader.read() does in read-only, data-only mode, up to the worksheets' cells.

    The shared strings and the sheet parts are left to the fast path, which reads them itself."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about unknown parts and default styles
        reader = ExcelReader(io.BytesIO(content), read_only=True, data_only=True, keep_links=False)
        reader.read_manifest()
        shared_strings = reader.package.find(SHARED_STRINGS)
        reader.read_workbook()
        reader.read_properties()
        reader.read_custom()
        reader.read_theme()
        apply_stylesheet(reader.archive, reader.wb)
        sheets = _worksheets(reader)
        _assign_names(reader, len(sheets))
    workbook = reader.wb
    return PackageFacts(sheets, shared_strings.PartName[1:] if shared_strings is not None else None,
                        workbook.epoch, _cell_styles(workbook))


def _cell_styles(workbook) -> CellStyles:
    """Each style index as openpyxl's read-only cell reports it, and its date and duration style sets."""
    sheet = _SheetOf(workbook)
    cells = (ReadOnlyCell(sheet, 1, 1, None, "n", index) for index in range(len(workbook._cell_styles)))
    return CellStyles(tuple((is_bold(cell), number_format(cell)) for cell in cells),
                      frozenset(workbook._date_formats), frozenset(workbook._timedelta_formats))


class _SheetOf:
    """What a ``ReadOnlyCell`` needs of its sheet to look up styles: the workbook."""

    def __init__(self, workbook):
        self.parent = workbook


def _worksheets(reader: ExcelReader) -> list[SheetPart]:
    """The worksheets in workbook order, as ExcelReader.read_worksheets finds them."""
    sheets = []
    for sheet, rel in reader.parser.find_sheets():
        if rel.target not in reader.valid_files:
            continue  # openpyxl skips a sheet whose part is missing
        if "chartsheet" in rel.Type:
            raise Unsupported("chartsheet")
        rels_path = get_rels_path(rel.target)
        if rels_path in reader.valid_files:
            get_dependents(reader.archive, rels_path)  # parsed (and possibly refused) as openpyxl does
        sheets.append(SheetPart(sheet.name, rel.target))
    return sheets


class _NamedSheet:
    """What WorkbookParser.assign_names touches on a read-only worksheet."""

    def __init__(self):
        self.defined_names = DefinedNameDict()


def _assign_names(reader: ExcelReader, sheet_count: int) -> None:
    """Defined names are bound after the sheets are read; a name openpyxl cannot parse refuses the file."""
    reader.wb._sheets = [_NamedSheet() for _ in range(sheet_count)]
    try:
        reader.parser.assign_names()
    finally:
        reader.wb._sheets = []
