"""Review in reading order, the next claim after an action, undo (toast and z), edits that keep the status,
and a flag with a reason and rating, in a real browser (issue 10). Screenshots at 1280 and 390 px go to
tests/browser/artifacts/review-flow-*.png."""

import re

import pytest
from django.urls import reverse

from tests.browser.support import browser_page_at, shot
from tests.factories import ArticleFactory, ClaimFactory, EditorFactory

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

TEXT = (
    "First, Ann Lee said taxes would fall. Then Bo Chan said rents would rise. "
    "Later Cy Diaz said trains would run late. Finally Di Eng said the pier would close."
)
PHRASES = ["taxes would fall", "rents would rise", "trains would run late", "the pier would close"]


def article_with_claims(edition: int):
    """Four claims stored out of text order (3, 0, 2, 1), as re-extraction or an editor's addition leaves them."""
    article = ArticleFactory(text=f"{TEXT} (Edition {edition}.)", title=f"Edition {edition}")
    claims = {}
    for i in (3, 0, 2, 1):
        start = TEXT.index(PHRASES[i])
        claims[i] = ClaimFactory(article=article, start=start, end=start + len(PHRASES[i]))
    return [claims[i] for i in range(4)]


@pytest.fixture
def desk(transactional_db):
    EditorFactory(username="flow-ed", password="pw")
    older = article_with_claims(1)
    newer = article_with_claims(2)
    return older, newer


def sign_in(page, base):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "flow-ed")
    page.fill("#id_password", "pw")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/claims/$"))


def current_pk(page) -> int:
    return int(page.locator("[data-queue-item].is-current").get_attribute("data-pk"))


def test_review_flow(live_server, desk):
    from apps.claims.models import Claim

    older, newer = desk
    base = live_server.url
    with browser_page_at() as page:
        sign_in(page, base)

        # --- j / k walk the newest article in text order, then on to the article before it ---------
        walked = []
        for _ in range(5):
            page.locator("body").press("j")
            walked.append(current_pk(page))
        assert walked == [c.pk for c in newer] + [older[0].pk]
        page.locator("body").press("k")
        assert current_pk(page) == newer[3].pk
        shot(page, "review-flow-01-queue-reading-order")

        # --- the next claim after an action: switched on, c confirms and moves on -------------------
        page.goto(f"{base}{newer[0].get_absolute_url()}")
        assert page.locator('a[data-key="j"]').get_attribute("href").startswith(f"/claims/{newer[1].pk}/")
        with page.expect_response(lambda r: "/claims/desk/advance/" in r.url and r.status == 204):
            page.check("[data-advance-toggle]")
        page.locator("body").press("c")
        page.wait_for_url(re.compile(rf"/claims/{newer[1].pk}/$"))
        assert Claim.objects.get(pk=newer[0].pk).review_status == "confirmed"
        toast = page.locator("#announcer.is-visible")
        toast.filter(has_text="Claim confirmed.").wait_for()  # the toast followed to the next claim
        assert toast.locator("[data-undo]").is_visible()
        shot(page, "review-flow-02-advanced-with-undo-toast")

        # --- z undoes the last decision, made on the claim before -----------------------------------
        page.locator("body").press("z")
        page.locator("#announcer.is-visible", has_text="Undone: the claim is new again.").wait_for()
        claim = Claim.objects.get(pk=newer[0].pk)
        assert claim.review_status == "new" and claim.reviewed_by is None and claim.version == 3
        assert page.url.endswith(f"/claims/{newer[1].pk}/")  # the desk stays where the editor is

        # --- undo from the toast: d pressed by mistake ----------------------------------------------
        with page.expect_response(lambda r: "/claims/desk/advance/" in r.url and r.status == 204):
            page.uncheck("[data-advance-toggle]")
        page.locator("body").press("d")
        page.locator(".status-line .badge", has_text="Dismissed").wait_for()
        page.locator("#announcer.is-visible", has_text="Claim dismissed.").locator("[data-undo]").click()
        page.locator(".status-line .badge", has_text="New").wait_for()
        page.locator("#announcer.is-visible", has_text="Undone").wait_for()
        assert Claim.objects.get(pk=newer[1].pk).review_status == "new"
        audit = page.locator(".audit-list").inner_text()
        assert "New → Dismissed" in audit and "Dismissed → New" in audit
        assert "Undo of “Dismissed” (v2): back to New" in audit
        shot(page, "review-flow-03-undone-history")
        # the history of the claim undone with z shows both too
        page.goto(f"{base}{newer[0].get_absolute_url()}")
        audit = page.locator(".audit-list").inner_text()
        assert "New → Confirmed" in audit and "Confirmed → New" in audit and "Undo of “Confirmed”" in audit

        # --- an edit keeps the status --------------------------------------------------------------
        page.goto(f"{base}{newer[2].get_absolute_url()}")
        page.locator("body").press("c")
        page.locator(".status-line .badge", has_text="Confirmed").wait_for()
        page.locator("body").press("e")
        page.select_option("#id_kind", "direct")
        page.fill("#id_cue", "said")
        page.click("#edit-claim button[type=submit]")
        page.locator(".facts .badge", has_text="Direct quote").wait_for()
        assert page.locator(".status-line .badge").inner_text() == "Confirmed"
        claim = Claim.objects.get(pk=newer[2].pk)
        assert claim.review_status == "confirmed" and claim.kind == "direct" and claim.cue_start is not None

        # --- flag with a rationale and a rating: on the page and in the ClaimReview -----------------
        page.goto(f"{base}{newer[3].get_absolute_url()}")
        page.click(".flag-reason summary")
        page.fill("#id_rationale", "The pier's owners say no closure is planned")
        page.select_option("#id_rating", "2")
        shot(page, "review-flow-04-flag-with-reason")
        page.click("button.act-flag")
        page.locator(".status-line .badge", has_text="Unsupported").wait_for()
        why = page.locator(".flag-why").inner_text()
        assert "The pier's owners say no closure is planned" in why and "no evidence given" in why
        review = page.request.get(f"{base}{reverse('publishing:claimreview', args=[newer[3].pk])}").json()
        assert review["reviewRating"]["ratingValue"] == 2
        assert "The pier's owners say no closure is planned." in review["reviewBody"]
        assert review["author"]["@type"] == "Organization" and "flow-ed" not in str(review)
        shot(page, "review-flow-05-flagged")

    # --- the same desk on a phone ------------------------------------------------------------------
    with browser_page_at(390, 844) as phone:
        sign_in(phone, base)
        shot(phone, "review-flow-06-queue-390")
        phone.goto(f"{base}{older[1].get_absolute_url()}")
        phone.click(".flag-reason summary")
        shot(phone, "review-flow-07-claim-390")
        phone.locator("body").press("d")
        phone.locator("#announcer.is-visible", has_text="Claim dismissed.").locator("[data-undo]").click()
        phone.locator("#announcer.is-visible", has_text="Undone").wait_for()
        assert Claim.objects.get(pk=older[1].pk).review_status == "new"
