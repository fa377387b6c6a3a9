"""Real processes for tests: a Celery worker and a gunicorn web server, on the test database and Redis.

    @pytest.mark.django_db(transaction=True)
    def test_x(celery_worker): ...  # the fixture is in tests/conftest.py

The worker process gets DATABASE_URL pointing at pytest-django's test database, so rows the test commits
are what it sees. The Redis queue is purged before it starts so no stale message from another test runs.

No pytest here: bench/ imports these helpers, and bench runs on the app install alone (bin/install without
--dev, as after bin/run), which has no pytest.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def test_database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class WorkerProcess:
    def __init__(
        self, extra_env: dict[str, str] | None = None, name: str = "w1", concurrency: int = 1, nice: int = 0
    ):
        self.concurrency = concurrency
        self.nice = nice
        self.env = {
            **os.environ,
            "DATABASE_URL": test_database_url(),
            "REDIS_URL": settings.REDIS_URL,
            "CLAIMTRACK_FETCH_ALLOW_PRIVATE": "true",
            "DATABASE_APPLICATION_NAME": f"claimtrack-test-worker-{name}",
            "CLAIMTRACK_FETCH_TIMEOUT": "5",
            "CONN_MAX_AGE": "0",
            **(extra_env or {}),
        }
        self.name = name
        self.log: list[str] = []
        self.ready = threading.Event()
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 60) -> WorkerProcess:
        cmd = [
            *(["nice", "-n", str(self.nice)] if self.nice else []),
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--loglevel",
            "INFO",
            "--concurrency",
            "1",
            "--hostname",
            f"{self.name}@%h",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ]
        self.proc = subprocess.Popen(
            cmd,
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        threading.Thread(target=self._read, daemon=True).start()
        if not self.ready.wait(timeout):
            self.stop()
            raise RuntimeError("Celery worker did not start:\n" + "\n".join(self.log[-40:]))
        return self

    def _read(self) -> None:
        assert self.proc and self.proc.stdout
        for line in self.proc.stdout:
            self.log.append(line.rstrip())
            if " ready." in line:
                self.ready.set()

    def kill(self) -> None:
        """SIGKILL the whole worker (main process and its pool child), as a crash would."""
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()


class WebProcess:
    """gunicorn serving the app on a free port of 127.0.0.1, on the test database."""

    def __init__(self, extra_env: dict[str, str] | None = None, workers: int = 1, threads: int = 4):
        import socket

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.workers, self.threads = workers, threads
        self.env = {
            **os.environ,
            "DATABASE_URL": test_database_url(),
            "REDIS_URL": settings.REDIS_URL,
            "DEBUG": "true",  # static files from the finders: no collectstatic needed
            "DATABASE_APPLICATION_NAME": "claimtrack-test-web",
            "AXES_ENABLED": "false",
            **(extra_env or {}),
        }
        self.proc: subprocess.Popen | None = None

    def production_mode(self, static_root: Path) -> WebProcess:
        """Serve as in production (DEBUG off: real error pages, hashed static files collected into
        static_root), with the tests' insecure secret key allowed."""
        self.env.update(DEBUG="false", CLAIMTRACK_ALLOW_INSECURE_KEY="true", STATIC_ROOT=str(static_root))
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=ROOT,
            env=self.env,
            check=True,
        )
        return self

    def start(self, timeout: float = 60) -> WebProcess:
        import urllib.request

        cmd = [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            "--threads",
            str(self.threads),
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ]
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=self.env, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url + "/accounts/login/", timeout=2).read()
                return self
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn did not answer")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)


class Browserless:
    """A signed-in HTTP session against a WebProcess (cookies, CSRF), for tests and the load bench."""

    def __init__(self, base: str):
        import http.cookiejar
        import urllib.request

        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def csrf(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def get(self, path: str, headers: dict[str, str] | None = None):
        import urllib.request

        return self.opener.open(urllib.request.Request(self.base + path, headers=headers or {}), timeout=30)

    def post(self, path: str, data: dict[str, str], headers: dict[str, str] | None = None):
        import urllib.parse
        import urllib.request

        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.csrf()}).encode()
        request = urllib.request.Request(
            self.base + path, data=body, headers={"Referer": self.base + path, **(headers or {})}
        )
        return self.opener.open(request, timeout=30)

    def login(self, username: str, password: str) -> None:
        self.get("/accounts/login/").read()
        response = self.post("/accounts/login/", {"username": username, "password": password})
        if "/accounts/login/" in response.geturl():
            raise AssertionError(f"login as {username} failed")


def server_password(raw: str) -> str:
    """A password hash the gunicorn process can check: the server's own hasher, not the tests' fast one."""
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    hasher = PBKDF2PasswordHasher()
    return hasher.encode(raw, hasher.salt())


def purge_queue() -> None:
    from config.celery import app

    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge(settings.CELERY_TASK_DEFAULT_QUEUE)


def wait_for(predicate, timeout: float = 60, interval: float = 0.2, message: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"Timed out after {timeout}s waiting for {message}")


def embedded_env(env: dict[str, str]) -> dict[str, str]:
    """A process environment on the embedded default, as `bin/run` has it with no DATABASE_URL / REDIS_URL:
    SQLite and the filesystem broker, both in the test run's CLAIMTRACK_VAR_DIR (tests/embedded makes the
    test database that folder's claimtrack.sqlite3). For WorkerProcess(...).env and WebProcess(...).env."""
    env = {
        k: v for k, v in env.items() if k not in ("DATABASE_URL", "REDIS_URL", "DATABASE_APPLICATION_NAME")
    }
    env["CLAIMTRACK_VAR_DIR"] = str(settings.VAR_DIR)
    return env
