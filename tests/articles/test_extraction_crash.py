"""A claim rule that raises inside extraction fails the article with the reason, shown on its page and in the
admin: never "done" with no claims (fault injection in the rules, the rest of the pipeline real)."""

import pytest
from django.urls import reverse

import apps.extraction.pipeline as pipeline
from apps.articles.models import Article, ReextractionItem, ReextractionRun
from apps.articles.services import reextraction_run_batch
from apps.articles.tasks import process_article
from apps.extraction import EXTRACTOR_VERSION
from tests.factories import THREE_CLAIMS_TEXT, ArticleFactory

pytestmark = pytest.mark.django_db

REASON = "The claim rules failed: RuntimeError: rule bug"


@pytest.fixture
def broken_rules(monkeypatch):
    def broken(text, doc):
        raise RuntimeError("rule bug")

    monkeypatch.setattr(pipeline, "build_claims", broken)


@pytest.fixture
def failed_article(broken_rules):
    article = ArticleFactory(text=THREE_CLAIMS_TEXT, status=Article.Status.QUEUED)
    process_article.apply(args=[article.pk])  # what a worker runs for a submitted article
    article.refresh_from_db()
    return article


def test_a_rule_crash_fails_the_article_with_the_reason(failed_article):
    assert (failed_article.status, failed_article.error) == (Article.Status.FAILED, REASON)
    assert not failed_article.claims.exists()


def test_the_article_page_shows_the_failure_and_its_reason(failed_article, editor_client):
    page = editor_client.get(failed_article.get_absolute_url())
    assert page.status_code == 200
    body = page.content.decode()
    assert "<strong>Failed</strong>" in body
    assert f'<span class="error-text">{REASON}</span>' in body


def test_the_admin_shows_the_reason(failed_article, client, admin_user_):
    client.force_login(admin_user_)
    page = client.get(reverse("admin:articles_article_change", args=[failed_article.pk]))
    assert page.status_code == 200
    assert REASON in page.content.decode()


def test_a_rule_crash_in_a_reextraction_fails_the_item_with_the_reason(broken_rules):
    article = ArticleFactory(text=THREE_CLAIMS_TEXT, status=Article.Status.DONE)
    run = ReextractionRun.objects.create(extractor_version=EXTRACTOR_VERSION)
    item = ReextractionItem.objects.create(run=run, article=article)
    reextraction_run_batch(run=run, article_ids=[article.pk])
    item.refresh_from_db()
    article.refresh_from_db()
    assert (item.status, item.detail) == (ReextractionItem.Status.FAILED, REASON)
    assert (article.status, article.error) == (Article.Status.FAILED, REASON)
