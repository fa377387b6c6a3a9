from celery import shared_task

from .services import claims_rescore_unreviewed, claims_score, claims_score_missing, triage_retrain


@shared_task(name="triage.score_claims", acks_late=True)
def score_claims(claim_ids: list[int]) -> int:
    return claims_score(claim_ids=claim_ids)


@shared_task(name="triage.retrain", acks_late=True)
def retrain() -> str:
    row = triage_retrain()
    if row is None:
        return "not retrained"
    if row.active:
        rescore_unreviewed.delay()
    return row.verdict


@shared_task(name="triage.rescore_unreviewed", acks_late=True)
def rescore_unreviewed() -> int:
    return claims_rescore_unreviewed()


@shared_task(name="triage.score_missing", acks_late=True)
def score_missing() -> int:
    return claims_score_missing()
