"""The claim page's "Said before" block and its actions: confirm or reject a link, carry a flag along
confirmed links. Every action is a POST to its own URL, checked against the user, done by a service, and
answered with the refreshed block for htmx or a redirect to the claim page for a plain form post."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from apps.claims.models import Claim
from apps.claims.selectors import claim_get
from apps.core.htmx import HtmxHttpRequest, announce, wants_partial
from apps.core.permissions import editor_required, user_is_editor

from . import selectors
from .backends import active_backend
from .models import ClaimLink
from .services import (
    LinkInvalid,
    claim_link_confirm,
    claim_link_reject,
    claim_links_carry_flag,
    claims_flag_carry_targets,
)

PARTIAL = "similarity/said_before.html#said-before"


class LinkForm(forms.Form):
    link = forms.IntegerField(min_value=1)


def said_before_context(request: HttpRequest | None, claim: Claim, **extra) -> dict:
    has_links, near_miss_count = selectors.claim_links_summary(claim)
    links = selectors.claim_links(claim, has_links=has_links)
    is_editor = bool(request and user_is_editor(request.user))
    carry = []
    if is_editor and claim.review_status == Claim.ReviewStatus.UNSUPPORTED:
        confirmed = [
            row.other
            for row in (*links.before, *links.after)
            if row.link.status == ClaimLink.Status.CONFIRMED
        ]
        carry = [c for c in confirmed if c.review_status == Claim.ReviewStatus.NEW]
    show_near = bool(request and request.GET.get("near_misses"))
    return {
        "claim": claim,
        "links": links,
        "near_miss_count": near_miss_count,
        "near_misses": selectors.claim_near_misses(claim) if show_near else None,
        "backend": active_backend(),
        "is_editor": is_editor,
        "carry_targets": carry,
        **extra,
    }


def speaker_repeats_context(speaker) -> dict:
    return {"speaker": speaker, "clusters": selectors.speaker_repeats(speaker), "backend": active_backend()}


def _respond(request: HtmxHttpRequest, claim: Claim, *, message: str = "", status: int = 200, **extra):
    if not wants_partial(request):
        if status >= 400:
            return render(
                request, "similarity/not_done.html", {"claim": claim, "message": message}, status=status
            )
        if message:
            messages.success(request, message)
        return redirect(f"{claim.get_absolute_url()}#said-before")
    response = render(request, PARTIAL, said_before_context(request, claim, **extra), status=status)
    return announce(response, message) if message else response


@login_required
@require_GET
@vary_on_headers("HX-Request")
def said_before(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    claim = claim_get(pk)
    if wants_partial(request):
        return render(request, PARTIAL, said_before_context(request, claim))
    return redirect(f"{claim.get_absolute_url()}#said-before")


def _link_action(service, done: str):
    @login_required
    @require_POST
    @vary_on_headers("HX-Request")
    @editor_required
    def view(request: HtmxHttpRequest, pk: int) -> HttpResponse:
        claim = claim_get(pk)
        form = LinkForm(request.POST)
        if not form.is_valid():
            return _respond(request, claim, message="Choose a link.", status=400)
        link = get_object_or_404(ClaimLink.objects.involving(claim.pk), pk=form.cleaned_data["link"])
        service(link=link, user=request.user)
        return _respond(request, claim, message=done)

    return view


link_confirm = _link_action(claim_link_confirm, "Link confirmed: the two claims say the same thing.")
link_reject = _link_action(claim_link_reject, "Link rejected: it will not be suggested again.")


@login_required
@require_POST
@vary_on_headers("HX-Request")
@editor_required
def carry_flag(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    claim = claim_get(pk)
    if not claims_flag_carry_targets(claim) and claim.review_status == Claim.ReviewStatus.UNSUPPORTED:
        return _respond(
            request, claim, message="No confirmed linked claim is waiting for review.", status=422
        )
    try:
        flagged = claim_links_carry_flag(claim=claim, user=request.user)
    except LinkInvalid as exc:
        return _respond(request, claim, message=str(exc), status=422)
    n = len(flagged)
    return _respond(
        request, claim, message=f"Flag carried to {n} linked claim{'s' if n != 1 else ''}.", carried=flagged
    )
