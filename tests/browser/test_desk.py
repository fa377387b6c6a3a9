"""The review desk in a real browser (Debian's chromium through Playwright): an editor's shift, end to end.

Screenshots of every page go to tests/browser/artifacts/ (gitignored)."""

import json
import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.browser.support import shot

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

SEED_TEXT = Path(settings.BASE_DIR) / "seeds" / "kazakhstan-unrest.txt"
PASTED = (
    "Harbour plan approved\n"
    "The harbour master, Tom Reed, said the new quay would double the fishing fleet within two years. "
    "He provided no evidence for this claim.\n"
    "Local fishermen said the plan had been rushed through without consultation. "
    "The council's own survey found the quay cannot take boats longer than twelve metres."
)


@pytest.fixture
def seeded(transactional_db, settings, celery_worker):
    """The seed article, demo logins, and a real Celery worker (on Redis) for the submitted article."""
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # ORM checks beside Playwright's loop
    settings.CLAIMTRACK_DEMO_LOGINS = True
    call_command("load_seeds", verbosity=0)
    from apps.articles.models import Article

    article = Article.objects.get(title__startswith="Kazakhstan unrest")
    if not article.claims.exists():  # extraction not available: the gold claims stand in for it
        _claims_from_gold(article)
    return article


def _claims_from_gold(article):
    from apps.claims.models import Claim
    from apps.claims.services import speaker_resolve

    gold = json.loads((Path(settings.BASE_DIR) / "seeds" / "kazakhstan-unrest.gold.json").read_text())
    for row in gold["claims"]:
        ev = row.get("evidence_span") or (None, None)
        Claim.objects.create(
            article=article,
            speaker=speaker_resolve(name=row["speaker"]),
            content=row["content"],
            start=row["content_span"][0],
            end=row["content_span"][1],
            kind=row["kind"],
            evidence=row["evidence"],
            cue=row.get("cue", ""),
            evidence_cue=row.get("evidence_cue", ""),
            evidence_start=ev[0],
            evidence_end=ev[1],
        )


def test_an_editors_shift(live_server, seeded, browser_page):
    from apps.claims.models import Claim

    page = browser_page
    base = live_server.url

    # --- sign in -------------------------------------------------------------------------------
    page.goto(f"{base}/claims/")
    assert "/accounts/login/" in page.url
    shot(page, "01-login")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "editor")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/claims/$"))
    assert page.locator(".who-name").inner_text().startswith("E")  # the avatar initial, then the name
    assert "editor" in page.locator(".who-name").inner_text()
    shot(page, "02-queue")

    # --- filter the queue without a reload ---------------------------------------------------------
    page.evaluate("window.__noReload = true")
    page.select_option("#id_evidence", "not_provided")
    page.wait_for_url(re.compile(r"evidence=not_provided"))
    page.keyboard.press("Escape")
    page.locator("body").press("/")
    assert page.evaluate("document.activeElement.id") == "id_q"
    page.keyboard.type("terrorism")
    page.wait_for_url(re.compile(r"q=terrorism"))
    items = page.locator("[data-queue-item]")
    items.first.wait_for()
    assert items.count() >= 1
    assert "international terrorism" in page.locator("#queue-results").inner_text()
    assert page.evaluate("window.__noReload") is True  # the filtering never reloaded the page
    shot(page, "03-queue-filtered")

    # --- open the claim: highlighted in its paragraph ---------------------------------------------
    page.locator("[data-queue-link]", has_text="international terrorism").first.click()
    page.wait_for_url(re.compile(r"/claims/\d+/\?"))
    claim_id = int(re.search(r"/claims/(\d+)/", page.url).group(1))
    assert "evidence=not_provided" in page.url and "q=terrorism" in page.url
    assert (
        page.locator(".claim-context .article-text mark.hl-claim").inner_text()
        == "Kazakhstan had been targeted by international terrorism"
    )
    assert (
        page.locator(".claim-context .article-text mark.hl-evidence").inner_text()
        == "provided no evidence for this claim"
    )
    shot(page, "04-claim")

    # --- flag it unsupported with the keyboard ---------------------------------------------------
    page.evaluate("window.__noReload = true")
    page.locator("body").press("u")
    page.locator(".status-line .badge", has_text="Unsupported").wait_for()
    page.locator("#announcer.is-visible", has_text="flagged unsupported").wait_for()
    assert Claim.objects.get(pk=claim_id).review_status == "unsupported"

    # --- evidence link and a note, inline ------------------------------------------------------
    page.fill("#id_url", "https://www.un.org/press/kazakhstan")
    page.fill("#id_title", "UN press briefing")
    page.fill("#id_note", "No attribution of the unrest to foreign groups.")
    page.click("text=Add link")
    page.locator(".link-list a", has_text="UN press briefing").wait_for()
    page.fill("#id_text", "Asked the Kremlin press office for its evidence.")
    page.click("text=Add note")
    page.locator(".note-list", has_text="Asked the Kremlin").wait_for()
    audit = page.locator(".audit-list").inner_text()
    assert "editor changed the claim" in audit and "New → Unsupported" in audit
    assert "added evidence link “UN press briefing”" in audit and "added a note" in audit
    assert page.evaluate("window.__noReload") is True
    shot(page, "05-claim-flagged")

    # --- ? shows the shortcuts ----------------------------------------------------------------------
    page.locator("body").press("?")
    page.locator("#shortcuts").wait_for(state="visible")
    shot(page, "06-shortcuts")
    page.keyboard.press("Escape")
    page.locator("#shortcuts").wait_for(state="hidden")

    # --- Back to the filtered queue -----------------------------------------------------------------
    page.go_back()
    page.wait_for_url(re.compile(r"/claims/\?.*q=terrorism"))
    page.locator("[data-queue-item]").first.wait_for()
    assert page.input_value("#id_q") == "terrorism"
    assert page.input_value("#id_evidence") == "not_provided"
    row = page.locator("[data-queue-item]", has_text="international terrorism").first
    assert "Unsupported" in row.inner_text()
    shot(page, "07-queue-back")

    # --- j/k and a bulk action from the keyboard ---------------------------------------------------
    page.click("text=Clear all")
    page.wait_for_url(re.compile(r"/claims/$"))
    page.locator("body").press("j")
    assert page.locator("[data-queue-item].is-current").count() == 1
    newest_id = int(
        page.locator("[data-queue-item].is-current [data-queue-link]").get_attribute("href").split("/")[2]
    )
    page.keyboard.press("c")
    page.locator(".msg-success", has_text="1 claim marked confirmed").wait_for()
    assert Claim.objects.get(pk=newest_id).review_status == "confirmed"

    # --- submit a pasted article and watch its claims appear ---------------------------------------
    page.click("text=Submit article")
    page.fill("#id_text", PASTED)
    page.fill("#id_title", "Harbour plan approved")
    shot(page, "08-submit")
    page.click("button:has-text('Submit article')")
    page.wait_for_url(re.compile(r"/articles/\d+/\?submitted=1$"))
    first_status = page.locator(".ingest-status").inner_text()
    # the worker (a real one, on Redis) processes it while the page polls; no reload
    page.evaluate("window.__samePage = true")
    page.locator(".ingest-status", has_text="Done").wait_for(timeout=60_000)
    assert page.evaluate("window.__samePage") is True, "the status must update without a page reload"
    print("status on landing:", first_status)
    page.locator(".mini-claims li").first.wait_for()
    assert "the new quay would double the fishing fleet" in page.locator(".mini-claims").inner_text()
    shot(page, "09-article-submitted")

    # --- select text the extractor missed and add it as a claim ------------------------------------
    article_id = int(re.search(r"/articles/(\d+)/", page.url).group(1))
    phrase = "the quay cannot take boats longer than twelve metres"  # a claim the extractor misses
    page.evaluate(
        """(phrase) => {
            const segs = [...document.querySelectorAll('[data-offsets-root] [data-start]')];
            const seg = segs.find((s) => s.textContent.includes(phrase));
            const node = seg.firstChild, at = seg.textContent.indexOf(phrase);
            const range = document.createRange();
            range.setStart(node, at); range.setEnd(node, at + phrase.length);
            const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
            document.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
        }""",
        phrase,
    )
    page.click("[data-add-claim-float]")  # the button by the selection opens the form there
    page.locator("[data-selection-preview]", has_text=phrase).wait_for()
    page.fill("#id_new_speaker", "the council")
    page.click("[data-add-claim]")
    page.locator(".mini-claims", has_text="twelve metres").wait_for()
    added = Claim.objects.get(article_id=article_id, origin="editor")
    assert added.content == phrase and added.speaker.name == "the council"
    shot(page, "10-article-claim-added")

    # --- the seed article and a speaker ---------------------------------------------------------------
    page.goto(f"{base}/articles/{seeded.pk}/")
    page.locator("a.hl-other.status-unsupported").first.wait_for()
    shot(page, "11-seed-article")
    putin = Claim.objects.get(pk=claim_id).speaker
    page.goto(f"{base}/speakers/{putin.pk}/")
    assert "Claims over time" in page.content()
    shot(page, "12-speaker")

    # --- a failed request is shown, not swallowed -------------------------------------------------
    # the parts the page loads by itself (follow buttons) are held back until the error is up: their
    # success afterwards must not wipe the error before the editor has read it
    held = []
    page.route("**/follows/button/**", lambda route: held.append(route))
    page.route("**/confirm/**", lambda route: route.fulfill(status=500, body="boom"))
    page.goto(f"{base}/claims/{claim_id}/")
    page.locator("[data-key='c']").wait_for()
    with page.expect_response("**/confirm/**"):
        page.locator("body").press("c")
    error = page.locator("#alerts .alert", has_text="server error 500")
    error.wait_for()
    assert held, "the follow buttons load after the page"
    page.unroute("**/follows/button/**")
    for route in held:
        route.continue_()
    page.locator(".follow-slot").first.wait_for(state="detached")  # the follow buttons arrived
    assert error.is_visible()
    shot(page, "13-error-shown")
    page.unroute("**/confirm/**")
    page.problems.allow("500")  # the error we provoked

    # --- a tablet -------------------------------------------------------------------------------------
    page.set_viewport_size({"width": 820, "height": 1180})
    page.goto(f"{base}/claims/{claim_id}/")
    shot(page, "14-claim-tablet")
    page.goto(f"{base}/claims/")
    shot(page, "15-queue-tablet")

    assert page.problems == [], page.problems  # no JS errors, no CSP violations
