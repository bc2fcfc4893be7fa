"""Headline figures stated in the narrative of a periodic CCHC report.

Some reports arrive without their appendix (seed 003); others state figures in the
text that the appendix states again (seed 004: "Số nhiệm vụ đã hoàn thành: 21" in the
text, 19 in appendix row 1.1.2). Both cases need the figures of the text, each with
the sentence it came from.

The set is deliberately small and documented; each figure names an indicator of
dbt_project/seeds/indicators.csv:

    plan.tasks_planned              tasks (nhiệm vụ / nội dung) of the unit's own CCHC plan
    plan.tasks_completed            of which completed
    plan.completion_rate            the completion rate stated with them (%)
    tthc.records_received           records received (hồ sơ tiếp nhận), all channels
    tthc.records_received_direct    ... in person (trực tiếp)
    tthc.records_received_postal    ... by public postal service (bưu chính công ích, BCCI)
    egov.records_received_online    ... online, all levels (trực tuyến)
    tthc.records_received_online_l3 ... online, partly (một phần / mức độ 3)
    tthc.records_received_online_l4 ... online, end to end (toàn trình / mức độ 4)
    tthc.records_resolved           records resolved (đã giải quyết)
    tthc.records_on_time            resolved early or on time (trước hạn và đúng hạn); when the
                                    text gives early and on time apart, their sum
                                    (extraction rule records_on_time.early_plus_on_time)
    tthc.records_early              resolved early (trước hạn)              [not yet in the catalogue]
    tthc.records_late               resolved late (trễ hạn / quá hạn)       [not yet in the catalogue]
    tthc.records_pending            still being processed (đang giải quyết) [not yet in the catalogue]
    inspection.communes_inspected   communes inspected by a district (kiểm tra CCHC tại N xã)
    egov.documents_sent             outgoing documents (văn bản đi)

Only the report's own period counts: the appendix (tab-separated lines, and everything
after a "Phụ lục" heading) and the section on the next period ("IV. PHƯƠNG HƯỚNG,
NHIỆM VỤ ...") are cut off first; a paragraph about a subset of the records
("Riêng thủ tục hành chính ngành dọc ...") is skipped. For each indicator the first
sentence that states it wins: reports give the headline figure before the details.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from loaders.numbers import parse_number

N = r"\d{1,3}(?:[.,]\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?"
_HS = r"(?:hồ sơ|hs)\b"
_UNIT_OWNER = r"(?:thị xã|huyện|xã|phường|thị trấn|thành phố|quận)"


@dataclass(frozen=True)
class NarrativeFigure:
    """One row of raw.narrative_figures (without submission_id)."""

    figure_no: int
    indicator_id: str
    value_numeric: float | None
    value_raw: str | None
    sentence: str
    extraction_rule: str


@dataclass(frozen=True)
class FigureRule:
    """A sentence pattern; each named group is the figure of one indicator."""

    name: str
    pattern: re.Pattern
    indicators: dict[str, str]  # group name -> indicator_id
    # Words (lower case) of which every match holds at least one: a sentence with none
    # of them is not searched. A case-insensitive search tries every position of the
    # sentence, so most of the cost of reading a sentence is saved this way.
    cues: tuple[str, ...]

    def may_match(self, lowered_sentence: str) -> bool:
        return any(cue in lowered_sentence for cue in self.cues)


def _rule(name: str, cues: tuple[str, ...], pattern: str, **indicators: str) -> FigureRule:
    return FigureRule(name, re.compile(pattern, re.IGNORECASE), indicators, cues)


PERCENT_INDICATORS = frozenset({"plan.completion_rate"})

FIGURE_RULES: tuple[FigureRule, ...] = (
    # "Chương trình công tác cải cách của thị xã năm 2023 có 36 nội dung, thực hiện đạt 30/36 nội dung, đạt 83,33%"
    _rule("plan.own_programme", ("chương trình",),
          rf"chương trình(?: công tác)?(?: cải cách(?: hành chính)?)? của (?:ubnd |ủy ban nhân dân )?{_UNIT_OWNER}"
          rf"(?: năm \d{{4}})? có (?P<planned>{N}) (?:nội dung|nhiệm vụ)[,;]\s*(?:đã )?(?:thực hiện )?đạt "
          rf"(?P<completed>{N})\s*/\s*(?:{N}) (?:nội dung|nhiệm vụ)(?:[,;]?\s*\(?\s*(?:đạt\s*)?(?P<rate>{N})\s*%)?",
          planned="plan.tasks_planned", completed="plan.tasks_completed", rate="plan.completion_rate"),
    # "Kế hoạch cải cách hành chính năm 2024 gồm 38 nhiệm vụ; đến nay đã hoàn thành 21 nhiệm vụ"
    _rule("plan.plan_sentence", ("kế hoạch",),
          rf"kế hoạch (?:cchc|cải cách hành chính)[^.;:]*? (?:gồm|có) (?P<planned>{N}) nhiệm vụ"
          rf"(?:[;,]\s*(?:đến nay )?(?:đã )?hoàn thành (?P<completed>{N}) nhiệm vụ)?",
          planned="plan.tasks_planned", completed="plan.tasks_completed"),
    # "Số nhiệm vụ được giao trong năm: 38 nhiệm vụ"
    _rule("plan.tasks_planned_line", ("số nhiệm vụ",),
          rf"số nhiệm vụ (?:được giao|đề ra)(?: trong (?:năm|kế hoạch|kỳ))?\s*:\s*(?P<planned>{N})",
          planned="plan.tasks_planned"),
    # "Số nhiệm vụ đã hoàn thành: 21 nhiệm vụ"
    _rule("plan.tasks_completed_line", ("số nhiệm vụ đã hoàn thành",), rf"số nhiệm vụ đã hoàn thành\s*:\s*(?P<completed>{N})",
          completed="plan.tasks_completed"),
    # "Tổng số hồ sơ là 4.857 hồ sơ", "Tổng số hồ sơ đã tiếp nhận: 494 hồ sơ"
    _rule("records.total_line", ("tổng số hồ sơ",),
          rf"tổng số hồ sơ(?: tthc)?(?: đã)?(?: tiếp nhận)?\s*(?:là|:)\s*(?P<received>{N})\s*{_HS}",
          received="tthc.records_received"),
    # "Bộ phận một cửa ... tiếp nhận 4.857 hồ sơ"
    _rule("records.one_stop_received", ("bộ phận",),
          rf"bộ phận (?:một cửa|tiếp nhận và trả kết quả)[^.;]*? (?:đã )?tiếp nhận (?P<received>{N})\s*{_HS}",
          received="tthc.records_received"),
    # "Tiếp nhận trực tiếp: 45 hồ sơ"
    _rule("records.direct", ("trực tiếp",), rf"(?:tiếp nhận )?trực tiếp\s*(?:là|:)\s*(?P<direct>{N})\s*{_HS}",
          direct="tthc.records_received_direct"),
    # "Số hồ sơ qua bưu chính công ích: 5 hồ sơ"
    _rule("records.postal", ("bưu chính công ích", "bcci"),
          rf"qua (?:dịch vụ )?(?:bưu chính công ích|bcci)\s*(?:là|:)\s*(?P<postal>{N})\s*{_HS}",
          postal="tthc.records_received_postal"),
    # "tiếp nhận trực tuyến một phần: 269 hồ sơ"
    _rule("records.online_l3", ("trực tuyến",), rf"trực tuyến (?:một phần|mức độ 3)\s*(?:là|:)\s*(?P<l3>{N})\s*{_HS}",
          l3="tthc.records_received_online_l3"),
    # "trực tuyến toàn trình: 179 hồ sơ"
    _rule("records.online_l4", ("trực tuyến",), rf"trực tuyến (?:toàn trình|mức độ 4)\s*(?:là|:)\s*(?P<l4>{N})\s*{_HS}",
          l4="tthc.records_received_online_l4"),
    # "trực tuyến là 3.800 hồ sơ", "Tiếp nhận trực tuyến 440 hồ sơ"
    _rule("records.online", ("trực tuyến",), rf"trực tuyến\s*(?:là|:)?\s*(?P<online>{N})\s*{_HS}",
          online="egov.records_received_online"),
    # "trong đó 3.800 hồ sơ trực tuyến"
    _rule("records.online_after", ("trực tuyến",), rf"trong đó:?\s*(?P<online>{N})\s*{_HS} trực tuyến",
          online="egov.records_received_online"),
    # "Số lượng hồ sơ đã giải quyết: 4.733 hồ sơ", "Đã giải quyết 4.733 hồ sơ"
    _rule("records.resolved", ("đã giải quyết",),
          rf"đã giải quyết(?: xong)?(?: trả kết quả)?\s*(?:là|:)?\s*(?P<resolved>{N})\s*{_HS}",
          resolved="tthc.records_resolved"),
    # "trả trước và đúng hạn: 490 hồ sơ", "Trước hạn, đúng hạn 2.481 hồ sơ"
    _rule("records.on_time", ("đúng",),
          rf"(?:trước(?: hạn)?\s*(?:,|và)\s*đúng|đúng(?: hạn)?\s*(?:,|và)\s*trước) h[ạẹ]n\s*(?:là|:)?\s*"
          rf"(?P<on_time>{N})\s*{_HS}",
          on_time="tthc.records_on_time"),
    # "494 hồ sơ được giải quyết đúng hẹn"
    _rule("records.on_time_after", ("giải quyết",),
          rf"(?P<on_time>{N})\s*{_HS} (?:được )?giải quyết (?:trước và )?đúng h[ạẹ]n",
          on_time="tthc.records_on_time"),
    # "giải quyết trước hạn: 3.072 hồ sơ"
    _rule("records.early", ("trước hạn",), rf"trước hạn\s*(?:là|:)?\s*(?P<early>{N})\s*{_HS}", early="tthc.records_early"),
    # "quá hạn 04 hồ sơ", "trễ hạn 10 hồ sơ"
    _rule("records.late", ("hạn",), rf"(?:trễ|quá) hạn\s*:?\s*(?P<late>{N})\s*{_HS}", late="tthc.records_late"),
    # "10 hồ sơ trễ hạn"
    _rule("records.late_after", ("hạn",), rf"(?P<late>{N})\s*{_HS}\s*(?:trễ|quá) hạn", late="tthc.records_late"),
    # "Hồ sơ đang giải quyết: 0 hồ sơ"
    _rule("records.pending", ("đang giải quyết",), rf"đang giải quyết\s*:\s*(?P<pending>{N})", pending="tthc.records_pending"),
    # "có 124 hồ sơ đang giải quyết"
    _rule("records.pending_after", ("đang ",), rf"(?P<pending>{N})\s*{_HS}\s*đang (?:giải quyết|xử lý)",
          pending="tthc.records_pending"),
    # "kiểm tra công tác cải cách hành chính tại 7 xã, phường"
    _rule("inspection.communes", ("kiểm tra",),
          rf"kiểm tra(?: công tác)? (?:cải cách hành chính|cchc) tại (?P<communes>{N}) (?:xã|đơn vị cấp xã)",
          communes="inspection.communes_inspected"),
    # "Văn bản đi đã phát hành: 1.847 văn bản", "phát hành 1.847 văn bản đi", "371 văn bản đi"
    _rule("documents.sent_line", ("văn bản đi",), rf"văn bản đi(?: đã phát hành)?\s*:\s*(?P<sent>{N})", sent="egov.documents_sent"),
    _rule("documents.sent_after", ("văn bản đi",), rf"(?P<sent>{N}) văn bản đi\b", sent="egov.documents_sent"),
)

# "đúng hạn 1.651 hồ sơ" alone (not "trước và đúng hạn"): added to the early records.
_ON_TIME_ONLY = re.compile(rf"(?<!và )(?<!trước )đúng hạn\s*(?:là|:)?\s*(?P<value>{N})\s*{_HS}", re.IGNORECASE)

_APPENDIX_HEADING = re.compile(r"^[\s*_#]*phụ lục\b", re.IGNORECASE)
_ROMAN_HEADING = re.compile(r"^[\s*_#]*([IVX]+)\s*\.\s*(.*)$")
_NEXT_PERIOD = re.compile(r"^(?:phương hướng|nhiệm vụ|kế hoạch)", re.IGNORECASE)
_FOOTNOTE = re.compile(r"^[\s]*[¹²³⁴⁵⁶⁷⁸⁹⁰]+")
_SUBSET_PARAGRAPH = re.compile(r"^[-–•+\s]*riêng\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?]\s+")
_ENDS_SENTENCE = re.compile(r"[.!?:;)\"”]\s*$")
# A headline is stated in a sentence of a few hundred characters; longer "sentences" are
# tables flattened into text or hostile input, and would make the lazy patterns slow.
MAX_SENTENCE = 3000
# Letters that a case-insensitive pattern matches although lower() does not turn them into
# the pattern's letter (İ and ı match "i", ſ matches "s"): a sentence holding one is searched
# by every rule, its cues unchecked.
_CASE_FOLDING_ODDITIES = re.compile("[\u0130\u0131\u017f]")


# ----------------------------------------------------------------------------
# Entry point
# ----------------------------------------------------------------------------

def extract_figures(text: str) -> list[NarrativeFigure]:
    """The documented headline figures of the report's own period, in the order stated."""
    found: dict[str, NarrativeFigure] = {}
    for sentence in narrative_sentences(text):
        if len(sentence) > MAX_SENTENCE:
            continue
        lowered = sentence.lower()
        check_cues = not _CASE_FOLDING_ODDITIES.search(sentence)
        for rule in FIGURE_RULES:
            if check_cues and not rule.may_match(lowered):
                continue
            match = rule.pattern.search(sentence)
            if not match:
                continue
            for group, indicator_id in rule.indicators.items():
                raw = match.group(group)
                if raw is None or indicator_id in found:
                    continue
                found[indicator_id] = _figure(indicator_id, raw, sentence, rule.name)
        _add_early_plus_on_time(found, sentence)
    return [_numbered(figure, number) for number, figure in enumerate(found.values(), start=1)]


def _figure(indicator_id: str, raw: str, sentence: str, rule_name: str) -> NarrativeFigure:
    value_type = "percent" if indicator_id in PERCENT_INDICATORS else "count"
    return NarrativeFigure(0, indicator_id, parse_number(raw, value_type).value, raw, sentence, rule_name)


def _numbered(figure: NarrativeFigure, number: int) -> NarrativeFigure:
    return NarrativeFigure(number, figure.indicator_id, figure.value_numeric, figure.value_raw, figure.sentence,
                           figure.extraction_rule)


def _add_early_plus_on_time(found: dict[str, NarrativeFigure], sentence: str) -> None:
    """Early and on-time counts given apart make the catalogue's "early or on time" figure."""
    early = found.get("tthc.records_early")
    if "tthc.records_on_time" in found or early is None or early.sentence != sentence:
        return
    on_time = _ON_TIME_ONLY.search(sentence)
    if not on_time or early.value_numeric is None:
        return
    value = parse_number(on_time.group("value"), "count").value
    if value is None:
        return
    found["tthc.records_on_time"] = NarrativeFigure(
        0, "tthc.records_on_time", early.value_numeric + value, f"{early.value_raw} + {on_time.group('value')}",
        sentence, "records_on_time.early_plus_on_time")


# ----------------------------------------------------------------------------
# From the whole text to the sentences of the report's own period
# ----------------------------------------------------------------------------

def narrative_sentences(text: str) -> Iterator[str]:
    for paragraph in narrative_paragraphs(text):
        if _SUBSET_PARAGRAPH.match(paragraph):
            continue
        yield from split_sentences(paragraph)


def narrative_paragraphs(text: str) -> list[str]:
    """Paragraphs of the narrative, rejoined across page breaks, without appendix or next-period plan."""
    lines = _narrative_lines(unicodedata.normalize("NFC", text))
    paragraphs: list[str] = []
    current: list[str] = []
    for line in [*lines, ""]:
        if line.strip():
            current.append(line.strip())
            continue
        if current:
            paragraphs.append(" ".join(current))
            current = []
    return _rejoin_broken(paragraphs)


def _narrative_lines(text: str) -> list[str]:
    kept: list[str] = []
    in_next_period = False
    for line in text.splitlines():
        if _APPENDIX_HEADING.match(line):
            break  # the appendix and everything after it is not narrative
        heading = _ROMAN_HEADING.match(line)
        if heading:
            in_next_period = bool(_NEXT_PERIOD.match(heading.group(2).strip()))
        if in_next_period or "\t" in line or _FOOTNOTE.match(line):
            continue
        kept.append(line)
    return kept


def _rejoin_broken(paragraphs: Sequence[str]) -> list[str]:
    """A page break cuts a sentence in two: a paragraph that does not end one continues in lower case."""
    joined: list[str] = []
    for paragraph in paragraphs:
        if joined and not _ENDS_SENTENCE.search(joined[-1]) and paragraph[:1].islower():
            joined[-1] = f"{joined[-1]} {paragraph}"
        else:
            joined.append(paragraph)
    return joined


def split_sentences(paragraph: str) -> list[str]:
    """Sentences end at . ! ? followed by a space and a capital or a dash, outside parentheses."""
    sentences: list[str] = []
    start = scanned = depth = 0
    for match in _SENTENCE_END.finditer(paragraph):
        # Parentheses are counted once, from the last sentence end seen: one pass over the text.
        between = paragraph[scanned:match.start()]
        depth = max(0, depth + between.count("(") - between.count(")"))
        scanned = match.start()
        following = paragraph[match.end():match.end() + 1]
        if depth or not following or not (following.isupper() or following in "-–"):
            continue
        sentences.append(paragraph[start:match.start() + 1].strip())
        start = match.end()
    tail = paragraph[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences
