import pytest
from django.urls import reverse

from apps.articles.models import Article

pytestmark = pytest.mark.django_db
SUBMIT = reverse("review:submit")
TEXT = "The minister said the new bridge would be finished next spring. She gave no evidence."


def test_form_page(editor_client):
    body = editor_client.get(SUBMIT).content.decode()
    assert 'enctype="multipart/form-data"' in body and 'name="url"' in body and 'name="text"' in body


def test_pasted_text_lands_on_the_article_page_queued(
    editor_client, editor, django_capture_on_commit_callbacks, monkeypatch
):
    from kombu.exceptions import OperationalError

    def broker_down(pk):
        raise OperationalError("connection refused")

    monkeypatch.setattr("apps.articles.tasks.process_article.delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(SUBMIT, {"text": TEXT, "title": "Bridge"})
    article = Article.objects.get()
    assert response.status_code == 302 and response["Location"] == article.get_absolute_url()
    assert article.status == Article.Status.QUEUED and article.submitted_by == editor
    page = editor_client.get(response["Location"]).content.decode()
    assert "queued for processing" in page and "waiting for a worker" in page
    assert 'hx-trigger="every 2s"' in page


def test_url_submission(editor_client, monkeypatch):
    monkeypatch.setattr("apps.articles.tasks.process_article.delay", lambda pk: None)
    response = editor_client.post(SUBMIT, {"url": "https://example.org/story"})
    assert response.status_code == 302
    assert Article.objects.get().url == "https://example.org/story"


def test_invalid_submission_is_shown(editor_client):
    response = editor_client.post(SUBMIT, {})
    assert (
        response.status_code == 422
        and "Give a URL, paste the text, or choose a file." in response.content.decode()
    )


def test_readers_cannot_submit(reader_client):
    assert reader_client.post(SUBMIT, {"text": TEXT}).status_code == 403
    assert not Article.objects.exists()
    assert "Only editors can submit" in reader_client.get(SUBMIT).content.decode()


def test_submit_needs_csrf(csrf_editor_client):
    assert csrf_editor_client.post(SUBMIT, {"text": TEXT}).status_code == 403
