from datetime import timedelta

from django.contrib import admin, messages
from django.db.models import Count
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from apps.articles.admin import reextraction_started_message
from apps.articles.forms import SubmitArticleForm, submit_from_form
from apps.articles.models import Article
from apps.articles.services import SubmissionError, articles_for_reextraction, reextraction_start
from apps.extraction import EXTRACTOR_VERSION

from .models import Source
from .services import source_set_active
from .tasks import poll_source

ERROR_CHARS = 80

_UNITS = [(86400, "day", "days"), (3600, "h", "h"), (60, "min", "min"), (1, "s", "s")]


def humanise_interval(interval: timedelta | None) -> str:
    """A poll interval as people say it: "every 15 min", "every 2 h", "every 1 day", "every 1 h 30 min"."""
    if interval is None:
        return "—"
    seconds = int(interval.total_seconds())
    if seconds <= 0:
        return "—"
    parts = []
    for size, one, many in _UNITS:
        count, seconds = divmod(seconds, size)
        if count:
            parts.append(f"{count} {one if count == 1 else many}")
    return "every " + " ".join(parts)


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    list_display = [
        "name",
        "active",
        "feed_link",
        "poll_every",
        "last_polled_at",
        "article_count",
        "error_short",
    ]
    list_filter = ["active", ("last_error", admin.EmptyFieldListFilter)]
    search_fields = ["name", "homepage", "feed_url"]
    readonly_fields = ["last_polled_at", "last_error", "last_error_at", "created_at", "updated_at"]
    actions = ["poll_now", "activate", "deactivate", "rerun_extraction"]
    fieldsets = [
        (None, {"fields": ["name", "homepage", "feed_url", "active", "poll_interval"]}),
        (
            "Polling",
            {"fields": ["last_polled_at", "last_error", "last_error_at", "created_at", "updated_at"]},
        ),
    ]

    class Media:
        css = {"all": ["css/admin.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_article_count=Count("articles"))

    @admin.display(description="Poll interval", ordering="poll_interval")
    def poll_every(self, obj: Source) -> str:
        return humanise_interval(obj.poll_interval)

    @admin.display(description="Articles", ordering="_article_count")
    def article_count(self, obj: Source) -> int:
        return obj._article_count

    @admin.display(description="Feed")
    def feed_link(self, obj: Source) -> str:
        return (
            format_html('<a href="{}" rel="noopener noreferrer">feed</a>', obj.feed_url)
            if obj.feed_url
            else "—"
        )

    @admin.display(description="Last error", ordering="last_error")
    def error_short(self, obj: Source) -> str:
        """The first ERROR_CHARS characters in the list; the whole error in the title (hover) and on the page."""
        error = obj.last_error.strip()
        if not error:
            return "—"
        short = error if len(error) <= ERROR_CHARS else error[: ERROR_CHARS - 1].rstrip() + "…"
        return format_html('<span class="source-error" title="{}">{}</span>', error, short)

    @admin.action(description="Poll the feed now")
    def poll_now(self, request, queryset):
        ids = list(queryset.exclude(feed_url="").values_list("pk", flat=True))
        try:
            for pk in ids:
                poll_source.delay(pk)
        except Exception as exc:  # noqa: BLE001 - broker down
            self.message_user(request, f"Could not reach the task queue: {exc}", messages.ERROR)
            return
        self.message_user(request, f"Polling {len(ids)} feed(s) in the background.", messages.SUCCESS)

    @admin.action(description="Activate")
    def activate(self, request, queryset):
        for source in queryset:
            source_set_active(source=source, active=True)
        self.message_user(request, f"Activated {queryset.count()} source(s).", messages.SUCCESS)

    @admin.action(description="Re-run extraction with the current extractor", permissions=["change"])
    def rerun_extraction(self, request, queryset):
        """The sources' stored articles not yet extracted by the current version (apps.articles.services)."""
        names = ", ".join(sorted(queryset.values_list("name", flat=True)))
        run = reextraction_start(
            articles=articles_for_reextraction(articles=Article.objects.filter(source__in=queryset)),
            scope=f"articles of {names[:300]} not yet extracted by {EXTRACTOR_VERSION} (admin)",
            user=request.user,
        )
        reextraction_started_message(
            self,
            request,
            run,
            f"Nothing to re-extract: every done or skipped article of {names[:300]} is already extracted by "
            f"{EXTRACTOR_VERSION} or waiting in a run.",
        )

    @admin.action(description="Deactivate")
    def deactivate(self, request, queryset):
        for source in queryset:
            source_set_active(source=source, active=False)
        self.message_user(request, f"Deactivated {queryset.count()} source(s).", messages.SUCCESS)

    def get_urls(self):
        custom = [path("ingest/", self.admin_site.admin_view(self.ingest_view), name="sources_source_ingest")]
        return custom + super().get_urls()

    def ingest_view(self, request):
        """Ingest one article by URL, pasted text or file, as an admin."""
        form = SubmitArticleForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                submission = submit_from_form(form, user=request.user)
            except SubmissionError as exc:
                form.add_error(None, str(exc))
            else:
                # to the review desk's article page, whose live status follows the article (no stale "Queued")
                url = submission.article.get_absolute_url()
                if not submission.created:
                    self.message_user(
                        request, f"Already stored: article {submission.article}.", messages.INFO
                    )
                    return redirect(url)
                return redirect(f"{url}?submitted=1")
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "title": "Ingest an article",
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/sources/ingest.html", context)
