"""Middleware of our own."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.shortcuts import resolve_url
from django_htmx.http import HttpResponseClientRedirect


class HtmxLoginRedirectMiddleware:
    """An htmx request whose session has ended gets the login redirect like any other; left alone, htmx would
    follow it and paste the login form into the claim card. Instead the browser goes to the login page as a
    whole, told why, and comes back to the page it was on. Sits below HtmxMiddleware and MessageMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not getattr(request, "htmx", False) or response.status_code not in (301, 302):
            return response
        login_path = resolve_url(settings.LOGIN_URL)
        if urlsplit(response.get("Location", "")).path != login_path:
            return response
        lost = " What you were doing was not saved." if request.method == "POST" else ""
        messages.warning(request, f"Your session ended: sign in again.{lost}")
        back = request.htmx.current_url_abs_path or "/"
        return HttpResponseClientRedirect(f"{login_path}?{urlencode({'next': back})}")
