from celery import shared_task

from .services import claims_link


@shared_task(
    name="similarity.link_claims",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=240,
    time_limit=300,
    ignore_result=True,
)
def link_claims(claim_ids: list[int]) -> int:
    """Index these claims and link them to the earlier claims that say the same thing. Safe to run twice."""
    return claims_link(claim_ids=claim_ids)
