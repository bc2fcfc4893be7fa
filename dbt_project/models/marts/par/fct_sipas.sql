-- SIPAS satisfaction (QĐ 2640/QĐ-BNV) per unit and year: the overall index and its five
-- components, from the most recent report that states them. percent_computed is
-- score / max_score for the overall row (the components are printed as percentages only).
with

submissions as (
    select * from {{ ref('int_submissions__ranked') }}
    where unit_key is not null
),

issues_per_row as (
    select * from {{ ref('int_par__issues_by_row_code') }}
),

sipas as (
    select * from {{ ref('stg_raw__sipas_scores') }}
    where year is not null
),

ranked as (
    select
        submissions.unit_key,
        sipas.*,
        row_number() over (
            partition by submissions.unit_key, sipas.year, sipas.component_code
            order by submissions.received_at desc, sipas.submission_id desc, sipas.row_no asc
        ) as recency_rank
    from sipas
    inner join submissions
        on sipas.submission_id = submissions.submission_id
),

final as (
    select
        md5(ranked.unit_key || '|' || ranked.year || '|' || ranked.component_code) as sipas_id,
        ranked.unit_key,
        submissions.unit_code,
        submissions.unit_name,
        ranked.year,
        ranked.component_code,
        ranked.content,
        {{ unless_withheld('issues_per_row', 'ranked.score') }} as score,
        ranked.max_score,
        {{ unless_withheld('issues_per_row', 'ranked.percent_stated') }} as percent_stated,
        {{ unless_withheld('issues_per_row', 'round(100.0 * ranked.score / nullif(ranked.max_score, 0), 2)') }}
            as percent_computed,
        ranked.rank,
        ranked.rank_of,
        {{ dq_status('issues_per_row') }} as dq_status,
        issues_per_row.dq_rule_ids,
        ranked.source_text,
        ranked.submission_id,
        submissions.source_file
    from ranked
    inner join submissions
        on ranked.submission_id = submissions.submission_id
    left join issues_per_row
        on
            ranked.submission_id = issues_per_row.submission_id
            and ranked.issue_row_code = issues_per_row.row_code
    where ranked.recency_rank = 1
)

select * from final
