import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from celery.signals import worker_process_init
from django.conf import settings
from django.db import OperationalError

from apps.core.http import FetchError
from apps.extraction import ModelNotInstalled, get_nlp
from apps.extraction.apps import config_from_settings
from apps.sources.models import Source
from apps.sources.services import sources_due_for_poll

from .models import Article, ReextractionRun
from .polling import source_poll
from .services import (
    article_fail,
    article_process,
    article_set_status,
    articles_sweep_stuck,
    reextraction_fail_waiting,
    reextraction_run_batch,
)

logger = logging.getLogger(__name__)

MAX_RETRIES = 3


@worker_process_init.connect(dispatch_uid="articles_load_extractor")
def _load_extractor(**_kwargs) -> None:
    """Each pool process loads the spaCy model once, when it starts (then every task reuses it), rather than
    in its first article, whose time limit it would eat."""
    try:
        get_nlp(config_from_settings())
    except ModelNotInstalled:
        logger.warning("The spaCy model is not installed; extraction will fail until it is", exc_info=True)


@shared_task(
    bind=True,
    name="articles.process_article",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=300,
    time_limit=360,
    max_retries=MAX_RETRIES,
)
def process_article(self, article_id: int) -> None:
    """Fetch (if needed), clean, store and extract one article. Safe to run twice."""
    article = Article.objects.filter(pk=article_id).first()
    if article is None:
        return
    try:
        article_process(article=article)
    except FetchError as exc:
        if exc.transient and self.request.retries < MAX_RETRIES:
            countdown = round(settings.CLAIMTRACK_RETRY_BACKOFF * 2**self.request.retries, 1)
            logger.info("Article %s: %s; retrying in %ss", article_id, exc, countdown)
            article_set_status(
                article=article, status=Article.Status.QUEUED, error=f"{exc} Trying again in {countdown} s."
            )
            raise self.retry(exc=exc, countdown=countdown) from exc
        article_fail(article=article, error=str(exc))
    except OperationalError as exc:
        # two workers' transactions took the same count rows in opposite orders: PostgreSQL rolled this one
        # back; the task is safe to run again, so it does, instead of leaving the article for the sweep
        if "deadlock detected" not in str(exc) or self.request.retries >= MAX_RETRIES:
            raise
        logger.info("Article %s: deadlock with another worker; retrying", article_id)
        raise self.retry(exc=exc, countdown=1 + self.request.retries) from exc
    except SoftTimeLimitExceeded:
        article_fail(article=article, error="Processing took longer than the 5-minute limit.")


@shared_task(name="articles.sweep_stuck_articles", ignore_result=True)
def sweep_stuck_articles() -> dict[str, int]:
    return articles_sweep_stuck()


@shared_task(
    name="articles.reextract_articles",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=600,
    time_limit=660,
)
def reextract_articles(run_id: int, article_ids: list[int]) -> None:
    """Re-extract one batch of a re-extraction run with the current extractor. Safe to run twice."""
    run = ReextractionRun.objects.filter(pk=run_id).first()
    if run is None:
        return
    try:
        reextraction_run_batch(run=run, article_ids=article_ids)
    except SoftTimeLimitExceeded:
        reextraction_fail_waiting(
            run=run, article_ids=article_ids, detail="The batch took longer than the 10-minute limit."
        )


# Feed polling. The names are the ones these tasks had in apps/sources/tasks.py: beat's schedule
# (CELERY_BEAT_SCHEDULE) and messages already queued by an older worker name them so.


@shared_task(name="sources.poll_source", acks_late=True, soft_time_limit=120, time_limit=150)
def poll_source(source_id: int) -> int:
    source = Source.objects.filter(pk=source_id, active=True).exclude(feed_url="").first()
    if source is None:
        return 0
    return source_poll(source=source).new_articles


@shared_task(name="sources.poll_due_sources")
def poll_due_sources() -> int:
    due = sources_due_for_poll()
    for source_id in due:
        poll_source.delay(source_id)
    return len(due)
