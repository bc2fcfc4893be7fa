-- One row per PAR Index criterion node per unit and year: fields (1), criteria (1.1),
-- sub-criteria (1.5.1) and uncoded lines (1.1.a), with their parent.
-- Source per unit and year: the detail tables of the most recent scorecard that has them,
-- else the year-over-year summary (field level only) of the most recent one that has it.
-- deducted and percent are computed from max_score and achieved, never copied; the printed
-- ones stay in deducted_stated / percent_stated. A node involved in an error of the quality
-- gate is withheld: achieved, deducted and percent are NULL and dq_status = 'withheld'.
with

par_scores as (
    select * from {{ ref('stg_raw__par_scores') }}
    where
        table_kind in ('field_detail', 'summary')
        and node_code is not null
        and year is not null
),

submissions as (
    select * from {{ ref('int_submissions__ranked') }}
    where unit_key is not null
),

issues_per_node as (
    select * from {{ ref('int_par__issues_by_row_code') }}
),

scorecard_tables as (
    select distinct
        submissions.unit_key,
        par_scores.year,
        par_scores.table_kind,
        par_scores.submission_id,
        submissions.received_at
    from par_scores
    inner join submissions
        on par_scores.submission_id = submissions.submission_id
),

chosen_tables as (
    select
        *,
        row_number() over (
            partition by unit_key, year
            order by case table_kind when 'field_detail' then 0 else 1 end, received_at desc, submission_id desc
        ) as source_rank
    from scorecard_tables
),

nodes as (
    select
        chosen_tables.unit_key,
        par_scores.*
    from par_scores
    inner join chosen_tables
        on
            par_scores.submission_id = chosen_tables.submission_id
            and par_scores.year = chosen_tables.year
            and par_scores.table_kind = chosen_tables.table_kind
    where chosen_tables.source_rank = 1
),

parents as (
    select distinct
        submission_id,
        table_no,
        parent_code
    from nodes
    where parent_code is not null
),

final as (
    select
        md5(nodes.unit_key || '|' || nodes.year || '|' || nodes.node_code) as par_score_id,
        nodes.unit_key,
        submissions.unit_code,
        submissions.unit_name,
        nodes.year,
        nodes.node_code,
        nodes.criterion_code,
        nodes.parent_code,
        nodes.field_code,
        nodes.node_level,
        parents.parent_code is null as is_leaf,
        nodes.content,
        nodes.max_score,
        {{ unless_withheld('issues_per_node', 'nodes.achieved') }} as achieved,
        {{ unless_withheld('issues_per_node', 'nodes.max_score - nodes.achieved') }} as deducted,
        {{ unless_withheld('issues_per_node', 'round(100.0 * nodes.achieved / nullif(nodes.max_score, 0), 2)') }}
            as percent,
        nodes.deducted_stated,
        nodes.percent_stated,
        nodes.table_kind as score_source,
        {{ dq_status('issues_per_node') }} as dq_status,
        issues_per_node.dq_rule_ids,
        nodes.submission_id,
        submissions.source_file,
        nodes.table_no,
        nodes.row_no
    from nodes
    inner join submissions
        on nodes.submission_id = submissions.submission_id
    left join parents
        on
            nodes.submission_id = parents.submission_id
            and nodes.table_no = parents.table_no
            and nodes.node_code = parents.parent_code
    left join issues_per_node
        on
            nodes.submission_id = issues_per_node.submission_id
            and nodes.issue_row_code = issues_per_node.row_code
)

select * from final
