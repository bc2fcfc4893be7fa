-- One value per unit, period and indicator, taken from the published submission.
-- Blank cells are "not reported", not zero, so they are left out here.
with

submissions as (
    select * from {{ ref('int_submissions__ranked') }}
    where status = 'published'
),

appendix_rows as (
    select * from {{ ref('stg_raw__appendix_rows') }}
    where
        indicator_id is not null
        and not is_section
        and nullif(trim(value_raw), '') is not null
),

joined as (
    select
        submissions.unit_key,
        submissions.unit_code,
        submissions.period_key,
        appendix_rows.indicator_id,
        appendix_rows.submission_id,
        appendix_rows.row_no,
        submissions.source_file,
        appendix_rows.code,
        appendix_rows.code_raw,
        appendix_rows.label,
        appendix_rows.value_type,
        appendix_rows.value_raw,
        appendix_rows.value_numeric,
        appendix_rows.value_note,
        appendix_rows.parse_rule,
        appendix_rows.parse_flags,
        row_number() over (
            partition by appendix_rows.submission_id, appendix_rows.indicator_id
            order by appendix_rows.row_no
        ) as occurrence
    from appendix_rows
    inner join submissions
        on appendix_rows.submission_id = submissions.submission_id
)

select * from joined
where occurrence = 1
