"""Who may do what. Editors review claims; staff admins manage sources; everyone signed in can read."""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied


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
