"""A speaker's page (their figures, timeline, latest claims, possible duplicates) and merging them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from apps.claims import selectors
from apps.claims.models import Speaker
from apps.claims.services import ClaimInvalid, speaker_merge
from apps.core.htmx import HtmxHttpRequest
from apps.core.permissions import editor_required

from ..forms import MergeForm


def _speaker_context(request: HttpRequest, speaker: Speaker, **extra) -> dict:
    timeline = selectors.speaker_timeline(speaker)
    peak = max((row["total"] for row in timeline), default=0)
    ctx = {
        "speaker": speaker,
        "stats": selectors.speaker_stats(speaker),
        "timeline": timeline,
        "peak": peak,
        "recent": selectors.speaker_recent_claims(speaker),
        "similar": selectors.speakers_similar(speaker),
        "merge_form": MergeForm(),
    }
    ctx.update(extra)
    return ctx


@login_required
@require_GET
def speaker_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    speaker = selectors.speaker_get(pk)
    return render(request, "review/speaker.html", _speaker_context(request, speaker))


@login_required
@require_POST
@editor_required
def speaker_merge_view(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    speaker = selectors.speaker_get(pk)
    form = MergeForm(request.POST)
    if form.is_valid():
        target = form.cleaned_data["into"]
        try:
            speaker_merge(source=speaker, target=target, user=request.user)
        except ClaimInvalid as exc:
            form.add_error("into", str(exc))
        else:
            messages.success(request, f"{speaker.name} merged into {target.name}; their claims followed.")
            return redirect(target)
    return render(
        request, "review/speaker.html", _speaker_context(request, speaker, merge_form=form), status=422
    )
