import pytest
from django.test import Client

from apps.claims.models import Claim
from apps.claims.services import claim_create_manual
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    EditorFactory,
    SourceFactory,
    SpeakerFactory,
    UserFactory,
)

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def eager():
    """Celery tasks run in the test's process when sent (and their retries at once)."""
    from config.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what waits for the commit (the notify task, then the webhook deliveries it queues)."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            result = action(*args, **kwargs)
        return result, callbacks

    return run


@pytest.fixture
def follower(db):
    return UserFactory(username="fran", email="fran@example.org")


@pytest.fixture
def speaker(db):
    return SpeakerFactory(name="Jane Doe")


@pytest.fixture
def source(db):
    return SourceFactory(name="Harbour Gazette")


@pytest.fixture
def csrf_client(db):
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory(username="csrf-reader"))
    return client


def added_claim(*, article=None, speaker=None, evidence: str = Claim.Evidence.NOT_STATED, user=None) -> Claim:
    """A claim coming in one at a time, as the app makes one: through the service (claim_create_manual, an
    editor adding it), which announces it (claim_created) to what alerts listen to. A bare ClaimFactory row
    announces nothing: model save signals do no business logic."""
    article = article or ArticleFactory()
    return claim_create_manual(
        article=article,
        user=user or EditorFactory(),
        start=21,
        end=56,
        speaker=speaker or SpeakerFactory(),
        evidence=evidence,
    )


def not_provided_claim(**kwargs) -> Claim:
    return added_claim(evidence=Claim.Evidence.NOT_PROVIDED, **kwargs)


__all__ = [
    "HX",
    "ArticleFactory",
    "ClaimFactory",
    "EditorFactory",
    "SourceFactory",
    "added_claim",
    "not_provided_claim",
]
