"""The indicator catalogue: which template an appendix follows, and which indicator each row is.

The catalogue is data, versioned as dbt seeds in ``dbt_project/seeds`` (dbt loads the same
CSV files into the ``catalogue`` schema):

* ``templates.csv``            one row per appendix template (level, years, province, title);
* ``indicators.csv``           one row per comparable indicator, with its value type and how it
                               aggregates over time and over units;
* ``indicator_crosswalk.csv``  one row per printed row of every known template, pointing to its
                               indicator (blank for a pure heading);
* ``indicator_relations.csv``  the relations the quality rules are generated from.

This module only reads them. Matching works on a label key (``loaders.rows.label_key``: NFC,
lower case, one tone-mark placement, no punctuation), so "Hòa"/"Hoà" and "1.3."/"1.3" do not
matter. Mapping rules, from the most to the least certain (recorded with every row):

* ``code+label``        the row's code and label are a row of the template;
* ``code+label_prefix`` the code matches and one label is the other one cut short (a label
                        split by a page break, or its tail repeated after the break);
* ``label``             the code differs (or the template is unknown) but the label belongs to
                        exactly one indicator, first in the template, then in any template;
* ``section``           the row is a heading of the template (or, by label, of any template);
* ``unmapped``          nothing above; never a guess between two indicators.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from loaders.config import DBT_PROJECT_DIR
from loaders.rows import label_key, normalise_code

SEEDS_DIR = DBT_PROJECT_DIR / "seeds"

# Below this share of matched rows an appendix is "of no known template" (labels still map).
MIN_TEMPLATE_SCORE = 0.5
# A cut label must keep at least this many words to be trusted as the start of the full one.
MIN_PREFIX_WORDS = 3

# Answers for appendices up to this size are remembered (a template has a few hundred rows).
MAX_REMEMBERED_ROWS = 1000
MAX_REMEMBERED_LABEL = 400

RULE_CODE_LABEL = "code+label"
RULE_CODE_LABEL_PREFIX = "code+label_prefix"
RULE_LABEL = "label"
RULE_SECTION = "section"
RULE_UNMAPPED = "unmapped"

VALUE_TYPES = ("count", "money", "percent", "binary", "enum", "text")
TIME_AGGREGATIONS = ("flow", "stock", "cumulative", "ratio")
UNIT_AGGREGATIONS = ("sum", "ratio_of_sums", "not_additive")
ROW_KINDS = ("indicator", "section", "section_with_value")
RELATION_KINDS = ("ratio", "part_le_whole", "sum_parts", "exclusive_shares", "rate_between")
SEVERITIES = ("error", "warning")


@dataclass(frozen=True)
class Template:
    template_id: str
    level: str  # huyen | xa
    year_from: int | None
    year_to: int | None
    province: str | None  # None: any province
    title: str
    description: str


@dataclass(frozen=True)
class Indicator:
    indicator_id: str
    field: int
    field_name_vi: str
    name_vi: str
    name_en: str
    value_type: str
    enum_codes: tuple[str, ...]
    unit_of_measure: str
    time_aggregation: str
    unit_aggregation: str
    numerator_id: str | None
    denominator_id: str | None
    is_headline: bool
    description_vi: str


@dataclass(frozen=True)
class CrosswalkRow:
    template_id: str
    row_no: int
    source_code: str | None
    parent_code: str | None
    occurrence: int
    source_label: str
    indicator_id: str | None
    row_kind: str
    note: str | None

    @property
    def is_heading(self) -> bool:
        """A heading that names no indicator (a heading with a value may still name one)."""
        return self.indicator_id is None


@dataclass(frozen=True)
class Relation:
    relation_id: str
    kind: str
    lhs_indicator_id: str | None
    rhs_indicator_ids: tuple[str, ...]
    tolerance: float
    severity: str
    description_vi: str


# Rows as tuples are remembered (see _appendix_key); as lists they are read but not remembered.
RowForDetection = Sequence[str | None]  # (code, label)
RowForMapping = Sequence[str | None]  # (code, parent_code, label)
Mapping = tuple[str | None, str]  # (indicator_id, rule)


class Catalogue:
    """The four seed tables plus the indexes that matching needs."""

    def __init__(self, templates: list[Template], indicators: list[Indicator],
                 crosswalk: list[CrosswalkRow], relations: list[Relation]):
        self.templates = {t.template_id: t for t in templates}
        self.indicators = {i.indicator_id: i for i in indicators}
        self.crosswalk = tuple(crosswalk)
        self.relations = tuple(relations)
        self._rows_by_template: dict[str, list[CrosswalkRow]] = defaultdict(list)
        self._keys_by_template: dict[str, set[tuple[str | None, str]]] = defaultdict(set)
        self._rows_by_key: dict[str, list[CrosswalkRow]] = defaultdict(list)
        for row in self.crosswalk:
            key = label_key(row.source_label)
            self._rows_by_template[row.template_id].append(row)
            self._keys_by_template[row.template_id].add((row.source_code, key))
            self._rows_by_key[key].append(row)
        # The tables above never change, so every answer depends only on the question.
        # Files of one template print the same rows, often the very same appendix: both
        # whole appendices and single rows are remembered.
        self._cached_detect_template = lru_cache(maxsize=64)(self._detect_template)
        self._cached_map_rows = lru_cache(maxsize=64)(self._map_rows)
        self._cached_map_row = lru_cache(maxsize=16384)(self._map_row)

    # -- lookups -------------------------------------------------------------

    def indicator(self, indicator_id: str) -> Indicator:
        return self.indicators[indicator_id]

    def template_rows(self, template_id: str) -> list[CrosswalkRow]:
        """The crosswalk rows of one template, in printed order."""
        return sorted(self._rows_by_template.get(template_id, []), key=lambda row: row.row_no)

    # -- template detection ----------------------------------------------------

    def detect_template(self, rows: list[RowForDetection]) -> tuple[str | None, float]:
        """The template whose crosswalk holds the largest share of the rows, by (code, label key).

        Ties go to the template the rows cover best, then to the newer one. Below
        ``MIN_TEMPLATE_SCORE`` no template is claimed (the best score is still returned).
        """
        appendix = _appendix_key(rows)
        if appendix is None:
            return self._detect_template(rows)
        return self._cached_detect_template(appendix)

    def _detect_template(self, rows: Sequence[RowForDetection]) -> tuple[str | None, float]:
        keys = [(_code(code), key) for code, label in rows if label and (key := label_key(label))]
        if not keys or not self.templates:
            return None, 0.0
        distinct = set(keys)
        ranked = sorted(
            (self._template_fit(template_id, keys, distinct) for template_id in self.templates),
            reverse=True,
        )
        score, _coverage, _year, template_id = ranked[0]
        score = round(score, 4)
        return (template_id if score >= MIN_TEMPLATE_SCORE else None), score

    def _template_fit(self, template_id: str, keys: list[tuple[str | None, str]],
                      distinct: set[tuple[str | None, str]]) -> tuple[float, float, int, str]:
        known = self._keys_by_template[template_id]
        hits = sum(map(known.__contains__, keys))
        coverage = len(known & distinct) / len(known) if known else 0.0
        year = self.templates[template_id].year_from or 0
        return hits / len(keys), coverage, year, template_id

    # -- row mapping -------------------------------------------------------------

    def map_rows(self, template_id: str | None, rows: list[RowForMapping]) -> list[Mapping]:
        """(indicator_id, rule) for every row, in order; see the module docstring for the rules.

        A code printed several times ("2." five times) is told apart by its label, and a
        code and label printed several times by the order they come in.
        """
        appendix = _appendix_key(rows)
        if appendix is None:
            return list(self._map_rows(template_id, rows))
        return list(self._cached_map_rows(template_id, appendix))

    def _map_rows(self, template_id: str | None, rows: Sequence[RowForMapping]) -> tuple[Mapping, ...]:
        seen: dict[tuple[str | None, str | None, str], int] = {}
        mappings = []
        for code, parent_code, label in rows:
            slot = _code(code), _code(parent_code), label_key(label or "")
            nth = seen[slot] = seen.get(slot, 0) + 1
            mappings.append(self._cached_map_row(template_id, *slot, nth))
        return tuple(mappings)

    def _map_row(self, template_id: str | None, code: str | None, parent_code: str | None,
                 key: str, nth: int) -> Mapping:
        if not key:
            return None, RULE_UNMAPPED
        if template_id in self.templates:
            exact = self._exact_rows(template_id, code, parent_code, key)
            if exact:
                return _as_mapping(exact[min(nth, len(exact)) - 1], RULE_CODE_LABEL)
            cut = self._prefix_row(template_id, code, key)
            if cut is not None:
                return _as_mapping(cut, RULE_CODE_LABEL_PREFIX)
            in_template = [row for row in self._rows_by_key.get(key, []) if row.template_id == template_id]
            decided = _decide_by_label(in_template)
            if decided is not None:
                return decided
        return _decide_by_label(self._rows_by_key.get(key, [])) or (None, RULE_UNMAPPED)

    def _exact_rows(self, template_id: str, code: str | None, parent_code: str | None, key: str) -> list[CrosswalkRow]:
        rows = [row for row in self._rows_by_key.get(key, [])
                if row.template_id == template_id and row.source_code == code]
        if code is None and parent_code is not None:
            # Uncoded "Trong đó" rows are told apart by the coded row they belong to.
            under_parent = [row for row in rows if row.parent_code == parent_code]
            rows = under_parent or rows
        return sorted(rows, key=lambda row: row.occurrence)

    def _prefix_row(self, template_id: str, code: str | None, key: str) -> CrosswalkRow | None:
        if code is None:
            return None  # without a code, a shared opening is too weak a link
        words = key.split()
        matches = [row for row in self._rows_by_template.get(template_id, [])
                   if row.source_code == code and _one_starts_the_other(words, label_key(row.source_label).split())]
        return matches[0] if len(matches) == 1 else None


def _appendix_key(rows: Sequence[Sequence[str | None]]) -> tuple | None:
    """The rows as a key to remember an answer by; None for an appendix too big to keep
    (or given as lists, which cannot be a key)."""
    if len(rows) > MAX_REMEMBERED_ROWS or any(len(row[-1] or "") > MAX_REMEMBERED_LABEL for row in rows):
        return None
    key = tuple(rows)
    try:
        hash(key)
    except TypeError:
        return None
    return key


def _code(code: str | None) -> str | None:
    """Codes as the crosswalk stores them, whatever the caller passed ("1.3." or "Trong đó")."""
    return normalise_code(code) if code else None


def _one_starts_the_other(words: list[str], other: list[str]) -> bool:
    shorter, longer = sorted((words, other), key=len)
    return len(shorter) >= MIN_PREFIX_WORDS and longer[: len(shorter)] == shorter


def _as_mapping(row: CrosswalkRow, rule: str) -> Mapping:
    if row.is_heading:
        return None, RULE_SECTION
    return row.indicator_id, rule


def _decide_by_label(rows: list[CrosswalkRow]) -> Mapping | None:
    """One indicator for these same-label rows, a heading, or None when they disagree.

    A label that is a heading in one template and an indicator in another is the
    indicator: a heading carries no number, so the row is worth keeping as data.
    """
    if not rows:
        return None
    indicator_ids = {row.indicator_id for row in rows if row.indicator_id}
    if len(indicator_ids) == 1:
        return indicator_ids.pop(), RULE_LABEL
    if not indicator_ids:
        return None, RULE_SECTION
    return None


# -- loading -----------------------------------------------------------------------

@lru_cache(maxsize=8)
def load_catalogue(seeds_dir: Path = SEEDS_DIR) -> Catalogue:
    """Read the four seed files once per folder (the catalogue changes only with a release)."""
    seeds_dir = Path(seeds_dir)
    return Catalogue(
        templates=[_template(r) for r in _read_csv(seeds_dir / "templates.csv")],
        indicators=[_indicator(r) for r in _read_csv(seeds_dir / "indicators.csv")],
        crosswalk=[_crosswalk_row(r) for r in _read_csv(seeds_dir / "indicator_crosswalk.csv")],
        relations=[_relation(r) for r in _read_csv(seeds_dir / "indicator_relations.csv")],
    )


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [{name: (value or "").strip() for name, value in row.items()} for row in csv.DictReader(handle)]


def _blank_none(text: str) -> str | None:
    return text or None


def _int_or_none(text: str) -> int | None:
    return int(text) if text else None


def _template(r: dict[str, str]) -> Template:
    return Template(r["template_id"], r["level"], _int_or_none(r["year_from"]), _int_or_none(r["year_to"]),
                    _blank_none(r["province"]), r["title"], r["description"])


def _indicator(r: dict[str, str]) -> Indicator:
    return Indicator(
        indicator_id=r["indicator_id"], field=int(r["field"]), field_name_vi=r["field_name_vi"],
        name_vi=r["name_vi"], name_en=r["name_en"], value_type=r["value_type"],
        enum_codes=tuple(code for code in r["enum_codes"].split("|") if code),
        unit_of_measure=r["unit_of_measure"], time_aggregation=r["time_aggregation"],
        unit_aggregation=r["unit_aggregation"], numerator_id=_blank_none(r["numerator_id"]),
        denominator_id=_blank_none(r["denominator_id"]), is_headline=r["is_headline"].lower() == "true",
        description_vi=r["description_vi"],
    )


def _crosswalk_row(r: dict[str, str]) -> CrosswalkRow:
    return CrosswalkRow(
        template_id=r["template_id"], row_no=int(r["row_no"]), source_code=_blank_none(r["source_code"]),
        parent_code=_blank_none(r["parent_code"]), occurrence=int(r["occurrence"]),
        source_label=r["source_label"], indicator_id=_blank_none(r["indicator_id"]),
        row_kind=r["row_kind"], note=_blank_none(r["note"]),
    )


def _relation(r: dict[str, str]) -> Relation:
    return Relation(
        relation_id=r["relation_id"], kind=r["kind"], lhs_indicator_id=_blank_none(r["lhs_indicator_id"]),
        rhs_indicator_ids=tuple(i for i in r["rhs_indicator_ids"].split("|") if i),
        tolerance=float(r["tolerance"] or 0), severity=r["severity"], description_vi=r["description_vi"],
    )


# -- consistency --------------------------------------------------------------------

def catalogue_problems(catalogue: Catalogue) -> list[str]:
    """Every broken reference or out-of-vocabulary value in the seeds; empty when sound.

    Run by the tests so that a hand edit of a CSV cannot ship a dangling indicator id.
    """
    problems: list[str] = []
    ids = catalogue.indicators
    for ind in ids.values():
        problems += _indicator_problems(ind, ids)
    seen_rows: set[tuple[str, int]] = set()
    seen_slots: set[tuple[str, str | None, str | None, int]] = set()
    for row in catalogue.crosswalk:
        where = f"crosswalk {row.template_id} #{row.row_no}"
        if row.template_id not in catalogue.templates:
            problems.append(f"{where}: unknown template {row.template_id}")
        if row.indicator_id and row.indicator_id not in ids:
            problems.append(f"{where}: unknown indicator {row.indicator_id}")
        if row.row_kind not in ROW_KINDS:
            problems.append(f"{where}: row_kind {row.row_kind!r}")
        if row.row_kind == "indicator" and not row.indicator_id:
            problems.append(f"{where}: an indicator row needs an indicator_id")
        if row.row_kind == "section" and row.indicator_id:
            problems.append(f"{where}: a pure section names no indicator")
        slot = (row.template_id, row.source_code, row.parent_code, row.occurrence)
        if (row.template_id, row.row_no) in seen_rows or slot in seen_slots:
            problems.append(f"{where}: duplicate row or (code, parent, occurrence)")
        seen_rows.add((row.template_id, row.row_no))
        seen_slots.add(slot)
    for rel in catalogue.relations:
        problems += _relation_problems(rel, ids)
    return problems


def _indicator_problems(ind: Indicator, ids: dict[str, Indicator]) -> list[str]:
    where = f"indicator {ind.indicator_id}"
    problems = []
    if ind.value_type not in VALUE_TYPES:
        problems.append(f"{where}: value_type {ind.value_type!r}")
    if ind.time_aggregation not in TIME_AGGREGATIONS:
        problems.append(f"{where}: time_aggregation {ind.time_aggregation!r}")
    if ind.unit_aggregation not in UNIT_AGGREGATIONS:
        problems.append(f"{where}: unit_aggregation {ind.unit_aggregation!r}")
    if (ind.value_type in ("binary", "enum")) != bool(ind.enum_codes):
        problems.append(f"{where}: enum_codes only (and always) for binary and enum")
    is_ratio = ind.time_aggregation == "ratio"
    if is_ratio != bool(ind.numerator_id and ind.denominator_id):
        problems.append(f"{where}: a ratio needs both numerator_id and denominator_id, and only a ratio has them")
    for part in (ind.numerator_id, ind.denominator_id):
        if part and part not in ids:
            problems.append(f"{where}: unknown part {part}")
    if not (1 <= ind.field <= 7):
        problems.append(f"{where}: field {ind.field}")
    return problems


def _relation_problems(rel: Relation, ids: dict[str, Indicator]) -> list[str]:
    where = f"relation {rel.relation_id}"
    problems = []
    if rel.kind not in RELATION_KINDS:
        problems.append(f"{where}: kind {rel.kind!r}")
    if rel.severity not in SEVERITIES:
        problems.append(f"{where}: severity {rel.severity!r}")
    for indicator_id in (rel.lhs_indicator_id, *rel.rhs_indicator_ids):
        if indicator_id and indicator_id not in ids:
            problems.append(f"{where}: unknown indicator {indicator_id}")
    if rel.kind != "exclusive_shares" and not rel.lhs_indicator_id:
        problems.append(f"{where}: lhs_indicator_id is required for {rel.kind}")
    if rel.kind == "ratio" and len(rel.rhs_indicator_ids) != 2:
        problems.append(f"{where}: a ratio has rhs numerator|denominator")
    percent_sides: list[str | None] = []
    if rel.kind == "ratio":
        percent_sides = [rel.lhs_indicator_id]
    elif rel.kind == "exclusive_shares":
        percent_sides = list(rel.rhs_indicator_ids)
    elif rel.kind == "rate_between":
        percent_sides = [rel.lhs_indicator_id, *rel.rhs_indicator_ids]
    for indicator_id in percent_sides:
        if indicator_id in ids and ids[indicator_id].value_type != "percent":
            problems.append(f"{where}: {indicator_id} must be a percent")
    return problems
