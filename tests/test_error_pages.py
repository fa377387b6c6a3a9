"""Error pages an editor may meet: not found, not allowed, and a server error, told apart from the
database being unreachable (503 with Retry-After). The real outage is in tests/faults."""

import pytest
from django.db import OperationalError
from django.test import RequestFactory

from config.errors import server_error
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def test_not_found_page(editor_client):
    response = editor_client.get("/claims/987654321/")
    assert response.status_code == 404
    assert b"Not found" in response.content and b"Back to the claims" in response.content


def test_not_allowed_page_for_a_reader(reader_client):
    claim = ClaimFactory()
    response = reader_client.post(f"/claims/{claim.pk}/flag/", {"version": claim.version})
    assert response.status_code == 403
    assert b"Not allowed" in response.content
    claim.refresh_from_db()
    assert claim.review_status == "new"


def _handled(exc: Exception):
    request = RequestFactory().get("/claims/")
    try:
        raise exc
    except Exception:  # noqa: BLE001 - as Django calls handler500: inside the exception's handling
        return server_error(request)


def test_database_errors_answer_503_with_retry_after():
    response = _handled(OperationalError("could not connect to server: Connection refused"))
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert b"cannot reach its database" in response.content


def test_other_errors_answer_the_500_page():
    response = _handled(ValueError("a bug"))
    assert response.status_code == 500
    assert b"Something went wrong" in response.content and b"a bug" not in response.content
