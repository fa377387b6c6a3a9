"""The Source admin: the outlets, their feeds and how their polling goes. Ingestion (apps/articles/admin.py)
extends it with what concerns articles: their count, "Poll the feed now", re-extraction and the ingest page."""

from datetime import timedelta

from django.contrib import admin, messages
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from .models import Source
from .services import source_set_active

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
        "error_short",
    ]
    list_filter = ["active", ("last_error", admin.EmptyFieldListFilter)]
    search_fields = ["name", "homepage", "feed_url"]
    readonly_fields = ["last_polled_at", "last_error", "last_error_at", "created_at", "updated_at"]
    actions = ["activate", "deactivate"]
    fieldsets = [
        (None, {"fields": ["name", "homepage", "feed_url", "active", "poll_interval"]}),
        (
            "Polling",
            {"fields": ["last_polled_at", "last_error", "last_error_at", "created_at", "updated_at"]},
        ),
    ]

    class Media:
        css = {"all": ["css/admin.css"]}

    @admin.display(description="Poll interval", ordering="poll_interval")
    def poll_every(self, obj: Source) -> str:
        return humanise_interval(obj.poll_interval)

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

    @admin.action(description="Activate")
    def activate(self, request, queryset):
        for source in queryset:
            source_set_active(source=source, active=True)
        self.message_user(request, f"Activated {queryset.count()} source(s).", messages.SUCCESS)

    @admin.action(description="Deactivate")
    def deactivate(self, request, queryset):
        for source in queryset:
            source_set_active(source=source, active=False)
        self.message_user(request, f"Deactivated {queryset.count()} source(s).", messages.SUCCESS)
