"""In a real browser, at 1280 and 390 px: the API reference page (/api/docs, reached from the queue's "API
docs" link, its contents linking into the page, the queue's "As JSON" answering the same claims), and a
follower choosing "Every new claim" from the follow button's menu, then hearing of a claim with evidence.
The page watcher fails on any console error or CSP violation. Screenshots: tests/browser/artifacts/h6-*.png."""

import json
import os
import re

import pytest

from tests.browser.support import DESKTOP, PHONE, browser_page_at, shot

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(transactional_db):
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # ORM checks beside Playwright's loop
    from config.celery import app
    from tests.factories import ArticleFactory, ClaimFactory, SourceFactory, SpeakerFactory, UserFactory

    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True  # the notify task runs when a claim is saved
    speaker = SpeakerFactory(name="Tom Reed")
    source = SourceFactory(name="Harbour Gazette")
    flagged = ClaimFactory(
        speaker=speaker, article=ArticleFactory(source=source, title="Quay plan"), review_status="unsupported"
    )
    other = ClaimFactory(article=ArticleFactory(source=source, title="Ferry timetable"))
    UserFactory(username="fran", email="fran@example.org")  # password "pw"
    yield {"speaker": speaker, "source": source, "flagged": flagged, "other": other}
    app.conf.task_always_eager = eager


def _sign_in(page, base):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "fran")
    page.fill("#id_password", "pw")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/claims/$"))


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_api_docs_from_the_queue(live_server, world, viewport):
    base = live_server.url
    width = viewport["width"]
    with browser_page_at(**viewport) as page:
        _sign_in(page, base)
        page.goto(f"{base}/claims/?status=unsupported")
        as_json = page.locator("[data-api-json]")
        assert as_json.get_attribute("href") == "/api/claims?status=unsupported"
        # the queue's querystring, as JSON: the same claims (the session signs the API request)
        body = json.loads(page.request.get(base + as_json.get_attribute("href")).text())
        assert [item["id"] for item in body["items"]] == [world["flagged"].pk]
        # an unknown filter is refused, naming it
        refused = page.request.get(f"{base}/api/claims?statuss=unsupported")
        assert refused.status == 422 and refused.json()["unknown"] == ["statuss"]

        page.get_by_role("link", name="API docs").click()
        page.wait_for_url(re.compile(r"/api/docs$"))
        assert page.locator("h1").inner_text().startswith("Claimtrack API")
        claims = page.locator('[data-api-op="GET /api/claims"]')
        for name in ("status", "review_status", "q", "speaker", "date_from", "limit", "offset"):
            assert claims.locator(f'tr[data-param="{name}"]').count() == 1, name
        assert page.locator('[data-api-op="GET /api/sources/{source_id}"]').count() == 1
        assert "Authorization: Bearer" in page.locator("#auth").inner_text()
        # nothing wider than the screen, on a phone too (long paths and tables scroll in their box)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        shot(page, f"h6-api-docs-{width}")
        # the contents link into the page
        page.locator(".api-toc").get_by_role("link", name="Objects").click()
        page.wait_for_url(re.compile(r"/api/docs#objects$"))
        assert page.locator("#schema-ClaimOut").is_visible()
        shot(page, f"h6-api-docs-objects-{width}")
        # the schema the page is made from is linked, and answers
        schema = page.request.get(base + page.locator("[data-openapi-link]").get_attribute("href"))
        assert schema.status == 200 and "/api/claims" in schema.json()["paths"]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_follow_for_every_new_claim(live_server, world, viewport):
    from apps.alerts.models import Follow, Notification
    from apps.claims.models import Claim

    base, speaker = live_server.url, world["speaker"]
    width = viewport["width"]
    with browser_page_at(**viewport) as page:
        _sign_in(page, base)
        page.goto(f"{base}/speakers/{speaker.pk}/")
        page.get_by_role("button", name=re.compile(r"^Follow speaker Tom Reed")).click()
        page.get_by_role("button", name=re.compile(r"^Unfollow speaker Tom Reed")).wait_for()
        menu = page.get_by_role("combobox", name=re.compile(r"^Notify me of, for speaker Tom Reed"))
        assert menu.input_value() == "attention"
        menu.select_option("every_claim")
        page.locator("#announcer").filter(has_text="every new claim").wait_for()
        assert Follow.objects.get(user__username="fran", speaker=speaker).notify_on == "every_claim"
        menu = page.get_by_role("combobox", name=re.compile(r"^Notify me of, for speaker Tom Reed"))
        assert menu.input_value() == "every_claim"
        assert menu.bounding_box()["x"] + menu.bounding_box()["width"] <= width
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        shot(page, f"h6-follow-every-claim-{width}")

        # a claim of his with evidence comes in: a "New claim" notification
        claim = _added_claim(speaker, evidence=Claim.Evidence.PROVIDED)  # as the app adds one
        assert list(Notification.objects.values_list("claim_id", "kind")) == [(claim.pk, "new_claim")]
        page.goto(f"{base}/notifications/")
        item = page.locator(".notif-item").first
        assert "New claim" in item.inner_text()
        # the Following list shows the choice and can change it back
        following = page.get_by_role("combobox", name="Notify me of, for Tom Reed")
        assert following.input_value() == "every_claim"
        shot(page, f"h6-notifications-every-claim-{width}")
        following.select_option("attention")
        page.locator(".follow-notify-form").get_by_role("button", name="Save").click()
        page.wait_for_url(re.compile(r"/notifications/$"))
        assert Follow.objects.get(user__username="fran", speaker=speaker).notify_on == "attention"


def _added_claim(speaker, evidence):
    """A claim coming in as the app adds one: through the service, which announces it (claim_created) to
    what alerts listen to. A bare factory row announces nothing: model save signals do no business logic."""
    from apps.claims.services import claim_create_manual
    from tests.factories import ArticleFactory, EditorFactory

    return claim_create_manual(
        article=ArticleFactory(), user=EditorFactory(), start=21, end=56, speaker=speaker, evidence=evidence
    )
