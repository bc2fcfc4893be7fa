-- Additive indicators rolled up from the reporting units to larger units: one row per rollup
-- level, target unit, period and indicator (only where at least one member unit reported).
-- sum indicators are summed; ratio_of_sums indicators are recomputed as 100 x the summed
-- numerators over the summed denominators of the units that reported both parts, never by
-- averaging percentages. not_additive indicators (binary, enum, percentages without parts,
-- procedure counts every unit shares) are left out. The n_units_* columns say how complete
-- each figure is: expected = members that existed on the last day of the period (plus any
-- member that reported), contributing + withheld + missing = expected.
with

indicator_values as (
    select * from {{ ref('int_indicator_values__units_resolved') }}
),

rollup_members as (
    select * from {{ ref('int_units__rollup_members') }}
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

indicator_parts as (
    select
        indicator_id,
        unit_aggregation,
        indicator_id as part_indicator_id,
        'numerator' as part
    from indicators
    where unit_aggregation = 'sum'

    union all

    select
        indicator_id,
        unit_aggregation,
        numerator_id as part_indicator_id,
        'numerator' as part
    from indicators
    where unit_aggregation = 'ratio_of_sums'

    union all

    select
        indicator_id,
        unit_aggregation,
        denominator_id as part_indicator_id,
        'denominator' as part
    from indicators
    where unit_aggregation = 'ratio_of_sums'
),

member_parts as (
    select
        rollup_members.rollup_level,
        rollup_members.target_unit_key,
        rollup_members.member_unit_key,
        rollup_members.is_partial,
        indicator_values.period_key,
        indicator_parts.indicator_id,
        indicator_parts.unit_aggregation,
        max(indicator_values.value_numeric) filter (where indicator_parts.part = 'numerator') as numerator,
        max(indicator_values.value_numeric) filter (where indicator_parts.part = 'denominator') as denominator,
        bool_or(indicator_values.dq_status = 'withheld') as has_withheld_part
    from indicator_values
    inner join indicator_parts
        on indicator_values.indicator_id = indicator_parts.part_indicator_id
    inner join rollup_members
        on indicator_values.unit_key = rollup_members.member_unit_key
    group by
        rollup_members.rollup_level,
        rollup_members.target_unit_key,
        rollup_members.member_unit_key,
        rollup_members.is_partial,
        indicator_values.period_key,
        indicator_parts.indicator_id,
        indicator_parts.unit_aggregation
),

member_contributions as (
    select
        *,
        numerator is not null
        and (unit_aggregation = 'sum' or denominator is not null) as is_contributing
    from member_parts
),

aggregated as (
    select
        rollup_level,
        target_unit_key,
        period_key,
        indicator_id,
        unit_aggregation,
        sum(numerator) filter (where is_contributing) as numerator_sum,
        sum(denominator) filter (where is_contributing) as denominator_sum,
        count(*) filter (where is_contributing) as n_units_contributing,
        count(*) filter (where not is_contributing and has_withheld_part) as n_units_withheld,
        count(*) filter (where is_contributing and is_partial) as n_units_partial
    from member_contributions
    group by rollup_level, target_unit_key, period_key, indicator_id, unit_aggregation
),

targets_with_data as (
    select distinct
        rollup_level,
        target_unit_key,
        period_key
    from aggregated
),

expected_members as (
    select
        targets_with_data.rollup_level,
        targets_with_data.target_unit_key,
        targets_with_data.period_key,
        rollup_members.member_unit_key
    from targets_with_data
    inner join periods
        on targets_with_data.period_key = periods.period_key
    inner join rollup_members
        on
            targets_with_data.rollup_level = rollup_members.rollup_level
            and targets_with_data.target_unit_key = rollup_members.target_unit_key
    where
        periods.window_to >= rollup_members.member_valid_from
        and periods.window_to <= coalesce(rollup_members.member_valid_to, periods.window_to)

    union

    select
        rollup_level,
        target_unit_key,
        period_key,
        member_unit_key
    from member_contributions
),

expected_counts as (
    select
        rollup_level,
        target_unit_key,
        period_key,
        count(*) as n_units_expected
    from expected_members
    group by rollup_level, target_unit_key, period_key
),

final as (
    select
        aggregated.rollup_level,
        aggregated.target_unit_key as unit_key,
        aggregated.period_key,
        aggregated.indicator_id,
        unit_hierarchy.unit_code,
        unit_hierarchy.unit_name,
        unit_hierarchy.unit_level,
        unit_hierarchy.era,
        unit_hierarchy.province_code,
        unit_hierarchy.province_name,
        periods.period_year,
        periods.period_kind,
        periods.sort_order as period_sort_order,
        aggregated.unit_aggregation,
        indicators.unit_of_measure,
        case
            when aggregated.unit_aggregation = 'sum' then aggregated.numerator_sum
            else round(100.0 * aggregated.numerator_sum / nullif(aggregated.denominator_sum, 0), 4)
        end as value_numeric,
        case
            when aggregated.unit_aggregation = 'ratio_of_sums' then aggregated.numerator_sum
        end as numerator_sum,
        aggregated.denominator_sum,
        expected_counts.n_units_expected,
        aggregated.n_units_contributing,
        aggregated.n_units_withheld,
        expected_counts.n_units_expected
        - aggregated.n_units_contributing
        - aggregated.n_units_withheld as n_units_missing,
        aggregated.n_units_partial
    from aggregated
    inner join expected_counts
        on
            aggregated.rollup_level = expected_counts.rollup_level
            and aggregated.target_unit_key = expected_counts.target_unit_key
            and aggregated.period_key = expected_counts.period_key
    left join unit_hierarchy
        on aggregated.target_unit_key = unit_hierarchy.unit_key
    left join periods
        on aggregated.period_key = periods.period_key
    left join indicators
        on aggregated.indicator_id = indicators.indicator_id
)

select * from final
