"""The article page in a real browser: a claim added from a floating button by the selection (low in a long
article, on a desktop and on a 390 px phone by touch), the "stored and queued" note replaced by the live status
once the article is processed, and an over-long paste refused before it uploads.
Screenshots go to tests/browser/artifacts/ (gitignored)."""

import os
import re

import pytest

from tests.browser.support import ARTIFACTS, PHONE, browser_page_at, shot

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

FILLER = (
    "The council met on Tuesday evening in the old town hall to discuss the budget for the coming year, "
    "and the meeting ran late into the night as members went through the figures line by line."
)
PARAGRAPH = (
    "Harbour master Tom Reed said the new quay would double the fishing fleet within two years. "
    "He added that the quay would pay for itself within a decade of opening."
)
MISSED = "the quay would pay for itself within a decade of opening"  # a claim the extractor missed
NAMED = "Ann Lowe told the meeting that rents by the harbour would rise by a third"


@pytest.fixture
def world(transactional_db, monkeypatch):
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # ORM checks beside Playwright's loop
    monkeypatch.setattr("apps.articles.tasks.process_article.delay", lambda pk: None)  # no worker here
    from tests.factories import ArticleFactory, ClaimFactory, EditorFactory, SpeakerFactory

    EditorFactory(username="eve")  # password "pw"
    # the paragraph with the missed claim comes after 14 paragraphs of filler: far below the first screen
    text = "\n".join([*(f"{i}. {FILLER}" for i in range(14)), PARAGRAPH, f"{NAMED}. The meeting closed."])
    article = ArticleFactory(text=text, title="Quay plan approved")
    start = text.index("the new quay would double")
    reed = SpeakerFactory(name="Tom Reed")
    ClaimFactory(
        article=article,
        speaker=reed,
        start=start,
        end=start + len("the new quay would double the fishing fleet within two years"),
    )
    ClaimFactory(article=article, speaker=SpeakerFactory(name="Ann Lowe"), start=0, end=20)  # another speaker
    return {"article": article, "reed": reed}


def sign_in(page, base):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "eve")
    page.fill("#id_password", "pw")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/claims/$"))


def select(page, phrase):
    """Select `phrase` in the article text, as a drag would (selectionchange is the browser's own)."""
    page.evaluate(
        """(phrase) => {
            const segs = [...document.querySelectorAll('[data-offsets-root] [data-start]')];
            const seg = segs.find((s) => s.textContent.includes(phrase));
            seg.scrollIntoView({block: 'center'});
            const node = seg.firstChild, at = seg.textContent.indexOf(phrase);
            const range = document.createRange();
            range.setStart(node, at); range.setEnd(node, at + phrase.length);
            const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
        }""",
        phrase,
    )


def selection_box(page):
    return page.evaluate(
        "(() => { const r = window.getSelection().getRangeAt(0).getBoundingClientRect();"
        " return {top: r.top, bottom: r.bottom, left: r.left, right: r.right}; })()"
    )


def add_missed_claim(page, base, world, *, tap: bool, name: str):
    from apps.claims.models import Claim

    article = world["article"]
    page.goto(f"{base}/articles/{article.pk}/")
    assert page.get_by_text("Starts at character").count() == 0  # no offset boxes anywhere
    float_button = page.locator("[data-add-claim-float]")
    assert float_button.is_hidden()
    select(page, MISSED)
    float_button.wait_for(state="visible")
    sel = selection_box(page)
    viewport = page.viewport_size
    assert sel["bottom"] > 0 and sel["top"] < viewport["height"]  # scrolled to it: far down the page
    assert page.evaluate("window.scrollY") > 600
    box = float_button.bounding_box()
    assert 0 <= box["y"] - sel["bottom"] < 40, (box, sel)  # right under the selection, in view
    assert box["y"] + box["height"] <= viewport["height"] and box["height"] >= 44
    shot(page, f"{name}-1-selected")

    float_button.tap() if tap else float_button.click()
    pop = page.locator("[data-add-claim-pop]")
    pop.wait_for(state="visible")
    pop_box = pop.bounding_box()
    assert 0 <= pop_box["y"] - sel["bottom"] < 40, (pop_box, sel)  # the form opens by the selection
    assert pop_box["x"] >= 0 and pop_box["x"] + pop_box["width"] <= viewport["width"]
    assert MISSED in page.locator("[data-selection-preview]").inner_text()
    # the guess: the speaker of the claim before the selection in its paragraph
    assert page.locator("#id_speaker option:checked").inner_text() == "Tom Reed"
    assert "Guessed: Tom Reed" in page.locator("[data-speaker-guess]").inner_text()
    assert page.locator("[data-add-claim-pop] input[name=start]").get_attribute("type") == "hidden"
    shot(page, f"{name}-2-form")

    add = page.locator("[data-add-claim]")
    add.tap() if tap else add.click()
    page.locator(".mini-claims", has_text="pay for itself").wait_for()
    claim = Claim.objects.get(article=article, origin="editor")
    assert claim.content == MISSED and claim.speaker == world["reed"]
    assert pop.is_hidden()
    page.locator(f"#claim-{claim.pk}").wait_for()
    shot(page, f"{name}-3-added")
    return claim


def test_add_claim_from_the_floating_button_on_a_desktop(live_server, world, browser_page):
    page, base = browser_page, live_server.url
    sign_in(page, base)
    claim = add_missed_claim(page, base, world, tap=False, name="article-add-desktop")

    # keyboard: select, `a` opens the form with the speaker field focused; Escape closes it
    claim.delete()
    page.reload()
    select(page, MISSED)
    page.locator("[data-add-claim-float]").wait_for(state="visible")
    page.keyboard.press("a")
    page.locator("[data-add-claim-pop]").wait_for(state="visible")
    assert page.evaluate("document.activeElement.id") == "id_speaker"
    page.keyboard.press("Escape")
    page.locator("[data-add-claim-pop]").wait_for(state="hidden")

    # no claim before it in its paragraph: the guess is a speaker of the article named in the sentence
    select(page, "rents by the harbour would rise by a third")
    page.locator("[data-add-claim-float]").click()
    assert page.locator("#id_speaker option:checked").inner_text() == "Ann Lowe"
    assert "named in the selected sentence" in page.locator("[data-speaker-guess]").inner_text()
    shot(page, "article-add-desktop-4-named")


def test_add_claim_by_touch_on_a_phone(live_server, world):
    with browser_page_at(PHONE["width"], PHONE["height"], has_touch=True, is_mobile=True) as page:
        sign_in(page, live_server.url)
        add_missed_claim(page, live_server.url, world, tap=True, name="article-add-phone")


def test_queued_note_is_replaced_by_the_live_status(live_server, world, browser_page):
    from apps.articles.models import Article
    from apps.articles.services import article_process

    page, base = browser_page, live_server.url
    sign_in(page, base)
    page.goto(f"{base}/submit/")
    page.fill("#id_text", PARAGRAPH + "\nOfficials said the council had not seen the figures.")
    page.click("button:has-text('Submit article')")
    page.wait_for_url(re.compile(r"/articles/\d+/\?submitted=1$"))
    note = page.locator("[data-submitted-note]")
    assert "Article stored and queued for processing" in note.inner_text()
    assert page.locator(".messages").count() == 0  # not a flash message that would outlive the status
    shot(page, "article-queued-note")

    page.evaluate("window.__samePage = true")
    article_process(article=Article.objects.get(title__startswith="Harbour master"))  # what a worker does
    page.locator(".ingest-status", has_text="Done").wait_for(timeout=30_000)
    assert page.evaluate("window.__samePage") is True  # replaced by polling, not a reload
    assert note.count() == 0 and "stored and queued" not in page.content()
    shot(page, "article-done-note-cleared")


def test_a_paste_over_the_limit_never_uploads(live_server, world, browser_page):
    from apps.articles.models import Article

    page, base = browser_page, live_server.url
    sign_in(page, base)
    page.goto(f"{base}/submit/")
    before = Article.objects.count()
    posts = []
    page.on("request", lambda request: request.method == "POST" and posts.append(request.url))
    big = "The mayor said the bridge would reopen in May. " * 50_000  # 2.35 MB
    page.fill("#id_text", big)
    error = page.locator("[data-length-error]")
    error.wait_for()
    assert f"{len(big):,} characters long, over the 200,000-character limit" in error.inner_text()
    page.click("button:has-text('Submit article')")
    page.wait_for_timeout(500)
    assert posts == [] and Article.objects.count() == before
    # the viewport only: a full-page shot of 2.35 MB in a textarea takes longer than the time-out
    page.screenshot(path=str(ARTIFACTS / "submit-over-limit.png"), caret="initial", timeout=60_000)


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_failed_article_is_given_its_text(live_server, world, viewport):
    from apps.articles.models import Article
    from tests.factories import ArticleFactory

    failed = ArticleFactory(
        url="http://10.0.0.5/quay",
        text="",
        content_hash="",
        title="Quay story",
        status=Article.Status.FAILED,
        error="The address 10.0.0.5 is private; refused.",
    )
    size = PHONE if viewport == "phone" else {"width": 1280, "height": 900}
    with browser_page_at(size["width"], size["height"]) as page:
        sign_in(page, live_server.url)
        page.goto(f"{live_server.url}/articles/{failed.pk}/")
        page.get_by_role("button", name="Fetch the page again").wait_for()
        assert page.get_by_role("link", name="Delete…").is_visible()
        page.get_by_text("Paste the article’s text instead").click()
        shot(page, f"article-failed-{viewport}")
        page.fill("textarea[name=text]", f"{PARAGRAPH}\nOfficials said the council had not seen the figures.")
        page.get_by_role("button", name="Store the text and find claims").click()
        page.locator(".ingest-status", has_text="Extracting claims").wait_for()
        failed.refresh_from_db()
        assert failed.status == Article.Status.EXTRACTING and failed.text.startswith(
            "Harbour master Tom Reed"
        )
        shot(page, f"article-failed-{viewport}-text-given")
