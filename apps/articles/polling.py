"""Polling a source's feed: conditional GET, parse (feeds.py), one Article per new entry (services.py).

Ingestion owns the polling; apps/sources owns the Source row, and its services record each poll.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from apps.core.http import FetchError, fetch_url
from apps.sources.models import Source
from apps.sources.services import source_record_poll

from .feeds import FeedError, parse_feed
from .models import Article
from .services import SubmissionError, article_submit_url

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
            source_record_poll(source=source, now=now)
            return PollResult(new_articles=0, entries=0, not_modified=True)
        entries = parse_feed(response.body, base_url=response.url)
    except (FetchError, FeedError) as exc:
        source_record_poll(source=source, now=now, error=str(exc))
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
    source_record_poll(source=source, now=now, etag=response.etag, last_modified=response.last_modified)
    return PollResult(new_articles=created, entries=len(entries))


def _entry_known(source: Source, entry_id: str, url: str) -> bool:
    query = Q(url=url)
    if entry_id:
        query |= Q(source=source, feed_entry_id=entry_id)
    return Article.objects.filter(query).exists()
