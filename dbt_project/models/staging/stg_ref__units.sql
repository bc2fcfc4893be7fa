with

source as (
    select * from {{ source('ref', 'units') }}
)

select
    unit_key,
    unit_code,
    unit_name,
    unit_type,
    level as unit_level,
    parent_key,
    province_code,
    era,
    valid_from,
    valid_to
from source
