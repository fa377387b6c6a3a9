from celery import shared_task

from .models import Source
from .services import source_poll, sources_due_for_poll


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
