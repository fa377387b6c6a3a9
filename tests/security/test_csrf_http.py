"""CSRF over real HTTP against gunicorn: an htmx action with the page's token but without the matching
cookie (a forged cross-site request cannot read or set it) is refused, and changes nothing."""

import re
import urllib.error

import pytest

from tests.factories import ClaimFactory, EditorFactory
from tests.processes import Browserless, WebProcess, server_password

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_action_without_the_csrf_cookie_is_refused():
    editor = EditorFactory(username="csrf-ed")
    editor.password = server_password("pw")
    editor.save(update_fields=["password"])
    claim = ClaimFactory()
    web = WebProcess().start()
    try:
        session = Browserless(web.url)
        session.login("csrf-ed", "pw")
        page = session.get(f"/claims/{claim.pk}/").read().decode()
        token = re.search(r'"x-csrftoken": "([^"]+)"', page).group(1)
        session.jar.clear(domain="127.0.0.1", path="/", name="csrftoken")
        assert "csrftoken" not in {c.name for c in session.jar}
        with pytest.raises(urllib.error.HTTPError) as refused:
            session.post(
                f"/claims/{claim.pk}/confirm/",
                {"version": str(claim.version)},
                {"HX-Request": "true", "X-CSRFToken": token},
            )
        assert refused.value.code == 403 and refused.value.headers["X-Claimtrack-Error"] == "csrf"
    finally:
        web.stop()
    claim.refresh_from_db()
    assert claim.review_status == "new" and claim.version == 1
