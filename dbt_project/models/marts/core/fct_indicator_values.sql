-- The published value of each indicator for each unit and period.
-- Values involved in an error of the quality gate are withheld: value_numeric is NULL
-- and dq_status = 'withheld'; the submitted text stays visible in value_text.
-- value_source says where a value was read: the appendix, or (for a report sent
-- without one) the figures stated in its narrative.
{%- set value_columns = [
    'unit_key', 'unit_code', 'period_key', 'indicator_id', 'submission_id', 'row_no', 'source_file',
    'code', 'code_raw', 'label', 'value_type', 'value_raw', 'value_numeric', 'value_note', 'parse_rule',
] %}

with

appendix_values as (
    select
        {{ value_columns | join(', ') }},
        'appendix'::text as value_source
    from {{ ref('int_indicator_values__published') }}
),

narrative_values as (
    select
        {{ value_columns | join(', ') }},
        value_source
    from {{ ref('int_indicator_values__narrative') }}
),

indicator_values as (
    select * from appendix_values
    union all
    select * from narrative_values
),

issues as (
    select * from {{ ref('stg_dq__issue_rows') }}
),

-- An appendix value is named by its row; a narrative figure by its indicator.
issues_per_value as (
    select
        submission_id,
        row_no,
        case when row_no is null then indicator_id end as narrative_indicator_id,
        bool_or(severity = 'error') as has_error,
        string_agg(distinct rule_id, ', ' order by rule_id) as dq_rule_ids
    from issues
    where row_no is not null or row_code = 'narrative'
    group by submission_id, row_no, narrative_indicator_id
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
        {{ dq_status('issues_per_value') }} as dq_status,
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
        indicator_values.value_source
    from indicator_values
    left join issues_per_value
        on
            indicator_values.submission_id = issues_per_value.submission_id
            and (
                indicator_values.row_no = issues_per_value.row_no
                or (
                    indicator_values.value_source = 'narrative'
                    and indicator_values.indicator_id = issues_per_value.narrative_indicator_id
                )
            )
)

select * from final
