import json
from datetime import UTC, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.claims.models import Claim, Speaker
from tests.factories import ClaimFactory, EditorFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def reviewed(status=Claim.ReviewStatus.CONFIRMED, evidence=Claim.Evidence.NOT_STATED, **kwargs):
    editor = kwargs.pop("editor", None) or EditorFactory(first_name="Ada", last_name="Lovelace")
    return ClaimFactory(
        review_status=status, evidence=evidence, reviewed_by=editor, reviewed_at=timezone.now(), **kwargs
    )


def get_review(client, claim, **params):
    response = client.get(reverse("publishing:claimreview", args=[claim.pk]), params)
    assert response.status_code == 200, response.status_code
    return response, json.loads(response.content)


@pytest.mark.parametrize(
    ("status", "evidence", "value", "name", "sentence"),
    [
        ("unsupported", "not_provided", 1, "Unsupported", "gave no evidence"),
        ("unsupported", "provided", 1, "Unsupported", "gave evidence"),
        ("confirmed", "not_provided", 2, "Accurately attributed; no evidence given", "gave no evidence"),
        ("confirmed", "not_stated", 3, "Accurately attributed; evidence not stated", "does not say"),
        ("confirmed", "provided", 4, "Accurately attributed; evidence given", "gave evidence"),
    ],
)
def test_rating_follows_status_and_evidence(reader_client, status, evidence, value, name, sentence):
    claim = reviewed(status, evidence)
    _, data = get_review(reader_client, claim)
    rating = data["reviewRating"]
    assert rating == {
        "@type": "Rating",
        "ratingValue": value,
        "bestRating": 4,
        "worstRating": 1,
        "alternateName": name,
    }
    assert sentence in data["reviewBody"]
    if status == "unsupported":
        assert "unsupported" in data["reviewBody"]
    else:
        assert "made this claim as reported" in data["reviewBody"]


def test_claimreview_fields(reader_client, settings):
    settings.CLAIMTRACK_PUBLISHER_NAME = "The Harbour Herald"
    settings.CLAIMTRACK_PUBLISHER_URL = "https://herald.example/"
    settings.CLAIMTRACK_SITE_URL = "https://claims.herald.example/"
    claim = reviewed(
        speaker=SpeakerFactory(name="Jane Doe", kind=Speaker.Kind.PERSON),
        article__url="https://news.example/bridge",
        article__published_at=datetime(2026, 3, 4, 10, tzinfo=UTC),
    )
    response, data = get_review(reader_client, claim)
    assert response["Content-Type"] == "application/ld+json; charset=utf-8"
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "ClaimReview"
    assert data["claimReviewed"] == claim.content
    assert data["url"] == f"https://claims.herald.example/claims/{claim.pk}/"
    assert data["datePublished"] == claim.reviewed_at.date().isoformat()
    # the review is the newsroom's: the organisation is its author, not the editor who clicked
    assert data["author"] == {
        "@type": "Organization",
        "name": "The Harbour Herald",
        "url": "https://herald.example/",
    }
    assert "Lovelace" not in response.content.decode()
    item = data["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"] == {"@type": "Person", "name": "Jane Doe"}
    assert item["datePublished"] == "2026-03-04"
    assert item["appearance"]["url"] == "https://news.example/bridge"
    assert item["appearance"]["headline"] == claim.article.title
    assert item["appearance"]["publisher"] == {"@type": "Organization", "name": claim.article.source.name}


@pytest.mark.parametrize("kind", [Speaker.Kind.ORGANISATION, Speaker.Kind.GROUP])
def test_organisations_and_groups_are_organizations(reader_client, kind):
    claim = reviewed(speaker=SpeakerFactory(name="Harbour Council", kind=kind))
    _, data = get_review(reader_client, claim)
    assert data["itemReviewed"]["author"] == {"@type": "Organization", "name": "Harbour Council"}


def test_urls_come_from_the_site_url_never_the_request_host_and_no_username(reader_client, settings):
    settings.CLAIMTRACK_PUBLISHER_URL = ""
    settings.CLAIMTRACK_SITE_URL = "https://desk.example.org"
    claim = reviewed(editor=EditorFactory(username="editor"))  # pasted article: no URL
    response = reader_client.get(
        reverse("publishing:claimreview", args=[claim.pk]), HTTP_HOST="127.0.0.1", SERVER_NAME="127.0.0.1"
    )
    data = json.loads(response.content)
    assert (
        data["itemReviewed"]["appearance"]["url"] == f"https://desk.example.org/articles/{claim.article_id}/"
    )
    assert data["url"] == f"https://desk.example.org/claims/{claim.pk}/"
    assert data["author"] == {"@type": "Organization", "name": "Claimtrack newsroom"}
    body = response.content.decode()
    assert "127.0.0.1" not in body and "testserver" not in body and '"editor"' not in body
    assert data["itemReviewed"]["datePublished"] == claim.created_at.date().isoformat()


def test_url_parameter_names_the_newsrooms_page_and_bad_urls_are_ignored(reader_client):
    claim = reviewed()
    _, data = get_review(reader_client, claim, url="https://herald.example/fact-checks/bridge")
    assert data["url"] == "https://herald.example/fact-checks/bridge"
    _, data = get_review(reader_client, claim, url="javascript:alert(1)")
    assert data["url"] == f"http://127.0.0.1:8000/claims/{claim.pk}/"  # CLAIMTRACK_SITE_URL's default


def test_json_is_safe_inside_a_script_element(reader_client):
    claim = reviewed(speaker=SpeakerFactory(name="</script><script>alert(1)</script>"))
    response, data = get_review(reader_client, claim)
    body = response.content.decode()
    assert "<" not in body and ">" not in body and "&" not in body
    assert data["itemReviewed"]["author"]["name"] == "</script><script>alert(1)</script>"


@pytest.mark.parametrize("status", [Claim.ReviewStatus.NEW, Claim.ReviewStatus.DISMISSED])
def test_only_confirmed_or_unsupported_claims_have_a_review(reader_client, status):
    claim = ClaimFactory() if status == Claim.ReviewStatus.NEW else reviewed(status)
    response = reader_client.get(reverse("publishing:claimreview", args=[claim.pk]))
    assert response.status_code == 404


def test_anonymous_is_sent_to_sign_in(client):
    claim = reviewed()
    response = client.get(reverse("publishing:claimreview", args=[claim.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_claim_page_links_to_the_review_only_once_reviewed(editor_client):
    claim = ClaimFactory()
    link = reverse("publishing:claimreview", args=[claim.pk])
    assert link not in editor_client.get(reverse("review:claim", args=[claim.pk])).content.decode()
    response = editor_client.post(
        reverse("review:claim_flag", args=[claim.pk]), {"version": claim.version}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert link in response.content.decode()  # the refreshed claim card carries it
    assert (
        "ClaimReview JSON-LD" in editor_client.get(reverse("review:claim", args=[claim.pk])).content.decode()
    )


def test_flag_rationale_and_rating_are_published(reader_client, settings):
    settings.CLAIMTRACK_PUBLISHER_NAME = "The Harbour Herald"
    claim = reviewed(
        Claim.ReviewStatus.UNSUPPORTED,
        Claim.Evidence.NOT_PROVIDED,
        review_rationale="The ministry's own figures show the opposite",
        review_rating=Claim.Rating.NO_EVIDENCE,
        speaker=SpeakerFactory(name="Jane Doe"),
    )
    _, data = get_review(reader_client, claim)
    assert data["reviewRating"]["ratingValue"] == 2
    assert data["reviewRating"]["alternateName"] == "Accurately attributed; no evidence given"
    assert data["reviewBody"] == (
        "The Harbour Herald found this claim by Jane Doe unsupported. The ministry's own figures show the "
        "opposite. The speaker gave no evidence for it."
    )


def test_flag_from_the_desk_reaches_the_claimreview(editor_client):
    claim = ClaimFactory()
    editor_client.post(
        reverse("review:claim_flag", args=[claim.pk]),
        {"version": 1, "rationale": "No such report exists.", "rating": "1"},
        HTTP_HX_REQUEST="true",
    )
    _, data = get_review(editor_client, claim)
    assert data["reviewRating"]["ratingValue"] == 1 and "No such report exists." in data["reviewBody"]


def test_check_deploy_warns_while_the_site_url_is_local(settings):
    from apps.publishing.checks import check_site_url

    for local in ("http://127.0.0.1:8000", "http://localhost:8000", "http://10.0.0.5", "claims.example.org"):
        settings.CLAIMTRACK_SITE_URL = local
        assert [w.id for w in check_site_url(None)] == ["claimtrack.W001"], local
    settings.CLAIMTRACK_SITE_URL = "https://claims.example.org"
    assert check_site_url(None) == []
