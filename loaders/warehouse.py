"""The warehouse's landing tables (schema ``raw``, ``ref``, ``dq``), created idempotently.

dbt owns everything downstream (staging, intermediate, marts); these tables are
written only by the loaders and the quality gate, so their DDL lives here.
"""

from __future__ import annotations

import psycopg

LOADER_VERSION = "2026.12.1"  # bump when parsing changes; `cchc reprocess` re-parses stored files

# Raw string: the SQL holds regular expressions with backslashes.
DDL = r"""
create schema if not exists raw;
create schema if not exists ref;
create schema if not exists dq;

create table if not exists raw.submissions (
    submission_id       text primary key,
    file_sha256         text not null unique,
    source_file         text not null,
    source_path         text not null,
    inbox_folder        text,
    file_size           bigint not null,
    received_at         timestamptz not null,
    run_id              text,
    loader_version      text not null,
    reader              text,
    load_status         text not null check (load_status in ('loaded', 'quarantined', 'no_appendix')),
    reason_code         text,
    status_reason       text,
    unit_key            text,
    unit_code           text,
    unit_name           text,
    unit_type           text,
    province_code       text,
    province_name       text,
    period_key          text,
    report_year         integer,
    report_number       text,
    report_date         date,
    stated_window_from  date,
    stated_window_to    date,
    template_id         text,
    template_score      numeric,
    n_rows              integer not null default 0,
    identification      jsonb
);

create table if not exists raw.files (
    submission_id text primary key references raw.submissions on delete cascade,
    content       bytea not null
);
-- Stored as sent, without the server's compression: xlsx and docx files are zip archives
-- already, so compressing them again costs load time and saves nothing.
alter table raw.files alter column content set storage external;

-- The tables of what is parsed from a file (appendix rows, narrative figures, scorecards,
-- SIPAS) carry no foreign key to raw.submissions: only loaders/sink.py writes them, always
-- in the transaction that writes their submission, and a per-row key check was the largest
-- cost of a bulk load (it was also planned as a scan of raw.submissions whenever that
-- table's statistics said it was small). The staging build tests that every row has its
-- submission (dbt_project/models/staging/_raw__models.yml) before anything is published.
create table if not exists raw.appendix_rows (
    submission_id  text not null,
    row_no         integer not null,
    code_raw       text,
    code           text,
    label_raw      text,
    label          text,
    unit_raw       text,
    value_type     text,
    enum_legend    jsonb,
    value_raw      text,
    value_numeric  numeric,
    value_note     text,
    parse_rule     text,
    parse_flags    text[],
    is_section     boolean not null default false,
    parent_row_no  integer,
    parent_code    text,
    note_raw       text,
    indicator_id   text,
    mapping_rule   text,
    primary key (submission_id, row_no)
);

create table if not exists raw.narrative_figures (
    submission_id  text not null,
    figure_no      integer not null,
    indicator_id   text not null,
    value_numeric  numeric,
    value_raw      text,
    sentence       text not null,
    extraction_rule text,
    primary key (submission_id, figure_no)
);

-- One row per scorecard row (loaders/scorecards.py). A logical table is one printed
-- table for one year: the year-over-year summary gives one table per year column.
-- deducted is the magnitude of the points deducted; the printed sign stays in deducted_raw.
create table if not exists raw.par_scores (
    submission_id  text not null,
    table_no       integer not null,
    row_no         integer not null,
    criterion_code text,
    parent_code    text,
    content        text,
    max_score      numeric,
    achieved       numeric,
    deducted       numeric,
    max_raw        text,
    achieved_raw   text,
    deducted_raw   text,
    table_kind     text not null,  -- field_detail | summary | index
    year           integer,
    node_code      text,  -- criterion_code, or parent.a/b/... for uncoded rows
    percent_stated numeric,
    percent_raw    text,
    change_stated  numeric,
    change_raw     text,
    parse_flags    text[] not null default '{}',
    primary key (submission_id, table_no, row_no)
);

-- SIPAS satisfaction (QĐ 2640/QĐ-BNV): the overall index and its five components.
create table if not exists raw.sipas_scores (
    submission_id  text not null,
    row_no         integer not null,
    year           integer,
    component_code text not null,  -- overall | access | procedures | officials | results | feedback | other
    content        text,
    score          numeric,
    max_score      numeric,
    percent_stated numeric,
    rank           integer,
    rank_of        integer,
    score_raw      text,
    max_raw        text,
    percent_raw    text,
    rank_raw       text,
    source_text    text not null,
    primary key (submission_id, row_no)
);

-- Warehouses created before 2026.12 still have those keys.
alter table raw.appendix_rows drop constraint if exists appendix_rows_submission_id_fkey;
alter table raw.narrative_figures drop constraint if exists narrative_figures_submission_id_fkey;
alter table raw.par_scores drop constraint if exists par_scores_submission_id_fkey;
alter table raw.sipas_scores drop constraint if exists sipas_scores_submission_id_fkey;

create table if not exists ref.units (
    unit_key      text primary key,
    unit_code     text not null,
    unit_name     text not null,
    unit_type     text not null,
    level         text not null,
    parent_key    text,
    province_code text,
    era           text not null,
    valid_from    date,
    valid_to      date
);

create table if not exists ref.unit_succession (
    old_unit_key text not null,
    new_unit_key text not null,
    is_partial   boolean not null,
    primary key (old_unit_key, new_unit_key)
);

create table if not exists ref.periods (
    period_key        text primary key,
    period_year       integer not null,
    period_kind       text not null,
    label_vi          text not null,
    window_from       date not null,
    window_to         date not null,
    is_cumulative     boolean not null,
    due_date          date not null,
    sort_order        integer not null
);

create table if not exists ref.versions (
    name    text primary key,
    version text not null
);

create table if not exists dq.runs (
    dq_run_id       text primary key,
    run_id          text,
    checkpoint      text not null,
    started_at      timestamptz not null,
    finished_at     timestamptz,
    n_submissions   integer,
    n_rules         integer,
    n_rules_failed  integer,
    n_issue_rows    integer,
    success         boolean,
    data_docs_path  text
);

-- A number the way Vietnamese readers write it (11690.50 -> '11.690,50'), for rule messages;
-- callers trim_scale() it when trailing zeros mean nothing.
create or replace function dq.vi_number(value numeric) returns text
language sql immutable parallel safe as $$
    select case when value < 0 then '-' else '' end
        || regexp_replace(split_part(abs(value)::text, '.', 1), '(\d)(?=(\d{3})+$)', '\1.', 'g')
        || coalesce(',' || nullif(split_part(abs(value)::text, '.', 2), ''), '')
$$;

create table if not exists dq.rule_results (
    dq_run_id      text not null references dq.runs on delete cascade,
    rule_id        text not null,
    rule_kind      text not null,
    severity       text not null,
    success        boolean not null,
    unexpected_count integer not null,
    primary key (dq_run_id, rule_id)
);

create table if not exists dq.issue_rows (
    submission_id    text not null,
    rule_id          text not null,
    rule_kind        text not null,
    severity         text not null check (severity in ('error', 'warning')),
    row_no           integer,
    indicator_id     text,
    row_code         text,  -- for values that are not appendix rows (scorecards, narrative)
    row_label        text,
    observed         text,
    expected         text,
    message_vi       text not null,
    dq_run_id        text not null
);
create index if not exists issue_rows_submission on dq.issue_rows (submission_id);

create table if not exists dq.checked_submissions (
    submission_id text primary key,
    rules_version text not null,
    dq_run_id     text not null
);
"""


def ensure_schema(conn: psycopg.Connection) -> None:
    conn.execute(DDL)


def get_version(conn: psycopg.Connection, name: str) -> str | None:
    row = conn.execute("select version from ref.versions where name = %s", [name]).fetchone()
    return row[0] if row else None


def set_version(conn: psycopg.Connection, name: str, version: str) -> None:
    conn.execute(
        "insert into ref.versions (name, version) values (%s, %s) "
        "on conflict (name) do update set version = excluded.version",
        [name, version],
    )
