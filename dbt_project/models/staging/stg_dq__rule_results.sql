with

rule_results as (
    select * from {{ source('dq', 'rule_results') }}
),

runs as (
    select * from {{ source('dq', 'runs') }}
),

final as (
    select
        rule_results.dq_run_id,
        runs.run_id,
        runs.checkpoint,
        runs.started_at,
        runs.n_submissions,
        rule_results.rule_id,
        rule_results.rule_kind,
        rule_results.severity,
        rule_results.success,
        rule_results.unexpected_count
    from rule_results
    inner join runs
        on rule_results.dq_run_id = runs.dq_run_id
)

select * from final
