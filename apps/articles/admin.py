from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from apps.claims.counts import claims_recounted
from apps.claims.models import Claim
from apps.claims.services import ClaimInvalid
from apps.extraction import EXTRACTOR_VERSION
from apps.sources.admin import SourceAdmin
from apps.sources.models import Source

from .forms import SubmitArticleForm, submit_from_form
from .models import Article, ArticleTextVersion, ReextractionItem, ReextractionRun
from .services import SubmissionError, article_correct_text, articles_for_reextraction, reextraction_start
from .tasks import poll_source


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

    def delete_model(self, request, obj: Article) -> None:
        with claims_recounted(Claim.objects.filter(article=obj)):  # the claims go with it: recounted
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset) -> None:
        with claims_recounted(Claim.objects.filter(article__in=queryset)):
            super().delete_queryset(request, queryset)

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

    @admin.action(description="Re-run extraction with the current extractor", permissions=["change"])
    def rerun_extraction(self, request, queryset):
        chosen = queryset.count()
        run = reextraction_start(
            articles=articles_for_reextraction(articles=queryset, every=True),
            scope=f"{chosen} article(s) chosen in the admin",
            user=request.user,
        )
        reextraction_started_message(
            self,
            request,
            run,
            f"Nothing to re-extract among the {chosen} chosen article(s): only done or skipped articles with a "
            "text, not already waiting in a run, are re-run.",
        )

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


def reextraction_started_message(model_admin, request, run: ReextractionRun | None, nothing: str) -> None:
    """What an admin action that started a re-extraction tells the user: the run, with a link to its
    progress, or `nothing` when no article was queued."""
    if run is None:
        model_admin.message_user(request, nothing, messages.WARNING)
        return
    queued = run.items.count()
    model_admin.message_user(
        request,
        format_html(
            'Re-extraction run {} with {}: {} article(s) queued. <a href="{}">Follow its progress</a>.',
            run.pk,
            run.extractor_version,
            queued,
            reverse("admin:articles_reextractionrun_change", args=[run.pk]),
        ),
        messages.SUCCESS,
    )


class ReextractionItemInline(admin.TabularInline):
    model = ReextractionItem
    verbose_name = "article not re-extracted"
    verbose_name_plural = "articles skipped or failed (and why)"
    fields = ["article", "status", "detail", "finished_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def get_queryset(self, request):
        problems = [ReextractionItem.Status.SKIPPED, ReextractionItem.Status.FAILED]
        return super().get_queryset(request).filter(status__in=problems).select_related("article")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ReextractionRun)
class ReextractionRunAdmin(admin.ModelAdmin):
    """Progress of re-extraction runs (manage.py reextract, the actions on Articles and Sources): read-only."""

    list_display = [
        "__str__",
        "status",
        "queued",
        "done",
        "skipped",
        "failed",
        "waiting",
        "scope",
        "requested_by",
        "created_at",
        "finished_at",
    ]
    list_filter = ["status", "extractor_version"]
    fields = [
        "extractor_version",
        "status",
        "scope",
        "requested_by",
        "created_at",
        "finished_at",
        "progress",
    ]
    readonly_fields = fields
    inlines = [ReextractionItemInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_progress().select_related("requested_by")

    @admin.display(description="Queued", ordering="queued")
    def queued(self, obj: ReextractionRun) -> int:
        return obj.queued

    @admin.display(description="Done", ordering="done")
    def done(self, obj: ReextractionRun) -> int:
        return obj.done

    @admin.display(description="Skipped", ordering="skipped")
    def skipped(self, obj: ReextractionRun) -> int:
        return obj.skipped

    @admin.display(description="Failed", ordering="failed")
    def failed(self, obj: ReextractionRun) -> int:
        return obj.failed

    @admin.display(description="Waiting", ordering="waiting")
    def waiting(self, obj: ReextractionRun) -> int:
        return obj.waiting

    @admin.display(description="Progress")
    def progress(self, obj: ReextractionRun) -> str:
        return (
            f"{obj.queued} queued: {obj.done} done, {obj.skipped} skipped, {obj.failed} failed, "
            f"{obj.waiting} waiting"
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SourceIngestionAdmin(SourceAdmin):
    """The Source admin (apps/sources/admin.py) with ingestion's parts: each source's article count, "Poll
    the feed now", re-extraction of its articles, and the page that ingests one article. Registered in its
    place, so apps/sources knows nothing of articles."""

    list_display = SourceAdmin.list_display.copy()
    list_display.insert(list_display.index("last_polled_at") + 1, "article_count")
    actions = ["poll_now", "activate", "deactivate", "rerun_extraction"]

    def delete_model(self, request, obj: Source) -> None:
        with claims_recounted(Claim.objects.filter(article__source=obj)):  # they lose their source
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset) -> None:
        with claims_recounted(Claim.objects.filter(article__source__in=queryset)):
            super().delete_queryset(request, queryset)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_article_count=Count("articles"))

    @admin.display(description="Articles", ordering="_article_count")
    def article_count(self, obj: Source) -> int:
        return obj._article_count

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


admin.site.unregister(Source)
admin.site.register(Source, SourceIngestionAdmin)
