-- Administrative-procedure (TTHC) results: one row per unit and period.
-- Counts are the published values; every rate is recomputed from its counts (the rate the
-- unit printed is kept beside it as *_stated). Values withheld by the quality gate are NULL
-- here and counted in n_values_withheld.
with

indicator_values as (
    select * from {{ ref('int_indicator_values__units_resolved') }}
),

unit_hierarchy as (
    select * from {{ ref('int_units__hierarchy') }}
),

periods as (
    select * from {{ ref('dim_periods') }}
),

tthc_values as (
    select *
    from indicator_values
    where indicator_id in (
        'tthc.records_received',
        'tthc.records_received_direct',
        'tthc.records_received_postal',
        'tthc.records_received_online_l3',
        'tthc.records_received_online_l4',
        'tthc.records_resolved',
        'tthc.records_on_time',
        'tthc.on_time_rate',
        'tthc.postal_received_rate',
        'tthc.commune_records_resolved',
        'tthc.commune_records_on_time',
        'tthc.commune_on_time_rate'
    )
),

pivoted as (
    select
        unit_key,
        period_key,
        max(value_numeric) filter (where indicator_id = 'tthc.records_received') as records_received,
        max(value_numeric) filter (where indicator_id = 'tthc.records_received_direct') as records_received_direct,
        max(value_numeric) filter (where indicator_id = 'tthc.records_received_postal') as records_received_postal,
        max(value_numeric) filter (
            where indicator_id = 'tthc.records_received_online_l3'
        ) as records_received_online_l3,
        max(value_numeric) filter (
            where indicator_id = 'tthc.records_received_online_l4'
        ) as records_received_online_l4,
        max(value_numeric) filter (where indicator_id = 'tthc.records_resolved') as records_resolved,
        max(value_numeric) filter (where indicator_id = 'tthc.records_on_time') as records_on_time,
        max(value_numeric) filter (where indicator_id = 'tthc.on_time_rate') as on_time_rate_stated,
        max(value_numeric) filter (where indicator_id = 'tthc.postal_received_rate') as postal_share_stated,
        max(value_numeric) filter (
            where indicator_id = 'tthc.commune_records_resolved'
        ) as commune_records_resolved,
        max(value_numeric) filter (
            where indicator_id = 'tthc.commune_records_on_time'
        ) as commune_records_on_time,
        max(value_numeric) filter (
            where indicator_id = 'tthc.commune_on_time_rate'
        ) as commune_on_time_rate_stated,
        count(*) filter (where dq_status = 'withheld') as n_values_withheld,
        string_agg(indicator_id, ', ' order by indicator_id) filter (
            where dq_status = 'withheld'
        ) as withheld_indicator_ids
    from tthc_values
    group by unit_key, period_key
),

derived_counts as (
    select
        *,
        -- Online = level 3 + level 4; a blank level counts as 0 unless both are blank
        -- (the template's own sum rule reads blanks the same way).
        case
            when records_received_online_l3 is null and records_received_online_l4 is null then null
            else coalesce(records_received_online_l3, 0) + coalesce(records_received_online_l4, 0)
        end as records_received_online,
        records_resolved - records_on_time as records_late,
        commune_records_resolved - commune_records_on_time as commune_records_late
    from pivoted
),

rates as (
    select
        *,
        round(100.0 * records_on_time / nullif(records_resolved, 0), 4) as on_time_rate,
        round(100.0 * records_received_online / nullif(records_received, 0), 4) as online_share,
        round(100.0 * records_received_postal / nullif(records_received, 0), 4) as postal_share,
        round(100.0 * commune_records_on_time / nullif(commune_records_resolved, 0), 4) as commune_on_time_rate
    from derived_counts
),

final as (
    select
        rates.unit_key,
        rates.period_key,
        unit_hierarchy.unit_code,
        unit_hierarchy.unit_name,
        unit_hierarchy.unit_level,
        unit_hierarchy.era,
        unit_hierarchy.district_code,
        unit_hierarchy.district_name,
        unit_hierarchy.province_code,
        unit_hierarchy.province_name,
        periods.period_year,
        periods.period_kind,
        periods.sort_order as period_sort_order,
        rates.records_received,
        rates.records_received_direct,
        rates.records_received_postal,
        rates.records_received_online_l3,
        rates.records_received_online_l4,
        rates.records_received_online,
        rates.records_resolved,
        rates.records_on_time,
        rates.records_late,
        rates.on_time_rate,
        rates.on_time_rate_stated,
        rates.online_share,
        rates.postal_share,
        rates.postal_share_stated,
        rates.commune_records_resolved,
        rates.commune_records_on_time,
        rates.commune_records_late,
        rates.commune_on_time_rate,
        rates.commune_on_time_rate_stated,
        rates.n_values_withheld,
        rates.withheld_indicator_ids
    from rates
    left join unit_hierarchy
        on rates.unit_key = unit_hierarchy.unit_key
    left join periods
        on rates.period_key = periods.period_key
)

select * from final
