"""The appendix rows in the text format of Postgres's ``COPY … FROM STDIN``, written by us.

Building a tuple for each of a file's ~130 rows and handing it to psycopg's
``write_row``, which looks up an adapter for each of its 20 values, took longer than
Postgres took to store the rows. The columns' kinds are fixed, so each row
is written here straight from its ParsedRow (compiled, see loaders/native.py), as
psycopg writes the same values in the text format, and a file's rows are sent in one
piece. tests/integration/test_copy_text.py stores rows both ways and compares them.

The format (PostgreSQL manual, COPY, "Text Format"): columns separated by a tab, rows
ended by a newline, ``\\N`` for NULL, and a backslash before a backslash, a tab, a
newline or a carriage return inside a value. An array is written as its literal with
every element quoted (``{"a","b\\"c"}``), which Postgres reads as psycopg's own literal.
"""

from __future__ import annotations

import json

from loaders.model import ParsedRow

NULL = "\\N"
# What a value may not hold as is: the separators and the escape character.
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _escaped(text: str) -> str:
    # isprintable() is False for tabs, newlines and carriage returns (and for other texts
    # that need no escape: those pass through translate unchanged).
    if "\\" in text or not text.isprintable():
        return text.translate(_COPY_ESCAPES)
    return text


def _array_element(item: str) -> str:
    return '"' + item.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _number(value: object) -> str:
    """As psycopg writes a number: an int as its digits, a float as its repr ("5187.0", "1e-07",
    "inf" and "nan", which Postgres's numeric reads). Readers give ints for some whole values
    (numeric keeps the difference: 5 and 5.0 print differently), so the kind is looked at, not
    the annotation."""
    if isinstance(value, bool):
        raise TypeError("a bool is not a value of value_numeric")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    raise TypeError(f"a value of type {type(value).__name__} in value_numeric")


def _text_or_null(text: str | None) -> str:
    return NULL if text is None else _escaped(text)


def _flags(flags: tuple[str, ...]) -> str:
    if not flags:
        return "{}"
    return _escaped("{" + ",".join([_array_element(flag) for flag in flags]) + "}")


def appendix_rows_text(submission_id: str, rows: list[ParsedRow], parent_codes: list[str | None],
                       mappings: list[tuple[str | None, str | None]]) -> str:
    """The raw.appendix_rows lines of one submission (loaders.sink.ROW_COLUMNS, in order), as
    psycopg's write_row writes the same values in COPY's text format."""
    if not (len(rows) == len(parent_codes) == len(mappings)):
        raise ValueError("rows, parent codes and mappings of different lengths")
    submission = _escaped(submission_id)
    lines = []
    for index in range(len(rows)):
        row = rows[index]
        indicator_id, mapping_rule = mappings[index]
        legend = row.enum_legend
        value: object = row.value_numeric
        parent_row_no = row.parent_row_no
        lines.append("\t".join([
            submission,
            str(row.row_no),
            _text_or_null(row.code_raw),
            _text_or_null(row.code),
            _escaped(row.label_raw),
            _escaped(row.label),
            _text_or_null(row.unit_raw),
            _escaped(row.value_type),
            _escaped(json.dumps(legend, ensure_ascii=False)) if legend else NULL,
            _text_or_null(row.value_raw),
            NULL if value is None else _number(value),
            _text_or_null(row.value_note),
            _escaped(row.parse_rule),
            _flags(row.parse_flags),
            "t" if row.is_section else "f",
            NULL if parent_row_no is None else str(parent_row_no),
            _text_or_null(parent_codes[index]),
            _text_or_null(row.note_raw),
            _text_or_null(indicator_id),
            _text_or_null(mapping_rule),
        ]))
    return "\n".join(lines) + "\n" if lines else ""
