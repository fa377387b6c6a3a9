"""A real Celery worker, in its own process, on the test database and Redis.

    @pytest.mark.django_db(transaction=True)
    def test_x(celery_worker): ...

The worker process gets DATABASE_URL pointing at pytest-django's test database, so rows the test commits
are what it sees. The Redis queue is purged before it starts so no stale message from another test runs.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


class WorkerProcess:
    def __init__(self, extra_env: dict[str, str] | None = None, name: str = "w1"):
        db = connection.settings_dict
        url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        self.env = {
            **os.environ,
            "DATABASE_URL": url,
            "REDIS_URL": settings.REDIS_URL,
            "CLAIMTRACK_FETCH_ALLOW_PRIVATE": "true",
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


@pytest.fixture
def celery_worker(transactional_db) -> Iterator[WorkerProcess]:
    if not settings.REDIS_URL:
        pytest.skip("the end-to-end worker tests need REDIS_URL (bin/test sets it)")
    purge_queue()
    worker = WorkerProcess().start()
    try:
        yield worker
    finally:
        worker.stop()
