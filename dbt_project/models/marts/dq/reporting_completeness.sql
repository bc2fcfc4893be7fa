-- Which units were expected to report for a period, which did, and which were late.
-- Expected: every unit of the reporting levels (var reporting_levels) that existed during
-- the period's window, in each province that sent at least one report for that period.
with

units as (
    select * from {{ ref('stg_ref__units') }}
),

periods as (
    select * from {{ ref('stg_ref__periods') }}
),

submissions as (
    select * from {{ ref('int_submissions__ranked') }}
),

provinces_in_scope as (
    select distinct
        submissions.period_key,
        units.province_code,
        units.era
    from submissions
    inner join units
        on submissions.unit_key = units.unit_key
    where submissions.status <> 'quarantined'
),

expected as (
    select
        provinces_in_scope.period_key,
        units.unit_key,
        units.unit_code,
        units.unit_name,
        units.unit_level,
        units.province_code,
        periods.due_date
    from provinces_in_scope
    inner join periods
        on provinces_in_scope.period_key = periods.period_key
    inner join units
        on
            provinces_in_scope.province_code = units.province_code
            and provinces_in_scope.era = units.era
            and units.unit_level in ({{ "'" ~ var('reporting_levels') | join("', '") ~ "'" }})
            and coalesce(units.valid_from, date '1900-01-01') <= periods.window_to
            and coalesce(units.valid_to, date '2999-12-31') >= periods.window_from
),

received as (
    select
        unit_key,
        period_key,
        min(received_at) as first_received_at,
        min(report_date) as report_date,
        count(*) as n_files,
        bool_or(status = 'published') as has_published
    from submissions
    where status <> 'quarantined'
    group by unit_key, period_key
),

final as (
    select
        expected.period_key,
        expected.unit_key,
        expected.unit_code,
        expected.unit_name,
        expected.unit_level,
        expected.province_code,
        expected.due_date,
        received.unit_key is not null as has_reported,
        coalesce(received.has_published, false) as has_published,
        received.first_received_at,
        received.report_date,
        coalesce(received.n_files, 0) as n_files,
        -- Late: the first file reached the inbox after the due date (Vietnam time).
        received.first_received_at is not null
        and (received.first_received_at at time zone 'Asia/Ho_Chi_Minh')::date > expected.due_date as is_late,
        greatest(
            (received.first_received_at at time zone 'Asia/Ho_Chi_Minh')::date - expected.due_date, 0
        ) as days_late
    from expected
    left join received
        on
            expected.unit_key = received.unit_key
            and expected.period_key = received.period_key
)

select * from final
