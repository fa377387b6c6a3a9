"""Re-run extraction in a real browser: the button asks first, Cancel leaves everything as it was, and a
confirmed re-run keeps the editors' claims (same ids, notes still there). Screenshots at 1280 and 390 px."""

import os
import re

import pytest

from tests.browser.support import PHONE, browser_page_at, shot
from tests.factories import THREE_CLAIMS_TEXT

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

TEXT = THREE_CLAIMS_TEXT


@pytest.fixture
def extracted(transactional_db):
    """An extracted article, one claim confirmed and one with a note; Celery tasks run in the server."""
    from apps.articles.models import Article
    from apps.articles.services import article_extract_claims
    from apps.claims.services import claim_add_note, claim_confirm
    from config.celery import app
    from tests.factories import ArticleFactory, EditorFactory

    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    editor = EditorFactory(username="rerun-ed", password="rerun-pw")
    article = ArticleFactory(text=TEXT, title="Deficit row", status=Article.Status.EXTRACTING)
    article_extract_claims(article=article)
    claims = {c.content: c for c in article.claims.all()}
    claim_confirm(claim=claims["the deficit would halve by 2028"], user=editor)
    claim_add_note(claim=claims["the figures were invented"], user=editor, text="Ask for the figures.")
    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield article
    app.conf.task_always_eager = before


def _sign_in(page, base):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "rerun-ed")
    page.fill("#id_password", "rerun-pw")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/claims/"))


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_rerun_asks_first_then_keeps_the_editors_claims(live_server, extracted, viewport):
    from apps.claims.models import Claim

    size = PHONE if viewport == "phone" else {"width": 1280, "height": 900}
    ids = set(extracted.claims.values_list("pk", flat=True))
    with browser_page_at(**size) as page:
        _sign_in(page, live_server.url)
        page.goto(f"{live_server.url}{extracted.get_absolute_url()}")
        page.get_by_role("link", name="Re-run extraction…").click()
        panel = page.locator("#rerun-confirm")
        panel.wait_for()
        assert "/rerun/" not in page.url  # the question opened in place
        assert "2 claims reviewed or annotated by editors are kept" in panel.inner_text()
        assert "1 unreviewed machine claim may be updated or removed" in panel.inner_text()
        assert page.evaluate("document.activeElement.dataset.rerunConfirm") == ""  # focus on the button
        shot(page, f"rerun-confirm-{viewport}")

        panel.get_by_role("link", name="Cancel").click()
        panel.wait_for(state="detached")
        assert Claim.history.filter(article_id=extracted.pk, history_type="-").count() == 0

        page.get_by_role("link", name="Re-run extraction…").click()
        page.locator("[data-rerun-confirm]").click()
        page.locator("#article-live .ingest-status.status-done").wait_for()
        page.locator("#rerun-confirm").wait_for(state="detached")
        shot(page, f"rerun-done-{viewport}")

    assert set(extracted.claims.values_list("pk", flat=True)) == ids
    noted = extracted.claims.get(content="the figures were invented")
    assert list(noted.notes.values_list("text", flat=True)) == ["Ask for the figures."]


def test_admin_correct_the_text_refuses_then_moves_the_claims(live_server, extracted):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser("fix-admin", "fix@example.org", "fix-pw")
    figures = extracted.claims.get(content="the figures were invented")
    with browser_page_at() as page:
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("#id_username", "fix-admin")
        page.fill("#id_password", "fix-pw")
        page.click("input[type=submit]")
        page.goto(f"{live_server.url}/admin/articles/article/{extracted.pk}/change/")
        assert page.locator("textarea[name=text]").count() == 0  # read-only: claims are anchored in it
        page.get_by_role("link", name="Correct the text…").click()
        page.wait_for_url(re.compile(r"/correct-text/$"))

        area = page.locator("textarea[name=text]")
        area.fill(TEXT.replace("halve by 2028", "halve by 2029"))  # inside the confirmed claim
        page.get_by_role("button", name="Save the corrected text").click()
        error = page.locator(".errorlist.nonfield")
        error.wait_for()
        assert "Nothing was changed" in error.inner_text()
        assert "the deficit would halve by 2028" in error.inner_text()
        shot(page, "admin-correct-text-refused")

        area.fill("UPDATED " + TEXT.replace("told reporters", "told journalists"))
        page.fill("input[name=note]", "Wrong verb in the quote line")
        page.get_by_role("button", name="Save the corrected text").click()
        page.wait_for_url(re.compile(r"/change/$"))
        assert "3 claim(s) moved with their words" in page.locator(".messagelist").inner_text()
        shot(page, "admin-correct-text-done")

    extracted.refresh_from_db()
    figures.refresh_from_db()
    assert extracted.text.startswith("UPDATED ")
    assert extracted.text[figures.start : figures.end] == "the figures were invented"
