-- Indicator values taken from the narrative of reports that came without an appendix
-- (seed 003), one per unit, period and indicator, from the most recent such report.
-- A unit and period with a published appendix keeps the appendix: the appendix is the
-- formal figure. A PAR Index analysis is not a periodic report: its text is left out.
-- Figures whose indicator is not (yet) in the catalogue are not published.
-- Same columns as int_indicator_values__published (less parse_flags), plus value_source = 'narrative'.
with

submissions as (
    select * from {{ ref('int_submissions__ranked') }}
),

narrative_figures as (
    select * from {{ ref('stg_raw__narrative_figures') }}
),

par_scores as (
    select * from {{ ref('stg_raw__par_scores') }}
),

indicators as (
    select * from {{ ref('indicators') }}
),

periods_with_appendix as (
    select distinct
        unit_key,
        period_key
    from submissions
    where status = 'published'
),

scorecard_submissions as (
    select distinct submission_id
    from par_scores
),

narrative_submissions as (
    select
        submissions.submission_id,
        submissions.unit_key,
        submissions.unit_code,
        submissions.period_key,
        submissions.source_file,
        row_number() over (
            partition by submissions.unit_key, submissions.period_key
            order by
                submissions.received_at desc, submissions.report_date desc nulls last,
                submissions.submission_id desc
        ) as recency_rank
    from submissions
    left join periods_with_appendix
        on
            submissions.unit_key = periods_with_appendix.unit_key
            and submissions.period_key = periods_with_appendix.period_key
    left join scorecard_submissions
        on submissions.submission_id = scorecard_submissions.submission_id
    where
        submissions.load_status = 'no_appendix'
        and submissions.unit_key is not null
        and submissions.period_key is not null
        and periods_with_appendix.unit_key is null
        and scorecard_submissions.submission_id is null
),

joined as (
    select
        narrative_submissions.unit_key,
        narrative_submissions.unit_code,
        narrative_submissions.period_key,
        narrative_figures.indicator_id,
        narrative_figures.submission_id,
        null::integer as row_no,
        narrative_submissions.source_file,
        null::text as code,
        null::text as code_raw,
        -- "label" as in int_indicator_values__published: the sentence stands for the row label.
        narrative_figures.sentence as label,  -- noqa: RF04
        indicators.value_type,
        narrative_figures.value_raw,
        narrative_figures.value_numeric,
        null::text as value_note,
        narrative_figures.extraction_rule as parse_rule,
        row_number() over (
            partition by narrative_figures.submission_id, narrative_figures.indicator_id
            order by narrative_figures.figure_no
        ) as occurrence,
        'narrative'::text as value_source
    from narrative_figures
    inner join narrative_submissions
        on narrative_figures.submission_id = narrative_submissions.submission_id
    inner join indicators
        on narrative_figures.indicator_id = indicators.indicator_id
    where
        narrative_submissions.recency_rank = 1
        and narrative_figures.value_numeric is not null
)

select * from joined
where occurrence = 1
