-- Every published value with the unit resolved to its key (code + era).
-- A commune code can name a pre-2025 commune and, since 1 July 2025, a different merged
-- commune, so the code alone is ambiguous: when the loader did not record the unit key, the
-- unit is the one with that code that was valid on the last day of the period's data window.
{{ config(schema='intermediate') }}

with

indicator_values as (
    select * from {{ ref('fct_indicator_values') }}
),

units as (
    select * from {{ ref('dim_units') }}
),

periods as (
    select * from {{ ref('dim_periods') }}
),

codes_without_key as (
    select distinct
        unit_code,
        period_key
    from indicator_values
    where unit_key is null
),

candidates as (
    select
        codes_without_key.unit_code,
        codes_without_key.period_key,
        units.unit_key,
        row_number() over (
            partition by codes_without_key.unit_code, codes_without_key.period_key
            order by
                (
                    periods.window_to >= units.valid_from
                    and periods.window_to <= coalesce(units.valid_to, periods.window_to)
                ) desc nulls last,
                units.valid_from desc
        ) as preference
    from codes_without_key
    inner join units
        on codes_without_key.unit_code = units.unit_code
    left join periods
        on codes_without_key.period_key = periods.period_key
),

resolved as (
    select
        unit_code,
        period_key,
        unit_key
    from candidates
    where preference = 1
),

final as (
    select
        coalesce(indicator_values.unit_key, resolved.unit_key) as unit_key,
        indicator_values.unit_code,
        indicator_values.period_key,
        indicator_values.indicator_id,
        indicator_values.value_numeric,
        indicator_values.dq_status,
        indicator_values.submission_id
    from indicator_values
    left join resolved
        on
            indicator_values.unit_code = resolved.unit_code
            and indicator_values.period_key = resolved.period_key
)

select * from final
