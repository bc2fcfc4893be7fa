"""Quality rule comparing the figures stated in a report's text with its appendix.

raw.narrative_figures holds the headline figures of the narrative (loaders/narrative.py),
each with its sentence. When the same submission has an appendix row for the same
indicator (the first such row, as published by int_indicator_values__published), the
two must agree: exactly for counts, within 0,5 point for percentages.

A disagreement returns two rows, both warnings: the appendix value is the formal figure
and stays published (with a warning, since one of the two is wrong), and the narrative
figure (row_no NULL, row_code 'narrative', row_label its sentence) is never published
for a report that has an appendix.
"""

from __future__ import annotations

from expectations.rules import Rule, num, row_ref

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


def narrative_rules(raw_schema: str = "raw") -> list[Rule]:
    """The narrative rules; ``raw_schema`` lets tests point them at scratch tables."""
    return [_narrative_vs_appendix(raw_schema)]
