from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from apps.claims.selectors import claims_decided_count

from . import prior
from .models import TriageModel


@dataclass(frozen=True)
class TriageOverview:
    in_use: str
    decisions: int
    min_decisions: int
    retrain_after: int
    models: list[TriageModel]


def triage_overview(limit: int = 12) -> TriageOverview:
    models = list(TriageModel.objects.defer("blob").order_by("-version")[:limit])
    active = next((m for m in models if m.active), None)
    if active is None:
        active = TriageModel.objects.defer("blob").filter(active=True).first()
    return TriageOverview(
        in_use=active.label if active else prior.VERSION,
        decisions=claims_decided_count(),
        min_decisions=settings.CLAIMTRACK_TRIAGE_MIN_DECISIONS,
        retrain_after=settings.CLAIMTRACK_TRIAGE_RETRAIN_AFTER,
        models=models,
    )
