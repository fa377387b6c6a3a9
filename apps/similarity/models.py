"""Repeated claims: each claim's entry in the matcher's index, and the links between claims that say the same
thing. A link points from the later claim to the earlier one (by when they were said); editors confirm or
reject the matcher's suggestions, and django-simple-history keeps every change."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords


class ClaimEmbedding(models.Model):
    """The matcher's copy of one claim: its normalised words (the lexical backend compares these) and, when
    the embeddings backend made it, its sentence vector (float32, L2-normalised, `dim` values as bytes).

    A claim whose text changes gets a new row (delete, then insert): search caches load rows by increasing
    id, so a new id is how they learn of the change."""

    claim = models.OneToOneField("claims.Claim", on_delete=models.CASCADE, related_name="similarity_entry")
    text = models.TextField(help_text="The claim's words, normalised for the lexical matcher.")
    content_hash = models.CharField(max_length=64, help_text="Of the claim text the entry was made from.")
    model = models.CharField(max_length=100, blank=True, help_text="The embedding model; blank if none.")
    dim = models.PositiveSmallIntegerField(default=0)
    vector = models.BinaryField(null=True, blank=True)
    frame = models.JSONField(
        default=dict, blank=True, help_text="What the claim says, read once from its parse (frames.py)."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["model", "id"], name="similarity_entry_model_idx")]

    def __str__(self) -> str:
        return f"Index entry for claim {self.claim_id}"


class ClaimLinkQuerySet(models.QuerySet):
    def involving(self, claim_id: int):
        return self.filter(Q(claim_id=claim_id) | Q(earlier_claim_id=claim_id))

    def shown(self):
        """Links worth showing: suggested or confirmed (a rejected one stays, so it is not suggested again)."""
        return self.exclude(status=ClaimLink.Status.REJECTED)


class ClaimLink(models.Model):
    class Status(models.TextChoices):
        SUGGESTED = "suggested", "Suggested"
        CONFIRMED = "confirmed", "Confirmed"
        REJECTED = "rejected", "Rejected"

    class Method(models.TextChoices):
        EMBEDDINGS = "embeddings", "Sentence embeddings"
        LEXICAL = "lexical", "Word overlap"

    claim = models.ForeignKey("claims.Claim", on_delete=models.CASCADE, related_name="said_before_links")
    earlier_claim = models.ForeignKey(
        "claims.Claim", on_delete=models.CASCADE, related_name="said_again_links"
    )
    score = models.FloatField(help_text="How alike the two claims read, 0 to 1.")
    method = models.CharField(max_length=10, choices=Method.choices)
    model = models.CharField(max_length=100, blank=True)
    reasons = models.JSONField(default=list, blank=True, help_text="What the two claims' frames agree on.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUGGESTED)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = ClaimLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "earlier_claim"], name="similarity_link_unique_pair"),
            models.CheckConstraint(condition=~Q(claim=F("earlier_claim")), name="similarity_link_not_self"),
            models.CheckConstraint(
                condition=~Q(status="suggested") | Q(reviewed_at__isnull=True),
                name="similarity_link_suggested_unreviewed",
            ),
        ]
        indexes = [
            models.Index(fields=["earlier_claim", "status"], name="similarity_link_earlier_idx"),
        ]

    def __str__(self) -> str:
        return f"Claim {self.claim_id} repeats claim {self.earlier_claim_id}"

    def other(self, claim_id: int):
        """The claim at the other end of the link from `claim_id`."""
        return self.earlier_claim if self.claim_id == claim_id else self.claim


class ClaimNearMiss(models.Model):
    """A close candidate the matcher did not link because the two claims' frames disagree ("other figure:
    2.4m vs 4.2m", "roles swapped"). Replaced each time the claim is matched; editors see them on request."""

    claim = models.ForeignKey("claims.Claim", on_delete=models.CASCADE, related_name="near_misses")
    other = models.ForeignKey("claims.Claim", on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(help_text="How alike the two claims read, 0 to 1.")
    method = models.CharField(max_length=10, choices=ClaimLink.Method.choices)
    reason = models.CharField(max_length=300, help_text="Why the two claims say different things.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "other"], name="similarity_near_miss_unique_pair"),
        ]
        indexes = [models.Index(fields=["other"], name="similarity_near_miss_other_idx")]

    def __str__(self) -> str:
        return f"Claim {self.other_id} is a near miss of claim {self.claim_id}: {self.reason}"
