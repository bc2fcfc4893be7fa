-- Progress of the annual CCHC plan, the inspections and the tasks given by the level above:
-- one row per unit and period. Plan figures are cumulative since the start of the year, so
-- the latest report of a year tells how far a unit is through its plan.
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

plan_values as (
    select *
    from indicator_values
    where
        indicator_id like 'plan.%'
        or indicator_id like 'inspection.%'
        or indicator_id like 'province_tasks.%'
        or indicator_id like 'district_tasks.%'
),

pivoted as (
    select
        unit_key,
        period_key,
        max(value_numeric) filter (where indicator_id = 'plan.tasks_planned') as tasks_planned,
        max(value_numeric) filter (where indicator_id = 'plan.tasks_completed') as tasks_completed,
        max(value_numeric) filter (where indicator_id = 'plan.completion_rate') as completion_rate_stated,
        max(value_numeric) filter (
            where indicator_id = 'inspection.units_planned'
        ) as inspection_units_planned,
        max(value_numeric) filter (
            where indicator_id = 'inspection.units_inspected'
        ) as inspection_units_inspected,
        max(value_numeric) filter (
            where indicator_id = 'inspection.communes_inspected'
        ) as inspection_communes_inspected,
        max(value_numeric) filter (
            where indicator_id = 'inspection.sections_inspected'
        ) as inspection_sections_inspected,
        max(value_numeric) filter (where indicator_id = 'inspection.issues_found') as inspection_issues_found,
        max(value_numeric) filter (
            where indicator_id = 'inspection.issues_resolved'
        ) as inspection_issues_resolved,
        max(value_numeric) filter (
            where indicator_id = 'inspection.issues_resolved_rate'
        ) as inspection_issues_resolved_rate_stated,
        max(value_numeric) filter (where indicator_id = 'province_tasks.assigned') as province_tasks_assigned,
        max(value_numeric) filter (
            where indicator_id = 'province_tasks.done_on_time'
        ) as province_tasks_done_on_time,
        max(value_numeric) filter (where indicator_id = 'province_tasks.done_late') as province_tasks_done_late,
        max(value_numeric) filter (
            where indicator_id = 'province_tasks.overdue_not_done'
        ) as province_tasks_overdue_not_done,
        max(value_numeric) filter (where indicator_id = 'district_tasks.assigned') as district_tasks_assigned,
        max(value_numeric) filter (
            where indicator_id = 'district_tasks.done_on_time'
        ) as district_tasks_done_on_time,
        max(value_numeric) filter (where indicator_id = 'district_tasks.done_late') as district_tasks_done_late,
        count(*) filter (where dq_status = 'withheld') as n_values_withheld,
        string_agg(indicator_id, ', ' order by indicator_id) filter (
            where dq_status = 'withheld'
        ) as withheld_indicator_ids
    from plan_values
    group by unit_key, period_key
),

derived as (
    select
        *,
        tasks_planned - tasks_completed as tasks_remaining,
        round(100.0 * tasks_completed / nullif(tasks_planned, 0), 4) as completion_rate,
        round(
            100.0 * inspection_issues_resolved / nullif(inspection_issues_found, 0), 4
        ) as inspection_issues_resolved_rate
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
        derived.tasks_planned,
        derived.tasks_completed,
        derived.tasks_remaining,
        derived.completion_rate,
        derived.completion_rate_stated,
        derived.inspection_units_planned,
        derived.inspection_units_inspected,
        derived.inspection_communes_inspected,
        derived.inspection_sections_inspected,
        derived.inspection_issues_found,
        derived.inspection_issues_resolved,
        derived.inspection_issues_resolved_rate,
        derived.inspection_issues_resolved_rate_stated,
        derived.province_tasks_assigned,
        derived.province_tasks_done_on_time,
        derived.province_tasks_done_late,
        derived.province_tasks_overdue_not_done,
        derived.district_tasks_assigned,
        derived.district_tasks_done_on_time,
        derived.district_tasks_done_late,
        derived.n_values_withheld,
        derived.withheld_indicator_ids
    from derived
    left join unit_hierarchy
        on derived.unit_key = unit_hierarchy.unit_key
    left join periods
        on derived.period_key = periods.period_key
)

select * from final
