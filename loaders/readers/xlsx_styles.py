"""``xl/styles.xml`` read without openpyxl: per cell style, the bold flag and number format.

What openpyxl's ``apply_stylesheet`` leaves a read-only cell to report, for the
stylesheets Excel, LibreOffice and openpyxl write: number formats, fonts, fills,
borders, cell and named-style formats, differential formats, table styles, colours
and extensions, each checked against an allow-list (``xlsx_allow_list``) that
openpyxl is sure to accept. A cell style's number format is its custom format code,
else the builtin one (``BUILTIN_FORMATS``, "General" for an unknown builtin id); its
bold flag is its font's ``b``. Whatever the allow-list does not cover raises
``Unfamiliar`` and openpyxl reads the package.
"""

from __future__ import annotations

from openpyxl.descriptors.excel import Extension
from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE, is_date_format, is_timedelta_format
from openpyxl.xml.constants import SHEET_MAIN_NS

from loaders.readers.xlsx_allow_list import (
    ANY,
    BOOL,
    INDEX,
    INT,
    NUMBER,
    RGB,
    Allowed,
    Unfamiliar,
    between,
    check,
    none_or,
    one_of,
    parse,
    value_element,
)
from loaders.readers.xlsx_package_facts import CellStyles

M = f"{{{SHEET_MAIN_NS}}}"


def _main(**children: Allowed) -> dict[str, Allowed]:
    return {M + name: allowed for name, allowed in children.items()}


COLOR = Allowed(  # Color.from_tree
    {"rgb": RGB, "indexed": INDEX, "auto": BOOL, "theme": INDEX, "tint": between(-1, 1), "type": ANY},
    foreign_attributes=True,
)
FONT = Allowed(  # Font.from_tree: its children are nested values, none repeated
    children=_main(
        b=value_element(BOOL), i=value_element(BOOL), strike=value_element(BOOL), outline=value_element(BOOL),
        shadow=value_element(BOOL), condense=value_element(BOOL), extend=value_element(BOOL),
        name=value_element(ANY, required=True), charset=value_element(INT, required=True),
        family=value_element(between(0, 14), required=True), sz=value_element(NUMBER, required=True),
        u=value_element(none_or("single", "double", "singleAccounting", "doubleAccounting")),
        vertAlign=value_element(none_or("superscript", "subscript", "baseline"), required=True),
        scheme=value_element(none_or("major", "minor"), required=True),
        color=COLOR,
    ),
    foreign_attributes=True,
)
PATTERNS = ("solid", "darkDown", "darkGray", "darkGrid", "darkHorizontal", "darkTrellis", "darkUp",
            "darkVertical", "gray0625", "gray125", "lightDown", "lightGray", "lightGrid", "lightHorizontal",
            "lightTrellis", "lightUp", "lightVertical", "mediumGray")
FILL = Allowed(  # Fill.from_tree reads the first child: here a pattern fill, alone (see _check_fill);
    # PatternFill._from_tree passes every attribute and child on, so no foreign ones
    children=_main(patternFill=Allowed({"patternType": none_or(*PATTERNS)},
                                       children=_main(fgColor=COLOR, bgColor=COLOR))),
    foreign_attributes=True,
)
SIDE = Allowed(
    {"style": none_or("dashDot", "dashDotDot", "dashed", "dotted", "double", "hair", "medium", "mediumDashDot",
                      "mediumDashDotDot", "mediumDashed", "slantDashDot", "thick", "thin")},
    children=_main(color=COLOR), foreign_attributes=True,
)
BORDER = Allowed(
    {"outline": BOOL, "diagonalUp": BOOL, "diagonalDown": BOOL},
    children=_main(start=SIDE, end=SIDE, left=SIDE, right=SIDE, top=SIDE, bottom=SIDE, diagonal=SIDE,
                   vertical=SIDE, horizontal=SIDE),
    foreign_attributes=True,
)
ALIGNMENT = Allowed(
    {"horizontal": none_or("general", "left", "center", "right", "fill", "justify", "centerContinuous",
                           "distributed"),
     "vertical": none_or("top", "center", "bottom", "justify", "distributed"),
     "textRotation": one_of(*[str(angle) for angle in range(181)], "255"), "wrapText": BOOL, "shrinkToFit": BOOL,
     "indent": between(0, 255), "relativeIndent": between(-255, 255), "justifyLastLine": BOOL,
     "readingOrder": between(0, 1e9)},
    foreign_attributes=True,
)
PROTECTION = Allowed({"locked": BOOL, "hidden": BOOL}, foreign_attributes=True)
XF = Allowed(
    {"numFmtId": INDEX, "fontId": INDEX, "fillId": INDEX, "borderId": INDEX, "xfId": INDEX, "quotePrefix": BOOL,
     "pivotButton": BOOL, "applyNumberFormat": BOOL, "applyFont": BOOL, "applyFill": BOOL, "applyBorder": BOOL,
     "applyAlignment": BOOL, "applyProtection": BOOL},
    children=_main(alignment=ALIGNMENT, protection=PROTECTION),
    foreign_attributes=True,
)
XFS = Allowed({"count": INDEX}, children=_main(xf=XF), repeated=frozenset({M + "xf"}), foreign_attributes=True)
NUMBER_FORMAT = Allowed({"numFmtId": INDEX, "formatCode": ANY}, frozenset({"numFmtId", "formatCode"}),
                        foreign_attributes=True)


def _sequence(item: str, allowed: Allowed) -> Allowed:
    """A NestedSequence (fonts, fills, borders, dxfs): openpyxl parses every child as an item and
    ignores the container's attributes; only items are allowed here."""
    return Allowed({"count": INDEX}, children=_main(**{item: allowed}), repeated=frozenset({M + item}),
                   foreign_attributes=True)


# Extension.from_tree skips an ext's children whose localname is no attribute of its class
# (x14:slicerStyles, x15:timelineStyles...): their content is never looked at.
EXTENSION_LIST = Allowed(
    children=_main(ext=Allowed({"uri": ANY}, frozenset({"uri"}), foreign_attributes=True,
                               skips_children_unknown_to=Extension)),
    repeated=frozenset({M + "ext"}), foreign_attributes=True,
)
DIFFERENTIAL = Allowed(
    children=_main(font=FONT, numFmt=NUMBER_FORMAT, fill=FILL, alignment=ALIGNMENT, border=BORDER,
                   protection=PROTECTION),
    foreign_attributes=True,
)
STYLESHEET = Allowed(
    {},  # Stylesheet.from_tree drops the root's attributes
    children=_main(
        numFmts=Allowed({"count": INDEX}, children=_main(numFmt=NUMBER_FORMAT), repeated=frozenset({M + "numFmt"}),
                        foreign_attributes=True),
        fonts=_sequence("font", FONT),
        fills=_sequence("fill", FILL),
        borders=_sequence("border", BORDER),
        cellStyleXfs=XFS,
        cellXfs=XFS,
        cellStyles=Allowed(
            {"count": INDEX},
            children=_main(cellStyle=Allowed(
                {"name": ANY, "xfId": INDEX, "builtinId": INDEX, "iLevel": INDEX, "hidden": BOOL,
                 "customBuiltin": BOOL},
                frozenset({"name", "xfId"}), foreign_attributes=True)),
            repeated=frozenset({M + "cellStyle"}), foreign_attributes=True,
        ),
        dxfs=_sequence("dxf", DIFFERENTIAL),
        tableStyles=Allowed({"count": INDEX, "defaultTableStyle": ANY, "defaultPivotStyle": ANY},
                            foreign_attributes=True),
        colors=Allowed(
            children=_main(
                indexedColors=Allowed(children=_main(rgbColor=Allowed({"rgb": RGB}, frozenset({"rgb"}),
                                                                      foreign_attributes=True)),
                                      repeated=frozenset({M + "rgbColor"}), foreign_attributes=True),
                mruColors=Allowed(children=_main(color=COLOR), repeated=frozenset({M + "color"}),
                                  foreign_attributes=True),
            ),
            foreign_attributes=True,
        ),
        extLst=EXTENSION_LIST,
    ),
    foreign_attributes=True,
)


# apply_stylesheet returns at once without xl/styles.xml: openpyxl's default style only
DEFAULT_CELL_STYLES = CellStyles(((False, "General"),), frozenset(), frozenset())


def read_cell_styles(data: bytes) -> CellStyles:
    """The cell styles as apply_stylesheet leaves them to a read-only cell, or ``Unfamiliar``."""
    root = parse(data)
    if root.tag != M + "styleSheet":
        raise Unfamiliar(f"a stylesheet rooted in {root.tag}")
    check(root, STYLESHEET)
    section = {child.tag[len(M):]: child for child in root}
    custom = {int(fmt.get("numFmtId")): fmt.get("formatCode") for fmt in _items(section, "numFmts")}
    bold = [_is_bold(font) for font in _items(section, "fonts")]
    fills, borders = _items(section, "fills"), _items(section, "borders")
    for fill in fills:
        if len(fill) != 1:
            raise Unfamiliar("a fill without its pattern")  # Fill.from_tree gives None, or reads the first only
    fill_count, border_count = len(fills), len(borders)
    named = _items(section, "cellStyleXfs")
    cell_formats = _items(section, "cellXfs")
    if not cell_formats:
        raise Unfamiliar("no cell formats")  # openpyxl then keeps its own defaults
    # Stylesheet._merge_named_styles looks up every named style's format, font, fill and border
    for style in _items(section, "cellStyles"):
        xf_id = int(style.get("xfId"))
        if xf_id >= len(named):
            raise Unfamiliar("a named style without its format")
        _check_references(named[xf_id], len(bold), fill_count, border_count)
    styles, dates, timedeltas = [], set(), set()
    for index, xf in enumerate(cell_formats):
        _check_references(xf, len(bold), fill_count, border_count)
        number_format_id = int(xf.get("numFmtId", 0))
        if number_format_id in custom:
            code = custom[number_format_id]  # Stylesheet._normalise_numbers: custom before builtin
            number_format = code
        elif number_format_id < BUILTIN_FORMATS_MAX_SIZE:
            code = BUILTIN_FORMATS.get(number_format_id)
            number_format = BUILTIN_FORMATS.get(number_format_id, "General")  # ReadOnlyCell.number_format
        else:
            raise Unfamiliar("a cell format with an undefined custom number format")
        if is_date_format(code):
            dates.add(index)
        if is_timedelta_format(code):
            timedeltas.add(index)
        styles.append((bold[int(xf.get("fontId", 0))], number_format))
    return CellStyles(tuple(styles), frozenset(dates), frozenset(timedeltas))


def _items(section: dict, name: str) -> list:
    element = section.get(name)
    return list(element) if element is not None else []


def _check_references(xf, fonts: int, fills: int, borders: int) -> None:
    """A format's font, fill and border exist (openpyxl would fail, or read a missing font as not bold)."""
    if (int(xf.get("fontId", 0)) >= fonts or int(xf.get("fillId", 0)) >= fills
            or int(xf.get("borderId", 0)) >= borders):
        raise Unfamiliar("a cell format pointing past the style tables")


def _is_bold(font) -> bool:
    """Font.b: ``<b/>`` is bold, ``<b val="0"/>`` or ``"false"`` is not (values are limited to BOOL)."""
    b = font.find(M + "b")
    if b is None:
        return False
    return b.get("val", "1") in ("1", "true")
