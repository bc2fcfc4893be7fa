"""A scratch schema in the embedded Postgres where rule SQL runs exactly as the gate runs it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import psycopg

from expectations.batch import SUBMISSIONS_BATCH_DDL, SUBMISSIONS_BATCH_TABLE


@contextmanager
def scratch_schema(schema: str, landing_tables: tuple[str, ...]) -> Iterator[psycopg.Connection]:
    """Copies of raw.<table> (same columns, no foreign keys) and a submissions batch table in ``schema``."""
    from loaders import embedded_pg
    from loaders.warehouse import ensure_schema

    embedded_pg.up()
    with psycopg.connect(embedded_pg.url(), autocommit=True) as conn:
        ensure_schema(conn)
        conn.execute(f"drop schema if exists {schema} cascade")
        conn.execute(f"create schema {schema}")
        for table in landing_tables:
            conn.execute(f"create table {schema}.{table} (like raw.{table} including all)")
        conn.execute(SUBMISSIONS_BATCH_DDL.replace(SUBMISSIONS_BATCH_TABLE, f"{schema}.batch_submissions"))
        yield conn
        conn.execute(f"drop schema {schema} cascade")


def run_rules(conn: psycopg.Connection, rules, batch: str) -> list[dict]:
    """Every unexpected row of every rule, with its rule_id."""
    found = []
    for rule in rules:
        cur = conn.execute(rule.sql.replace("{batch}", batch))
        names = [c.name for c in cur.description]
        found.extend({"rule_id": rule.rule_id, **dict(zip(names, row))} for row in cur.fetchall())
    return found
