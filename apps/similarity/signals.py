"""When to (re)link claims, without the claims app knowing about this one:

- the extractor's claims, bulk-created without post_save: apps.claims.signals.claims_extracted;
- a claim saved for the first time (an editor's, or any other made one at a time);
- a claim whose text changed (an editor moved its span).
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from apps.claims.models import Claim
from apps.claims.signals import claims_extracted

from .services import claims_link_later


@receiver(claims_extracted, dispatch_uid="similarity_claims_extracted")
def _claims_extracted(sender, article, claims, **kwargs) -> None:
    ids = [c.pk for c in claims]
    if not all(ids):  # a database that does not return bulk-created ids
        ids = list(article.claims.values_list("pk", flat=True))
    claims_link_later(claim_ids=ids)


@receiver(post_save, sender=Claim, dispatch_uid="similarity_claim_saved")
def _claim_saved(sender, instance: Claim, created: bool, raw=False, update_fields=None, **kwargs) -> None:
    if raw:
        return
    if created or update_fields is None or "content" in update_fields:
        claims_link_later(claim_ids=[instance.pk])
