-- Reporting periods: official data window, whether figures are cumulative, due date.
with

periods as (
    select * from {{ ref('stg_ref__periods') }}
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
from periods
