"""The accuracy page and its worst-cases lists, through the Django test client."""

import re

import pytest
from django.urls import reverse

from apps.claims.models import Claim
from tests.factories import ArticleFactory, ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db

OVERVIEW = reverse("accuracy:overview")
CASES = reverse("accuracy:cases")


def test_anonymous_is_sent_to_sign_in(client):
    for url in (OVERVIEW, f"{CASES}?kind=missed"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_reader_sees_the_figures_with_their_counts(reader_client, desk):
    html = reader_client.get(OVERVIEW).content.decode()
    assert "<h1>Accuracy</h1>" in html
    # overall: precision 5 kept of 6 reviewed (83%), speaker 4 of 5 (80%)
    assert "5 kept of 6 reviewed" in html and "83%" in html
    assert "4 unchanged of 5 kept" in html
    assert "Not counted yet: 1 machine claim awaiting review" in html
    # tables per source, version, week and month, each ratio with its n
    for title in ("By source", "By extractor version", "By week", "By month"):
        assert title in html
    assert "North Gazette" in html and "South Herald" in html
    assert '<span class="acc-n">3/4</span>' in html  # North's precision
    assert '<span class="acc-n">1/2</span>' in html  # South's span
    # worst cases one click away, for the slice of the row
    assert f'href="{CASES}?kind=dismissed&amp;source={desk.north.pk}"' in html
    assert f'href="{CASES}?kind=span_changed&amp;source={desk.south.pk}"' in html
    assert f'href="{CASES}?kind=missed&amp;version=v1"' in html
    assert 'aria-current="page">Accuracy</a>' in html  # the nav link
    assert "style=" not in html and "<script>" not in html  # CSP: no inline styles or scripts


def test_worst_cases_link_to_the_claims(reader_client, desk):
    response = reader_client.get(CASES, {"kind": "speaker_changed", "source": desk.north.pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Source: North Gazette" in html
    assert reverse("review:claim", args=[desk.claims["speaker"].pk]) in html
    assert "Jane Doe" in html and "Engineers" in html
    assert reverse("review:claim", args=[desk.claims["confirmed"].pk]) not in html


def test_every_cases_link_on_the_page_answers(reader_client, desk):
    html = reader_client.get(OVERVIEW).content.decode()
    links = set(re.findall(r'href="(/accuracy/cases/\?[^"]+)"', html))
    assert len(links) > 10
    for link in links:
        response = reader_client.get(link.replace("&amp;", "&"))
        assert response.status_code == 200, link
        assert "/claims/" in response.content.decode(), link  # each lists at least one claim


@pytest.mark.parametrize(
    "params",
    [{"kind": "nonsense"}, {"kind": "missed", "source": "x"}, {"kind": "missed", "source": "999999"}],
)
def test_a_bad_cases_link_is_not_found(reader_client, params):
    assert reader_client.get(CASES, params).status_code == 404


def test_the_empty_page(reader_client):
    html = reader_client.get(OVERVIEW).content.decode()
    assert "Not counted yet: 0 machine claims" in html
    assert "No claims in this period." in html


def test_hostile_text_is_escaped(reader_client, editor):
    source = SourceFactory(name="<script>alert(1)</script>")
    claim = ClaimFactory(article=ArticleFactory(source=source), extractor_version="<b>v9</b>")
    Claim.objects.filter(pk=claim.pk).update(review_status="dismissed", reviewed_by=editor)
    from django.utils import timezone

    Claim.objects.filter(pk=claim.pk).update(reviewed_at=timezone.now())
    html = reader_client.get(OVERVIEW).content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html
    assert "<b>v9</b>" not in html
    html = reader_client.get(CASES, {"kind": "dismissed", "source": source.pk}).content.decode()
    assert "<script>alert(1)" not in html


def _make(n: int, source, version: str, editor) -> None:
    from apps.claims.services import claim_dismiss

    for _ in range(n):
        claim = ClaimFactory(article=ArticleFactory(source=source, extractor_version=version))
        claim_dismiss(claim=claim, user=editor)


def test_the_page_takes_a_fixed_number_of_queries(reader_client, editor, django_assert_num_queries):
    _make(1, SourceFactory(), "v1", editor)
    reader_client.get(OVERVIEW)  # warm the session
    # session, user (with the editor check), the count rows, the sources' names (never the claims table)
    with django_assert_num_queries(4):
        assert reader_client.get(OVERVIEW).status_code == 200
    for version in ("v2", "v3"):
        _make(3, SourceFactory(), version, editor)
    with django_assert_num_queries(4):
        assert reader_client.get(OVERVIEW).status_code == 200


def test_the_cases_page_takes_a_fixed_number_of_queries(reader_client, editor, django_assert_num_queries):
    source = SourceFactory()
    _make(1, source, "v1", editor)
    params = {"kind": "dismissed", "source": source.pk}
    reader_client.get(CASES, params)
    # session, user (with the editor check), count, page, source name (outcomes are recorded as claims are written)
    with django_assert_num_queries(5):
        assert reader_client.get(CASES, params).status_code == 200
    _make(5, source, "v1", editor)
    with django_assert_num_queries(5):
        html = reader_client.get(CASES, params).content.decode()
    assert "6 claims" in html
