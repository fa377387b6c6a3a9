"""Submitting an article: a URL, pasted text or a file (apps/articles' form and services)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from apps.articles.forms import SubmitArticleForm, submit_from_form
from apps.articles.services import SubmissionError
from apps.core.htmx import HtmxHttpRequest
from apps.core.permissions import require_editor


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
