"""Alerts in a real browser: a reader follows a speaker, a claim of theirs comes in without evidence, and the
header badge shows it without a reload. Screenshots go to tests/browser/artifacts/ (gitignored)."""

import os
import re

import pytest

from tests.browser.support import shot

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(transactional_db, settings):
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # ORM checks beside Playwright's loop
    settings.CLAIMTRACK_ALERTS_POLL_SECONDS = 1  # the badge polls every second here, every 30 s in use
    from config.celery import app
    from tests.factories import ArticleFactory, ClaimFactory, SourceFactory, SpeakerFactory, UserFactory

    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True  # the notify task runs when the claim is saved
    speaker = SpeakerFactory(name="Tom Reed")
    source = SourceFactory(name="Harbour Gazette")
    claim = ClaimFactory(
        speaker=speaker, article=ArticleFactory(source=source, title="Harbour plan approved")
    )
    UserFactory(username="fran", email="fran@example.org")  # password "pw"
    yield {"speaker": speaker, "source": source, "claim": claim}
    app.conf.task_always_eager = eager


def test_follow_then_the_badge_updates_without_reload(live_server, world, browser_page):
    from apps.alerts.models import Notification
    from apps.claims.models import Claim

    page, base, speaker = browser_page, live_server.url, world["speaker"]
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "fran")
    page.fill("#id_password", "pw")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/claims/$"))

    # --- follow the speaker from the claim page, where the buttons sit by the speaker and the source ---
    page.goto(f"{base}/claims/{world['claim'].pk}/")
    follow = page.get_by_role("button", name=re.compile(r"^Follow speaker Tom Reed"))
    follow.wait_for()
    page.get_by_role("button", name=re.compile(r"^Follow source Harbour Gazette")).wait_for()
    follow.click()
    page.get_by_role("button", name=re.compile(r"^Unfollow speaker Tom Reed")).wait_for()
    assert page.locator("#announcer").inner_text().startswith("You follow Tom Reed")
    shot(page, "alerts-01-claim-following")

    # --- the speaker page knows it too; the badge shows no count yet --------------------------------
    page.goto(f"{base}/speakers/{speaker.pk}/")
    page.get_by_role("button", name=re.compile(r"^Unfollow speaker Tom Reed")).wait_for()
    # a locator wait: wait_for_function polls through eval, which the page's CSP (rightly) forbids
    page.locator("[data-notif-badge][hx-get]").wait_for(state="attached")
    assert page.locator(".notif-count").count() == 0
    page.evaluate("window.__noReload = true")

    # --- a claim of his comes in without evidence: the badge counts it within a poll ------------------
    # as the app adds one (the service announces it; a bare row would announce nothing)
    _added_claim(speaker, evidence=Claim.Evidence.NOT_PROVIDED)
    assert Notification.objects.filter(user__username="fran").count() == 1
    page.locator(".notif-count").wait_for(timeout=5_000)
    assert page.locator(".notif-count").inner_text() == "1"
    assert page.locator("#notif-live").inner_text() == "1 new notification."
    assert page.evaluate("window.__noReload") is True  # no reload: htmx swapped the badge
    shot(page, "alerts-02-badge")

    # --- the notifications page: read it, the badge clears ------------------------------------------
    page.locator("[data-notif-badge]").click()
    page.wait_for_url(re.compile(r"/notifications/$"))
    assert "Tom Reed" in page.locator("#notification-list").inner_text()
    shot(page, "alerts-03-notifications")
    page.get_by_role("button", name="Mark all read").click()
    page.locator(".notif-item.is-unread").wait_for(state="detached")
    page.locator(".notif-count").wait_for(state="detached", timeout=5_000)  # alerts:changed re-asked
    shot(page, "alerts-04-read")
    assert not page.problems, page.problems


def _added_claim(speaker, evidence):
    """A claim coming in as the app adds one: through the service, which announces it (claim_created) to
    what alerts listen to. A bare factory row announces nothing: model save signals do no business logic."""
    from apps.claims.services import claim_create_manual
    from tests.factories import ArticleFactory, EditorFactory

    return claim_create_manual(
        article=ArticleFactory(), user=EditorFactory(), start=21, end=56, speaker=speaker, evidence=evidence
    )
