"""A worker killed with SIGKILL in the middle of extraction: another worker runs the task again, and the
article ends with one set of claims."""

import pytest

from apps.articles.models import Article
from apps.articles.services import article_submit_text
from tests.processes import WorkerProcess, purge_queue, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

NAMES = ["Ana Lopez", "Bram de Vries", "Chen Wei", "Dara Okafor", "Elif Kaya", "Farid Haddad", "Greta Holm"]
TOPICS = ["the bridge", "the budget", "the hospital", "the rail line", "the harbour", "the school", "the dam"]


def long_article(paragraphs: int = 300) -> str:
    rows = []
    for i in range(paragraphs):
        name, topic = NAMES[i % len(NAMES)], TOPICS[(i * 3) % len(TOPICS)]
        rows.append(
            f"On day {i}, {name} said that {topic} would cost {i + 3} million more than planned. "
            f"“We cannot go on like this,” {name.split()[0]} told reporters in session {i}. "
            f"The council said {topic} was on schedule, citing report number {i}."
        )
    return "\n".join(rows)


def test_killed_worker_task_is_run_again_without_duplicates(settings):
    fast_restore = {
        "CELERY_VISIBILITY_TIMEOUT": "8",
        "CELERY_RESTORE_INTERVAL": "1",
        "CELERY_RESTORE_THROTTLE": "1",
        "CLAIMTRACK_MAX_EXTRACT_CHARS": "500000",
    }
    settings.CLAIMTRACK_MAX_EXTRACT_CHARS = 500_000
    purge_queue()
    first = WorkerProcess(fast_restore, name="doomed").start()
    try:
        article = article_submit_text(text=long_article(), title="Long").article
        wait_for(
            lambda: Article.objects.get(pk=article.pk).status == Article.Status.EXTRACTING,
            timeout=30,
            message="extraction to start",
        )
    finally:
        first.kill()
    article.refresh_from_db()
    assert article.status == Article.Status.EXTRACTING, (
        "the task finished before the kill; make the text longer"
    )
    assert article.claims.count() == 0  # the killed transaction left nothing behind

    second = WorkerProcess(fast_restore, name="rescuer").start()
    try:
        done = wait_for(
            lambda: Article.objects.filter(pk=article.pk, status=Article.Status.DONE).first(),
            timeout=150,
            message="the second worker to finish the article",
        )
        # the row is committed a moment before the worker logs the task's success: wait for both
        wait_for(
            lambda: any("articles.process_article" in line and "succeeded" in line for line in second.log),
            timeout=30,
            message="the second worker to report the task done",
        )
    finally:
        second.stop()
    claims = done.claims.all()
    assert claims.count() > 100
    spans = list(claims.values_list("start", "end"))
    assert len(spans) == len(set(spans))
    assert done.attempts == 2
