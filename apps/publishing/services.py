"""Publishing's writes: API tokens."""

import secrets
from datetime import timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from .models import ApiToken, token_digest

TOKEN_PREFIX = "ct_"
# last_used_at is written at most this often per token, so reading the API is not a write per request
TOUCH_EVERY = timedelta(minutes=1)


@transaction.atomic
def api_token_create(*, user: AbstractBaseUser, name: str) -> tuple[ApiToken, str]:
    """A new token for `user`: the row and the raw token, which is not stored and cannot be shown again."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, token_hash=token_digest(raw), prefix=raw[:10])
    return token, raw


def api_token_touch(*, token: ApiToken) -> None:
    """Record that the token was used (at most once a minute)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
