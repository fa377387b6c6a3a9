"""Alerts: who follows which speaker or source, the notifications they got, and the webhooks staff set up.

A follow says what its follower wants to hear of (`notify_on`): claims given without evidence or flagged
unsupported (the default), or every new claim. A notification is unique per (user, claim, kind), and a new
claim is one notification whatever the follower chose (a claim without evidence is that, not also "new"),
so however often a trigger fires, a user hears about a claim once. A webhook delivery is unique per (webhook, claim, event) for the same reason; its row is the
delivery log the admin shows.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse


class Event(models.TextChoices):
    """What happened to a claim of a followed speaker or source."""

    NOT_PROVIDED_CLAIM = "not_provided_claim", "Claim with no evidence given"
    FLAGGED_UNSUPPORTED = "flagged_unsupported", "Claim flagged unsupported"
    NEW_CLAIM = "new_claim", "New claim"  # only for follows of every new claim; not with no evidence given


class FollowQuerySet(models.QuerySet):
    def of_user(self, user):
        return self.filter(user=user)

    def wanting(self, event: str):
        """Follows that ask to hear of `event` (see Follow.wants)."""
        return self.filter(notify_on=Follow.NotifyOn.EVERY_CLAIM) if event == Event.NEW_CLAIM else self

    def for_claim(self, claim):
        """Follows that reach this claim: of its speaker, or of its article's source."""
        condition = Q(pk__in=[])
        if claim.speaker_id:
            condition |= Q(speaker_id=claim.speaker_id)
        if claim.article.source_id:
            condition |= Q(source_id=claim.article.source_id)
        return self.filter(condition)


class Follow(models.Model):
    """A user follows one speaker or one source (exactly one of the two), for what they chose to hear of."""

    class NotifyOn(models.TextChoices):
        ATTENTION = "attention", "Claims without evidence or flagged unsupported"
        EVERY_CLAIM = "every_claim", "Every new claim"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    speaker = models.ForeignKey(
        "claims.Speaker", null=True, blank=True, on_delete=models.CASCADE, related_name="follows"
    )
    source = models.ForeignKey(
        "sources.Source", null=True, blank=True, on_delete=models.CASCADE, related_name="follows"
    )
    notify_on = models.CharField(
        "notify me of", max_length=20, choices=NotifyOn.choices, default=NotifyOn.ATTENTION
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FollowQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(speaker__isnull=False) & Q(source__isnull=True))
                | (Q(speaker__isnull=True) & Q(source__isnull=False)),
                name="follow_exactly_one_target",
            ),
            models.UniqueConstraint(
                fields=["user", "speaker"], condition=Q(speaker__isnull=False), name="follow_unique_speaker"
            ),
            models.UniqueConstraint(
                fields=["user", "source"], condition=Q(source__isnull=False), name="follow_unique_source"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} follows {self.target}"

    @property
    def target(self):
        return self.speaker or self.source

    def wants(self, event: str) -> bool:
        """Whether this follow asks to hear of `event`: a new claim only if it follows every new claim."""
        return event != Event.NEW_CLAIM or self.notify_on == self.NotifyOn.EVERY_CLAIM


class NotificationQuerySet(models.QuerySet):
    def of_user(self, user):
        return self.filter(user=user)

    def unread(self):
        return self.filter(read_at__isnull=True)

    def for_list(self):
        return self.select_related("claim", "claim__speaker", "claim__article", "claim__article__source")


class Notification(models.Model):
    Kind = Event

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    claim = models.ForeignKey("claims.Claim", on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=20, choices=Event.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "claim", "kind"], name="notification_once_per_claim_kind"
            ),
        ]
        indexes = [
            # the header badge: a user's unread count
            models.Index(fields=["user"], condition=Q(read_at__isnull=True), name="notification_unread_idx"),
            models.Index(fields=["user", "-created_at"], name="notification_list_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.claim_id} for {self.user}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


def _new_secret() -> str:
    return secrets.token_hex(32)


class Webhook(models.Model):
    """An endpoint that receives a signed JSON POST when a followed claim needs attention."""

    name = models.CharField(max_length=200)
    url = models.URLField("URL", max_length=2000, validators=[URLValidator(schemes=["http", "https"])])
    secret = models.CharField(
        max_length=200,
        default=_new_secret,
        help_text="Shared with the receiver: the body is signed with HMAC-SHA256 of this secret, in the "
        "X-Claimtrack-Signature header.",
    )
    active = models.BooleanField(default=True)
    events = models.JSONField(
        default=list, blank=True, help_text="Which events to send; none selected means none are sent."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.CheckConstraint(condition=~Q(secret=""), name="webhook_secret_not_blank")]

    def __str__(self) -> str:
        return self.name

    def wants(self, event: str) -> bool:
        return self.active and event in (self.events or [])


class WebhookDelivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed"

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    claim = models.ForeignKey(
        "claims.Claim", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    event = models.CharField(max_length=20, choices=Event.choices)
    payload = models.JSONField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    last_status_code = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "webhook deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["webhook", "claim", "event"], name="delivery_once_per_claim_event"
            ),
        ]
        indexes = [models.Index(fields=["status", "-created_at"], name="delivery_log_by_status_idx")]

    def __str__(self) -> str:
        return f"{self.get_event_display()} → {self.webhook} ({self.get_status_display()})"

    def get_admin_url(self) -> str:
        return reverse("admin:alerts_webhookdelivery_change", args=[self.pk])


class DigestSubscription(models.Model):
    """A user's morning digest: the top unreviewed claims by worth-checking score, from what they follow or
    from everything, in the app and (if chosen) by email, once a day at their time (the site's time zone)."""

    class Scope(models.TextChoices):
        FOLLOWED = "followed", "What I follow"
        EVERYTHING = "everything", "Every source and speaker"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="digest_subscription",
    )
    enabled = models.BooleanField("Send me a daily digest", default=False)
    send_at = models.TimeField("At", default="07:00", help_text="In the newsroom's time zone.")
    scope = models.CharField("From", max_length=10, choices=Scope.choices, default=Scope.FOLLOWED)
    size = models.PositiveSmallIntegerField("Claims", default=10, help_text="How many claims at most (1-50).")
    email = models.BooleanField("Also by email", default=True)
    last_sent_on = models.DateField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(size__gte=1, size__lte=50), name="digest_size_in_range"),
        ]
        indexes = [
            models.Index(fields=["send_at"], condition=Q(enabled=True), name="digest_due_idx"),
        ]

    def __str__(self) -> str:
        return f"Digest of {self.user}"


class Digest(models.Model):
    """One day's digest of one user, as sent: its claims in order of score."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests")
    sent_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    emailed = models.BooleanField(default=False)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_on"]
        constraints = [models.UniqueConstraint(fields=["user", "sent_on"], name="digest_once_a_day")]

    def __str__(self) -> str:
        return f"Digest of {self.user} on {self.sent_on}"

    def get_absolute_url(self) -> str:
        return reverse("alerts:digest", args=[self.pk])


class DigestItem(models.Model):
    """A claim in a digest; unique per (user, claim): a claim reaches a user's digest once, ever."""

    digest = models.ForeignKey(Digest, on_delete=models.CASCADE, related_name="items")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    claim = models.ForeignKey("claims.Claim", on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField()
    score = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["digest", "position"]
        constraints = [models.UniqueConstraint(fields=["user", "claim"], name="digest_claim_once_per_user")]

    def __str__(self) -> str:
        return f"Claim {self.claim_id} in {self.digest}"
