-- Published values shaped as SDMX observations, for exchange with other statistical systems
-- (loaders/export_sdmx.py writes them as SDMX-CSV 2.0). Dimensions: REF_AREA (the unit,
-- "<ERA>_<code>" because a code alone is ambiguous across the 2025 reorganisation), INDICATOR
-- (the catalogue id with "." as "_", SDMX ids allow no dots) and TIME_PERIOD (the official
-- data window as an SDMX time range, start date/ISO 8601 duration: Vietnamese reporting
-- periods open on 15 December, so they are not calendar quarters). Measure OBS_VALUE (empty
-- when withheld); attributes DQ_STATUS and UNIT_MEASURE. Values that are not a single number
-- (e.g. "48 TTHC cấp Huyện; 29 TTHC cấp xã") are not observations and are left out.
with

indicator_values as (
    select * from {{ ref('int_indicator_values__units_resolved') }}
),

indicators as (
    select * from {{ ref('dim_indicators') }}
),

unit_hierarchy as (
    select * from {{ ref('int_units__hierarchy') }}
),

periods as (
    select * from {{ ref('dim_periods') }}
),

observed as (
    select *
    from indicator_values
    where
        value_numeric is not null
        or dq_status = 'withheld'
),

period_ranges as (
    select
        period_key,
        window_from,
        (
            extract(year from age(window_to + 1, window_from)) * 12
            + extract(month from age(window_to + 1, window_from))
        )::integer as window_months
    from periods
),

final as (
    select
        upper(unit_hierarchy.era) || '_' || unit_hierarchy.unit_code as ref_area,
        upper(replace(observed.indicator_id, '.', '_')) as indicator,
        to_char(period_ranges.window_from, 'YYYY-MM-DD')
        || '/P'
        || case
            when period_ranges.window_months % 12 = 0 then (period_ranges.window_months / 12)::text || 'Y'
            else period_ranges.window_months::text || 'M'
        end as time_period,
        observed.value_numeric as obs_value,
        observed.dq_status,
        indicators.unit_of_measure as unit_measure,
        observed.unit_key,
        observed.period_key,
        observed.indicator_id
    from observed
    inner join unit_hierarchy
        on observed.unit_key = unit_hierarchy.unit_key
    inner join period_ranges
        on observed.period_key = period_ranges.period_key
    left join indicators
        on observed.indicator_id = indicators.indicator_id
)

select * from final
