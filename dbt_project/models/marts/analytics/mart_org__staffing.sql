-- Organisation and staffing: agencies, public service units, civil-service and public
-- service unit staff against their quotas. One row per unit and period (stocks at the
-- report date); fill rates are recomputed from staff present and quota.
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

staffing_values as (
    select *
    from indicator_values
    where
        indicator_id like 'org.%'
        or indicator_id like 'staff.%'
        or indicator_id like 'sncl_staff.%'
),

pivoted as (
    select
        unit_key,
        period_key,
        max(value_numeric) filter (where indicator_id = 'org.specialised_agencies') as specialised_agencies,
        max(value_numeric) filter (where indicator_id = 'org.subordinate_agencies') as subordinate_agencies,
        max(value_numeric) filter (where indicator_id = 'org.public_service_units') as public_service_units,
        max(value_numeric) filter (where indicator_id = 'staff.quota') as staff_quota,
        max(value_numeric) filter (where indicator_id = 'staff.present') as staff_present,
        max(value_numeric) filter (where indicator_id = 'staff.contract_workers') as staff_contract_workers,
        max(value_numeric) filter (where indicator_id = 'staff.reduced_in_period') as staff_reduced_in_period,
        max(value_numeric) filter (
            where indicator_id = 'staff.reduced_rate_since_2015'
        ) as staff_reduced_rate_since_2015_stated,
        max(value_numeric) filter (where indicator_id = 'sncl_staff.quota') as sncl_staff_quota,
        max(value_numeric) filter (where indicator_id = 'sncl_staff.present') as sncl_staff_present,
        max(value_numeric) filter (
            where indicator_id = 'sncl_staff.reduced_in_period'
        ) as sncl_staff_reduced_in_period,
        max(value_numeric) filter (
            where indicator_id = 'sncl_staff.reduced_rate_since_2015'
        ) as sncl_staff_reduced_rate_since_2015_stated,
        count(*) filter (where dq_status = 'withheld') as n_values_withheld,
        string_agg(indicator_id, ', ' order by indicator_id) filter (
            where dq_status = 'withheld'
        ) as withheld_indicator_ids
    from staffing_values
    group by unit_key, period_key
),

derived as (
    select
        *,
        staff_quota - staff_present as staff_vacancies,
        round(100.0 * staff_present / nullif(staff_quota, 0), 4) as staff_fill_rate,
        sncl_staff_quota - sncl_staff_present as sncl_staff_vacancies,
        round(100.0 * sncl_staff_present / nullif(sncl_staff_quota, 0), 4) as sncl_staff_fill_rate
    from pivoted
),

final as (
    select
        derived.unit_key,
        derived.period_key,
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
        derived.specialised_agencies,
        derived.subordinate_agencies,
        derived.public_service_units,
        derived.staff_quota,
        derived.staff_present,
        derived.staff_vacancies,
        derived.staff_fill_rate,
        derived.staff_contract_workers,
        derived.staff_reduced_in_period,
        derived.staff_reduced_rate_since_2015_stated,
        derived.sncl_staff_quota,
        derived.sncl_staff_present,
        derived.sncl_staff_vacancies,
        derived.sncl_staff_fill_rate,
        derived.sncl_staff_reduced_in_period,
        derived.sncl_staff_reduced_rate_since_2015_stated,
        derived.n_values_withheld,
        derived.withheld_indicator_ids
    from derived
    left join unit_hierarchy
        on derived.unit_key = unit_hierarchy.unit_key
    left join periods
        on derived.period_key = periods.period_key
)

select * from final
