"""The accuracy page in a real browser (Debian's chromium): figures, a worst case, its claim. No JS errors,
no CSP violations. Screenshots go to tests/browser/artifacts/ (gitignored)."""

import os
import re
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).parents[1] / "browser" / "artifacts"


@pytest.fixture
def page():
    from playwright.sync_api import sync_playwright

    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # ORM checks beside Playwright's loop
    ARTIFACTS.mkdir(exist_ok=True)
    problems: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.on(
            "console",
            lambda msg: msg.type in ("error", "warning") and problems.append(f"{msg.type}: {msg.text}"),
        )
        page.on("pageerror", lambda exc: problems.append(f"pageerror: {exc}"))
        page.problems = problems
        yield page
        context.close()
        browser.close()


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True, caret="initial")


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
