"""The accuracy page in a real browser (Debian's chromium): figures, a worst case, its claim. No JS errors,
no CSP violations. Screenshots go to tests/browser/artifacts/ (gitignored)."""

import re

import pytest

from tests.browser.support import browser_page_at, shot

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page():
    with browser_page_at() as page:
        yield page


@pytest.fixture
def reader_acc(desk):
    from tests.factories import UserFactory

    return UserFactory(username="reader-acc")  # password "pw"


# the data is made before the browser starts: an ORM call inside Playwright's greenlet context would open
# a second connection that nothing closes, and the test database could not be dropped
def test_a_reader_follows_a_figure_to_its_worst_case(live_server, desk, reader_acc, page):
    base = live_server.url
    page.goto(f"{base}/accuracy/")
    assert "/accounts/login/" in page.url
    page.fill("#id_username", "reader-acc")
    page.fill("#id_password", "pw")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/accuracy/$"))
    assert page.locator(".site-nav a[aria-current=page]").inner_text() == "Accuracy"
    assert "83%" in page.locator(".acc-stats").inner_text()  # precision 5/6
    north = page.locator("#acc-source-title + .acc-scroll tr", has_text="North Gazette")
    assert "3/4" in north.inner_text()
    # the bars are drawn from the stylesheet: the fill is not black (CSS applied, no inline style)
    fill = page.locator(".acc-bar-fill").first.evaluate("el => getComputedStyle(el).fill")
    assert fill not in ("rgb(0, 0, 0)", "")
    shot(page, "acc-01-overview")

    north.get_by_role("link", name="1 changed").first.click()  # the speaker column comes first
    page.wait_for_url(re.compile(r"/accuracy/cases/\?kind=speaker_changed"))
    assert page.locator("h1").inner_text() == "Speaker changed"
    assert "Jane Doe" in page.locator(".acc-before").inner_text()
    assert "Engineers" in page.locator(".acc-after").inner_text()
    shot(page, "acc-02-cases")

    page.locator(".acc-cases li > a").first.click()
    page.wait_for_url(re.compile(rf"/claims/{desk.claims['speaker'].pk}/$"))
    page.set_viewport_size({"width": 820, "height": 1180})
    page.goto(f"{base}/accuracy/")
    shot(page, "acc-03-overview-tablet")
    assert page.problems == [], page.problems
