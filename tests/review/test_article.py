import pytest
from django.test import Client
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
    assert f'hx-get="{status_url}?page=1" hx-trigger="every 2s"' in page
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
    with django_assert_num_queries(4):  # session, user (+editor), article, claims (+speakers)
        editor_client.get(article.get_absolute_url())


# --- Adding a claim from a selection: offsets hidden, the form by the selection (claimtrack.js) ------------


def test_add_claim_form_has_no_offset_boxes(editor_client, article):
    body = editor_client.get(article.get_absolute_url()).content.decode()
    assert "Starts at character" not in body and "Ends at character" not in body
    assert '<input type="hidden" name="start"' in body and '<input type="hidden" name="end"' in body
    assert "data-add-claim-float hidden" in body  # the floating button, shown by a selection
    assert "data-add-claim-pop hidden" in body  # the form opens by the selection


def test_add_claim_without_a_selection_says_so(editor_client, article):
    response = editor_client.post(
        reverse("review:article_claim_add", args=[article.pk]),
        {"new_speaker": "Jane Doe", "kind": "direct", "evidence": "not_stated"},
        **HX,
    )
    body = response.content.decode()
    assert response.status_code == 422 and "Select the claim’s words in the article first." in body
    assert "data-add-claim-pop hidden" not in body  # the form stays open with its error
    assert not Claim.objects.exists()


# --- "Article stored and queued" lives in the live status: polling replaces it ----------------------------


def test_submitted_note_is_cleared_by_the_live_status(editor_client):
    article = ArticleFactory(status=Article.Status.QUEUED, text="")
    page = editor_client.get(f"{article.get_absolute_url()}?submitted=1").content.decode()
    assert "Article stored and queued for processing" in page
    assert "?page=1&amp;submitted=1" in page  # the poll keeps the note while the article is queued
    status_url = reverse("review:article_status", args=[article.pk])
    queued = editor_client.get(f"{status_url}?page=1&submitted=1", **HX)
    assert queued.status_code == 200 and b"Article stored and queued" in queued.content
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DONE, text="Text.")
    done = editor_client.get(f"{status_url}?page=1&submitted=1", **HX)
    assert done.status_code == 286 and b"Done" in done.content
    assert b"Article stored and queued" not in done.content and b"submitted-note" not in done.content
    # and the page itself, once finished, no longer says it either
    assert "Article stored and queued" not in editor_client.get(article.get_absolute_url()).content.decode()


# --- A very long text: one page at a time -------------------------------------------------------------------


def test_long_text_is_shown_a_page_at_a_time(editor_client, settings):
    from apps.review.highlight import ARTICLE_PAGE_CHARS

    paragraph = "The minister said the figures were wrong and the survey was flawed. " * 20  # ~1,400 chars
    text = "\n".join(f"{i}: {paragraph}" for i in range(300))  # ~420,000 characters, 300 paragraphs
    article = ArticleFactory(text=text, status=Article.Status.SKIPPED, error="Too long.")
    late_start = text.index("250: ") + 5
    late = ClaimFactory(article=article, start=late_start, end=late_start + 20)
    first = editor_client.get(article.get_absolute_url())
    body = first.content.decode()
    assert len(first.content) < 3 * ARTICLE_PAGE_CHARS  # not the 420,000 characters
    assert "Page 1 of" in body and "0: The minister" in body and "250: The minister" not in body
    assert int(body.split("Page 1 of ")[1].split("<")[0]) > 15
    # the claim on a later page is listed, with a link to its page
    assert f"#claim-{late.pk}" in body and f'id="claim-{late.pk}"' not in body
    link = body.split(f"#claim-{late.pk}")[0].rsplit('href="', 1)[1]
    assert link.startswith("?page=") and int(link.removeprefix("?page=")) > 1
    later = editor_client.get(f"{article.get_absolute_url()}{link}").content.decode()
    assert f'id="claim-{late.pk}"' in later and "250: <" in later  # the claim starts the paragraph
    # offsets stay absolute on every page: the selection script reads them
    assert f'data-start="{late.start}"' in later
    # the claim page shows only the text around the claim
    claim_page = editor_client.get(late.get_absolute_url())
    assert len(claim_page.content) < 60_000


def test_claim_context_in_a_text_without_paragraph_breaks_is_bounded(editor_client):
    text = "They said the economy grew. " * 20_000  # 560,000 characters on one line
    article = ArticleFactory(text=text)
    claim = ClaimFactory(article=article, start=280_000, end=280_026)
    response = editor_client.get(claim.get_absolute_url())
    assert response.status_code == 200 and len(response.content) < 60_000
    article_page = editor_client.get(article.get_absolute_url())
    assert len(article_page.content) < 100_000


def test_page_number_out_of_range_shows_the_last_page(editor_client):
    article = ArticleFactory(text="Short text that fits one page. " * 3)
    for page in ("999", "-3", "abc"):
        response = editor_client.get(f"{article.get_absolute_url()}?page={page}")
        assert response.status_code == 200 and b"Short text that fits one page." in response.content


# --- Failed or skipped articles: retry, paste the text, delete ---------------------------------------------


@pytest.fixture
def failed(db):
    return ArticleFactory(
        url="http://10.0.0.5/story",
        text="",
        content_hash="",
        status=Article.Status.FAILED,
        error="The address 10.0.0.5 is private; refused.",
    )


@pytest.fixture
def sent(monkeypatch, django_capture_on_commit_callbacks):
    calls = []
    monkeypatch.setattr("apps.articles.tasks.process_article.delay", lambda pk: calls.append(pk))
    return calls


def test_failed_article_offers_retry_paste_and_delete_to_editors(editor_client, reader, failed):
    body = editor_client.get(failed.get_absolute_url()).content.decode()
    assert "Fetch the page again" in body and "Paste the article’s text instead" in body
    assert reverse("review:article_delete", args=[failed.pk]) in body
    assert "The address 10.0.0.5 is private; refused." in body
    reader_client = Client()
    reader_client.force_login(reader)
    reader_body = reader_client.get(failed.get_absolute_url()).content.decode()
    assert "Fetch the page again" not in reader_body and "Delete…" not in reader_body


def test_done_article_offers_no_recovery(editor_client, article):
    body = editor_client.get(article.get_absolute_url()).content.decode()
    assert "data-article-retry" not in body and "data-article-delete" not in body


def test_retry_queues_the_fetch_again(editor_client, failed, sent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(reverse("review:article_retry", args=[failed.pk]), **HX)
    assert response.status_code == 200 and b"Queued" in response.content
    assert b'hx-trigger="every 2s"' in response.content  # the live status polls again
    failed.refresh_from_db()
    assert failed.status == Article.Status.QUEUED and failed.error == "" and sent == [failed.pk]
    assert failed.history.first().history_user.username == "ed"


def test_retry_refused_for_a_done_article(editor_client, article, sent):
    response = editor_client.post(reverse("review:article_retry", args=[article.pk]), **HX)
    assert (
        response.status_code == 422 and b"Only a failed or skipped article can be retried" in response.content
    )
    assert sent == []


def test_pasting_the_text_of_a_failed_article(
    editor_client, failed, sent, django_capture_on_commit_callbacks
):
    html = (
        "<div><p>The harbour master, Tom Reed, said the new quay would double the fishing fleet within two "
        "years.</p><p>He provided no evidence for this claim, and the council did not comment.</p></div>"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(reverse("review:article_text", args=[failed.pk]), {"text": html}, **HX)
    assert response.status_code == 200 and b"Extracting claims" in response.content
    failed.refresh_from_db()
    assert failed.status == Article.Status.EXTRACTING and failed.error == ""
    assert failed.text.startswith("The harbour master, Tom Reed") and "<" not in failed.text
    assert failed.url == "http://10.0.0.5/story" and sent == [failed.pk]


def test_pasted_text_over_the_limit_is_refused(editor_client, failed, sent, settings):
    settings.CLAIMTRACK_MAX_EXTRACT_CHARS = 500
    response = editor_client.post(
        reverse("review:article_text", args=[failed.pk]), {"text": "Words and more words. " * 50}, **HX
    )
    assert response.status_code == 422
    assert "over the 500-character limit (CLAIMTRACK_MAX_EXTRACT_CHARS)" in response.content.decode()
    failed.refresh_from_db()
    assert failed.status == Article.Status.FAILED and failed.text == "" and sent == []


def test_delete_asks_then_deletes_and_records_it(editor_client, editor, failed):
    url = reverse("review:article_delete", args=[failed.pk])
    confirm = editor_client.get(url)
    assert confirm.status_code == 200 and b"Delete this article?" in confirm.content
    assert Article.objects.filter(pk=failed.pk).exists()  # asking deletes nothing
    response = editor_client.post(url)
    assert response.status_code == 302 and response["Location"] == reverse("review:queue")
    assert not Article.objects.filter(pk=failed.pk).exists()
    record = Article.history.filter(id=failed.pk).order_by("-history_date").first()
    assert record.history_type == "-" and record.history_user == editor
    assert "Deleted by an editor (failed" in record.history_change_reason


def test_delete_refused_for_an_article_with_claims(editor_client, article):
    Article.objects.filter(pk=article.pk).update(status=Article.Status.SKIPPED, error="Too long.")
    ClaimFactory(article=article)
    response = editor_client.post(reverse("review:article_delete", args=[article.pk]))
    assert response.status_code == 422 and b"has claims; it cannot be deleted" in response.content
    assert Article.objects.filter(pk=article.pk).exists()


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("article_retry", "post"),
        ("article_text", "post"),
        ("article_delete", "post"),
        ("article_delete", "get"),
    ],
)
def test_recovery_is_for_editors_only(reader_client, failed, name, method):
    response = getattr(reader_client, method)(
        reverse(f"review:{name}", args=[failed.pk]), {"text": "Some text."}
    )
    assert response.status_code == 403
    failed.refresh_from_db()
    assert failed.status == Article.Status.FAILED


@pytest.mark.parametrize("name", ["article_retry", "article_text", "article_delete"])
def test_recovery_needs_csrf(csrf_editor_client, failed, name):
    assert csrf_editor_client.post(reverse(f"review:{name}", args=[failed.pk])).status_code == 403
    assert Article.objects.filter(pk=failed.pk, status=Article.Status.FAILED).exists()
