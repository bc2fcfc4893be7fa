"""The read-only role BI tools connect as: it reads the marts and nothing else, and writes nothing.

GIVEN the warehouse the nightly run built from samples/inbox, WHEN connecting with the URL
`cchc db-url --reader` prints, THEN every table of `marts` is readable (with its description as
a Postgres comment), every table of the other schemas is refused, and no statement can change
anything.
"""

from __future__ import annotations

import psycopg
import pytest
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict

from tests.conftest import run_cli

pytestmark = pytest.mark.integration

PIPELINE_SCHEMAS = ("raw", "ref", "dq", "catalogue", "staging", "intermediate")


@pytest.fixture(scope="module")
def reader_url(warehouse) -> str:
    return run_cli("db-url", "--reader").stdout.strip()


@pytest.fixture()
def reader(reader_url):
    with psycopg.connect(reader_url, autocommit=True) as conn:
        yield conn


def _tables(db, schemas: tuple[str, ...]) -> list[tuple[str, str]]:
    return db.execute(
        "select table_schema, table_name from information_schema.tables "
        "where table_schema = any(%s) order by 1, 2", [list(schemas)]
    ).fetchall()


def _refused(conn: psycopg.Connection, statement: sql.Composable | str) -> bool:
    try:
        conn.execute(statement)
    except psycopg.errors.InsufficientPrivilege:
        return True
    return False


def test_given_db_url_reader_then_it_names_the_read_only_role_not_the_owner(reader_url, db_url):
    assert conninfo_to_dict(reader_url)["user"] == "cchc_reader"
    assert conninfo_to_dict(db_url)["user"] != "cchc_reader"


def test_given_the_reader_then_every_mart_is_readable_with_its_description(db, reader):
    marts = _tables(db, ("marts",))
    assert ("marts", "mart_tthc__results") in marts and ("marts", "fct_indicator_values") in marts
    for schema, table in marts:
        reader.execute(sql.SQL("select count(*) from {}.{}").format(sql.Identifier(schema), sql.Identifier(table)))
    (comment,) = reader.execute("select obj_description('marts.mart_tthc__results'::regclass)").fetchone()
    assert comment.startswith("Administrative-procedure (thủ tục hành chính) results")
    (column_comment,) = reader.execute(
        "select col_description('marts.mart_tthc__results'::regclass, attnum) from pg_attribute "
        "where attrelid = 'marts.mart_tthc__results'::regclass and attname = 'on_time_rate'").fetchone()
    assert column_comment.startswith("On-time rate, 100 × records_on_time / records_resolved")


def test_given_the_reader_then_raw_staging_and_the_pipeline_schemas_are_refused(db, reader):
    hidden = _tables(db, PIPELINE_SCHEMAS)
    assert {schema for schema, _ in hidden} == set(PIPELINE_SCHEMAS)
    refused = [(schema, table) for schema, table in hidden if _refused(
        reader, sql.SQL("select 1 from {}.{} limit 1").format(sql.Identifier(schema), sql.Identifier(table)))]
    assert refused == hidden


def test_given_the_reader_then_nothing_can_be_written(reader):
    statements = [
        "insert into marts.dim_periods (period_key) values ('2099-Y')",
        "update marts.fct_indicator_values set value_numeric = 0",
        "delete from marts.submissions",
        "truncate marts.dq_issues",
        "drop table marts.dim_units",
        "alter table marts.dim_units add column x int",
        "create table marts.notes (note text)",
        "create table public.notes (note text)",
        "create view marts.v as select 1 as one",
        "create schema scratch",
        "create temporary table notes (note text)",
        "comment on table marts.dim_units is 'x'",
        "insert into raw.submissions (submission_id) values ('x')",
    ]
    assert [s for s in statements if not _refused(reader, s)] == []


def test_given_the_reader_then_it_cannot_even_connect_to_airflows_database(reader_url):
    airflow_url = reader_url.rsplit("/", 1)[0] + "/airflow"
    with pytest.raises(psycopg.OperationalError, match="permission denied"):
        psycopg.connect(airflow_url).close()
