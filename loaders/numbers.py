"""Read the numbers that Vietnamese reports print in their appendix cells.

Official style groups thousands with '.' and marks decimals with ',' ("5.187",
"75,65%"), but real reports mix in the English style ("8.75%", "2.6%") in the
same table. Most tokens can only be read one way; the one that cannot is a
single separator followed by exactly three digits ("1.234", "1,234"). For that
case the rule is: follow the official style unless the row's value type rules
that reading out.

* count   - a count is an integer, so the separator groups thousands
            ("5.125" -> 5125; "1,234" -> 1234, English grouping).
* percent - the thousands reading is >= 1000, outside [0, 100], so the separator
            is the decimal mark ("1.234%" -> 1.234; "1,234%" -> 1.234).
* money   - both readings fit; follow the official style ("167.000" -> 167000,
            "1,234" -> 1.234) without a flag: money in these templates is
            written in the official style.
* other   - (binary, enum, unknown ...) nothing decides: read it in the official
            style and flag "ambiguous_separator".

The parser never guesses between several numbers in one cell; it returns no
value and a flag, and the caller keeps the raw text.
"""

from __future__ import annotations

import html
import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

# Cells that mean "nothing reported". Blank is not zero.
_BLANK_MARKS = {"", "-", "–", "—", "−"}
_TAG = re.compile(r"<[^>]*>")
# ASCII digits only: Python's \d also matches Arabic-Indic and other digits.
_NUMBER = re.compile(r"[0-9]+(?:[.,][0-9]+)*")
_FRACTION = re.compile(r"[0-9](?:[.,]?[0-9])*\s*/\s*[0-9]")
_LEADING_SIGN = re.compile(r"^([-–−+])\s*(?=[0-9])")
_PARENTHESISED = re.compile(r"\(([^()]*)\)")
# Punctuation left around a note once the number is cut out of the cell.
_NOTE_EDGE = " \t;,.:-–—"
# Excel format parts that never scale a number: quoted text, escaped
# characters and bracketed colour/condition sections.
_EXCEL_LITERALS = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')


@dataclass(frozen=True, init=False)
class NumberParse:
    """How one value cell was read. Its own ``__init__``, as the row records in loaders/model.py (why there)."""

    value: float | None
    note: str | None  # text printed beside the number ("01 nv còn hạn", "Hồ sơ")
    rule: str  # which rule read the value ("vi_thousands", "blank", ...)
    flags: tuple[str, ...] = ()

    def __init__(self, value: float | None, note: str | None, rule: str, flags: tuple[str, ...] = ()) -> None:
        object.__setattr__(self, "value", value)
        object.__setattr__(self, "note", note)
        object.__setattr__(self, "rule", rule)
        object.__setattr__(self, "flags", flags)


def parse_number(text: str | None, value_type: str) -> NumberParse:
    """Read one appendix value cell; ``value_type`` settles the 3-digit ambiguity."""
    # Blank marks, small counts and the seed's typed values repeat across files; a
    # NumberParse is immutable, so one read can serve them all.
    if text is None or len(text) <= _CACHED_CELL_CHARS:
        return _cached_parse_number(text, value_type)
    return _parse_number(text, value_type)


def _parse_number(text: str | None, value_type: str) -> NumberParse:
    cell = plain_cell_text(text)
    if cell in _BLANK_MARKS:
        return NumberParse(None, None, "blank")
    if _FRACTION.search(cell):
        # "7.5/12" is a score out of a maximum: two numbers the caller must split.
        return NumberParse(None, None, "fraction", ("fraction_text",))

    bracket_notes = [part.strip() for part in _PARENTHESISED.findall(cell)]
    outside = _PARENTHESISED.sub(" ", cell).strip()
    sign = 1
    sign_match = _LEADING_SIGN.match(outside)
    if sign_match:
        sign = -1 if sign_match.group(1) != "+" else 1
        outside = outside[sign_match.end():]

    tokens = list(_NUMBER.finditer(outside))
    if not tokens:
        return NumberParse(None, None, "no_number")
    if len(tokens) > 1:
        return NumberParse(None, None, "multiple_values", ("multiple_values",))

    token = tokens[0]
    before = outside[: token.start()].strip(_NOTE_EDGE)
    after = outside[token.end():].strip()
    has_percent_sign = after.startswith("%")
    after = after.removeprefix("%").strip(_NOTE_EDGE)

    amount, rule, flags = read_number_token(token.group(), value_type)
    flag_list = list(flags)
    if before:
        flag_list.append("text_before_number")
    if has_percent_sign and value_type in ("count", "money"):
        flag_list.append("unexpected_percent_sign")

    note_parts = [part for part in (before, after, *bracket_notes) if part]
    note = "; ".join(note_parts) if note_parts else None
    if note:
        rule = f"{rule}_with_note"

    # "+ 0" so that "-0" reads as 0.0, not a negative zero.
    value = None if amount is None else float(sign * amount) + 0.0
    if value is not None and not math.isfinite(value):
        value = None
        flag_list.append("out_of_range")
    return NumberParse(value, note, rule, tuple(flag_list))


_cached_parse_number = lru_cache(maxsize=8192)(_parse_number)


def read_number_token(token: str, value_type: str) -> tuple[Decimal | None, str, tuple[str, ...]]:
    """Read one run of digits and separators such as "12.207" or "1.234,5"."""
    has_dot, has_comma = "." in token, "," in token
    if not has_dot and not has_comma:
        return Decimal(token), "integer", ()
    if has_dot and has_comma:
        return _read_mixed_separators(token)

    separator = "." if has_dot else ","
    groups = token.split(separator)
    if len(groups) > 2:
        # Several separators of one kind can only group thousands.
        if _is_thousands_grouping(groups):
            return Decimal("".join(groups)), _thousands_rule(separator), ()
        return None, "malformed_number", ("malformed_number",)

    whole, fraction = groups
    if len(fraction) != 3 or not _is_thousands_grouping(groups):
        return Decimal(f"{whole}.{fraction}"), _decimal_rule(separator), ()
    return _read_three_digit_ambiguity(whole, fraction, separator, value_type)


def _read_mixed_separators(token: str) -> tuple[Decimal | None, str, tuple[str, ...]]:
    # With both marks present the last one is the decimal mark ("1.234,5", "1,234.5").
    decimal_mark = "," if token.rfind(",") > token.rfind(".") else "."
    grouping_mark = "." if decimal_mark == "," else ","
    whole, _, fraction = token.rpartition(decimal_mark)
    groups = whole.split(grouping_mark)
    if decimal_mark in whole or not _is_thousands_grouping(groups):
        return None, "malformed_number", ("malformed_number",)
    rule = "vi_thousands_decimal_comma" if decimal_mark == "," else "en_thousands_decimal_point"
    return Decimal(f"{''.join(groups)}.{fraction}"), rule, ()


def _read_three_digit_ambiguity(
    whole: str, fraction: str, separator: str, value_type: str
) -> tuple[Decimal, str, tuple[str, ...]]:
    as_thousands = (Decimal(whole + fraction), _thousands_rule(separator), ())
    as_decimal = (Decimal(f"{whole}.{fraction}"), _decimal_rule(separator), ())
    if value_type == "count":
        return as_thousands
    if value_type == "percent":
        return as_decimal
    official = as_thousands if separator == "." else as_decimal
    if value_type == "money":
        return official
    return official[0], official[1], ("ambiguous_separator",)


def _is_thousands_grouping(groups: list[str]) -> bool:
    # "0.125" cannot be grouping: a leading group never starts with 0.
    head, tail = groups[0], groups[1:]
    head_ok = 1 <= len(head) <= 3 and not head.startswith("0")
    return head_ok and all(len(group) == 3 for group in tail)


def _thousands_rule(separator: str) -> str:
    return "vi_thousands" if separator == "." else "en_thousands"


def _decimal_rule(separator: str) -> str:
    return "vi_decimal_comma" if separator == "," else "decimal_point"


def parse_excel_number(value: float, number_format: str | None, value_type: str) -> NumberParse:
    """Read a real numeric xlsx cell; a '%' format means Excel stored a fraction."""
    # Zeros are not remembered: -0.0 == 0.0 as a key, yet the two read differently.
    if value and (number_format is None or len(number_format) <= _CACHED_CELL_CHARS):
        return _cached_parse_excel_number(value, number_format, value_type)
    return _parse_excel_number(value, number_format, value_type)


def _parse_excel_number(value: float, number_format: str | None, value_type: str) -> NumberParse:
    number = float(value)
    rule = "excel_percent_fraction" if is_percent_format(number_format) else "excel_numeric"
    if rule == "excel_percent_fraction":
        number *= 100  # 0.634 shown as 63,4%: store percent units like the text cells do
    if not math.isfinite(number):
        return NumberParse(None, None, rule, ("out_of_range",))
    if rule == "excel_percent_fraction":
        return NumberParse(round(number, 10), None, rule)
    flags: tuple[str, ...] = ()
    if value_type == "percent" and 0 < number <= 1:
        # Without a % format, 0.5 may be a fraction (50%) or half a percent.
        flags = ("possible_fraction",)
    return NumberParse(round(number, 10), None, rule, flags)


_cached_parse_excel_number = lru_cache(maxsize=8192)(_parse_excel_number)


def is_percent_format(number_format: str | None) -> bool:
    """True when Excel multiplies by 100 for display (a bare, unquoted '%')."""
    if not number_format:
        return False
    if len(number_format) <= _CACHED_CELL_CHARS:  # a workbook uses a handful of formats
        return _cached_is_percent_format(number_format)
    return _is_percent_format(number_format)


def _is_percent_format(number_format: str) -> bool:
    return "%" in _EXCEL_LITERALS.sub("", number_format)


_cached_is_percent_format = lru_cache(maxsize=1024)(_is_percent_format)


def plain_cell_text(text: str | None) -> str:
    """Cell text without HTML tags or entities, NFC, single spaces."""
    if text is None:
        return ""
    # Units, codes and labels repeat from row to row and file to file, and each is
    # cleaned several times per row; long cells skip the cache so it stays small.
    if len(text) <= _CACHED_CELL_CHARS:
        return _cached_plain_text(text)
    return _plain_text(text)


_CACHED_CELL_CHARS = 400


def _plain_text(text: str) -> str:
    # Tags first, entities second: an escaped "&lt;" must not start a tag.
    without_tags = html.unescape(_TAG.sub(" ", text))
    return " ".join(unicodedata.normalize("NFC", without_tags).split())


_cached_plain_text = lru_cache(maxsize=8192)(_plain_text)
