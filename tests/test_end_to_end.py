"""A URL submitted, fetched, cleaned, stored and extracted by a real Celery worker on Redis + PostgreSQL."""

import pytest

from apps.articles.models import Article
from apps.articles.services import article_submit_text, article_submit_url
from apps.claims.models import Claim
from tests.pages import ARTICLE_HTML
from tests.processes import wait_for

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def _finished(pk):
    article = Article.objects.get(pk=pk)
    return article if article.is_finished else None


def test_url_to_stored_article_with_claims(celery_worker, local_server):
    local_server.route("/story", body=ARTICLE_HTML, headers={"Content-Type": "text/html"})
    submission = article_submit_url(url=local_server.url("/story"))
    article = wait_for(lambda: _finished(submission.article.pk), timeout=90, message="the article")
    assert article.status == Article.Status.DONE, article.error
    assert "harbour redevelopment" in article.text
    assert local_server.hits["/story"] == 1
    claims = Claim.objects.filter(article=article)
    assert claims.filter(speaker__name="Martin Hale").exists()
    assert claims.filter(evidence=Claim.Evidence.NOT_PROVIDED).exists()
    # the worker scores every claim for triage after extraction, with its reasons
    wait_for(lambda: not claims.filter(worth_model="").exists(), timeout=60, message="the triage scores")
    no_evidence = claims.filter(evidence=Claim.Evidence.NOT_PROVIDED).first()
    assert no_evidence.worth_model == "prior-1"
    assert "no_evidence" in [r["code"] for r in no_evidence.worth_reasons]


def test_pasted_text_and_a_failing_url(celery_worker, local_server):
    local_server.route("/img", body=b"\x89PNG", headers={"Content-Type": "image/png"})
    bad = article_submit_url(url=local_server.url("/img")).article
    good = article_submit_text(text="The harbour master said the channel was safe, citing a survey.").article
    bad = wait_for(lambda: _finished(bad.pk), timeout=90, message="the failing article")
    good = wait_for(lambda: _finished(good.pk), timeout=90, message="the pasted article")
    assert bad.status == Article.Status.FAILED and "image/png" in bad.error
    assert good.status == Article.Status.DONE
    assert good.claims.count() == 1
