"""An article's page (one page of its text at a time, its claims beside it), its live status polled
while it is processed, and its actions: add a claim, re-run extraction, retry, supply the text, delete."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from apps.articles.models import Article
from apps.articles.selectors import article_get
from apps.articles.services import (
    RECOVERABLE_STATUSES,
    SubmissionError,
    article_delete,
    article_rerun_extraction,
    article_retry,
    article_supply_text,
)
from apps.claims import selectors
from apps.claims.models import Claim
from apps.claims.services import ClaimInvalid, claim_create_manual
from apps.core.htmx import HtmxHttpRequest, announce, wants_partial
from apps.core.permissions import editor_required

from .. import highlight
from ..forms import AddClaimForm, ArticleTextForm


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
    claims = selectors.article_claims(article)
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
    if not wants_partial(request):
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
    return announce(response, message) if message else response


@login_required
@require_GET
@vary_on_headers("HX-Request")
def article_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    article = article_get(pk)
    ctx = _article_context(request, article)
    if wants_partial(request):
        return render(request, "review/article.html#article-live", ctx)
    return render(request, "review/article.html", ctx)


@login_required
@require_GET
def article_status(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Polled every 2 s while the article is processed; 286 tells htmx to stop once it is finished."""
    article = article_get(pk)
    response = render(request, "review/article.html#article-live", _article_context(request, article))
    if article.is_finished:
        response.status_code = 286
    return response


@login_required
@require_POST
@vary_on_headers("HX-Request")
@editor_required
def article_claim_add(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    article = article_get(pk)
    speakers = selectors.article_speakers(article.pk)
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
@editor_required
def article_rerun(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """GET asks first, saying what will change (a panel under the button for htmx, a page otherwise);
    the POST from there re-runs extraction, which keeps every claim an editor touched."""
    article = article_get(pk)
    if request.method == "GET":
        ctx = {
            "article": article,
            "page": _article_page(request, len(highlight.page_bounds(article.text))),
            **selectors.article_reextraction_preview(article),
        }
        template = "review/article_rerun.html"
        return render(request, f"{template}#rerun-confirm" if wants_partial(request) else template, ctx)
    try:
        article_rerun_extraction(article=article)
    except SubmissionError as exc:
        return _article_live(request, article, status=422, message=str(exc), rerun_error=str(exc))
    article.refresh_from_db()
    return _article_live(request, article, message="Extraction queued again.")


@login_required
@require_POST
@vary_on_headers("HX-Request")
@editor_required
def article_retry_view(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """A failed or skipped article tried again: fetched again if it has no text, else extracted again."""
    article = article_get(pk)
    try:
        article = article_retry(article=article, user=request.user)
    except SubmissionError as exc:
        return _article_live(request, article, status=422, message=str(exc), recover_error=str(exc))
    return _article_live(request, article, message="Trying this article again.")


@login_required
@require_POST
@vary_on_headers("HX-Request")
@editor_required
def article_text_view(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """A failed or skipped article given its text by an editor (pasted), then extracted."""
    article = article_get(pk)
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
@editor_required
def article_delete_view(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST deletes a failed or skipped article (recorded in its history)."""
    article = article_get(pk)
    ctx = {"article": article, "can_delete": article.status in RECOVERABLE_STATUSES}
    if request.method == "POST":
        try:
            article_delete(article=article, user=request.user)
        except SubmissionError as exc:
            return render(request, "review/article_delete.html", {**ctx, "error": str(exc)}, status=422)
        messages.success(request, f"Article “{article}” deleted.")
        return redirect("review:queue")
    return render(request, "review/article_delete.html", ctx)
