"""A worker process keeps its database connection from one task to the next (CELERY_DB_REUSE_MAX with
CONN_MAX_AGE), as the web does from one request to the next: Celery's Django fixup would otherwise close it
around every task, and each of an article's four tasks would open a new PostgreSQL session."""

import time

import pytest
from django.db import connection

from apps.articles.models import Article
from apps.articles.services import article_submit_text, article_submit_url
from apps.claims.models import Claim
from apps.similarity.models import ClaimEmbedding
from tests.pages import ARTICLE_HTML, SECOND_HTML
from tests.processes import WorkerProcess, purge_queue, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

APP = "claimtrack-test-worker-reuse"


def _all_done(ids: list[int]) -> bool:
    """Every article done, and every task it set off has run: each claim indexed and scored."""
    if Article.objects.filter(pk__in=ids).exclude(status=Article.Status.DONE).exists():
        return False
    claims = Claim.objects.filter(article_id__in=ids)
    return (
        claims.exists()
        and not claims.filter(worth_model="").exists()
        and ClaimEmbedding.objects.filter(claim__in=claims).count() == claims.count()
    )


def _worker_sessions() -> list[tuple[int, float]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid, extract(epoch FROM backend_start) FROM pg_stat_activity "
            "WHERE application_name = %s AND datname = current_database()",
            [APP],
        )
        return cursor.fetchall()


def test_a_worker_process_keeps_its_database_session_across_tasks(local_server, settings):
    if not settings.REDIS_URL:
        pytest.skip("needs REDIS_URL (bin/test sets it)")
    local_server.route("/one", body=ARTICLE_HTML, headers={"Content-Type": "text/html"})
    local_server.route("/two", body=SECOND_HTML, headers={"Content-Type": "text/html"})
    purge_queue()
    worker = WorkerProcess(
        extra_env={"CONN_MAX_AGE": "60", "DATABASE_APPLICATION_NAME": APP}, name="reuse"
    ).start()
    try:
        first = article_submit_text(text="The harbour master said the channel was safe, citing a survey.")
        wait_for(lambda: _all_done([first.article.pk]), timeout=120, message="the first article's tasks")
        before = _worker_sessions()
        assert before, "the worker's pool process keeps a session between tasks"
        time.sleep(0.05)
        later = time.time()
        ids = [article_submit_url(url=local_server.url(p)).article.pk for p in ("/one", "/two")]
        wait_for(lambda: _all_done(ids), timeout=120, message="the next articles' tasks")
        after = _worker_sessions()
    finally:
        worker.stop()
    # eight more tasks (two articles: process, link, two triage scores each) ran on the same session
    assert after == before
    assert all(started < later for _, started in after)
