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


# --- The queue's names, unknown parameters, the docs ----------------------------------------------------


def _ids(api, url="/api/claims", **params):
    response = api.get(url, params)
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


def test_claims_take_the_queues_filter_names(api, data):
    """The issue: /api/claims?status=unsupported returned every claim. It answers what the queue would."""
    c0, c1, c2 = data["claims"]
    assert _ids(api, status="unsupported") == [c2.pk]
    assert _ids(api, status="new") == [c1.pk, c0.pk]
    assert _ids(api, speaker="doe") == [c2.pk, c0.pk]  # part of the name, as the queue's speaker box
    assert _ids(api, speaker="Harbour Council") == [c1.pk]
    assert _ids(api, speaker=str(data["doe"].pk)) == [c2.pk, c0.pk]  # or the id
    assert _ids(api, source=data["source"].pk, status="new") == [c0.pk]
    Claim.objects.filter(pk=c0.pk).update(content="Rents rose by a third in the harbour district")
    assert _ids(api, q="harbour rents") == [c0.pk]  # the queue's full-text search
    Claim.objects.filter(pk=c0.pk).update(created_at=timezone.now() - timezone.timedelta(days=10))
    cut = (timezone.localdate() - timezone.timedelta(days=5)).isoformat()
    assert _ids(api, date_from=cut) == [c2.pk, c1.pk]
    assert _ids(api, date_to=cut) == [c0.pk]


def test_a_queue_url_querystring_works_as_is(api, data, editor_client):
    """What the queue's filter form submits (every field, most of them blank) is taken as it is."""
    _, _, c2 = data["claims"]
    qs = "q=&status=unsupported&evidence=&kind=&source=&speaker=Jane&date_from=&date_to="
    assert editor_client.get(f"/claims/?{qs}").status_code == 200
    response = api.get(f"/api/claims?{qs}")
    assert response.status_code == 200, response.content
    assert [item["id"] for item in response.json()["items"]] == [c2.pk]


def test_status_and_review_status_must_agree(api, data):
    _, _, c2 = data["claims"]
    assert _ids(api, status="unsupported", review_status="unsupported") == [c2.pk]
    response = api.get("/api/claims", {"status": "unsupported", "review_status": "new"})
    assert response.status_code == 422
    assert "give one" in response.content.decode()
    assert api.get("/api/claims", {"status": "bogus"}).status_code == 422


@pytest.mark.parametrize(
    ("url", "param"),
    [
        ("/api/claims", "statuss"),
        ("/api/claims", "after"),  # the queue's cursor: no meaning here, so not silently ignored
        ("/api/speakers", "name"),
        ("/api/articles", "evidence"),
        ("/api/sources", "q"),
    ],
)
def test_an_unknown_filter_is_422_naming_it_and_what_is_accepted(api, data, url, param):
    response = api.get(url, {param: "x", "limit": 5})
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["unknown"] == [param]
    assert "limit" in body["accepted"] and "offset" in body["accepted"] and param not in body["accepted"]
    assert body["detail"][0]["loc"] == ["query", param]
    assert param in body["detail"][0]["msg"] and "limit" in body["detail"][0]["msg"]


def test_every_accepted_parameter_is_accepted(api, data):
    openapi = api.get("/api/openapi.json").json()
    samples = {"limit": "5", "offset": "0", "active": "true", "since": "2020-01-01T00:00:00Z"}
    samples |= {"until": "2100-01-01T00:00:00Z", "date_from": "2020-01-01", "date_to": "2100-01-01"}
    for path in ("/api/claims", "/api/speakers", "/api/articles", "/api/sources"):
        parameters = openapi["paths"][path]["get"]["parameters"]
        names = [p["name"] for p in parameters]
        body = api.get(path, {"nope": "1"}).json()
        assert body["accepted"] == names, path  # the schema and the 422 list the same names
        for parameter in parameters:
            name = parameter["name"]
            schema = parameter["schema"]
            enum = next((s["enum"] for s in [schema, *schema.get("anyOf", [])] if "enum" in s), None)
            value = enum[0] if enum else samples.get(name, "1")
            response = api.get(path, {name: value})
            assert response.status_code == 200, (path, name, response.content)


def test_two_unknown_parameters_are_both_named(api):
    body = api.get("/api/claims", {"stauts": "new", "speaker_name": "Doe"}).json()
    assert body["unknown"] == ["speaker_name", "stauts"]


def test_openapi_lists_the_new_names_and_the_422(api):
    openapi = api.get("/api/openapi.json").json()
    claims = openapi["paths"]["/api/claims"]["get"]
    params = {p["name"]: p for p in claims["parameters"]}
    for name in ("status", "review_status", "q", "date_from", "date_to", "speaker", "source", "evidence"):
        assert name in params, name
    assert {"type": "string", "maxLength": 300}.items() <= params["speaker"]["schema"]["anyOf"][0].items()
    assert params["date_from"]["schema"]["anyOf"][0]["format"] == "date"
    for path in ("/api/claims", "/api/speakers", "/api/articles", "/api/sources"):
        assert "422" in openapi["paths"][path]["get"]["responses"], path
    error = openapi["components"]["schemas"]["ParamError"]
    assert {"detail", "unknown", "accepted"} <= set(error["properties"])


def test_an_unknown_parameter_answers_what_the_schema_says(api):
    openapi = api.get("/api/openapi.json").json()
    schema = openapi["paths"]["/api/claims"]["get"]["responses"]["422"]["content"]["application/json"][
        "schema"
    ]
    components = _strict(copy.deepcopy(openapi["components"]))
    body = api.get("/api/claims", {"statuss": "x"}).json()
    jsonschema.Draft202012Validator({**schema, "components": components}).validate(body)


def test_api_root_links_the_docs_and_schema(api, client):
    body = api.get("/api/").json()
    assert body["docs"] == "http://testserver/api/docs"
    assert body["openapi"] == "http://testserver/api/openapi.json"
    assert body["endpoints"]["claims"] == "http://testserver/api/claims"
    anonymous = client.get("/api/")
    assert anonymous.status_code == 401 and anonymous.json()["docs"] == "http://testserver/api/docs"


def test_api_docs_page_is_rendered_from_the_schema(reader_client, api):
    """/api/docs was a 404: now a page of the site (no CDN, no script of its own) listing every endpoint of
    the OpenAPI schema with its parameters, what it answers, the objects' fields and how to authenticate."""
    response = reader_client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    openapi = api.get("/api/openapi.json").json()
    for path, operations in openapi["paths"].items():
        for method, operation in operations.items():
            assert f'data-api-op="{method.upper()} {path}"' in html, path
            for parameter in operation.get("parameters", []):
                assert f'data-param="{parameter["name"]}"' in html
    claims = html.split('data-api-op="GET /api/claims"')[1].split("</article>")[0]
    for name in ("status", "review_status", "q", "date_from", "speaker"):
        assert f'data-param="{name}"' in claims, name
    assert "<code>unsupported</code>" in claims  # the choices of status
    assert "Speaker id, or part of the speaker" in claims
    for name in openapi["components"]["schemas"]:
        if not name.endswith("Filters"):
            assert f'id="schema-{name}"' in html, name
    assert 'data-auth-scheme="BearerToken"' in html and "Authorization: Bearer" in html
    assert 'data-auth-scheme="SessionAuth"' in html
    assert 'href="/api/openapi.json"' in html
    # nothing from elsewhere: every script and stylesheet is our own
    for src in re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html):
        assert src.startswith("/"), src
    assert "swagger" not in html.lower() and "cdn" not in html.lower()


def test_api_docs_needs_sign_in_or_a_token(client, api):
    response = client.get("/api/docs")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=/api/docs")
    assert api.get("/api/docs").status_code == 200


def test_queue_links_its_claims_in_the_api_and_the_docs(editor_client, data):
    html = editor_client.get("/claims/", {"status": "unsupported", "evidence": ""}).content.decode()
    assert 'href="/api/claims?status=unsupported"' in html
    assert 'href="/api/docs"' in html


def test_claims_stay_newest_first_whatever_the_filters(api):
    """The queue reads an article in text order; the API keeps its own order (newest first) so that offsets
    stay put while claims come in."""
    article = ArticleFactory(text="Jane Doe said rents rose. Tom Reed said the harbour will close next year.")
    earlier_in_text = ClaimFactory(article=article, start=0, end=24)
    later_in_text = ClaimFactory(article=article, start=26, end=60)  # added second: the newer
    assert _ids(api) == [later_in_text.pk, earlier_in_text.pk]
    assert _ids(api, status="new") == [later_in_text.pk, earlier_in_text.pk]
