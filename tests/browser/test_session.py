"""In a real browser: the session ends while an editor has a claim open, and a page goes out of date after
signing in again elsewhere. Each time the editor is told, nothing is changed behind their back, and they
get back to the claim."""

import re

import pytest

from tests.browser.support import shot
from tests.browser.test_desk import seeded  # noqa: F401  (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def _sign_in(page, base):
    page.fill("#id_username", "editor")
    page.fill("#id_password", "editor")
    page.click("button[type=submit]")


def test_session_end_and_outdated_page(live_server, seeded, browser_page):  # noqa: F811
    from apps.claims.models import Claim

    page, base = browser_page, live_server.url
    claim = seeded.claims.order_by("start").first()
    page.goto(f"{base}/claims/{claim.pk}/")
    _sign_in(page, base)
    page.wait_for_url(re.compile(rf"/claims/{claim.pk}/$"))

    # the session ends (expired, or signed out elsewhere); the editor clicks Confirm
    page.context.clear_cookies(name="sessionid")
    page.locator("#claim-card button", has_text="Confirm").first.click()
    page.wait_for_url(re.compile(r"/accounts/login/\?next="))
    assert "Your session ended: sign in again" in page.locator("main").inner_text()
    assert page.locator("#claim-card").count() == 0  # no login form pasted into a claim card
    shot(page, "session-01-ended")
    claim.refresh_from_db()
    assert claim.review_status == Claim.ReviewStatus.NEW
    _sign_in(page, base)
    page.wait_for_url(re.compile(rf"/claims/{claim.pk}/$"))  # back where they were

    # the page goes out of date: the editor signs out and in again in another tab (a new CSRF token)
    other = page.context.new_page()
    other.goto(f"{base}/claims/")
    other.locator("form[action='/accounts/logout/'] button").click()
    other.goto(f"{base}/claims/")
    _sign_in(other, base)
    other.wait_for_url(re.compile(r"/claims/$"))
    other.close()
    page.locator("#claim-card button", has_text="Confirm").first.click()
    alert = page.locator("#alerts .alert")
    alert.wait_for()
    assert "This page is out of date" in alert.inner_text()
    shot(page, "session-02-outdated")
    claim.refresh_from_db()
    assert claim.review_status == Claim.ReviewStatus.NEW
    # after a reload it works
    page.reload()
    page.locator("#claim-card button", has_text="Confirm").first.click()
    page.locator("#claim-card.status-confirmed").wait_for()
    claim.refresh_from_db()
    assert claim.review_status == Claim.ReviewStatus.CONFIRMED
    # the refused actions above, told to the editor: the browser's and htmx's own log lines
    page.problems.allow("status of 403")
    page.problems.allow("Response Status Error Code 403")
    assert not page.problems, page.problems
