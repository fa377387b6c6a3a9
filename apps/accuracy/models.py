"""What the extractor said about each of its claims, kept beside the claim so the accuracy page can compare.

The first historical record of a machine claim (django-simple-history, history_type "+") holds the
extractor's speaker, span and evidence flag. ClaimOutcome copies those few fields once per claim
(`claim_outcomes_record`, run for the claims each write touches, from apps/accuracy/counts.py), so the
figures are one join instead of a lookup in the history table for every claim. The copy never goes stale: a creation record does
not change.

The relations carry no database constraint and do nothing on delete, on purpose: the claims app deletes
and re-creates unreviewed machine claims on every re-extraction, and an outcome must not add queries to
(or block) that. An outcome whose claim was deleted is never joined to anything and costs one small row.
"""

from django.db import models

from apps.claims.models import Claim, Speaker


class ClaimOutcome(models.Model):
    claim = models.OneToOneField(
        Claim,
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="accuracy_outcome",
    )
    speaker = models.ForeignKey(
        Speaker,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        help_text="The speaker the extractor chose.",
    )
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    evidence = models.CharField(max_length=12, choices=Claim.Evidence.choices)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "extractor's original claim"

    def __str__(self) -> str:
        return f"Outcome of claim {self.claim_id}"


class AccuracyFact(models.Model):
    """What one claim counted for on the accuracy page when its counts were last written (apps/accuracy/
    counts.py): the "before" of its next change. `flags`: a bit for each figure it counts in."""

    claim_id = models.BigIntegerField(primary_key=True)
    article_id = models.BigIntegerField()
    source_key = models.CharField(max_length=24)  # a source id, or "none"
    version = models.CharField(max_length=100)  # the counted version ("" unknown)
    day = models.DateField()  # created, in the site's time zone
    flags = models.IntegerField()

    def __str__(self) -> str:
        return f"Counts of claim {self.claim_id}"


class AccuracyCount(models.Model):
    """The accuracy figures of one row of the page: `kind` all / source / version / week / month and its
    `key` (a source id or "none", a version, a week's Monday or a month's first day as ISO dates)."""

    kind = models.CharField(max_length=8)
    key = models.CharField(max_length=100)
    claims = models.IntegerField(default=0)
    machine = models.IntegerField(default=0)
    judged = models.IntegerField(default=0)
    dismissed = models.IntegerField(default=0)
    kept = models.IntegerField(default=0)
    compared = models.IntegerField(default=0)
    speaker_changed = models.IntegerField(default=0)
    span_changed = models.IntegerField(default=0)
    evidence_changed = models.IntegerField(default=0)
    missed = models.IntegerField(default=0)
    speaker_uncertain = models.IntegerField(default=0)
    uncertain_compared = models.IntegerField(default=0)
    uncertain_speaker_changed = models.IntegerField(default=0)
    articles = models.IntegerField(default=0)

    COUNT_KEY = ("kind", "key")
    COUNT_VALUES = (
        "claims",
        "machine",
        "judged",
        "dismissed",
        "kept",
        "compared",
        "speaker_changed",
        "span_changed",
        "evidence_changed",
        "missed",
        "speaker_uncertain",
        "uncertain_compared",
        "uncertain_speaker_changed",
        "articles",
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="accuracy_count_key")]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"


class AccuracyArticle(models.Model):
    """How many reviewed claims an article has in a row of the page: "articles reviewed" counts the rows
    above zero (AccuracyCount.articles moves when one crosses zero)."""

    kind = models.CharField(max_length=8)
    key = models.CharField(max_length=100)
    article_id = models.BigIntegerField()
    reviewed = models.IntegerField(default=0)

    COUNT_KEY = ("kind", "key", "article_id")
    COUNT_VALUES = ("reviewed",)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "key", "article_id"], name="accuracy_article_key")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key} article {self.article_id}"
