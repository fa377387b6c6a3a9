"""What the extractor said about each of its claims, kept beside the claim so the accuracy page can compare.

The first historical record of a machine claim (django-simple-history, history_type "+") holds the
extractor's speaker, span and evidence flag. ClaimOutcome copies those few fields once per claim
(`claim_outcomes_record`, run by the accuracy pages), so the figures are one join instead of a lookup in
the history table for every claim on every page view. The copy never goes stale: a creation record does
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
