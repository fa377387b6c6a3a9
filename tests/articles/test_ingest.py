"""Submitting and processing articles through the services, against pages served locally."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.articles.models import Article
from apps.articles.services import (
    SubmissionError,
    article_process,
    article_submit_file,
    article_submit_text,
    article_submit_url,
    articles_sweep_stuck,
)
from apps.articles.tasks import process_article
from apps.core.http import FetchError
from tests.httpserver import hang, stream
from tests.pages import ARTICLE_HTML, SECOND_HTML

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.CLAIMTRACK_FETCH_ALLOW_PRIVATE = True
    settings.CLAIMTRACK_FETCH_TIMEOUT = 2
    settings.CLAIMTRACK_FETCH_MAX_BYTES = 1024 * 1024


def _process(url: str) -> Article:
    article = article_submit_url(url=url).article
    try:
        article_process(article=article)
    except FetchError as exc:  # what the task does once retries are spent
        from apps.articles.services import article_fail

        article_fail(article=article, error=str(exc))
    article.refresh_from_db()
    return article


def test_url_is_fetched_cleaned_stored_and_extracted(local_server):
    local_server.route("/story", body=ARTICLE_HTML, headers={"Content-Type": "text/html; charset=utf-8"})
    article = _process(local_server.url("/story"))

    assert article.status == Article.Status.DONE, article.error
    assert "approved the harbour redevelopment plan" in article.text
    assert "Privacy" not in article.text and "Sport" not in article.text
    assert article.title.startswith("Harbour plan approved")
    assert "Nandakumar" in article.byline
    assert article.published_at is not None and article.published_at.year == 2026
    assert article.canonical_url == "https://courier.example/news/harbour-plan"
    assert article.content_hash and article.extractor_version
    speakers = set(article.claims.values_list("speaker__name", flat=True))
    assert "Martin Hale" in speakers


def test_same_url_twice_is_one_article(local_server):
    url = local_server.url("/story")
    first = article_submit_url(url=url)
    second = article_submit_url(url=url)
    assert first.created and not second.created
    assert first.article.pk == second.article.pk
    assert Article.objects.count() == 1


def test_same_text_at_two_urls_is_a_duplicate(local_server):
    local_server.route("/a", body=ARTICLE_HTML, headers={"Content-Type": "text/html"})
    local_server.route("/b", body=ARTICLE_HTML, headers={"Content-Type": "text/html"})
    local_server.route("/c", body=SECOND_HTML, headers={"Content-Type": "text/html"})
    a, b, c = (_process(local_server.url(p)) for p in ("/a", "/b", "/c"))
    assert a.status == Article.Status.DONE
    assert b.status == Article.Status.DUPLICATE and b.duplicate_of == a
    assert f"article {a.pk}" in b.error
    assert c.status == Article.Status.DONE


@pytest.mark.parametrize(
    ("route", "expected"),
    [
        ({"body": b"\x89PNG\r\n" + b"0" * 100, "headers": {"Content-Type": "image/png"}}, "image/png"),
        ({"status": 404, "body": b"gone"}, "404"),
        (
            {"body": b"<html>" + b"x" * (2 * 1024 * 1024), "headers": {"Content-Type": "text/html"}},
            "larger than",
        ),
        (
            {"handler": stream(b"<p>" + b"y" * 65536, count=40, headers={"Content-Type": "text/html"})},
            "larger than",
        ),
        ({"body": bytes(range(128, 256)) * 200, "headers": {"Content-Type": "text/html"}}, "decoded"),
        (
            {"body": b"<html><body><nav>Home</nav></body></html>", "headers": {"Content-Type": "text/html"}},
            "No article text",
        ),
    ],
    ids=["wrong-type", "not-found", "oversized", "oversized-streamed", "bad-encoding", "no-text"],
)
def test_bad_pages_end_as_failed_articles_with_a_reason(local_server, route, expected):
    local_server.route("/bad", **route)
    article = _process(local_server.url("/bad"))
    assert article.status == Article.Status.FAILED
    assert expected in article.error
    assert not article.claims.exists()


def test_timeout_is_retried_then_fails(local_server, settings):
    settings.CLAIMTRACK_FETCH_TIMEOUT = 1
    local_server.route("/slow", handler=hang)
    article = article_submit_url(url=local_server.url("/slow")).article
    with pytest.raises(FetchError) as info:
        article_process(article=article)
    assert info.value.transient
    # the task retries transient errors; the last attempt fails the article with the reason
    process_article.apply(args=[article.pk], retries=3)
    article.refresh_from_db()
    assert article.status == Article.Status.FAILED
    assert "too long" in article.error


def test_private_address_refused_when_setting_off(settings):
    settings.CLAIMTRACK_FETCH_ALLOW_PRIVATE = False
    for url in (
        "http://127.0.0.1:8000/admin/",
        "http://10.0.0.1/",
        "http://169.254.169.254/latest/meta-data/",
    ):
        article = _process(url)
        assert article.status == Article.Status.FAILED
        assert "private or local" in article.error, article.error


@pytest.mark.parametrize("url", ["not a url", "ftp://example.org/x", "javascript:alert(1)", "", "http://"])
def test_bad_url_is_refused_before_storing(url):
    with pytest.raises(SubmissionError):
        article_submit_url(url=url)
    assert not Article.objects.exists()


def test_pasted_text_twice_is_one_article():
    first = article_submit_text(text="Officials said the road would reopen.\r\n", title="Road")
    second = article_submit_text(text="Officials said the road  would reopen.")
    assert first.created and not second.created
    assert Article.objects.count() == 1
    assert first.article.origin == Article.Origin.PASTE


def test_empty_paste_is_refused():
    with pytest.raises(SubmissionError, match="empty"):
        article_submit_text(text="   \n ")


def test_uploaded_files(settings):
    txt = article_submit_file(upload=SimpleUploadedFile("council-vote.txt", b"The mayor said it was fine."))
    assert txt.article.title == "council vote"
    html = article_submit_file(upload=SimpleUploadedFile("story.html", ARTICLE_HTML.encode()))
    assert "harbour redevelopment" in html.article.text
    assert html.article.origin == Article.Origin.FILE
    with pytest.raises(SubmissionError, match=".txt or .html"):
        article_submit_file(upload=SimpleUploadedFile("x.pdf", b"%PDF-1.4"))
    settings.CLAIMTRACK_UPLOAD_MAX_BYTES = 10
    with pytest.raises(SubmissionError, match="larger than"):
        article_submit_file(upload=SimpleUploadedFile("big.txt", b"x" * 11))
    with pytest.raises(SubmissionError, match="decoded"):
        settings.CLAIMTRACK_UPLOAD_MAX_BYTES = 1 << 20
        article_submit_file(upload=SimpleUploadedFile("bin.txt", bytes(range(128, 256)) * 50))


def test_sweep_requeues_stuck_and_fails_exhausted(django_capture_on_commit_callbacks, settings):
    old = timezone.now() - timedelta(hours=1)
    queued = article_submit_text(text="The minister said the plan was sound.").article
    running = article_submit_text(text="The union said the strike would go on.").article
    exhausted = article_submit_text(text="The police said nobody was hurt.").article
    Article.objects.filter(pk=queued.pk).update(status_changed_at=old)
    Article.objects.filter(pk=running.pk).update(
        status=Article.Status.EXTRACTING, status_changed_at=old, attempts=1
    )
    Article.objects.filter(pk=exhausted.pk).update(
        status=Article.Status.FETCHING, status_changed_at=old, attempts=settings.CLAIMTRACK_MAX_ATTEMPTS
    )
    with django_capture_on_commit_callbacks() as callbacks:
        counts = articles_sweep_stuck()
    assert counts == {"requeued": 2, "failed": 1}
    assert len(callbacks) == 2
    running.refresh_from_db()
    exhausted.refresh_from_db()
    assert running.status == Article.Status.QUEUED
    assert exhausted.status == Article.Status.FAILED and "giving up" in exhausted.error


def test_ingest_command_takes_urls_files_and_stdin(tmp_path, monkeypatch, capsys):
    import io

    from django.core.management import CommandError, call_command

    page = tmp_path / "story.txt"
    page.write_text("The harbour master said the quay was safe.", encoding="utf-8")
    monkeypatch.setattr("sys.stdin", io.StringIO("The union said the strike would end on Friday."))
    call_command("ingest", "https://news.example/a", str(page), "-", "--title", "Strike")
    out = capsys.readouterr().out
    assert out.count("queued") == 3
    assert set(Article.objects.values_list("origin", flat=True)) == {"url", "file", "paste"}
    assert Article.objects.get(origin="paste").title == "Strike"
    with pytest.raises(CommandError, match="1 item"):
        call_command("ingest", str(tmp_path / "missing.txt"))
