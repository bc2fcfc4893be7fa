-- One row per unit of either era, with the pre-2025 district (for communes) and the province
-- it belonged to in its own era. Internal building block of the analytics marts: it lives in
-- the intermediate schema, which the BI role cannot read.
{{ config(schema='intermediate') }}

with

units as (
    select * from {{ ref('dim_units') }}
),

districts as (
    select
        unit_key,
        unit_code,
        unit_name
    from units
    where unit_level = 'district'
),

provinces as (
    select
        unit_key,
        unit_code,
        unit_name,
        era
    from units
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
        units.is_current,
        districts.unit_key as district_key,
        districts.unit_code as district_code,
        districts.unit_name as district_name,
        provinces.unit_key as province_key,
        units.province_code,
        provinces.unit_name as province_name
    from units
    left join districts
        on units.parent_key = districts.unit_key
    left join provinces
        on
            units.province_code = provinces.unit_code
            and units.era = provinces.era
)

select * from final
