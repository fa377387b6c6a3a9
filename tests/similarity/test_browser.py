"""The "Said before" block in a real browser: an editor confirms a suggested link, flags the earlier claim and
carries the flag along the link; the speaker page groups the repeats. Screenshots in tests/browser/artifacts/."""

import os
import re

import pytest

from tests.browser.support import browser_page, shot  # noqa: F401  (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_said_before_confirm_and_carry_the_flag(live_server, settings, browser_page):  # noqa: F811
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from apps.claims.models import Claim
    from apps.similarity.services import claims_link
    from tests.factories import EditorFactory, SourceFactory, SpeakerFactory

    from .conftest import said
    from .test_linking import DIFFERENT, EARLIER, REWORDED

    settings.CLAIMTRACK_SIMILARITY_BACKEND = "off"  # no task sent to a broker while the rows are made
    EditorFactory(username="ed")
    speaker = SpeakerFactory(name="Home Secretary")
    earlier = said(EARLIER, speaker=speaker)
    new = said(REWORDED, days=30, speaker=speaker)
    other_direction = said(DIFFERENT, days=10)
    source = SourceFactory(name="Daily Ledger")
    for c, title in ((earlier, "Police cuts row"), (new, "Officer numbers debate")):
        c.article.title, c.article.source = title, source
        c.article.save(update_fields=["title", "source"])
    settings.CLAIMTRACK_SIMILARITY_BACKEND = "lexical"
    claims_link(claim_ids=[earlier.pk, new.pk, other_direction.pk])

    page = browser_page
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "ed")
    page.fill("#id_password", "pw")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/claims/$"))

    page.goto(f"{live_server.url}/claims/{new.pk}/")
    block = page.locator("#said-before")
    assert "Matched by word overlap" in block.inner_text()
    assert EARLIER in block.inner_text() and "Home Secretary" in block.inner_text()
    assert "Why linked:" in block.inner_text()
    block.scroll_into_view_if_needed()
    shot(page, "similarity-01-said-before")

    page.evaluate("window.__noReload = true")
    block.get_by_role("button", name="Confirm link").click()
    page.locator("#said-before .link-status-confirmed").wait_for()
    assert page.evaluate("window.__noReload") is True  # swapped by htmx, not a page load

    page.goto(f"{live_server.url}/claims/{earlier.pk}/")
    assert DIFFERENT not in page.locator("#said-before").inner_text()  # near misses only on request
    page.evaluate("window.__noReload = true")
    page.get_by_role("link", name="Show 1 close claim not linked, and why").click()
    near = page.locator("#said-before .near-miss")
    near.wait_for()
    assert DIFFERENT in near.inner_text() and "Not linked: opposite direction" in near.inner_text()
    assert page.evaluate("window.__noReload") is True
    near.scroll_into_view_if_needed()
    shot(page, "similarity-02-near-miss")
    page.get_by_role("button", name=re.compile("Flag unsupported")).click()
    carry = page.get_by_role("button", name="Carry the flag to linked claims (1)")
    carry.wait_for()
    carry.click()
    page.locator("#said-before .msg-success").wait_for()
    assert Claim.objects.get(pk=new.pk).review_status == Claim.ReviewStatus.UNSUPPORTED
    page.locator("#said-before").scroll_into_view_if_needed()
    shot(page, "similarity-03-flag-carried")

    page.goto(f"{live_server.url}/speakers/{speaker.pk}/")
    assert "Said 2 times" in page.locator(".speaker-repeats").inner_text()
    shot(page, "similarity-04-speaker")
    assert page.problems == [], page.problems  # no JS errors, no CSP violations
