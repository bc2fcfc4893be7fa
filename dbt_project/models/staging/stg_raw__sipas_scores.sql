-- SIPAS satisfaction rows as loaded (loaders/scorecards.py), one per printed row.
-- issue_row_code is how the quality gate names a SIPAS row in dq.issue_rows
-- (expectations/scorecard_rules.py, sipas_row_code): keep both definitions in step.
with

source as (
    select * from {{ source('raw', 'sipas_scores') }}
),

renamed as (
    select
        submission_id,
        row_no,
        year,
        component_code,
        content,
        score,
        max_score,
        percent_stated,
        rank,
        rank_of,
        score_raw,
        max_raw,
        percent_raw,
        rank_raw,
        source_text,
        case
            when component_code = 'overall' then format('SIPAS (%s)', year)
            else format('SIPAS (%s) – %s', year, content)
        end as issue_row_code
    from source
)

select * from renamed
