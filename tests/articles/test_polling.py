"""Polling a feed served locally: new entries become articles, twice polled makes no duplicate."""

import pytest
from django.utils import timezone

from apps.articles.models import Article
from apps.articles.polling import source_poll
from apps.articles.tasks import poll_due_sources
from tests.factories import SourceFactory
from tests.pages import ARTICLE_HTML, rss

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _allow_local(settings):
    settings.CLAIMTRACK_FETCH_ALLOW_PRIVATE = True
    settings.CLAIMTRACK_FETCH_TIMEOUT = 3


def test_poll_twice_makes_no_duplicates(local_server, django_capture_on_commit_callbacks):
    base = local_server.url("")
    local_server.route(
        "/feed.xml", body=rss(base, ["/a", "/b"]), headers={"Content-Type": "application/rss+xml"}
    )
    source = SourceFactory(feed_url=local_server.url("/feed.xml"))

    with django_capture_on_commit_callbacks() as callbacks:
        first = source_poll(source=source)
    second = source_poll(source=source)

    assert (first.new_articles, first.entries) == (2, 2)
    assert second.new_articles == 0
    assert len(callbacks) == 2  # one task per new article, sent on commit
    articles = Article.objects.filter(source=source).order_by("url")
    assert [a.url for a in articles] == [f"{base}/a", f"{base}/b"]
    assert {a.origin for a in articles} == {Article.Origin.FEED}
    assert all(a.status == Article.Status.QUEUED for a in articles)
    source.refresh_from_db()
    assert source.last_polled_at is not None and source.last_error == ""
    assert source.next_poll_at > timezone.now()


def test_conditional_get_uses_etag(local_server):
    local_server.route(
        "/feed.xml",
        body=rss(local_server.url(""), ["/a"]),
        headers={"Content-Type": "application/rss+xml", "ETag": '"v1"'},
    )
    source = SourceFactory(feed_url=local_server.url("/feed.xml"))
    source_poll(source=source)
    source.refresh_from_db()
    assert source.feed_etag == '"v1"'

    local_server.route("/feed.xml", status=304, headers={"ETag": '"v1"'})
    result = source_poll(source=source)
    assert result.not_modified
    assert local_server.last_request("/feed.xml").headers.get("if-none-match") == '"v1"'


def test_broken_feed_is_recorded_on_the_source(local_server):
    local_server.route(
        "/feed.xml", body=b"<html><body>Not a feed</body></html>", headers={"Content-Type": "text/html"}
    )
    source = SourceFactory(feed_url=local_server.url("/feed.xml"))
    result = source_poll(source=source)
    source.refresh_from_db()
    assert result.error and source.last_error == result.error
    assert source.last_error_at is not None
    assert not Article.objects.exists()


def test_unreachable_feed_is_recorded(local_server):
    source = SourceFactory(feed_url=local_server.url("/missing.xml"))
    source_poll(source=source)
    source.refresh_from_db()
    assert "404" in source.last_error


def test_private_feed_address_refused_by_default(settings):
    settings.CLAIMTRACK_FETCH_ALLOW_PRIVATE = False
    source = SourceFactory(feed_url="http://127.0.0.1:9/feed.xml")
    source_poll(source=source)
    source.refresh_from_db()
    assert "private or local" in source.last_error


def test_due_sources_are_polled_by_beat_task(local_server, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    from config.celery import app

    app.conf.task_always_eager = True
    try:
        local_server.route(
            "/feed.xml",
            body=rss(local_server.url(""), ["/a"]),
            headers={"Content-Type": "application/rss+xml"},
        )
        local_server.route("/a", body=ARTICLE_HTML, headers={"Content-Type": "text/html"})
        due = SourceFactory(feed_url=local_server.url("/feed.xml"))
        SourceFactory(feed_url=local_server.url("/feed.xml"), active=False)
        assert poll_due_sources() == 1
        assert Article.objects.filter(source=due).count() == 1
    finally:
        app.conf.task_always_eager = False
