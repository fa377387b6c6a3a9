"""Every URL, every role: anonymous, reader, editor, admin. A new URL without a row here fails the test."""

from datetime import date

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from apps.alerts.models import Digest
from tests.factories import ClaimFactory, EditorFactory, SpeakerFactory, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "login"  # a redirect to the login page
READ = {"anonymous": LOGIN, "reader": 200, "editor": 200, "admin": 200}
ACT = {"anonymous": LOGIN, "reader": 403, "editor": "ok", "admin": "ok"}
API_READ = {"anonymous": 401, "reader": 200, "editor": 200, "admin": 200}  # publishing's /api/

# (url name, method, args kind) -> expected per role; "ok" = neither 403 nor 404 nor a 5xx
TABLE = {
    ("review:queue", "GET", None): READ,
    ("accuracy:overview", "GET", None): READ,
    ("accuracy:cases", "GET", None): READ,
    ("triage:accuracy", "GET", None): READ,
    ("alerts:digest_settings", "GET", None): READ,
    # an empty form: the time is required (422, nothing saved)
    ("alerts:digest_settings", "POST", None): {
        "anonymous": LOGIN,
        "reader": 422,
        "editor": 422,
        "admin": 422,
    },
    # a digest is its owner's alone (the table's belongs to another user)
    ("alerts:digest", "GET", "digest"): {"anonymous": LOGIN, "reader": 404, "editor": 404, "admin": 404},
    ("review:claim", "GET", "claim"): READ,
    ("review:article", "GET", "article"): READ,
    # a finished article's status answers 286: htmx stops polling
    ("review:article_status", "GET", "article"): {
        "anonymous": LOGIN,
        "reader": 286,
        "editor": 286,
        "admin": 286,
    },
    ("review:speaker", "GET", "speaker"): READ,
    ("review:submit", "GET", None): READ,
    ("review:submit", "POST", None): ACT,
    ("review:claims_bulk", "POST", None): ACT,
    ("review:claim_confirm", "POST", "claim"): ACT,
    ("review:claim_flag", "POST", "claim"): ACT,
    ("review:claim_dismiss", "POST", "claim"): ACT,
    ("review:claim_reopen", "POST", "claim"): ACT,
    ("review:claim_undo", "POST", "claim"): ACT,
    ("review:claims_bulk_undo", "POST", None): ACT,
    ("review:desk_advance", "POST", None): ACT,
    ("review:speaker_kind_guess", "GET", None): READ,
    ("review:claim_edit", "POST", "claim"): ACT,
    ("review:claim_note_add", "POST", "claim"): ACT,
    ("review:claim_evidence_add", "POST", "claim"): ACT,
    ("review:article_claim_add", "POST", "article"): ACT,
    ("review:article_rerun", "GET", "article"): ACT,  # the question before the re-run
    ("review:article_rerun", "POST", "article"): ACT,
    # failed or skipped articles (the table's article is done: refused with 422, not 403, for editors)
    ("review:article_retry", "POST", "article"): ACT,
    ("review:article_text", "POST", "article"): ACT,
    ("review:article_delete", "GET", "article"): ACT,  # the confirmation
    ("review:article_delete", "POST", "article"): ACT,
    ("review:speaker_merge", "POST", "speaker"): ACT,
    # repeated claims (apps/similarity); a GET without htmx redirects to the claim page's block
    ("similarity:said_before", "GET", "claim"): {
        "anonymous": LOGIN,
        "reader": 302,
        "editor": 302,
        "admin": 302,
    },
    ("similarity:link_confirm", "POST", "claim"): ACT,
    ("similarity:link_reject", "POST", "claim"): ACT,
    ("similarity:carry_flag", "POST", "claim"): ACT,
    ("admin:index", "GET", None): {"anonymous": LOGIN, "reader": LOGIN, "editor": LOGIN, "admin": 200},
    ("admin:sources_source_changelist", "GET", None): {
        "anonymous": LOGIN,
        "reader": LOGIN,
        "editor": LOGIN,
        "admin": 200,
    },
    ("admin:sources_source_ingest", "GET", None): {
        "anonymous": LOGIN,
        "reader": LOGIN,
        "editor": LOGIN,
        "admin": 200,
    },
    ("healthz", "GET", None): {"anonymous": 200, "reader": 200, "editor": 200, "admin": 200},
    ("login", "GET", None): {"anonymous": 200, "reader": 302, "editor": 302, "admin": 302},
    # --- alerts: following is personal, so readers may too; no target named -> 400 -------------------
    ("alerts:follow_button", "GET", None): {"anonymous": LOGIN, "reader": 400, "editor": 400, "admin": 400},
    ("alerts:follow", "POST", None): {"anonymous": LOGIN, "reader": 400, "editor": 400, "admin": 400},
    ("alerts:unfollow", "POST", None): {"anonymous": LOGIN, "reader": 400, "editor": 400, "admin": 400},
    ("alerts:notifications", "GET", None): READ,
    ("alerts:notifications_read", "POST", None): {
        "anonymous": LOGIN,
        "reader": 400,
        "editor": 400,
        "admin": 400,
    },
    # the polled badge answers 286 (htmx stops polling) rather than a login page to swap into the header
    ("alerts:badge", "GET", None): {"anonymous": 286, "reader": 200, "editor": 200, "admin": 200},
    ("admin:alerts_webhookdelivery_changelist", "GET", None): {
        "anonymous": LOGIN,
        "reader": LOGIN,
        "editor": LOGIN,
        "admin": 200,
    },
    # --- publishing: read-only for every signed-in user; the API answers 401, not a login redirect ---
    # (the table's claim is unreviewed: it has no ClaimReview yet; tests/publishing covers reviewed ones)
    ("publishing:claimreview", "GET", "claim"): {
        "anonymous": LOGIN,
        "reader": 404,
        "editor": 404,
        "admin": 404,
    },
    ("publishing:claims_export", "GET", None): READ,
    ("publishing:dashboard", "GET", None): READ,
    # /api/ is the API's index (publishing:api_index answers it; ninja's own root is shadowed)
    ("publishing:api:api-root", "GET", None): API_READ,
    ("publishing:api_index", "GET", None): API_READ,
    ("publishing:api_docs", "GET", None): READ,  # a page: anonymous visitors are sent to sign in
    ("publishing:api:openapi-json", "GET", None): API_READ,
    ("publishing:api:claims", "GET", None): API_READ,
    ("publishing:api:claims", "POST", None): {"anonymous": 405, "reader": 405, "editor": 405, "admin": 405},
    ("publishing:api:claim", "GET", "claim"): API_READ,
    ("publishing:api:speakers", "GET", None): API_READ,
    ("publishing:api:speaker", "GET", "speaker"): API_READ,
    ("publishing:api:articles", "GET", None): API_READ,
    ("publishing:api:article", "GET", "article"): API_READ,
    ("publishing:api:sources", "GET", None): API_READ,
    ("publishing:api:source", "GET", "source"): API_READ,
}


def _names(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # Django's admin guards itself (sampled in TABLE)
            ns = f"{pattern.namespace}:" if pattern.namespace else ""
            yield from _names(pattern.url_patterns, prefix + ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield prefix + pattern.name


def test_every_url_has_a_row():
    covered = {name for name, _, _ in TABLE}
    missing = set(_names(get_resolver().url_patterns)) - covered - {"logout"}
    assert not missing, f"add these URLs to the permission table: {sorted(missing)}"


@pytest.fixture
def objects():
    claim = ClaimFactory()
    return {
        "claim": claim.pk,
        "article": claim.article.pk,
        "speaker": SpeakerFactory().pk,
        "source": claim.article.source_id,  # publishing's API
        "digest": Digest.objects.create(user=UserFactory(username="owner"), sent_on=date.today()).pk,
    }


def _user(role):
    if role == "anonymous":
        return None
    if role == "reader":
        return UserFactory(username="r")
    if role == "editor":
        return EditorFactory(username="e")
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("a", "a@example.org", "pw")


@pytest.mark.parametrize("role", ["anonymous", "reader", "editor", "admin"])
@pytest.mark.parametrize(("name", "method", "kind"), list(TABLE), ids=[f"{m} {n}" for n, m, _ in TABLE])
def test_role_access(client, objects, role, name, method, kind):
    user = _user(role)
    if user:
        client.force_login(user)
    url = reverse(name, args=[objects[kind]] if kind else [])
    response = client.get(url) if method == "GET" else client.post(url, {})
    expected = TABLE[(name, method, kind)][role]
    if expected == LOGIN:
        assert response.status_code == 302 and "login" in response["Location"], response.status_code
    elif expected == "ok":
        assert response.status_code not in (403, 404) and response.status_code < 500, response.status_code
    else:
        assert response.status_code == expected


def test_reader_sees_no_action_buttons(client, objects):
    client.force_login(_user("reader"))
    html = client.get(reverse("review:claim", args=[objects["claim"]])).content.decode()
    for action in ("confirm", "flag", "dismiss", "edit"):
        assert reverse(f"review:claim_{action}", args=[objects["claim"]]) not in html
