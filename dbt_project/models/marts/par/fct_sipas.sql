-- SIPAS satisfaction (QĐ 2640/QĐ-BNV) per unit and year: the overall index and its five
-- components, from the most recent report that states them. percent_computed is
-- score / max_score for the overall row (the components are printed as percentages only).
with

submissions as (
    select * from {{ ref('int_submissions__ranked') }}
    where unit_key is not null
),

issues as (
    select * from {{ ref('stg_dq__issue_rows') }}
    where row_no is null
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

issues_per_row as (
    select
        submission_id,
        row_code,
        bool_or(severity = 'error') as has_error,
        string_agg(distinct rule_id, ', ' order by rule_id) as dq_rule_ids
    from issues
    group by submission_id, row_code
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
        case when not coalesce(issues_per_row.has_error, false) then ranked.score end as score,
        ranked.max_score,
        case when not coalesce(issues_per_row.has_error, false) then ranked.percent_stated end as percent_stated,
        case
            when not coalesce(issues_per_row.has_error, false) and ranked.max_score > 0
                then round(100.0 * ranked.score / ranked.max_score, 2)
        end as percent_computed,
        ranked.rank,
        ranked.rank_of,
        case
            when issues_per_row.has_error then 'withheld'
            when issues_per_row.submission_id is not null then 'warning'
            else 'ok'
        end as dq_status,
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
