"""The editors' review desk: queue, claim, article, speaker and submit pages, and their actions.

Every action is a POST to its own URL, checked against the user (`_get_*_for_user`), done by a service in
apps/claims/services.py or apps/articles/services.py, and answered with the updated partial for htmx or a
redirect for a plain form post, so the pages work with JavaScript off.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import trigger_client_event
from django_htmx.middleware import HtmxDetails

from apps.accounts.roles import require_editor, user_is_editor
from apps.articles.forms import SubmitArticleForm, submit_from_form
from apps.articles.models import Article
from apps.articles.services import (
    RECOVERABLE_STATUSES,
    SubmissionError,
    article_delete,
    article_rerun_extraction,
    article_retry,
    article_supply_text,
)
from apps.claims import selectors
from apps.claims.models import Claim, EvidenceLink, Note, Speaker
from apps.claims.services import (
    ClaimConflict,
    ClaimEdit,
    ClaimInvalid,
    claim_add_evidence_link,
    claim_add_note,
    claim_confirm,
    claim_create_manual,
    claim_dismiss,
    claim_edit,
    claim_flag_unsupported,
    claim_set_review_status,
    claim_undo_review,
    claims_bulk_set_review_status,
    claims_bulk_undo_review,
    reviewer_set_advance,
    speaker_kind_guess,
    speaker_merge,
)

from . import highlight
from .forms import (
    AddClaimForm,
    AdvanceForm,
    ArticleTextForm,
    BulkForm,
    ClaimEditForm,
    EvidenceLinkForm,
    FlagForm,
    MergeForm,
    NoteForm,
    QueueFilterForm,
    UndoBulkForm,
    VersionedForm,
)

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
)


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def _wants_partial(request: HtmxHttpRequest) -> bool:
    """An htmx request wants the partial; a boosted one (a link or form htmx took over) wants the page."""
    return bool(request.htmx) and not request.htmx.boosted


def _filter_qs(params: QueryDict) -> str:
    """The queue's filter querystring (no cursor), carried from the queue to claims and back."""
    return urlencode([(k, v) for k in FILTER_PARAMS for v in params.getlist(k) if v])


def _announce(response: HttpResponse, message: str, undo: dict | None = None) -> HttpResponse:
    """A message for the toast; with `undo` ({"url", "values", "target"}) the toast offers to undo the
    action for a few seconds, and `z` undoes it later (static/js/claimtrack.js)."""
    detail: dict = {"message": message}
    if undo:
        detail["undo"] = undo
    return trigger_client_event(response, "claimtrack:announce", detail)


def _advance_context(request: HttpRequest) -> dict:
    """The editor's "next claim after an action" setting, for the toggle on the queue and claim pages."""
    if not user_is_editor(request.user):
        return {}
    return {"advance_after_action": selectors.reviewer_advances(request.user)}


# --- Queue ----------------------------------------------------------------------------------------


def _queue_context(request: HtmxHttpRequest, params: QueryDict) -> dict:
    form = QueueFilterForm(params)
    filters = form.filters()
    page = selectors.queue_page(
        selectors.claims_filtered(filters),
        after=params.get("after", ""),
        before=params.get("before", ""),
        size=_page_size(params),
    )
    filter_qs = _filter_qs(params)
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
        "is_filtered": any(params.get(k) for k in FILTER_PARAMS if k != "status"),
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
                "pk": c.pk,
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
    if _wants_partial(request):
        return render(request, "review/queue.html#queue-results", {**ctx, "oob": True})
    return render(request, "review/queue.html", {**ctx, **_advance_context(request)})


@login_required
@require_POST
@vary_on_headers("HX-Request")
def claims_bulk(request: HtmxHttpRequest) -> HttpResponse:
    require_editor(request.user)
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
    if not _wants_partial(request):
        (messages.success if status == 200 else messages.error)(request, message)
        url = reverse("review:queue")
        return redirect(f"{url}?{params.urlencode()}" if params else url)
    ctx = _queue_context(request, params)
    ctx["bulk_message"] = message
    ctx["oob"] = True
    response = render(request, "review/queue.html#queue-results", ctx, status=status)
    return _announce(response, message, undo)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def claims_bulk_undo(request: HtmxHttpRequest) -> HttpResponse:
    """Undo a bulk decision (from its toast, or `z`): each claim back to what it was, unless it changed since."""
    require_editor(request.user)
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
    if not _wants_partial(request):
        (messages.success if status == 200 else messages.error)(request, message)
        url = reverse("review:queue")
        return redirect(f"{url}?{params.urlencode()}" if params else url)
    ctx = {**_queue_context(request, params), "bulk_message": message, "oob": True}
    return _announce(render(request, "review/queue.html#queue-results", ctx, status=status), message)


@login_required
@require_POST
def desk_advance(request: HtmxHttpRequest) -> HttpResponse:
    """Switch "next claim after an action" on or off for this editor."""
    require_editor(request.user)
    form = AdvanceForm(request.POST)
    advance = form.is_valid() and form.cleaned_data["advance"]
    reviewer_set_advance(user=request.user, advance=advance)
    message = (
        "After an action, the desk moves on to the next claim."
        if advance
        else "After an action, the desk stays on the claim."
    )
    if request.htmx:
        return _announce(HttpResponse(status=204), message)
    messages.success(request, message)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("review:queue")
    return redirect(back)


@login_required
@require_GET
def speaker_kind_guess_view(request: HtmxHttpRequest) -> HttpResponse:
    """The "who is" menu of the edit form with its guess for the name typed so far selected."""
    name = request.GET.get("new_speaker", "")
    form = ClaimEditForm(initial={"new_speaker_kind": speaker_kind_guess(name) if name.strip() else ""})
    return HttpResponse(str(form["new_speaker_kind"]))


# --- Claim ----------------------------------------------------------------------------------------


def _get_claim_for_user(request: HttpRequest, pk: int, *, action: bool = False) -> Claim:
    """The claim, or 404; for an action, 403 unless the user is an editor."""
    claim = get_object_or_404(
        Claim.objects.select_related("speaker", "article", "article__source", "reviewed_by"), pk=pk
    )
    if action:
        require_editor(request.user)
    return claim


def _claim_context(request: HttpRequest, claim: Claim, **extra) -> dict:
    article = claim.article
    params = request.GET
    filter_qs = _filter_qs(params)
    filters = QueueFilterForm(params).filters()
    newer_id, older_id = selectors.claim_neighbours(selectors.claims_filtered(filters), claim)
    speakers = list(Speaker.objects.filter(claims__article=article).distinct().order_by("name"))
    if claim.speaker and claim.speaker not in speakers:
        speakers.append(claim.speaker)
    ctx = {
        "claim": claim,
        "article": article,
        "context_paragraphs": highlight.claim_context(claim, article.text),
        "evidence_links": list(EvidenceLink.objects.filter(claim=claim).select_related("added_by")),
        "notes": list(Note.objects.filter(claim=claim).select_related("author")),
        "audit": selectors.claim_audit(claim),
        "filter_qs": filter_qs,
        "newer_id": newer_id,
        "older_id": older_id,
        "edit_form": ClaimEditForm(
            speakers=speakers,
            initial={
                "start": claim.start,
                "end": claim.end,
                "speaker": claim.speaker_id,
                "cue": claim.cue,
                "kind": claim.kind,
                "evidence": claim.evidence,
                "version": claim.version,
            },
        ),
        "flag_form": FlagForm(
            initial={"rationale": claim.review_rationale, "rating": claim.review_rating or ""}
        ),
        "note_form": NoteForm(),
        "evidence_form": EvidenceLinkForm(),
        "speakers": speakers,
    }
    ctx.update(extra)
    return ctx


def _claim_response(
    request: HtmxHttpRequest,
    claim: Claim,
    *,
    status: int = 200,
    message: str = "",
    undo: dict | None = None,
    **extra,
):
    """After an action: the refreshed claim card for htmx, else back to the claim page."""
    if not _wants_partial(request):
        if status >= 400:
            return render(
                request, "review/claim.html", _claim_context(request, claim, **extra), status=status
            )
        if message:
            messages.success(request, message)
        url = claim.get_absolute_url()
        qs = _filter_qs(request.GET)
        return redirect(f"{url}?{qs}" if qs else url)
    response = render(
        request, "review/claim.html#claim-card", _claim_context(request, claim, **extra), status=status
    )
    return _announce(response, message, undo) if message else response


def _conflict_response(request: HtmxHttpRequest, claim: Claim, exc: ClaimConflict, expected: int, **extra):
    claim.refresh_from_db()
    who, changes = selectors.claim_changes_since(claim, expected)
    return _claim_response(
        request,
        claim,
        status=409,
        message="Not saved: someone else changed this claim.",
        conflict={"who": who, "changes": changes},
        **extra,
    )


@login_required
@require_GET
@vary_on_headers("HX-Request")
def claim_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    claim = _get_claim_for_user(request, pk)
    ctx = _claim_context(request, claim)
    if _wants_partial(request):
        return render(request, "review/claim.html#claim-card", ctx)
    return render(request, "review/claim.html", {**ctx, **_advance_context(request)})


def _status_action(service: Callable[..., Claim], done: str, form_class: type[VersionedForm] = VersionedForm):
    """A review decision: the service with the form's fields, answered with the card and a toast that
    offers to undo it."""

    @login_required
    @require_POST
    @vary_on_headers("HX-Request")
    def view(request: HtmxHttpRequest, pk: int) -> HttpResponse:
        claim = _get_claim_for_user(request, pk, action=True)
        form = form_class(request.POST)
        if not form.is_valid() and set(form.errors) - {"version"}:
            return _claim_response(
                request, claim, status=422, message="Not saved: check the form.", flag_form=form
            )
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        expected = form.cleaned_data.get("version")
        try:
            claim = service(claim=claim, user=request.user, expected_version=expected, **data)
        except ClaimConflict as exc:
            return _conflict_response(request, claim, exc, expected)
        undo = {
            "url": _with_filter(reverse("review:claim_undo", args=[claim.pk]), request),
            "values": {"version": claim.version},
            "target": "#claim-card",
            "claim": claim.pk,
        }
        return _claim_response(request, claim, message=done, undo=undo)

    return view


def _with_filter(url: str, request: HttpRequest) -> str:
    qs = _filter_qs(request.GET)
    return f"{url}?{qs}" if qs else url


claim_confirm_view = _status_action(claim_confirm, "Claim confirmed.")
claim_flag_view = _status_action(claim_flag_unsupported, "Claim flagged unsupported.", FlagForm)
claim_dismiss_view = _status_action(claim_dismiss, "Claim dismissed.")


@login_required
@require_POST
@vary_on_headers("HX-Request")
def claim_undo_view(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Undo this editor's last decision on the claim (the version it left the claim at is posted)."""
    claim = _get_claim_for_user(request, pk, action=True)
    form = VersionedForm(request.POST)
    if not form.is_valid():
        return _claim_response(request, claim, status=422, message="Nothing to undo.")
    expected = form.cleaned_data["version"]
    try:
        claim = claim_undo_review(claim=claim, user=request.user, expected_version=expected)
    except ClaimConflict as exc:
        return _conflict_response(request, claim, exc, expected)
    except ClaimInvalid as exc:
        return _claim_response(request, claim, status=422, message=f"Not undone: {exc}")
    return _claim_response(
        request, claim, message=f"Undone: the claim is {claim.get_review_status_display().lower()} again."
    )


def _reopen(*, claim: Claim, user, expected_version: int | None) -> Claim:
    return claim_set_review_status(
        claim=claim, user=user, status=Claim.ReviewStatus.NEW, expected_version=expected_version
    )


claim_reopen_view = _status_action(_reopen, "Claim reopened for review.")


@login_required
@require_POST
@vary_on_headers("HX-Request")
def claim_edit_view(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    claim = _get_claim_for_user(request, pk, action=True)
    speakers = list(Speaker.objects.filter(claims__article=claim.article_id).distinct().order_by("name"))
    form = ClaimEditForm(request.POST, speakers=speakers)
    if not form.is_valid():
        return _claim_response(
            request, claim, status=422, message="The edit was not saved.", edit_form=form, edit_open=True
        )
    data = form.cleaned_data
    edit = ClaimEdit(
        content_start=data["start"],
        content_end=data["end"],
        speaker=form.chosen_speaker(user=request.user),
        kind=data["kind"],
        evidence=data["evidence"],
        status=data["status"],
        cue=data["cue"],
    )
    try:
        claim = claim_edit(claim=claim, user=request.user, edit=edit, expected_version=data["version"])
    except ClaimConflict as exc:
        # keep what this editor typed, now against the current version: saving again is a deliberate choice
        retry = ClaimEditForm({**request.POST.dict(), "version": exc.claim.version}, speakers=speakers)
        return _conflict_response(request, claim, exc, data["version"], edit_form=retry, edit_open=True)
    except ClaimInvalid as exc:
        form.add_error(None, str(exc))
        return _claim_response(request, claim, status=422, message=str(exc), edit_form=form, edit_open=True)
    return _claim_response(request, claim, message="Claim saved.")


@login_required
@require_POST
@vary_on_headers("HX-Request")
def claim_note_add(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    claim = _get_claim_for_user(request, pk, action=True)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _claim_response(request, claim, status=422, message="The note is empty.", note_form=form)
    try:
        claim_add_note(claim=claim, user=request.user, text=form.cleaned_data["text"])
    except ClaimInvalid as exc:
        form.add_error("text", str(exc))
        return _claim_response(request, claim, status=422, message=str(exc), note_form=form)
    return _claim_response(request, claim, message="Note added.")


@login_required
@require_POST
@vary_on_headers("HX-Request")
def claim_evidence_add(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    claim = _get_claim_for_user(request, pk, action=True)
    form = EvidenceLinkForm(request.POST)
    if not form.is_valid():
        return _claim_response(
            request, claim, status=422, message="The link was not added.", evidence_form=form
        )
    data = form.cleaned_data
    claim_add_evidence_link(
        claim=claim, user=request.user, url=data["url"], title=data["title"], note=data["note"]
    )
    return _claim_response(request, claim, message="Evidence link added.")


# --- Article --------------------------------------------------------------------------------------


def _get_article_for_user(request: HttpRequest, pk: int, *, action: bool = False) -> Article:
    article = get_object_or_404(Article.objects.select_related("source", "duplicate_of"), pk=pk)
    if action:
        require_editor(request.user)
    return article


def _article_page(request: HttpRequest, page_count: int) -> int:
    """The page of the article's text asked for (?page=N, or the page field of an action's form)."""
    try:
        page = int(request.GET.get("page") or request.POST.get("page") or 1)
    except ValueError:
        page = 1
    return max(1, min(page, page_count or 1))


def _article_context(request: HttpRequest, article: Article, **extra) -> dict:
    """The article page shows one page of its text at a time (highlight.ARTICLE_PAGE_CHARS); every claim is
    listed beside it, with its page when it is on another."""
    claims = list(article.claims.select_related("speaker").order_by("start"))
    speakers = sorted({c.speaker for c in claims if c.speaker}, key=lambda s: s.name)
    bounds = highlight.page_bounds(article.text)
    page = _article_page(request, len(bounds))
    start, end = bounds[page - 1] if bounds else (0, 0)
    for c in claims:
        c.text_page = highlight.page_of(bounds, c.start)
    shown = [c for c in claims if c.end > start and c.start < end]
    ctx = {
        "article": article,
        "claims": claims,
        "paragraphs": highlight.article_paragraphs(article.text, shown, start, end),
        "page": page,
        "page_count": len(bounds),
        "pages": range(1, len(bounds) + 1),
        "just_submitted": request.GET.get("submitted") == "1",
        "can_recover": article.status in RECOVERABLE_STATUSES,
        "add_form": AddClaimForm(speakers=speakers),
        "text_form": ArticleTextForm(),
        "status_counts": {
            status: sum(1 for c in claims if c.review_status == status)
            for status in Claim.ReviewStatus.values
        },
    }
    ctx.update(extra)
    return ctx


def _article_live(
    request: HtmxHttpRequest, article: Article, *, status: int = 200, message: str = "", **extra
):
    if not _wants_partial(request):
        if status >= 400:
            return render(
                request, "review/article.html", _article_context(request, article, **extra), status=status
            )
        if message:
            messages.success(request, message)
        page = _article_page(request, len(highlight.page_bounds(article.text)))
        return redirect(
            f"{article.get_absolute_url()}?page={page}" if page > 1 else article.get_absolute_url()
        )
    response = render(
        request,
        "review/article.html#article-live",
        _article_context(request, article, **extra),
        status=status,
    )
    return _announce(response, message) if message else response


@login_required
@require_GET
@vary_on_headers("HX-Request")
def article_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    article = _get_article_for_user(request, pk)
    ctx = _article_context(request, article)
    if _wants_partial(request):
        return render(request, "review/article.html#article-live", ctx)
    return render(request, "review/article.html", ctx)


@login_required
@require_GET
def article_status(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Polled every 2 s while the article is processed; 286 tells htmx to stop once it is finished."""
    article = _get_article_for_user(request, pk)
    response = render(request, "review/article.html#article-live", _article_context(request, article))
    if article.is_finished:
        response.status_code = 286
    return response


@login_required
@require_POST
@vary_on_headers("HX-Request")
def article_claim_add(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    article = _get_article_for_user(request, pk, action=True)
    speakers = list(Speaker.objects.filter(claims__article=article).distinct().order_by("name"))
    form = AddClaimForm(request.POST, speakers=speakers)
    if not form.is_valid():
        return _article_live(request, article, status=422, message="The claim was not added.", add_form=form)
    data = form.cleaned_data
    try:
        claim_create_manual(
            article=article,
            user=request.user,
            start=data["start"],
            end=data["end"],
            speaker=form.chosen_speaker(),
            kind=data["kind"],
            evidence=data["evidence"],
        )
    except ClaimInvalid as exc:
        form.add_error(None, str(exc))
        return _article_live(request, article, status=422, message=str(exc), add_form=form)
    return _article_live(request, article, message="Claim added.")


@login_required
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def article_rerun(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """GET asks first, saying what will change (a panel under the button for htmx, a page otherwise);
    the POST from there re-runs extraction, which keeps every claim an editor touched."""
    article = _get_article_for_user(request, pk, action=True)
    if request.method == "GET":
        ctx = {
            "article": article,
            "page": _article_page(request, len(highlight.page_bounds(article.text))),
            **article.claims.reextraction_preview(),
        }
        template = "review/article_rerun.html"
        return render(request, f"{template}#rerun-confirm" if _wants_partial(request) else template, ctx)
    try:
        article_rerun_extraction(article=article)
    except SubmissionError as exc:
        return _article_live(request, article, status=422, message=str(exc), rerun_error=str(exc))
    article.refresh_from_db()
    return _article_live(request, article, message="Extraction queued again.")


@login_required
@require_POST
@vary_on_headers("HX-Request")
def article_retry_view(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """A failed or skipped article tried again: fetched again if it has no text, else extracted again."""
    article = _get_article_for_user(request, pk, action=True)
    try:
        article = article_retry(article=article, user=request.user)
    except SubmissionError as exc:
        return _article_live(request, article, status=422, message=str(exc), recover_error=str(exc))
    return _article_live(request, article, message="Trying this article again.")


@login_required
@require_POST
@vary_on_headers("HX-Request")
def article_text_view(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """A failed or skipped article given its text by an editor (pasted), then extracted."""
    article = _get_article_for_user(request, pk, action=True)
    form = ArticleTextForm(request.POST)
    if form.is_valid():
        try:
            article = article_supply_text(article=article, text=form.cleaned_data["text"], user=request.user)
        except SubmissionError as exc:
            form.add_error("text", str(exc))
        else:
            return _article_live(request, article, message="Text stored; finding claims in it.")
    return _article_live(
        request, article, status=422, message="The text was not stored.", text_form=form, text_open=True
    )


@login_required
@require_http_methods(["GET", "POST"])
def article_delete_view(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST deletes a failed or skipped article (recorded in its history)."""
    article = _get_article_for_user(request, pk, action=True)
    ctx = {"article": article, "can_delete": article.status in RECOVERABLE_STATUSES}
    if request.method == "POST":
        try:
            article_delete(article=article, user=request.user)
        except SubmissionError as exc:
            return render(request, "review/article_delete.html", {**ctx, "error": str(exc)}, status=422)
        messages.success(request, f"Article “{article}” deleted.")
        return redirect("review:queue")
    return render(request, "review/article_delete.html", ctx)


# --- Submit ---------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def submit(request: HtmxHttpRequest) -> HttpResponse:
    if request.method == "POST":
        require_editor(request.user)
        form = SubmitArticleForm(request.POST, request.FILES, label_suffix="")
        if form.is_valid():
            try:
                submission = submit_from_form(form, user=request.user)
            except SubmissionError as exc:
                form.add_error(None, str(exc))
            else:
                article = submission.article
                article.refresh_from_db()
                if not submission.created:
                    messages.info(request, "This article was already submitted; here it is.")
                elif article.is_finished:
                    messages.success(request, "Article stored and processed.")
                else:
                    # said inside the live status, which polling replaces once the article is processed
                    return redirect(f"{article.get_absolute_url()}?submitted=1")
                return redirect(article)
        return render(request, "review/submit.html", {"form": form}, status=422)
    return render(request, "review/submit.html", {"form": SubmitArticleForm(label_suffix="")})


# --- Speaker --------------------------------------------------------------------------------------


def _get_speaker_for_user(request: HttpRequest, pk: int, *, action: bool = False) -> Speaker:
    speaker = get_object_or_404(
        Speaker.objects.select_related("merged_into").prefetch_related(
            "aliases", Prefetch("merged_from", queryset=Speaker.objects.order_by("name"))
        ),
        pk=pk,
    )
    if action:
        require_editor(request.user)
    return speaker


def _speaker_context(request: HttpRequest, speaker: Speaker, **extra) -> dict:
    timeline = selectors.speaker_timeline(speaker)
    peak = max((row["total"] for row in timeline), default=0)
    ctx = {
        "speaker": speaker,
        "stats": selectors.speaker_stats(speaker),
        "timeline": timeline,
        "peak": peak,
        "recent": list(speaker.claims.for_queue().with_said_at().order_by("-said_at", "-id")[:25]),
        "similar": selectors.speakers_similar(speaker),
        "merge_form": MergeForm(),
    }
    ctx.update(extra)
    return ctx


@login_required
@require_GET
def speaker_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    speaker = _get_speaker_for_user(request, pk)
    return render(request, "review/speaker.html", _speaker_context(request, speaker))


@login_required
@require_POST
def speaker_merge_view(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    speaker = _get_speaker_for_user(request, pk, action=True)
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
