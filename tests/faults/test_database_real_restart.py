"""A real PostgreSQL restart under the web process and a worker: a private PostgreSQL server (initdb in a
temporary folder, its own port) holds a copy of the test database; gunicorn and a Celery worker run on it;
the server is stopped (the web answers 503 on /healthz, no hang) and started again; both carry on with new
connections, without being restarted themselves. A private server, so the shared one is never disturbed."""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from tests.processes import (
    ROOT,
    Browserless,
    WebProcess,
    WorkerProcess,
    purge_queue,
    server_password,
    wait_for,
)

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PG_BIN = (
    Path("/usr/lib/postgresql")
    / (sorted(os.listdir("/usr/lib/postgresql"))[-1] if Path("/usr/lib/postgresql").is_dir() else "none")
    / "bin"
)


def _as_postgres(*cmd: str, **kwargs) -> subprocess.CompletedProcess:
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run([*prefix, *cmd], check=True, capture_output=True, text=True, timeout=60, **kwargs)


class PrivatePostgres:
    def __init__(self, folder: Path):
        self.data = folder / "data"
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/claimtrack"

    def ctl(self, *args: str) -> None:
        _as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-w", "-t", "30", *args)

    def init(self) -> None:
        _as_postgres(
            str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync"
        )
        self.start()

    def start(self) -> None:
        # with a log file, so the server does not hold on to this process's output pipes
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.data} -c fsync=off"
        self.ctl("-o", options, "-l", str(self.data / "server.log"), "start")

    def connect(self) -> psycopg.Connection:
        return psycopg.connect(self.url, autocommit=True, connect_timeout=5)


@pytest.fixture
def private_postgres():
    if not (PG_BIN / "initdb").exists() or (os.geteuid() == 0 and not shutil.which("runuser")):
        pytest.skip("needs PostgreSQL's server binaries (initdb, pg_ctl) to run a private server")
    # straight under /tmp: pytest's own temporary folders are private to root, out of the server's reach
    folder = Path(tempfile.mkdtemp(prefix="claimtrack-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    server = PrivatePostgres(folder)
    server.init()
    try:
        yield server
    finally:
        subprocess.run(
            ["runuser", "-u", "postgres", "--"] * (os.geteuid() == 0)
            + [str(PG_BIN / "pg_ctl"), "-D", str(server.data), "-m", "immediate", "stop"],
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(folder, ignore_errors=True)


def _copy_test_database(server: PrivatePostgres) -> None:
    """The test database (migrated by pytest-django) copied into the private server."""
    db = connection.settings_dict
    with psycopg.connect(server.url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
        admin.execute("CREATE DATABASE claimtrack")
    dump = subprocess.run(
        ["pg_dump", "--no-owner", "-h", db["HOST"] or "127.0.0.1", "-p", str(db["PORT"] or 5432)]
        + ["-U", db["USER"], db["NAME"]],
        check=True,
        capture_output=True,
        timeout=120,
    ).stdout
    subprocess.run(
        ["psql", "-q", "-v", "ON_ERROR_STOP=1", server.url],
        input=dump,
        check=True,
        capture_output=True,
        timeout=120,
    )
    password = server_password("pw")
    with server.connect() as conn:
        conn.execute(
            "INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, email, is_staff,"
            " is_active, date_joined) VALUES (%s, true, 'boss', '', '', '', true, true, now())",
            [password],
        )


def _ingest(server: PrivatePostgres, text: str) -> int:
    result = subprocess.run(
        [sys.executable, "manage.py", "ingest", "-", "--title", text[:20]],
        input=text,
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": server.url},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return int(result.stdout.split("article ")[1].split()[0])


def _status(server: PrivatePostgres, pk: int) -> str | None:
    with server.connect() as conn:
        row = conn.execute("SELECT status FROM articles_article WHERE id = %s", [pk]).fetchone()
    return row[0] if row else None


def test_web_and_worker_survive_a_real_postgres_restart(private_postgres):
    server = private_postgres
    _copy_test_database(server)
    purge_queue()
    env = {"DATABASE_URL": server.url, "CONN_MAX_AGE": "600"}
    worker = WorkerProcess(env, name="pgrestart").start()
    # in production mode, so the error pages are what an editor sees (not Django's debug page)
    static = Path(tempfile.mkdtemp(prefix="claimtrack-static-"))
    web = WebProcess(env).production_mode(static).start()
    try:
        first = _ingest(server, "The mayor said the tram would run all night.")
        wait_for(lambda: _status(server, first) == "done", timeout=60, message="the first article")
        session = Browserless(web.url)
        session.login("boss", "pw")
        assert session.get("/admin/articles/article/").status == 200

        server.ctl("-m", "fast", "stop")
        # while it is down: a clear 503 from the health check, at once (no hang)
        started = time.monotonic()
        with pytest.raises(urllib.error.HTTPError) as answer:
            session.get("/healthz")
        assert answer.value.code == 503 and b"unreachable" in answer.value.read()
        # and a page says so, in words, with Retry-After
        with pytest.raises(urllib.error.HTTPError) as answer:
            session.get("/claims/")
        page = answer.value.read().decode()
        assert answer.value.code == 503 and answer.value.headers["Retry-After"] == "30"
        assert "Back in a moment" in page and "cannot reach its database" in page
        assert time.monotonic() - started < 10

        server.start()
        # the web process: the same session, new connections
        assert session.get("/healthz").status == 200
        assert session.get("/admin/articles/article/").status == 200
        # the worker: its next task works too
        second = _ingest(server, "The union said the strike would end on Monday.")
        wait_for(
            lambda: _status(server, second) == "done", timeout=60, message="the article after the restart"
        )
    finally:
        web.stop()
        worker.stop()
        shutil.rmtree(static, ignore_errors=True)
    assert not any("Traceback" in line for line in worker.log), "\n".join(worker.log[-30:])
