import hashlib
import re
import unicodedata

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords


def content_hash(text: str) -> str:
    """The same text twice is one article: hash the text with whitespace and Unicode form normalised."""
    normalised = re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


class ArticleQuerySet(models.QuerySet):
    def running(self):
        return self.filter(status__in=Article.RUNNING_STATUSES)

    def stuck(self, older_than):
        """Articles queued or running whose status has not moved since `older_than`."""
        return self.filter(
            status__in=[Article.Status.QUEUED, *Article.RUNNING_STATUSES], status_changed_at__lt=older_than
        )


class Article(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        FETCHING = "fetching", "Fetching"
        EXTRACTING = "extracting", "Extracting claims"
        DONE = "done", "Done"
        SKIPPED = "skipped", "Skipped"
        DUPLICATE = "duplicate", "Duplicate"
        FAILED = "failed", "Failed"

    class Origin(models.TextChoices):
        FEED = "feed", "Feed"
        URL = "url", "URL"
        PASTE = "paste", "Pasted text"
        FILE = "file", "Uploaded file"

    RUNNING_STATUSES = (Status.FETCHING, Status.EXTRACTING)
    FINAL_STATUSES = (Status.DONE, Status.SKIPPED, Status.DUPLICATE, Status.FAILED)

    source = models.ForeignKey(
        "sources.Source", null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.URL)
    url = models.URLField("URL", max_length=2000, blank=True)
    canonical_url = models.URLField("canonical URL", max_length=2000, blank=True)
    feed_entry_id = models.CharField(max_length=2000, blank=True)
    title = models.CharField(max_length=1000, blank=True)
    byline = models.CharField(max_length=500, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    language = models.CharField(max_length=16, blank=True)
    text = models.TextField(blank=True)
    content_hash = models.CharField(max_length=64, blank=True, editable=False)
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    error = models.TextField(blank=True, help_text="Why ingestion failed or was skipped, in plain words.")
    attempts = models.PositiveSmallIntegerField(default=0)
    status_changed_at = models.DateTimeField(default=timezone.now)
    extractor_version = models.CharField(max_length=40, blank=True)
    extracted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["text", "updated_at"])
    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["url"], condition=~Q(url=""), name="article_url_unique_when_present"
            ),
            models.UniqueConstraint(
                fields=["content_hash"],
                condition=~Q(content_hash="") & Q(duplicate_of__isnull=True),
                name="article_text_unique",
            ),
            models.CheckConstraint(
                condition=~Q(status="failed") | ~Q(error=""), name="article_failed_has_error"
            ),
            models.CheckConstraint(
                condition=~Q(origin__in=["url", "feed"]) | ~Q(url=""), name="article_fetched_has_url"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "status_changed_at"], name="article_status_sweep_idx"),
            models.Index(fields=["source", "-published_at"], name="article_source_recent_idx"),
        ]

    def __str__(self) -> str:
        return self.title or self.url or f"Article {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("review:article", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINAL_STATUSES

    @property
    def needs_fetch(self) -> bool:
        return bool(self.url) and not self.text


class ArticleTextVersion(models.Model):
    """A text the article had before an editor corrected it (article_correct_text): the article's history
    records each correction, and this row keeps the words it replaced, so no earlier text is lost."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="text_versions")
    text = models.TextField()
    content_hash = models.CharField(max_length=64, blank=True)
    replaced_at = models.DateTimeField(default=timezone.now)
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=500, blank=True, help_text="Why the text was corrected.")

    class Meta:
        ordering = ["-replaced_at", "-id"]
        indexes = [models.Index(fields=["article", "-replaced_at"], name="article_text_version_idx")]

    def __str__(self) -> str:
        return f"Text of article {self.article_id} before {self.replaced_at:%Y-%m-%d %H:%M}"


class ReextractionRunQuerySet(models.QuerySet):
    def with_progress(self):
        """Each run with its counts: `queued` (every article it took), `waiting`, `done`, `skipped`, `failed`."""
        status = ReextractionItem.Status
        return self.annotate(
            queued=models.Count("items"),
            waiting=models.Count("items", filter=Q(items__status=status.PENDING)),
            done=models.Count("items", filter=Q(items__status=status.DONE)),
            skipped=models.Count("items", filter=Q(items__status=status.SKIPPED)),
            failed=models.Count("items", filter=Q(items__status=status.FAILED)),
        )


class ReextractionRun(models.Model):
    """One request to re-extract stored articles with the current extractor (`manage.py reextract`, the
    admin's actions on Articles and Sources). Each article it queued is a ReextractionItem; its progress is
    counted from them (queued, done, skipped, failed), so the figures cannot drift from what happened."""

    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        FINISHED = "finished", "Finished"

    extractor_version = models.CharField(max_length=40, help_text="The version the articles are re-run with.")
    scope = models.CharField(max_length=500, blank=True, help_text="Which articles were asked for, in words.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ReextractionRunQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "re-extraction run"

    def __str__(self) -> str:
        return f"Re-extraction {self.pk} with {self.extractor_version}"


class ReextractionItem(models.Model):
    """One article of a run: pending until a worker has re-run it, then done, skipped (nothing to do: the
    article was being processed, or already current) or failed (with why)."""

    class Status(models.TextChoices):
        PENDING = "pending", "Queued"
        DONE = "done", "Done"
        SKIPPED = "skipped", "Skipped"
        FAILED = "failed", "Failed"

    run = models.ForeignKey(ReextractionRun, on_delete=models.CASCADE, related_name="items")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="reextraction_items")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    detail = models.CharField(max_length=500, blank=True, help_text="Why it was skipped or failed.")
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "article"], name="reextraction_item_once_per_run"),
            # an article waits in one run at a time: starting another run never queues it twice
            models.UniqueConstraint(
                fields=["article"], condition=Q(status="pending"), name="reextraction_item_one_pending"
            ),
        ]
        indexes = [models.Index(fields=["run", "status"], name="reextraction_item_progress_idx")]

    def __str__(self) -> str:
        return f"Article {self.article_id} in re-extraction {self.run_id}: {self.status}"
