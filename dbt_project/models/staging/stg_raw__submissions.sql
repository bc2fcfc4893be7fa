with

source as (
    select * from {{ source('raw', 'submissions') }}
),

renamed as (
    select
        submission_id,
        file_sha256,
        source_file,
        source_path,
        inbox_folder,
        file_size,
        received_at,
        run_id,
        reader,
        load_status,
        reason_code,
        status_reason,
        unit_key,
        unit_code,
        unit_name,
        unit_type,
        province_code,
        province_name,
        period_key,
        report_year,
        report_number,
        report_date,
        -- header | appendix_heading: where report_date was read (the header left it blank)
        identification ->> 'report_date_source' as report_date_source,
        stated_window_from,
        stated_window_to,
        template_id,
        template_score,
        n_rows
    from source
)

select * from renamed
