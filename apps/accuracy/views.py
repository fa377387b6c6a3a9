"""The accuracy page and its worst-cases lists. Everyone signed in may read them."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from apps.sources.models import Source

from .forms import CasesForm
from .selectors import CASE_KINDS, accuracy_cases, accuracy_overview


@login_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accuracy/overview.html",
        {"overview": accuracy_overview(), "kinds": [(k, v[0]) for k, v in CASE_KINDS.items()]},
    )


@login_required
@require_GET
def cases(request: HttpRequest) -> HttpResponse:
    form = CasesForm(request.GET)
    if not form.is_valid():
        raise Http404("No such list of cases.")
    slice_ = form.slice()
    result = accuracy_cases(kind=form.cleaned_data["kind"], slice=slice_)
    source_name = ""
    if slice_.source.isdigit():
        source_name = Source.objects.filter(pk=int(slice_.source)).values_list("name", flat=True).first()
        if source_name is None:
            raise Http404("No such source.")
    return render(
        request,
        "accuracy/cases.html",
        {
            "cases": result,
            "slice": slice_,
            "query": slice_.query,
            "source_name": source_name,
            "kinds": [(k, v[0]) for k, v in CASE_KINDS.items()],
        },
    )
