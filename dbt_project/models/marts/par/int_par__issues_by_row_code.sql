-- Quality issues of values that are not appendix rows (scorecard criteria, SIPAS rows),
-- one row per submission and row_code: whether an error withholds it, and which rules
-- flagged it. fct_par_scores and fct_sipas join on the row_code the rules write.
-- Ephemeral, and under marts: it must read the issues of this run's gate, which runs
-- after staging and intermediate are built.
{{ config(materialized='ephemeral') }}

with

issues as (
    select * from {{ ref('stg_dq__issue_rows') }}
    where row_no is null
),

per_row_code as (
    select
        submission_id,
        row_code,
        bool_or(severity = 'error') as has_error,
        string_agg(distinct rule_id, ', ' order by rule_id) as dq_rule_ids
    from issues
    group by submission_id, row_code
)

select * from per_row_code
