-- Public finance: disbursement of the public investment plan and the financial autonomy of
-- public service units (ĐVSNCL). One row per unit and period; the disbursement rate is
-- recomputed from money disbursed and the plan, never taken from the printed percentage.
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

finance_values as (
    select *
    from indicator_values
    where indicator_id like 'finance.%'
),

pivoted as (
    select
        unit_key,
        period_key,
        max(value_numeric) filter (where indicator_id = 'finance.investment_plan') as investment_plan,
        max(value_numeric) filter (where indicator_id = 'finance.investment_disbursed') as investment_disbursed,
        max(value_numeric) filter (
            where indicator_id = 'finance.investment_disbursement_rate'
        ) as investment_disbursement_rate_stated,
        max(value_numeric) filter (where indicator_id = 'finance.sncl_total') as sncl_total,
        max(value_numeric) filter (where indicator_id = 'finance.sncl_autonomy_full') as sncl_autonomy_full,
        max(value_numeric) filter (
            where indicator_id = 'finance.sncl_autonomy_recurrent'
        ) as sncl_autonomy_recurrent,
        max(value_numeric) filter (where indicator_id = 'finance.sncl_autonomy_partial') as sncl_autonomy_partial,
        max(value_numeric) filter (where indicator_id = 'finance.sncl_state_funded') as sncl_state_funded,
        max(value_numeric) filter (where indicator_id = 'finance.sncl_equitised') as sncl_equitised,
        max(value_numeric) filter (
            where indicator_id = 'finance.internal_spending_rules'
        ) as has_internal_spending_rules_code,
        max(value_numeric) filter (
            where indicator_id = 'finance.public_asset_rules'
        ) as has_public_asset_rules_code,
        count(*) filter (where dq_status = 'withheld') as n_values_withheld,
        string_agg(indicator_id, ', ' order by indicator_id) filter (
            where dq_status = 'withheld'
        ) as withheld_indicator_ids
    from finance_values
    group by unit_key, period_key
),

derived as (
    select
        *,
        round(100.0 * investment_disbursed / nullif(investment_plan, 0), 4) as investment_disbursement_rate,
        -- Units that pay at least their recurrent spending themselves, as a share of all units.
        round(
            100.0 * (coalesce(sncl_autonomy_full, 0) + coalesce(sncl_autonomy_recurrent, 0))
            / nullif(sncl_total, 0),
            4
        ) as sncl_self_financing_share
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
        derived.investment_plan,
        derived.investment_disbursed,
        derived.investment_disbursement_rate,
        derived.investment_disbursement_rate_stated,
        derived.sncl_total,
        derived.sncl_autonomy_full,
        derived.sncl_autonomy_recurrent,
        derived.sncl_autonomy_partial,
        derived.sncl_state_funded,
        derived.sncl_equitised,
        derived.sncl_self_financing_share,
        derived.has_internal_spending_rules_code = 1 as has_internal_spending_rules,
        derived.has_public_asset_rules_code = 1 as has_public_asset_rules,
        derived.n_values_withheld,
        derived.withheld_indicator_ids
    from derived
    left join unit_hierarchy
        on derived.unit_key = unit_hierarchy.unit_key
    left join periods
        on derived.period_key = periods.period_key
)

select * from final
