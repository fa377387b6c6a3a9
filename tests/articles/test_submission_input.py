"""Pasted and uploaded input is checked and cleaned before anything is stored: HTML becomes text, a text over
the extraction limit is refused (the service, the ingest command)."""

import io

import pytest
from django.core.management import CommandError, call_command

from apps.articles.cleaning import looks_like_html
from apps.articles.models import Article
from apps.articles.services import SubmissionError, article_submit_text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("The minister said x < 5 and y > 3.", False),
        ("I <3 the <b> key.", False),
        ("<p>One</p>", False),  # too little to call it a page
        ("<p>One</p><p>Two</p><p>Three</p>", True),
        ("<!DOCTYPE html><title>T</title>", True),
        ("<div class='story'><span>Words</span><br/>more</div>", True),
    ],
)
def test_looks_like_html(text, html):
    assert looks_like_html(text) is html


def test_service_cleans_pasted_html():
    submission = article_submit_text(
        text="<div><p>The harbour master, Tom Reed, said the new quay would double the fleet within two "
        "years.</p><p>He provided no evidence at all for this claim, officials said on Monday.</p></div>"
    )
    assert submission.article.text.startswith("The harbour master, Tom Reed, said")
    assert "<" not in submission.article.text


def test_service_refuses_text_over_the_limit(settings):
    settings.CLAIMTRACK_MAX_EXTRACT_CHARS = 100
    with pytest.raises(
        SubmissionError, match=r"over the 100-character limit \(CLAIMTRACK_MAX_EXTRACT_CHARS\)"
    ):
        article_submit_text(text="word " * 30)
    assert not Article.objects.exists()
    article_submit_text(text="word " * 20)  # at the limit is fine
    assert Article.objects.count() == 1


def test_ingest_command_refuses_stdin_over_the_limit(settings, monkeypatch, capsys):
    settings.CLAIMTRACK_MAX_EXTRACT_CHARS = 1_000
    monkeypatch.setattr("sys.stdin", io.StringIO("The union said the strike would end. " * 100))
    with pytest.raises(CommandError, match="1 item"):
        call_command("ingest", "-")
    assert "over the 1,000-character limit (CLAIMTRACK_MAX_EXTRACT_CHARS)" in capsys.readouterr().err
    assert not Article.objects.exists()


def test_ingest_command_refuses_a_file_over_the_limit(settings, tmp_path, capsys):
    settings.CLAIMTRACK_MAX_EXTRACT_CHARS = 1_000
    path = tmp_path / "long.txt"
    path.write_text("The union said the strike would end. " * 100, encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("ingest", str(path))
    assert "1,000-character limit" in capsys.readouterr().err
    assert not Article.objects.exists()


def test_ingest_command_cleans_html_from_stdin(monkeypatch, capsys):
    monkeypatch.setattr("apps.articles.tasks.process_article.delay", lambda pk: None)
    html = (
        "<html><body><article><p>The union leader, Sam Ode, said the strike would end on Friday after "
        "talks.</p><p>Management said no agreement had been reached and talks would go on.</p></article>"
        "</body></html>"
    )
    monkeypatch.setattr("sys.stdin", io.StringIO(html))
    call_command("ingest", "-")
    text = Article.objects.get().text
    assert text.startswith("The union leader, Sam Ode, said") and "<" not in text
