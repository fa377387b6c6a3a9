"""Changes to a Source: switching it on or off, and recording a poll of its feed (the polling itself is
ingestion's: apps/articles/polling.py)."""

from datetime import datetime

from django.db import transaction

from .models import Source


@transaction.atomic
def source_set_active(*, source: Source, active: bool) -> None:
    source.active = active
    source.save(update_fields=["active", "updated_at"])


def source_record_poll(
    *,
    source: Source,
    now: datetime,
    error: str = "",
    etag: str | None = None,
    last_modified: str | None = None,
) -> None:
    """A poll of the source's feed happened at `now`: the next one is scheduled, and its error (or none) is
    stored. `etag` and `last_modified` (the feed's validators, for the next conditional GET) are kept when
    given, else left as they were."""
    source.schedule_next_poll(now)
    fields = ["last_polled_at", "next_poll_at", "feed_etag", "feed_modified", "last_error", "updated_at"]
    if etag is not None:
        source.feed_etag = etag[:500]
    if last_modified is not None:
        source.feed_modified = last_modified[:100]
    source.last_error = error
    if error:
        source.last_error_at = now
        fields.append("last_error_at")
    source.save(update_fields=fields)


def sources_due_for_poll() -> list[int]:
    return list(Source.objects.due_for_poll().values_list("pk", flat=True))
