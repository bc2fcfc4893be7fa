-- Headline figures stated in the text of a report (loaders/narrative.py), with their sentence.
with

source as (
    select * from {{ source('raw', 'narrative_figures') }}
),

renamed as (
    select
        submission_id,
        figure_no,
        indicator_id,
        value_numeric,
        value_raw,
        sentence,
        extraction_rule
    from source
)

select * from renamed
