import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from apps.accounts.backends import EditorAwareModelBackend
from apps.core.permissions import editor_required, require_editor, user_is_editor
from tests.factories import UserFactory


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


@pytest.mark.django_db
def test_the_signed_in_user_comes_with_the_editor_check_and_it_is_read_anew_each_request(
    client, editor, claim, django_assert_num_queries
):

    client.force_login(editor)  # with apps.accounts.backends.EditorAwareModelBackend, the first with get_user
    assert client.session["_auth_user_backend"] == "apps.accounts.backends.EditorAwareModelBackend"
    backend = EditorAwareModelBackend()
    with django_assert_num_queries(1):
        user = backend.get_user(editor.pk)
        assert user_is_editor(user)  # asked nothing more
    reader = UserFactory(username="reader")
    with django_assert_num_queries(1):
        assert not user_is_editor(backend.get_user(reader.pk))
    confirm = reverse("review:claim_confirm", args=[claim.pk])
    assert client.post(confirm, {"version": 1}).status_code == 302
    # out of the group: the next request already refuses (nothing cached beyond one request)
    editor.groups.remove(editor.groups.get(name=settings.EDITORS_GROUP))
    assert client.post(confirm, {"version": 2}).status_code == 403


@pytest.mark.django_db
def test_a_session_signed_in_with_plain_model_backend_still_works(client, editor, claim):
    client.force_login(editor, backend="django.contrib.auth.backends.ModelBackend")
    assert client.post(reverse("review:claim_confirm", args=[claim.pk]), {"version": 1}).status_code == 302
