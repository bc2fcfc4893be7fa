"""Word documents (.docx): the narrative in paragraphs, the appendix in a table.

python-docx repeats a merged cell once per grid column it spans (and a vertically
merged cell in every row it covers). Keeping the first occurrence and blanking the
repeats, compared by the underlying <w:tc> element, gives the same rectangular
grid the text reader sees: "Kết quả thống kê" over "Đơn vị tính | Số liệu".

An appendix that a converter cut into one table per page continues in the next
table that repeats the header or directly follows it; the boundary counts as a
page break, so a row split across it is repaired like in text reports.
"""

from __future__ import annotations

import io

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph

from loaders.model import ExtractedDocument
from loaders.readers.safety import DEFAULT_LIMITS, ReadLimits, too_many_rows
from loaders.readers.text import BREAK, Cell, Line, appendix_heading, assemble_rows, find_table_start, one_line

EMPTY = Cell()


def _cell_is_bold(cell) -> bool:
    return any(run.bold for paragraph in cell.paragraphs for run in paragraph.runs if run.text.strip())


def _cell_text(cell) -> str:
    return " ".join(paragraph.text for paragraph in cell.paragraphs)


def table_lines(table: Table, limits: ReadLimits) -> list[Line]:
    """Rows of a Word table as lines of cells, merged cells kept once at their first position."""
    lines: list[Line] = []
    above: list[object] = []  # <w:tc> elements of the previous row, by grid column
    for row_index, row in enumerate(table.rows):
        if row_index >= limits.max_scanned_rows:
            raise too_many_rows(limits)
        # A row may start right of the first grid column; pad so columns stay aligned.
        cells = [None] * getattr(row, "grid_cols_before", 0) + list(row.cells)
        elements = [cell._tc if cell is not None else None for cell in cells]
        line: list[Cell] = []
        for column, (element, cell) in enumerate(zip(elements, cells, strict=True)):
            repeated = element is not None and (
                (column > 0 and elements[column - 1] is element)
                or (column < len(above) and above[column] is element)
            )
            if cell is None or repeated:
                line.append(EMPTY)
            else:
                # No appendix cell needs 10.000 characters; a hostile one could hold millions.
                line.append(Cell(text=_cell_text(cell)[:10_000], bold=_cell_is_bold(cell)))
        lines.append(tuple(line))
        above = elements
    return lines


def _text_of_table(lines: list[Line]) -> list[str]:
    return ["\t".join(one_line(cell.text) for cell in line) for line in lines]


def read_docx(content: bytes, limits: ReadLimits = DEFAULT_LIMITS) -> ExtractedDocument:
    document = docx.Document(io.BytesIO(content))
    text_parts: list[str] = []
    appendix: list[Line] | None = None
    title: str | None = None
    last_heading: str | None = None
    prose_since_appendix = False
    width = 0
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            paragraph = block.text.strip()
            text_parts.append(paragraph)
            if heading := appendix_heading(paragraph):
                last_heading = heading
            if paragraph and appendix is not None:
                prose_since_appendix = True
            continue
        lines = table_lines(block, limits)
        start = find_table_start(lines)
        if appendix is None and start is not None:
            text_parts += _text_of_table(lines[:start])  # title rows inside the table
            appendix, title, width = lines[start:], last_heading, _width(lines)
            prose_since_appendix = False
        elif appendix is not None and (start is not None or (not prose_since_appendix and _width(lines) == width)):
            appendix += [BREAK, *lines]  # the appendix continued in the next table
            if len(appendix) > limits.max_scanned_rows:
                raise too_many_rows(limits)
        else:
            text_parts += _text_of_table(lines)
    rows = assemble_rows(appendix, limits) if appendix else []
    return ExtractedDocument(
        reader="docx", text="\n".join(part for part in text_parts if part), rows=rows, appendix_title=title
    )


def _width(lines: list[Line]) -> int:
    return max(map(len, lines), default=0)
