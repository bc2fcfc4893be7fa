-- Decides which stored submission is the published one for each unit and period:
-- the most recently received file wins; earlier ones stay as history ("superseded").
with

submissions as (
    select * from {{ ref('stg_raw__submissions') }}
),

loaded as (
    select
        submission_id,
        source_file,
        received_at,
        row_number() over (
            partition by unit_key, period_key
            order by received_at desc, report_date desc nulls last, submission_id desc
        ) as recency_rank,
        first_value(source_file) over (
            partition by unit_key, period_key
            order by received_at desc, report_date desc nulls last, submission_id desc
        ) as latest_source_file
    from submissions
    where load_status = 'loaded'
),

final as (
    select
        submissions.*,
        case
            when submissions.load_status <> 'loaded' then submissions.load_status
            when loaded.recency_rank = 1 then 'published'
            else 'superseded'
        end as status,
        case
            when submissions.load_status <> 'loaded' then submissions.status_reason
            when loaded.recency_rank = 1 then 'Đã công bố số liệu của báo cáo này.'
            else
                'Đã được thay thế bởi tệp gửi sau cho cùng đơn vị và kỳ báo cáo: '
                || loaded.latest_source_file || '.'
        end as status_reason_vi
    from submissions
    left join loaded
        on submissions.submission_id = loaded.submission_id
)

select * from final
