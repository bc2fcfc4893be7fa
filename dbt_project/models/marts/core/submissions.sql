-- One row per file ever received, quarantined ones included.
with

ranked as (
    select * from {{ ref('int_submissions__ranked') }}
),

final as (
    select
        submission_id,
        source_file,
        source_path,
        file_sha256,
        unit_key,
        unit_code,
        unit_name,
        unit_type,
        province_code,
        province_name,
        period_key,
        status,
        status_reason_vi as status_reason,
        reason_code,
        received_at,
        report_number,
        report_date,
        report_date_source,
        stated_window_from,
        stated_window_to,
        template_id,
        reader,
        n_rows
    from ranked
)

select * from final
