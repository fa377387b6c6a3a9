from django.http import HttpRequest

from apps.core.permissions import user_is_editor


def roles(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    return {"is_editor": bool(user and user_is_editor(user))}
