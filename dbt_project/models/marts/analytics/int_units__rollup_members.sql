-- Which reporting units add up into which larger unit, one row per (rollup level, member, target):
--   district          pre-2025 communes into their district;
--   province          districts and communes into the province of their own era;
--   current_commune   a commune of today: the pre-2025 units that became it (succession table,
--                     "nhập một phần" links flagged is_partial) and the commune itself;
--   current_province  a province of today: the districts and communes of every province merged
--                     into it, and its own communes.
-- Provinces' own reports are not members: they would count the same records twice.
{{ config(schema='intermediate') }}

with

unit_hierarchy as (
    select * from {{ ref('int_units__hierarchy') }}
),

succession as (
    select * from {{ ref('bridge_unit_succession') }}
),

current_communes as (
    select unit_key
    from unit_hierarchy
    where
        unit_level = 'commune'
        and is_current
),

current_provinces as (
    select unit_key
    from unit_hierarchy
    where
        unit_level = 'province'
        and is_current
),

district_members as (
    select
        'district' as rollup_level,
        unit_key as member_unit_key,
        district_key as target_unit_key,
        false as is_partial
    from unit_hierarchy
    where
        unit_level = 'commune'
        and district_key is not null
),

province_members as (
    select
        'province' as rollup_level,
        unit_key as member_unit_key,
        province_key as target_unit_key,
        false as is_partial
    from unit_hierarchy
    where
        unit_level in ('district', 'commune')
        and province_key is not null
),

current_commune_members as (
    select
        'current_commune' as rollup_level,
        succession.old_unit_key as member_unit_key,
        succession.new_unit_key as target_unit_key,
        succession.is_partial
    from succession
    inner join current_communes
        on succession.new_unit_key = current_communes.unit_key

    union all

    select
        'current_commune' as rollup_level,
        unit_key as member_unit_key,
        unit_key as target_unit_key,
        false as is_partial
    from current_communes
),

province_successors as (
    select
        succession.old_unit_key as province_key,
        succession.new_unit_key as current_province_key,
        succession.is_partial
    from succession
    inner join current_provinces
        on succession.new_unit_key = current_provinces.unit_key

    union all

    select
        unit_key as province_key,
        unit_key as current_province_key,
        false as is_partial
    from current_provinces
),

current_province_members as (
    select
        'current_province' as rollup_level,
        unit_hierarchy.unit_key as member_unit_key,
        province_successors.current_province_key as target_unit_key,
        province_successors.is_partial
    from unit_hierarchy
    inner join province_successors
        on unit_hierarchy.province_key = province_successors.province_key
    where unit_hierarchy.unit_level in ('district', 'commune')
),

all_members as (
    select * from district_members
    union all
    select * from province_members
    union all
    select * from current_commune_members
    union all
    select * from current_province_members
),

final as (
    select
        all_members.rollup_level,
        all_members.target_unit_key,
        all_members.member_unit_key,
        all_members.is_partial,
        unit_hierarchy.valid_from as member_valid_from,
        unit_hierarchy.valid_to as member_valid_to
    from all_members
    inner join unit_hierarchy
        on all_members.member_unit_key = unit_hierarchy.unit_key
)

select * from final
