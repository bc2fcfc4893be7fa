"""Reporting periods: keys, official data windows and what the report itself states.

Period keys are ``"<year>-<kind>"``:

=========  =====================  ==========================  ===========  ==========
key        label                  official data window        cumulative   due date
=========  =====================  ==========================  ===========  ==========
YYYY-Q1    Quý I năm YYYY         15/12 (YYYY-1) – 14/3       yes          20/3
YYYY-Q2    Quý II năm YYYY        15/3 – 14/6                 no           20/6
YYYY-H1    6 tháng đầu năm YYYY   15/12 (YYYY-1) – 14/6       yes          20/6
YYYY-Q3    Quý III năm YYYY       15/6 – 14/9                 no           20/9
YYYY-M9    9 tháng năm YYYY       15/12 (YYYY-1) – 14/9       yes          20/9
YYYY-Q4    Quý IV năm YYYY        15/9 – 14/12                no           20/12
YYYY-H2    6 tháng cuối năm YYYY  15/6 – 14/12                no           20/12
YYYY-Y     Năm YYYY               15/12 (YYYY-1) – 14/12      yes          20/12
=========  =====================  ==========================  ===========  ==========

Windows follow Bộ Nội vụ Công văn 581/BNV-CCHC and Nghị định 09/2019/NĐ-CP
(see /work/shared/domain.md). Quý I counts as cumulative because it starts at the
beginning of the reporting year. "6 tháng cuối năm" is rarely a report period (it
is usually the plan half of a title); when it is, it gets its own non-cumulative
key H2. The due date is the 20th of the month in which the window closes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from loaders.textnorm import fold


@dataclass(frozen=True)
class _Kind:
    code: str  # Q1 | Q2 | H1 | Q3 | M9 | Q4 | H2 | Y
    kind: str  # quarter | half | nine_months | year
    label: str  # "{year}" is replaced
    start_month: int  # window starts on the 15th of the month before this one
    end_month: int  # window ends on the 14th of this month
    cumulative: bool
    order: int  # position within the year, by closing date then breadth


# Order within a year: by the month the window closes, narrow before cumulative.
_KINDS: dict[str, _Kind] = {
    k.code: k
    for k in (
        _Kind("Q1", "quarter", "Quý I năm {year}", 1, 3, True, 1),
        _Kind("Q2", "quarter", "Quý II năm {year}", 4, 6, False, 2),
        _Kind("H1", "half", "6 tháng đầu năm {year}", 1, 6, True, 3),
        _Kind("Q3", "quarter", "Quý III năm {year}", 7, 9, False, 4),
        _Kind("M9", "nine_months", "9 tháng năm {year}", 1, 9, True, 5),
        _Kind("Q4", "quarter", "Quý IV năm {year}", 10, 12, False, 6),
        _Kind("H2", "half", "6 tháng cuối năm {year}", 7, 12, False, 7),
        _Kind("Y", "year", "Năm {year}", 1, 12, True, 8),
    )
}

_KEY = re.compile(r"^(\d{4})-(Q[1-4]|H[12]|M9|Y)$")


def parse_period_key(period_key: str) -> tuple[int, str]:
    """``"2021-Q1"`` -> ``(2021, "Q1")``; ValueError for anything else."""
    m = _KEY.match(period_key or "")
    if not m:
        raise ValueError(f"not a period key: {period_key!r}")
    return int(m.group(1)), m.group(2)


def official_window(period_key: str) -> tuple[date, date, bool, date]:
    """(date_from, date_to, is_cumulative, due_date) of a period key."""
    year, code = parse_period_key(period_key)
    k = _KINDS[code]
    # The window opens on the 15th of the month before start_month (Dec of the
    # previous year for cumulative periods) and closes on the 14th of end_month.
    if k.start_month == 1:
        start = date(year - 1, 12, 15)
    else:
        start = date(year, k.start_month - 1, 15)
    return start, date(year, k.end_month, 14), k.cumulative, date(year, k.end_month, 20)


def period_label_vi(period_key: str) -> str:
    year, code = parse_period_key(period_key)
    return _KINDS[code].label.format(year=year)


def all_period_keys(year_from: int, year_to: int) -> list[dict]:
    """Every period of the years ``year_from..year_to`` (inclusive), in reporting order."""
    periods = []
    for year in range(year_from, year_to + 1):
        for code, k in sorted(_KINDS.items(), key=lambda item: item[1].order):
            key = f"{year}-{code}"
            start, end, cumulative, due = official_window(key)
            periods.append(
                {
                    "key": key,
                    "year": year,
                    "kind": k.kind,
                    "label_vi": k.label.format(year=year),
                    "window_from": start,
                    "window_to": end,
                    "cumulative": cumulative,
                    "due_date": due,
                    "sort_order": year * 10 + k.order,
                }
            )
    return periods


# --- recognising the period in a title -------------------------------------------
# Patterns run on fold(text): lowercase, canonical tones ("Qúy" -> "quý").
_QUARTER = r"quý\s+(?P<q>iv|iii|ii|i|[1-4])(?![\w])"
_HALF = r"(?P<h>0?6|sáu)\s+tháng(?:\s+(?P<hpart>đầu|cuối))?"
_NINE = r"(?P<m9>0?9|chín)\s+tháng"
_MENTION = re.compile(rf"(?<![\w/.]){_QUARTER}|(?<![\w/.]){_HALF}|(?<![\w/.]){_NINE}")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_ANNUAL = re.compile(r"(?<!\w)năm\s+((?:19|20)\d{2})(?!\d)")
_DATE_BEFORE = re.compile(r"ngày\s*$")  # "ngày 06 tháng 6" is a date, not "6 tháng"
_MONTH_BEFORE = re.compile(r"tháng\s*\d*\s*$")  # "tháng 6 năm 2022" is a date, not an annual report
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


def _mention_code(m: re.Match) -> str:
    if m.group("q"):
        q = m.group("q")
        return f"Q{_ROMAN.get(q) or int(q)}"
    if m.group("h"):
        return "H2" if m.group("hpart") == "cuối" else "H1"
    return "M9"


def period_key_from_text(text: str) -> tuple[str | None, int | None]:
    """The report period named first in ``text`` and its year.

    The first mention is the report period ("quý I và phương hướng nhiệm vụ quý II
    năm 2021" -> 2021-Q1; the second one is the plan). Without a quarter, half or
    nine-month mention, "năm YYYY" (not part of a date) makes an annual report.
    Returns (None, None) when no period with its year is found.
    """
    folded = fold(text)
    for m in _MENTION.finditer(folded):
        if _DATE_BEFORE.search(folded[: m.start()]):
            continue
        year_match = _YEAR.search(folded, m.end())
        if not year_match:
            return None, None
        year = int(year_match.group(1))
        return f"{year}-{_mention_code(m)}", year
    for annual in _ANNUAL.finditer(folded):
        if _MONTH_BEFORE.search(folded[: annual.start()]):
            continue
        year = int(annual.group(1))
        return f"{year}-Y", year
    return None, None


# --- windows the report states itself --------------------------------------------
_DMY = r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})(?:\s*[/.\-]\s*(\d{4}|\d{2}))?"
_DMY_WORDS = r"(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s+năm\s+(\d{4}))?"
_WINDOW = re.compile(
    rf"(?<!\w)từ\s+(?:ngày\s+)?(?:{_DMY}|{_DMY_WORDS})"
    rf"\s*(?:đến|tới|-|–|—)\s*(?:hết\s+)?(?:ngày\s+)?(?:{_DMY}|{_DMY_WORDS})",
    re.IGNORECASE,
)
# Shorter spans are events (an inspection "từ ngày 19/6 đến ngày 23/6"), not data windows.
MIN_WINDOW_DAYS = 28


def _year(raw: str | None) -> int | None:
    if raw is None:
        return None
    return 2000 + int(raw) if len(raw) == 2 else int(raw)


def _window_from_groups(g: tuple[str | None, ...]) -> tuple[date, date] | None:
    # groups: 3 for the numeric start, 3 for the worded start, then the same for the end
    d1, m1, y1 = g[0:3] if g[0] else g[3:6]
    d2, m2, y2 = g[6:9] if g[6] else g[9:12]
    end_year = _year(y2)
    if end_year is None or d1 is None or m1 is None or d2 is None or m2 is None:
        return None
    start_year = _year(y1)
    if start_year is None:
        # "từ 15/12 đến 14/3/2022": the start lies in the previous year when its month is later
        start_year = end_year - 1 if int(m1) > int(m2) else end_year
    try:
        start = date(start_year, int(m1), int(d1))
        end = date(end_year, int(m2), int(d2))
    except ValueError:
        return None
    return (start, end) if start <= end else None


def stated_windows(text: str) -> list[tuple[date, date]]:
    """Every "từ <date> đến <date>" span in the text, in order (events included)."""
    found = []
    for m in _WINDOW.finditer(text):
        window = _window_from_groups(m.groups())
        if window:
            found.append(window)
    return found


def stated_window(text: str) -> tuple[date, date] | None:
    """The first stated span long enough to be a data window (>= 28 days), or None."""
    for start, end in stated_windows(text):
        if (end - start).days >= MIN_WINDOW_DAYS:
            return start, end
    return None
