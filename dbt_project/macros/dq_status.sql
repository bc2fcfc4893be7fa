{#- The published quality status of a value, from its row of aggregated issues
    (has_error, submission_id NULL when the value has no issue). -#}
{% macro dq_status(issues) -%}
    case
        when {{ issues }}.has_error then 'withheld'
        when {{ issues }}.submission_id is not null then 'warning'
        else 'ok'
    end
{%- endmacro %}

{#- An expression published only when the value is not withheld. -#}
{% macro unless_withheld(issues, expression) -%}
    case when not coalesce({{ issues }}.has_error, false) then {{ expression }} end
{%- endmacro %}
