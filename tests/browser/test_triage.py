"""Worth checking first, in a real browser: the queue sorted by the triage score with its reasons (and the
keyboard walk following that order), the accuracy page's triage section loaded by htmx, and a morning
digest, in the app and as its email. Screenshots go to tests/browser/artifacts/ (gitignored)."""

import re
from datetime import time

import pytest

from tests.browser.support import shot

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

CLAIMS = [
    ("the council had spent £40 million on consultants", "not_provided", "Mayor Lena Marsh"),
    ("burglaries in Derby doubled last year", "not_stated", "Chief Constable Ray Hunt"),
    ("I think the parade was a great success", "not_stated", "Mayor Lena Marsh"),
    ("the new bridge will open in May", "not_stated", "the city council"),
    ("waiting times at the hospital rose to 40 weeks", "provided", "the health trust"),
]


@pytest.fixture
def desk(transactional_db):
    from apps.alerts.models import DigestSubscription
    from apps.claims.models import Claim
    from apps.triage.services import claims_score
    from tests.factories import ArticleFactory, ClaimFactory, EditorFactory, SourceFactory, SpeakerFactory

    article = ArticleFactory(title="Council budget row", source=SourceFactory(name="Derby Courier"))
    ids, speakers = [], {}
    for i, (content, evidence, speaker) in enumerate(CLAIMS):
        if speaker not in speakers:
            speakers[speaker] = SpeakerFactory(name=speaker)
        claim = ClaimFactory(
            article=article, start=i * 4, end=i * 4 + 3, speaker=speakers[speaker], cue="said"
        )
        Claim.objects.filter(pk=claim.pk).update(content=content, evidence=evidence)
        ids.append(claim.pk)
    claims_score(claim_ids=ids)  # as the worker does after extraction
    editor = EditorFactory(username="desk", email="desk@example.org")
    DigestSubscription.objects.create(user=editor, enabled=True, send_at=time(0, 0), scope="everything")
    return {"ids": ids, "editor": editor}


def _login(page, base):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "desk")
    page.fill("#id_password", "pw")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/claims/$"))


def test_sorted_queue_with_reasons_and_the_keyboard_walk(live_server, desk, browser_page):
    from apps.claims.models import Claim

    page, base = browser_page, live_server.url
    _login(page, base)
    page.select_option("#id_sort", "worth")
    page.wait_for_url(re.compile(r"sort=worth"))
    page.locator("[data-queue-item] [data-worth]").first.wait_for()
    by_score = list(Claim.objects.order_by("-worth_score", "-id").values_list("pk", "worth_score"))
    rows = [
        int(pk) for pk in page.locator("[data-queue-item]").evaluate_all("els => els.map(e => e.dataset.pk)")
    ]
    assert rows == [pk for pk, _ in by_score]
    top = page.locator("[data-queue-item]").first
    assert top.locator(".worth-score").inner_text() == str(by_score[0][1])
    assert "no evidence given" in top.inner_text() and "gives a figure" in top.inner_text()
    assert "opinion, not a checkable fact" in page.locator(f'[data-pk="{desk["ids"][2]}"]').inner_text()
    shot(page, "triage-queue-sorted")

    # the keyboard flow is the queue's: open the first claim, j walks on in the same order
    top.locator("[data-queue-link]").click()
    page.wait_for_url(re.compile(rf"/claims/{by_score[0][0]}/\?sort=worth"))
    page.get_by_text("Worth checking", exact=True).wait_for()
    shot(page, "triage-claim-reasons")
    page.keyboard.press("j")
    page.wait_for_url(re.compile(rf"/claims/{by_score[1][0]}/\?sort=worth"))

    # a minimum score narrows the sorted queue
    page.goto(f"{base}/claims/?sort=worth")
    page.fill("#id_min_score", str(by_score[1][1]))
    page.locator("#id_min_score").dispatch_event("change")
    page.wait_for_url(re.compile(rf"min_score={by_score[1][1]}"))
    expected = [pk for pk, score in by_score if score >= by_score[1][1]]
    page.wait_for_function(f"document.querySelectorAll('[data-queue-item]').length === {len(expected)}")


def test_accuracy_triage_section_and_the_digest(live_server, desk, browser_page):
    from django.core import mail

    from apps.alerts.digest import digest_email_html, digests_send_due
    from apps.alerts.models import Digest

    page, base = browser_page, live_server.url
    _login(page, base)
    page.goto(f"{base}/accuracy/")
    section = page.locator("#triage-section h2")
    section.wait_for()
    assert section.text_content().strip() == "Worth checking first: the triage score"
    assert page.get_by_test_id("triage-in-use").inner_text() == "prior-1"
    page.locator("#triage-section").scroll_into_view_if_needed()
    shot(page, "triage-accuracy-section")

    digests_send_due()  # beat's run: this editor's time (00:00) has come
    digest = Digest.objects.get(user=desk["editor"])
    page.goto(f"{base}/notifications/digest/")
    page.get_by_role("link", name=re.compile(r": 5 claims$")).click()
    page.locator("#digest-items li").first.wait_for()
    assert page.locator("#digest-items li").count() == 5
    shot(page, "triage-digest-in-app")

    items = list(digest.items.select_related("claim", "claim__speaker", "claim__article__source"))
    html = digest_email_html(digest, [i.claim for i in items])
    page.goto("about:blank")  # as a mail client shows it: its own document, not under the app's CSP
    page.set_content(html)
    assert page.locator("h1").inner_text() == "Worth checking first: 5 unreviewed claims"
    shot(page, "triage-digest-email")
    assert not mail.outbox or mail.outbox[-1].to == ["desk@example.org"]
