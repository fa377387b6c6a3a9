"""Redis down when an article is submitted: it is stored and queued, and the sweep sends it once Redis is
back. Uses a Redis server of its own on a free port, so stopping it harms nothing else."""

import logging
import shutil
import socket
import subprocess
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from apps.articles.models import Article
from apps.articles.services import article_submit_text, articles_sweep_stuck
from config.celery import app
from tests.processes import WorkerProcess, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


class RedisServer:
    def __init__(self) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.proc:
            self.proc.terminate()
            self.proc.wait(10)
            self.proc = None


def _use_broker(url: str) -> None:
    app.conf.broker_url = url
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def own_redis():
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")
    server = RedisServer()
    original = app.conf.broker_url
    _use_broker(server.url)
    yield server
    server.stop()
    _use_broker(original)


def test_submission_survives_redis_down(own_redis, caplog):
    with caplog.at_level(logging.WARNING, logger="apps.articles.services"):
        started = time.monotonic()
        article = article_submit_text(text="The ferry operator said sailings would resume on Friday.").article
        elapsed = time.monotonic() - started
    assert "Broker unavailable" in caplog.text
    assert elapsed < 15, "a submission must not hang on a dead broker"
    article.refresh_from_db()
    assert article.status == Article.Status.QUEUED

    own_redis.start()
    worker = WorkerProcess({"REDIS_URL": own_redis.url}, name="after-outage").start()
    try:
        counts = articles_sweep_stuck(now=timezone.now() + timedelta(minutes=5))
        assert counts["requeued"] == 1
        done = wait_for(
            lambda: (
                Article.objects.filter(pk=article.pk)
                .exclude(status=Article.Status.QUEUED)
                .filter(status=Article.Status.DONE)
                .first()
            ),
            timeout=60,
            message="the article to be processed after Redis came back",
        )
    finally:
        worker.stop()
    assert done.claims.filter(speaker__name__icontains="ferry operator").exists()


def test_running_worker_reconnects_after_a_redis_restart(own_redis):
    """Redis restarted under a running worker (it keeps nothing on disk, as on these machines): the worker
    reconnects by itself and processes what is submitted afterwards."""
    own_redis.start()
    worker = WorkerProcess({"REDIS_URL": own_redis.url}, name="redis-restart").start()
    try:
        first = article_submit_text(
            text="The harbour master said the channel would reopen on Monday."
        ).article
        wait_for(
            lambda: Article.objects.filter(pk=first.pk, status=Article.Status.DONE).exists(),
            timeout=60,
            message="the article before the restart",
        )
        own_redis.stop()
        time.sleep(2)  # the worker notices the lost connection
        own_redis.start()
        second = article_submit_text(text="The mayor said the new bridge would open in June.").article
        done = wait_for(
            lambda: Article.objects.filter(pk=second.pk, status=Article.Status.DONE).first(),
            timeout=90,
            message=f"the article after the restart (worker log: {worker.log[-8:]})",
        )
    finally:
        worker.stop()
    assert done.claims.filter(speaker__name__icontains="mayor").exists()
    log = "\n".join(worker.log)
    lost = log.index("Connection to broker lost")
    assert "Connected to redis://" in log[lost:], "the worker noticed the restart and connected again"
