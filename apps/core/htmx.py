"""htmx helpers every page uses: the typed request (as in django-htmx's docs), whether it wants the partial,
and the toast message the page announces (static/js/claimtrack.js listens for `claimtrack:announce`)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django_htmx.http import trigger_client_event
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def wants_partial(request: HtmxHttpRequest) -> bool:
    """An htmx request wants the partial; a boosted one (a link or form htmx took over) wants the page."""
    return bool(request.htmx) and not request.htmx.boosted


def announce(response: HttpResponse, message: str, undo: dict | None = None) -> HttpResponse:
    """A message for the toast; with `undo` ({"url", "values", "target"}) the toast offers to undo the
    action for a few seconds, and `z` undoes it later."""
    detail: dict = {"message": message}
    if undo:
        detail["undo"] = undo
    return trigger_client_event(response, "claimtrack:announce", detail)
