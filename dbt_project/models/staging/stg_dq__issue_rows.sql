with

source as (
    select * from {{ source('dq', 'issue_rows') }}
)

select
    submission_id,
    rule_id,
    rule_kind,
    severity,
    row_no,
    indicator_id,
    row_code,
    row_label,
    observed,
    expected,
    message_vi,
    dq_run_id
from source
