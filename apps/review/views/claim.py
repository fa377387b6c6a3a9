"""A claim's page and its actions: confirm, flag, dismiss, reopen, undo, edit, notes and evidence links.
Each action answers with the refreshed claim card for htmx (and a toast, with undo for decisions) or a
redirect back to the claim page, keeping the queue's filter."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from apps.claims import selectors
from apps.claims.filters import QueueFilterForm
from apps.claims.models import Claim
from apps.claims.services import (
    ClaimConflict,
    ClaimEdit,
    ClaimInvalid,
    claim_add_evidence_link,
    claim_add_note,
    claim_confirm,
    claim_dismiss,
    claim_edit,
    claim_flag_unsupported,
    claim_set_review_status,
    claim_undo_review,
    speaker_kind_guess,
)
from apps.core.htmx import HtmxHttpRequest, announce, wants_partial
from apps.core.permissions import editor_required

from .. import highlight
from ..forms import ClaimEditForm, EvidenceLinkForm, FlagForm, NoteForm, VersionedForm
from .queue import advance_context, filter_qs_of


@login_required
@require_GET
def speaker_kind_guess_view(request: HtmxHttpRequest) -> HttpResponse:
    """The "who is" menu of the edit form with its guess for the name typed so far selected."""
    name = request.GET.get("new_speaker", "")
    form = ClaimEditForm(initial={"new_speaker_kind": speaker_kind_guess(name) if name.strip() else ""})
    return HttpResponse(str(form["new_speaker_kind"]))


def _page_context(request: HttpRequest, claim: Claim) -> dict:
    """What the page has around the claim card: the previous / next claim in the queue's filter, and the
    editor's "next claim after an action" setting (htmx swaps only the card: it has no use for them)."""
    filters = QueueFilterForm(request.GET).filters()
    newer_id, older_id = selectors.claim_neighbours(
        selectors.claims_filtered(filters), claim, by_worth=filters.by_worth
    )
    return {"newer_id": newer_id, "older_id": older_id, **advance_context(request)}


def _claim_context(request: HttpRequest, claim: Claim, **extra) -> dict:
    """What the claim card shows."""
    article = claim.article
    filter_qs = filter_qs_of(request.GET)
    speakers = selectors.article_speakers(article.pk)
    if claim.speaker and claim.speaker not in speakers:
        speakers.append(claim.speaker)
    ctx = {
        "claim": claim,
        "article": article,
        "context_paragraphs": highlight.claim_context(claim, article.text),
        "evidence_links": selectors.claim_evidence_links(claim),
        "notes": selectors.claim_notes(claim),
        "audit": selectors.claim_audit(claim),
        "filter_qs": filter_qs,
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
    if not wants_partial(request):
        if status >= 400:
            ctx = {**_claim_context(request, claim, **extra), **_page_context(request, claim)}
            return render(request, "review/claim.html", ctx, status=status)
        if message:
            messages.success(request, message)
        url = claim.get_absolute_url()
        qs = filter_qs_of(request.GET)
        return redirect(f"{url}?{qs}" if qs else url)
    response = render(
        request, "review/claim.html#claim-card", _claim_context(request, claim, **extra), status=status
    )
    return announce(response, message, undo) if message else response


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
    claim = selectors.claim_get(pk)
    ctx = _claim_context(request, claim)
    if wants_partial(request):
        return render(request, "review/claim.html#claim-card", ctx)
    return render(request, "review/claim.html", {**ctx, **_page_context(request, claim)})


def _status_action(service: Callable[..., Claim], done: str, form_class: type[VersionedForm] = VersionedForm):
    """A review decision: the service with the form's fields, answered with the card and a toast that
    offers to undo it."""

    @login_required
    @require_POST
    @vary_on_headers("HX-Request")
    @editor_required
    def view(request: HtmxHttpRequest, pk: int) -> HttpResponse:
        claim = selectors.claim_get(pk)
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
    qs = filter_qs_of(request.GET)
    return f"{url}?{qs}" if qs else url


claim_confirm_view = _status_action(claim_confirm, "Claim confirmed.")
claim_flag_view = _status_action(claim_flag_unsupported, "Claim flagged unsupported.", FlagForm)
claim_dismiss_view = _status_action(claim_dismiss, "Claim dismissed.")


@login_required
@require_POST
@vary_on_headers("HX-Request")
@editor_required
def claim_undo_view(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Undo this editor's last decision on the claim (the version it left the claim at is posted)."""
    claim = selectors.claim_get(pk)
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
@editor_required
def claim_edit_view(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    claim = selectors.claim_get(pk)
    speakers = selectors.article_speakers(claim.article_id)
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
@editor_required
def claim_note_add(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    claim = selectors.claim_get(pk)
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
@editor_required
def claim_evidence_add(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    claim = selectors.claim_get(pk)
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
