"""Error pages an editor may meet: not found, not allowed, and a server error, told apart from the
database being unreachable (503 with Retry-After). The real outage is in tests/faults."""

import logging

import pytest
from django.db import OperationalError, connection, transaction
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import path

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


def _database_unreachable(monkeypatch):
    """New connections go nowhere: a closed port (PostgreSQL), a folder that does not exist (SQLite). The
    test's own connection, already open, is left as it is."""
    if connection.vendor == "postgresql":
        monkeypatch.setitem(connection.settings_dict, "PORT", "1")
        monkeypatch.setitem(connection.settings_dict, "HOST", "127.0.0.1")
    else:
        monkeypatch.setitem(connection.settings_dict, "NAME", "/nonexistent-claimtrack-dir/db.sqlite3")


def test_an_unreachable_database_answers_503_with_retry_after(monkeypatch):
    _database_unreachable(monkeypatch)
    response = _handled(OperationalError("could not connect to server: Connection refused"))
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert b"cannot reach its database" in response.content


def test_a_database_error_on_a_reachable_database_is_a_plain_500():
    """The accuracy page's old DISTINCT ON on SQLite raised OperationalError("no such function") and was
    reported as an outage: the database answers, so it is a bug, not a 503."""
    response = _handled(OperationalError('near "ON": syntax error'))
    assert response.status_code == 500 and "Retry-After" not in response
    assert b"Something went wrong" in response.content and b"cannot reach" not in response.content


def _failing_query(request):
    """A real query error of the OperationalError kind, on whichever database the run uses."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with transaction.atomic():  # SET LOCAL ends with it
                cursor.execute("SET LOCAL statement_timeout = 1")
                cursor.execute("SELECT pg_sleep(1)")  # canceling statement due to statement timeout
        else:
            cursor.execute("SELECT claimtrack_no_such_function()")
    return HttpResponse("unreachable")


urlpatterns = [path("failing-query/", _failing_query)]
handler500 = "config.errors.server_error"


@pytest.mark.urls("tests.test_error_pages")
def test_a_query_error_is_a_500_logged_with_its_traceback(caplog):
    browser = Client(raise_request_exception=False)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = browser.get("/failing-query/")
    assert response.status_code == 500 and "Retry-After" not in response
    assert b"Something went wrong" in response.content and b"cannot reach" not in response.content
    logged = [r for r in caplog.records if r.name == "django.request" and r.exc_info]
    assert logged, "the query error is logged with its traceback"
    assert isinstance(logged[0].exc_info[1], OperationalError)
    assert "/failing-query/" in logged[0].getMessage()


@pytest.mark.urls("tests.test_error_pages")
def test_a_query_error_while_the_database_is_gone_is_a_503(monkeypatch):
    _database_unreachable(monkeypatch)
    response = Client(raise_request_exception=False).get("/failing-query/")
    assert response.status_code == 503 and response["Retry-After"] == "30"


def test_other_errors_answer_the_500_page():
    response = _handled(ValueError("a bug"))
    assert response.status_code == 500
    assert b"Something went wrong" in response.content and b"a bug" not in response.content


def test_htmx_action_after_the_session_ended_sends_the_browser_to_sign_in(client):
    claim = ClaimFactory()
    page = f"/claims/{claim.pk}/?status=new"
    response = client.post(
        f"/claims/{claim.pk}/confirm/",
        {"version": claim.version},
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL=f"http://testserver{page}",
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == "/accounts/login/?next=%2Fclaims%2F" + f"{claim.pk}%2F%3Fstatus%3Dnew"
    claim.refresh_from_db()
    assert claim.review_status == "new"
    login = client.get(response["HX-Redirect"])
    assert "Your session ended: sign in again" in login.content.decode()


def test_plain_requests_keep_the_usual_login_redirect(client):
    response = client.get("/claims/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert "HX-Redirect" not in response


def test_outdated_csrf_token_says_so(editor):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(editor)
    claim = ClaimFactory()
    form = browser.post(f"/claims/{claim.pk}/confirm/", {"version": claim.version})
    assert form.status_code == 403 and b"This page was out of date" in form.content
    htmx = browser.post(f"/claims/{claim.pk}/confirm/", {"version": claim.version}, HTTP_HX_REQUEST="true")
    assert htmx.status_code == 403 and htmx["X-Claimtrack-Error"] == "csrf"
    claim.refresh_from_db()
    assert claim.review_status == "new"


def test_a_read_after_the_session_ended_signs_in_again_without_alarm(client):
    response = client.get(
        "/claims/?status=new", HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL="http://testserver/claims/"
    )
    assert response["HX-Redirect"] == "/accounts/login/?next=%2Fclaims%2F"
    page = client.get(response["HX-Redirect"]).content.decode()
    assert "Your session ended: sign in again." in page and "not saved" not in page
