#!/usr/bin/env bash
# First start of the production Postgres: databases and roles of kho-cchc.
# Passwords come from the environment (.env), never from this file.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" \
  -v cchc_pw="$CCHC_DB_PASSWORD" -v reader_pw="$CCHC_READER_PASSWORD" \
  -v airflow_pw="$AIRFLOW_DB_PASSWORD" -v metabase_pw="$METABASE_DB_PASSWORD" <<'SQL'
create role cchc login password :'cchc_pw';
create role cchc_reader login password :'reader_pw';
create role airflow login password :'airflow_pw';
create role metabase login password :'metabase_pw';
create database cchc owner cchc;
create database airflow owner airflow;
create database metabase owner metabase;
revoke connect on database airflow from public;
revoke connect on database metabase from public;
SQL
