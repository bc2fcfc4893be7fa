"""How a spreadsheet value becomes a ``Cell``; the one rule both xlsx paths (openpyxl and fast) follow.

A number keeps its stored value and number format next to its plain text, a date its
ISO text, a boolean TRUE/FALSE. Cells are immutable and the same labels and units
recur in every appendix, so the fast path builds each distinct one once.
"""

from __future__ import annotations

import datetime as dt
import math

from loaders.readers.bounded import keep
from loaders.readers.text import REMEMBERED_TEXT_CHARS, Cell

EMPTY = Cell()


def number_text(value: float | int) -> str:
    """The stored number as plain text: 51 -> "51", 0.634 -> "0.634" (not a display format)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return repr(value) if isinstance(value, float) else str(value)


def cell_from_value(value, bold: bool, number_format: str | None) -> Cell:
    """A ``Cell`` from a value as openpyxl gives it; numbers keep their value and number format."""
    if value is None:
        return EMPTY
    if isinstance(value, bool):
        return Cell(text="TRUE" if value else "FALSE", bold=bold)
    if isinstance(value, (int, float)):
        if not math.isfinite(value):
            return Cell(text=str(value), bold=bold)
        return Cell(text=number_text(value), bold=bold, number=float(value), number_format=number_format)
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return Cell(text=value.isoformat(), bold=bold)
    return Cell(text=str(value), bold=bold)


# Distinct cells are kept in bounded plain dicts (text cells by bold flag, keyed by text).
REMEMBERED_TEXT_CELLS = 32768
REMEMBERED_NUMBER_CELLS = 8192
_text_cells: dict[bool, dict[str, Cell]] = {False: {}, True: {}}
_number_cells: dict[tuple[str, bool, str | None], Cell] = {}


def text_cell(text: str, bold: bool) -> Cell:
    """``cell_from_value`` for a string, built once per distinct (short) text."""
    cells = _text_cells.get(bold)
    if cells is None or len(text) > REMEMBERED_TEXT_CHARS:
        return Cell(text=text, bold=bold)
    cell = cells.get(text)
    if cell is None:
        cell = keep(cells, text, Cell(text=text, bold=bold), REMEMBERED_TEXT_CELLS // 2)
    return cell


def number_cell(stored: str, bold: bool, number_format: str | None) -> Cell:
    """``cell_from_value`` for a number stored as ``stored`` (openpyxl's _cast_number), built once."""
    if len(stored) > 32:
        return _number_cell(stored, bold, number_format)
    key = (stored, bold, number_format)
    cell = _number_cells.get(key)
    if cell is None:
        cell = keep(_number_cells, key, _number_cell(stored, bold, number_format), REMEMBERED_NUMBER_CELLS)
    return cell


def _number_cell(stored: str, bold: bool, number_format: str | None) -> Cell:
    value = float(stored) if "." in stored or "E" in stored or "e" in stored else int(stored)
    return cell_from_value(value, bold, number_format)


def is_blank_cell(cell: Cell) -> bool:
    """Nothing to read: no number and only white space (trailing ones are dropped from a line)."""
    return cell.number is None and not cell.text.strip()


def is_bold(cell) -> bool:
    """An openpyxl cell's bold flag."""
    try:
        font = cell.font
        return bool(font is not None and font.b)
    except (AttributeError, IndexError, KeyError, TypeError):
        return False  # a broken style table costs the bold flag, not the file


def number_format(cell) -> str | None:
    """An openpyxl cell's number format."""
    try:
        return cell.number_format
    except (AttributeError, IndexError, KeyError, TypeError):
        return None
