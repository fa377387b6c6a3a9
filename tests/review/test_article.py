import pytest
from django.urls import reverse

from apps.articles.models import Article
from apps.claims.models import Claim

from .conftest import HX, ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db


def test_whole_text_with_every_claim_highlighted_and_offsets(editor_client):
    article = ArticleFactory()
    first = ClaimFactory(article=article, start=0, end=9)
    second = ClaimFactory(
        article=article, start=21, end=56, review_status="confirmed", reviewed_at="2024-01-01T00:00Z"
    )
    body = editor_client.get(article.get_absolute_url()).content.decode()
    assert f'id="claim-{first.pk}"' in body and f'id="claim-{second.pk}"' in body
    assert 'class="hl hl-other status-confirmed"' in body
    assert f'data-start="{first.end}"' in body  # the plain segment after the first claim
    assert "Add a claim the extractor missed" in body and "Re-run extraction" in body
    assert "hx-trigger" not in body  # finished: no polling


def test_reader_sees_no_article_actions(reader_client, article):
    body = reader_client.get(article.get_absolute_url()).content.decode()
    assert "Re-run extraction" not in body and "Add claim" not in body


def test_missing_article_404(editor_client):
    assert editor_client.get(reverse("review:article", args=[999999])).status_code == 404
    assert editor_client.get(reverse("review:article_status", args=[999999])).status_code == 404
    assert editor_client.post(reverse("review:article_rerun", args=[999999])).status_code == 404
    assert editor_client.post(reverse("review:article_claim_add", args=[999999])).status_code == 404


def test_polls_while_running_and_286_when_finished(editor_client):
    article = ArticleFactory(status=Article.Status.EXTRACTING)
    page = editor_client.get(article.get_absolute_url()).content.decode()
    status_url = reverse("review:article_status", args=[article.pk])
    assert f'hx-get="{status_url}" hx-trigger="every 2s"' in page
    running = editor_client.get(status_url, **HX)
    assert running.status_code == 200 and b"Extracting claims" in running.content
    assert b'hx-trigger="every 2s"' in running.content
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DONE)
    ClaimFactory(article=article)
    done = editor_client.get(status_url, **HX)
    assert done.status_code == 286
    assert b"hx-trigger" not in done.content and b"1 claim" in done.content


def test_htmx_gets_the_live_partial(editor_client, article):
    response = editor_client.get(article.get_absolute_url(), **HX)
    assert b'id="article-live"' in response.content and b"<html" not in response.content


def test_add_claim_from_a_selection(editor_client, editor, article):
    speaker = ClaimFactory(article=article).speaker
    response = editor_client.post(
        reverse("review:article_claim_add", args=[article.pk]),
        {"start": 0, "end": 19, "speaker": speaker.pk, "kind": "indirect", "evidence": "not_stated"},
        **HX,
    )
    assert response.status_code == 200 and b'id="article-live"' in response.content
    claim = Claim.objects.get(article=article, start=0)
    assert claim.content == article.text[:19] and claim.origin == "editor" and claim.reviewed_by == editor
    assert claim.history.first().history_user == editor


def test_add_claim_with_a_new_speaker_without_javascript(editor_client, article):
    response = editor_client.post(
        reverse("review:article_claim_add", args=[article.pk]),
        {"start": 0, "end": 9, "new_speaker": "Jane Doe", "kind": "direct", "evidence": "not_stated"},
    )
    assert response.status_code == 302 and response["Location"] == article.get_absolute_url()
    assert Claim.objects.get(article=article).speaker.name == "Jane Doe"


def test_add_claim_refuses_a_duplicate_span(editor_client, article):
    existing = ClaimFactory(article=article)
    response = editor_client.post(
        reverse("review:article_claim_add", args=[article.pk]),
        {
            "start": existing.start,
            "end": existing.end,
            "new_speaker": "X Y",
            "kind": "direct",
            "evidence": "not_stated",
        },
        **HX,
    )
    assert response.status_code == 422 and "already has exactly this text" in response.content.decode()


def test_rerun_extraction_starts_polling(
    editor_client, article, django_capture_on_commit_callbacks, monkeypatch
):
    sent = []
    monkeypatch.setattr("apps.articles.tasks.process_article.delay", lambda pk: sent.append(pk))
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(reverse("review:article_rerun", args=[article.pk]), **HX)
    assert response.status_code == 200 and b'hx-trigger="every 2s"' in response.content
    article.refresh_from_db()
    assert article.status == Article.Status.EXTRACTING and sent == [article.pk]


@pytest.mark.parametrize("name", ["article_rerun", "article_claim_add"])
def test_article_actions_refused_for_readers(reader_client, article, name):
    response = reader_client.post(
        reverse(f"review:{name}", args=[article.pk]),
        {"start": 0, "end": 9, "new_speaker": "X", "kind": "direct", "evidence": "not_stated"},
    )
    assert response.status_code == 403
    assert not Claim.objects.exists()


@pytest.mark.parametrize("name", ["article_rerun", "article_claim_add"])
def test_article_actions_need_csrf(csrf_editor_client, article, name):
    assert csrf_editor_client.post(reverse(f"review:{name}", args=[article.pk])).status_code == 403


@pytest.mark.parametrize("n", [1, 8])
def test_article_page_fixed_queries(editor_client, django_assert_num_queries, n):
    article = ArticleFactory(text=" ".join(f"Sentence number {i} is here." for i in range(20)))
    for i in range(n):
        ClaimFactory(article=article, start=i * 27, end=i * 27 + 10)
    editor_client.get(article.get_absolute_url())
    with django_assert_num_queries(5):  # session, user, article, claims (+speakers), editor
        editor_client.get(article.get_absolute_url())
