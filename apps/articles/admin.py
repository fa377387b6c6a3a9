from django.contrib import admin, messages
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from apps.claims.models import Claim

from .models import Article
from .services import SubmissionError, article_rerun_extraction


class ClaimInline(admin.TabularInline):
    model = Claim
    fields = ["speaker", "content", "kind", "cue", "evidence", "evidence_cue", "review_status"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    ordering = ["start"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "source", "origin", "status", "claim_count", "published_at", "created_at"]
    list_filter = ["status", "origin", "source", "language"]
    search_fields = ["title", "url", "byline"]
    date_hierarchy = "created_at"
    list_select_related = ["source"]
    readonly_fields = [
        "content_hash",
        "duplicate_of",
        "status",
        "error",
        "attempts",
        "status_changed_at",
        "extractor_version",
        "extracted_at",
        "submitted_by",
        "created_at",
        "updated_at",
        "view_link",
    ]
    raw_id_fields = ["source"]
    inlines = [ClaimInline]
    actions = ["rerun_extraction"]

    @admin.display(description="Claims")
    def claim_count(self, obj: Article) -> int:
        return obj.claims.count()

    @admin.display(description="Review page")
    def view_link(self, obj: Article) -> str:
        return (
            format_html('<a href="{}">Open in the review desk</a>', obj.get_absolute_url()) if obj.pk else "—"
        )

    @admin.action(description="Re-run claim extraction")
    def rerun_extraction(self, request, queryset):
        done = 0
        for article in queryset:
            try:
                article_rerun_extraction(article=article)
                done += 1
            except SubmissionError as exc:
                self.message_user(request, f"{article}: {exc}", messages.WARNING)
        self.message_user(request, f"Re-running extraction on {done} article(s).", messages.SUCCESS)
