with

source as (
    select * from {{ source('ref', 'periods') }}
)

select
    period_key,
    period_year,
    period_kind,
    label_vi,
    window_from,
    window_to,
    is_cumulative,
    due_date,
    sort_order
from source
