"""Alerts tasks: thin, by id, safe to run twice (the services are idempotent)."""

from celery import shared_task

from .digest import digests_send_due
from .models import WebhookDelivery
from .services import DeliveryRetry, claim_notify_by_id, webhook_delivery_attempt

MAX_DELIVERY_RETRIES = 5


@shared_task(
    name="alerts.notify_claim", acks_late=True, ignore_result=True, soft_time_limit=60, time_limit=90
)
def notify_claim(claim_id: int, kind: str, quiet: bool = False) -> None:
    """In-app notifications and emails to the claim's followers; webhook deliveries queued."""
    claim_notify_by_id(claim_id=claim_id, event=kind, quiet=quiet)


@shared_task(
    bind=True,
    name="alerts.deliver_webhook",
    acks_late=True,
    ignore_result=True,
    autoretry_for=(DeliveryRetry,),
    retry_backoff=True,  # 1 s, 2 s, 4 s, 8 s, 16 s (with jitter)
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=MAX_DELIVERY_RETRIES,
    soft_time_limit=60,
    time_limit=90,
)
def deliver_webhook(self, delivery_id: int) -> None:
    delivery = WebhookDelivery.objects.select_related("webhook").filter(pk=delivery_id).first()
    if delivery is None:
        return
    webhook_delivery_attempt(delivery=delivery, final=self.request.retries >= self.max_retries)


@shared_task(
    name="alerts.send_digests", acks_late=True, ignore_result=True, soft_time_limit=240, time_limit=300
)
def send_digests() -> None:
    """Beat, every 5 minutes: each subscriber's digest once their time has come today."""
    digests_send_due()
