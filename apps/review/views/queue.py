"""The review queue: the filtered, paged list of claims, its bulk decisions and their undo, and the desk's
"next claim after an action" setting. The queue's filter querystring (`filter_qs_of`) travels with the
editor to each claim and back."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from apps.claims import selectors
from apps.claims.filters import QueueFilterForm
from apps.claims.models import Claim
from apps.claims.services import claims_bulk_set_review_status, claims_bulk_undo_review, reviewer_set_advance
from apps.core.htmx import HtmxHttpRequest, announce, wants_partial
from apps.core.permissions import editor_required, user_is_editor

from ..forms import AdvanceForm, BulkForm, UndoBulkForm

FILTER_PARAMS = (
    "q",
    "status",
    "evidence",
    "kind",
    "source",
    "speaker",
    "speaker_uncertain",
    "date_from",
    "date_to",
    "min_score",
    "sort",
)


def filter_qs_of(params: QueryDict) -> str:
    """The queue's filter querystring (no cursor), carried from the queue to claims and back."""
    return urlencode([(k, v) for k in FILTER_PARAMS for v in params.getlist(k) if v])


def advance_context(request: HttpRequest) -> dict:
    """The editor's "next claim after an action" setting, for the toggle on the queue and claim pages."""
    if not user_is_editor(request.user):
        return {}
    return {"advance_after_action": selectors.reviewer_advances(request.user)}


def _queue_context(request: HtmxHttpRequest, params: QueryDict) -> dict:
    form = QueueFilterForm(params)
    filters = form.filters()
    page = selectors.queue_page(
        selectors.claims_filtered(filters),
        after=params.get("after", ""),
        before=params.get("before", ""),
        size=_page_size(params),
        by_worth=filters.by_worth,
        fields=selectors.QUEUE_ROW_FIELDS,
    )
    filter_qs = filter_qs_of(params)
    counts = selectors.capped_status_counts(filters)
    tabs = [
        {
            "value": value,
            "label": label,
            "count": f"{selectors.COUNT_CAP:,}+"
            if counts[value or "all"] is None
            else f"{counts[value or 'all']:,}",
            "checked": filters.status == value,
        }
        for value, label in [("", "All"), *Claim.ReviewStatus.choices]
    ]
    return {
        "tabs": tabs,
        "form": form,
        "filters": filters,
        "page": page,
        "rows": _queue_rows(page.claims, filter_qs),
        "counts": counts,
        "count_cap": selectors.COUNT_CAP,
        "filter_qs": filter_qs,
        "status_choices": Claim.ReviewStatus.choices,
        "is_filtered": any(params.get(k) for k in FILTER_PARAMS if k not in ("status", "sort")),
    }


def _queue_rows(claims: list[Claim], filter_qs: str) -> list[dict]:
    """The queue's rows as plain dicts of display values. At 50 rows the template engine's lookups on model
    instances (each tries item access, catches the TypeError, then getattr) and lazy choice labels cost more
    than the SQL; dicts resolve on the first try. The template still escapes every value."""
    labels = {
        "kind": {k: str(v) for k, v in Claim.Kind.choices},
        "evidence": {k: str(v) for k, v in Claim.Evidence.choices},
        "status": {k: str(v) for k, v in Claim.ReviewStatus.choices},
    }
    claim_url = reverse("review:claim", args=[0]).replace("/0/", "/{}/")
    speaker_url = reverse("review:speaker", args=[0]).replace("/0/", "/{}/")
    article_url = reverse("review:article", args=[0]).replace("/0/", "/{}/")
    suffix = f"?{filter_qs}" if filter_qs else ""
    local = timezone.localtime
    rows = []
    for c in claims:
        content = c.content if len(c.content) <= 260 else c.content[:259].rstrip() + "…"
        created = local(c.created_at)
        article, source = c.article, c.article.source
        title = str(article)
        rows.append(
            {
                "pk": str(c.pk),  # strings: the template prints them as they are (an int is localized)
                "url": claim_url.format(c.pk) + suffix,
                "quote": content if c.kind == Claim.Kind.DIRECT else f"“{content}”",
                "speaker": c.speaker.name if c.speaker else "",
                "speaker_url": speaker_url.format(c.speaker_id) if c.speaker_id else "",
                "speaker_uncertain": not c.speaker_confident,
                "cue": c.cue,
                "article": title if len(title) <= 80 else title[:79] + "…",
                "article_url": article_url.format(c.article_id),
                "source": source.name if source else "",
                "created_iso": created.isoformat(),
                "created": f"{created.day} {created:%b %Y, %H:%M}",
                "kind": c.kind,
                "kind_label": labels["kind"].get(c.kind, c.kind),
                "evidence": c.evidence,
                "evidence_label": labels["evidence"].get(c.evidence, c.evidence),
                "status": c.review_status,
                "status_label": labels["status"].get(c.review_status, c.review_status),
                "worth_scored": bool(c.worth_model),
                "worth_score": str(c.worth_score),
                "worth_level": "high" if c.worth_score >= 70 else "mid" if c.worth_score >= 40 else "low",
                "worth_reasons": c.worth_reasons,
                "speaker_id": c.speaker_id,
                "source_id": article.source_id,
            }
        )
    return rows


def _page_size(params: QueryDict) -> int:
    try:
        return max(10, min(200, int(params.get("size", selectors.PAGE_SIZE))))
    except ValueError:
        return selectors.PAGE_SIZE


@login_required
@require_GET
@vary_on_headers("HX-Request")
def queue(request: HtmxHttpRequest) -> HttpResponse:
    ctx = _queue_context(request, request.GET)
    if wants_partial(request):
        return render(request, "review/queue.html#queue-results", {**ctx, "oob": True})
    return render(request, "review/queue.html", {**ctx, **advance_context(request)})


@login_required
@require_POST
@vary_on_headers("HX-Request")
@editor_required
def claims_bulk(request: HtmxHttpRequest) -> HttpResponse:
    params = QueryDict(request.POST.get("filter_qs", ""))
    form = BulkForm(request.POST)
    undo = None
    if form.is_valid():
        saved = claims_bulk_set_review_status(
            claim_ids=form.cleaned_data["ids"], user=request.user, status=form.status
        )
        done = len(saved)
        message = (
            f"{done} claim{'s' if done != 1 else ''} marked {Claim.ReviewStatus(form.status).label.lower()}."
        )
        status = 200
        if saved:
            undo = {
                "url": reverse("review:claims_bulk_undo"),
                "values": {
                    "versions": ",".join(f"{c.pk}:{c.version}" for c in saved),
                    "filter_qs": params.urlencode(),
                },
                "target": "#queue-results",
            }
    else:
        message = " ".join(e for errors in form.errors.values() for e in errors)
        status = 422
    if not wants_partial(request):
        (messages.success if status == 200 else messages.error)(request, message)
        url = reverse("review:queue")
        return redirect(f"{url}?{params.urlencode()}" if params else url)
    ctx = _queue_context(request, params)
    ctx["bulk_message"] = message
    ctx["oob"] = True
    response = render(request, "review/queue.html#queue-results", ctx, status=status)
    return announce(response, message, undo)


@login_required
@require_POST
@vary_on_headers("HX-Request")
@editor_required
def claims_bulk_undo(request: HtmxHttpRequest) -> HttpResponse:
    """Undo a bulk decision (from its toast, or `z`): each claim back to what it was, unless it changed since."""
    params = QueryDict(request.POST.get("filter_qs", ""))
    form = UndoBulkForm(request.POST)
    if form.is_valid():
        versions = form.cleaned_data["versions"]
        undone = claims_bulk_undo_review(versions=versions, user=request.user)
        message = f"Undone: {undone} claim{'s' if undone != 1 else ''} back as they were."
        if undone < len(versions):
            message += f" {len(versions) - undone} changed since and were left as they are."
        status = 200
    else:
        message, status = "Nothing to undo.", 422
    if not wants_partial(request):
        (messages.success if status == 200 else messages.error)(request, message)
        url = reverse("review:queue")
        return redirect(f"{url}?{params.urlencode()}" if params else url)
    ctx = {**_queue_context(request, params), "bulk_message": message, "oob": True}
    return announce(render(request, "review/queue.html#queue-results", ctx, status=status), message)


@login_required
@require_POST
@editor_required
def desk_advance(request: HtmxHttpRequest) -> HttpResponse:
    """Switch "next claim after an action" on or off for this editor."""
    form = AdvanceForm(request.POST)
    advance = form.is_valid() and form.cleaned_data["advance"]
    reviewer_set_advance(user=request.user, advance=advance)
    message = (
        "After an action, the desk moves on to the next claim."
        if advance
        else "After an action, the desk stays on the claim."
    )
    if request.htmx:
        return announce(HttpResponse(status=204), message)
    messages.success(request, message)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("review:queue")
    return redirect(back)
