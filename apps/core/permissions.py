"""Who may do what. Editors review claims; staff admins manage sources; everyone signed in can read."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, Group
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest, HttpResponse

_EDITOR_FLAG = "claimtrack_is_editor"  # set on a user by with_editor_flag, or by user_is_editor's own query


def with_editor_flag(users: QuerySet) -> QuerySet:
    """Users with whether each is in the editors group, read in the same query: user_is_editor then asks
    the database nothing (apps/accounts/backends.py loads every signed-in request's user so)."""
    editors = Group.objects.filter(user=OuterRef("pk"), name=settings.EDITORS_GROUP)
    return users.annotate(**{_EDITOR_FLAG: Exists(editors)})


def user_is_editor(user: AbstractBaseUser | AnonymousUser) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, _EDITOR_FLAG, None)
    if cached is None:
        cached = user.groups.filter(name=settings.EDITORS_GROUP).exists()
        setattr(user, _EDITOR_FLAG, cached)
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
