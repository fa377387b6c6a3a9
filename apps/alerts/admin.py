from django import forms
from django.contrib import admin, messages
from django.utils.html import format_html

from .models import Event, Follow, Notification, Webhook, WebhookDelivery
from .services import webhook_delivery_retry


class WebhookForm(forms.ModelForm):
    events = forms.MultipleChoiceField(
        choices=Event.choices, widget=forms.CheckboxSelectMultiple, required=False, help_text="What to send."
    )

    class Meta:
        model = Webhook
        fields = ["name", "url", "secret", "active", "events"]


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    form = WebhookForm
    list_display = ["name", "url", "active", "event_list", "updated_at"]
    list_filter = ["active"]
    search_fields = ["name", "url"]

    @admin.display(description="Events")
    def event_list(self, obj: Webhook) -> str:
        labels = dict(Event.choices)
        return ", ".join(labels.get(e, e) for e in obj.events) or "—"


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    """The delivery log: every POST to a webhook, its attempts and how it ended."""

    list_display = [
        "created_at",
        "webhook",
        "event",
        "claim_link",
        "status",
        "attempts",
        "last_status_code",
        "error_short",
        "last_attempt_at",
    ]
    list_filter = ["status", "event", "webhook"]
    list_select_related = ["webhook"]
    readonly_fields = [
        "webhook",
        "claim",
        "event",
        "payload",
        "status",
        "attempts",
        "last_status_code",
        "last_error",
        "created_at",
        "last_attempt_at",
        "delivered_at",
    ]
    actions = ["retry"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # a log: read it, retry from the list

    @admin.display(description="Claim")
    def claim_link(self, obj: WebhookDelivery) -> str:
        if not obj.claim_id:
            return "—"
        return format_html('<a href="/claims/{}/">#{}</a>', obj.claim_id, obj.claim_id)

    @admin.display(description="Last error")
    def error_short(self, obj: WebhookDelivery) -> str:
        return obj.last_error[:80]

    @admin.action(description="Retry the selected deliveries", permissions=["view"])
    def retry(self, request, queryset) -> None:
        sent = sum(webhook_delivery_retry(delivery=d) for d in queryset.select_related("webhook"))
        skipped = queryset.count() - sent
        self.message_user(request, f"{sent} delivery(ies) queued again.", messages.SUCCESS)
        if skipped:
            self.message_user(request, f"{skipped} already delivered: left alone.", messages.WARNING)


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ["user", "speaker", "source", "created_at"]
    list_select_related = ["user", "speaker", "source"]
    search_fields = ["user__username", "speaker__name", "source__name"]
    raw_id_fields = ["user", "speaker", "source"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "user", "kind", "claim", "read_at"]
    list_filter = ["kind", ("read_at", admin.EmptyFieldListFilter)]
    list_select_related = ["user", "claim"]
    raw_id_fields = ["user", "claim"]
    readonly_fields = ["created_at"]
