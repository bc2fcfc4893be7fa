"""The indicator catalogue against the three real appendices it was built from.

The seed tables are read with a small local helper (tab lines after the "Phụ lục"
heading, repeated headers skipped, page-break tails glued back) so that these tests
depend only on the catalogue; one test also runs the real reader and row parser.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from loaders.catalogue import Catalogue, catalogue_problems, load_catalogue

SEEDS = Path("/work/shared/seeds")

SEED_FILES = {
    "dt2021_huyen": "000_02cae422fdfef8b2.txt",
    "pl1b_2022_huyen": "001_51d0cabe97e049c0.txt",
    "pl01b_2024_xa": "004_3464294e7b999345.txt",
}
TEMPLATE_IDS = list(SEED_FILES)


# -- local helper: the seed appendix as rows ---------------------------------------

def _plain(cell: str) -> str:
    cell = re.sub(r"<sup>\s*[0-9*]+\s*</sup>", "", cell)
    return " ".join(re.sub(r"<[^>]+>", " ", cell).split())


def _code(cell: str) -> str | None:
    code = _plain(cell).rstrip(".")
    return code if re.fullmatch(r"[0-9]+(\.[0-9]+)*", code) else None  # "Trong đó" is no code


def seed_rows(template_id: str) -> list[dict]:
    """Rows of one seed appendix: code, parent code (uncoded rows), label, value text."""
    lines = (SEEDS / SEED_FILES[template_id]).read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if re.match(r"^\**Phụ lục", line))
    rows: list[dict] = []
    after_break, parent = False, None
    for line in lines[start:]:
        if "\t" not in line:
            after_break = after_break or not line.strip()
            continue
        cells = [*line.split("\t"), "", "", ""]
        if _plain(cells[0]) in ("STT", "Số TT") or _plain(cells[2]) == "Đơn vị tính":
            after_break = True  # a header repeated after a page break
            continue
        code, label, value = _code(cells[0]), _plain(cells[1]), _plain(cells[3])
        if code is None and not value and after_break and rows:
            # the rest of a row cut by a page break; its tail may repeat what is already there
            if label and not rows[-1]["label"].endswith(label):
                rows[-1]["label"] += " " + label
            after_break = False
            continue
        after_break = False
        parent = code or parent
        rows.append({"code": code, "parent": None if code else parent, "label": label, "value": value})
    return rows


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


def _mapping_input(rows: list[dict]) -> list[tuple[str | None, str | None, str]]:
    return [(r["code"], r["parent"], r["label"]) for r in rows]


def _row(template_id: str, code: str) -> dict:
    return next(r for r in seed_rows(template_id) if r["code"] == code)


# -- the catalogue itself -------------------------------------------------------------

def test_given_the_seed_files_when_checked_then_every_reference_is_sound(catalogue):
    assert catalogue_problems(catalogue) == []
    assert len(catalogue.templates) == 3
    assert len(catalogue.indicators) == 184
    assert len(catalogue.relations) == 57


def test_given_the_catalogue_when_loaded_twice_then_it_is_read_once(catalogue):
    assert load_catalogue() is catalogue


@pytest.mark.parametrize("template_id, n_rows", [("dt2021_huyen", 99), ("pl1b_2022_huyen", 161), ("pl01b_2024_xa", 80)])
def test_given_a_seed_appendix_then_the_crosswalk_has_one_row_per_printed_row(catalogue, template_id, n_rows):
    printed = seed_rows(template_id)
    stored = catalogue.template_rows(template_id)
    assert len(printed) == len(stored) == n_rows
    assert [(r["code"], r["parent"]) for r in printed] == [(c.source_code, c.parent_code) for c in stored]


def test_given_the_crosswalk_then_every_indicator_is_used_by_some_template_or_the_narrative(catalogue):
    from loaders.narrative import FIGURE_RULES

    used = {row.indicator_id for row in catalogue.crosswalk if row.indicator_id}
    stated_in_text = {indicator for rule in FIGURE_RULES for indicator in rule.indicators.values()}
    assert set(catalogue.indicators) - used - stated_in_text == set()
    # ... and the narrative only states indicators of the catalogue.
    assert stated_in_text - set(catalogue.indicators) == set()


def test_given_each_relation_then_one_template_prints_its_lhs_with_a_part(catalogue):
    # THEN no relation is declared that no known appendix could ever trigger
    printed: dict[str, set[str]] = {t: set() for t in TEMPLATE_IDS}
    for row in catalogue.crosswalk:
        if row.indicator_id:
            printed[row.template_id].add(row.indicator_id)
    for rel in catalogue.relations:
        assert any(_checkable(rel, ids) for ids in printed.values()), rel.relation_id


def _checkable(rel, ids: set[str]) -> bool:
    parts = sum(part in ids for part in rel.rhs_indicator_ids)
    if rel.kind in ("exclusive_shares", "rate_between"):
        return parts >= 2 and (rel.lhs_indicator_id is None or rel.lhs_indicator_id in ids)
    return rel.lhs_indicator_id in ids and parts >= 1


# -- template detection ---------------------------------------------------------------------

@pytest.mark.parametrize("template_id", TEMPLATE_IDS)
def test_given_a_seed_appendix_when_detecting_then_its_own_template_wins(catalogue, template_id):
    rows = [(r["code"], r["label"]) for r in seed_rows(template_id)]
    assert catalogue.detect_template(rows) == (template_id, 1.0)


def test_given_rows_of_no_known_template_when_detecting_then_none_with_a_low_score(catalogue):
    scorecard = [("1", "Công tác chỉ đạo, điều hành CCHC"), ("1.1", "Tiêu chí thành phần 1.1: điểm tối đa"),
                 ("1.2", "Điểm đạt được"), ("1.3", "Điểm bị trừ"), ("2", "Chỉ số SIPAS")]
    template_id, score = catalogue.detect_template(scorecard)
    # THEN only the field-1 heading is known (1 row of 5): too little to claim a template
    assert (template_id, score) == (None, 0.2)


def test_given_no_rows_when_detecting_then_none(catalogue):
    assert catalogue.detect_template([]) == (None, 0.0)


# -- row mapping -------------------------------------------------------------------------

@pytest.mark.parametrize("template_id, rules", [
    ("dt2021_huyen", {"code+label": 77, "section": 22}),
    ("pl1b_2022_huyen", {"code+label": 133, "section": 28}),
    ("pl01b_2024_xa", {"code+label": 61, "section": 19}),
])
def test_given_a_seed_appendix_when_mapping_then_every_row_is_an_indicator_or_a_heading(catalogue, template_id, rules):
    mappings = catalogue.map_rows(template_id, _mapping_input(seed_rows(template_id)))
    assert Counter(rule for _, rule in mappings) == rules
    assert [i for i, _ in mappings] == [row.indicator_id if row.row_kind != "section" and row.indicator_id else None
                                        for row in catalogue.template_rows(template_id)]


SAME_INDICATOR = [
    # indicator, code in dt2021_huyen, in pl1b_2022_huyen, in pl01b_2024_xa
    ("plan.tasks_planned", "1.1.1", "1.2.1", "1.1.1"),
    ("plan.tasks_completed", "1.1.2", "1.2.2", "1.1.2"),
    ("direction.documents_issued", "1.1.3", "1.1", "1.1.3"),
    ("staff.quota", "4.2.1", "4.2.1", "4.1.1"),
    ("staff.present", "4.2.2", "4.2.2", "4.1.2"),
    ("egov.procedures_online_l3", "7.4.1", "7.4.1.2", "7.5.1"),
    ("egov.procedures_online_l4", "7.4.2", "7.4.2.2", "7.5.2"),
    ("dialogue.held", "1.5", "1.7", "1.5"),
    ("survey.method", "1.4.2", "1.6.2", "1.4.2"),
    ("survey.forms", "1.4.1", "1.6.1", "1.4.1"),
    ("legal.documents_checked", "2", "2.2.1", "2.2"),
    ("tthc.procedures_interlinked_across_levels", "3.2", "3.2.2", "3.2.3"),
]


@pytest.mark.parametrize("indicator_id, code_2021, code_2022, code_2024", SAME_INDICATOR)
def test_given_one_indicator_in_three_templates_when_mapping_then_one_id(catalogue, indicator_id, code_2021, code_2022, code_2024):
    found = set()
    for template_id, code in zip(TEMPLATE_IDS, (code_2021, code_2022, code_2024)):
        mappings = catalogue.map_rows(template_id, _mapping_input(seed_rows(template_id)))
        found |= {ind for r, (ind, _) in zip(seed_rows(template_id), mappings) if r["code"] == code and ind == indicator_id}
        assert indicator_id in found, (template_id, code)
    assert found == {indicator_id}


def test_given_district_and_commune_records_in_one_template_then_two_indicators(catalogue):
    # GIVEN Phụ lục 1B: 3.3.2 counts the district's own records, 3.3.3 its communes' records,
    # with children of identical wording
    rows = [_row("pl1b_2022_huyen", c) for c in ("3.3.2", "3.3.2.2", "3.3.3", "3.3.3.2")]
    mapped = catalogue.map_rows("pl1b_2022_huyen", _mapping_input(rows))
    assert mapped == [("tthc.on_time_rate", "code+label"), ("tthc.records_on_time", "code+label"),
                      ("tthc.commune_on_time_rate", "code+label"), ("tthc.commune_records_on_time", "code+label")]
    # AND the commune template's own on-time count is the same indicator as the district's own
    assert catalogue.map_rows("pl01b_2024_xa", _mapping_input([_row("pl01b_2024_xa", "3.3.2")])) == [
        ("tthc.records_on_time", "code+label")]


def test_given_tasks_from_province_and_from_district_then_different_ids(catalogue):
    district = catalogue.map_rows("dt2021_huyen", [("1.3.1", None, "Tổng số nhiệm vụ được giao")])
    commune = catalogue.map_rows("pl01b_2024_xa", [("1.3.1", None, "Tổng số nhiệm vụ được giao")])
    assert district == [("province_tasks.assigned", "code+label")]
    assert commune == [("district_tasks.assigned", "code+label")]


def test_given_the_repeated_code_2_when_rows_come_in_another_order_then_labels_decide(catalogue):
    rows = [("2.", None, "Số VBQPPL có kiến nghị xử lý đã được xử lý xong"), ("2.", None, "Số VBQPPL đã rà soát"),
            ("2.", None, "Cải cách thể chế"), ("2.", None, "Số VBQPPL đã tham mưu ban hành")]
    assert catalogue.map_rows("dt2021_huyen", rows) == [
        ("legal.documents_flag_resolved", "code+label"), ("legal.documents_reviewed", "code+label"),
        (None, "section"), ("legal.documents_issued", "code+label")]


def test_given_an_uncoded_child_with_or_without_its_parent_then_its_label_finds_it(catalogue):
    # GIVEN the second "Trong đó" child of 7.2.3, once with its parent code and once without
    label = "Tỷ lệ văn bản được gửi hoàn toàn dưới dạng điện tử và song song với văn bản giấy"
    mapped = catalogue.map_rows("pl01b_2024_xa", [(None, "7.2.3", label), ("Trong đó", None, label)])
    assert mapped == [("egov.documents_electronic_and_paper_rate", "code+label")] * 2


def test_given_a_heading_with_a_value_then_it_maps_only_when_it_names_a_total(catalogue):
    assert catalogue.map_rows("dt2021_huyen", [
        ("5.4.", None, "Số liệu về xử lý kỷ luật cán bộ, công chức (cả về Đảng và chính quyền)"),
        ("3.2.", None, "Thực hiện cơ chế một cửa, một cửa liên thông"),
    ]) == [("discipline.persons_disciplined", "code+label"), (None, "section")]


def test_given_a_label_cut_by_a_page_break_then_the_code_and_its_start_map_it(catalogue):
    cut = "Số lượng đơn vị SNCL đã chuyển đổi thành công ty cổ phần (lũy kế đến thời điểm báo"
    doubled = "Số lượng đơn vị SNCL đã chuyển đổi thành công ty cổ phần (lũy kế đến thời điểm báo cáo) cáo)"
    assert catalogue.map_rows("dt2021_huyen", [("6.5", None, cut), ("6.5.", None, doubled)]) == [
        ("finance.sncl_equitised", "code+label_prefix")] * 2


def test_given_an_unknown_template_when_a_label_matches_then_it_maps_by_label(catalogue):
    rows = [
        ("9.9", None, "Tổng số biên chế được giao trong năm"),  # code of no template
        (None, None, "TỔNG SỐ BIÊN CHẾ CÓ MẶT TẠI THỜI ĐIỂM BÁO CÁO:"),  # case and punctuation
        ("3.2.5", None, "Tỷ lệ quy trình nội bộ giải quyết TTHC đã được điện tử hoá"),  # old tone placement
        ("1", None, "Cải cách thể chế"),  # a heading in every template
    ]
    assert catalogue.map_rows(None, rows) == [
        ("staff.quota", "label"), ("staff.present", "label"),
        ("tthc.internal_process_digitised_rate", "label"), (None, "section")]


def test_given_a_known_template_when_the_code_differs_then_the_label_decides(catalogue):
    assert catalogue.map_rows("pl01b_2024_xa", [("4.2.1", None, "Tổng số biên chế được giao trong năm")]) == [
        ("staff.quota", "label")]


def test_given_a_label_of_two_indicators_and_no_template_then_unmapped(catalogue):
    # "Tổng số nhiệm vụ được giao" is province_tasks at district level and district_tasks at commune level
    assert catalogue.map_rows(None, [("1.3.1", None, "Tổng số nhiệm vụ được giao")]) == [(None, "unmapped")]


def test_given_an_unknown_label_then_unmapped_whatever_the_template(catalogue):
    rows = [("1.1.1", None, "Số cây xanh được trồng mới"), (None, None, "")]
    assert catalogue.map_rows("dt2021_huyen", rows) == [(None, "unmapped"), (None, "unmapped")]
    assert catalogue.map_rows(None, rows[:1]) == [(None, "unmapped")]


# -- relations against the seed values ------------------------------------------------------------

def _number(text: str, value_type: str) -> float | None:
    """The leading number of a cell: '.' groups thousands in counts, percents take ',' or '.'."""
    match = re.match(r"\s*(\d[\d.,]*)", text or "")
    if not match:
        return None
    token = match.group(1).rstrip(".,")
    if value_type == "percent":
        return float(token.replace(",", "."))
    return float(token.replace(".", "").replace(",", "."))


def _seed_values(catalogue: Catalogue, template_id: str) -> dict[str, float]:
    rows = seed_rows(template_id)
    values: dict[str, float] = {}
    for row, (indicator_id, _) in zip(rows, catalogue.map_rows(template_id, _mapping_input(rows))):
        if indicator_id and indicator_id not in values:
            number = _number(row["value"], catalogue.indicator(indicator_id).value_type)
            if number is not None:
                values[indicator_id] = number
    return values


def _fails(kind: str, lhs: float | None, parts: list[float], tol: float) -> bool:
    """The documented contract of indicator_relations, in a dozen lines."""
    if kind == "exclusive_shares":
        return len(parts) >= 2 and sum(parts) > 100 + tol
    if lhs is None or not parts:
        return False
    if kind == "ratio":
        return len(parts) == 2 and parts[1] != 0 and abs(lhs - 100 * parts[0] / parts[1]) > tol
    if kind == "part_le_whole":
        return any(part > lhs + tol for part in parts)
    if kind == "sum_parts":
        return abs(lhs - sum(parts)) > tol
    return lhs < min(parts) - tol or lhs > max(parts) + tol  # rate_between


def test_given_the_seed_values_when_relations_are_checked_then_the_known_contradictions_fail(catalogue):
    failing = set()
    for template_id in TEMPLATE_IDS:
        values = _seed_values(catalogue, template_id)
        for rel in catalogue.relations:
            if rel.kind == "ratio" and any(i not in values for i in rel.rhs_indicator_ids):
                continue
            parts = [values[i] for i in rel.rhs_indicator_ids if i in values]
            if _fails(rel.kind, values.get(rel.lhs_indicator_id), parts, rel.tolerance):
                failing.add((template_id, rel.relation_id, rel.severity))
    # THEN exactly the contradictions listed in dbt_project/seeds/README.md
    assert failing == {
        ("dt2021_huyen", "ple.tthc_procedure_kinds", "error"),          # 825 "TTHC" via BCCI > 465 in force
        ("dt2021_huyen", "excl.egov_online_records_levels", "error"),   # "791 Hồ sơ" + "348 Hồ sơ" as %
        ("pl1b_2022_huyen", "ratio.finance_disbursement", "error"),     # 2,3% vs 11.690/167.000 = 7,0%
        ("pl1b_2022_huyen", "ratio.egov_online_records", "error"),      # 94,5% vs 1397/1603 = 87,1%
        ("pl1b_2022_huyen", "sum.finance_sncl_autonomy", "error"),      # 60 vs 1 + 3 + 59 = 63
        ("pl1b_2022_huyen", "ple.egov_l34", "error"),                   # 122 level-3 > 121 level 3 and 4
        ("pl1b_2022_huyen", "sum.egov_l34", "warning"),                 # 121 vs 122 + 121
        ("pl1b_2022_huyen", "ple.org_sncl_district", "warning"),        # 80 ĐVSNCL of the district > 60
        ("pl1b_2022_huyen", "between.egov_electronic_documents", "error"),  # 97% outside 80%..90%
        ("pl01b_2024_xa", "sum.tthc_records_received", "error"),        # 494 vs 45 + 5 + 269 + 179 = 498
        ("pl01b_2024_xa", "sum.tthc_records_on_time", "error"),         # 494 vs 498
        ("pl01b_2024_xa", "ple.tthc_procedure_kinds", "error"),         # 494 procedures > 207 in force
        ("pl01b_2024_xa", "excl.egov_documents", "error"),              # 100% + 100%
    }


# -- the real reader and row parser ------------------------------------------------------------

@pytest.mark.parametrize("template_id", TEMPLATE_IDS)
def test_given_the_real_reader_when_a_seed_is_ingested_then_every_row_maps_as_in_the_crosswalk(catalogue, template_id):
    from loaders.readers import read_file
    from loaders.rows import parse_rows

    rows = parse_rows(read_file(SEEDS / SEED_FILES[template_id]).rows)
    code_by_row = {row.row_no: row.code for row in rows}
    parents = [code_by_row.get(row.parent_row_no) if row.parent_row_no else None for row in rows]
    detected, _ = catalogue.detect_template([(r.code, r.label) for r in rows if not r.is_section or r.code])
    mappings = catalogue.map_rows(detected, [(r.code, p, r.label) for r, p in zip(rows, parents)])
    assert detected == template_id
    assert "unmapped" not in {rule for _, rule in mappings}
    assert [i for i, _ in mappings] == [row.indicator_id if row.row_kind != "section" and row.indicator_id else None
                                        for row in catalogue.template_rows(template_id)]


def test_given_the_same_appendix_twice_when_mapped_then_each_caller_gets_its_own_list(catalogue):
    rows = [("1.3.1", None, "Tổng số nhiệm vụ được giao")]
    first = catalogue.map_rows("dt2021_huyen", rows)
    first.append(("changed", "label"))
    assert catalogue.map_rows("dt2021_huyen", rows) == first[:1]
    assert catalogue.map_rows("dt2021_huyen", [list(row) for row in rows]) == first[:1]  # lists: not remembered
