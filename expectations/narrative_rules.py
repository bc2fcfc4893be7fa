"""Quality rules for the figures stated in a report's text (raw.narrative_figures).

narrative.vs_appendix: when the same submission has an appendix row for the same
indicator (the first such row, as published by int_indicator_values__published), the
two must agree: exactly for counts, within 0,5 point for percentages. A disagreement
returns two rows, both warnings: the appendix value is the formal figure and stays
published (with a warning, since one of the two is wrong), and the narrative figure
(row_no NULL, row_code 'narrative', row_label its sentence) is never published for a
report that has an appendix.

narrative.domain and narrative.part_le_whole: a report without appendix publishes its
narrative figures (int_indicator_values__narrative), so they get the checks an appendix
row gets where they apply: the domain of their value type, and part <= whole between two
figures of the same report (pairs from the catalogue's part_le_whole and sum_parts
relations). Errors withhold the figure (fct_indicator_values joins on row_code
'narrative' and the indicator).
"""

from __future__ import annotations

from expectations.rules import Rule, num, read_relations, row_ref, sql_literal

PERCENT_TOLERANCE = 0.5  # as the ratio rules of the indicator catalogue
SENTENCE_IN_MESSAGE = 200  # characters of the sentence quoted back to the clerk


def _quoted_sentence(alias: str) -> str:
    return (f"case when length({alias}.sentence) > {SENTENCE_IN_MESSAGE} "
            f"then left({alias}.sentence, {SENTENCE_IN_MESSAGE}) || '…' else {alias}.sentence end")


def _narrative_vs_appendix(raw: str) -> Rule:
    appendix_message = (
        f"{row_ref('p')} || format(': số liệu %s khác với số liệu %s nêu trong phần thuyết minh của báo cáo («%s»). "
        f"Phụ lục là số liệu chính thức; đề nghị kiểm tra lại và thống nhất số liệu giữa báo cáo và phụ lục.', "
        f"{num('p.appendix_value')}, {num('p.narrative_value')}, {_quoted_sentence('p')})")
    narrative_message = (
        f"format('Phần thuyết minh ghi %s («%s») nhưng phụ lục ghi %s ở dòng %s «%s». Số liệu công bố lấy theo "
        f"phụ lục; đề nghị thống nhất số liệu giữa báo cáo và phụ lục.', {num('p.narrative_value')}, "
        f"{_quoted_sentence('p')}, {num('p.appendix_value')}, coalesce(p.code_raw, p.parent_code, '-'), p.label)")
    sql = f"""
        with figures as (
            select n.submission_id, n.figure_no, n.indicator_id, n.value_numeric, n.value_raw, n.sentence
            from {raw}.narrative_figures n
            join {{batch}} b on b.submission_id = n.submission_id
            where n.value_numeric is not null
        ),
        appendix as (
            select r.submission_id, r.row_no, r.indicator_id, r.code, r.code_raw, r.parent_code, r.label,
                   r.value_type, r.value_raw, r.value_numeric,
                   row_number() over (partition by r.submission_id, r.indicator_id order by r.row_no) as occurrence
            from {raw}.appendix_rows r
            join {{batch}} b on b.submission_id = r.submission_id
            where r.indicator_id is not null and not r.is_section and nullif(trim(r.value_raw), '') is not null
        ),
        p as (
            select f.submission_id, f.figure_no, f.indicator_id, f.value_numeric as narrative_value,
                   f.value_raw as narrative_raw, f.sentence, a.row_no, a.code, a.code_raw, a.parent_code,
                   a.label, a.value_numeric as appendix_value, a.value_raw as appendix_raw
            from figures f
            join appendix a
                on a.submission_id = f.submission_id and a.indicator_id = f.indicator_id and a.occurrence = 1
            where a.value_numeric is not null
              and abs(f.value_numeric - a.value_numeric)
                  > case when a.value_type = 'percent' then {PERCENT_TOLERANCE} else 0 end
        )
        select p.submission_id, p.row_no, p.indicator_id, 'warning' as severity,
               p.appendix_raw as observed, p.narrative_raw as expected,
               {appendix_message} as message_vi,
               case when p.code is not null then p.code_raw end as row_code, p.label as row_label
        from p
        union all
        select p.submission_id, null::integer as row_no, p.indicator_id, 'warning' as severity,
               p.narrative_raw as observed, p.appendix_raw as expected,
               {narrative_message} as message_vi,
               'narrative' as row_code, p.sentence as row_label
        from p
    """
    return Rule("narrative.vs_appendix", "narrative", "warning",
                "Số liệu nêu trong phần thuyết minh phải khớp với phụ lục", sql, target="submissions")


# Narrative figures are published only for reports without appendix (see the docstring).
PUBLISHED_FIGURES = "b.load_status = 'no_appendix'"


def _published_figures(raw: str, value_types: dict[str, str]) -> str:
    types = ", ".join(f"({sql_literal(i)}, {sql_literal(t)})" for i, t in sorted(value_types.items()))
    return f"""figures as (
            select n.submission_id, n.indicator_id, n.value_numeric, n.value_raw, n.sentence, t.value_type
            from {raw}.narrative_figures n
            join {{batch}} b on b.submission_id = n.submission_id
            join (values {types}) as t (indicator_id, value_type) on t.indicator_id = n.indicator_id
            where {PUBLISHED_FIGURES} and n.value_numeric is not null
        )"""


def _narrative_columns(alias: str, severity: str, observed: str, expected: str, message: str) -> str:
    return (f"{alias}.submission_id, null::integer as row_no, {alias}.indicator_id, '{severity}' as severity, "
            f"{observed} as observed, {expected} as expected, {message} as message_vi, "
            f"'narrative' as row_code, {alias}.sentence as row_label")


def _narrative_domain(raw: str, value_types: dict[str, str]) -> Rule:
    message = (f"format('Phần thuyết minh ghi %s («%s»): %s. Đề nghị kiểm tra lại số liệu nêu trong báo cáo.', "
               f"f.value_raw, {_quoted_sentence('f')}, "
               "case f.value_type when 'percent' then 'tỷ lệ phải từ 0 đến 100%' "
               "else 'số lượng phải là số nguyên không âm' end)")
    expected = "case f.value_type when 'percent' then '0–100' else 'số nguyên ≥ 0' end"
    sql = f"""
        with {_published_figures(raw, value_types)}
        select {_narrative_columns('f', 'error', 'f.value_raw', expected, message)}
        from figures f
        where (f.value_type = 'percent' and f.value_numeric not between 0 and 100)
           or (f.value_type = 'count' and (f.value_numeric < 0 or f.value_numeric <> trunc(f.value_numeric)))
    """
    return Rule("narrative.domain", "narrative", "error",
                "Số liệu nêu trong phần thuyết minh phải hợp lệ theo đơn vị tính", sql, target="submissions")


def _narrative_part_le_whole(raw: str, value_types: dict[str, str], pairs: list[tuple[str, str]]) -> Rule:
    pair_values = ", ".join(f"({sql_literal(whole)}, {sql_literal(part)})" for whole, part in pairs)
    part_message = (f"format('Phần thuyết minh ghi %s («%s») lớn hơn %s («%s»), trong khi phần không thể lớn hơn tổng. "
                    f"Đề nghị kiểm tra lại số liệu nêu trong báo cáo.', p.value_raw, {_quoted_sentence('p')}, "
                    f"w.value_raw, {_quoted_sentence('w')})")
    whole_message = (f"format('Phần thuyết minh ghi %s («%s») nhỏ hơn số liệu thành phần %s. '"
                     f"'Đề nghị kiểm tra lại số liệu nêu trong báo cáo.', w.value_raw, {_quoted_sentence('w')}, p.value_raw)")
    sql = f"""
        with {_published_figures(raw, value_types)},
        pairs (whole_id, part_id) as (values {pair_values}),
        failed as (
            select w.submission_id, w.indicator_id as whole_id, p.indicator_id as part_id
            from pairs
            join figures w on w.indicator_id = pairs.whole_id
            join figures p on p.indicator_id = pairs.part_id and p.submission_id = w.submission_id
            where p.value_numeric > w.value_numeric
        )
        select {_narrative_columns('p', 'error', 'p.value_raw', "format('<= %s', w.value_raw)", part_message)}
        from failed
        join figures p on p.submission_id = failed.submission_id and p.indicator_id = failed.part_id
        join figures w on w.submission_id = failed.submission_id and w.indicator_id = failed.whole_id
        union all
        select {_narrative_columns('w', 'warning', 'w.value_raw', "format('>= %s', p.value_raw)", whole_message)}
        from failed
        join figures p on p.submission_id = failed.submission_id and p.indicator_id = failed.part_id
        join figures w on w.submission_id = failed.submission_id and w.indicator_id = failed.whole_id
    """
    return Rule("narrative.part_le_whole", "narrative", "error",
                "Trong phần thuyết minh, số liệu thành phần không thể lớn hơn tổng", sql, target="submissions")


def narrative_checks(relations: list[dict], value_types: dict[str, str], raw: str = "raw") -> list[Rule]:
    """Domain and part <= whole rules for the figures the narrative extractor can state."""
    stated = set(value_types)
    pairs = sorted({(rel["lhs"], part) for rel in relations if rel["kind"] in ("part_le_whole", "sum_parts")
                    for part in rel["rhs"] if rel["lhs"] in stated and part in stated})
    return [_narrative_domain(raw, value_types)] + ([_narrative_part_le_whole(raw, value_types, pairs)] if pairs else [])


def narrative_rules(raw_schema: str = "raw") -> list[Rule]:
    """The narrative rules; ``raw_schema`` lets tests point them at scratch tables."""
    from loaders.catalogue import load_catalogue
    from loaders.narrative import FIGURE_RULES

    catalogue = load_catalogue()
    value_types = {indicator: catalogue.indicators[indicator].value_type
                   for rule in FIGURE_RULES for indicator in rule.indicators.values()}
    return [_narrative_vs_appendix(raw_schema), *narrative_checks(read_relations(), value_types, raw_schema)]
