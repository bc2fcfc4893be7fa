-- E-government: electronic documents, online public services and online submissions.
-- One row per unit and period. Ratios with printed parts (online records, procedures offered
-- online, online payment) are recomputed from them; percentages the templates print without
-- parts (electronic documents) are shown as published.
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

egov_values as (
    select *
    from indicator_values
    where indicator_id like 'egov.%'
),

pivoted as (
    select
        unit_key,
        period_key,
        max(value_numeric) filter (where indicator_id = 'egov.documents_sent') as documents_sent,
        max(value_numeric) filter (
            where indicator_id = 'egov.documents_fully_electronic_rate'
        ) as documents_fully_electronic_rate,
        max(value_numeric) filter (
            where indicator_id = 'egov.documents_electronic_and_paper_rate'
        ) as documents_electronic_and_paper_rate,
        max(value_numeric) filter (where indicator_id = 'egov.procedures_eligible_l3') as procedures_eligible_l3,
        max(value_numeric) filter (where indicator_id = 'egov.procedures_online_l3') as procedures_online_l3,
        max(value_numeric) filter (where indicator_id = 'egov.procedures_eligible_l4') as procedures_eligible_l4,
        max(value_numeric) filter (where indicator_id = 'egov.procedures_online_l4') as procedures_online_l4,
        max(value_numeric) filter (where indicator_id = 'egov.procedures_online_l34') as procedures_online_l34,
        max(value_numeric) filter (
            where indicator_id = 'egov.records_received_eligible'
        ) as records_received_eligible,
        max(value_numeric) filter (
            where indicator_id = 'egov.records_received_online'
        ) as records_received_online,
        max(value_numeric) filter (
            where indicator_id = 'egov.online_records_rate'
        ) as online_records_rate_stated,
        max(value_numeric) filter (where indicator_id = 'egov.procedures_with_fees') as procedures_with_fees,
        max(value_numeric) filter (
            where indicator_id = 'egov.procedures_online_payment'
        ) as procedures_online_payment,
        count(*) filter (where dq_status = 'withheld') as n_values_withheld,
        string_agg(indicator_id, ', ' order by indicator_id) filter (
            where dq_status = 'withheld'
        ) as withheld_indicator_ids
    from egov_values
    group by unit_key, period_key
),

rates as (
    select
        *,
        round(100.0 * procedures_online_l3 / nullif(procedures_eligible_l3, 0), 4) as procedures_online_l3_rate,
        round(100.0 * procedures_online_l4 / nullif(procedures_eligible_l4, 0), 4) as procedures_online_l4_rate,
        round(100.0 * records_received_online / nullif(records_received_eligible, 0), 4) as online_records_rate,
        round(100.0 * procedures_online_payment / nullif(procedures_with_fees, 0), 4) as online_payment_rate
    from pivoted
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
        rates.documents_sent,
        rates.documents_fully_electronic_rate,
        rates.documents_electronic_and_paper_rate,
        rates.procedures_eligible_l3,
        rates.procedures_online_l3,
        rates.procedures_online_l3_rate,
        rates.procedures_eligible_l4,
        rates.procedures_online_l4,
        rates.procedures_online_l4_rate,
        rates.procedures_online_l34,
        rates.records_received_eligible,
        rates.records_received_online,
        rates.online_records_rate,
        rates.online_records_rate_stated,
        rates.procedures_with_fees,
        rates.procedures_online_payment,
        rates.online_payment_rate,
        rates.n_values_withheld,
        rates.withheld_indicator_ids
    from rates
    left join unit_hierarchy
        on rates.unit_key = unit_hierarchy.unit_key
    left join periods
        on rates.period_key = periods.period_key
)

select * from final
