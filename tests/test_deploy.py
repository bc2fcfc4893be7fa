"""docker-compose.yml is consistent with the code (no Docker engine runs here: structure only)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((REPO / "docker-compose.yml").read_text())
ENV_EXAMPLE = {
    line.split("=", 1)[0] for line in (REPO / ".env.example").read_text().splitlines()
    if line and not line.startswith("#")
}
AIRFLOW_SERVICES = ["airflow-apiserver", "airflow-scheduler", "airflow-dag-processor", "airflow-triggerer"]


def test_given_compose_then_it_has_postgres_airflow3_components_and_a_bi_tool():
    services = COMPOSE["services"]
    assert {"postgres", "metabase", "airflow-init", *AIRFLOW_SERVICES} <= set(services)
    assert services["airflow-apiserver"]["command"] == ["airflow", "api-server"]
    assert services["airflow-dag-processor"]["command"] == ["airflow", "dag-processor"]


def test_given_compose_then_every_variable_it_uses_is_in_env_example():
    text = (REPO / "docker-compose.yml").read_text()
    used = set(re.findall(r"\$\{([A-Z0-9_]+)", text))
    assert used, "compose should read its secrets from .env"
    assert used <= ENV_EXAMPLE, used - ENV_EXAMPLE


def test_given_compose_then_no_secret_has_a_literal_value():
    def walk(node, path=""):
        if isinstance(node, dict):
            for key, value in node.items():
                yield from walk(value, f"{path}.{key}")
        elif isinstance(node, list):
            for item in node:
                yield from walk(item, path)
        else:
            yield path, node

    for path, value in walk(COMPOSE):
        key = path.rsplit(".", 1)[-1]
        if re.search(r"PASSWORD|PASS$|SECRET|FERNET", key):
            assert isinstance(value, str) and value.startswith("${") and ":?" in value, (path, value)


def test_given_airflow_services_then_they_get_what_the_code_reads():
    from loaders.config import DAGS_DIR

    for name in AIRFLOW_SERVICES:
        env = COMPOSE["services"][name]["environment"]
        for variable in ("CCHC_DATABASE_URL", "CCHC_READER_DATABASE_URL", "CCHC_HOME", "CCHC_INBOX",
                         "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN", "AIRFLOW__CORE__DAGS_FOLDER"):
            assert variable in env, (name, variable)
        assert env["AIRFLOW__CORE__DAGS_FOLDER"].endswith("/" + DAGS_DIR.name)
        assert "cchc_reader" in env["CCHC_READER_DATABASE_URL"]
        mounts = COMPOSE["services"][name]["volumes"]
        assert any(m.endswith(":/inbox:ro") for m in mounts)
        assert any(m.split(":")[0] in COMPOSE["volumes"] for m in mounts if not m.startswith(("$", ".")))


def test_given_postgres_init_then_it_creates_the_roles_the_compose_file_uses():
    script = (REPO / "deploy" / "postgres-init.sh").read_text()
    for role in ("cchc", "cchc_reader", "airflow", "metabase"):
        assert f"create role {role} login" in script
    for database in ("cchc", "airflow", "metabase"):
        assert f"create database {database} " in script


def test_given_dockerfile_then_it_installs_from_the_lock_file_and_ships_dags_and_dbt():
    dockerfile = (REPO / "Dockerfile").read_text()
    assert "uv sync --frozen" in dockerfile
    assert "COPY dags dags" in dockerfile and "COPY dbt_project dbt_project" in dockerfile
    assert "COPY reference reference" in dockerfile
    assert "COPY tools tools" in dockerfile and "python tools/build_native.py" in dockerfile
