"""The desk on a phone (390 x 844, touch) and on a desktop (1280 px): a compact header with one Menu button,
the queue's filters folded behind one Filters button, a bar at the bottom of the claim page with Confirm /
Flag unsupported / Dismiss / Edit, touch targets of 44 px at least, no sideways scrolling.
Screenshots of the queue, claim, article, speaker, submit, dashboard, accuracy and notifications pages at both
widths go to
tests/browser/artifacts/mobile-*.png (full page) and mobile-*-390-screen.png (the first screen)."""

import re

import pytest
from django.core.management import call_command

from tests.browser.support import ARTIFACTS, PHONE, browser_page_at, shot

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

HEADER_MAX = 64  # px: brand, notifications and the Menu button on one line
TOUCH_MIN = 44  # px: WCAG 2.5.5, Apple's and Google's guidance for a finger
# what a finger taps: buttons, folded-panel toggles, selects, and the links that stand alone (links inside a
# sentence, such as a claim's speaker in the queue, are exempt, as WCAG 2.5.8 exempts inline targets)
TARGETS = (
    "button, .button, summary, select, input:not([type=hidden]):not([type=checkbox]):not([type=radio]), "
    ".tab, .site-nav a, .crumbs a, .pager a, .notif-badge"
)
MEASURE = """(selector) => [...document.querySelectorAll(selector)]
  .filter((el) => el.checkVisibility() && el.getClientRects().length)
  .map((el) => {
    const r = el.getBoundingClientRect();
    return {what: el.outerHTML.slice(0, 90), height: Math.round(r.height * 10) / 10};
  })"""


@pytest.fixture
def desk(transactional_db, settings):
    """The seed article and its claims, the demo logins; a few claims reviewed so every badge shows."""
    settings.CLAIMTRACK_DEMO_LOGINS = True
    call_command("load_seeds", verbosity=0)
    from apps.articles.models import Article
    from apps.claims.models import Claim
    from tests.browser.test_desk import _claims_from_gold

    article = Article.objects.get(title__startswith="Kazakhstan unrest")
    if not article.claims.exists():  # extraction not available: the gold claims stand in for it
        _claims_from_gold(article)
    claims = list(article.claims.order_by("start"))
    Claim.objects.filter(pk=claims[1].pk).update(review_status=Claim.ReviewStatus.CONFIRMED)
    Claim.objects.filter(pk=claims[2].pk).update(review_status=Claim.ReviewStatus.UNSUPPORTED)
    claim = next(c for c in claims if c.speaker_id and c.review_status == Claim.ReviewStatus.NEW)
    # unread notifications: the header must hold the count beside the brand and Menu on one line
    from django.contrib.auth import get_user_model

    from apps.alerts.models import Event, Notification

    editor = get_user_model().objects.get(username="editor")
    for c in claims[:12]:
        Notification.objects.create(user=editor, claim=c, kind=Event.NOT_PROVIDED_CLAIM)
    return {"article": article, "claim": claim, "speaker": claim.speaker}


def _sign_in(page, base):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "editor")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/claims/$"))


def _pages(desk):
    return {
        "queue": "/claims/",
        "claim": f"/claims/{desk['claim'].pk}/",
        "article": f"/articles/{desk['article'].pk}/",
        "speaker": f"/speakers/{desk['speaker'].pk}/",
        "submit": "/submit/",
        "dashboard": "/dashboard/",
        "accuracy": "/accuracy/",
        "notifications": "/notifications/",
    }


def _no_sideways_scroll(page, width, name):
    scroll_width = page.evaluate("document.scrollingElement.scrollWidth")
    assert scroll_width <= width, f"{name}: the page scrolls sideways ({scroll_width} px wide at {width} px)"


def _in_viewport(box, height=PHONE["height"], width=PHONE["width"]):
    return (
        box is not None
        and box["y"] >= 0
        and box["y"] + box["height"] <= height
        and box["x"] >= 0
        and (box["x"] + box["width"] <= width)
    )


def test_the_desk_on_a_phone(live_server, desk):
    from apps.claims.models import Claim

    base = live_server.url
    with browser_page_at(PHONE["width"], PHONE["height"], has_touch=True, is_mobile=True) as page:
        _sign_in(page, base)

        # --- every page: a compact header, no sideways scroll, touch targets, screenshots ------------------
        for name, path in _pages(desk).items():
            page.goto(base + path)
            shot(page, f"mobile-{name}-390")
            page.screenshot(path=str(ARTIFACTS / f"mobile-{name}-390-screen.png"), caret="initial")
            header = page.locator(".site-header").bounding_box()
            assert header["height"] <= HEADER_MAX, f"{name}: header {header['height']} px tall"
            _no_sideways_scroll(page, PHONE["width"], name)
            small = [t for t in page.evaluate(MEASURE, TARGETS) if t["height"] < TOUCH_MIN]
            assert small == [], f"{name}: touch targets under {TOUCH_MIN} px: {small}"
            assert page.locator(".site-nav").is_hidden()  # behind the Menu button

        # --- the queue: the first claim is on the first screen; filters open from one button ---------------
        page.goto(f"{base}/claims/")
        first = page.locator("[data-queue-item]").first
        assert _in_viewport(first.bounding_box()), "the first claim must be visible without scrolling"
        assert page.locator("#id_evidence").is_hidden()
        page.get_by_text("Filters", exact=True).click()
        page.locator("#id_evidence").wait_for()
        assert page.locator(".tab-new").is_visible()
        page.select_option("#id_evidence", "not_provided")
        page.wait_for_url(re.compile(r"evidence=not_provided"))
        page.locator("[data-queue-item]").first.wait_for()
        _no_sideways_scroll(page, PHONE["width"], "queue, filters open")
        page.screenshot(path=str(ARTIFACTS / "mobile-queue-390-filters.png"), caret="initial")

        # --- the menu: one button opens the navigation ----------------------------------------------------
        page.get_by_text("Menu", exact=True).click()
        nav = page.locator(".site-nav")
        nav.wait_for()
        for link in nav.locator("a").all():
            assert link.bounding_box()["height"] >= TOUCH_MIN
        assert page.get_by_role("button", name="Sign out").is_visible()
        page.screenshot(path=str(ARTIFACTS / "mobile-menu-390-screen.png"), caret="initial")
        nav.get_by_role("link", name="Submit article").click()
        page.wait_for_url(re.compile(r"/submit/$"))

        # --- the claim page: the review actions sit at the bottom of the first screen, and work ----------------
        claim = desk["claim"]
        page.goto(f"{base}/claims/{claim.pk}/")
        bar = page.locator(".actions")
        for label in ("Confirm", "Flag unsupported", "Dismiss", "Edit"):
            button = bar.locator(".button", has_text=label).first
            box = button.bounding_box()
            assert _in_viewport(box), f"{label} must be on the first screen: {box}"
            assert box["height"] >= TOUCH_MIN, f"{label}: {box['height']} px tall"
        page.evaluate("window.__noReload = true")
        bar.locator(".button", has_text="Confirm").first.click()
        page.locator("#claim-card.status-confirmed").wait_for()
        assert Claim.objects.get(pk=claim.pk).review_status == Claim.ReviewStatus.CONFIRMED
        assert _in_viewport(
            page.locator(".actions .button", has_text="Dismiss").bounding_box()
        )  # still there
        bar.locator(".button", has_text="Edit").click()
        assert page.locator("#edit-claim").get_attribute("open") is not None
        field = page.locator("#edit-claim input:not([type=hidden]), #edit-claim select").first
        assert _in_viewport(field.bounding_box()), "Edit shows the form"
        assert page.evaluate("window.__noReload") is True
        page.screenshot(path=str(ARTIFACTS / "mobile-claim-390-edit.png"), caret="initial")
        reason = bar.locator(".flag-reason summary")
        if reason.count():  # the flag's reason and rating open inside the bar, above the buttons
            reason.click()
            flag = bar.locator(".button", has_text="Flag unsupported").first
            assert _in_viewport(flag.bounding_box())
            assert _in_viewport(
                bar.locator(".flag-reason textarea, .flag-reason select").first.bounding_box()
            )
            _no_sideways_scroll(page, PHONE["width"], "claim, reason open")
            page.screenshot(path=str(ARTIFACTS / "mobile-claim-390-reason.png"), caret="initial")


def test_the_desk_on_a_desktop(live_server, desk):
    base = live_server.url
    with browser_page_at(1280, 900) as page:
        _sign_in(page, base)
        for name, path in _pages(desk).items():
            page.goto(base + path)
            assert page.locator(".site-nav").is_visible()  # no Menu button on a wide screen
            assert page.locator(".site-menu-toggle").is_hidden()
            assert page.locator(".site-header").bounding_box()["height"] <= HEADER_MAX
            _no_sideways_scroll(page, 1280, name)
            if name == "queue":
                assert page.locator("#id_evidence").is_visible()  # the filters are not folded
                assert page.locator(".filter-toggle").is_hidden()
            if name == "claim":
                assert page.locator(".act-edit").is_hidden()  # the edit form is right there
                confirm = page.locator(".actions .button", has_text="Confirm").first.bounding_box()
                assert confirm["y"] < 900  # in the panel beside the text, as before
            shot(page, f"mobile-{name}-1280")
