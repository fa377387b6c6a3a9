"""The sources admin as a staff admin uses it."""

import pytest
from django.urls import reverse

from apps.articles.models import Article
from apps.sources.models import Source
from tests.factories import ArticleFactory, SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_(client, admin_user_):
    client.force_login(admin_user_)
    return client


def test_changelist_shows_status_columns(admin_client_):
    broken = SourceFactory(
        name="Broken Gazette", feed_url="https://gazette.example/feed", last_error="HTTP 500"
    )
    ArticleFactory(source=broken)
    ArticleFactory(source=broken)
    response = admin_client_.get(reverse("admin:sources_source_changelist"))
    assert response.status_code == 200
    html = response.content.decode()
    for header in ("Active", "Last polled at", "Articles", "Last error"):
        assert header in html
    assert "Broken Gazette" in html and "HTTP 500" in html
    assert response.context["cl"].result_list[0]._article_count == 2
    assert "Ingest an article" in html


def test_search_and_filters(admin_client_):
    SourceFactory(name="Coast Courier", active=True)
    SourceFactory(name="Valley Voice", active=False)
    url = reverse("admin:sources_source_changelist")
    assert [s.name for s in admin_client_.get(url, {"q": "coast"}).context["cl"].result_list] == [
        "Coast Courier"
    ]
    inactive = admin_client_.get(url, {"active__exact": "0"}).context["cl"].result_list
    assert [s.name for s in inactive] == ["Valley Voice"]


def test_add_source(admin_client_):
    response = admin_client_.post(
        reverse("admin:sources_source_add"),
        {
            "name": "Harbour Herald",
            "homepage": "https://herald.example/",
            "feed_url": "https://herald.example/rss",
            "active": "on",
            "poll_interval": "00:30:00",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    source = Source.objects.get(name="Harbour Herald")
    assert source.poll_interval.total_seconds() == 1800
    assert source.history.count() == 1


def test_add_source_rejects_bad_feed_url(admin_client_):
    response = admin_client_.post(
        reverse("admin:sources_source_add"),
        {"name": "X", "feed_url": "not a url", "poll_interval": "00:15:00"},
    )
    assert response.status_code == 200
    assert not Source.objects.exists()


def test_activate_deactivate_actions(admin_client_):
    a, b = SourceFactory(active=True), SourceFactory(active=True)
    url = reverse("admin:sources_source_changelist")
    admin_client_.post(url, {"action": "deactivate", "_selected_action": [a.pk, b.pk]})
    assert Source.objects.filter(active=True).count() == 0
    admin_client_.post(url, {"action": "activate", "_selected_action": [a.pk]})
    assert list(Source.objects.filter(active=True)) == [a]


def test_poll_now_action_queues_a_task(admin_client_, local_server, settings):
    settings.CLAIMTRACK_FETCH_ALLOW_PRIVATE = True
    from config.celery import app

    app.conf.task_always_eager = True
    try:
        local_server.route(
            "/feed.xml",
            body=b"<rss version='2.0'><channel><title>t</title></channel></rss>",
            headers={"Content-Type": "application/rss+xml"},
        )
        source = SourceFactory(feed_url=local_server.url("/feed.xml"))
        response = admin_client_.post(
            reverse("admin:sources_source_changelist"),
            {"action": "poll_now", "_selected_action": [source.pk]},
            follow=True,
        )
    finally:
        app.conf.task_always_eager = False
    assert "Polling 1 feed" in response.content.decode()
    source.refresh_from_db()
    assert source.last_polled_at is not None
    assert local_server.hits["/feed.xml"] == 1


def test_ingest_view_accepts_pasted_text(admin_client_):
    url = reverse("admin:sources_source_ingest")
    assert admin_client_.get(url).status_code == 200
    response = admin_client_.post(
        url, {"text": "The mayor said the bridge would reopen in May.", "title": "Bridge"}
    )
    article = Article.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:articles_article_change", args=[article.pk])
    assert article.origin == Article.Origin.PASTE and article.title == "Bridge"


def test_ingest_view_shows_errors(admin_client_):
    response = admin_client_.post(reverse("admin:sources_source_ingest"), {"url": "", "text": ""})
    assert response.status_code == 200
    assert "Give a URL, paste the text, or choose a file." in response.content.decode()
    assert not Article.objects.exists()


@pytest.mark.parametrize("name", ["articles/article", "claims/claim", "claims/speaker", "sources/source"])
def test_admin_changelists_render(admin_client_, claim, name):
    app_label, model = name.split("/")
    response = admin_client_.get(reverse(f"admin:{app_label}_{model}_changelist"))
    assert response.status_code == 200


def test_article_change_page_lists_claims(admin_client_, claim):
    response = admin_client_.get(reverse("admin:articles_article_change", args=[claim.article.pk]))
    assert response.status_code == 200
    assert claim.content in response.content.decode()


def test_editor_without_staff_cannot_open_admin(client, editor):
    client.force_login(editor)
    response = client.get(reverse("admin:sources_source_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
