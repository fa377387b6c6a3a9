from django.db import models
from django.db.models import Q


class TriageModel(models.Model):
    """One trained model of the desk's decisions, kept whether or not it was put in use, with the figures
    that decided it (on the newest decisions it was not trained on)."""

    version = models.PositiveIntegerField(unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    trained_on = models.PositiveIntegerField(help_text="Editor decisions it learned from.")
    tested_on = models.PositiveIntegerField(help_text="Newer decisions it was measured on.")
    decided_until = models.DateTimeField(help_text="The newest decision it learned from.")
    # {"model": {...}, "current": {...}, "current_label": "prior-1", "newest_first": {...}}; each figure set
    # is {"n", "positives", "p_at_10", "p_at_20", "p_at_50", "auc"}
    metrics = models.JSONField(default=dict)
    active = models.BooleanField(default=False, help_text="The model that scores new claims.")
    verdict = models.CharField(max_length=300, blank=True, help_text="Why it was or was not put in use.")
    blob = models.BinaryField(editable=False)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["active"], condition=Q(active=True), name="triage_one_active_model"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return f"model-{self.version}"
