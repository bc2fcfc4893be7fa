"""Decide what kind of value a row holds from its unit cell ("Đơn vị tính").

The unit cell is the template's own statement of the value type: a noun for
counted things ("Hồ sơ", "Cơ quan, đơn vị"), a currency ("Triệu đồng"), "%",
or a code legend ("Có = 1; Không = 0", "Chưa có = 0 2 cấp = 1 3 cấp = 2").
A legend whose codes are only 0 and 1 is binary; more codes make an enum.
"nt" (như trên) means "the unit of the row above"; only the row parser knows
that row, so it gets its own value type here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from loaders.numbers import plain_cell_text

# Nouns that name counted things, lower case. A unit is a count when its first
# part (before ',' or '/') is one of these or starts with one of them.
COUNT_NOUNS = (
    "nhiệm vụ", "văn bản", "vb", "vbqppl", "thủ tục", "tthc", "hồ sơ", "người",
    "cơ quan", "đơn vị", "vấn đề", "pakn", "phản ánh", "kiến nghị", "phiếu",
    "số lượng", "ban", "tổ chức", "quyết định", "quy trình", "cuộc", "bài", "tin",
    "lần", "lượt", "phòng", "bộ phận", "công chức", "viên chức", "cán bộ",
    "trường hợp", "doanh nghiệp", "hộ", "xã", "phường", "huyện", "sở", "ngành",
    "hội nghị", "lớp", "buổi", "đoàn", "sáng kiến", "mô hình", "kế hoạch",
    "báo cáo", "tài khoản", "giao dịch", "chứng thư", "dịch vụ", "thiết bị",
    "máy", "cái", "ý kiến", "câu hỏi",
)
# "Đơn vị tính" is the column header, not a unit: it must not read as "đơn vị".
_NOT_UNITS = {"đơn vị tính", "kết quả thống kê", "số liệu", "số lượng/tỷ lệ", "số lượng/ tỷ lệ"}
_SAME_AS_ABOVE = {"nt", "n.t", "-nt-", "như trên", "”", "\""}
_PERCENT = {"%", "(%)", "tỷ lệ", "tỉ lệ", "tỷ lệ %", "tỷ lệ (%)", "phần trăm"}
_MONEY = re.compile(r"(?:^|[\s.])(?:đồng|đ|vnđ|vnd|trđ)$")
_PART_SPLIT = re.compile(r"[,/;]")
_CODE_AFTER = re.compile(r"=\s*([0-9]+)")  # "Có = 1"
_CODE_BEFORE = re.compile(r"([0-9]+)\s*=")  # "1 = Có"
# Separators and bullets around a legend label.
_LEGEND_EDGE = " \t\n;,.:-–•*()[]"
_BINARY_CODES = {"0", "1"}
_LINE_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
_COUNT_LABEL = re.compile(r"(?:tổng số|số lượng|số)\s")
# A template prints the same few unit cells and labels in every file: their
# classifications are remembered. Longer texts are classified afresh each time so a
# hostile file cannot fill memory.
_CACHED_CHARS = 400


@dataclass(frozen=True)
class UnitClass:
    value_type: str  # count | money | percent | binary | enum | same_as_above | unknown
    enum_legend: dict[str, str] | None  # {"0": "Không", "1": "Có"} for binary/enum
    unit_of_measure: str | None  # the cleaned unit text for count/money/percent


def classify_unit(unit_raw: str | None, label: str = "") -> UnitClass:
    """Value type of a row from its unit cell; a blank unit falls back to the label."""
    if not unit_raw:
        return UnitClass(value_type_from_label(label), None, None)
    if len(unit_raw) > _CACHED_CHARS:
        unit = _classify_unit_cell(unit_raw)
    else:
        unit = _cached_classify_unit_cell(unit_raw)
    if unit is None:  # only tags or spaces
        return UnitClass(value_type_from_label(label), None, None)
    if unit.enum_legend:
        # Remembered classes are shared: each caller gets its own legend to keep.
        return UnitClass(unit.value_type, dict(unit.enum_legend), unit.unit_of_measure)
    return unit


def _classify_unit_cell(unit_raw: str) -> UnitClass | None:
    """The class a unit cell states, or None when the cell is blank once cleaned."""
    unit = plain_cell_text(unit_raw)
    if not unit:
        return None
    key = unit.casefold().strip(" ,;:.")
    if key in _SAME_AS_ABOVE:
        return UnitClass("same_as_above", None, None)
    legend = parse_legend(unit)
    if legend:
        value_type = "binary" if set(legend) <= _BINARY_CODES else "enum"
        return UnitClass(value_type, legend, None)
    if key in _PERCENT:
        return UnitClass("percent", None, unit)
    if _MONEY.search(key):
        return UnitClass("money", None, unit)
    if is_count_unit(key):
        return UnitClass("count", None, unit.strip(" ,;:"))
    return UnitClass("unknown", None, unit)


_cached_classify_unit_cell = lru_cache(maxsize=4096)(_classify_unit_cell)


def is_count_unit(unit: str) -> bool:
    """True for a unit naming counted things: "Hồ sơ", "Cơ quan, đơn vị", "cuộc/bài/tin"."""
    if len(unit) <= _CACHED_CHARS:
        return _cached_is_count_unit(unit)
    return _is_count_unit(unit)


def _is_count_unit(unit: str) -> bool:
    key = unicodedata.normalize("NFC", unit).casefold().strip(" ,;:.")
    if not key or key in _NOT_UNITS:
        return False
    first_part = _PART_SPLIT.split(key)[0].strip()
    if first_part.startswith(("số ", "tổng số ")):
        return True  # "Số hồ sơ đã giải quyết", "Số lượng hồ sơ"
    return any(first_part == noun or first_part.startswith(noun + " ") for noun in COUNT_NOUNS)


_cached_is_count_unit = lru_cache(maxsize=4096)(_is_count_unit)


def parse_legend(unit: str) -> dict[str, str] | None:
    """Codes and their meaning from "Có = 1; Không = 0" (or "1 = Có; 0 = Không").

    Copes with ';', newlines, no separator at all ("Chưa có = 0 2 cấp = 1 3 cấp = 2"),
    any spacing around '=' and HTML tags. Returns None when the text is no legend.
    A page break can leave half a legend ("Đã kết nối = 1"); it is still returned.
    """
    text = plain_cell_text(_LINE_BREAK_TAG.sub("\n", unit))
    equals_count = text.count("=")
    if equals_count == 0:
        return None
    after = list(_CODE_AFTER.finditer(text))
    if len(after) == equals_count:
        return _legend_from_label_first(text, after)
    before = list(_CODE_BEFORE.finditer(text))
    if len(before) == equals_count:
        return _legend_from_code_first(text, before)
    return None


def _legend_from_label_first(text: str, matches: list[re.Match[str]]) -> dict[str, str] | None:
    # Each label runs from the end of the previous code to its own '='; that is
    # what lets "Chưa có = 0 2 cấp = 1" split with no separator in between.
    legend: dict[str, str] = {}
    start = 0
    for match in matches:
        label = text[start:match.start()].strip(_LEGEND_EDGE)
        start = match.end()
        if not label:
            return None
        legend.setdefault(str(int(match.group(1))), label)
    return legend


def _legend_from_code_first(text: str, matches: list[re.Match[str]]) -> dict[str, str] | None:
    legend: dict[str, str] = {}
    ends = [match.start() for match in matches[1:]] + [len(text)]
    for match, end in zip(matches, ends):
        label = text[match.end():end].strip(_LEGEND_EDGE)
        if not label:
            return None
        legend.setdefault(str(int(match.group(1))), label)
    return legend


def value_type_from_label(label: str) -> str:
    """Guess from the indicator wording: "Tỷ lệ ..." is a percent, "Số ..." a count.

    "Số liệu về ..." (a heading: "figures on ...") and labels that name both a
    count and a rate ("Số lượng, tỷ lệ đơn vị ...") stay unknown.
    """
    if len(label) <= _CACHED_CHARS:
        return _cached_value_type_from_label(label)
    return _value_type_from_label(label)


def _value_type_from_label(label: str) -> str:
    key = plain_cell_text(label).casefold()
    if key.startswith(("tỷ lệ", "tỉ lệ")):
        return "percent"
    if key.startswith("số liệu"):
        return "unknown"
    if _COUNT_LABEL.match(key):
        wording = key.split("(")[0]
        return "unknown" if "tỷ lệ" in wording or "tỉ lệ" in wording else "count"
    return "unknown"


_cached_value_type_from_label = lru_cache(maxsize=8192)(_value_type_from_label)
