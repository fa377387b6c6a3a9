"""Who may do what. Editors review claims; staff admins manage sources; everyone signed in can read."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse


def user_is_editor(user: AbstractBaseUser | AnonymousUser) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_claimtrack_is_editor", None)
    if cached is None:
        cached = user.groups.filter(name=settings.EDITORS_GROUP).exists()
        user._claimtrack_is_editor = cached
    return cached


def require_editor(user: AbstractBaseUser | AnonymousUser) -> None:
    if not user_is_editor(user):
        raise PermissionDenied("Only editors can review claims.")


def editor_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A view for editors: anonymous users are sent to sign in (as `login_required`), other signed-in
    users get 403. Put it below `require_POST` & co., so a wrong method is still 405 for everyone."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        require_editor(request.user)
        return view(request, *args, **kwargs)

    return login_required(wrapped)
