"""When claims are scored, without the claims or similarity apps knowing about triage:

- apps.claims.signals.claims_extracted: the extractor's new claims, scored once the transaction commits;
- apps.similarity.events.claims_linked: claims just matched against earlier ones, scored again (the
  "said before by this speaker" reason);
- beat's `triage.score_missing` scores what was missed (a broker that was down when the claims came in).
"""

import logging

from django.db import transaction
from django.dispatch import receiver

from apps.claims.signals import claims_extracted
from apps.similarity.events import claims_linked

from .tasks import score_claims

logger = logging.getLogger(__name__)


def _score_later(ids: list[int]) -> None:
    if not ids:
        return

    def send() -> None:
        try:
            score_claims.delay(ids)
        except Exception:  # noqa: BLE001 - broker down (kombu raises several types): beat's catch-up scores them
            logger.warning("Triage: broker unavailable; claims %s not scored yet", ids, exc_info=True)

    transaction.on_commit(send)


@receiver(claims_extracted, dispatch_uid="triage_claims_extracted")
def _claims_extracted(sender, article, claims, **kwargs) -> None:
    ids = [c.pk for c in claims]
    if not all(ids):  # a database that does not return bulk-created ids
        ids = list(article.claims.values_list("pk", flat=True))
    _score_later(ids)


@receiver(claims_linked, dispatch_uid="triage_claims_linked")
def _claims_linked(sender, claim_ids, **kwargs) -> None:
    _score_later(list(claim_ids))
