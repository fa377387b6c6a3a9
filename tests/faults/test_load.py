"""Editors reviewing concurrently over real HTTP (gunicorn + PostgreSQL) while a real worker ingests a
burst: no errors, every successful action in the audit history with its editor, no lost update, and the
burst all extracted. The same loop as bench/load.py, smaller, with no timing goal (speed is the bench's)."""

import pytest

from apps.articles.models import Article
from bench.load import audit_check, run_load, seed
from tests.processes import WebProcess, WorkerProcess, purge_queue, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_concurrent_editors_lose_nothing_while_a_burst_is_ingested():
    shares = seed(editors=8, articles=20)  # 8 editors, 23 claims each + 10 they all share
    purge_queue()
    worker = WorkerProcess(name="load").start()
    web = WebProcess(workers=1, threads=8).start()
    try:
        result = run_load(web_url=web.url, shares=shares, seconds=12, burst=30, think=0.1, warm_up=False)
        burst = wait_for(
            lambda: Article.objects.filter(pk__in=result.burst, status="done").count() == 30 or None,
            timeout=120,
            message="the burst to be extracted",
        )
    finally:
        web.stop()
        worker.stop()
    assert burst
    assert result.errors == []
    assert len(result.done_actions) >= 40, result.timings.keys()  # the editors really worked
    assert {kind for kind, values in result.timings.items() if values} == {
        "queue",
        "healthz",
        "claim",
        "action",
    }
    missing, lost = audit_check(result.done_actions)
    assert missing == [] and lost == []
