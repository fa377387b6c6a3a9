from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from apps.claims.models import Claim
from apps.claims.services import ClaimInvalid

from .models import Article, ArticleTextVersion
from .services import SubmissionError, article_correct_text, article_rerun_extraction


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


class TextVersionInline(admin.StackedInline):
    model = ArticleTextVersion
    verbose_name = "earlier text"
    verbose_name_plural = "earlier texts (before each correction)"
    fields = ["replaced_at", "replaced_by", "note", "text"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    classes = ["collapse"]

    def has_add_permission(self, request, obj=None):
        return False


class CorrectTextForm(forms.Form):
    text = forms.CharField(label="Corrected text", widget=forms.Textarea(attrs={"rows": 24, "cols": 100}))
    note = forms.CharField(
        label="What was wrong (optional)",
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"size": 80}),
    )


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
    inlines = [ClaimInline, TextVersionInline]
    actions = ["rerun_extraction"]

    def get_readonly_fields(self, request, obj=None):
        """Once an article has claims its text is read-only: every claim is anchored in it by offsets, so an
        edit here would shift every highlight. A correction goes through "Correct the text", which moves
        the claims with their words."""
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.claims.exists():
            fields[:0] = ["text", "correct_text_link"]
        return fields

    @admin.display(description="Claims")
    def claim_count(self, obj: Article) -> int:
        return obj.claims.count()

    @admin.display(description="Review page")
    def view_link(self, obj: Article) -> str:
        return (
            format_html('<a href="{}">Open in the review desk</a>', obj.get_absolute_url()) if obj.pk else "—"
        )

    @admin.display(description="Correct the text")
    def correct_text_link(self, obj: Article) -> str:
        return format_html(
            '<a class="button" href="{}">Correct the text…</a> <span class="help">The text is read-only '
            "because claims are anchored in it; a correction moves them with their words.</span>",
            reverse("admin:articles_article_correct_text", args=[obj.pk]),
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

    def get_urls(self):
        custom = [
            path(
                "<int:object_id>/correct-text/",
                self.admin_site.admin_view(self.correct_text_view),
                name="articles_article_correct_text",
            )
        ]
        return custom + super().get_urls()

    def correct_text_view(self, request, object_id: int):
        """A corrected text as a new version of the article (apps.articles.services.article_correct_text)."""
        article = get_object_or_404(Article, pk=object_id)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        form = CorrectTextForm(request.POST or None, initial={"text": article.text})
        if request.method == "POST" and form.is_valid():
            try:
                followed = article_correct_text(
                    article=article,
                    text=form.cleaned_data["text"],
                    user=request.user,
                    note=form.cleaned_data["note"],
                )
            except (SubmissionError, ClaimInvalid) as exc:
                form.add_error(None, str(exc))
            else:
                self.message_user(
                    request,
                    f"Text corrected: {followed.moved} claim(s) moved with their words, {followed.removed} "
                    "unreviewed machine claim(s) whose words changed removed; extraction runs again.",
                    messages.SUCCESS,
                )
                return redirect(reverse("admin:articles_article_change", args=[article.pk]))
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "article": article,
            "claim_count": article.claims.count(),
            "title": f"Correct the text of “{article}”",
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/articles/article/correct_text.html", context)
