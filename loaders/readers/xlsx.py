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

import io
import logging
import warnings
import zipfile
from collections.abc import Iterator
from itertools import islice

import openpyxl
from openpyxl.cell.read_only import EMPTY_CELL

from loaders.model import ExtractedDocument, RejectedFile
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
from loaders.readers.xlsx_cells import EMPTY, cell_from_value, is_bold, number_format
from loaders.readers.xlsx_fast import FastWorkbook, worksheet_lines

HEADER_SCAN_ROWS = 40  # an appendix header sits under a few title rows
OTHER_SHEET_TEXT_ROWS = 200  # enough for any cover sheet
TITLE_ALLOWANCE = 100  # title and header rows allowed above max_rows data rows

log = logging.getLogger(__name__)


def cell_from_xlsx(cell) -> Cell:
    """A ``Cell`` from an openpyxl read-only cell."""
    value = getattr(cell, "value", None)
    if value is None:
        return EMPTY
    number_format_ = number_format(cell) if isinstance(value, (int, float)) else None
    return cell_from_value(value, is_bold(cell), number_format_)


def iter_sheet_lines(worksheet, limits: ReadLimits) -> Iterator[Line]:
    """The sheet's rows as lines of cells, lazily, refusing sheets far larger than any appendix."""
    return limited_lines(_cell_rows(worksheet.iter_rows(max_col=limits.max_columns)), limits)


# Generator functions, not generator expressions: the sheet must stream (the limits stop a
# huge sheet early), and a compiled module turns a generator expression into a list.
def _cell_rows(rows: Iterator[tuple]) -> Iterator[Line]:
    for row in rows:
        yield tuple([cell_from_xlsx(cell) for cell in _filled_part(row)])


def limited_lines(cell_rows: Iterator[Line], limits: ReadLimits) -> Iterator[Line]:
    """Lines without trailing blanks, refusing sheets far larger than any appendix."""
    return within_limits(_trimmed(cell_rows), limits)


def _trimmed(cell_rows: Iterator[Line]) -> Iterator[Line]:
    for cells in cell_rows:
        yield _without_trailing_blanks(cells)


def within_limits(lines: Iterator[Line], limits: ReadLimits) -> Iterator[Line]:
    """The lines as they come, refusing sheets far larger than any appendix."""
    filled = 0
    for scanned, line in enumerate(lines, start=1):
        if scanned > limits.max_scanned_rows:
            raise rows_too_far(limits)
        if not is_blank(line):
            filled += 1
            if filled > limits.max_rows + TITLE_ALLOWANCE:
                raise too_many_rows(limits)
        yield line


def sheet_lines(worksheet, limits: ReadLimits, max_lines: int | None = None) -> list[Line]:
    """The first ``max_lines`` lines of the sheet (all of them when None)."""
    return list(islice(iter_sheet_lines(worksheet, limits), max_lines))


class _SheetLines:
    """One sheet's lines, read on demand and at most once.

    Header detection needs a sheet's top rows, the text of other sheets a few more,
    the chosen sheet all of them; each openpyxl pass re-parses the sheet's XML from
    the start, so the rows already read are kept and the same stream goes on.
    """

    def __init__(self, title: str, stream: Iterator[Line]):
        self.title = title
        self._stream = stream
        self._lines: list[Line] = []

    def head(self, count: int) -> list[Line]:
        if len(self._lines) < count:
            self._lines.extend(islice(self._stream, count - len(self._lines)))
        return self._lines[:count]

    def all(self) -> list[Line]:
        self._lines.extend(self._stream)
        return self._lines

    def close(self) -> None:
        self._stream.close()  # type: ignore[attr-defined]  # the stream is a generator


def _filled_part(row: tuple) -> tuple:
    """The row up to its last cell holding a value. openpyxl pads every row to
    ``max_columns`` cells; converting the padding cost more than reading the sheet.
    A cell without a value reads as EMPTY, so dropping it here changes nothing."""
    end = len(row)
    while end > 1 and (row[end - 1] is EMPTY_CELL or getattr(row[end - 1], "value", None) is None):
        end -= 1
    return row[:end]


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


def read_xlsx(content: bytes, limits: ReadLimits = DEFAULT_LIMITS, parts: dict[str, bytes] | None = None,
              archive: zipfile.ZipFile | None = None) -> ExtractedDocument:
    """``parts``: members already decompressed (by the safety checks), by name; ``archive``:
    the content's zip, already opened by them."""
    try:
        return read_xlsx_fast(content, limits, parts, archive)
    except RejectedFile:
        raise  # the same lines would reach the same limit through openpyxl
    except Exception as reason:  # Unsupported, or a part the fast path trips on: openpyxl decides
        log.debug("xlsx fast path declined (%s): reading with openpyxl", reason)
    return read_xlsx_openpyxl(content, limits)


def read_xlsx_openpyxl(content: bytes, limits: ReadLimits = DEFAULT_LIMITS) -> ExtractedDocument:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about every unknown extension part
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True, keep_links=False)
    try:
        sheets = [_SheetLines(ws.title, iter_sheet_lines(ws, limits)) for ws in workbook.worksheets]
        return _read_sheets(sheets, limits)
    finally:
        workbook.close()


def read_xlsx_fast(content: bytes, limits: ReadLimits = DEFAULT_LIMITS, parts: dict[str, bytes] | None = None,
                   archive: zipfile.ZipFile | None = None) -> ExtractedDocument:
    """The same document as ``read_xlsx_openpyxl``, or ``Unsupported`` (see xlsx_fast)."""
    workbook = FastWorkbook(content, parts, archive)
    sheets = [
        _SheetLines(sheet.title, within_limits(worksheet_lines(workbook, sheet, limits.max_columns), limits))
        for sheet in workbook.sheets
    ]
    return _read_sheets(sheets, limits)


def _read_sheets(sheets: list[_SheetLines], limits: ReadLimits) -> ExtractedDocument:
    try:
        return _document(sheets, limits)
    finally:
        for sheet in sheets:
            sheet.close()


def _document(sheets: list[_SheetLines], limits: ReadLimits) -> ExtractedDocument:
    chosen, header_index = None, None
    for sheet in sheets:
        start = find_table_start(sheet.head(HEADER_SCAN_ROWS))
        if start is not None:
            chosen, header_index = sheet, start
            break
    text_parts = [f"Trang tính: {sheet.title}" for sheet in sheets]
    for sheet in sheets:
        if sheet is not chosen:
            text_parts += [line_text(line) for line in sheet.head(OTHER_SHEET_TEXT_ROWS)]
    if chosen is None:
        return ExtractedDocument(reader="xlsx", text=_joined(text_parts))
    lines = chosen.all()
    above = lines[:header_index]
    text_parts += [line_text(line) for line in above]
    rows = assemble_rows(lines[header_index:], limits)
    return ExtractedDocument(
        reader="xlsx", text=_joined(text_parts), rows=rows, appendix_title=_title(above),
        sheet_name=chosen.title,
    )


def _joined(parts: list[str]) -> str:
    return "\n".join(part for part in parts if part)
