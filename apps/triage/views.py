"""The triage section of the accuracy page, loaded into it by htmx (or opened on its own)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from .selectors import triage_overview


@login_required
@require_GET
@vary_on_headers("HX-Request")
def accuracy_section(request: HttpRequest) -> HttpResponse:
    template = "triage/accuracy.html"
    if request.headers.get("HX-Request") == "true" and request.headers.get("HX-Boosted") != "true":
        template += "#triage-section"
    return render(request, template, {"triage": triage_overview()})
