"""The embedded default, tested as `bin/run` runs it with no DATABASE_URL / REDIS_URL: SQLite in
CLAIMTRACK_VAR_DIR (WAL, immediate transactions, busy timeout) and Celery's filesystem broker there too.

bin/test runs this folder in a second pytest invocation with both variables unset and CLAIMTRACK_VAR_DIR a
fresh temporary folder (and CLAIMTRACK_EMBEDDED_PASS=1, which turns "not on SQLite" into an error rather than a
skip). The PostgreSQL run skips it, saying why.

The test database is the var dir's own claimtrack.sqlite3, so a worker started with the same environment (no
DATABASE_URL, the same CLAIMTRACK_VAR_DIR) reads and writes exactly what the tests do, through the same broker
folders: which is why the var dir must not be the project's own var/ (its database would be replaced).
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

HERE = Path(__file__).resolve().parent
SKIP_REASON = (
    "embedded pass: runs only on bin/run's default install (SQLite + Celery's filesystem broker), i.e. with "
    "DATABASE_URL and REDIS_URL unset; bin/test runs it as its second pytest invocation"
)


def embedded() -> bool:
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" and str(
        settings.CELERY_BROKER_URL
    ).startswith("filesystem")


def pytest_collection_modifyitems(config, items):
    mine = [item for item in items if HERE in Path(str(item.path)).parents]
    if not mine:
        return
    if not embedded():
        if os.environ.get("CLAIMTRACK_EMBEDDED_PASS") == "1":
            raise pytest.UsageError(
                "CLAIMTRACK_EMBEDDED_PASS=1 but the settings are not the embedded default: unset DATABASE_URL "
                f"and REDIS_URL (engine: {settings.DATABASES['default']['ENGINE']}, broker: "
                f"{settings.CELERY_BROKER_URL})"
            )
        for item in mine:
            item.add_marker(pytest.mark.skip(reason=SKIP_REASON))
        return
    if Path(settings.VAR_DIR).resolve() == (Path(settings.BASE_DIR) / "var").resolve():
        raise pytest.UsageError(
            "The embedded pass uses CLAIMTRACK_VAR_DIR's claimtrack.sqlite3 as its test database: point "
            "CLAIMTRACK_VAR_DIR at a scratch folder (bin/test makes a fresh one), not the project's var/."
        )


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """The test database is the file the app itself would open (see the module docstring)."""
    if embedded():
        db = settings.DATABASES["default"]
        db.setdefault("TEST", {})["NAME"] = str(db["NAME"])


@dataclass(frozen=True)
class Seeded:
    """Ids of what the session's seed holds: the seed article's claims in every review state, and one of
    everything the admin lists."""

    article: int
    failed_article: int
    source: int
    claims: dict[str, int]
    speakers: dict[str, int]
    api_token: str


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Seeded once for the session; every non-transactional test rolls back to this."""
    if not embedded():
        yield
        return
    with django_db_blocker.unblock():
        _seed()
    yield


SEEDED: list[Seeded] = []


def _seed() -> None:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import override_settings

    from apps.alerts.models import Notification, Webhook, WebhookDelivery
    from apps.alerts.services import follow_add
    from apps.articles.models import Article
    from apps.articles.services import reextraction_start
    from apps.claims.models import Claim
    from apps.claims.services import (
        claim_add_evidence_link,
        claim_add_note,
        claim_confirm,
        claim_create_manual,
        claim_dismiss,
        claim_flag_unsupported,
    )
    from apps.publishing.services import api_token_create
    from apps.similarity.models import ClaimLink
    from tests.factories import ArticleFactory, ClaimFactory, SpeakerFactory

    with override_settings(CLAIMTRACK_DEMO_LOGINS=True):
        call_command("load_seeds", stdout=io.StringIO())
    users = {
        u.username: u for u in get_user_model().objects.filter(username__in=["editor", "admin", "reader"])
    }
    assert set(users) == {"editor", "admin", "reader"}, "load_seeds made the demo logins"
    editor = users["editor"]
    article = Article.objects.get(status=Article.Status.DONE)
    claims = list(article.claims.select_related("speaker").order_by("start"))
    assert len(claims) >= 8, "the seed article's claims were extracted"
    confirmed, flagged, dismissed, noted = claims[0], claims[1], claims[2], claims[3]
    claim_confirm(claim=confirmed, user=editor)
    claim_flag_unsupported(claim=flagged, user=editor)
    claim_dismiss(claim=dismissed, user=editor)
    claim_add_note(claim=noted, user=editor, text="Checked against the transcript.")
    claim_add_evidence_link(
        claim=noted, user=editor, url="https://example.org/transcript", title="Transcript"
    )

    # a second article repeating a claim of the first: a said-before link, plus an editor-added claim
    later = ArticleFactory(source=article.source, title="Follow-up", text=article.text + " (Follow-up.)")
    repeat = ClaimFactory(
        article=later, start=flagged.start, end=flagged.end, speaker=flagged.speaker, content=flagged.content
    )
    ClaimLink.objects.create(claim=repeat, earlier_claim=flagged, score=0.93, method=ClaimLink.Method.LEXICAL)
    manual = claim_create_manual(
        article=later, user=editor, start=claims[-1].start, end=claims[-1].end, speaker=claims[-1].speaker
    )
    failed = ArticleFactory(
        source=article.source,
        title="Refused",
        text="",
        status=Article.Status.FAILED,
        error="Refused: the address is private.",
    )

    speaker = flagged.speaker or SpeakerFactory(name="Seed speaker")
    other = SpeakerFactory(name="Another Speaker")
    follow_add(user=editor, speaker=speaker)
    follow_add(user=editor, source=article.source)
    follow_add(user=users["reader"], speaker=speaker)
    Notification.objects.create(user=editor, claim=flagged, kind=Notification.Kind.FLAGGED_UNSUPPORTED)
    Notification.objects.create(
        user=users["reader"], claim=flagged, kind=Notification.Kind.FLAGGED_UNSUPPORTED
    )
    hook = Webhook.objects.create(name="Desk hook", url="http://127.0.0.1:9/hook", secret="s3cret")
    WebhookDelivery.objects.create(
        webhook=hook,
        claim=flagged,
        event=Notification.Kind.FLAGGED_UNSUPPORTED,
        payload={"claim": flagged.pk},
        status=WebhookDelivery.Status.FAILED,
        attempts=6,
        last_error="Connection refused",
    )
    _token, raw = api_token_create(user=editor, name="embedded pass")
    # a re-extraction run (its tasks sit in the broker folder; the worker test purges them)
    reextraction_start(
        articles=Article.objects.filter(pk=later.pk), scope="embedded pass", user=users["admin"]
    )

    SEEDED.append(
        Seeded(
            article=article.pk,
            failed_article=failed.pk,
            source=article.source_id,
            claims={
                "new": claims[4].pk,
                "confirmed": confirmed.pk,
                "flagged": flagged.pk,
                "dismissed": dismissed.pk,
                "noted": noted.pk,
                "repeat": repeat.pk,
                "manual": manual.pk,
            },
            speakers={"speaker": speaker.pk, "other": other.pk},
            api_token=raw,
        )
    )
    assert Claim.objects.count() > len(claims)


@pytest.fixture
def seeded(db) -> Seeded:
    if not SEEDED:
        pytest.fail("the session's seed did not run (django_db_setup)")
    return SEEDED[0]
