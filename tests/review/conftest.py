from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from apps.claims.models import Claim
from tests.factories import ArticleFactory, ClaimFactory, EditorFactory, SourceFactory, SpeakerFactory

HX = {"HTTP_HX_REQUEST": "true"}


def make_claims(n: int, **kwargs) -> list[Claim]:
    """n claims over distinct articles and speakers, created a minute apart (the newest last)."""
    now = timezone.now()
    claims = []
    for i in range(n):
        claim = ClaimFactory(**kwargs)
        Claim.objects.filter(pk=claim.pk).update(created_at=now - timedelta(minutes=n - i))
        claims.append(claim)
    return claims


@pytest.fixture
def csrf_editor_client(db):
    client = Client(enforce_csrf_checks=True)
    client.force_login(EditorFactory(username="csrf-ed"))
    return client


__all__ = ["HX", "ArticleFactory", "ClaimFactory", "SourceFactory", "SpeakerFactory", "make_claims"]
