"""Polling a source's feed: conditional GET, parse, one Article per new entry."""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from apps.articles.models import Article
from apps.articles.services import SubmissionError, article_submit_url
from apps.core.http import FetchError, fetch_url

from .feeds import FeedError, parse_feed
from .models import Source

logger = logging.getLogger(__name__)

FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
    "application/x-rss+xml",
    "text/html",
    "text/plain",
)


@dataclass(frozen=True)
class PollResult:
    new_articles: int
    entries: int
    not_modified: bool = False
    error: str = ""


def source_poll(*, source: Source) -> PollResult:
    """Poll one feed. Errors are stored on the source (last error) and returned, never raised."""
    now = timezone.now()
    try:
        response = fetch_url(
            source.feed_url,
            max_bytes=settings.CLAIMTRACK_FETCH_MAX_BYTES,
            timeout=settings.CLAIMTRACK_FETCH_TIMEOUT,
            allow_private=settings.CLAIMTRACK_FETCH_ALLOW_PRIVATE,
            user_agent=settings.CLAIMTRACK_FETCH_USER_AGENT,
            accept=FEED_TYPES,
            etag=source.feed_etag,
            last_modified=source.feed_modified,
        )
        if response.not_modified:
            _record_poll(source, now=now, error="")
            return PollResult(new_articles=0, entries=0, not_modified=True)
        entries = parse_feed(response.body, base_url=response.url)
    except (FetchError, FeedError) as exc:
        _record_poll(source, now=now, error=str(exc))
        return PollResult(new_articles=0, entries=0, error=str(exc))

    created = 0
    for entry in entries:
        if _entry_known(source, entry.entry_id, entry.url):
            continue
        try:
            submission = article_submit_url(
                url=entry.url,
                source=source,
                origin=Article.Origin.FEED,
                title=entry.title,
                entry_id=entry.entry_id,
                published_at=entry.published_at,
            )
        except SubmissionError as exc:
            logger.info("Source %s: skipped entry %s: %s", source.pk, entry.url, exc)
            continue
        created += submission.created
    source.feed_etag = response.etag[:500]
    source.feed_modified = response.last_modified[:100]
    _record_poll(source, now=now, error="")
    return PollResult(new_articles=created, entries=len(entries))


def _entry_known(source: Source, entry_id: str, url: str) -> bool:
    query = Q(url=url)
    if entry_id:
        query |= Q(source=source, feed_entry_id=entry_id)
    return Article.objects.filter(query).exists()


def _record_poll(source: Source, *, now, error: str) -> None:
    source.schedule_next_poll(now)
    fields = ["last_polled_at", "next_poll_at", "feed_etag", "feed_modified", "last_error", "updated_at"]
    source.last_error = error
    if error:
        source.last_error_at = now
        fields.append("last_error_at")
    source.save(update_fields=fields)


@transaction.atomic
def source_set_active(*, source: Source, active: bool) -> None:
    source.active = active
    source.save(update_fields=["active", "updated_at"])


def sources_due_for_poll() -> list[int]:
    return list(Source.objects.due_for_poll().values_list("pk", flat=True))
