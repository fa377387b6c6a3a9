"""Re-run extraction asks first and says what will change; the re-run itself keeps editors' work."""

import pytest
from django.urls import reverse

from apps.articles.models import Article
from apps.articles.services import article_extract_claims
from apps.claims.models import Claim
from apps.claims.services import claim_add_note, claim_confirm
from tests.factories import THREE_CLAIMS_TEXT

from .conftest import HX, ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db

TEXT = THREE_CLAIMS_TEXT


@pytest.fixture
def extracted(editor):
    """An extracted article: one claim confirmed, one with a note, one untouched."""
    article = ArticleFactory(text=TEXT, status=Article.Status.EXTRACTING)
    article_extract_claims(article=article)
    claims = {c.content: c for c in article.claims.all()}
    claim_confirm(claim=claims["the deficit would halve by 2028"], user=editor)
    claim_add_note(claim=claims["the figures were invented"], user=editor, text="Ask for the figures.")
    article.refresh_from_db()
    return article


def _state(article):
    article.refresh_from_db()
    claims = list(article.claims.order_by("pk").values_list("pk", "start", "end", "version"))
    return article.status, claims, Claim.history.filter(article_id=article.pk).count()


def test_the_button_asks_first_and_nothing_changes_until_confirmed(editor_client, extracted):
    url = reverse("review:article_rerun", args=[extracted.pk])
    page = editor_client.get(extracted.get_absolute_url()).content.decode()
    assert f'hx-get="{url}"' in page and f'href="{url}"' in page
    assert f'hx-post="{url}"' not in page and f'action="{url}"' not in page  # no one-click re-run
    before = _state(extracted)

    panel = editor_client.get(url, **HX)
    body = panel.content.decode()
    assert panel.status_code == 200 and "<html" not in body and 'id="rerun-confirm"' in body
    assert "<strong>2</strong> claims reviewed or annotated by editors are kept" in body
    assert "<strong>1</strong> unreviewed machine claim may be updated or removed" in body
    assert f'hx-post="{url}"' in body and "csrfmiddlewaretoken" in body
    assert _state(extracted) == before

    # without JavaScript the same question is a page of its own
    full = editor_client.get(url).content.decode()
    assert "<html" in full and "Re-run extraction on this article?" in full and f'action="{url}"' in full
    assert _state(extracted) == before


@pytest.fixture
def eager():
    """Celery tasks run in the test's process when sent."""
    from config.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


def test_confirming_reruns_and_keeps_the_editors_claims(
    editor_client, extracted, django_capture_on_commit_callbacks, eager
):
    ids = set(extracted.claims.values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(reverse("review:article_rerun", args=[extracted.pk]), **HX)
    assert response.status_code == 200 and b'id="article-live"' in response.content
    extracted.refresh_from_db()
    assert extracted.status == Article.Status.DONE
    assert set(extracted.claims.values_list("pk", flat=True)) == ids  # all found again: same ids
    noted = extracted.claims.get(content="the figures were invented")
    assert list(noted.notes.values_list("text", flat=True)) == ["Ask for the figures."]


def test_a_running_article_offers_no_rerun(editor_client):
    article = ArticleFactory(status=Article.Status.EXTRACTING)
    page = editor_client.get(article.get_absolute_url()).content.decode()
    assert 'class="button ghost small rerun" disabled' in page
    assert f'href="{reverse("review:article_rerun", args=[article.pk])}"' not in page


def test_readers_cannot_open_the_question(reader_client, article):
    ClaimFactory(article=article)
    assert reader_client.get(reverse("review:article_rerun", args=[article.pk])).status_code == 403
    assert reader_client.get(reverse("review:article_rerun", args=[article.pk]), **HX).status_code == 403
