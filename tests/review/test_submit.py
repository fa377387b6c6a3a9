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
    assert response.status_code == 302 and response["Location"] == f"{article.get_absolute_url()}?submitted=1"
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


# --- Bad input gets a clear answer before anything is stored -----------------------------------------------

PASTED_HTML = """<!doctype html><html lang="en"><head><title>Quay plan | Coast Courier</title></head><body>
<nav><a href="/">Home</a> <a href="/sport">Sport</a></nav>
<article><h1>Quay plan approved</h1>
<p>The harbour master, Tom Reed, said the new quay would double the fishing fleet within two years.
He provided no evidence for this claim.</p>
<p>Council leader Martin Hale said the scheme would create 400 jobs within three years.</p>
<p>"We will hold the council to every promise it made tonight," said Grace Obi, who chairs the tenants'
association.</p>
</article><footer>Copyright The Coast Courier. <a href="/privacy">Privacy</a></footer></body></html>"""


def test_pasted_html_is_cleaned_to_text_and_yields_claims(editor_client, monkeypatch):
    from apps.articles.services import article_process

    monkeypatch.setattr("apps.articles.tasks.process_article.delay", lambda pk: None)
    response = editor_client.post(SUBMIT, {"text": PASTED_HTML})
    assert response.status_code == 302
    article = Article.objects.get()
    assert "<" not in article.text and ">" not in article.text and "Privacy" not in article.text
    assert article.text.startswith("Quay plan approved\nThe harbour master, Tom Reed, said")
    assert article.title == "Quay plan approved"  # the page's own title when none was typed
    article_process(article=article)  # what the worker does next
    article.refresh_from_db()
    assert article.status == Article.Status.DONE
    speakers = set(article.claims.values_list("speaker__name", flat=True))
    assert {"Martin Hale", "Grace Obi"} <= speakers, speakers


def test_uploaded_html_fragment_is_cleaned(editor_client, monkeypatch):
    from django.core.files.uploadedfile import SimpleUploadedFile

    monkeypatch.setattr("apps.articles.tasks.process_article.delay", lambda pk: None)
    fragment = PASTED_HTML.split("<article>")[1].split("</article>")[0]  # no <html>, no <body>
    upload = SimpleUploadedFile("quay.html", fragment.encode(), content_type="text/html")
    assert editor_client.post(SUBMIT, {"file": upload}).status_code == 302
    text = Article.objects.get().text
    assert "Council leader Martin Hale said" in text and "<p>" not in text


def test_plain_text_with_angle_brackets_is_kept_as_it_is(editor_client, monkeypatch):
    monkeypatch.setattr("apps.articles.tasks.process_article.delay", lambda pk: None)
    text = "The minister said inflation <3% was likely. Growth > 2 would follow, she said."
    assert editor_client.post(SUBMIT, {"text": text}).status_code == 302
    assert Article.objects.get().text == text


def test_paste_over_the_limit_is_refused_with_the_limit(editor_client, settings):
    limit = settings.CLAIMTRACK_MAX_EXTRACT_CHARS
    assert limit == 200_000  # the default the message names
    big = "The mayor said the bridge would reopen in May. " * 50_000  # 2.4 MB
    response = editor_client.post(SUBMIT, {"text": big})
    body = response.content.decode()
    assert response.status_code == 422
    assert "over the 200,000-character limit (CLAIMTRACK_MAX_EXTRACT_CHARS)" in body
    assert "nothing was stored" in body
    assert not Article.objects.exists()


def test_textarea_carries_the_limit_for_the_browser(editor_client, settings):
    settings.CLAIMTRACK_MAX_EXTRACT_CHARS = 12_345
    body = editor_client.get(SUBMIT).content.decode()
    assert 'data-max-chars="12345"' in body and "Up to 12,345 characters" in body


def test_uploaded_text_file_over_the_limit_is_refused(editor_client, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.CLAIMTRACK_MAX_EXTRACT_CHARS = 1_000
    upload = SimpleUploadedFile("long.txt", b"The mayor spoke at length. " * 100, content_type="text/plain")
    response = editor_client.post(SUBMIT, {"file": upload})
    assert response.status_code == 422 and "over the 1,000-character limit" in response.content.decode()
    assert not Article.objects.exists()


def test_html_that_holds_no_article_is_refused(editor_client):
    response = editor_client.post(
        SUBMIT, {"text": "<html><body><nav><a href='/'>Home</a></nav></body></html>"}
    )
    assert response.status_code == 422 and "no article text was found" in response.content.decode()
    assert not Article.objects.exists()
