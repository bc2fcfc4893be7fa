-- PAR Index scorecard rows as loaded (loaders/scorecards.py), one per printed row and year.
-- issue_row_code is how the quality gate names a scorecard row in dq.issue_rows
-- (expectations/scorecard_rules.py, row_code): keep both definitions in step.
with

source as (
    select * from {{ source('raw', 'par_scores') }}
),

renamed as (
    select
        submission_id,
        table_no,
        row_no,
        table_kind,
        year,
        criterion_code,
        node_code,
        parent_code,
        split_part(node_code, '.', 1) as field_code,
        cardinality(string_to_array(node_code, '.')) as node_level,
        content,
        max_score,
        achieved,
        deducted as deducted_stated,
        percent_stated,
        change_stated,
        max_raw,
        achieved_raw,
        deducted_raw,
        percent_raw,
        change_raw,
        -- Flags as text: readable in BI, and dbt unit-test fixtures cannot type a text[] column.
        array_to_string(parse_flags, ', ') as parse_flags,
        case table_kind
            when 'summary' then format('%s (tổng hợp %s)', node_code, year)
            when 'index' then format('Chỉ số CCHC (%s)', year)
            else node_code
        end as issue_row_code
    from source
)

select * from renamed
