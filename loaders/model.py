"""Shared data shapes that flow from readers to parsers to the sink.

Readers turn a file into an ``ExtractedDocument`` (raw cell text, nothing parsed);
``loaders.rows`` turns each ``RawRow`` into a ``ParsedRow``; identification turns
the document text into an ``Identification``. Keeping these plain dataclasses lets
every stage be tested on its own.

The two row records are built a few hundred times per file, so they are slotted and
write their own ``__init__`` (``init=False``): the one ``dataclasses`` generates is
Python code made at import time, which stays interpreted when this module runs
compiled (loaders/native.py) and made building a row ten times slower than the
compiled one (a tenth of the time a file took). tests/loaders/test_initialisers.py
checks that each written ``__init__`` takes exactly the fields, in order, with their
defaults.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True, init=False)
class RawRow:
    """One appendix row exactly as the file showed it (after page-break repair)."""

    row_no: int  # 1-based position in the appendix as read
    code_raw: str | None  # STT cell as printed ("1.3.", "Trong đó", None)
    label_raw: str  # "Chỉ tiêu thống kê" cell, tags kept
    unit_raw: str | None  # "Đơn vị tính" cell
    value_raw: str | None  # "Số liệu" cell text; for numeric xlsx cells see number_value
    note_raw: str | None = None  # "Ghi chú" cell
    is_bold: bool = False  # bold in the source (section rows usually are)
    number_value: float | None = None  # a real numeric cell (xlsx), None otherwise
    number_format: str | None = None  # its Excel number format ("0.0%", "#,##0")

    def __init__(self, row_no: int, code_raw: str | None, label_raw: str, unit_raw: str | None,
                 value_raw: str | None, note_raw: str | None = None, is_bold: bool = False,
                 number_value: float | None = None, number_format: str | None = None) -> None:
        self.row_no = row_no
        self.code_raw = code_raw
        self.label_raw = label_raw
        self.unit_raw = unit_raw
        self.value_raw = value_raw
        self.note_raw = note_raw
        self.is_bold = is_bold
        self.number_value = number_value
        self.number_format = number_format


@dataclass
class ExtractedDocument:
    """What a reader found in one file."""

    reader: str  # "text" | "xlsx" | "docx" | "csv"
    text: str  # all text usable for identification (narrative, titles, headings)
    rows: list[RawRow] = field(default_factory=list)  # empty: no appendix found
    appendix_title: str | None = None  # "Phụ lục 1B", "Phụ lục 01b" ...
    sheet_name: str | None = None  # xlsx: the sheet the appendix came from


@dataclass(slots=True, init=False)
class ParsedRow:
    """An appendix row with its code, value type and value decided."""

    row_no: int
    code_raw: str | None
    code: str | None  # normalised: "1.3." -> "1.3"; None for uncoded rows
    label_raw: str
    label: str  # tags stripped, whitespace collapsed, NFC
    unit_raw: str | None
    value_type: str  # count | money | percent | binary | enum | text | unknown
    enum_legend: dict[str, str] | None  # {"0": "Trực tuyến", "1": "Phát phiếu", ...}
    value_raw: str | None
    value_numeric: float | None  # None when blank or not parseable
    value_note: str | None  # "01 nv còn hạn" from "06 (01 nv còn hạn)"
    parse_rule: str  # which rule parsed the value (e.g. "vi_thousands", "fraction_percent")
    parse_flags: tuple[str, ...]  # e.g. ("unit_mismatch",), ("multiple_values",), ("ambiguous_separator",)
    is_section: bool  # heading row (no value expected)
    parent_row_no: int | None  # for uncoded "Trong đó" children: the coded row they belong to
    note_raw: str | None = None

    def __init__(self, row_no: int, code_raw: str | None, code: str | None, label_raw: str, label: str,
                 unit_raw: str | None, value_type: str, enum_legend: dict[str, str] | None,
                 value_raw: str | None, value_numeric: float | None, value_note: str | None, parse_rule: str,
                 parse_flags: tuple[str, ...], is_section: bool, parent_row_no: int | None,
                 note_raw: str | None = None) -> None:
        self.row_no = row_no
        self.code_raw = code_raw
        self.code = code
        self.label_raw = label_raw
        self.label = label
        self.unit_raw = unit_raw
        self.value_type = value_type
        self.enum_legend = enum_legend
        self.value_raw = value_raw
        self.value_numeric = value_numeric
        self.value_note = value_note
        self.parse_rule = parse_rule
        self.parse_flags = parse_flags
        self.is_section = is_section
        self.parent_row_no = parent_row_no
        self.note_raw = note_raw


@dataclass
class Identification:
    """Who sent the report and for which period, decided from its content."""

    unit_code: str | None = None  # official code, zero-padded text
    unit_key: str | None = None  # register key (era:level:code): codes are reused across eras
    unit_name: str | None = None  # official name ("Huyện Tân Hồng")
    unit_type: str | None = None  # tinh | huyen | thi_xa | thanh_pho | quan | xa | phuong | thi_tran | dac_khu | so
    province_code: str | None = None
    province_name: str | None = None
    district_code: str | None = None  # for pre-2025 communes
    candidates: list[dict] = field(default_factory=list)  # when ambiguous: [{"unit_code":..,"unit_name":..,"province_name":..}]
    period_key: str | None = None  # "2021-Q1", "2022-H1", "2024-M9", "2021-Y"
    report_year: int | None = None
    report_number: str | None = None  # "196/BC-UBND"
    report_date: str | None = None  # ISO date "2022-06-15"
    report_date_source: str | None = None  # header | appendix_heading (the header's date left blank)
    stated_window_from: str | None = None  # ISO date stated in the report, if any
    stated_window_to: str | None = None
    problems: list[str] = field(default_factory=list)  # Vietnamese sentences for the clerk


class RejectedFile(Exception):
    """A file that must be quarantined. ``reason_vi`` is shown to the clerk as is."""

    def __init__(self, reason_code: str, reason_vi: str):
        super().__init__(f"{reason_code}: {reason_vi}")
        self.reason_code = reason_code
        self.reason_vi = reason_vi
