-- One row per value involved in a data-quality issue, with a message a clerk can act on.
with

issues as (
    select * from {{ ref('stg_dq__issue_rows') }}
),

submissions as (
    select * from {{ ref('int_submissions__ranked') }}
),

appendix_rows as (
    select * from {{ ref('stg_raw__appendix_rows') }}
),

final as (
    select
        md5(
            issues.submission_id || '|' || issues.rule_id || '|'
            || coalesce(issues.row_no::text, '-') || '|' || coalesce(issues.indicator_id, '-')
            || '|' || coalesce(issues.row_code, '-')
        ) as issue_id,
        issues.rule_id,
        issues.rule_kind,
        issues.severity,
        issues.submission_id,
        submissions.source_file,
        submissions.unit_code,
        submissions.unit_name,
        submissions.period_key,
        submissions.status as submission_status,
        coalesce(issues.indicator_id, appendix_rows.indicator_id) as indicator_id,
        coalesce(
            issues.row_code,
            case when appendix_rows.code is not null then appendix_rows.code_raw end
        ) as source_row_code,
        coalesce(issues.row_label, appendix_rows.label) as source_row_label,
        issues.row_no as source_row_no,
        issues.observed,
        issues.expected,
        issues.message_vi,
        issues.dq_run_id
    from issues
    inner join submissions
        on issues.submission_id = submissions.submission_id
    left join appendix_rows
        on
            issues.submission_id = appendix_rows.submission_id
            and issues.row_no = appendix_rows.row_no
)

select * from final
