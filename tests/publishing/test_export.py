import csv
import io

import pytest
from django.urls import reverse

from apps.claims.filters import QueueFilterForm
from apps.claims.models import Claim
from apps.claims.selectors import claims_filtered
from apps.publishing.exports import HEADER, safe_cell
from tests.factories import ArticleFactory, ClaimFactory, SourceFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

URL = "/claims/export.csv"


def rows_of(response) -> list[dict]:
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="claims-')
    text = b"".join(response.streaming_content).decode()
    reader = csv.DictReader(io.StringIO(text))
    assert reader.fieldnames == HEADER
    return list(reader)


def test_url():
    assert reverse("publishing:claims_export") == URL


def test_same_querystring_same_rows_as_the_queue(reader_client):
    herald = SourceFactory(name="Herald")
    doe = SpeakerFactory(name="Jane Doe")
    wanted = [
        ClaimFactory(article=ArticleFactory(source=herald), speaker=doe, evidence="not_provided")
        for _ in range(3)
    ]
    ClaimFactory(article=ArticleFactory(source=herald), speaker=doe, evidence="provided")
    ClaimFactory(speaker=doe, evidence="not_provided")  # another source
    ClaimFactory(article=ArticleFactory(source=herald), evidence="not_provided")  # another speaker
    query = {"evidence": "not_provided", "source": herald.pk, "speaker": "jane doe"}
    rows = rows_of(reader_client.get(URL, query))
    expected = list(claims_filtered(QueueFilterForm(query).filters()).values_list("pk", flat=True))
    assert [int(r["id"]) for r in rows] == expected == [c.pk for c in reversed(wanted)]
    # and the queue page shows the same claims
    queue = reader_client.get(reverse("review:queue"), query).content.decode()
    for claim in wanted:
        assert f'value="{claim.pk}"' in queue or f"/claims/{claim.pk}/" in queue


@pytest.mark.parametrize("sort", ["", "worth"])
def test_every_claim_once_in_the_queues_order_across_pages(reader_client, monkeypatch, sort):
    """The export reads the queue's keyset pages (a small first one, then bigger): every claim once, in the
    queue's order, whatever the page sizes."""
    from apps.publishing import selectors

    monkeypatch.setattr(selectors, "EXPORT_FIRST", 2)
    monkeypatch.setattr(selectors, "EXPORT_CHUNK", 3)
    for i, article in enumerate(ArticleFactory.create_batch(3)):
        for j in range(3):
            ClaimFactory(article=article, start=j * 100, end=j * 100 + 10, worth_score=(i * 3 + j) % 4)
    rows = rows_of(reader_client.get(URL, {"sort": sort} if sort else {}))
    expected = list(claims_filtered(QueueFilterForm({"sort": sort}).filters()).values_list("pk", flat=True))
    assert [int(r["id"]) for r in rows] == expected and len(expected) == 9


def test_status_filter_and_columns(reader_client, editor):
    from django.utils import timezone

    flagged = ClaimFactory(
        review_status=Claim.ReviewStatus.UNSUPPORTED, reviewed_by=editor, reviewed_at=timezone.now()
    )
    ClaimFactory()
    rows = rows_of(reader_client.get(URL, {"status": "unsupported"}))
    assert len(rows) == 1
    row = rows[0]
    assert row["id"] == str(flagged.pk)
    assert row["claim"] == flagged.content
    assert row["review_status"] == "unsupported"
    assert row["reviewed_by"] == "ed"
    assert row["speaker"] == flagged.speaker.name
    assert row["source"] == flagged.article.source.name
    assert row["claim_page"] == f"http://testserver/claims/{flagged.pk}/"


def test_invalid_filters_are_ignored_like_the_queue(reader_client):
    claims = ClaimFactory.create_batch(2)
    rows = rows_of(reader_client.get(URL, {"status": "bogus", "date_from": "not-a-date"}))
    assert {int(r["id"]) for r in rows} == {c.pk for c in claims}


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_formula_cells_are_defused(start):
    assert safe_cell(f'{start}HYPERLINK("http://evil")') == f'\'{start}HYPERLINK("http://evil")'


def test_csv_injection_in_the_file(reader_client):
    claim = ClaimFactory(speaker=SpeakerFactory(name='=HYPERLINK("http://evil.example","x")'), cue="@SUM(1)")
    row = rows_of(reader_client.get(URL))[0]
    assert row["id"] == str(claim.pk)
    assert row["speaker"] == '\'=HYPERLINK("http://evil.example","x")'
    assert row["cue"] == "'@SUM(1)"
    assert safe_cell("said") == "said" and safe_cell(7) == 7 and safe_cell(None) == ""


def test_query_count_does_not_grow_with_rows(reader_client, django_assert_num_queries):
    ClaimFactory.create_batch(3)

    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            rows_of(reader_client.get(URL))
        return len(ctx.captured_queries)

    few = count()
    ClaimFactory.create_batch(20)
    assert count() == few


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_queue_links_to_the_export_with_its_filters(reader_client):
    html = reader_client.get(
        reverse("review:queue"), {"status": "unsupported", "kind": "direct"}
    ).content.decode()
    assert 'href="/claims/export.csv?status=unsupported&amp;kind=direct"' in html
    # the htmx partial (what a filter change swaps in) carries it too
    partial = reader_client.get(reverse("review:queue"), {"evidence": "provided"}, HTTP_HX_REQUEST="true")
    assert 'href="/claims/export.csv?evidence=provided"' in partial.content.decode()
