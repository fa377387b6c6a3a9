from datetime import timedelta

from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords


class SourceQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)

    def due_for_poll(self, now=None):
        """Active sources with a feed whose poll interval has passed (or never polled)."""
        now = now or timezone.now()
        return (
            self.active()
            .exclude(feed_url="")
            .filter(Q(last_polled_at__isnull=True) | Q(next_poll_at__lte=now))
        )


class Source(models.Model):
    """An outlet the newsroom follows, with its RSS/Atom feed."""

    name = models.CharField(max_length=200, unique=True)
    homepage = models.URLField(max_length=2000, blank=True)
    feed_url = models.URLField("feed URL", max_length=2000, blank=True)
    active = models.BooleanField(default=True)
    poll_interval = models.DurationField(
        default=timedelta(minutes=15), help_text="How often to poll the feed."
    )
    last_polled_at = models.DateTimeField(null=True, blank=True)
    next_poll_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_error = models.TextField(blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)
    feed_etag = models.CharField(max_length=500, blank=True, editable=False)
    feed_modified = models.CharField("feed Last-Modified", max_length=100, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(
        excluded_fields=["last_polled_at", "next_poll_at", "feed_etag", "feed_modified"]
    )
    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(poll_interval__gte=timedelta(minutes=1)),
                name="source_poll_interval_at_least_1min",
            ),
        ]
        indexes = [
            models.Index(fields=["active", "next_poll_at"], name="source_due_for_poll_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def schedule_next_poll(self, now=None) -> None:
        now = now or timezone.now()
        self.last_polled_at = now
        self.next_poll_at = now + self.poll_interval
