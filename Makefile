# kho-cchc — run `make help` for the list of targets.
SHELL := /bin/bash
UV ?= $(shell command -v uv 2>/dev/null || echo "$(HOME)/.local/bin/uv")
export DO_NOT_TRACK := 1
export GX_ANALYTICS_ENABLED := false

.PHONY: help setup run test lint up down status db-url benchmark samples clean

help: ## list the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-10s %s\n", $$1, $$2}'

setup: ## create the environment from the committed lock file (installs uv if missing), compile the hot modules
	@command -v uv >/dev/null 2>&1 || python3 -m pip install --quiet --user uv || python3 -m pip install --quiet uv
	$(UV) sync --frozen
	$(UV) run --frozen python tools/build_native.py

run: setup ## the nightly job on the bundled samples (embedded Postgres, Airflow, dbt, GX)
	$(UV) run cchc run --inbox samples/inbox

test: setup ## the whole test suite (unit + integration against a real Postgres)
	$(UV) run pytest

lint: setup ## ruff on Python, sqlfluff on the dbt models
	$(UV) run ruff check loaders expectations dags tests tools benchmarks
	$(UV) run cchc up >/dev/null  # sqlfluff's dbt templater connects to the warehouse
	$(UV) run python tools/with_dbt_env.py sqlfluff lint dbt_project/models

up: setup ## start the embedded Postgres
	$(UV) run cchc up

down: ## stop the embedded Postgres
	$(UV) run cchc down

status: ## state of the embedded Postgres
	$(UV) run cchc status

db-url: ## connection URL of the warehouse
	@$(UV) run cchc db-url

benchmark: setup ## loader benchmark (writes BENCHMARKS.md)
	$(UV) run python benchmarks/bench_load.py

samples: setup ## regenerate samples/inbox from the seed figures
	$(UV) run python samples/make_samples.py

clean: down ## remove the embedded warehouse (CCHC_HOME) — all loaded data is lost
	rm -rf .cchc
