with

source as (
    select * from {{ source('ref', 'unit_succession') }}
)

select
    old_unit_key,
    new_unit_key,
    is_partial
from source
