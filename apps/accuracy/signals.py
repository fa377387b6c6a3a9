"""The accuracy app's receiver of the claims' domain events: its count tables follow every write."""

from django.dispatch import receiver

from apps.claims.models import Claim
from apps.claims.signals import claims_counted

from .counts import accuracy_recount


@receiver(claims_counted, sender=Claim, dispatch_uid="accuracy-recount")
def recount_accuracy(sender, claim_ids, speaker_ids=(), **kwargs) -> None:
    accuracy_recount(claim_ids, speaker_ids)  # in the sender's transaction: exact when it commits
