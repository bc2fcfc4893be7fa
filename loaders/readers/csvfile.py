"""CSV and TSV appendices, as exported by spreadsheets or provincial software.

The delimiter is guessed from the header line (comma, semicolon, tab or bar: Excel
in a Vietnamese locale writes semicolons). Lines before the header, often
"# Báo cáo số ... của UBND ...", go into the document text so the unit and period
can be identified.
"""

from __future__ import annotations

import csv
import io

from loaders.model import ExtractedDocument, RejectedFile
from loaders.readers.safety import DEFAULT_LIMITS, ReadLimits, too_many_rows
from loaders.readers.text import Cell, Line, assemble_rows, decode_text, header_key

DELIMITERS = ("\t", ";", ",", "|")


def sniff_delimiter(header_line: str, ext: str = ".csv") -> str:
    """The separator used most in the header line; tab for .tsv when nothing is used."""
    counts = {delimiter: header_line.count(delimiter) for delimiter in DELIMITERS}
    best = max(DELIMITERS, key=lambda delimiter: counts[delimiter])
    if counts[best] == 0:
        return "\t" if ext == ".tsv" else ","
    return best


def _header_index(lines: list[str]) -> int | None:
    for index, line in enumerate(lines):
        if not line.lstrip().startswith("#") and "chỉ tiêu" in header_key(line):
            return index
    return None


def _preamble_text(lines: list[str]) -> list[str]:
    return [line.strip().lstrip("#").strip() for line in lines if line.strip()]


def read_csv(content: bytes, ext: str = ".csv", limits: ReadLimits = DEFAULT_LIMITS) -> ExtractedDocument:
    text = decode_text(content, ext)
    lines = text.splitlines()
    start = _header_index(lines)
    if start is None:
        return ExtractedDocument(reader="csv", text=text)
    delimiter = sniff_delimiter(lines[start], ext)
    grid: list[Line] = []
    try:
        for scanned, record in enumerate(csv.reader(io.StringIO("\n".join(lines[start:])), delimiter=delimiter)):
            if scanned > limits.max_scanned_rows:
                raise too_many_rows(limits)
            grid.append(tuple(Cell(text=value) for value in record[: limits.max_columns]))
    except csv.Error:
        raise RejectedFile(
            "corrupt_csv", "Tệp CSV bị lỗi định dạng (dấu ngoặc kép không khớp hoặc ô quá dài), không đọc được."
        ) from None
    title_text = _preamble_text(lines[:start])
    rows = assemble_rows(grid, limits)
    return ExtractedDocument(reader="csv", text="\n".join(title_text + [lines[start]]), rows=rows)
