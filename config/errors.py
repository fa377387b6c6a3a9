"""Error pages. A server error caused by the database being unreachable (stopped, restarting, out of
connections) answers 503 with Retry-After and a page that says so; any other answers the plain 500 page.
Both are rendered without the database, from templates that need no request context.

A database error is not proof the database is gone: SQLite reports a missing function or table, and
PostgreSQL a cancelled statement, as the same OperationalError as a refused connection. So after one, a
fresh connection of its own asks the database `SELECT 1`: only if that fails too is the page a 503.
Either way Django logs the error with its traceback (logger django.request)."""

from __future__ import annotations

import contextlib
import logging
import sys

from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse
from django.template import loader

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
PROBE_TIMEOUT_SECONDS = 5


def database_unreachable(exc: BaseException | None) -> bool:
    """A connection-level error (OperationalError / InterfaceError) and the database does not answer a new
    connection either. A query error on a reachable database (no such function, a statement time-out) is
    not an outage."""
    if not isinstance(exc, OperationalError | InterfaceError):
        return False
    return not database_answers()


def database_answers(alias: str = DEFAULT_DB_ALIAS) -> bool:
    """`SELECT 1` on a new connection, leaving the request's own (possibly broken, possibly inside a
    transaction) connection alone; it is closed or reused as usual when the request ends."""
    settings_dict = dict(connections[alias].settings_dict)
    options = dict(settings_dict.get("OPTIONS") or {})
    if settings_dict["ENGINE"].endswith("postgresql"):
        options.setdefault("connect_timeout", PROBE_TIMEOUT_SECONDS)  # a server that does not answer at all
    settings_dict["OPTIONS"] = options
    probe = connections[alias].__class__(settings_dict, alias)
    try:
        with probe.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # noqa: BLE001 - whatever stops the probe, the database is not answering
        logger.warning("The database does not answer a new connection", exc_info=True)
        return False
    finally:
        with contextlib.suppress(Exception):  # closing a connection that never opened
            probe.close()


def _page(template: str, context: dict, fallback: str, status: int) -> HttpResponse:
    try:
        body = loader.get_template(template).render(context)
    except Exception:  # noqa: BLE001 - an error page must never fail in turn (e.g. static files not collected)
        logger.exception("Could not render %s", template)
        return HttpResponse(fallback, status=status, content_type="text/plain; charset=utf-8")
    return HttpResponse(body, status=status)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: Django calls it while handling the exception, so sys.exc_info() names it."""
    if database_unreachable(sys.exc_info()[1]):
        response = _page(
            "503.html",
            {"retry_after": RETRY_AFTER_SECONDS},
            "Claimtrack cannot reach its database just now. Nothing was saved; try again in a moment.",
            503,
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return _page("500.html", {}, "Claimtrack hit an unexpected error; nothing was saved.", 500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: the page was out of date (signed in again elsewhere, or open a very long time).
    htmx requests get a header the desk's script turns into a message; forms get a page."""
    logger.warning("CSRF failure on %s: %s", request.path, reason)
    if request.headers.get("HX-Request"):
        response = HttpResponse("This page is out of date: reload it.", status=403)
        response["X-Claimtrack-Error"] = "csrf"
        return response
    return _page(
        "403_csrf.html", {}, "This page was out of date, so nothing was saved: reload it and try again.", 403
    )
