"""The read-only role BI tools connect as: it reads the marts and nothing else."""

from __future__ import annotations

import psycopg
from psycopg import sql

from loaders.config import MARTS_SCHEMAS
from loaders.embedded_pg import READER_ROLE


def grant_reader_access(conn: psycopg.Connection, role: str = READER_ROLE) -> None:
    """Grant usage + select on the marts schemas (also for tables dbt creates later)."""
    if not conn.execute("select 1 from pg_roles where rolname = %s", [role]).fetchone():
        return  # production creates the role itself (see docker-compose / README)
    ident = sql.Identifier(role)
    conn.execute(sql.SQL("revoke create on schema public from public"))
    # No temporary tables either: the BI role writes nothing anywhere.
    database = conn.execute("select current_database()").fetchone()[0]
    conn.execute(sql.SQL("revoke temporary on database {} from public").format(sql.Identifier(database)))
    for schema in MARTS_SCHEMAS:
        schema_id = sql.Identifier(schema)
        conn.execute(sql.SQL("create schema if not exists {}").format(schema_id))
        conn.execute(sql.SQL("grant usage on schema {} to {}").format(schema_id, ident))
        conn.execute(sql.SQL("grant select on all tables in schema {} to {}").format(schema_id, ident))
        conn.execute(sql.SQL("alter default privileges in schema {} grant select on tables to {}")
                     .format(schema_id, ident))
