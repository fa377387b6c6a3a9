"""When claims are scored, without the claims or similarity apps knowing about triage:

- apps.claims.signals.claims_extracted: the extractor's new (and reworded) claims, scored once the
  transaction commits; claim_created: a claim added by hand; claim_reviewed: a change to a field the score
  reads (content, cue, kind, evidence, speaker), and a claim flagged unsupported (its speaker's unreviewed
  claims are scored again: "speaker has claims flagged unsupported");
- apps.claims.signals.claims_repeats_counted: claims whose "said before by this speaker" count changed
  (similarity counts it from its links and stores it on the claim), scored again;
- beat's `triage.score_missing` scores what was missed (a broker that was down when the claims came in).
"""

import logging

from django.db import transaction
from django.dispatch import receiver

from apps.claims.models import Claim
from apps.claims.selectors import claims_unreviewed_ids
from apps.claims.signals import claim_created, claim_reviewed, claims_extracted, claims_repeats_counted

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


# the fields the features read: a change to one of them changes the score
SCORED_FIELDS = frozenset(["content", "cue", "kind", "evidence", "speaker", "speaker_confident"])
SPEAKER_RECORD_LIMIT = 500  # the speaker's newest unreviewed claims rescored when one of theirs is flagged


@receiver(claims_extracted, dispatch_uid="triage_claims_extracted")
def _claims_extracted(sender, article, claims, reworded=(), **kwargs) -> None:
    ids = [c.pk for c in claims]
    if not all(ids):  # a database that does not return bulk-created ids
        ids = list(article.claims.values_list("pk", flat=True))
    _score_later([*ids, *(c.pk for c in reworded)])


@receiver(claim_created, dispatch_uid="triage_claim_created")
def _claim_created(sender, claim, **kwargs) -> None:
    _score_later([claim.pk])


@receiver(claim_reviewed, dispatch_uid="triage_claim_reviewed")
def _claim_reviewed(sender, claim, changes: dict, **kwargs) -> None:
    ids = [claim.pk] if SCORED_FIELDS.intersection(changes) else []
    status = changes.get("review_status")
    if claim.speaker_id and status and Claim.ReviewStatus.UNSUPPORTED in status:
        # "speaker has claims flagged unsupported" changed for the speaker's claims still waiting
        ids += claims_unreviewed_ids(speaker_id=claim.speaker_id, limit=SPEAKER_RECORD_LIMIT)
    _score_later(ids)


@receiver(claims_repeats_counted, dispatch_uid="triage_claims_repeats_counted")
def _claims_repeats_counted(sender, claim_ids, **kwargs) -> None:
    _score_later(list(claim_ids))
