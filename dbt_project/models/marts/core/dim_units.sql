-- Administrative units of both eras; a unit abolished in 2025 stays here with its end date.
with

units as (
    select * from {{ ref('stg_ref__units') }}
),

parents as (
    select
        unit_key,
        unit_code,
        unit_name
    from {{ ref('stg_ref__units') }}
),

provinces as (
    select
        unit_code,
        unit_name,
        era
    from {{ ref('stg_ref__units') }}
    where unit_level = 'province'
),

final as (
    select
        units.unit_key,
        units.unit_code,
        units.unit_name,
        units.unit_type,
        units.unit_level,
        units.era,
        units.valid_from,
        units.valid_to,
        units.valid_to is null as is_current,
        units.parent_key,
        parents.unit_code as parent_code,
        parents.unit_name as parent_name,
        units.province_code,
        provinces.unit_name as province_name
    from units
    left join parents
        on units.parent_key = parents.unit_key
    left join provinces
        on
            units.province_code = provinces.unit_code
            and units.era = provinces.era
)

select * from final
