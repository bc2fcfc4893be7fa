"""The batch the gate checks: rows of submissions not yet checked under the current rules.

Checking cost grows with the new rows of a run, not with the history: the batch table
holds only the submissions the gate has not seen (or saw under older rules).
"""

from __future__ import annotations

import psycopg

BATCH_TABLE = "dq.batch_values"  # appendix rows of the submissions being checked
SUBMISSIONS_BATCH_TABLE = "dq.batch_submissions"  # the submissions being checked (any kind)

BATCH_DDL = f"""
create table if not exists {BATCH_TABLE} (
    submission_id   text not null,
    row_no          integer not null,
    code            text,
    code_raw        text,
    label           text,
    unit_raw        text,
    value_type      text,
    enum_codes      text[],
    value_raw       text,
    value_numeric   numeric,
    value_note      text,
    parse_flags     text[],
    is_section      boolean,
    parent_row_no   integer,
    parent_code     text,
    indicator_id    text,
    mapping_rule    text,
    catalogue_value_type text,
    time_aggregation text,
    unit_key        text,
    unit_code       text,
    period_key      text,
    report_year     integer,
    template_id     text,
    primary key (submission_id, row_no)
)
"""

FILL_SQL = f"""
insert into {BATCH_TABLE}
select
    r.submission_id, r.row_no, r.code, r.code_raw, r.label, r.unit_raw, r.value_type,
    case when r.enum_legend is not null
         then array(select jsonb_object_keys(r.enum_legend) order by 1) end,
    r.value_raw, r.value_numeric, r.value_note, r.parse_flags, r.is_section, r.parent_row_no,
    r.parent_code, r.indicator_id, r.mapping_rule, i.value_type, i.time_aggregation,
    s.unit_key, s.unit_code, s.period_key, s.report_year, s.template_id
from raw.appendix_rows r
join raw.submissions s on s.submission_id = r.submission_id
left join catalogue.indicators i on i.indicator_id = r.indicator_id
where r.submission_id = any(%(ids)s)
"""


SUBMISSIONS_BATCH_DDL = f"""
create table if not exists {SUBMISSIONS_BATCH_TABLE} (
    submission_id text primary key,
    load_status   text not null,
    unit_key      text,
    unit_code     text,
    period_key    text
)
"""


def submissions_to_check(conn: psycopg.Connection, rules_version: str, recheck_all: bool = False) -> list[str]:
    if recheck_all:
        query = "select submission_id from raw.submissions where load_status <> 'quarantined' order by 1"
        return [r[0] for r in conn.execute(query)]
    query = """
        select s.submission_id
        from raw.submissions s
        left join dq.checked_submissions c
            on c.submission_id = s.submission_id and c.rules_version = %s
        where s.load_status <> 'quarantined' and c.submission_id is null
        order by 1
    """
    return [r[0] for r in conn.execute(query, [rules_version])]


def fill_batch(conn: psycopg.Connection, submission_ids: list[str]) -> int:
    """Replace both batch tables with the given submissions; returns the number of appendix rows."""
    # Scratch tables: recreated each run so a schema change never meets an old table.
    conn.execute(f"drop table if exists {BATCH_TABLE}, {SUBMISSIONS_BATCH_TABLE}")
    conn.execute(BATCH_DDL)
    conn.execute(SUBMISSIONS_BATCH_DDL)
    conn.execute(
        f"insert into {SUBMISSIONS_BATCH_TABLE} select submission_id, load_status, unit_key, unit_code, period_key "
        "from raw.submissions where submission_id = any(%(ids)s)", {"ids": submission_ids})
    cur = conn.execute(FILL_SQL, {"ids": submission_ids})
    return cur.rowcount
