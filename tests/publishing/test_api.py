import copy
import re
from io import StringIO

import jsonschema
import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.claims.models import Claim
from apps.publishing.models import ApiToken, token_digest
from apps.publishing.services import api_token_create
from tests.factories import ArticleFactory, ClaimFactory, SourceFactory, SpeakerFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def token(reader):
    return api_token_create(user=reader, name="CMS sync")[1]


@pytest.fixture
def api(client, token):
    """A client that sends the reader's bearer token and no session."""
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


@pytest.fixture
def data():
    herald = SourceFactory(name="Herald")
    doe = SpeakerFactory(name="Jane Doe", kind="person")
    council = SpeakerFactory(name="Harbour Council", kind="organisation")
    a1 = ArticleFactory(source=herald, url="https://herald.example/1", published_at=timezone.now())
    a2 = ArticleFactory()
    claims = [
        ClaimFactory(article=a1, speaker=doe, evidence="not_provided", kind="direct"),
        ClaimFactory(article=a2, speaker=council, evidence="provided"),
        ClaimFactory(
            article=ArticleFactory(source=herald),
            speaker=doe,
            review_status="unsupported",
            reviewed_at=timezone.now(),
        ),
    ]
    return {"source": herald, "doe": doe, "council": council, "a1": a1, "a2": a2, "claims": claims}


def _strict(schema):
    """Every object in the schema allows only its declared properties: keys must match exactly."""
    if isinstance(schema, dict):
        if schema.get("type") == "object" and "properties" in schema:
            schema["additionalProperties"] = False
        for value in schema.values():
            _strict(value)
    elif isinstance(schema, list):
        for value in schema:
            _strict(value)
    return schema


def test_every_endpoint_answers_what_its_schema_says(api, data):
    openapi = api.get("/api/openapi.json").json()
    components = _strict(copy.deepcopy(openapi["components"]))
    ids = {
        "claim_id": data["claims"][0].pk,
        "speaker_id": data["doe"].pk,
        "article_id": data["a1"].pk,
        "source_id": data["source"].pk,
    }
    checked = []
    for path, operations in openapi["paths"].items():
        assert set(operations) == {"get"}, f"{path} must be read-only"
        operation = operations["get"]
        assert operation.get("security"), f"{path} must require auth"
        url = re.sub(r"\{(\w+)\}", lambda m: str(ids[m.group(1)]), path)
        response = api.get(url)
        assert response.status_code == 200, (url, response.content)
        schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
        body = response.json()
        jsonschema.Draft202012Validator({**schema, "components": components}).validate(body)
        if "items" in body:
            assert body["items"], f"{url} returned no items to check"
        checked.append(path)
    assert sorted(checked) == sorted(
        [
            "/api/claims",
            "/api/claims/{claim_id}",
            "/api/speakers",
            "/api/speakers/{speaker_id}",
            "/api/articles",
            "/api/articles/{article_id}",
            "/api/sources",
            "/api/sources/{source_id}",
        ]
    )
    bearer = openapi["components"]["securitySchemes"]
    assert any(s.get("scheme") == "bearer" for s in bearer.values())


def test_anonymous_gets_401_everywhere(client, data):
    for url in ("/api/claims", f"/api/claims/{data['claims'][0].pk}", "/api/speakers", "/api/openapi.json"):
        assert client.get(url).status_code == 401, url


@pytest.mark.parametrize("header", ["Bearer nope", "Bearer ", "Token abc", "Basic cmVhZGVyOnB3"])
def test_a_wrong_token_is_401(client, token, header):
    assert client.get("/api/claims", HTTP_AUTHORIZATION=header).status_code == 401


def test_an_inactive_users_token_is_401(api, reader):
    reader.is_active = False
    reader.save()
    assert api.get("/api/claims").status_code == 401


def test_token_is_stored_hashed_and_use_is_recorded(api, token):
    row = ApiToken.objects.get()
    assert token.startswith("ct_") and len(token) > 40
    assert row.token_hash == token_digest(token) and token not in row.token_hash
    assert row.prefix == token[:10]
    assert row.last_used_at is None
    assert api.get("/api/sources").status_code == 200
    row.refresh_from_db()
    assert row.last_used_at is not None


def test_session_works_for_a_reader(reader_client, data):
    body = reader_client.get("/api/claims").json()
    assert len(body["items"]) == 3


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_read_only(api, data, method):
    claim = data["claims"][0]
    for url in ("/api/claims", f"/api/claims/{claim.pk}"):
        assert getattr(api, method)(url, {}, content_type="application/json").status_code == 405
    assert Claim.objects.filter(pk=claim.pk).exists()


def test_claim_filters(api, data):
    doe, herald, a1 = data["doe"], data["source"], data["a1"]
    c0, c1, c2 = data["claims"]

    def ids(**params):
        response = api.get("/api/claims", params)
        assert response.status_code == 200, response.content
        return [item["id"] for item in response.json()["items"]]

    assert ids() == [c2.pk, c1.pk, c0.pk]
    assert ids(review_status="unsupported") == [c2.pk]
    assert ids(evidence="not_provided") == [c0.pk]
    assert ids(kind="direct") == [c0.pk]
    assert ids(speaker=doe.pk) == [c2.pk, c0.pk]
    assert ids(source=herald.pk) == [c2.pk, c0.pk]
    assert ids(article=a1.pk) == [c0.pk]
    Claim.objects.filter(pk=c0.pk).update(created_at=timezone.now() - timezone.timedelta(days=10))
    since = (timezone.now() - timezone.timedelta(days=1)).isoformat()
    assert ids(since=since) == [c2.pk, c1.pk]
    assert ids(until=since) == [c0.pk]
    assert api.get("/api/claims", {"review_status": "bogus"}).status_code == 422


def test_claim_shape(api, data):
    c0, _, c2 = data["claims"]
    item = api.get(f"/api/claims/{c0.pk}").json()
    assert item["speaker"] == {"id": data["doe"].pk, "name": "Jane Doe", "kind": "person"}
    assert item["source"] == {"id": data["source"].pk, "name": "Herald"}
    assert item["article"]["url"] == "https://herald.example/1"
    assert item["page_url"] == f"http://testserver/claims/{c0.pk}/"
    assert item["claimreview_url"] is None
    flagged = api.get(f"/api/claims/{c2.pk}").json()
    assert flagged["claimreview_url"] == f"http://testserver/claims/{c2.pk}/claimreview.json"
    assert api.get("/api/claims/999999").status_code == 404


def test_other_filters(api, data):
    speakers = api.get("/api/speakers", {"kind": "organisation"}).json()["items"]
    assert [s["name"] for s in speakers] == ["Harbour Council"]
    assert [s["name"] for s in api.get("/api/speakers", {"q": "doe"}).json()["items"]] == ["Jane Doe"]
    articles = api.get("/api/articles", {"source": data["source"].pk}).json()["items"]
    assert len(articles) == 2 and all(a["source"]["name"] == "Herald" for a in articles)
    assert "text" not in articles[0]
    SourceFactory(name="Dormant", active=False)
    assert [s["name"] for s in api.get("/api/sources", {"active": "false"}).json()["items"]] == ["Dormant"]


def test_limit_offset_pagination_and_cap(api, data):
    first = api.get("/api/claims", {"limit": 2}).json()
    assert len(first["items"]) == 2 and first["limit"] == 2 and first["offset"] == 0
    assert first["next"].startswith("http://testserver/api/claims?")
    second = api.get(first["next"]).json()
    assert len(second["items"]) == 1 and second["next"] is None
    assert {i["id"] for i in first["items"] + second["items"]} == {c.pk for c in data["claims"]}
    assert api.get("/api/claims", {"limit": 201}).status_code == 422
    assert api.get("/api/claims", {"limit": 200}).status_code == 200
    assert api.get("/api/claims", {"limit": 0}).status_code == 422


def test_fixed_number_of_queries_a_page(api, data, django_assert_num_queries):
    api.get("/api/claims")  # the token was just touched; now it will not be written again for a minute
    for _ in range(10):
        ClaimFactory(
            article=ArticleFactory(source=SourceFactory()),
            reviewed_by=UserFactory(),
            review_status="confirmed",
            reviewed_at=timezone.now(),
        )
    # token lookup + the page: no query per claim, speaker, article, source or editor
    with django_assert_num_queries(2):
        body = api.get("/api/claims", {"limit": 200}).json()
    assert len(body["items"]) == 13


def test_create_api_token_command(reader):
    out, err = StringIO(), StringIO()
    call_command("create_api_token", "reader", "--name", "Newsletter", stdout=out, stderr=err)
    raw = out.getvalue().strip()
    assert ApiToken.objects.get(name="Newsletter").token_hash == token_digest(raw)
    assert Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get("/api/sources").status_code == 200
    with pytest.raises(Exception, match="No active user"):
        call_command("create_api_token", "nobody", stdout=out, stderr=err)


def test_admin_creates_a_token_and_shows_it_once(client, admin_user_, reader):
    client.force_login(admin_user_)
    response = client.post(
        reverse("admin:publishing_apitoken_add"), {"user": reader.pk, "name": "Site search"}, follow=True
    )
    assert response.status_code == 200
    html = response.content.decode()
    raw = re.search(r"(ct_[A-Za-z0-9_-]{40,})", html).group(1)
    token = ApiToken.objects.get(name="Site search")
    assert token.user == reader and token.token_hash == token_digest(raw)
    change = client.get(reverse("admin:publishing_apitoken_change", args=[token.pk])).content.decode()
    assert raw not in change and token.prefix in change
    assert Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get("/api/claims").status_code == 200
