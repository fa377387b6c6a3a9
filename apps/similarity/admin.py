from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ClaimLink


@admin.register(ClaimLink)
class ClaimLinkAdmin(SimpleHistoryAdmin):
    list_display = ("id", "claim", "earlier_claim", "score", "method", "status", "reviewed_by", "reviewed_at")
    list_filter = ("status", "method")
    raw_id_fields = ("claim", "earlier_claim", "reviewed_by")
    readonly_fields = ("score", "method", "model", "created_at", "updated_at")
