"""Servers that hang, trickle, loop, flood or lie, met by a real worker: each article or source ends with a
clear error, and the worker goes on to process a good article afterwards."""

import gzip

import pytest

from apps.articles.models import Article
from apps.articles.services import article_submit_url
from apps.articles.tasks import poll_source
from apps.sources.models import Source
from tests.factories import SourceFactory
from tests.httpserver import hang, stream, trickle
from tests.pages import ARTICLE_HTML
from tests.processes import WorkerProcess, purge_queue, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

HTML = {"Content-Type": "text/html"}


def _route_hostile(server) -> dict[str, str]:
    """path -> words the article's error must contain"""
    bomb = gzip.compress(b"<p>" + b"a" * (60 * 1024 * 1024), compresslevel=9)
    server.route("/hang", handler=hang)
    server.route("/trickle", handler=trickle(b"<html>" + b"x" * 200, delay=0.5, headers=HTML))
    server.route("/loop-a", status=302, headers={"Location": "/loop-b"})
    server.route("/loop-b", status=302, headers={"Location": "/loop-a"})
    server.route("/huge", handler=stream(b"<p>" + b"z" * 65533, count=320, headers=HTML))  # 20 MB
    server.route("/bomb", body=bomb, headers={**HTML, "Content-Encoding": "gzip"})
    server.route("/pdf", body=b"%PDF-1.7", headers={"Content-Type": "application/pdf"})
    return {
        "/hang": "too long",
        "/trickle": "too long",
        "/loop-a": "redirects too many times",
        "/huge": "larger than",
        "/bomb": "larger than",
        "/pdf": "application/pdf",
    }


def test_hostile_pages_and_feeds_end_as_clear_errors(local_server):
    expected = _route_hostile(local_server)
    cp1252 = ARTICLE_HTML.replace("debate", "débat café").encode("cp1252")
    local_server.route("/mislabelled", body=cp1252, headers={"Content-Type": "text/html; charset=utf-8"})
    local_server.route("/good", body=ARTICLE_HTML, headers=HTML)
    local_server.route(
        "/broken.xml",
        body=b"<?xml version='1.0'?><rss><channel><item><title>unclosed",
        headers={"Content-Type": "application/rss+xml"},
    )
    purge_queue()
    worker = WorkerProcess(
        {
            "CLAIMTRACK_FETCH_TIMEOUT": "2",
            "CLAIMTRACK_RETRY_BACKOFF": "0.2",
            "CLAIMTRACK_FETCH_MAX_BYTES": str(5 * 1024 * 1024),
        },
        name="hostile",
        concurrency=2,
    ).start()
    try:
        articles = {path: article_submit_url(url=local_server.url(path)).article for path in expected}
        mislabelled = article_submit_url(url=local_server.url("/mislabelled")).article
        feed = SourceFactory(feed_url=local_server.url("/broken.xml"))
        poll_source.delay(feed.pk)
        for path, article in articles.items():
            article = wait_for(
                lambda a=article: Article.objects.filter(pk=a.pk, status=Article.Status.FAILED).first(),
                timeout=120,
                message=f"{path} to fail",
            )
            assert expected[path] in article.error, (path, article.error)
        mislabelled = wait_for(
            lambda: Article.objects.filter(pk=mislabelled.pk, status=Article.Status.DONE).first(),
            timeout=60,
            message="the mislabelled page",
        )
        assert "débat café" in mislabelled.text
        feed = wait_for(
            lambda: Source.objects.filter(pk=feed.pk).exclude(last_error="").first(),
            timeout=60,
            message="the broken feed's error",
        )
        assert "feed" in feed.last_error.lower()
        # the worker is still healthy: a good page goes through
        good = article_submit_url(url=local_server.url("/good")).article
        wait_for(
            lambda: Article.objects.filter(pk=good.pk, status=Article.Status.DONE).first(),
            timeout=60,
            message="a good article after the hostile ones",
        )
    finally:
        worker.stop()
    assert worker.proc.returncode in (0, -15)
