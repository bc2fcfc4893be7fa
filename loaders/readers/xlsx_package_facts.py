"""What the xlsx fast path needs to know of a workbook's package, however it was read.

The worksheets in order, the shared strings part, the date epoch and, per cell style
index, the (bold, number format) pair an openpyxl read-only cell reports, with the
indices openpyxl reads as dates or durations. ``xlsx_package_strict`` reads these
from an ordinary package, openpyxl (``xlsx_package``) from any other.
"""

from __future__ import annotations

from dataclasses import dataclass

Style = tuple[bool, str | None]
NO_STYLE: Style = (False, None)  # what is_bold/number_format give when openpyxl's style lookup fails


@dataclass(frozen=True)
class SheetPart:
    title: str
    part: str  # the member holding the sheet XML


@dataclass(frozen=True)
class CellStyles:
    styles: tuple[Style, ...]  # by style index
    dates: frozenset[int]
    timedeltas: frozenset[int]


@dataclass(frozen=True)
class PackageFacts:
    sheets: list[SheetPart]
    shared_strings_part: str | None
    epoch: object
    cell_styles: CellStyles

    def style(self, style_id) -> Style:
        """(bold, number format) of a cell with this style index (an int, or the raw text when not a
        number), looked up as openpyxl indexes its style list: a negative index counts from the end."""
        try:
            return self.cell_styles.styles[style_id]
        except (IndexError, TypeError):
            return NO_STYLE

    def is_date_style(self, style_id) -> bool:
        return style_id in self.cell_styles.dates

    def is_timedelta_style(self, style_id) -> bool:
        return style_id in self.cell_styles.timedeltas
