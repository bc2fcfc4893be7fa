-- Administrative-procedure results rolled up to districts, provinces and today's communes and
-- provinces (see int_units__rollup_members for who counts where). One row per rollup level,
-- target unit and period. Counts are summed over the member units that reported them; each
-- rate is 100 x summed numerator / summed denominator over the units that reported both parts
-- (n_units_on_time_rate, n_units_online_share say how many), never an average of percentages.
with

tthc_results as (
    select * from {{ ref('mart_tthc__results') }}
),

rollup_members as (
    select * from {{ ref('int_units__rollup_members') }}
),

unit_hierarchy as (
    select * from {{ ref('int_units__hierarchy') }}
),

periods as (
    select * from {{ ref('dim_periods') }}
),

member_results as (
    select
        rollup_members.rollup_level,
        rollup_members.target_unit_key,
        rollup_members.is_partial,
        tthc_results.*,
        tthc_results.records_on_time is not null
        and tthc_results.records_resolved is not null as has_on_time_parts,
        tthc_results.records_received_online is not null
        and tthc_results.records_received is not null as has_online_parts,
        tthc_results.records_received_postal is not null
        and tthc_results.records_received is not null as has_postal_parts
    from tthc_results
    inner join rollup_members
        on tthc_results.unit_key = rollup_members.member_unit_key
),

aggregated as (
    select
        rollup_level,
        target_unit_key,
        period_key,
        sum(records_received) as records_received,
        sum(records_received_direct) as records_received_direct,
        sum(records_received_postal) as records_received_postal,
        sum(records_received_online) as records_received_online,
        sum(records_resolved) as records_resolved,
        sum(records_on_time) as records_on_time,
        sum(records_late) as records_late,
        sum(records_on_time) filter (where has_on_time_parts) as on_time_numerator,
        sum(records_resolved) filter (where has_on_time_parts) as on_time_denominator,
        sum(records_received_online) filter (where has_online_parts) as online_numerator,
        sum(records_received) filter (where has_online_parts) as online_denominator,
        sum(records_received_postal) filter (where has_postal_parts) as postal_numerator,
        sum(records_received) filter (where has_postal_parts) as postal_denominator,
        count(*) as n_units_reported,
        count(*) filter (where has_on_time_parts) as n_units_on_time_rate,
        count(*) filter (where has_online_parts) as n_units_online_share,
        count(*) filter (where n_values_withheld > 0) as n_units_withheld,
        count(*) filter (where is_partial) as n_units_partial
    from member_results
    group by rollup_level, target_unit_key, period_key
),

expected_members as (
    select
        aggregated.rollup_level,
        aggregated.target_unit_key,
        aggregated.period_key,
        rollup_members.member_unit_key
    from aggregated
    inner join periods
        on aggregated.period_key = periods.period_key
    inner join rollup_members
        on
            aggregated.rollup_level = rollup_members.rollup_level
            and aggregated.target_unit_key = rollup_members.target_unit_key
    where
        periods.window_to >= rollup_members.member_valid_from
        and periods.window_to <= coalesce(rollup_members.member_valid_to, periods.window_to)

    union

    select
        rollup_level,
        target_unit_key,
        period_key,
        unit_key as member_unit_key
    from member_results
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
        unit_hierarchy.unit_code,
        unit_hierarchy.unit_name,
        unit_hierarchy.unit_level,
        unit_hierarchy.era,
        unit_hierarchy.province_code,
        unit_hierarchy.province_name,
        periods.period_year,
        periods.period_kind,
        periods.sort_order as period_sort_order,
        aggregated.records_received,
        aggregated.records_received_direct,
        aggregated.records_received_postal,
        aggregated.records_received_online,
        aggregated.records_resolved,
        aggregated.records_on_time,
        aggregated.records_late,
        round(100.0 * aggregated.on_time_numerator / nullif(aggregated.on_time_denominator, 0), 4) as on_time_rate,
        aggregated.on_time_numerator as on_time_rate_numerator,
        aggregated.on_time_denominator as on_time_rate_denominator,
        round(100.0 * aggregated.online_numerator / nullif(aggregated.online_denominator, 0), 4) as online_share,
        aggregated.online_numerator as online_share_numerator,
        aggregated.online_denominator as online_share_denominator,
        round(100.0 * aggregated.postal_numerator / nullif(aggregated.postal_denominator, 0), 4) as postal_share,
        aggregated.postal_numerator as postal_share_numerator,
        aggregated.postal_denominator as postal_share_denominator,
        expected_counts.n_units_expected,
        aggregated.n_units_reported,
        expected_counts.n_units_expected - aggregated.n_units_reported as n_units_missing,
        aggregated.n_units_on_time_rate,
        aggregated.n_units_online_share,
        aggregated.n_units_withheld,
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
)

select * from final
