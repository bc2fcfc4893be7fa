-- Quality over time: one row per gate run and rule, for charts in BI.
with

rule_results as (
    select * from {{ ref('stg_dq__rule_results') }}
),

final as (
    select
        dq_run_id,
        run_id,
        checkpoint,
        started_at,
        n_submissions,
        rule_id,
        rule_kind,
        severity,
        success,
        unexpected_count
    from rule_results
)

select * from final
