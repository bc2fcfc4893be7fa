"""What openpyxl decides about a workbook package, apart from its cells, remembered by the parts' bytes.

Opening a package with openpyxl (manifest, workbook, relationships, document
properties, theme, stylesheet, defined names) costs several milliseconds, most of
it building a ``Workbook`` and its style tables, while the parts it reads are the
same in every file saved from one template: only the sheets and the shared strings
change. So openpyxl itself decides, once per distinct set of those parts, and the
decision is kept with the names and bytes of every part it read. Another file uses
the decision only if its member names and those parts' bytes are identical, which
makes the decision exactly openpyxl's for that file too. A package openpyxl refuses
is not remembered: the exception goes to the caller, which reads the file with
openpyxl and is refused the same way.
"""

from __future__ import annotations

import io
import threading
import warnings
import zipfile
from collections import OrderedDict
from dataclasses import dataclass

from openpyxl.cell.read_only import ReadOnlyCell
from openpyxl.packaging.relationship import get_dependents, get_rels_path
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.workbook.defined_name import DefinedNameDict
from openpyxl.xml.constants import SHARED_STRINGS

from loaders.readers.xlsx_cells import is_bold, number_format

REMEMBERED_PACKAGES = 32  # distinct templates kept; one entry is a few style tables


class Unsupported(Exception):
    """Something the fast path does not mirror exactly: read the file with openpyxl instead."""


@dataclass(frozen=True)
class SheetPart:
    title: str
    part: str  # the member holding the sheet XML


class PackageFacts:
    """openpyxl's reading of one package: the worksheets in order, the date epoch, the cell styles."""

    def __init__(self, workbook, sheets: list[SheetPart], shared_strings_part: str | None):
        self.sheets = sheets
        self.shared_strings_part = shared_strings_part
        self.epoch = workbook.epoch
        self._workbook = workbook
        self._styles: dict[object, tuple[bool, str | None]] = {}
        self._lock = threading.Lock()

    def style(self, style_id) -> tuple[bool, str | None]:
        """(bold, number format) of a cell with this style index, as openpyxl's read-only cell reports them."""
        style = self._styles.get(style_id)
        if style is None:
            cell = ReadOnlyCell(_SheetOf(self._workbook), 1, 1, None, "n", style_id)
            style = (is_bold(cell), number_format(cell))
            with self._lock:
                self._styles[style_id] = style
        return style

    def is_date_style(self, style_id) -> bool:
        return style_id in self._workbook._date_formats

    def is_timedelta_style(self, style_id) -> bool:
        return style_id in self._workbook._timedelta_formats


@dataclass
class _SheetOf:
    """What a ``ReadOnlyCell`` needs of its sheet to look up styles: the workbook."""

    parent: object


@dataclass
class _Remembered:
    parts: dict[str, bytes]  # every part openpyxl read, by member name
    facts: PackageFacts


_remembered: OrderedDict[tuple[str, ...], list[_Remembered]] = OrderedDict()
_remembered_lock = threading.Lock()


def package_facts(archive: zipfile.ZipFile, content: bytes) -> PackageFacts:
    """openpyxl's facts for this package: remembered ones when the same parts were seen, else freshly read."""
    names = tuple(archive.namelist())
    with _remembered_lock:
        candidates = list(_remembered.get(names, ()))
    for entry in candidates:
        if all(archive.read(name) == data for name, data in entry.parts.items()):
            with _remembered_lock:
                if names in _remembered:
                    _remembered.move_to_end(names)
            return entry.facts
    parts: dict[str, bytes] = {}
    facts = _read_with_openpyxl(content, parts)
    with _remembered_lock:
        _remembered.setdefault(names, []).insert(0, _Remembered(parts, facts))
        _remembered.move_to_end(names)
        while sum(len(entries) for entries in _remembered.values()) > REMEMBERED_PACKAGES:
            oldest = next(iter(_remembered))
            if len(_remembered[oldest]) > 1:
                _remembered[oldest].pop()
            else:
                del _remembered[oldest]
    return facts


def forget_packages() -> None:
    """Drop every remembered package (tests use it to read a package cold)."""
    with _remembered_lock:
        _remembered.clear()


class _RecordingArchive:
    """The package's zip as openpyxl sees it, noting the bytes of every part it reads."""

    def __init__(self, archive: zipfile.ZipFile, parts: dict[str, bytes]):
        self._archive = archive
        self._parts = parts

    def read(self, name):
        data = self._archive.read(name)
        self._parts[name if isinstance(name, str) else name.filename] = data
        return data

    def open(self, name, mode="r", *args, **kwargs):
        return io.BytesIO(self.read(name))

    def __getattr__(self, attribute):
        return getattr(self._archive, attribute)


def _read_with_openpyxl(content: bytes, parts: dict[str, bytes]) -> PackageFacts:
    """What ExcelReader.read() does in read-only, data-only mode, up to the worksheets' cells.

    The shared strings and the sheet parts are left to the fast path, which reads them itself."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about unknown parts and default styles
        reader = ExcelReader(io.BytesIO(content), read_only=True, data_only=True, keep_links=False)
        reader.archive = _RecordingArchive(reader.archive, parts)
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
    workbook._archive = None  # the facts outlive this file
    return PackageFacts(workbook, sheets, shared_strings.PartName[1:] if shared_strings is not None else None)


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
