-- Legal normative documents (VBQPPL): issued, checked, reviewed and the follow-up of the
-- documents flagged by checks and reviews. One row per unit and period; resolution rates are
-- recomputed from their counts (an empty denominator gives NULL, not 100%).
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

legal_values as (
    select *
    from indicator_values
    where indicator_id like 'legal.%'
),

pivoted as (
    select
        unit_key,
        period_key,
        max(value_numeric) filter (where indicator_id = 'legal.documents_issued') as documents_issued,
        max(value_numeric) filter (
            where indicator_id = 'legal.documents_issued_province'
        ) as documents_issued_province,
        max(value_numeric) filter (
            where indicator_id = 'legal.documents_issued_district'
        ) as documents_issued_district,
        max(value_numeric) filter (
            where indicator_id = 'legal.documents_issued_commune'
        ) as documents_issued_commune,
        max(value_numeric) filter (where indicator_id = 'legal.documents_checked') as documents_checked,
        max(value_numeric) filter (where indicator_id = 'legal.documents_reviewed') as documents_reviewed,
        max(value_numeric) filter (where indicator_id = 'legal.documents_flagged') as documents_flagged,
        max(value_numeric) filter (
            where indicator_id = 'legal.documents_flag_resolved'
        ) as documents_flag_resolved,
        max(value_numeric) filter (
            where indicator_id = 'legal.documents_flagged_after_check'
        ) as documents_flagged_after_check,
        max(value_numeric) filter (
            where indicator_id = 'legal.documents_flag_resolved_after_check'
        ) as documents_flag_resolved_after_check,
        max(value_numeric) filter (
            where indicator_id = 'legal.check_resolution_rate'
        ) as check_resolution_rate_stated,
        max(value_numeric) filter (
            where indicator_id = 'legal.documents_flagged_after_review'
        ) as documents_flagged_after_review,
        max(value_numeric) filter (
            where indicator_id = 'legal.documents_flag_resolved_after_review'
        ) as documents_flag_resolved_after_review,
        max(value_numeric) filter (
            where indicator_id = 'legal.review_resolution_rate'
        ) as review_resolution_rate_stated,
        count(*) filter (where dq_status = 'withheld') as n_values_withheld,
        string_agg(indicator_id, ', ' order by indicator_id) filter (
            where dq_status = 'withheld'
        ) as withheld_indicator_ids
    from legal_values
    group by unit_key, period_key
),

rates as (
    select
        *,
        round(100.0 * documents_flag_resolved / nullif(documents_flagged, 0), 4) as flag_resolution_rate,
        round(
            100.0 * documents_flag_resolved_after_check / nullif(documents_flagged_after_check, 0), 4
        ) as check_resolution_rate,
        round(
            100.0 * documents_flag_resolved_after_review / nullif(documents_flagged_after_review, 0), 4
        ) as review_resolution_rate
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
        rates.documents_issued,
        rates.documents_issued_province,
        rates.documents_issued_district,
        rates.documents_issued_commune,
        rates.documents_checked,
        rates.documents_reviewed,
        rates.documents_flagged,
        rates.documents_flag_resolved,
        rates.flag_resolution_rate,
        rates.documents_flagged_after_check,
        rates.documents_flag_resolved_after_check,
        rates.check_resolution_rate,
        rates.check_resolution_rate_stated,
        rates.documents_flagged_after_review,
        rates.documents_flag_resolved_after_review,
        rates.review_resolution_rate,
        rates.review_resolution_rate_stated,
        rates.n_values_withheld,
        rates.withheld_indicator_ids
    from rates
    left join unit_hierarchy
        on rates.unit_key = unit_hierarchy.unit_key
    left join periods
        on rates.period_key = periods.period_key
)

select * from final
