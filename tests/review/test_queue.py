import pytest
from django.urls import reverse

from apps.claims.models import Claim

from .conftest import HX, ArticleFactory, ClaimFactory, SourceFactory, SpeakerFactory, make_claims

pytestmark = pytest.mark.django_db
QUEUE = reverse("review:queue")


def test_login_required(client):
    response = client.get(QUEUE)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_full_page_and_htmx_partial(editor_client):
    make_claims(3)
    full = editor_client.get(QUEUE)
    assert full.status_code == 200
    assert b"<html" in full.content and b'id="queue-filters"' in full.content
    assert full["Vary"] and "HX-Request" in full["Vary"]
    partial = editor_client.get(QUEUE, **HX)
    assert b"<html" not in partial.content and b'id="queue-results"' in partial.content
    assert b'id="queue-filters"' not in partial.content
    assert b'hx-swap-oob="true"' in partial.content  # the status counts follow the filter


def test_boosted_request_gets_the_full_page(editor_client):
    response = editor_client.get(QUEUE, HTTP_HX_REQUEST="true", HTTP_HX_BOOSTED="true")
    assert b"<html" in response.content


def test_newest_first_with_badges_and_links(editor_client):
    older, newer = make_claims(2)
    body = editor_client.get(QUEUE).content.decode()
    assert body.index(f"/claims/{newer.pk}/") < body.index(f"/claims/{older.pk}/")
    assert "Indirect" in body and "Not stated" in body and "status-new" in body
    assert older.speaker.name in body and older.article.source.name in body


def test_filters_by_status_evidence_kind_source_and_speaker(editor_client):
    a, b, c = make_claims(3)
    Claim.objects.filter(pk=a.pk).update(review_status="unsupported", evidence="not_provided", kind="direct")
    ids = lambda **q: {  # noqa: E731
        c.pk for c in editor_client.get(QUEUE, q).context["page"].claims
    }
    assert ids(status="unsupported") == {a.pk}
    assert ids(status="new") == {b.pk, c.pk}
    assert ids(evidence="not_provided") == {a.pk}
    assert ids(kind="direct") == {a.pk}
    assert ids(source=b.article.source_id) == {b.pk}
    assert ids(speaker=c.speaker.name) == {c.pk}
    assert ids(speaker=str(c.speaker_id)) == {c.pk}
    assert ids(status="bogus") == {a.pk, b.pk, c.pk}  # an invalid filter is ignored, not an error


def test_source_filter_follows_the_article_source(editor_client):
    """The source filter reads the claim's copy of its article's source (claims 0010's triggers keep it): a
    claim written by a bulk insert, moved to another article, or whose article changes source follows."""
    first, second = SourceFactory(), SourceFactory()
    article = ArticleFactory(source=first)
    (claim,) = Claim.objects.bulk_create([ClaimFactory.build(article=article, speaker=SpeakerFactory())])
    ids = lambda source: {  # noqa: E731
        c.pk for c in editor_client.get(QUEUE, {"source": source.pk}).context["page"].claims
    }
    assert ids(first) == {claim.pk} and ids(second) == set()
    article.source = second
    article.save(update_fields=["source"])
    assert ids(first) == set() and ids(second) == {claim.pk}
    Claim.objects.filter(pk=claim.pk).update(article=ArticleFactory(source=first))
    assert ids(first) == {claim.pk} and ids(second) == set()
    Claim.objects.filter(pk=claim.pk).update(source=second)  # a copy cannot be set by hand
    assert ids(first) == {claim.pk}


def test_date_range(editor_client):
    a, b = make_claims(2)
    Claim.objects.filter(pk=a.pk).update(created_at="2024-01-05T12:00:00Z")
    page = editor_client.get(QUEUE, {"date_from": "2024-01-01", "date_to": "2024-01-31"}).context["page"]
    assert [c.pk for c in page.claims] == [a.pk]
    page = editor_client.get(QUEUE, {"date_from": "2024-02-01"}).context["page"]
    assert [c.pk for c in page.claims] == [b.pk]


def test_full_text_search_uses_stemming(editor_client):
    article = ArticleFactory(text="Officials said terrorists had attacked the capital. Nobody agreed.")
    hit = ClaimFactory(article=article, start=14, end=50)
    make_claims(2)
    page = editor_client.get(QUEUE, {"q": "terrorist attack"}).context["page"]
    assert [c.pk for c in page.claims] == [hit.pk]
    assert editor_client.get(QUEUE, {"q": "zebra"}).context["page"].claims == []
    assert b"No claims match" in editor_client.get(QUEUE, {"q": "zebra"}).content


def test_status_counts_follow_other_filters(editor_client):
    a, b, c = make_claims(3)
    Claim.objects.filter(pk=a.pk).update(review_status="confirmed", evidence="not_provided")
    Claim.objects.filter(pk=b.pk).update(evidence="not_provided")
    ctx = editor_client.get(QUEUE, {"evidence": "not_provided", "status": "new"}).context
    assert ctx["counts"] == {"all": 2, "new": 1, "confirmed": 1, "unsupported": 0, "dismissed": 0}


def test_counts_are_capped(editor_client, monkeypatch):
    from apps.claims import selectors

    monkeypatch.setattr(selectors, "COUNT_CAP", 2)
    monkeypatch.setattr(selectors, "SCAN_CAP", 2)
    make_claims(3)
    response = editor_client.get(QUEUE)
    assert response.context["counts"]["all"] is None
    assert "2+" in response.content.decode()


def test_counts_are_exact_while_one_scan_covers_them(editor_client, monkeypatch):
    """Past the display cap but within the scan cap, every tab still gets its exact count."""
    from apps.claims import selectors

    monkeypatch.setattr(selectors, "COUNT_CAP", 2)
    monkeypatch.setattr(selectors, "SCAN_CAP", 10)
    a, *_ = make_claims(4)
    Claim.objects.filter(pk=a.pk).update(review_status="confirmed")
    response = editor_client.get(QUEUE)
    assert response.context["counts"] == {
        "all": 4,
        "new": 3,
        "confirmed": 1,
        "unsupported": 0,
        "dismissed": 0,
    }
    assert ">2+<" not in response.content.decode()  # (a bare "2+" also turns up in an ISO timestamp)


def test_keyset_pagination_forward_and_back(editor_client):
    claims = make_claims(23)
    newest_first = [c.pk for c in reversed(claims)]
    first = editor_client.get(QUEUE, {"size": 10}).context["page"]
    assert [c.pk for c in first.claims] == newest_first[:10] and first.is_first and not first.prev_cursor
    second = editor_client.get(QUEUE, {"size": 10, "after": first.next_cursor}).context["page"]
    assert [c.pk for c in second.claims] == newest_first[10:20]
    third = editor_client.get(QUEUE, {"size": 10, "after": second.next_cursor}).context["page"]
    assert [c.pk for c in third.claims] == newest_first[20:] and not third.next_cursor
    back = editor_client.get(QUEUE, {"size": 10, "before": third.prev_cursor}).context["page"]
    assert [c.pk for c in back.claims] == newest_first[10:20]
    back_again = editor_client.get(QUEUE, {"size": 10, "before": back.prev_cursor}).context["page"]
    assert [c.pk for c in back_again.claims] == newest_first[:10] and not back_again.prev_cursor


def test_claims_with_the_same_timestamp_are_not_lost_between_pages(editor_client):
    claims = make_claims(15)
    Claim.objects.update(created_at=claims[0].created_at)
    first = editor_client.get(QUEUE, {"size": 10}).context["page"]
    second = editor_client.get(QUEUE, {"size": 10, "after": first.next_cursor}).context["page"]
    seen = [c.pk for c in first.claims + second.claims]
    assert sorted(seen) == sorted(c.pk for c in claims) and len(set(seen)) == 15


def test_bad_cursor_shows_the_first_page(editor_client):
    make_claims(2)
    assert len(editor_client.get(QUEUE, {"after": "garbage!!"}).context["page"].claims) == 2


def test_pagination_links_carry_the_filter(editor_client):
    make_claims(12, evidence="not_provided")
    body = editor_client.get(QUEUE, {"evidence": "not_provided", "size": 10}).content.decode()
    assert "evidence=not_provided&amp;after=" in body
    assert 'hx-push-url="true"' in body


def test_claim_links_carry_the_filter(editor_client):
    make_claims(1)
    assert "?status=new" in editor_client.get(QUEUE, {"status": "new"}).content.decode()


@pytest.mark.parametrize("size", [10, 40])
def test_fixed_number_of_queries_whatever_the_page_size(editor_client, django_assert_num_queries, size):
    sources = [SourceFactory() for _ in range(3)]
    for i in range(45):
        ClaimFactory(article=ArticleFactory(source=sources[i % 3]), speaker=SpeakerFactory())
    editor_client.get(QUEUE)  # warm the session
    # session, user (with is-editor), sources for the filter, the page, the capped counts, the editor's desk
    # setting
    with django_assert_num_queries(6):
        response = editor_client.get(QUEUE, {"size": size})
    assert len(response.context["page"].claims) == size


def test_search_and_filters_at_two_page_sizes_same_queries(editor_client, django_assert_num_queries):
    make_claims(30, evidence="not_provided")
    for size in (10, 30):
        with django_assert_num_queries(4):  # the partial has no filter form, so no sources query
            editor_client.get(QUEUE, {"size": size, "q": "bridge", "evidence": "not_provided"}, **HX)


# --- Bulk -----------------------------------------------------------------------------------------

BULK = reverse("review:claims_bulk")


def test_bulk_flag_as_htmx(editor_client, editor):
    a, b, c = make_claims(3)
    response = editor_client.post(
        BULK, {"action": "flag", "ids": [a.pk, b.pk], "filter_qs": "status=new"}, **HX
    )
    assert response.status_code == 200
    assert b'id="queue-results"' in response.content and b"<html" not in response.content
    assert "2 claims marked unsupported" in response.content.decode()
    assert set(Claim.objects.filter(review_status="unsupported").values_list("pk", flat=True)) == {a.pk, b.pk}
    assert Claim.objects.get(pk=a.pk).reviewed_by == editor
    body = response.content.decode()  # the filter (status=new) is kept: only c is left
    assert f"/claims/{c.pk}/" in body and f"/claims/{a.pk}/" not in body
    assert Claim.history.filter(id=a.pk, review_status="unsupported", history_user=editor).exists()


@pytest.mark.parametrize("action,status", [("confirm", "confirmed"), ("dismiss", "dismissed")])
def test_bulk_without_javascript_redirects_to_the_filtered_queue(editor_client, action, status):
    a, b = make_claims(2)
    response = editor_client.post(BULK, {"action": action, "ids": [a.pk], "filter_qs": "evidence=not_stated"})
    assert response.status_code == 302 and response["Location"] == f"{QUEUE}?evidence=not_stated"
    assert Claim.objects.get(pk=a.pk).review_status == status
    assert Claim.objects.get(pk=b.pk).review_status == "new"


def test_bulk_with_nothing_selected_says_so(editor_client):
    make_claims(1)
    response = editor_client.post(BULK, {"action": "confirm"}, **HX)
    assert response.status_code == 422 and "Select some claims first" in response.content.decode()


def test_bulk_refused_for_readers(reader_client):
    (a,) = make_claims(1)
    assert reader_client.post(BULK, {"action": "confirm", "ids": [a.pk]}).status_code == 403
    assert Claim.objects.get(pk=a.pk).review_status == "new"


def test_bulk_refused_without_csrf_token(csrf_editor_client):
    (a,) = make_claims(1)
    assert csrf_editor_client.post(BULK, {"action": "confirm", "ids": [a.pk]}).status_code == 403
    assert Claim.objects.get(pk=a.pk).review_status == "new"


def test_bulk_is_post_only(editor_client):
    assert editor_client.get(BULK).status_code == 405


def test_readers_see_no_bulk_controls(reader_client):
    make_claims(2)
    body = reader_client.get(QUEUE).content.decode()
    assert 'name="ids"' not in body and "Confirm selected" not in body
    assert "Submit article" not in body
