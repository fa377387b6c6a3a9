import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from apps.core.permissions import editor_required, require_editor, user_is_editor


@editor_required
def _action(request, pk):
    return HttpResponse(f"done {pk}")


def _request(user):
    request = RequestFactory().post("/claims/1/confirm/")
    request.user = user
    return request


@pytest.mark.django_db
def test_editor_required_sends_anonymous_users_to_sign_in():
    response = _action(_request(AnonymousUser()), pk=1)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=/claims/1/confirm/")


def test_editor_required_refuses_a_reader_with_403(reader):
    with pytest.raises(PermissionDenied, match="Only editors can review claims."):
        _action(_request(reader), pk=1)


def test_editor_required_lets_editors_and_superusers_act(editor, admin_user_):
    assert _action(_request(editor), pk=7).content == b"done 7"
    assert _action(_request(admin_user_), pk=7).content == b"done 7"


def test_editor_required_keeps_the_view_name():
    assert _action.__name__ == "_action"


def test_user_is_editor(editor, reader, admin_user_):
    assert user_is_editor(editor) and user_is_editor(admin_user_)
    assert not user_is_editor(reader) and not user_is_editor(AnonymousUser())
    reader.is_active = False
    assert not user_is_editor(reader)
    editor.is_active = False
    with pytest.raises(PermissionDenied):
        require_editor(editor)
