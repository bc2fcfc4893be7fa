"""Excel workbooks (.xlsx, .xlsm).

openpyxl in read-only mode with ``data_only=True``: a formula cell gives the value
Excel cached when the file was last saved and is never evaluated (a formula saved
without a cached value reads as blank). Read-only mode streams the sheet, so a huge
sheet is refused after ``max_rows`` rows instead of being loaded whole; it does not
expose merged ranges, which is fine because a merged range keeps its text in its
first cell and the other cells read as empty, the same shape the other readers give.

The appendix may be on any sheet (a cover sheet often comes first): the first sheet
whose top rows hold an appendix header is used. Text above the table, the sheet names
and the text of the other sheets go into ``ExtractedDocument.text`` for identification.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import warnings

import openpyxl

from loaders.model import ExtractedDocument
from loaders.readers.safety import DEFAULT_LIMITS, ReadLimits, rows_too_far, too_many_rows
from loaders.readers.text import (
    Cell,
    Line,
    appendix_heading,
    assemble_rows,
    find_table_start,
    is_blank,
    one_line,
)

HEADER_SCAN_ROWS = 40  # an appendix header sits under a few title rows
OTHER_SHEET_TEXT_ROWS = 200  # enough for any cover sheet
TITLE_ALLOWANCE = 100  # title and header rows allowed above max_rows data rows

EMPTY = Cell()


def _is_bold(cell) -> bool:
    try:
        font = cell.font
        return bool(font is not None and font.b)
    except (AttributeError, IndexError, KeyError, TypeError):
        return False  # a broken style table costs the bold flag, not the file


def _number_format(cell) -> str | None:
    try:
        return cell.number_format
    except (AttributeError, IndexError, KeyError, TypeError):
        return None


def number_text(value: float | int) -> str:
    """The stored number as plain text: 51 -> "51", 0.634 -> "0.634" (not a display format)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return repr(value) if isinstance(value, float) else str(value)


def cell_from_xlsx(cell) -> Cell:
    """A ``Cell`` from an openpyxl read-only cell; numbers keep their value and number format."""
    value = getattr(cell, "value", None)
    if value is None:
        return EMPTY
    bold = _is_bold(cell)
    if isinstance(value, bool):
        return Cell(text="TRUE" if value else "FALSE", bold=bold)
    if isinstance(value, (int, float)):
        if not math.isfinite(value):
            return Cell(text=str(value), bold=bold)
        return Cell(text=number_text(value), bold=bold, number=float(value), number_format=_number_format(cell))
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return Cell(text=value.isoformat(), bold=bold)
    return Cell(text=str(value), bold=bold)


def sheet_lines(worksheet, limits: ReadLimits, max_lines: int | None = None) -> list[Line]:
    """The sheet's rows as lines of cells, refusing sheets far larger than any appendix."""
    lines: list[Line] = []
    filled = 0
    for scanned, row in enumerate(worksheet.iter_rows(max_col=limits.max_columns), start=1):
        if max_lines is not None and scanned > max_lines:
            break
        if scanned > limits.max_scanned_rows:
            raise rows_too_far(limits)
        line = _without_trailing_blanks(tuple(cell_from_xlsx(cell) for cell in row))
        if not is_blank(line):
            filled += 1
            if filled > limits.max_rows + TITLE_ALLOWANCE:
                raise too_many_rows(limits)
        lines.append(line)
    return lines


def _without_trailing_blanks(line: Line) -> Line:
    """Drop empty cells right of the last filled one, keeping one cell so a blank row is not a BREAK."""
    end = len(line)
    while end > 1 and not line[end - 1].text.strip() and line[end - 1].number is None:
        end -= 1
    return line[: max(end, 1)] if line else (EMPTY,)


def line_text(line: Line) -> str:
    return " ".join(text for cell in line if (text := one_line(cell.text)))


def _title(lines: list[Line]) -> str | None:
    for line in lines:
        for cell in line:
            if cell.text and (title := appendix_heading(cell.text)):
                return title
    return None


def read_xlsx(content: bytes, limits: ReadLimits = DEFAULT_LIMITS) -> ExtractedDocument:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about every unknown extension part
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True, keep_links=False)
    try:
        return _read_workbook(workbook, limits)
    finally:
        workbook.close()


def _read_workbook(workbook, limits: ReadLimits) -> ExtractedDocument:
    sheets = list(workbook.worksheets)
    chosen, header_index = None, None
    for worksheet in sheets:
        start = find_table_start(sheet_lines(worksheet, limits, HEADER_SCAN_ROWS))
        if start is not None:
            chosen, header_index = worksheet, start
            break
    text_parts = [f"Trang tính: {worksheet.title}" for worksheet in sheets]
    for worksheet in sheets:
        if worksheet is not chosen:
            text_parts += [line_text(line) for line in sheet_lines(worksheet, limits, OTHER_SHEET_TEXT_ROWS)]
    if chosen is None:
        return ExtractedDocument(reader="xlsx", text=_joined(text_parts))
    lines = sheet_lines(chosen, limits)
    above = lines[:header_index]
    text_parts += [line_text(line) for line in above]
    rows = assemble_rows(lines[header_index:], limits)
    return ExtractedDocument(
        reader="xlsx", text=_joined(text_parts), rows=rows, appendix_title=_title(above), sheet_name=chosen.title
    )


def _joined(parts: list[str]) -> str:
    return "\n".join(part for part in parts if part)
