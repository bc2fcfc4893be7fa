-- One row per unit and year with a PAR Index scorecard, ranked within its province and level.
-- The index is computed from the scores, never copied from the report:
--     par_index = (sum of the field scores + SIPAS points) / (sum of the field maxima + SIPAS maximum) × 100
-- which gives exactly the published 75,62% of seed 002 (45,84 + 29,78 of 60 + 40). It stays NULL
-- when a field score is withheld or the SIPAS points of the year are missing; the index the
-- report states is kept beside it (par_index_stated).
{%- set sipas_components = ['access', 'procedures', 'officials', 'results', 'feedback'] %}

with

par_scores as (
    select * from {{ ref('fct_par_scores') }}
),

sipas as (
    select * from {{ ref('fct_sipas') }}
),

stated_index as (
    select * from {{ ref('stg_raw__par_scores') }}
    where table_kind = 'index'
),

submissions as (
    select * from {{ ref('int_submissions__ranked') }}
    where unit_key is not null
),

units as (
    select * from {{ ref('stg_ref__units') }}
),

fields as (
    select
        unit_key,
        unit_code,
        unit_name,
        year,
        min(score_source) as score_source,
        count(*)::integer as n_fields,
        count(achieved)::integer as n_fields_scored,
        {% for field in range(1, 9) %}
            max(case when field_code = '{{ field }}' then percent end) as field_{{ field }}_percent,
        {% endfor %}
        sum(max_score) as fields_max,
        sum(achieved) as fields_achieved
    from par_scores
    where node_level = 1
    group by unit_key, unit_code, unit_name, year
),

sipas_per_year as (
    select
        unit_key,
        year,
        {% for component in sipas_components %}
            max(case when component_code = '{{ component }}' then percent_stated end)
                as sipas_{{ component }}_percent,
        {% endfor %}
        max(case when component_code = 'overall' then score end) as sipas_score,
        max(case when component_code = 'overall' then max_score end) as sipas_max,
        max(case when component_code = 'overall' then percent_stated end) as sipas_percent
    from sipas
    group by unit_key, year
),

latest_stated_index as (
    select
        submissions.unit_key,
        stated_index.year,
        stated_index.percent_stated,
        row_number() over (
            partition by submissions.unit_key, stated_index.year
            order by submissions.received_at desc, stated_index.submission_id desc
        ) as recency_rank
    from stated_index
    inner join submissions
        on stated_index.submission_id = submissions.submission_id
),

scored as (
    select
        fields.*,
        units.province_code,
        units.unit_level,
        sipas_per_year.sipas_score,
        sipas_per_year.sipas_max,
        sipas_per_year.sipas_percent,
        {% for component in sipas_components %}
            sipas_per_year.sipas_{{ component }}_percent,
        {% endfor %}
        latest_stated_index.percent_stated as par_index_stated,
        case
            when
                fields.n_fields = fields.n_fields_scored
                and sipas_per_year.sipas_score is not null
                and fields.fields_max + sipas_per_year.sipas_max > 0
                then round(
                    100.0 * (fields.fields_achieved + sipas_per_year.sipas_score)
                    / (fields.fields_max + sipas_per_year.sipas_max), 2
                )
        end as par_index
    from fields
    left join units
        on fields.unit_key = units.unit_key
    left join sipas_per_year
        on
            fields.unit_key = sipas_per_year.unit_key
            and fields.year = sipas_per_year.year
    left join latest_stated_index
        on
            fields.unit_key = latest_stated_index.unit_key
            and fields.year = latest_stated_index.year
            and latest_stated_index.recency_rank = 1
),

final as (
    select
        md5(unit_key || '|' || year) as par_index_ranking_id,
        unit_key,
        unit_code,
        unit_name,
        province_code,
        unit_level,
        year,
        par_index,
        par_index_stated,
        case
            when par_index is not null then rank() over (
                partition by year, province_code, unit_level, par_index is null
                order by par_index desc
            )::integer
        end as rank_in_province,
        case
            when par_index is not null then count(par_index) over (
                partition by year, province_code, unit_level
            )::integer
        end as n_units_ranked,
        fields_achieved,
        fields_max,
        case when fields_max > 0 then round(100.0 * fields_achieved / fields_max, 2) end as fields_percent,
        n_fields,
        n_fields_scored < n_fields as has_withheld_field,
        score_source,
        field_1_percent,
        field_2_percent,
        field_3_percent,
        field_4_percent,
        field_5_percent,
        field_6_percent,
        field_7_percent,
        field_8_percent,
        sipas_score,
        sipas_max,
        sipas_percent,
        sipas_access_percent,
        sipas_procedures_percent,
        sipas_officials_percent,
        sipas_results_percent,
        sipas_feedback_percent
    from scored
)

select * from final
