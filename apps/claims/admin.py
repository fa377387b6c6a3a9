from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .counts import claims_recounted
from .models import Claim, EvidenceLink, Note, Speaker, SpeakerAlias
from .services import claim_save_in_admin


class AliasInline(admin.TabularInline):
    model = SpeakerAlias
    fields = ["name", "normalised_name"]
    readonly_fields = ["normalised_name"]
    extra = 0


@admin.register(Speaker)
class SpeakerAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "description", "merged_into", "created_at"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases__name", "description"]
    inlines = [AliasInline]

    def delete_model(self, request, obj: Speaker) -> None:
        with claims_recounted(Claim.objects.filter(speaker=obj)):  # they lose their speaker
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset) -> None:
        with claims_recounted(Claim.objects.filter(speaker__in=queryset)):
            super().delete_queryset(request, queryset)


class EvidenceLinkInline(admin.TabularInline):
    model = EvidenceLink
    fields = ["url", "title", "note", "added_by"]
    readonly_fields = ["added_by"]
    extra = 0


class NoteInline(admin.TabularInline):
    model = Note
    fields = ["text", "author", "created_at"]
    readonly_fields = ["author", "created_at"]
    extra = 0


@admin.register(Claim)
class ClaimAdmin(SimpleHistoryAdmin):
    list_display = [
        "short_content",
        "speaker",
        "kind",
        "cue",
        "evidence",
        "review_status",
        "article",
        "created_at",
    ]
    list_filter = ["review_status", "evidence", "kind", "origin", "article__source"]
    search_fields = ["content", "speaker__name", "article__title"]
    list_select_related = ["speaker", "article"]
    raw_id_fields = ["article", "speaker", "reviewed_by"]
    readonly_fields = ["version", "extractor_version", "created_at", "updated_at"]
    inlines = [EvidenceLinkInline, NoteInline]

    @admin.display(description="Claim")
    def short_content(self, obj: Claim) -> str:
        return obj.content if len(obj.content) <= 100 else obj.content[:97] + "…"

    def save_model(self, request, obj: Claim, form, change: bool) -> None:
        """Saved through the service, so that a change made here is announced like any other
        (apps/claims/signals.py): the changed fields' stored values are the form's initial ones."""
        before = {name: form.initial.get(name) for name in form.changed_data} if change else None
        claim_save_in_admin(claim=obj, user=request.user, before=before)

    def delete_model(self, request, obj: Claim) -> None:
        with claims_recounted(Claim.objects.filter(pk=obj.pk)):
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset) -> None:
        with claims_recounted(queryset):
            super().delete_queryset(request, queryset)
