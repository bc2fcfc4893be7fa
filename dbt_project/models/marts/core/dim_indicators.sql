-- The canonical indicator catalogue (one row per comparable indicator).
with

indicators as (
    select * from {{ ref('indicators') }}
)

select * from indicators
