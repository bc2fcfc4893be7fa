"""Identify a report from its content: the reporting unit, the period, number and date.

The reporting unit is decided from evidence in a fixed order of strength; the first
kind of evidence that names a unit of the register wins, weaker kinds only narrow
it down:

1. the issuer: "UBND/Ủy ban nhân dân/Phòng Nội vụ <loại> <Tên>" followed by "báo
   cáo", or an organ line in the header above "BÁO CÁO" (when the header shows the
   superior organ too, the lowest level is the issuer);
2. units named in the title;
3. the place of the place-date line ("Hương Khê, ngày 15 tháng 6 năm 2022");
4. units named after UBND/Ủy ban nhân dân/Phòng Nội vụ in the body, then
5. any "<loại> <Tên>" in the body. Levels 4–5 count mentions of the report's own
   level (from "trên địa bàn huyện", "UBND xã" ...) and accept a unit only when it
   is named at least twice and at least twice as often as any other.

Names are looked up within the province (``province_hint`` > ``folder_hint`` > the
provinces the text names) and the era of the report date (or of the period). When
several units fit, ``unit_code`` stays None and they are listed as ``candidates``;
when none fits, ``candidates`` stays empty and the problem names where the name
exists elsewhere. Either way a Vietnamese sentence says what to fix: the file is
for quarantine, never a guess.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from loaders.departments import match_department
from loaders.model import Identification
from loaders.periods import official_window, period_key_from_text, stated_window
from loaders.textnorm import fold, normalize_tones
from loaders.units import (
    COMMUNE_TYPES,
    DISTRICT_TYPES,
    POST2025_FROM,
    PRE2025,
    PROVINCE_TYPES,
    TYPE_WORDS,
    Register,
    Unit,
    load_register,
)

_LEVEL_RANK = {"commune": 0, "district": 1, "province": 2}
_MAX_NAME_WORDS = 5
_MAX_LISTED = 5  # units named in a not-found message
_ISSUER_LINES = 3  # the issuing body heads the page; a "Sở …" further down is a recipient
# All-caps words that end a name in an all-caps header or title ("UBND XÃ A NĂM 2024").
_CAPS_STOP = frozenset(
    {
        "năm",
        "quý",
        "tháng",
        "ngày",
        "về",
        "và",
        "của",
        "báo",
        "cộng",
        "độc",
        "số",
        "tỉnh",
        "huyện",
    }
)
_TYPE_ALT = "|".join(re.escape(w) for w in sorted(TYPE_WORDS, key=len, reverse=True))
_ORGAN = r"ubnd|ủy ban nhân dân|phòng nội vụ|văn phòng hđnd và ubnd"
# The organ must sit on the same line ("Số: 12/BC-UBND" + newline + "Thị xã ..." is no organ).
# The leading look-ahead only lets the search skip, cheaply, every position where no organ
# or type word can start; it matches nothing the rest would not.
_MENTION_STARTS = "".join(sorted({word[0] for word in (*_ORGAN.split("|"), *TYPE_WORDS)}))
_MENTION = re.compile(
    rf"(?=[{_MENTION_STARTS}])(?<![\w/\-])(?:(?P<organ>{_ORGAN})[ \u00a0]+)?(?P<type>{_TYPE_ALT})(?=[\s.])",
    re.IGNORECASE,
)
# Only wards and urban districts are numbered ("Phường 1", "Quận 10").
_NUMBERED_TYPES = frozenset({"phuong", "quan"})
_NAME_WORD = re.compile(r"(?P<sep>[ \u00a0]+|[ \u00a0]*-[ \u00a0]*)(?P<word>[^\W_][\w'’]*)")
_ISSUER_AFTER = re.compile(r"\s*(?:xin\s+)?báo cáo", re.IGNORECASE)
_DISTRICT_AFTER = re.compile(r"\s*,?\s*(?P<type>huyện|thị xã|thành phố|quận|tp\.?)(?=[\s.])", re.IGNORECASE)
_SELF_REF = re.compile(
    r"(?<!\w)(?:địa bàn|ubnd|ủy ban nhân dân)\s+(?P<type>thị xã|thành phố|thị trấn|huyện|quận|xã|phường)(?!\w)",
    re.IGNORECASE,
)
_MARKUP = re.compile(r"\*\*|</?[a-zA-Z][^>]*>")
# The national motto would read as "xã Hội Chủ Nghĩa Việt Nam".
_MOTTO = re.compile(r"cộng hòa xã hội chủ nghĩa việt nam", re.IGNORECASE)
_REPORT_NO = re.compile(
    r"^\s*số\s*:?\s*(?P<num>\d+[a-z]?)?\s*/\s*(?P<sym>[^\W\d_][\w&.\-]*(?:/[\w&.\-]+)*)",
    re.IGNORECASE,
)
# The appendix names the report it belongs to: "(Kèm theo Báo cáo số /BC-UBND ngày 15 tháng 3
# năm 2021 …)". A draft header leaves its date blank while this line often has it.
_ANNEX_OF_REPORT = re.compile(
    r"kèm theo báo cáo(?: số)?[^()\n]{0,40}?\bngày\s*(?P<d>\d{1,2})\s*(?:tháng|/)\s*(?P<m>\d{1,2})"
    r"\s*(?:năm|/)\s*(?P<y>\d{4})",
    re.IGNORECASE,
)
_PLACE_DATE = re.compile(
    r"^\s*(?P<place>[^\W\d_][^\d,;:()]{1,60}?)\s*,\s*ngày\s*(?P<d>\d{1,2})?\s*(?:tháng|/)\s*(?P<m>\d{1,2})?"
    r"\s*(?:năm|/)\s*(?P<y>\d{4})",
    re.IGNORECASE,
)
_BODY_CUES = (
    "thực hiện",
    "theo ",
    "căn cứ",
    "để ",
    "nhằm",
    "trên cơ sở",
    "kính gửi",
    "i.",
    "1.",
    "phần ",
)
# "UBND huyện A báo cáo <kỳ> như sau", "Trên đây là báo cáo <kỳ>".
_REPORT_SENTENCE = re.compile(
    rf"(?:(?:{_ORGAN})[^.\n]{{0,80}}?|trên đây là\s+)báo cáo([^.\n]{{0,200}})",
    re.IGNORECASE,
)
_DEPARTMENT = re.compile(r"^sở\s+\S", re.IGNORECASE)
_HEAD_LINES = 12  # without a "BÁO CÁO" line, the header is at most this many lines


@dataclass(frozen=True, init=False)
class _Mention:
    """A unit named in the text. Its own ``__init__``, as the row records in loaders/model.py (why there)."""

    text: str  # as written, with the type word and any district ("xã A, huyện B")
    types: frozenset[str]
    name: str
    start: int
    organ: bool
    issuer: bool
    district: str | None = None  # "huyện Hoằng Hóa" written right after a commune

    def __init__(self, text: str, types: frozenset[str], name: str, start: int, organ: bool, issuer: bool,
                 district: str | None = None) -> None:
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "types", types)
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "organ", organ)
        object.__setattr__(self, "issuer", issuer)
        object.__setattr__(self, "district", district)


@dataclass
class _Layout:
    """Where the header, the title and the body are in the cleaned text."""

    head: list[str]  # header cells (lines split at tabs) above "BÁO CÁO"
    head_end: int  # offset where the header ends
    title: str
    title_start: int
    title_end: int


# --- text layout ---------------------------------------------------------------------


def _clean(text: str) -> str:
    """NFC, canonical tones; conversion markup (**bold**, <b>) and the motto removed."""
    return _MOTTO.sub("", _MARKUP.sub("", normalize_tones(text)))


def _layout(clean: str) -> _Layout:
    offsets, pos = [], 0
    for line in clean.split("\n"):
        offsets.append((pos, line))
        pos += len(line) + 1
    non_empty = [(off, line) for off, line in offsets if line.strip()]
    marker = next(
        (
            i
            for i, (_, line) in enumerate(non_empty)
            if fold(line).startswith("báo cáo") and (fold(line) == "báo cáo" or line.strip().isupper())
        ),
        None,
    )
    if marker is None:
        head_lines = non_empty[:_HEAD_LINES]
        head_end = head_lines[-1][0] + len(head_lines[-1][1]) if head_lines else 0
        return _Layout(_cells(head_lines), head_end, "", head_end, head_end)
    head_lines = non_empty[:marker]
    marker_off, marker_line = non_empty[marker]
    title_parts = [marker_line.strip()[len("báo cáo") :].strip()] if fold(marker_line) != "báo cáo" else []
    title_start = marker_off
    title_end = marker_off + len(marker_line)
    for off, line in non_empty[marker + 1 : marker + 4]:
        folded = fold(line)
        # A title is short, opens with no body cue and does not end a sentence.
        if len(line) > 400 or folded.startswith(_BODY_CUES) or folded.endswith((".", ":")):
            break
        title_parts.append(line.strip())
        title_end = off + len(line)
    return _Layout(
        _cells(head_lines),
        marker_off,
        " ".join(p for p in title_parts if p),
        title_start,
        title_end,
    )


def _cells(lines: list[tuple[int, str]]) -> list[str]:
    # Word tables put the organ line and the motto side by side: split at tabs.
    return [cell.strip() for _, line in lines for cell in line.split("\t") if cell.strip()]


# --- number, date, period ---------------------------------------------------------


def _report_number(head: list[str]) -> str | None:
    for cell in head:
        m = _REPORT_NO.match(cell)
        if m:
            return f"{m.group('num')}/{m.group('sym')}" if m.group("num") else None
    return None


def _place_date(
    head: list[str],
) -> tuple[str | None, date | None, int | None, str | None]:
    """(place, report date, year, problem) from the place-date line of the header.

    A blank day or month ("ngày tháng năm 2021", a draft) gives no date but the year."""
    for cell in head:
        m = _PLACE_DATE.match(cell)
        if not m:
            continue
        place, year = m.group("place").strip(), int(m.group("y"))
        if not (m.group("d") and m.group("m")):
            return place, None, year, None
        try:
            return place, date(year, int(m.group("m")), int(m.group("d"))), year, None
        except ValueError:
            problem = f"Ngày ban hành báo cáo không hợp lệ: '{m.group(0).strip()}'. Đề nghị kiểm tra lại ngày, tháng."
            return place, None, year, problem
    return None, None, None, None


def _annex_report_date(clean: str, year: int | None) -> date | None:
    """The report's date as the appendix heading states it, when it is a real day of the
    header's year (a heading of another year is a copied template, not this report)."""
    for m in _ANNEX_OF_REPORT.finditer(clean):
        if year is not None and int(m.group("y")) != year:
            continue
        try:
            return date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        except ValueError:
            continue
    return None


def _period(layout: _Layout, clean: str, file_name: str) -> tuple[str | None, int | None]:
    """The period from the title, else from the issuer's "… báo cáo <kỳ>" sentence or the
    closing "Trên đây là báo cáo <kỳ>", else from the file name."""
    if layout.title:
        key, year = period_key_from_text(layout.title)
        if key:
            return key, year
    for m in _REPORT_SENTENCE.finditer(clean, layout.title_end):
        key, year = period_key_from_text(m.group(1))
        if key:
            return key, year
    if file_name:
        return period_key_from_text(re.sub(r"[_\-.]+", " ", file_name))
    return None, None


def _era_dates(report_date: date | None, period_key: str | None, year: int | None) -> list[date | None]:
    """Days whose units are the candidates, in order of trust: the report date, then
    the end of the period's window when it falls in the other era (a late 2025-H1
    report dated July 2025 still comes from a pre-2025 unit), else mid-year of the
    report year. [None] (both eras) when nothing is known or the year is 2025 alone."""
    days: list[date | None] = []
    if report_date:
        days.append(report_date)
    if period_key:
        window_end = official_window(period_key)[1]
        if not report_date or _is_pre2025(window_end) != _is_pre2025(report_date):
            days.append(window_end)
    if not days and year and year != 2025:
        days.append(date(year, 6, 30))
    return days or [None]


def _is_pre2025(day: date) -> bool:
    return day < POST2025_FROM


# --- mentions of units ---------------------------------------------------------------


def _name_after(text: str, pos: int, numbered: bool = False) -> tuple[str, int]:
    """The capitalised words after ``pos`` on the same line: a unit name, or ""."""
    m = _NAME_WORD.match(text, pos)
    if numbered and m and m.group("word").isdigit() and "-" not in m.group("sep"):
        return m.group("word"), m.end()  # "Phường 1": a number is the whole name
    words: list[str] = []
    end = pos
    while len(words) < _MAX_NAME_WORDS:
        m = _NAME_WORD.match(text, end)
        if not m:
            break
        word = m.group("word")
        if not word[0].isupper():
            break
        if word.isupper() and len(word) > 1 and fold(word) in _CAPS_STOP:
            break
        words.append(("- " if "-" in m.group("sep") else "") + word)
        end = m.end()
    return " ".join(words), end


def _mentions(clean: str, head_end: int) -> list[_Mention]:
    found = []
    context_end = -1  # end of a "…, huyện B" just read as a commune's district
    for m in _MENTION.finditer(clean):
        if m.start() < context_end:
            continue  # the district beside a commune is context, not a mention
        types = TYPE_WORDS[fold(m.group("type"))]
        name, end = _name_after(clean, m.end(), numbered=bool(types & _NUMBERED_TYPES))
        if not name:
            continue
        district = None
        if types & COMMUNE_TYPES:
            d = _DISTRICT_AFTER.match(clean, end)
            d_name, d_end = _name_after(clean, d.end()) if d else ("", end)
            if d is not None and d_name:
                district = f"{d.group('type')} {d_name}"
                end = context_end = d_end
        organ = m.group("organ") is not None
        # The issuer writes "UBND <loại> <Tên> báo cáo …", or heads the page with its
        # name (a province line in the header is the superior organ, or a Sở's).
        issuer = (organ and bool(_ISSUER_AFTER.match(clean, end))) or (
            m.start() < head_end and not types <= PROVINCE_TYPES
        )
        text = f"{m.group('type')} {name}" + (f", {district}" if district else "")
        found.append(_Mention(text, types, name, m.start(), organ, issuer, district))
    return found


def _own_level(clean: str) -> frozenset[str] | None:
    """The report's own level from bare self-references ("trên địa bàn huyện", "UBND xã")."""
    counts: Counter[str] = Counter()
    for m in _SELF_REF.finditer(clean):
        if _name_after(clean, m.end())[0]:
            continue  # "UBND xã Hoằng Hợp" names a unit; only bare references count
        types = TYPE_WORDS[fold(m.group("type"))]
        counts["district" if types & DISTRICT_TYPES else "commune"] += 1
    if counts["district"] >= 2 * counts["commune"] and counts["district"]:
        return DISTRICT_TYPES
    if counts["commune"] >= 2 * counts["district"] and counts["commune"]:
        return COMMUNE_TYPES
    return None


# --- resolving mentions --------------------------------------------------------------


def _lowest_level(units: set[Unit]) -> set[Unit]:
    if not units:
        return units
    lowest = min(_LEVEL_RANK[u.level] for u in units)
    return {u for u in units if _LEVEL_RANK[u.level] == lowest}


def _below_province(units: set[Unit]) -> set[Unit]:
    return {u for u in units if u.level != "province"}


def _dominant(counts: Counter[Unit]) -> tuple[Unit | None, list[Unit]]:
    """The unit named at least twice and twice as often as any other, else the contenders."""
    if not counts:
        return None, []
    ranked = counts.most_common()
    top = ranked[0][1]
    second = ranked[1][1] if len(ranked) > 1 else 0
    if top >= 2 and top >= 2 * second:
        return ranked[0][0], []
    return None, sorted((u for u, c in ranked if c * 2 >= top), key=lambda u: u.unit_key)


def _decide(
    levels: list[tuple[list[_Mention], set[Unit]]], body_counts: Counter[Unit]
) -> tuple[Unit | None, list[Unit], list[_Mention]]:
    """(unit, candidates, the mentions that decided) from the strong levels, then the body counts.

    An issuer that names no known unit stops here: weaker evidence (a place name
    that happens to be a district) must not overrule "UBND xã A báo cáo"."""
    for i, (mentions, units) in enumerate(levels):
        if not units:
            if i == 0 and mentions:
                return None, [], mentions
            continue
        chosen = set(units)
        for _, later in levels[i + 1 :]:
            if len(chosen) > 1 and chosen & later:
                chosen &= later
        if len(chosen) > 1:
            winner, _ = _dominant(Counter({u: body_counts.get(u, 0) for u in chosen}))
            chosen = {winner} if winner else chosen
        if len(chosen) == 1:
            return next(iter(chosen)), [], mentions
        return None, sorted(chosen, key=lambda u: u.unit_key), mentions
    winner, contenders = _dominant(body_counts)
    return winner, contenders, []


# --- messages ------------------------------------------------------------------------


def _describe(register: Register, unit: Unit, on_date: date | None = None) -> str:
    """Like "Huyện Duyên Hải (850, Tỉnh Trà Vinh)"; notes the validity when it excludes ``on_date``."""
    parts = [unit.unit_code]
    parent = register.parent(unit)
    if parent and parent.level == "district":
        parts.append(parent.unit_name)
    if unit.level != "province":
        parts.append(register.province_of(unit).unit_name)
    if on_date and not unit.valid_on(on_date):
        if unit.valid_to:
            parts.append(f"đến {unit.valid_to:%d/%m/%Y}")
        else:
            parts.append(f"từ {unit.valid_from:%d/%m/%Y}")
    return f"{unit.unit_name} ({', '.join(parts)})"


def _candidate(register: Register, unit: Unit) -> dict:
    parent = register.parent(unit)
    return {
        "unit_key": unit.unit_key,
        "unit_code": unit.unit_code,
        "unit_name": unit.unit_name,
        "unit_type": unit.unit_type,
        "province_name": register.province_of(unit).unit_name,
        "district_name": parent.unit_name if parent and parent.level == "district" else None,
    }


def _quoted(texts: list[str]) -> str:
    return " / ".join(f"'{t}'" for t in dict.fromkeys(texts))


def _scope_text(register: Register, province_keys: list[str] | None, on_date: date | None) -> str:
    text = ""
    if province_keys:
        text += " của " + ", ".join(register.get(k).unit_name for k in province_keys)
    if on_date:
        text += f" còn hiệu lực vào ngày {on_date:%d/%m/%Y}"
    return text


# --- province scope ------------------------------------------------------------------


def _province_scope(
    register: Register,
    mentions: list[_Mention],
    province_hint: str | None,
    folder_hint: str | None,
    on_date: date | None,
) -> tuple[list[str] | None, list[str]]:
    """Province unit keys to search in (None: the whole country) and problems."""
    problems = []
    scope: list[str] | None = None
    for hint, source in (
        (province_hint, "tham số --province"),
        (folder_hint, "tên thư mục"),
    ):
        if not hint or scope is not None:
            continue
        keys = [u.unit_key for u in register.provinces_named(hint, on_date)]
        if keys:
            scope = keys
        else:
            problems.append(f"Không nhận ra tỉnh '{hint}' ({source}); đã bỏ qua khi xác định đơn vị báo cáo.")
    named = {
        u.unit_key
        for m in mentions
        if m.types & PROVINCE_TYPES
        for u in register.match(m.text, PROVINCE_TYPES, None, None, on_date)
    }
    if scope is None:
        return (sorted(named) or None), problems
    narrowed = [k for k in scope if k in named]  # e.g. a folder name valid in both eras
    return (narrowed or scope), problems


# --- deciding the unit ---------------------------------------------------------------


@dataclass
class _Outcome:
    unit: Unit | None
    candidates: list[Unit]
    problems: list[str]


class _Resolver:
    """Looks mention names up in the register within a province scope and an era."""

    def __init__(self, register: Register, province_keys: list[str] | None, on_date: date | None):
        self.register = register
        self.province_keys = province_keys
        self.on_date = on_date
        self._cache: dict[tuple, list[Unit]] = {}

    def units(self, mention: _Mention, anywhere: bool = False) -> list[Unit]:
        """Units a mention can denote; ``anywhere`` drops the province and the era."""
        key = (mention.name, mention.types, mention.district, anywhere)
        if key not in self._cache:
            self._cache[key] = self._lookup(mention, anywhere)
        return self._cache[key]

    def _lookup(self, mention: _Mention, anywhere: bool) -> list[Unit]:
        provinces = None if anywhere else self.province_keys
        on_date = None if anywhere else self.on_date
        types = mention.types or None  # the place line has no type word
        district_keys = None
        if mention.district:
            found = self.register.match(mention.district, DISTRICT_TYPES, provinces, None, on_date)
            # A misspelt district must not hide the commune: then search without it.
            district_keys = [u.unit_key for u in found] or None
        return self.register.match(mention.name, types, provinces, district_keys, on_date)

    def all(self, mentions: list[_Mention], anywhere: bool = False) -> set[Unit]:
        return {u for m in mentions for u in self.units(m, anywhere)}


def _decide_unit(
    register: Register,
    layout: _Layout,
    mentions: list[_Mention],
    own_types: frozenset[str] | None,
    place: str | None,
    hints: tuple[str | None, str | None],
    on_date: date | None,
) -> _Outcome:
    scope, problems = _province_scope(register, mentions, hints[0], hints[1], on_date)
    resolver = _Resolver(register, scope, on_date)

    issuers = [m for m in mentions if m.issuer]
    in_title = [
        m for m in mentions if layout.title_start <= m.start < layout.title_end and not m.types <= PROVINCE_TYPES
    ]
    place_mentions = [_Mention(place, frozenset(), place, -1, False, False)] if place else []
    levels = [
        (issuers, _lowest_level(resolver.all(issuers))),
        (in_title, _below_province(resolver.all(in_title))),
        (place_mentions, _below_province(resolver.all(place_mentions))),
    ]
    body = [m for m in mentions if m.start >= layout.title_end and not m.types <= PROVINCE_TYPES]
    if own_types:
        body = [m for m in body if m.types & own_types]
    body = [m for m in body if m.organ] or body  # "UBND xã A" beats a bare "xã A"
    counts: Counter[Unit] = Counter()
    for m in body:
        counts.update(_below_province(resolver.all([m])))

    unit, candidates, deciding = _decide(levels, counts)
    if unit:
        return _Outcome(unit, [], problems)
    if candidates:
        source = deciding or body
        asked = [m.text for m in source if resolver.all([m]) & set(candidates)]
        listing = ", ".join(_describe(register, u) for u in candidates)
        problems.append(
            f"Không xác định được đơn vị báo cáo: {_quoted(asked)} khớp với {len(candidates)} đơn vị: {listing}. "
            'Đề nghị ghi rõ loại và tên đơn vị ở phần đầu báo cáo (ví dụ: "UBND huyện …", "UBND xã …, huyện …") '
            "hoặc đặt tệp vào thư mục của tỉnh."
        )
        return _Outcome(None, candidates, problems)

    top_body = {t for t, _ in Counter([b.text for b in body]).most_common(3)}
    named = deciding or issuers + in_title + place_mentions or [m for m in body if m.text in top_body]
    if not named:
        problems.append(
            "Không xác định được đơn vị báo cáo: báo cáo không ghi tên cơ quan báo cáo "
            '(ví dụ: "UBND huyện …", "UBND xã …"). Đề nghị ghi rõ ở phần đầu báo cáo.'
        )
        return _Outcome(None, [], problems)
    # Nothing fits: say where the names do exist (same era first) to help the clerk.
    elsewhere = sorted(
        resolver.all(named, anywhere=True),
        key=lambda u: (on_date is not None and not u.valid_on(on_date), u.unit_key),
    )
    message = (
        f"Không xác định được đơn vị báo cáo: không tìm thấy {_quoted([m.text for m in named])} "
        f"trong danh mục đơn vị hành chính{_scope_text(register, scope, on_date)}."
    )
    if elsewhere:
        shown = ", ".join(_describe(register, u, on_date) for u in elsewhere[:_MAX_LISTED])
        more = f" và {len(elsewhere) - _MAX_LISTED} đơn vị khác" if len(elsewhere) > _MAX_LISTED else ""
        message += f" Tên này có ở: {shown}{more}."
    problems.append(message + " Đề nghị kiểm tra lại tên đơn vị, tỉnh (thư mục) và ngày báo cáo.")
    # Not candidates: none of them fits this report (ingest reads candidates as "ambiguous").
    return _Outcome(None, [], problems)


# --- the entry point -----------------------------------------------------------------


def identify(
    text: str,
    *,
    file_name: str = "",
    province_hint: str | None = None,
    folder_hint: str | None = None,
    register: Register | None = None,
) -> Identification:
    """Decide who sent the report, for which period, with which number and date."""
    register = register or load_register()
    clean = _clean(text)
    layout = _layout(clean)
    result = Identification()

    result.report_number = _report_number(layout.head)
    place, report_date, date_year, date_problem = _place_date(layout.head)
    if date_problem:
        result.problems.append(date_problem)
    elif report_date is not None:
        result.report_date_source = "header"
    else:
        report_date = _annex_report_date(clean, date_year)
        result.report_date_source = "appendix_heading" if report_date else None
    result.report_date = report_date.isoformat() if report_date else None
    result.period_key, period_year = _period(layout, clean, file_name)
    result.report_year = period_year or date_year
    if not result.period_key:
        result.problems.append(
            "Không xác định được kỳ báo cáo (quý, 6 tháng, 9 tháng hay năm) và năm báo cáo. "
            'Đề nghị ghi rõ kỳ báo cáo trong tiêu đề, ví dụ: "… quý I năm 2021", "… 6 tháng đầu năm 2022".'
        )
    window = stated_window(clean)
    if window:
        result.stated_window_from, result.stated_window_to = (
            window[0].isoformat(),
            window[1].isoformat(),
        )

    mentions = _mentions(clean, layout.head_end)
    own_types = _own_level(clean[layout.title_end :])
    days = _era_dates(report_date, result.period_key, result.report_year)
    department = _department(layout.head[:_ISSUER_LINES])
    if department:
        # The issuer is a provincial department: the place line ("Thanh Hóa, ngày …")
        # names its city, not the reporting unit, so no place is guessed.
        outcome = _decide_department(register, department, mentions, (province_hint, folder_hint), days)
    else:
        outcome = _decide_place(register, layout, mentions, own_types, place, (province_hint, folder_hint), days)
    result.problems.extend(outcome.problems)
    if outcome.unit:
        _fill_unit(result, register, outcome.unit)
    else:
        result.candidates = [_candidate(register, u) for u in outcome.candidates]
        _fill_shared_province(result, register, outcome.candidates)
    return result


def _decide_place(register: Register, layout, mentions: list[_Mention], own_types, place,
                  hints: tuple[str | None, str | None], days: list[date | None]) -> _Outcome:
    """The administrative unit of the report, trying each plausible era in turn."""
    outcomes = []
    for on_date in days:
        outcome = _decide_unit(register, layout, mentions, own_types, place, hints, on_date)
        outcomes.append(outcome)
        if outcome.unit:
            break
    return outcomes[-1] if outcomes[-1].unit else outcomes[0]


def _decide_department(register: Register, heading: str, mentions: list[_Mention],
                       hints: tuple[str | None, str | None], days: list[date | None]) -> _Outcome:
    """A report headed by a provincial department: the department of the province's list."""
    found: list[Unit] = []
    problems: list[str] = []
    for on_date in days:
        scope, problems = _province_scope(register, mentions, hints[0], hints[1], on_date)
        found = match_department(register.departments, heading, scope, on_date)
        if found:
            break
    if len(found) == 1:
        return _Outcome(found[0], [], problems)
    if found:
        names = ", ".join(_describe(register, u, None) for u in found[:_MAX_LISTED])
        return _Outcome(None, found, problems + [
            f"Không xác định được đơn vị báo cáo: '{heading}' có ở nhiều tỉnh ({names}). "
            "Đề nghị đặt tệp vào thư mục của tỉnh hoặc ghi tên tỉnh ở đầu báo cáo."])
    return _Outcome(None, [], problems + [
        f"Không xác định được đơn vị báo cáo: báo cáo do '{heading}' ban hành nhưng sở, ban, ngành này chưa có "
        "trong danh mục của tỉnh (reference/departments.csv). Đề nghị bộ phận CNTT bổ sung rồi xử lý lại tệp."])


def _department(head: list[str]) -> str | None:
    """A provincial department heading the page ("SỞ NỘI VỤ"), if any."""
    return next((cell for cell in head if _DEPARTMENT.match(cell)), None)


def _fill_unit(result: Identification, register: Register, unit: Unit) -> None:
    province = register.province_of(unit)
    parent = register.parent(unit)
    result.unit_code = unit.unit_code
    result.unit_key = unit.unit_key
    result.unit_name = unit.unit_name
    result.unit_type = unit.unit_type
    result.province_code = province.unit_code
    result.province_name = province.unit_name
    if unit.era == PRE2025 and unit.level == "commune" and parent:
        result.district_code = parent.unit_code


def _fill_shared_province(result: Identification, register: Register, units: list[Unit]) -> None:
    provinces = {u.province_key for u in units}
    if len(provinces) == 1:
        province = register.get(provinces.pop())
        result.province_code = province.unit_code
        result.province_name = province.unit_name
