-- The published value of each indicator for each unit and period.
-- Values involved in an error of the quality gate are withheld: value_numeric is NULL
-- and dq_status = 'withheld'; the submitted text stays visible in value_text.
with

indicator_values as (
    select * from {{ ref('int_indicator_values__published') }}
),

issues as (
    select * from {{ ref('stg_dq__issue_rows') }}
),

issues_per_value as (
    select
        submission_id,
        row_no,
        bool_or(severity = 'error') as has_error,
        string_agg(distinct rule_id, ', ' order by rule_id) as dq_rule_ids
    from issues
    where row_no is not null
    group by submission_id, row_no
),

final as (
    select
        indicator_values.unit_code,
        indicator_values.period_key,
        indicator_values.indicator_id,
        case
            when issues_per_value.has_error then null
            else indicator_values.value_numeric
        end as value_numeric,
        indicator_values.value_raw as value_text,
        case
            when issues_per_value.has_error then 'withheld'
            when issues_per_value.submission_id is not null then 'warning'
            else 'ok'
        end as dq_status,
        issues_per_value.dq_rule_ids,
        indicator_values.submission_id,
        indicator_values.source_file,
        case when indicator_values.code is not null then indicator_values.code_raw end as source_row_code,
        indicator_values.label as source_row_label,
        indicator_values.row_no as source_row_no,
        indicator_values.unit_key,
        indicator_values.value_type,
        indicator_values.value_note,
        indicator_values.parse_rule,
        'appendix'::text as value_source
    from indicator_values
    left join issues_per_value
        on
            indicator_values.submission_id = issues_per_value.submission_id
            and indicator_values.row_no = issues_per_value.row_no
)

select * from final
