"""The package of an ordinary workbook read without openpyxl, exactly as openpyxl would read it.

openpyxl's ``ExcelReader.read`` (read-only, data-only, links not kept) reads, before
any cell: the manifest, the workbook part and its relationships, the document
properties, the theme, the stylesheet, each worksheet's relationships, and binds the
defined names. Building its ``Workbook`` and style objects costs several
milliseconds a file. This module reads the same parts in the same way, through
strict allow-lists (``xlsx_allow_list``) of what Excel, LibreOffice and openpyxl
write, and gives what the fast path needs: the worksheets in order, the date epoch,
the cell styles (``xlsx_styles``). Anything else (chartsheets, custom properties, a
workbook part found only through a default content type, workbook elements or
attributes not listed here, a part that fails to parse) raises ``Unfamiliar``, and
openpyxl reads the package, so every accept and refuse stays openpyxl's.
"""

from __future__ import annotations

import posixpath
from typing import Protocol

from openpyxl.packaging.relationship import get_rels_path
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900
from openpyxl.workbook.defined_name import RESERVED_REGEX
from openpyxl.worksheet.print_settings import PrintArea, PrintTitles
from openpyxl.xml.constants import (
    ARC_CONTENT_TYPES,
    ARC_CORE,
    ARC_CUSTOM,
    ARC_STYLE,
    ARC_THEME,
    CONTYPES_NS,
    COREPROPS_NS,
    DCORE_NS,
    DCTERMS_NS,
    PKG_REL_NS,
    REL_NS,
    SHARED_STRINGS,
    SHEET_MAIN_NS,
    XLSM,
    XLSX,
    XLTM,
    XLTX,
)

from loaders.readers.xlsx_allow_list import (
    ANY,
    BOOL,
    INDEX,
    INT,
    NUMBER,
    Allowed,
    Unfamiliar,
    check,
    iso_datetime,
    none_or,
    parse,
)
from loaders.readers.xlsx_package_facts import PackageFacts, SheetPart
from loaders.readers.xlsx_styles import DEFAULT_CELL_STYLES, EXTENSION_LIST, read_cell_styles

M = f"{{{SHEET_MAIN_NS}}}"


class Archive(Protocol):
    """The package's zip, or a view of it that gives some members from memory."""

    def read(self, name: str) -> bytes: ...


CT = f"{{{CONTYPES_NS}}}"
RELATIONSHIP = f"{{{PKG_REL_NS}}}Relationship"
R_ID = f"{{{REL_NS}}}id"
MARKUP_COMPATIBILITY = "http://schemas.openxmlformats.org/markup-compatibility/2006"
REVISIONS = "http://schemas.microsoft.com/office/spreadsheetml/2014/revision"


# -- allow-lists ------------------------------------------------------------------------------

MANIFEST = Allowed(
    children={
        CT + "Default": Allowed({"Extension": ANY, "ContentType": ANY}, frozenset({"Extension", "ContentType"}),
                                foreign_attributes=True),
        CT + "Override": Allowed({"PartName": ANY, "ContentType": ANY}, frozenset({"PartName", "ContentType"}),
                                 foreign_attributes=True),
    },
    repeated=frozenset({CT + "Default", CT + "Override"}), foreign_attributes=True,
)
RELATIONSHIPS = Allowed(  # ElementList.from_tree: the root's attributes are not looked at
    children={RELATIONSHIP: Allowed({"Id": ANY, "Type": ANY, "Target": ANY, "TargetMode": ANY},
                                    frozenset({"Id", "Type", "Target"}), foreign_attributes=True)},
    repeated=frozenset({RELATIONSHIP}), foreign_attributes=True,
)
WORKBOOK_PROPERTIES = Allowed(
    {"date1904": BOOL, "dateCompatibility": BOOL, "showObjects": none_or("all", "placeholders"),
     "showBorderUnselectedTables": BOOL, "filterPrivacy": BOOL, "promptedSolutions": BOOL,
     "showInkAnnotation": BOOL, "backupFile": BOOL, "saveExternalLinkValues": BOOL,
     "updateLinks": none_or("userSet", "never", "always"), "codeName": ANY, "hidePivotFieldList": BOOL,
     "showPivotChartFilter": BOOL, "allowRefreshQuery": BOOL, "publishItems": BOOL, "checkCompatibility": BOOL,
     "autoCompressPictures": BOOL, "refreshAllConnections": BOOL, "defaultThemeVersion": INT},
    foreign_attributes=True,
)
BOOK_VIEW = Allowed(
    {"visibility": none_or("visible", "hidden", "veryHidden"), "minimized": BOOL, "showHorizontalScroll": BOOL,
     "showVerticalScroll": BOOL, "showSheetTabs": BOOL, "xWindow": INT, "yWindow": INT, "windowWidth": INT,
     "windowHeight": INT, "tabRatio": INT, "firstSheet": INT, "activeTab": INT, "autoFilterDateGrouping": BOOL},
    foreign_attributes=True,
)
SHEET = Allowed(
    {"name": ANY, "sheetId": INT, "state": none_or("visible", "hidden", "veryHidden"), R_ID: ANY},
    frozenset({"name", "sheetId", R_ID}), foreign_attributes=True,
)
DEFINED_NAME = Allowed(
    {"name": ANY, "comment": ANY, "customMenu": ANY, "description": ANY, "help": ANY, "statusBar": ANY,
     "localSheetId": INDEX, "hidden": BOOL, "function": BOOL, "vbProcedure": BOOL, "xlm": BOOL,
     "functionGroupId": INT, "shortcutKey": ANY, "publishToServer": BOOL, "workbookParameter": BOOL},
    frozenset({"name"}), foreign_attributes=True,
)
CALCULATION = Allowed(
    {"calcId": INT, "calcMode": none_or("manual", "auto", "autoNoTable"), "fullCalcOnLoad": BOOL,
     "refMode": none_or("A1", "R1C1"), "iterate": BOOL, "iterateCount": INT, "iterateDelta": NUMBER,
     "fullPrecision": BOOL, "calcCompleted": BOOL, "calcOnSave": BOOL, "concurrentCalc": BOOL,
     "concurrentManualCount": INT, "forceFullCalc": BOOL},
    foreign_attributes=True,
)
WORKBOOK = Allowed(
    {"conformance": none_or("strict", "transitional"), f"{{{MARKUP_COMPATIBILITY}}}Ignorable": ANY},
    children={
        M + "fileVersion": Allowed({"appName": ANY, "lastEdited": ANY, "lowestEdited": ANY, "rupBuild": ANY},
                                   foreign_attributes=True),
        M + "workbookPr": WORKBOOK_PROPERTIES,
        M + "workbookProtection": Allowed({"lockStructure": BOOL, "lockWindows": BOOL, "lockRevision": BOOL},
                                          foreign_attributes=True),
        M + "bookViews": Allowed(children={M + "workbookView": BOOK_VIEW}, repeated=frozenset({M + "workbookView"}),
                                 foreign_attributes=True),
        M + "sheets": Allowed(children={M + "sheet": SHEET}, repeated=frozenset({M + "sheet"}),
                              foreign_attributes=True),
        M + "definedNames": Allowed(children={M + "definedName": DEFINED_NAME},
                                    repeated=frozenset({M + "definedName"}), foreign_attributes=True),
        M + "calcPr": CALCULATION,
        M + "extLst": EXTENSION_LIST,
    },
    # named like no attribute of WorkbookPackage, so WorkbookPackage.from_tree skips them whole
    skipped=frozenset({f"{{{MARKUP_COMPATIBILITY}}}AlternateContent", f"{{{REVISIONS}}}revisionPtr"}),
    foreign_attributes=True,
)

CORE_TEXTS = frozenset(
    [f"{{{COREPROPS_NS}}}{name}" for name in ("category", "contentStatus", "keywords", "lastModifiedBy",
                                               "revision", "version")]
    + [f"{{{DCORE_NS}}}{name}" for name in ("subject", "title", "creator", "description", "identifier",
                                            "language")]
)
CORE_DATES = frozenset({f"{{{DCTERMS_NS}}}created", f"{{{DCTERMS_NS}}}modified", f"{{{COREPROPS_NS}}}lastPrinted"})
WORKBOOK_TYPES = (XLTM, XLTX, XLSM, XLSX)  # the order _find_workbook_part tries them in


# -- the package ------------------------------------------------------------------------------

def read_package(archive: Archive, names: list[str]) -> PackageFacts:
    """What openpyxl's reader would find in this package, or ``Unfamiliar`` (or any error: openpyxl decides)."""
    valid_files = set(names)
    workbook_part, shared_strings_part = _manifest(archive)
    workbook = parse(archive.read(workbook_part))
    if workbook.tag != M + "workbook":
        raise Unfamiliar(f"a workbook part rooted in {workbook.tag}")
    check(workbook, WORKBOOK)
    if ARC_CORE in valid_files:
        _check_core_properties(archive.read(ARC_CORE))
    if ARC_CUSTOM in valid_files:
        raise Unfamiliar("custom document properties")
    if ARC_THEME in valid_files:
        archive.read(ARC_THEME)  # openpyxl keeps the theme's bytes: a damaged member fails here too
    cell_styles = read_cell_styles(archive.read(ARC_STYLE)) if ARC_STYLE in valid_files else DEFAULT_CELL_STYLES
    sheets = _worksheets(archive, workbook, workbook_part, valid_files)
    _check_defined_names(workbook, len(sheets))
    return PackageFacts(sheets, shared_strings_part, _epoch(workbook), cell_styles)


def _manifest(archive: Archive) -> tuple[str, str | None]:
    """The workbook part and the shared strings part, as openpyxl finds them in [Content_Types].xml."""
    root = parse(archive.read(ARC_CONTENT_TYPES))
    if root.tag != CT + "Types":
        raise Unfamiliar(f"a manifest rooted in {root.tag}")
    check(root, MANIFEST)
    overrides = [(item.get("PartName"), item.get("ContentType")) for item in root if item.tag == CT + "Override"]
    workbook = next((name for wanted in WORKBOOK_TYPES for name, kind in overrides if kind == wanted), None)
    if workbook is None:
        raise Unfamiliar("no workbook override")  # openpyxl would look at the default content types
    shared_strings = next((name for name, kind in overrides if kind == SHARED_STRINGS), None)
    return workbook[1:], shared_strings[1:] if shared_strings is not None else None


def _relationships(archive: Archive, path: str) -> dict[str, tuple[str, str]]:
    """get_dependents(archive, path).to_dict(): Id -> (Type, target normalised as openpyxl does)."""
    root = parse(archive.read(path))
    if root.tag != f"{{{PKG_REL_NS}}}Relationships":
        raise Unfamiliar(f"relationships rooted in {root.tag}")
    check(root, RELATIONSHIPS)
    parent = posixpath.split(posixpath.dirname(path))[0]
    relationships = {}
    for item in root:
        target = item.get("Target")
        if item.get("TargetMode") != "External":
            target = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(parent, target))
        relationships[item.get("Id")] = (item.get("Type"), target)  # the last of an Id wins, as in to_dict
    return relationships


def _worksheets(archive: Archive, workbook, workbook_part: str, valid_files: set[str]) -> list[SheetPart]:
    """ExcelReader.read_worksheets in read-only mode: each sheet whose part exists, its relationships parsed."""
    sheets_element = workbook.find(M + "sheets")
    entries = list(sheets_element) if sheets_element is not None else []
    if not entries:
        raise Unfamiliar("a workbook without sheets")
    relationships = _relationships(archive, get_rels_path(workbook_part))
    sheets = []
    for entry in entries:
        kind, target = relationships[entry.get(R_ID)]
        if target not in valid_files:
            continue  # openpyxl skips a sheet whose part is missing
        if "chartsheet" in kind:
            raise Unfamiliar("a chartsheet")
        sheet_relationships = get_rels_path(target)
        if sheet_relationships in valid_files:
            _relationships(archive, sheet_relationships)
        sheets.append(SheetPart(entry.get("name"), target))
    return sheets


def _check_defined_names(workbook, sheet_count: int) -> None:
    """WorkbookParser.assign_names: a print area or print titles of a sheet are parsed, and may refuse the file."""
    names = workbook.find(M + "definedNames")
    for name in names if names is not None else ():
        local = name.get("localSheetId")
        if local is None or int(local) >= sheet_count:
            continue  # a workbook name, or a name for a sheet openpyxl does not find (it warns)
        reserved = RESERVED_REGEX.match(name.get("name"))
        if reserved is None:
            continue
        if reserved.group("name") == "Print_Titles":
            PrintTitles.from_string(name.text)
        elif reserved.group("name") == "Print_Area":
            try:
                PrintArea.from_string(name.text)
            except TypeError:
                pass  # openpyxl warns and goes on


def _check_core_properties(data: bytes) -> None:
    """DocumentProperties.from_tree accepts it: known texts in their namespaces, dates it can read."""
    root = parse(data)
    if root.tag != f"{{{COREPROPS_NS}}}coreProperties" or any(not name.startswith("{") for name in root.attrib):
        raise Unfamiliar("unexpected core properties")
    seen = set()
    for child in root:
        tag = child.tag
        if tag in seen or len(child) or any(not name.startswith("{") for name in child.attrib):
            raise Unfamiliar(f"core property {tag!r} repeated, with children or attributes")
        seen.add(tag)
        if tag in CORE_DATES:
            if not iso_datetime(child.text):
                raise Unfamiliar(f"a core property date openpyxl cannot read: {child.text!r}")
        elif tag not in CORE_TEXTS:
            raise Unfamiliar(f"core property {tag!r}")


def _epoch(workbook):
    properties = workbook.find(M + "workbookPr")
    date1904 = properties.get("date1904") if properties is not None else None
    return CALENDAR_MAC_1904 if date1904 in ("1", "true") else CALENDAR_WINDOWS_1900
