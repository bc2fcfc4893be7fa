"""PAR Index scorecards and SIPAS results read from the text of a report.

A PAR Index analysis (seed 002) prints, as tab-separated tables:

* one detail table per field (lĩnh vực): "Tiêu chí | Nội dung | Điểm tối đa |
  Điểm đạt được | Điểm bị trừ", with the field row (1), criteria (1.1) and
  sub-criteria (1.5.1), and sometimes uncoded bullet rows under a criterion;
* a year-over-year summary: "TT | Lĩnh vực | Năm 2020 (Điểm/điểm tối đa, %) |
  Năm 2021 (...) | Tăng/giảm (%)";
* the published index per year ("Năm đánh giá | Chỉ số CCHC (%) | Phân loại"),
  or a sentence "Chỉ số CCHC năm 2021 ... đạt 75,62%";
* SIPAS: "... đạt 29.78/40 điểm, tỷ lệ 74.87%, ... 9/11" and its five components,
  as bullets ("Chỉ số hài lòng về Tiếp cận dịch vụ đạt 75,16%, xếp vị trí thứ 8/11")
  or as a table ("Yếu tố | Tỷ lệ hài lòng | Xếp hạng").

Nothing is computed here: scores are kept as printed (raw text beside the number)
so the quality rules can compare what the report says with itself. The conversion
scars are repaired: a row split across a page break is joined, the header repeated
after a break is skipped, a field row printed without its code gets the code of its
children (flag ``code_inferred``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from loaders.numbers import parse_number, plain_cell_text

# Scores are small decimals ("0,5", "6.46"): a separator followed by three digits is a
# decimal mark, never a thousands group, which is how parse_number reads percentages.
SCORE_VALUE_TYPE = "percent"

_CODE = re.compile(r"^\d{1,2}(?:\.\d{1,2})*$")
_YEAR_HEADER = re.compile(r"^năm (\d{4})$")
_ONLY_DASHES = re.compile(r"^[-–—_|=\s]+$")
_LEADING_SIGN_SPACE = re.compile(r"^([-–−+])\s+")
_BULLET = re.compile(r"^[-–•+]\s*")
_NUMBER = r"\d+(?:[.,]\d+)?"

_INDEX_SENTENCE = re.compile(
    rf"chỉ số (?:cchc|cải cách hành chính)(?: \(par index\))? năm (\d{{4}})[^.;%\n]*?đạt\s*:?\s*({_NUMBER})\s*%",
    re.IGNORECASE,
)
_SIPAS_OVERALL = re.compile(
    rf"chỉ số hài lòng(?P<head>[^.\n]*?)đạt\s*(?P<score>{_NUMBER})\s*/\s*(?P<max>{_NUMBER})\s*điểm"
    rf"(?:[^.\n%]*?(?P<percent>{_NUMBER})\s*%)?"
    r"(?:[^.\n]*?(?:vị trí|xếp thứ|xếp hạng)\s*(?:thứ\s*)?(?P<rank>\d+\s*/\s*\d+))?",
    re.IGNORECASE,
)
_SIPAS_COMPONENT = re.compile(
    rf"chỉ số hài lòng về\s+(?P<label>.+?)\s+đạt\s*(?P<percent>{_NUMBER})\s*%"
    r"(?:[^.\n]*?(?:vị trí|xếp thứ|xếp hạng)\s*(?:thứ\s*)?(?P<rank>\d+\s*/\s*\d+))?",
    re.IGNORECASE,
)
_YEAR_IN_TEXT = re.compile(r"năm (\d{4})", re.IGNORECASE)
# Sentences are searched line by line, and only lines of a readable length: a sentence
# stating an index is short, and the lazy patterns would be slow on a hostile 1 MB line.
MAX_LINE = 3000

# The five SIPAS components of QĐ 2640/QĐ-BNV, recognised by a word of their name.
# Order matters: "Tiếp nhận, xử lý phản ánh kiến nghị" must not read as "tiếp cận".
SIPAS_COMPONENTS = (
    ("feedback", ("phản ánh", "kiến nghị")),
    ("access", ("tiếp cận",)),
    ("officials", ("công chức",)),
    ("results", ("kết quả",)),
    ("procedures", ("thủ tục", "tthc")),
)


@dataclass(frozen=True)
class ScorecardRow:
    """One row of raw.par_scores (without submission_id), in the table's column order."""

    table_no: int
    row_no: int
    criterion_code: str | None  # as printed ("1.5.1"); None for uncoded rows
    parent_code: str | None
    content: str | None
    max_score: float | None
    achieved: float | None
    deducted: float | None  # magnitude of the deduction; the sign stays in deducted_raw
    max_raw: str | None
    achieved_raw: str | None
    deducted_raw: str | None
    table_kind: str  # field_detail | summary | index
    year: int | None
    node_code: str | None  # criterion_code, or "<parent>.a", "<parent>.b" for uncoded rows
    percent_stated: float | None = None
    percent_raw: str | None = None
    change_stated: float | None = None
    change_raw: str | None = None
    parse_flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class SipasRow:
    """One row of raw.sipas_scores (without submission_id)."""

    row_no: int
    year: int | None
    component_code: str  # overall | access | procedures | officials | results | feedback | other
    content: str | None
    score: float | None
    max_score: float | None
    percent_stated: float | None
    rank: int | None
    rank_of: int | None
    score_raw: str | None
    max_raw: str | None
    percent_raw: str | None
    rank_raw: str | None
    source_text: str


@dataclass
class ScorecardDocument:
    rows: list[ScorecardRow] = field(default_factory=list)
    sipas: list[SipasRow] = field(default_factory=list)


# ----------------------------------------------------------------------------
# Entry point
# ----------------------------------------------------------------------------

def read_scorecards(text: str) -> ScorecardDocument | None:
    """The PAR scorecard rows and SIPAS rows of a report; None when it has no scorecard table."""
    text = unicodedata.normalize("NFC", text)
    lines = text.splitlines()
    details, summaries, index_tables, sipas_tables = _find_tables(lines)
    if not details and not summaries:
        return None

    summary_rows = [row for table in summaries for row in table]
    year = scorecard_year(text, [row.year for row in summary_rows])
    rows: list[ScorecardRow] = []
    table_no = 0
    for table in summaries:
        for year_rows in _group_by_year(table):
            table_no += 1
            rows.extend(_renumber(year_rows, table_no))
    for table in details:
        table_no += 1
        rows.extend(_detail_rows(table, table_no, year))
    index_rows = [row for table in index_tables for row in table] or _index_from_sentences(text)
    if index_rows:
        table_no += 1
        rows.extend(_renumber(index_rows, table_no))

    sipas = _sipas_rows(text, sipas_tables, year)
    return ScorecardDocument(rows=rows, sipas=sipas)


def scorecard_year(text: str, summary_years: Sequence[int | None]) -> int | None:
    """The year the detail tables score: the latest summary year, else the year the text names."""
    years = [y for y in summary_years if y]
    if years:
        return max(years)
    stated = next((m for line in _sentence_lines(text) if (m := _INDEX_SENTENCE.search(line))), None)
    if stated:
        return int(stated.group(1))
    named = _YEAR_IN_TEXT.search(text)
    return int(named.group(1)) if named else None


# ----------------------------------------------------------------------------
# Tables: find them, cut them into lines of cells
# ----------------------------------------------------------------------------

def _cells(line: str) -> list[str]:
    return [plain_cell_text(cell) for cell in line.split("\t")]


def _key(cell: str) -> str:
    return " ".join(cell.casefold().split())


def _is_detail_header(keys: Sequence[str]) -> bool:
    return any("điểm tối đa" in k for k in keys) and any("điểm đạt" in k for k in keys)


def _is_summary_header(keys: Sequence[str]) -> bool:
    return sum(1 for k in keys if _YEAR_HEADER.match(k)) >= 1 and any(
        "lĩnh vực" in k or "nội dung" in k for k in keys)


def _is_index_header(keys: Sequence[str]) -> bool:
    return any(k.startswith("năm đánh giá") for k in keys) and any("chỉ số" in k for k in keys)


def _is_sipas_header(keys: Sequence[str]) -> bool:
    return any(k.startswith("yếu tố") for k in keys) and any("hài lòng" in k for k in keys)


def _table_lines(lines: Sequence[str], start: int) -> tuple[list[list[str]], int]:
    """Tab lines after a header at ``start`` (blank lines are page breaks) up to the next text."""
    body: list[list[str]] = []
    index = start + 1
    while index < len(lines):
        line = lines[index]
        if "\t" in line:
            body.append(_cells(line))
        elif line.strip():
            break
        else:
            body.append([])  # a page break or blank line inside the table
        index += 1
    return body, index


def _find_tables(lines: Sequence[str]):
    details: list[list[_DetailLine]] = []
    summaries: list[list[ScorecardRow]] = []
    index_tables: list[list[ScorecardRow]] = []
    sipas_tables: list[list[list[str]]] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if "\t" not in line:
            index += 1
            continue
        header = _cells(line)
        keys = [_key(c) for c in header]
        kinds = (_is_detail_header(keys), _is_summary_header(keys), _is_index_header(keys), _is_sipas_header(keys))
        if not any(kinds):
            index += 1
            continue
        body, index = _table_lines(lines, index)
        if kinds[0]:
            details.append(list(_detail_lines(header, body)))
        elif kinds[1]:
            summaries.append(_summary_rows(header, body))
        elif kinds[2]:
            index_tables.append(_index_rows(header, body))
        else:
            sipas_tables.append([header, *body])
    return [t for t in details if t], [t for t in summaries if t], [t for t in index_tables if t], sipas_tables


def _column(keys: Sequence[str], *words: str, exclude: Sequence[int] = ()) -> int | None:
    for i, key in enumerate(keys):
        if i not in exclude and any(word in key for word in words):
            return i
    return None


def _cell(cells: Sequence[str], index: int | None) -> str:
    if index is None or index >= len(cells):
        return ""
    return cells[index].strip()


def _is_junk(cells: Sequence[str]) -> bool:
    """A line of dashes left by the conversion of a table border."""
    filled = [c for c in cells if c.strip()]
    return bool(filled) and all(_ONLY_DASHES.match(c) for c in filled)


# ----------------------------------------------------------------------------
# Numbers
# ----------------------------------------------------------------------------

@dataclass(frozen=True)
class _Number:
    value: float | None
    raw: str | None
    flags: tuple[str, ...] = ()


def _score(text: str, column: str) -> _Number:
    raw = text.strip() or None
    if raw is None:
        return _Number(None, None)
    parsed = parse_number(_LEADING_SIGN_SPACE.sub(r"\1", raw), SCORE_VALUE_TYPE)
    flags = () if parsed.value is not None else (f"unreadable_{column}",)
    return _Number(parsed.value, raw, flags)


def _fraction(text: str) -> tuple[_Number, _Number]:
    """ "7.5/12" -> (achieved, max); anything else is unreadable."""
    raw = text.strip()
    if raw.count("/") != 1:
        return _score(raw, "achieved"), _Number(None, None, ("unreadable_max",) if raw else ())
    achieved, maximum = (part.strip() for part in raw.split("/"))
    return _score(achieved, "achieved"), _score(maximum, "max")


# ----------------------------------------------------------------------------
# Field detail tables
# ----------------------------------------------------------------------------

@dataclass
class _DetailLine:
    code: str | None
    content: str
    maximum: _Number
    achieved: _Number
    deducted: _Number
    flags: list[str] = field(default_factory=list)

    @property
    def has_scores(self) -> bool:
        return any(n.raw is not None for n in (self.maximum, self.achieved, self.deducted))


def _detail_columns(header: Sequence[str]) -> dict[str, int | None]:
    keys = [_key(c) for c in header]
    maximum = _column(keys, "điểm tối đa")
    achieved = _column(keys, "điểm đạt")
    deducted = _column(keys, "bị trừ", "điểm trừ")
    scores = {i for i in (maximum, achieved, deducted) if i is not None}
    code = _column(keys, "tiêu chí", "stt", "tt", exclude=scores)
    content = _column(keys, "nội dung", "lĩnh vực", exclude={*scores, *([code] if code is not None else [])})
    if code is not None and content is None:
        content = code + 1
    return {"code": code, "content": content, "max": maximum, "achieved": achieved, "deducted": deducted}


def _detail_lines(header: Sequence[str], body: Sequence[list[str]]) -> Iterator[_DetailLine]:
    columns = _detail_columns(header)
    previous: _DetailLine | None = None
    after_break = False
    for cells in body:
        if not cells or not any(c.strip() for c in cells):
            after_break = True
            continue
        if _is_junk(cells) or _is_detail_header([_key(c) for c in cells]):
            continue  # border residue, or the header repeated after a page break
        line = _detail_line(cells, columns)
        if previous is not None and line.code is None and not line.has_scores:
            # The tail of a row cut by a page break ("... được áp" / "dụng có hiệu quả").
            previous.content = f"{previous.content} {line.content}".strip()
            if after_break:
                previous.flags.append("joined_across_page_break")
            after_break = False
            continue
        after_break = False
        previous = line
        yield line


def _detail_line(cells: Sequence[str], columns: dict[str, int | None]) -> _DetailLine:
    code_text = _cell(cells, columns["code"]).rstrip(".").strip()
    content = _cell(cells, columns["content"])
    flags: list[str] = []
    code: str | None = code_text if _CODE.match(code_text) else None
    if code_text and code is None:
        content = f"{code_text} {content}".strip()  # not a criterion code: part of the label
    maximum = _score(_cell(cells, columns["max"]), "max")
    achieved = _score(_cell(cells, columns["achieved"]), "achieved")
    deducted = _score(_cell(cells, columns["deducted"]), "deducted")
    for number in (maximum, achieved, deducted):
        flags.extend(number.flags)
    return _DetailLine(code=code, content=content, maximum=maximum, achieved=achieved, deducted=deducted,
                       flags=flags)


def _parent_of(code: str) -> str | None:
    return code.rpartition(".")[0] or None


def _inferred_root_code(lines: Sequence[_DetailLine]) -> str | None:
    """The field code a root row printed without its code must have: its children's first segment."""
    heads = {line.code.split(".")[0] for line in lines if line.code}
    return heads.pop() if len(heads) == 1 else None


def _detail_rows(lines: Sequence[_DetailLine], table_no: int, year: int | None) -> list[ScorecardRow]:
    rows: list[ScorecardRow] = []
    last_code: str | None = None
    bullets_per_parent: dict[str, int] = {}
    for row_no, line in enumerate(lines, start=1):
        flags = list(line.flags)
        code = line.code
        criterion_code = code
        if code is None and row_no == 1:
            # The table's first row is its field even when the code was lost in conversion.
            code = _inferred_root_code(lines)
            if code:
                flags.append("code_inferred")
                criterion_code = code
        if code is not None:
            parent = _parent_of(code)
            node = code
            last_code = code
        else:
            parent = last_code
            if parent is None:
                node = None
                flags.append("no_parent")
            else:
                bullets_per_parent[parent] = bullets_per_parent.get(parent, 0) + 1
                node = f"{parent}.{chr(ord('a') + bullets_per_parent[parent] - 1)}"
        rows.append(ScorecardRow(
            table_no=table_no, row_no=row_no, criterion_code=criterion_code, parent_code=parent,
            content=_BULLET.sub("", line.content).rstrip(" ;") or None,
            max_score=line.maximum.value, achieved=line.achieved.value,
            deducted=None if line.deducted.value is None else abs(line.deducted.value),
            max_raw=line.maximum.raw, achieved_raw=line.achieved.raw, deducted_raw=line.deducted.raw,
            table_kind="field_detail", year=year, node_code=node, parse_flags=tuple(flags),
        ))
    return rows


# ----------------------------------------------------------------------------
# Year-over-year summary, published index
# ----------------------------------------------------------------------------

def _summary_rows(header: Sequence[str], body: Sequence[list[str]]) -> list[ScorecardRow]:
    keys = [_key(c) for c in header]
    years = [(i, int(m.group(1))) for i, k in enumerate(keys) if (m := _YEAR_HEADER.match(k))]
    change = _column(keys, "tăng", "giảm")
    taken = {i for i, _ in years} | {i + 1 for i, _ in years} | ({change} if change is not None else set())
    code = _column(keys, "tt", "stt", exclude=taken)
    content = _column(keys, "lĩnh vực", "nội dung", "tiêu chí", exclude=taken | ({code} if code is not None else set()))
    latest = max(year for _, year in years)
    rows: list[ScorecardRow] = []
    line_no = 0
    for cells in body:
        keys_here = [_key(c) for c in cells]
        if not cells or not any(keys_here) or _is_junk(cells):
            continue
        if all(k in ("", "%") or "điểm" in k for k in keys_here):
            continue  # the sub-header "Điểm chỉ số/ điểm tối đa | %"
        code_text = _cell(cells, code).rstrip(".")
        if not _CODE.match(code_text):
            continue
        line_no += 1
        change_number = _score(_cell(cells, change), "change") if change is not None else _Number(None, None)
        for column, year in years:
            achieved, maximum = _fraction(_cell(cells, column))
            percent = _score(_cell(cells, column + 1).rstrip("%"), "percent")
            is_latest = year == latest
            flags = (*achieved.flags, *maximum.flags, *percent.flags, *(change_number.flags if is_latest else ()))
            rows.append(ScorecardRow(
                table_no=0, row_no=line_no, criterion_code=code_text, parent_code=_parent_of(code_text),
                content=_cell(cells, content) or None, max_score=maximum.value, achieved=achieved.value,
                deducted=None, max_raw=maximum.raw, achieved_raw=achieved.raw, deducted_raw=None,
                table_kind="summary", year=year, node_code=code_text,
                percent_stated=percent.value, percent_raw=percent.raw,
                # The change column compares the last two years: it belongs to the later one.
                change_stated=change_number.value if is_latest else None,
                change_raw=change_number.raw if is_latest else None,
                parse_flags=flags,
            ))
    return rows


def _group_by_year(rows: Sequence[ScorecardRow]) -> list[list[ScorecardRow]]:
    years = sorted({row.year for row in rows if row.year is not None})
    return [[row for row in rows if row.year == year] for year in years]


def _renumber(rows: Sequence[ScorecardRow], table_no: int) -> list[ScorecardRow]:
    return [_replace(row, table_no=table_no, row_no=row_no) for row_no, row in enumerate(rows, start=1)]


def _replace(row: ScorecardRow, **changes) -> ScorecardRow:
    values = {**row.__dict__, **changes}
    return ScorecardRow(**values)


def _index_row(year: int, percent: _Number, content: str) -> ScorecardRow:
    return ScorecardRow(
        table_no=0, row_no=0, criterion_code=None, parent_code=None, content=content,
        max_score=None, achieved=None, deducted=None, max_raw=None, achieved_raw=None, deducted_raw=None,
        table_kind="index", year=year, node_code=None, percent_stated=percent.value, percent_raw=percent.raw,
        parse_flags=percent.flags,
    )


def _index_rows(header: Sequence[str], body: Sequence[list[str]]) -> list[ScorecardRow]:
    keys = [_key(c) for c in header]
    year_col = _column(keys, "năm đánh giá")
    index_col = _column(keys, "chỉ số")
    rows = []
    for cells in body:
        year_text = _cell(cells, year_col)
        if not re.fullmatch(r"\d{4}", year_text):
            continue
        rows.append(_index_row(int(year_text), _score(_cell(cells, index_col).rstrip("%"), "percent"),
                               f"Chỉ số CCHC năm {year_text}"))
    return rows


def _sentence_lines(text: str) -> Iterator[str]:
    return (line for line in text.splitlines() if len(line) <= MAX_LINE)


def _index_from_sentences(text: str) -> list[ScorecardRow]:
    rows: dict[int, ScorecardRow] = {}
    for match in (m for line in _sentence_lines(text) for m in _INDEX_SENTENCE.finditer(line)):
        year = int(match.group(1))
        rows.setdefault(year, _index_row(year, _score(match.group(2), "percent"), f"Chỉ số CCHC năm {year}"))
    return list(rows.values())


# ----------------------------------------------------------------------------
# SIPAS
# ----------------------------------------------------------------------------

def component_code(label: str) -> str:
    key = _key(label)
    for code, words in SIPAS_COMPONENTS:
        if any(word in key for word in words):
            return code
    return "other"


def _rank(text: str | None) -> tuple[int | None, int | None]:
    if not text:
        return None, None
    rank, _, of = text.partition("/")
    return int(rank.strip()), int(of.strip())


def _sipas_overall(text: str, default_year: int | None) -> SipasRow | None:
    for line in _sentence_lines(text):
        match = _SIPAS_OVERALL.search(line)
        if not match:
            continue
        year_match = _YEAR_IN_TEXT.search(match.group("head"))
        score, maximum = _score(match.group("score"), "score"), _score(match.group("max"), "max")
        percent = _score(match.group("percent") or "", "percent")
        rank, rank_of = _rank(match.group("rank"))
        return SipasRow(
            row_no=1, year=int(year_match.group(1)) if year_match else default_year, component_code="overall",
            content="Chỉ số hài lòng (SIPAS)", score=score.value, max_score=maximum.value,
            percent_stated=percent.value, rank=rank, rank_of=rank_of, score_raw=score.raw, max_raw=maximum.raw,
            percent_raw=percent.raw, rank_raw=(match.group("rank") or None), source_text=line.strip(),
        )
    return None


def _component(label: str, percent_text: str, rank_text: str | None, year: int | None,
               source: str) -> SipasRow:
    percent = _score(percent_text.rstrip("%"), "percent")
    rank, rank_of = _rank(rank_text)
    return SipasRow(
        row_no=0, year=year, component_code=component_code(label), content=label.strip(" -:"), score=None,
        max_score=None, percent_stated=percent.value, rank=rank, rank_of=rank_of, score_raw=None, max_raw=None,
        percent_raw=percent.raw, rank_raw=rank_text or None, source_text=source.strip(),
    )


def _components_from_sentences(text: str, year: int | None) -> list[SipasRow]:
    found = []
    for line in _sentence_lines(text):
        match = _SIPAS_COMPONENT.search(line)
        if match:
            found.append(_component(match.group("label"), match.group("percent"), match.group("rank"), year, line))
    return found


def _components_from_table(table: Sequence[list[str]], year: int | None) -> list[SipasRow]:
    header, *body = table
    keys = [_key(c) for c in header]
    label_col = _column(keys, "yếu tố")
    percent_col = _column(keys, "hài lòng", exclude=(label_col,) if label_col is not None else ())
    rank_col = _column(keys, "xếp hạng", "thứ hạng", "vị trí")
    found = []
    for cells in body:
        label = _cell(cells, label_col)
        if not label or not _cell(cells, percent_col):
            continue
        rank_text = _cell(cells, rank_col)
        found.append(_component(label, _cell(cells, percent_col), rank_text if "/" in rank_text else None, year,
                                "\t".join(cells)))
    return found


def _sipas_rows(text: str, tables: Sequence[Sequence[list[str]]], default_year: int | None) -> list[SipasRow]:
    overall = _sipas_overall(text, default_year)
    year = overall.year if overall else default_year
    components = [row for table in tables for row in _components_from_table(table, year)]
    components = components or _components_from_sentences(text, year)
    rows = ([overall] if overall else []) + components
    return [SipasRow(**{**row.__dict__, "row_no": row_no}) for row_no, row in enumerate(rows, start=1)]
