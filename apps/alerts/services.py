"""Alerts: following, notifying followers of a claim, and delivering signed webhooks.

The triggers (apps/alerts/signals.py) call `claims_alert` with claim ids; it sends one `alerts.notify_claim`
task per claim once the transaction commits, and only when someone follows the claim's speaker or source.
The task calls `claim_notify`, which is idempotent: a notification is unique per (user, claim, kind) and a
webhook delivery per (webhook, claim, event), so a trigger firing twice sends nothing twice. A new claim is
one event: "no evidence given" if it came in so (every follower hears), else "new claim" (only followers
of every new claim hear), so nobody is told of one new claim twice.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from apps.claims.models import Claim, Speaker
from apps.core.http import FetchError, post_checked
from apps.core.site import site_url
from apps.core.tasks import task_named, task_send
from apps.sources.models import Source

from .models import Event, Follow, Notification, Webhook, WebhookDelivery

logger = logging.getLogger(__name__)

DELIVER_TASK = "alerts.deliver_webhook"
SIGNATURE_HEADER = "X-Claimtrack-Signature"
EVENT_HEADER = "X-Claimtrack-Event"
TIMESTAMP_HEADER = "X-Claimtrack-Timestamp"
DELIVERY_HEADER = "X-Claimtrack-Delivery"


class FollowInvalid(Exception):
    """A follow needs exactly one target: a speaker or a source."""


class DeliveryRetry(Exception):
    """A webhook delivery failed for a reason that may pass (time-out, refused connection, 5xx, 429): the
    task retries it with backoff."""


# --- Following ------------------------------------------------------------------------------------


def _target_filter(speaker: Speaker | None, source: Source | None) -> dict:
    if (speaker is None) == (source is None):
        raise FollowInvalid("Follow a speaker or a source.")
    return {"speaker": speaker} if speaker is not None else {"source": source}


@transaction.atomic
def follow_add(
    *, user, speaker: Speaker | None = None, source: Source | None = None, notify_on: str = ""
) -> Follow:
    """Follow a speaker or a source, for what `notify_on` says (Follow.NotifyOn; blank: the default for a
    new follow, unchanged for an existing one). Following twice is harmless: the existing follow is
    returned, with `notify_on` set if one was given."""
    target = _target_filter(speaker, source)
    if notify_on and notify_on not in Follow.NotifyOn.values:
        raise FollowInvalid("Choose what to be notified of.")
    if speaker is not None and speaker.merged_into_id:
        raise FollowInvalid(f"{speaker.name} was merged into another speaker; follow that one.")
    defaults = {"notify_on": notify_on} if notify_on else {}
    try:
        with transaction.atomic():
            follow, created = Follow.objects.get_or_create(user=user, **target, defaults=defaults)
    except IntegrityError:  # a double click raced us to it
        follow, created = Follow.objects.get(user=user, **target), False
    if not created and notify_on and follow.notify_on != notify_on:
        follow.notify_on = notify_on
        follow.save(update_fields=["notify_on"])
    return follow


@transaction.atomic
def follow_remove(*, user, speaker: Speaker | None = None, source: Source | None = None) -> bool:
    """Stop following; True if there was a follow to remove."""
    deleted, _ = Follow.objects.filter(user=user, **_target_filter(speaker, source)).delete()
    return bool(deleted)


def follows_of_user(*, user) -> list[Follow]:
    return list(Follow.objects.of_user(user).select_related("speaker", "source").order_by("-created_at"))


def user_follows(*, user, speaker: Speaker | None = None, source: Source | None = None) -> bool:
    return user_follow(user=user, speaker=speaker, source=source) is not None


def user_follow(*, user, speaker: Speaker | None = None, source: Source | None = None) -> Follow | None:
    """The user's follow of this speaker or source, if any."""
    if not user.is_authenticated:
        return None
    return Follow.objects.filter(user=user, **_target_filter(speaker, source)).first()


# --- Triggers -------------------------------------------------------------------------------------


def claims_alert(*, claim_ids: Iterable[int], event: str, quiet: bool = False) -> None:
    """Once the transaction commits, send `alerts.notify_claim` for each claim someone follows (through
    its speaker or its article's source). Never raises: an alert must not break a review action.
    `quiet`: the followers were told already (a re-extracted claim): notifications come back read, with
    no email and no webhook. A "new claim" task is sent only for claims followed for every new claim."""
    claim_ids = [pk for pk in claim_ids if pk]
    if not claim_ids:
        return

    def send() -> None:
        if event == Event.NEW_CLAIM:
            every = Follow.NotifyOn.EVERY_CLAIM
            followed_by = Q(speaker__follows__notify_on=every) | Q(article__source__follows__notify_on=every)
        else:
            followed_by = Q(speaker__follows__isnull=False) | Q(article__source__follows__isnull=False)
        try:
            followed = list(
                Claim.objects.filter(pk__in=claim_ids)
                .filter(followed_by)
                .values_list("pk", flat=True)
                .distinct()
            )
        except Exception:  # noqa: BLE001 - the database went away after the commit
            logger.warning("Alerts: could not check followers of claims %s", claim_ids, exc_info=True)
            return
        for claim_id in followed:
            try:
                task_send("alerts.notify_claim", claim_id, event, quiet=quiet)
            except Exception:  # noqa: BLE001 - broker down: kombu raises several types
                logger.warning(
                    "Alerts: broker unavailable; notifying claim %s inline", claim_id, exc_info=True
                )
                try:
                    claim_notify_by_id(claim_id=claim_id, event=event, quiet=quiet)
                except Exception:  # noqa: BLE001
                    logger.exception("Alerts: could not notify followers of claim %s", claim_id)

    transaction.on_commit(send)


# --- Notifying ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NotifyResult:
    notifications: list[Notification]
    deliveries: list[WebhookDelivery]


def _still_applies(claim: Claim, event: str) -> bool:
    """The claim still is what the alert says (an editor may have changed it before the task ran)."""
    if event == Event.NOT_PROVIDED_CLAIM:
        return claim.evidence == Claim.Evidence.NOT_PROVIDED
    if event == Event.FLAGGED_UNSUPPORTED:
        return claim.review_status == Claim.ReviewStatus.UNSUPPORTED
    if event == Event.NEW_CLAIM:  # dismissed in the meantime: not a claim after all
        return claim.review_status != Claim.ReviewStatus.DISMISSED
    return False


def _actor_id(claim: Claim, event: str) -> int | None:
    """Who caused the alert: they are not notified of their own action."""
    if event == Event.FLAGGED_UNSUPPORTED or claim.origin == Claim.Origin.EDITOR:
        return claim.reviewed_by_id
    return None


def claim_notify_by_id(*, claim_id: int, event: str, quiet: bool = False) -> NotifyResult | None:
    claim = Claim.objects.select_related("speaker", "article", "article__source").filter(pk=claim_id).first()
    return claim_notify(claim=claim, event=event, quiet=quiet) if claim else None


def claim_notify(*, claim: Claim, event: str, quiet: bool = False) -> NotifyResult:
    """Notify everyone who follows the claim's speaker or source (in the app and by email) and queue a
    delivery to every active webhook that wants the event. Idempotent. `quiet`: see claims_alert."""
    if event not in Event.values:
        raise ValueError(f"Unknown alert event {event!r}.")
    if not _still_applies(claim, event):
        return NotifyResult([], [])
    follows = list(Follow.objects.for_claim(claim).wanting(event).select_related("user"))
    if not follows:
        return NotifyResult([], [])
    actor = _actor_id(claim, event)
    users = {f.user_id: f.user for f in follows if f.user.is_active and f.user_id != actor}
    with transaction.atomic():
        notifications = []
        for user in users.values():
            notification, created = Notification.objects.get_or_create(
                user=user, claim=claim, kind=event, defaults={"read_at": timezone.now() if quiet else None}
            )
            if created:
                notifications.append(notification)
        deliveries = [] if quiet else _deliveries_create(claim, event, follows)
    for notification in [] if quiet else notifications:
        _email_send(notification)
    return NotifyResult(notifications, deliveries)


def _deliveries_create(claim: Claim, event: str, follows: list[Follow]) -> list[WebhookDelivery]:
    deliver_webhook = task_named(DELIVER_TASK)
    webhooks = [w for w in Webhook.objects.filter(active=True) if w.wants(event)]
    if not webhooks:
        return []
    payload = claim_payload(claim=claim, event=event, follows=follows)
    created = []
    for webhook in webhooks:
        delivery, is_new = WebhookDelivery.objects.get_or_create(
            webhook=webhook, claim=claim, event=event, defaults={"payload": payload}
        )
        if is_new:
            created.append(delivery)
            transaction.on_commit(lambda pk=delivery.pk: _delivery_send(deliver_webhook, pk))
    return created


def _delivery_send(task, delivery_id: int) -> None:
    try:
        task.delay(delivery_id)
    except Exception:  # noqa: BLE001 - broker down: the delivery stays pending; staff can retry it
        logger.warning("Alerts: broker unavailable; webhook delivery %s stays pending", delivery_id)


def claim_payload(*, claim: Claim, event: str, follows: Iterable[Follow] = ()) -> dict:
    """What a webhook receives: the event and the claim, with links back to the desk."""
    article = claim.article
    source = article.source
    follows = list(follows)
    return {
        "event": event,
        "claim": {
            "id": claim.pk,
            "url": site_url(claim.get_absolute_url()),
            "content": claim.content,
            "evidence": claim.evidence,
            "review_status": claim.review_status,
            "speaker": {"id": claim.speaker_id, "name": claim.speaker.name} if claim.speaker else None,
            "article": {
                "id": article.pk,
                "title": article.title,
                "url": site_url(article.get_absolute_url()),
                "source": {"id": source.pk, "name": source.name} if source else None,
            },
        },
        "followed_through": sorted(
            {"speaker" for f in follows if f.speaker_id} | {"source" for f in follows if f.source_id}
        ),
        "created_at": timezone.now().isoformat(),
    }


_SUBJECTS = {
    Event.NOT_PROVIDED_CLAIM: "No evidence given",
    Event.FLAGGED_UNSUPPORTED: "Flagged unsupported",
    Event.NEW_CLAIM: "New claim",
}


def _email_send(notification: Notification) -> None:
    user, claim = notification.user, notification.claim
    if not user.email:
        return
    speaker = claim.speaker.name if claim.speaker else "Unknown speaker"
    source = claim.article.source.name if claim.article.source else ""
    subject = f"[Claimtrack] {_SUBJECTS[notification.kind]}: {speaker}"
    body = "\n".join(
        [
            f"{notification.get_kind_display()}.",
            "",
            f"{speaker}: “{claim.content}”",
            f"In: {claim.article}" + (f" ({source})" if source else ""),
            "",
            f"Open the claim: {site_url(claim.get_absolute_url())}",
            f"Your notifications and what you follow: {site_url('/notifications/')}",
        ]
    )
    try:
        send_mail(subject.replace("\n", " ")[:200], body, None, [user.email])
    except Exception:  # noqa: BLE001 - a mail server problem must not lose the in-app notification
        logger.warning("Alerts: could not email %s about claim %s", user.pk, claim.pk, exc_info=True)


# --- Reading and marking notifications ------------------------------------------------------------


def notifications_unread_count(*, user) -> int:
    return Notification.objects.of_user(user).unread().count()


@transaction.atomic
def notifications_mark_read(*, user, ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications read: those in `ids`, or all of them. Other users' ids are ignored."""
    rows = Notification.objects.of_user(user).unread()
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    return rows.update(read_at=timezone.now())


# --- Webhook deliveries ---------------------------------------------------------------------------


def webhook_body(payload: dict) -> bytes:
    """The exact bytes sent and signed."""
    return json.dumps(payload, separators=(",", ":"), sort_keys=True, ensure_ascii=False).encode("utf-8")


def webhook_signature(*, secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def webhook_delivery_attempt(*, delivery: WebhookDelivery, final: bool = False) -> WebhookDelivery:
    """POST the delivery once. Delivered on 2xx; a transient failure raises DeliveryRetry unless `final`
    (the task's last try), when it is logged as failed like any permanent failure."""
    if delivery.status == WebhookDelivery.Status.DELIVERED:
        return delivery
    webhook = delivery.webhook
    body = webhook_body(delivery.payload)
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": settings.CLAIMTRACK_FETCH_USER_AGENT,
        EVENT_HEADER: delivery.event,
        TIMESTAMP_HEADER: str(int(time.time())),
        DELIVERY_HEADER: str(delivery.pk),
        SIGNATURE_HEADER: webhook_signature(secret=webhook.secret, body=body),
    }
    now = timezone.now()
    delivery.attempts += 1
    delivery.last_attempt_at = now
    transient = False
    try:
        status = post_checked(
            webhook.url,
            body,
            headers,
            timeout=settings.CLAIMTRACK_WEBHOOK_TIMEOUT,
            allow_private=settings.CLAIMTRACK_FETCH_ALLOW_PRIVATE,
        )
    except FetchError as exc:
        delivery.last_status_code = None
        delivery.last_error = exc.message
        transient = exc.transient
    else:
        delivery.last_status_code = status
        if 200 <= status < 300:
            delivery.status = WebhookDelivery.Status.DELIVERED
            delivery.delivered_at = now
            delivery.last_error = ""
        else:
            delivery.last_error = f"The receiver answered HTTP {status}."
            transient = status in (408, 429) or status >= 500
    if delivery.status != WebhookDelivery.Status.DELIVERED:
        delivery.status = (
            WebhookDelivery.Status.PENDING if transient and not final else WebhookDelivery.Status.FAILED
        )
    delivery.save(
        update_fields=[
            "attempts",
            "last_attempt_at",
            "last_status_code",
            "last_error",
            "status",
            "delivered_at",
        ]
    )
    if delivery.status == WebhookDelivery.Status.PENDING:
        raise DeliveryRetry(delivery.last_error)
    return delivery


@transaction.atomic
def webhook_delivery_retry(*, delivery: WebhookDelivery) -> bool:
    """Send a failed (or stuck pending) delivery again; a delivered one is left alone."""
    deliver_webhook = task_named(DELIVER_TASK)
    if delivery.status == WebhookDelivery.Status.DELIVERED:
        return False
    delivery.status = WebhookDelivery.Status.PENDING
    delivery.save(update_fields=["status"])
    transaction.on_commit(lambda: _delivery_send(deliver_webhook, delivery.pk))
    return True
