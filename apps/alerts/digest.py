"""The morning digest: each subscriber's top unreviewed claims by worth-checking score, once a day.

`digests_send_due(now=...)` (beat, every few minutes) sends each enabled subscription whose time has come today
and that has not had today's digest: the claims made in the last `LOOKBACK` that reached none of the user's
earlier digests (DigestItem is unique per user and claim), from the speakers and sources they follow or from
everything, best score first. The digest is kept in the app (/notifications/digests/) and emailed if chosen.
A day with nothing new sends nothing. Safe to run twice: one digest per user and day (a unique constraint).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from apps.claims.selectors import claims_worth_checking
from apps.core.site import site_url

from .models import Digest, DigestItem, DigestSubscription, Follow

logger = logging.getLogger(__name__)

LOOKBACK = timedelta(days=7)


@dataclass(frozen=True)
class DigestRun:
    sent: int
    empty: int


def digest_subscription_of(user) -> DigestSubscription:
    return DigestSubscription.objects.filter(user=user).first() or DigestSubscription(user=user)


@transaction.atomic
def digest_subscription_save(
    *, user, enabled: bool, send_at, scope: str, size: int, email: bool
) -> DigestSubscription:
    sub, _ = DigestSubscription.objects.select_for_update().get_or_create(user=user)
    sub.enabled, sub.send_at, sub.scope, sub.size, sub.email = enabled, send_at, scope, size, email
    sub.full_clean(exclude=["user"])
    sub.save()
    return sub


def digests_due(now: datetime) -> list[DigestSubscription]:
    local = timezone.localtime(now)
    return list(
        DigestSubscription.objects.filter(enabled=True, send_at__lte=local.time())
        .filter(Q(last_sent_on__isnull=True) | Q(last_sent_on__lt=local.date()))
        .select_related("user")
        .order_by("send_at", "user_id")
    )


def digest_claims(sub: DigestSubscription, now: datetime):
    seen = DigestItem.objects.filter(user_id=sub.user_id).values("claim_id")
    kwargs = {}
    if sub.scope == DigestSubscription.Scope.FOLLOWED:
        follows = Follow.objects.of_user(sub.user)
        kwargs = {
            "speaker_ids": [f.speaker_id for f in follows if f.speaker_id],
            "source_ids": [f.source_id for f in follows if f.source_id],
        }
    return claims_worth_checking(since=now - LOOKBACK, limit=sub.size, exclude_ids=seen, **kwargs)


def digest_send(*, sub: DigestSubscription, now: datetime) -> Digest | None:
    """Today's digest of one subscriber, or None (nothing new, or already sent today)."""
    today = timezone.localtime(now).date()
    with transaction.atomic():
        locked = DigestSubscription.objects.select_for_update().get(pk=sub.pk)
        if locked.last_sent_on is not None and locked.last_sent_on >= today:
            return None
        claims = digest_claims(locked, now)
        locked.last_sent_on = today
        locked.save(update_fields=["last_sent_on", "updated_at"])
        if not claims:
            return None
        try:
            with transaction.atomic():
                digest = Digest.objects.create(user_id=locked.user_id, sent_on=today)
                DigestItem.objects.bulk_create(
                    DigestItem(
                        digest=digest, user_id=locked.user_id, claim=c, position=i, score=c.worth_score
                    )
                    for i, c in enumerate(claims, start=1)
                )
        except IntegrityError:  # another beat run made today's digest meanwhile
            return None
    if locked.email and locked.user.email:
        transaction.on_commit(lambda: _email(digest, claims))
    return digest


def digests_send_due(*, now: datetime | None = None) -> DigestRun:
    now = now or timezone.now()
    sent = empty = 0
    for sub in digests_due(now):
        if digest_send(sub=sub, now=now):
            sent += 1
        else:
            empty += 1
    return DigestRun(sent=sent, empty=empty)


def digest_email_body(digest: Digest, claims) -> str:
    lines = [f"Worth checking first: {len(claims)} unreviewed claim{'s' if len(claims) != 1 else ''}.", ""]
    for i, claim in enumerate(claims, start=1):
        speaker = claim.speaker.name if claim.speaker else "Unknown speaker"
        source = claim.article.source.name if claim.article.source else ""
        reasons = ", ".join(r["text"] for r in claim.worth_reasons if r.get("sign") == "+")
        lines += [
            f"{i}. [{claim.worth_score}] {speaker}: “{claim.content}”",
            f"   In: {claim.article}" + (f" ({source})" if source else ""),
        ]
        if reasons:
            lines.append(f"   Why: {reasons}")
        lines += [f"   {site_url(claim.get_absolute_url())}", ""]
    lines += [
        f"This digest in the app: {site_url(digest.get_absolute_url())}",
        f"Change or stop it: {site_url('/notifications/digest/')}",
    ]
    return "\n".join(lines)


def digest_email_html(digest: Digest, claims) -> str:
    return render_to_string(
        "alerts/digest_email.html", {"digest": digest, "claims": claims, "site": site_url("").rstrip("/")}
    )


def _email(digest: Digest, claims) -> None:
    subject = f"[Claimtrack] Worth checking first: {len(claims)} claim{'s' if len(claims) != 1 else ''}"
    try:
        message = EmailMultiAlternatives(
            subject, digest_email_body(digest, claims), None, [digest.user.email]
        )
        message.attach_alternative(digest_email_html(digest, claims), "text/html")
        message.send()
    except Exception:  # noqa: BLE001 - a mail server problem must not lose the in-app digest
        logger.warning("Digest: could not email user %s", digest.user_id, exc_info=True)
        return
    Digest.objects.filter(pk=digest.pk).update(emailed=True)


@transaction.atomic
def digest_mark_read(*, digest: Digest) -> None:
    if digest.read_at is None:
        digest.read_at = timezone.now()
        digest.save(update_fields=["read_at"])
