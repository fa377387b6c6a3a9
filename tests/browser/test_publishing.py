"""Publishing in a real browser (Debian's chromium through Playwright): an editor opens the dashboard, a
reviewed claim and its ClaimReview, then downloads the filtered queue as CSV. Screenshots go to
tests/browser/artifacts/publishing-*.png."""

import csv
import io
import json
import os
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.support import shot

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def newsroom(transactional_db):
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # ORM checks beside Playwright's loop
    from tests.factories import ArticleFactory, ClaimFactory, EditorFactory, SourceFactory, SpeakerFactory

    editor = EditorFactory(username="editor", first_name="Eve", last_name="Editor")
    herald, post = SourceFactory(name="Harbour Herald"), SourceFactory(name="Coast Post")
    speakers = [SpeakerFactory(name=n) for n in ("Tom Reed", "Jane Doe", "Harbour Council")]
    now = timezone.now()
    claims = []
    for i in range(18):
        published = now - timedelta(days=20 * i + 3)
        status = ["unsupported", "new", "confirmed"][i % 3]
        claims.append(
            ClaimFactory(
                article=ArticleFactory(source=herald if i % 2 else post, published_at=published),
                speaker=speakers[i % len(speakers) if i % 4 else 0],
                review_status=status,
                reviewed_by=None if status == "new" else editor,
                reviewed_at=None if status == "new" else now,
                evidence="not_provided" if i % 2 == 0 else "not_stated",
            )
        )
    return {"editor": editor, "claims": claims, "herald": herald}


def test_dashboard_claimreview_and_csv(live_server, newsroom, browser_page):
    page = browser_page
    base = live_server.url

    page.goto(f"{base}/dashboard/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "pw")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/dashboard/$"))

    # --- the dashboard: a bar chart over time and the top speakers and sources with sparklines -------------
    assert page.locator(".site-nav a[aria-current=page]").inner_text() == "Dashboard"
    assert page.locator("svg.chart rect.bar").count() >= 24  # two series x twelve-odd months
    assert int(page.locator("[data-total-unsupported]").inner_text()) == 6
    assert page.locator("svg.sparkline").count() == 5  # three speakers, two sources
    assert page.locator("svg.chart").bounding_box()["height"] > 150  # drawn, not collapsed
    shot(page, "publishing-01-dashboard")
    # narrow the range: weekly bars for the last eight weeks
    today = timezone.localdate()
    page.fill("#id_date_from", (today - timedelta(weeks=8)).isoformat())
    page.select_option("#id_interval", "week")
    page.click(".dashboard-range button[type=submit]")
    page.wait_for_url(re.compile(r"interval=week"))
    assert page.locator("svg.chart rect.bar").count() == 2 * 9
    shot(page, "publishing-02-dashboard-weekly")

    # --- a reviewed claim and its ClaimReview JSON-LD --------------------------------------------------
    flagged = newsroom["claims"][0]
    page.goto(f"{base}/claims/{flagged.pk}/")
    link = page.locator("[data-claimreview-link]")
    assert link.inner_text() == "ClaimReview JSON-LD"
    shot(page, "publishing-03-claim")
    href = link.get_attribute("href")
    review = page.request.get(base + href)  # the browser context's session cookie
    assert review.status == 200 and review.headers["content-type"].startswith("application/ld+json")
    data = json.loads(review.text())
    assert data["reviewRating"]["alternateName"] == "Unsupported"
    # the review is the newsroom's (CLAIMTRACK_PUBLISHER_NAME), never an editor's name or username
    assert data["author"]["@type"] == "Organization"
    assert data["author"]["name"] == settings.CLAIMTRACK_PUBLISHER_NAME
    assert "Eve" not in json.dumps(data["author"]) and data["url"].startswith(settings.CLAIMTRACK_SITE_URL)
    page.goto(base + href)  # chromium shows the JSON
    page.wait_for_load_state()
    assert '"@type": "ClaimReview"' in page.locator("body").inner_text()
    shot(page, "publishing-04-claimreview")
    # an unreviewed claim has no link
    page.goto(f"{base}/claims/{newsroom['claims'][1].pk}/")
    assert page.locator("[data-claimreview-link]").count() == 0

    # --- the queue filtered, then exported ------------------------------------------------------------
    page.goto(f"{base}/claims/")
    page.locator(".tab-unsupported").click()
    page.wait_for_url(re.compile(r"status=unsupported"))
    page.select_option("#id_source", str(newsroom["herald"].pk))
    page.wait_for_url(re.compile(r"source="))
    export = page.locator("[data-export-csv]")
    export.wait_for()
    expect(export).to_have_attribute(
        "href", re.compile(r"status=unsupported.*source=")
    )  # follows the filters
    shot(page, "publishing-05-queue-filtered")
    with page.expect_download() as info:
        export.click()
    download = info.value
    assert re.fullmatch(r"claims-\d{8}-\d{4}\.csv", download.suggested_filename)
    with open(download.path(), encoding="utf-8") as f:
        rows = list(csv.DictReader(io.StringIO(f.read())))
    expected = [
        c
        for c in newsroom["claims"]
        if c.review_status == "unsupported" and c.article.source_id == newsroom["herald"].pk
    ]
    assert sorted(int(r["id"]) for r in rows) == sorted(c.pk for c in expected)
    assert expected and all(
        r["review_status"] == "unsupported" and r["source"] == "Harbour Herald" for r in rows
    )

    assert page.problems == [], page.problems  # no JS errors, no CSP violations
