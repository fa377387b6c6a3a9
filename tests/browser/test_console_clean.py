"""The watch every browser test runs under (tests/browser/support.py): a CSP violation, a console error or an
uncaught page error fails the test. Proved here on the app's own pages, with its real CSP header."""

import re

import pytest

from tests.browser.support import Problems

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def _caught(page, pattern: str) -> list[str]:
    page.wait_for_timeout(200)  # the binding's call reaches Python through the event loop
    return [p for p in page.problems if re.search(pattern, p)]


def test_a_csp_violation_fails_the_test(live_server, browser_page):
    page = browser_page
    page.goto(f"{live_server.url}/accounts/login/")
    assert page.problems == []  # the page itself is clean

    # what htmx did with its indicator styles: an inline style attribute, then an inline <style>
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">red</p>')")
    assert _caught(page, r"^CSP violation: style-src-attr blocked inline")
    assert _caught(page, r"^console error: Applying inline style violates .*style-src")
    page.evaluate("document.head.insertAdjacentHTML('beforeend', '<style>p { color: red }</style>')")
    assert _caught(page, r"^CSP violation: style-src-elem blocked inline")
    # an inline script
    page.evaluate(
        "const s = document.createElement('script'); s.textContent = 'window.__ran = 1'; document.body.append(s)"
    )
    assert _caught(page, r"^CSP violation: script-src-elem blocked inline")
    assert page.evaluate("window.__ran") is None
    # an uncaught error in a page script
    page.evaluate("setTimeout(() => { throw new Error('boom from the page') })")
    assert _caught(page, r"^pageerror: .*boom from the page")

    with pytest.raises(pytest.fail.Exception) as failed:
        page.problems.check()
    assert "style-src-attr" in str(failed.value) and "boom from the page" in str(failed.value)
    page.problems.clear()  # provoked on purpose; the fixture's own check at teardown now passes


def test_a_violation_in_another_tab_is_caught(live_server, browser_page):
    other = browser_page.context.new_page()
    other.goto(f"{live_server.url}/accounts/login/")
    other.evaluate("document.body.insertAdjacentHTML('beforeend', '<b style=\"color: red\">red</b>')")
    assert _caught(browser_page, r"^CSP violation: style-src-attr")
    browser_page.problems.clear()


def test_htmx_injects_no_style_and_the_indicator_is_styled_from_the_stylesheet(live_server, browser_page):
    page = browser_page
    page.goto(f"{live_server.url}/accounts/login/")
    assert page.evaluate("htmx.config.includeIndicatorStyles") is False
    assert page.locator("style").count() == 0  # htmx added no <style> (it would be a violation too)
    page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend',"
        ' \'<div id="req"><span id="ind" class="htmx-indicator">Working…</span></div>\')'
    )
    indicator = page.locator("#ind")
    assert not indicator.is_visible()  # hidden until a request runs
    page.evaluate("document.querySelector('#req').classList.add('htmx-request')")
    indicator.wait_for(state="visible")
    assert page.problems == []


def test_problems_allow_forgets_only_what_was_provoked():
    problems = Problems(["console error: Failed to load resource: status of 500", "CSP violation: x"])
    problems.allow("status of 500")
    assert problems == ["CSP violation: x"]


def test_favicon_ico_is_served(client):
    """Pages without a <link rel=icon> (the admin, a JSON document) make the browser ask for it: no 404."""
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"].endswith("/favicon.svg")
