"""The embedded Postgres the project starts itself (no Docker).

Uses the machine's PostgreSQL server binaries when they are on PATH (initdb,
pg_ctl), or the PyPI package ``pgserver`` (bundled PostgreSQL 16) otherwise.
The cluster lives in ``$CCHC_HOME/pg``; passwords are generated once and kept in
``$CCHC_HOME/pg/state.json`` (mode 0600), never in the repository.

Postgres refuses to run as root: when we are root the cluster belongs to the
``postgres`` system user and its commands run through ``runuser``.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import time
from pathlib import Path
from urllib.parse import quote

from loaders.config import cchc_home

ADMIN_ROLE = "cchc"
READER_ROLE = "cchc_reader"
DATABASES = ("cchc", "airflow")


def _pg_dir() -> Path:
    return cchc_home() / "pg"


def _state_file() -> Path:
    return _pg_dir() / "state.json"


def _data_dir() -> Path:
    return _pg_dir() / "data"


def _log_file() -> Path:
    return _pg_dir() / "data" / "server.log"


def _load_state() -> dict | None:
    if _state_file().exists():
        return json.loads(_state_file().read_text())
    return None


def _save_state(state: dict) -> None:
    _pg_dir().mkdir(parents=True, exist_ok=True)
    _state_file().write_text(json.dumps(state, indent=2))
    os.chmod(_state_file(), 0o600)


def _backend() -> str:
    forced = os.environ.get("CCHC_PG_BACKEND")
    if forced:
        return forced
    return "system" if shutil.which("initdb") and shutil.which("pg_ctl") else "pgserver"


def _as_pg_user(cmd: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


def _run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(_as_pg_user(cmd), capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:2])} failed ({result.returncode}): {result.stderr.strip()[-2000:]}")
    return result


def _free_port() -> int:
    preferred = int(os.environ.get("CCHC_PG_PORT", "0"))
    if preferred:
        return preferred
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _chown_to_postgres(path: Path) -> None:
    if os.geteuid() == 0:
        shutil.chown(path, user="postgres", group="postgres")


def _let_postgres_traverse(path: Path) -> None:
    """The postgres user must reach the data dir: add o+x on our own folders above it."""
    if os.geteuid() != 0:
        return
    for folder in (cchc_home(), _pg_dir()):
        mode = folder.stat().st_mode
        if not mode & 0o001:
            os.chmod(folder, mode | 0o001)


def _init_system_cluster(state: dict) -> None:
    data = _data_dir()
    data.parent.mkdir(parents=True, exist_ok=True)
    _let_postgres_traverse(data)
    data.mkdir(exist_ok=True)
    _chown_to_postgres(data)
    pwfile = data.parent / "initpw.tmp"
    pwfile.write_text(state["admin_password"] + "\n")
    os.chmod(pwfile, 0o644)  # initdb runs as postgres and must read it; removed right after
    try:
        _run([
            "initdb", "-D", str(data), "-U", ADMIN_ROLE, "--pwfile", str(pwfile),
            "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C.UTF-8",
        ])
    finally:
        pwfile.unlink(missing_ok=True)


def _system_is_running() -> bool:
    if not (_data_dir() / "PG_VERSION").exists():
        return False
    result = subprocess.run(_as_pg_user(["pg_ctl", "-D", str(_data_dir()), "status"]),
                            capture_output=True, text=True)
    return result.returncode == 0


def _start_system(state: dict) -> None:
    if _system_is_running():
        return
    options = f"-p {state['port']} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=100"
    _run(["pg_ctl", "-D", str(_data_dir()), "-l", str(_log_file()), "-o", options, "-w", "-t", "60", "start"])


def _start_pgserver(state: dict) -> str:
    import pgserver  # fallback only: bundles PostgreSQL 16

    server = pgserver.get_server(str(_data_dir()), cleanup_mode=None)
    return server.get_uri()


def up() -> dict:
    """Create the cluster on first use, start it, make sure roles and databases exist."""
    state = _load_state()
    if state is None:
        state = {
            "backend": _backend(),
            "port": _free_port(),
            "admin_password": secrets.token_urlsafe(18),
            "reader_password": secrets.token_urlsafe(18),
        }
        if state["backend"] == "system":
            _init_system_cluster(state)
        _save_state(state)
    if state["backend"] == "system":
        _start_system(state)
    else:
        state["pgserver_uri"] = _start_pgserver(state)
        _save_state(state)
    _wait_ready(state)
    _ensure_databases_and_roles(state)
    return state


def _wait_ready(state: dict, timeout: float = 30) -> None:
    import psycopg

    deadline = time.monotonic() + timeout
    while True:
        try:
            with psycopg.connect(_url(state, "postgres"), connect_timeout=3):
                return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def _ensure_databases_and_roles(state: dict) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(_url(state, "postgres"), autocommit=True) as conn:
        existing = {row[0] for row in conn.execute("select datname from pg_database")}
        for db in DATABASES:
            if db not in existing:
                conn.execute(sql.SQL("create database {}").format(sql.Identifier(db)))
        if not conn.execute("select 1 from pg_roles where rolname = %s", [READER_ROLE]).fetchone():
            conn.execute(sql.SQL("create role {} login password {}").format(
                sql.Identifier(READER_ROLE), sql.Literal(state["reader_password"])))
        # The BI role may connect to the warehouse only, never to Airflow's metadata.
        conn.execute(sql.SQL("revoke connect on database airflow from public"))


def down() -> None:
    state = _load_state()
    if state is None:
        return
    if state["backend"] == "system":
        if _system_is_running():
            _run(["pg_ctl", "-D", str(_data_dir()), "-m", "fast", "-w", "stop"])
    else:
        import pgserver

        pgserver.get_server(str(_data_dir()), cleanup_mode=None).cleanup()


def status() -> dict:
    state = _load_state()
    if state is None:
        return {"initialised": False, "running": False, "home": str(cchc_home())}
    running = _system_is_running() if state["backend"] == "system" else _pgserver_running(state)
    return {"initialised": True, "running": running, "backend": state["backend"],
            "port": state.get("port"), "data_dir": str(_data_dir()), "home": str(cchc_home())}


def _pgserver_running(state: dict) -> bool:
    return (_data_dir() / "postmaster.pid").exists()


def _url(state: dict, database: str, reader: bool = False) -> str:
    role = READER_ROLE if reader else ADMIN_ROLE
    if state["backend"] == "pgserver" and state.get("pgserver_uri"):
        base = state["pgserver_uri"].rsplit("/", 1)[0]
        return f"{base}/{database}".replace("postgresql://postgres:@", f"postgresql://{role}:@") if reader else f"{base}/{database}"
    password = state["reader_password"] if reader else state["admin_password"]
    return f"postgresql://{role}:{quote(password, safe='')}@127.0.0.1:{state['port']}/{database}"


def url(database: str = "cchc", reader: bool = False) -> str:
    state = _load_state()
    if state is None:
        raise RuntimeError("The embedded Postgres is not initialised: run `cchc up` first.")
    return _url(state, database, reader)
