with

source as (
    select * from {{ source('raw', 'appendix_rows') }}
),

renamed as (
    select
        submission_id,
        row_no,
        code_raw,
        code,
        label_raw,
        label,
        unit_raw,
        value_type,
        enum_legend,
        value_raw,
        value_numeric,
        value_note,
        parse_rule,
        parse_flags,
        is_section,
        parent_row_no,
        parent_code,
        note_raw,
        indicator_id,
        mapping_rule
    from source
)

select * from renamed
