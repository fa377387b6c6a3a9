"""Following and notifications. Following is personal, not an editorial action: every signed-in user
(reader or editor) may follow speakers and sources and read their own notifications."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import trigger_client_event

from apps.claims.models import Speaker
from apps.core.htmx import HtmxHttpRequest, announce, wants_partial
from apps.sources.models import Source

from .digest import digest_mark_read, digest_subscription_of, digest_subscription_save
from .forms import DigestForm
from .models import Digest, Follow, Notification
from .services import (
    FollowInvalid,
    follow_add,
    follow_remove,
    follows_of_user,
    notifications_mark_read,
    notifications_unread_count,
    user_follow,
)

PAGE_SIZE = 30
CHANGED_EVENT = "alerts:changed"  # the header badge listens for it and asks again at once


@dataclass(frozen=True)
class Target:
    speaker: Speaker | None
    source: Source | None

    @property
    def obj(self):
        return self.speaker or self.source

    @property
    def kind(self) -> str:
        return "speaker" if self.speaker else "source"


def _get_target(params: QueryDict) -> Target | None:
    """The speaker or source named by `speaker=<id>` or `source=<id>` (404 if it does not exist); None
    when the request names neither or both."""
    speaker_id, source_id = params.get("speaker", ""), params.get("source", "")
    if bool(speaker_id) == bool(source_id) or not (speaker_id or source_id).isdigit():
        return None
    if speaker_id:
        return Target(get_object_or_404(Speaker, pk=speaker_id), None)
    return Target(None, get_object_or_404(Source, pk=source_id))


def _button(
    request: HttpRequest, target: Target, follow: Follow | None, *, status: int = 200
) -> HttpResponse:
    ctx = {
        "target": target.obj,
        "kind": target.kind,
        "following": follow is not None,
        "follow": follow,
        "notify_choices": Follow.NotifyOn.choices,
    }
    return render(request, "alerts/follow.html#follow-button", ctx, status=status)


_FOLLOWING_MESSAGES = {
    Follow.NotifyOn.ATTENTION: "you will be told of its claims without evidence or flagged unsupported.",
    Follow.NotifyOn.EVERY_CLAIM: "you will be told of every new claim.",
}


@login_required
@require_GET
@never_cache
def follow_button(request: HtmxHttpRequest) -> HttpResponse:
    """The Follow/Unfollow button for a speaker or source, loaded into the page by htmx."""
    target = _get_target(request.GET)
    if target is None:
        return HttpResponseBadRequest("Name a speaker or a source.")
    follow = user_follow(user=request.user, speaker=target.speaker, source=target.source)
    return _button(request, target, follow)


def _follow_action(request: HtmxHttpRequest, *, add: bool) -> HttpResponse:
    target = _get_target(request.POST)
    if target is None:
        return HttpResponseBadRequest("Name a speaker or a source.")
    follow = None
    try:
        if add:
            follow = follow_add(
                user=request.user,
                speaker=target.speaker,
                source=target.source,
                notify_on=request.POST.get("notify_on", ""),
            )
            message = f"You follow {target.obj}: {_FOLLOWING_MESSAGES[follow.notify_on]}"
        else:
            follow_remove(user=request.user, speaker=target.speaker, source=target.source)
            message = f"You no longer follow {target.obj}."
    except FollowInvalid as exc:
        if wants_partial(request):
            current = user_follow(user=request.user, speaker=target.speaker, source=target.source)
            return announce(_button(request, target, current, status=422), str(exc))
        messages.error(request, str(exc))
        return _back(request)
    if wants_partial(request):
        return announce(_button(request, target, follow), message)
    messages.success(request, message)
    return _back(request)


def _back(request: HttpRequest) -> HttpResponse:
    """After a plain form post: where the form said to go back to (same site only), else notifications."""
    next_url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return redirect(next_url)
    return redirect("alerts:notifications")


@login_required
@require_POST
@vary_on_headers("HX-Request")
def follow(request: HtmxHttpRequest) -> HttpResponse:
    return _follow_action(request, add=True)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def unfollow(request: HtmxHttpRequest) -> HttpResponse:
    return _follow_action(request, add=False)


# --- Notifications --------------------------------------------------------------------------------


def _notifications_context(request: HttpRequest) -> dict:
    rows = Notification.objects.of_user(request.user).for_list()
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return {
        "page": page,
        "notifications": list(page.object_list),
        "unread": notifications_unread_count(user=request.user),
    }


@login_required
@require_GET
@vary_on_headers("HX-Request")
def notifications(request: HtmxHttpRequest) -> HttpResponse:
    ctx = _notifications_context(request)
    if wants_partial(request):
        return render(request, "alerts/notifications.html#notification-list", ctx)
    ctx["follows"] = follows_of_user(user=request.user)
    ctx["notify_choices"] = Follow.NotifyOn.choices
    return render(request, "alerts/notifications.html", ctx)


def _ids(params: QueryDict) -> list[int]:
    return [int(value) for value in params.getlist("id") if value.isdigit()]


@login_required
@require_POST
@vary_on_headers("HX-Request")
def notifications_read(request: HtmxHttpRequest) -> HttpResponse:
    """Mark the given notifications read (`id`, repeatable), or all of them with `all=1`."""
    ids = None if request.POST.get("all") else _ids(request.POST)
    if ids is not None and not ids:
        return HttpResponseBadRequest("Say which notifications to mark read.")
    count = notifications_mark_read(user=request.user, ids=ids)
    message = "All notifications marked read." if ids is None else "Marked read."
    if not wants_partial(request):
        messages.success(request, message)
        return redirect("alerts:notifications")
    response = render(request, "alerts/notifications.html#notification-list", _notifications_context(request))
    return announce(trigger_client_event(response, CHANGED_EVENT, {"marked": count}), message)


@require_GET
@never_cache
def badge(request: HtmxHttpRequest) -> HttpResponse:
    """The header badge, polled. 204 when the count the page shows (`shown`) is still right; 286 (htmx
    stops polling) when nobody is signed in any more, instead of a redirect to the login page."""
    if not request.user.is_authenticated:
        return HttpResponse(status=286)
    unread = notifications_unread_count(user=request.user)
    shown = request.GET.get("shown", "")
    if shown == str(unread):
        return HttpResponse(status=204)
    ctx = {
        "unread": unread,
        "poll_seconds": settings.CLAIMTRACK_ALERTS_POLL_SECONDS,
        "announce": shown.isdigit() and unread > int(shown),
        "new": unread - int(shown) if shown.isdigit() else 0,
    }
    return render(request, "alerts/badge.html", ctx)


# --- The morning digest ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def digest_settings(request: HttpRequest) -> HttpResponse:
    """Switch the daily digest on or off, its time, scope and size; the latest digests below."""
    sub = digest_subscription_of(request.user)
    form = DigestForm(request.POST or None, instance=sub)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        digest_subscription_save(user=request.user, **{k: data[k] for k in DigestForm.Meta.fields})
        messages.success(
            request,
            f"Daily digest on, at {data['send_at']:%H:%M}." if data["enabled"] else "Daily digest off.",
        )
        return redirect("alerts:digest_settings")
    digests = Digest.objects.filter(user=request.user).prefetch_related("items")[:14]
    status = 422 if request.method == "POST" else 200
    return render(
        request, "alerts/digest.html", {"form": form, "digests": digests, "sub": sub}, status=status
    )


@login_required
@require_GET
def digest_detail(request: HttpRequest, pk: int) -> HttpResponse:
    digest = get_object_or_404(Digest, pk=pk, user=request.user)
    items = list(
        digest.items.select_related("claim", "claim__speaker", "claim__article", "claim__article__source")
    )
    if digest.read_at is None:
        digest_mark_read(digest=digest)
    return render(request, "alerts/digest_detail.html", {"digest": digest, "items": items})
