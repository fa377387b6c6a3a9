"""What sets alerts off, without the claims app knowing about alerts:

- a claim saved for the first time with evidence "not provided" (post_save, created);
- a claim whose review status changes to "unsupported" (pre_save reads the stored status, only when the
  claim is being saved as unsupported, then post_save acts on the change);
- the extractor's claims, which are bulk-created without post_save: apps.claims.signals.claims_extracted.

Each hands claim ids to services.claims_alert, which sends the notify task once the transaction commits.
"""

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from apps.claims.models import Claim
from apps.claims.signals import claims_extracted

from .models import Event
from .services import claims_alert


@receiver(pre_save, sender=Claim, dispatch_uid="alerts_claim_status_before")
def _remember_status_change(sender, instance: Claim, raw=False, update_fields=None, **kwargs) -> None:
    instance._alerts_became_unsupported = False
    if raw or instance._state.adding or instance.review_status != Claim.ReviewStatus.UNSUPPORTED:
        return
    if update_fields is not None and "review_status" not in update_fields:
        return
    before = Claim.objects.filter(pk=instance.pk).values_list("review_status", flat=True).first()
    instance._alerts_became_unsupported = before != Claim.ReviewStatus.UNSUPPORTED


@receiver(post_save, sender=Claim, dispatch_uid="alerts_claim_saved")
def _claim_saved(sender, instance: Claim, created: bool, raw=False, **kwargs) -> None:
    if raw:
        return
    if created and instance.evidence == Claim.Evidence.NOT_PROVIDED:
        claims_alert(claim_ids=[instance.pk], event=Event.NOT_PROVIDED_CLAIM)
    became_unsupported = getattr(instance, "_alerts_became_unsupported", False) or (
        created and instance.review_status == Claim.ReviewStatus.UNSUPPORTED
    )
    if became_unsupported:
        claims_alert(claim_ids=[instance.pk], event=Event.FLAGGED_UNSUPPORTED)
    instance._alerts_became_unsupported = False


@receiver(claims_extracted, dispatch_uid="alerts_claims_extracted")
def _claims_extracted(sender, article, claims, **kwargs) -> None:
    spans = {(c.start, c.end) for c in claims if c.evidence == Claim.Evidence.NOT_PROVIDED}
    if not spans:
        return
    # Re-extraction replaces unreviewed claims with new rows (their notifications go with them). A span that
    # already was a "not provided" claim of this article (the deleted row's history says so) is not news:
    # its followers get the notification back, already read, without a new email or webhook.
    seen = set(
        Claim.history.filter(article_id=article.pk, evidence=Claim.Evidence.NOT_PROVIDED)
        .exclude(id__in=[c.pk for c in claims if c.pk])
        .values_list("start", "end")
    )
    # ids by span from the database: bulk_create does not return ids on every backend
    rows = article.claims.filter(evidence=Claim.Evidence.NOT_PROVIDED).values_list("pk", "start", "end")
    by_span = {(start, end): pk for pk, start, end in rows if (start, end) in spans}
    claims_alert(
        claim_ids=[pk for span, pk in by_span.items() if span not in seen], event=Event.NOT_PROVIDED_CLAIM
    )
    claims_alert(
        claim_ids=[pk for span, pk in by_span.items() if span in seen],
        event=Event.NOT_PROVIDED_CLAIM,
        quiet=True,
    )
