"""Publishing: ClaimReview JSON-LD, the queue as CSV, and the dashboard. All read-only: every signed-in
user may use them (readers included); anonymous users are sent to sign in."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from apps.claims.filters import QueueFilterForm
from apps.claims.selectors import claim_get

from . import selectors
from .claimreview import claim_is_publishable, claim_review
from .exports import csv_lines
from .forms import DashboardRangeForm

# JSON that is safe inside <script type="application/ld+json"> on the newsroom's page: no "</script>",
# no "<!--", no "&" entity tricks (as Django's json_script escapes).
_SCRIPT_SAFE = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def _page_url(value: str) -> str:
    """The `?url=` the review will be published at, if it is an http(s) URL; else ""."""
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        return ""
    return value


@login_required
@require_GET
def claimreview(request: HttpRequest, pk: int) -> HttpResponse:
    claim = claim_get(pk)
    if not claim_is_publishable(claim):
        raise Http404("Only a claim an editor has confirmed or flagged unsupported has a ClaimReview.")
    data = claim_review(claim, url=_page_url(request.GET.get("url", "")))
    body = json.dumps(data, ensure_ascii=False, indent=2).translate(_SCRIPT_SAFE)
    response = HttpResponse(body, content_type="application/ld+json; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="claimreview-{claim.pk}.json"'
    return response


@login_required
@require_GET
def claims_export(request: HttpRequest) -> StreamingHttpResponse:
    """The queue's claims under the queue's filters (the same querystring), every page, as CSV."""
    filters = QueueFilterForm(request.GET).filters()
    claim_page = request.build_absolute_uri(reverse("review:claim", args=[0])).replace("/0/", "/{}/")
    response = StreamingHttpResponse(
        csv_lines(selectors.claims_for_export(filters), claim_page), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="claims-{stamp}.csv"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    form = DashboardRangeForm(request.GET or None)
    rng = form.range()
    if not form.is_bound:
        form = DashboardRangeForm(
            initial={"date_from": rng.date_from, "date_to": rng.date_to, "interval": rng.interval}
        )
    return render(
        request,
        "publishing/dashboard.html",
        {"form": form, "data": selectors.dashboard(rng), "queue_url": reverse("review:queue")},
    )
