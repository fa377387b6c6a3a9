"""What sets alerts off: the domain events of apps/claims/signals.py, without the claims app knowing of alerts.

- `claim_created` (a claim added one at a time): "no evidence given" if its evidence is "not provided", else
  "new claim" (heard only by follows of every new claim): one event a new claim; and "flagged unsupported"
  if it was added so;
- `claim_reviewed` whose changes set review_status to "unsupported": "flagged unsupported";
- `claims_extracted` (the extractor's new claims), split the same way as a claim created.

Each hands claim ids to services.claims_alert, which sends the notify task once the transaction commits.
"""

from django.dispatch import receiver

from apps.claims.models import Claim
from apps.claims.signals import claim_created, claim_reviewed, claims_extracted

from .models import Event
from .services import claims_alert


@receiver(claim_created, dispatch_uid="alerts_claim_created")
def _claim_created(sender, claim: Claim, **kwargs) -> None:
    claims_alert(claim_ids=[claim.pk], event=_new_claim_event(claim))
    if claim.review_status == Claim.ReviewStatus.UNSUPPORTED:
        claims_alert(claim_ids=[claim.pk], event=Event.FLAGGED_UNSUPPORTED)


@receiver(claim_reviewed, dispatch_uid="alerts_claim_reviewed")
def _claim_reviewed(sender, claim: Claim, changes: dict, **kwargs) -> None:
    if "review_status" in changes and changes["review_status"][1] == Claim.ReviewStatus.UNSUPPORTED:
        claims_alert(claim_ids=[claim.pk], event=Event.FLAGGED_UNSUPPORTED)


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
