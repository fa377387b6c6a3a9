"""The sources admin as a staff admin uses it."""

import re
from datetime import timedelta
from html import unescape as html_unescape

import pytest
from django.conf import settings
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
    # lands on the review desk's article page, whose live status follows the article
    assert response.status_code == 302
    assert response["Location"] == f"{article.get_absolute_url()}?submitted=1"
    assert article.origin == Article.Origin.PASTE and article.title == "Bridge"
    page = admin_client_.get(response["Location"]).content.decode()
    assert "Article stored and queued for processing" in page and 'hx-trigger="every 2s"' in page
    assert "Queued article" not in page  # no flash message left behind to go stale


def test_ingest_view_refuses_text_over_the_limit(admin_client_, settings):
    settings.CLAIMTRACK_MAX_EXTRACT_CHARS = 1_000
    response = admin_client_.post(reverse("admin:sources_source_ingest"), {"text": "The mayor spoke. " * 100})
    assert response.status_code == 200
    assert "over the 1,000-character limit (CLAIMTRACK_MAX_EXTRACT_CHARS)" in response.content.decode()
    assert not Article.objects.exists()


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


@pytest.mark.parametrize(
    ("minutes", "shown"),
    [
        (15, "every 15 min"),
        (120, "every 2 h"),
        (1440, "every 1 day"),
        (2880, "every 2 days"),
        (90, "every 1 h 30 min"),
    ],
)
def test_changelist_shows_the_poll_interval_in_words(admin_client_, minutes, shown):
    SourceFactory(name="Coast Courier", poll_interval=timedelta(minutes=minutes))
    html = admin_client_.get(reverse("admin:sources_source_changelist")).content.decode()
    cell = re.search(r'<td class="field-poll_every">(.*?)</td>', html).group(1)
    assert cell == shown
    assert "0:15:00" not in html and "2:00:00" not in html


def test_changelist_cuts_a_long_error_and_keeps_it_whole_in_the_title(admin_client_):
    error = "Feed unreachable: " + "connection reset by peer while reading the response <b>body</b> " * 5
    SourceFactory(name="Broken Gazette", last_error=error)
    response = admin_client_.get(reverse("admin:sources_source_changelist"))
    html = response.content.decode()
    cell = re.search(r'<td class="field-error_short">(.*?)</td>', html, re.S).group(1)
    span = re.fullmatch(r'<span class="source-error" title="([^"]*)">([^<]*)</span>', cell)
    assert span, cell
    title, text = html_unescape(span.group(1)), html_unescape(span.group(2))
    assert title == error.strip()  # the whole error, escaped: its "<b>" is text, not markup
    assert text.endswith("…") and len(text) <= 80 and error.startswith(text[:-1])
    assert "<b>body</b>" not in html
    # the column wraps instead of widening the table: the admin loads our small stylesheet
    assert "/static/css/admin.css" in html
    css = (settings.BASE_DIR / "static" / "css" / "admin.css").read_text()
    assert "td.field-error_short" in css and "overflow-wrap" in css


def test_changelist_shows_a_short_error_as_is_and_no_error_as_a_dash(admin_client_):
    SourceFactory(name="A", last_error="HTTP 500")
    SourceFactory(name="B", last_error="")
    html = admin_client_.get(reverse("admin:sources_source_changelist")).content.decode()
    cells = re.findall(r'<td class="field-error_short">(.*?)</td>', html, re.S)
    assert cells == ['<span class="source-error" title="HTTP 500">HTTP 500</span>', "—"]
