from celery import shared_task

from .counts import counts_check


@shared_task(name="accuracy.check_counts", acks_late=True)
def check_counts() -> bool:
    return counts_check()
