-- Which of today's units each abolished or merged unit became (many-to-many).
with

succession as (
    select * from {{ ref('stg_ref__unit_succession') }}
),

units as (
    select * from {{ ref('stg_ref__units') }}
),

final as (
    select
        succession.old_unit_key,
        old_units.unit_code as old_unit_code,
        old_units.unit_name as old_unit_name,
        succession.new_unit_key,
        new_units.unit_code as new_unit_code,
        new_units.unit_name as new_unit_name,
        succession.is_partial
    from succession
    left join units as old_units
        on succession.old_unit_key = old_units.unit_key
    left join units as new_units
        on succession.new_unit_key = new_units.unit_key
)

select * from final
