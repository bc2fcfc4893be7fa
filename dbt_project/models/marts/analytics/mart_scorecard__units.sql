-- The province scorecard: one row per unit and period with the headline indicators of the
-- catalogue (is_headline) and, for each rate, the unit's rank among its peers: the units of
-- the same level, province and period (1 = highest; units without the rate are not ranked).
-- Rates come from the domain marts, so they are recomputed from counts wherever the template
-- prints the counts.
with

tthc_results as (
    select * from {{ ref('mart_tthc__results') }}
),

plan_progress as (
    select * from {{ ref('mart_plan__progress') }}
),

staffing as (
    select * from {{ ref('mart_org__staffing') }}
),

public_finance as (
    select * from {{ ref('mart_finance__public_finance') }}
),

egov_services as (
    select * from {{ ref('mart_egov__services') }}
),

indicator_values as (
    select * from {{ ref('int_indicator_values__units_resolved') }}
),

unit_hierarchy as (
    select * from {{ ref('int_units__hierarchy') }}
),

periods as (
    select * from {{ ref('dim_periods') }}
),

headline_withheld as (
    -- Headline values and the counts they are computed from that the quality gate withheld.
    select
        unit_key,
        period_key,
        count(*) as n_values_withheld
    from indicator_values
    where
        dq_status = 'withheld'
        and indicator_id in (
            'plan.completion_rate', 'plan.tasks_completed', 'plan.tasks_planned',
            'tthc.records_received', 'tthc.on_time_rate', 'tthc.records_on_time', 'tthc.records_resolved',
            'staff.present',
            'finance.investment_disbursement_rate', 'finance.investment_disbursed', 'finance.investment_plan',
            'egov.documents_fully_electronic_rate',
            'egov.online_records_rate', 'egov.records_received_online', 'egov.records_received_eligible'
        )
    group by unit_key, period_key
),

unit_periods as (
    select
        unit_key,
        period_key
    from tthc_results
    union
    select
        unit_key,
        period_key
    from plan_progress
    union
    select
        unit_key,
        period_key
    from staffing
    union
    select
        unit_key,
        period_key
    from public_finance
    union
    select
        unit_key,
        period_key
    from egov_services
),

headline as (
    select
        unit_periods.unit_key,
        unit_periods.period_key,
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
        plan_progress.completion_rate as plan_completion_rate,
        tthc_results.records_received,
        tthc_results.on_time_rate,
        staffing.staff_present,
        public_finance.investment_disbursement_rate,
        egov_services.documents_fully_electronic_rate,
        egov_services.online_records_rate,
        coalesce(headline_withheld.n_values_withheld, 0) as n_values_withheld
    from unit_periods
    left join unit_hierarchy
        on unit_periods.unit_key = unit_hierarchy.unit_key
    left join periods
        on unit_periods.period_key = periods.period_key
    left join tthc_results
        on
            unit_periods.unit_key = tthc_results.unit_key
            and unit_periods.period_key = tthc_results.period_key
    left join plan_progress
        on
            unit_periods.unit_key = plan_progress.unit_key
            and unit_periods.period_key = plan_progress.period_key
    left join staffing
        on
            unit_periods.unit_key = staffing.unit_key
            and unit_periods.period_key = staffing.period_key
    left join public_finance
        on
            unit_periods.unit_key = public_finance.unit_key
            and unit_periods.period_key = public_finance.period_key
    left join egov_services
        on
            unit_periods.unit_key = egov_services.unit_key
            and unit_periods.period_key = egov_services.period_key
    left join headline_withheld
        on
            unit_periods.unit_key = headline_withheld.unit_key
            and unit_periods.period_key = headline_withheld.period_key
),

final as (
    select
        *,
        count(*) over (partition by province_code, unit_level, period_key) as n_peers,
        -- Partitioning also by "is null" keeps units without the rate out of the ranking.
        case
            when plan_completion_rate is not null
                then rank() over (
                    partition by province_code, unit_level, period_key, plan_completion_rate is null
                    order by plan_completion_rate desc
                )
        end as plan_completion_rate_rank,
        case
            when on_time_rate is not null
                then rank() over (
                    partition by province_code, unit_level, period_key, on_time_rate is null
                    order by on_time_rate desc
                )
        end as on_time_rate_rank,
        case
            when investment_disbursement_rate is not null
                then rank() over (
                    partition by province_code, unit_level, period_key, investment_disbursement_rate is null
                    order by investment_disbursement_rate desc
                )
        end as investment_disbursement_rate_rank,
        case
            when documents_fully_electronic_rate is not null
                then rank() over (
                    partition by province_code, unit_level, period_key, documents_fully_electronic_rate is null
                    order by documents_fully_electronic_rate desc
                )
        end as documents_fully_electronic_rate_rank,
        case
            when online_records_rate is not null
                then rank() over (
                    partition by province_code, unit_level, period_key, online_records_rate is null
                    order by online_records_rate desc
                )
        end as online_records_rate_rank
    from headline
)

select * from final
