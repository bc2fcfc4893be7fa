"""Turn raw appendix rows into parsed rows: code, label, value type and value.

Decisions made here, row by row (see ``parse_rows``):
* code: "1.3." and "<b>1.3</b>" are both "1.3"; "Trong đó" is no code.
* value type: from the unit cell; "nt" inherits the unit of the nearest row
  above that printed one; a blank unit falls back to the label's wording.
* value: a real xlsx number when there is one, else the cell text.
* section: no value and no unit, or bold with no value. A bold row that holds a
  value is an indicator, not a heading.
* parent: an uncoded indicator row, or one whose STT cell says "Trong đó",
  belongs to the nearest coded row above it.
* "unit_mismatch": (a) a percent row whose value carries a count word
  ("791 Hồ sơ"), or (b) a unit of '%' on a label that counts ("Số cơ quan ...").
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

from loaders.model import ParsedRow, RawRow
from loaders.numbers import (
    NumberParse,
    parse_excel_number,
    parse_number,
    plain_cell_text,
)
from loaders.value_types import UnitClass, classify_unit, value_type_from_label

_TAG = re.compile(r"<[^>]*>")
# Footnote markers: "VBQPPL<sup>1</sup>". Only digits and asterisks; any other
# superscript keeps its text (its tags go with the rest).
_FOOTNOTE = re.compile(r"<sup>\s*[0-9*]+\s*</sup>", re.IGNORECASE)
_DOTTED_CODE = re.compile(r"[0-9]+(?:\.[0-9]+)*")
_ROMAN_CODE = re.compile(r"[IVXLC]+")
_LETTER_CODE = re.compile(r"[a-zđ]")
_TRONG_DO = "trong đó"
_NOT_WORD = re.compile(r"[\W_]+")
# Every file repeats its template's codes and labels and the catalogue keys them
# again: what is read from cells of ordinary length is remembered. Overlong cells
# bypass the caches so a hostile file cannot fill memory with them.
_CACHED_LABEL_CHARS = 400

# Combining tone marks; the other diacritics (ă â ê ô ơ ư đ) are letters.
_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_VOWELS = set("aăâeêioôơuưy")
_QUALITY_VOWELS = set("ăâêôơư")
# Open syllables where old and new spelling put the tone on different vowels
# (hòa/hoà, khỏe/khoẻ, thủy/thuỷ). The key uses the second vowel.
_SECOND_VOWEL_CLUSTERS = {"oa", "oe", "uy"}


def normalise_code(code_raw: str | None) -> str | None:
    """STT cell to a code: "1.3." -> "1.3", "<b>1.1</b>" -> "1.1"; "Trong đó" -> None.

    Roman numerals ("II.") and single letters ("a)") are kept as they are.
    A comma typed instead of a dot ("1,3") is read as a dot: in the STT column
    it cannot be a decimal.
    """
    if code_raw is None or len(code_raw) <= _CACHED_LABEL_CHARS:
        return _cached_normalise_code(code_raw)
    return _normalise_code(code_raw)


def _normalise_code(code_raw: str | None) -> str | None:
    text = plain_cell_text(code_raw).replace(" ", "").replace(",", ".")
    text = text.rstrip(".)")
    for pattern in (_DOTTED_CODE, _ROMAN_CODE, _LETTER_CODE):
        if pattern.fullmatch(text):
            return text
    return None


_cached_normalise_code = lru_cache(maxsize=8192)(_normalise_code)


def is_trong_do(code_raw: str | None) -> bool:
    """True when the STT cell says "Trong đó" ("of which")."""
    return label_key(code_raw or "") == _TRONG_DO


def clean_label(label_raw: str | None) -> str:
    """Label for people: tags and footnote markers gone, single spaces, NFC, no final ':'."""
    if not label_raw:
        return ""
    if len(label_raw) <= _CACHED_LABEL_CHARS:
        return _cached_clean_label(label_raw)
    return _clean_label(label_raw)


def _clean_label(label_raw: str) -> str:
    text = _TAG.sub(" ", _FOOTNOTE.sub("", label_raw))
    text = unicodedata.normalize("NFC", html.unescape(text))
    text = " ".join(text.split())
    # "( Chỉ thống kê ... )" left by conversion: drop the space inside brackets.
    text = text.replace("( ", "(").replace(" )", ")")
    return text.rstrip(" :")


_cached_clean_label = lru_cache(maxsize=8192)(_clean_label)


def label_key(label: str) -> str:
    """Key to match labels across templates and spellings.

    Lower case, NFC, tone marks placed by one rule (so "Hòa" == "Hoà"),
    punctuation dropped, single spaces.
    """
    if len(label) <= _CACHED_LABEL_CHARS:
        return _cached_label_key(label)
    return _label_key(label)


def _label_key(label: str) -> str:
    text = unicodedata.normalize("NFC", clean_label(label)).casefold()
    text = _NOT_WORD.sub(" ", text)
    return " ".join(_place_tone(word) for word in text.split())


_cached_label_key = lru_cache(maxsize=8192)(_label_key)


@lru_cache(maxsize=16384)
def _place_tone(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    tones = [char for char in decomposed if char in _TONE_MARKS]
    if len(tones) != 1:
        return word  # no tone, or several: not one Vietnamese syllable
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
    position = _tone_position(bare)
    if position is None:
        return word
    toned = bare[: position + 1] + tones[0] + bare[position + 1 :]
    return unicodedata.normalize("NFC", toned)


def _tone_position(bare: str) -> int | None:
    """Index of the vowel that carries the tone in a toneless syllable."""
    vowels = [i for i, char in enumerate(bare) if char in _VOWELS]
    # "qu" and "gi" + vowel: the u / i belongs to the initial consonant.
    if len(vowels) > 1 and vowels[0] == 1 and bare[:2] in ("qu", "gi"):
        vowels = vowels[1:]
    if not vowels:
        return None
    marked = [i for i in vowels if bare[i] in _QUALITY_VOWELS]
    if marked:
        return marked[-1]  # "người" -> ơ, "tuyến" -> ê
    if len(vowels) == 1:
        return vowels[0]
    if vowels[-1] < len(bare) - 1:
        return vowels[-1]  # a final consonant follows: "toán", "hoạch"
    if len(vowels) == 3:
        return vowels[1]  # "hoài", "ngoẹo"
    if "".join(bare[i] for i in vowels) in _SECOND_VOWEL_CLUSTERS:
        return vowels[1]  # "hoà", "khoẻ", "thuỷ"
    return vowels[0]  # "hài", "múa", "mía"


def parse_rows(raw_rows: list[RawRow]) -> list[ParsedRow]:
    """Parse an appendix in order; "nt" units and "Trong đó" parents need the rows above."""
    parsed: list[ParsedRow] = []
    unit_above: UnitClass | None = None
    coded_row_above: int | None = None
    for raw in raw_rows:
        cells = _row_cells(raw.code_raw, raw.label_raw, raw.unit_raw)
        row = _parse_row(raw, cells, unit_above, coded_row_above)
        parsed.append(row)
        printed_unit = cells.printed_unit
        if printed_unit is not None and printed_unit.value_type != "same_as_above":
            unit_above = printed_unit
        if row.code is not None:
            coded_row_above = row.row_no
    return parsed


def parse_row(raw: RawRow, unit_above: UnitClass | None, coded_row_above: int | None) -> ParsedRow:
    """One row, given the unit printed above it and the nearest coded row above it."""
    return _parse_row(raw, _row_cells(raw.code_raw, raw.label_raw, raw.unit_raw), unit_above, coded_row_above)


class _RowCells(NamedTuple):
    """What a row's STT, label and unit cells say, whatever its value."""

    code: str | None
    label: str
    own_unit: UnitClass  # the printed unit's class, or the label's wording when no unit is printed
    printed_unit: UnitClass | None  # None when the unit cell is blank
    is_trong_do: bool
    starts_bold: bool  # the label or the STT cell opens with a bold tag
    percent_unit_on_count_label: bool  # unit_mismatch (b)


def _row_cells(code_raw: str | None, label_raw: str, unit_raw: str | None) -> _RowCells:
    # Every file of a template repeats its STT, label and unit cells, so what they say
    # is worked out once; overlong cells are not remembered (hostile files).
    if len(code_raw or "") + len(label_raw or "") + len(unit_raw or "") <= _CACHED_ROW_CHARS:
        return _cached_row_cells(code_raw, label_raw, unit_raw)
    return _read_row_cells(code_raw, label_raw, unit_raw)


def _read_row_cells(code_raw: str | None, label_raw: str, unit_raw: str | None) -> _RowCells:
    label = clean_label(label_raw)
    own_unit = classify_unit(unit_raw, label)
    return _RowCells(
        code=normalise_code(code_raw),
        label=label,
        own_unit=own_unit,
        printed_unit=own_unit if plain_cell_text(unit_raw) else None,
        is_trong_do=is_trong_do(code_raw),
        starts_bold=_starts_bold(label_raw) or _starts_bold(code_raw),
        percent_unit_on_count_label=own_unit.value_type == "percent" and value_type_from_label(label) == "count",
    )


_CACHED_ROW_CHARS = 3 * _CACHED_LABEL_CHARS
_cached_row_cells = lru_cache(maxsize=8192)(_read_row_cells)


def _parse_row(raw: RawRow, cells: _RowCells, unit_above: UnitClass | None,
               coded_row_above: int | None) -> ParsedRow:
    unit = cells.own_unit
    unit_flags: tuple[str, ...] = ()
    if unit.value_type == "same_as_above":
        unit, unit_flags = _resolve_same_as_above(unit, unit_above)

    number = read_value(raw, unit.value_type)
    value, rule = number.value, number.rule
    is_coded = unit.value_type in ("binary", "enum")
    if is_coded:
        value, rule = _coded_value(number, raw.value_raw, unit.enum_legend)

    has_value = number.rule != "blank"
    # Text extraction keeps <b> tags instead of setting is_bold.
    looks_bold = raw.is_bold or cells.starts_bold
    is_section = not has_value and (cells.printed_unit is None or looks_bold)
    needs_parent = cells.is_trong_do or (cells.code is None and not is_section)

    flags = number.flags + unit_flags
    if cells.percent_unit_on_count_label or (unit.value_type == "percent" and _is_count_word(number.note)):
        flags += ("unit_mismatch",)
    if is_coded and value is not None and value != int(value):
        flags += ("non_integer_code",)

    return ParsedRow(
        row_no=raw.row_no,
        code_raw=raw.code_raw,
        code=cells.code,
        label_raw=raw.label_raw,
        label=cells.label,
        unit_raw=raw.unit_raw,
        value_type=unit.value_type,
        # The unit class is shared by every row that prints this unit: each row gets its own legend.
        enum_legend=dict(unit.enum_legend) if unit.enum_legend else unit.enum_legend,
        value_raw=raw.value_raw,
        value_numeric=value,
        value_note=number.note,
        parse_rule=rule,
        parse_flags=tuple(dict.fromkeys(flags)) if len(flags) > 1 else flags,
        is_section=is_section,
        parent_row_no=coded_row_above if needs_parent else None,
        note_raw=raw.note_raw,
    )


def read_value(raw: RawRow, value_type: str) -> NumberParse:
    """The real xlsx number when the cell had one, else the printed text."""
    if raw.number_value is not None:
        return parse_excel_number(raw.number_value, raw.number_format, value_type)
    return parse_number(raw.value_raw, value_type)


def _resolve_same_as_above(own: UnitClass, above: UnitClass | None) -> tuple[UnitClass, tuple[str, ...]]:
    if own.value_type != "same_as_above":
        return own, ()
    if above is None:
        return UnitClass("unknown", None, None), ("nt_without_unit_above",)
    return above, ()


def _coded_value(
    number: NumberParse, value_raw: str | None, legend: dict[str, str] | None
) -> tuple[float | int | None, str]:
    """Binary/enum codes are integers; a cell that prints the meaning ("Có") maps back to its code."""
    if number.value is not None:
        whole = int(number.value)
        return (whole if whole == number.value else number.value), number.rule
    if number.rule == "no_number" and legend:
        wanted = label_key(value_raw or "")
        for code, meaning in legend.items():
            if label_key(meaning) == wanted:
                return int(code), "legend_label"
    return None, number.rule


def _is_count_word(note: str | None) -> bool:
    """unit_mismatch (a) when in a percent row: the value carries a count word ("791 Hồ sơ")."""
    return bool(note) and classify_unit(note).value_type == "count"


def _starts_bold(cell: str | None) -> bool:
    """True when a cell's text starts in bold ("<b>1.4</b>", "<b>Kiểm tra ...</b> <i>...</i>")."""
    return cell is not None and cell != "" and cell.lstrip().lower().startswith(("<b>", "<strong>"))
