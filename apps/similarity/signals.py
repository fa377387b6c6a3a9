"""When to (re)link claims: the domain events of apps/claims/signals.py, without the claims app knowing of
this one.

- `claims_extracted`: the extractor's new claims, and the claims found again whose words it changed;
- `claim_created`: a claim added one at a time (an editor's, or in the admin);
- `claim_reviewed` whose changes include `content`: a claim whose text changed (an editor moved its span);
  whose changes include `speaker` (an edit or a speaker merge): its "said before by this speaker" count,
  and that of the claims linked to it, counted again.
"""

from django.dispatch import receiver

from apps.claims.models import Claim
from apps.claims.signals import claim_created, claim_reviewed, claims_extracted

from .services import claims_link_later, claims_said_before_recount


@receiver(claims_extracted, dispatch_uid="similarity_claims_extracted")
def _claims_extracted(sender, article, claims, reworded=(), **kwargs) -> None:
    ids = [c.pk for c in claims]
    if not all(ids):  # a database that does not return bulk-created ids
        ids = list(article.claims.values_list("pk", flat=True))
    claims_link_later(claim_ids=[*ids, *(c.pk for c in reworded)])


@receiver(claim_created, dispatch_uid="similarity_claim_created")
def _claim_created(sender, claim: Claim, **kwargs) -> None:
    claims_link_later(claim_ids=[claim.pk])


@receiver(claim_reviewed, dispatch_uid="similarity_claim_reviewed")
def _claim_reviewed(sender, claim: Claim, changes: dict, **kwargs) -> None:
    if "content" in changes:
        claims_link_later(claim_ids=[claim.pk])
    elif "speaker" in changes:
        claims_said_before_recount(claim_ids=[claim.pk])
