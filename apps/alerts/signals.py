"""What sets alerts off, without the claims app knowing about alerts:

- a claim saved for the first time (post_save, created): "no evidence given" if its evidence is "not
  provided", else "new claim" (heard only by follows of every new claim): one event a new claim;
- a claim whose review status changes to "unsupported" (pre_save reads the stored status, only when the
  claim is being saved as unsupported, then post_save acts on the change);
- the extractor's claims, which are bulk-created without post_save: apps.claims.signals.claims_extracted,
  split the same way.

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
    if created:
        claims_alert(claim_ids=[instance.pk], event=_new_claim_event(instance))
    became_unsupported = getattr(instance, "_alerts_became_unsupported", False) or (
        created and instance.review_status == Claim.ReviewStatus.UNSUPPORTED
    )
    if became_unsupported:
        claims_alert(claim_ids=[instance.pk], event=Event.FLAGGED_UNSUPPORTED)
    instance._alerts_became_unsupported = False


def _new_claim_event(claim: Claim) -> str:
    """What a claim coming in is news of: no evidence given (every follower), else a new claim (followers
    of every new claim). One event, so a follower of every claim is not told twice of one without evidence."""
    return Event.NOT_PROVIDED_CLAIM if claim.evidence == Claim.Evidence.NOT_PROVIDED else Event.NEW_CLAIM


@receiver(claims_extracted, dispatch_uid="alerts_claims_extracted")
def _claims_extracted(sender, article, claims, **kwargs) -> None:
    """`claims` are the claims this run found for the first time (one found again keeps its row and is not
    sent). A claim the run no longer found is deleted, though, and a later run may find it again as a new
    row: a span that already was a claim of this article with the same news (its history says so) is not
    news. Its followers get the notification back, already read, with no email and no webhook."""
    if not claims:
        return
    # ids by span from the database: bulk_create does not return ids on every backend
    spans = {(c.start, c.end): _new_claim_event(c) for c in claims}
    rows = article.claims.filter(origin=Claim.Origin.MACHINE).values_list("pk", "start", "end")
    by_span = {(start, end): pk for pk, start, end in rows if (start, end) in spans}
    before = (
        Claim.history.filter(article_id=article.pk)
        .exclude(id__in=list(by_span.values()))
        .values_list("start", "end", "evidence")
    )
    seen = {
        (
            (start, end),
            Event.NOT_PROVIDED_CLAIM if evidence == Claim.Evidence.NOT_PROVIDED else Event.NEW_CLAIM,
        )
        for start, end, evidence in before
    }
    for event in (Event.NOT_PROVIDED_CLAIM, Event.NEW_CLAIM):
        mine = [(span, pk) for span, pk in by_span.items() if spans[span] == event]
        claims_alert(claim_ids=[pk for span, pk in mine if (span, event) not in seen], event=event)
        claims_alert(claim_ids=[pk for span, pk in mine if (span, event) in seen], event=event, quiet=True)
