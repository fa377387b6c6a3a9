"""The queue sorted "Worth checking first": keyset pages on (score, id), the minimum-score filter, and the
claim page's previous / next following the same order."""

import re

import pytest
from django.urls import reverse

from apps.claims.models import Claim
from apps.claims.selectors import QueueFilters, claim_neighbours, claims_filtered, queue_page
from tests.factories import ArticleFactory, ClaimFactory, EditorFactory

pytestmark = pytest.mark.django_db

SCORES = [55, 90, 12, 90, 70, 33, 70, 70, 5, 88, 41, 90]


@pytest.fixture
def scored():
    article = ArticleFactory()
    ids = []
    for i, score in enumerate(SCORES):
        claim = ClaimFactory(article=article, start=i * 3, end=i * 3 + 2)
        Claim.objects.filter(pk=claim.pk).update(
            worth_score=score,
            worth_model="prior-1",
            worth_reasons=[{"code": "figure", "text": "gives a figure", "sign": "+"}],
        )
        ids.append(claim.pk)
    # highest score first, newest (highest id) first among equals
    return sorted(ids, key=lambda pk: (-SCORES[ids.index(pk)], -pk))


def test_keyset_pages_walk_the_worth_order_both_ways(scored):
    qs = claims_filtered(QueueFilters(sort="worth"))
    seen, after = [], ""
    while True:
        page = queue_page(qs, after=after, size=5, by_worth=True)
        seen += page.ids
        if not page.next_cursor:
            break
        after = page.next_cursor
    assert seen == scored
    last = queue_page(qs, after=queue_page(qs, size=5, by_worth=True).next_cursor, size=5, by_worth=True)
    back = queue_page(qs, before=last.prev_cursor, size=5, by_worth=True)
    assert back.ids == scored[:5] and back.is_first
    # a reading-order cursor is not a worth cursor: the first page
    reading = queue_page(claims_filtered(QueueFilters()), size=5)
    assert queue_page(qs, after=reading.next_cursor, size=5, by_worth=True).ids == scored[:5]


def test_min_score_and_neighbours(scored):
    qs = claims_filtered(QueueFilters(sort="worth", min_score=70))
    assert list(qs.values_list("pk", flat=True)) == scored[:7]
    middle = Claim.objects.get(pk=scored[3])
    assert claim_neighbours(qs, middle, by_worth=True) == (scored[2], scored[4])


def test_queue_page_sorted_with_reasons_and_the_order_kept_in_links(client, editor, scored):
    client.force_login(editor)
    html = client.get(reverse("review:queue"), {"sort": "worth", "min_score": "40"}).content.decode()
    rows = [int(pk) for pk in re.findall(r'data-queue-item data-pk="(\d+)"', html)]
    assert rows == scored[:9]
    assert 'class="worth-score worth-high"' in html and "gives a figure" in html
    assert f'href="/claims/{scored[0]}/?min_score=40&amp;sort=worth"' in html
    assert '<option value="worth" selected>Worth checking first</option>' in html
    claim_page = client.get(f"/claims/{scored[1]}/?min_score=40&sort=worth").content.decode()
    assert f'href="/claims/{scored[0]}/?min_score=40&amp;sort=worth">← Previous' in claim_page
    assert f'href="/claims/{scored[2]}/?min_score=40&amp;sort=worth">Next' in claim_page
    # newest first stays the default
    default = client.get(reverse("review:queue")).content.decode()
    assert '<option value="" selected>Newest articles first</option>' in default


@pytest.mark.parametrize(
    ("filters", "index"),
    [
        (QueueFilters(sort="worth"), "claim_queue_worth_idx"),
        (QueueFilters(sort="worth", status="new"), "claim_queue_status_worth_idx"),
    ],
)
def test_worth_order_is_served_by_its_index(scored, filters, index):
    from django.db import connection

    sql, params = claims_filtered(filters)[:50].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("SET enable_sort = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("SET enable_seqscan = on")
        cursor.execute("SET enable_sort = on")
    assert index in plan and "Sort" not in plan, plan


def test_a_followed_speaker_is_a_reason_for_whoever_follows(client, editor, scored):
    from apps.alerts.models import Follow

    claim = Claim.objects.get(pk=scored[0])
    Follow.objects.create(user=editor, speaker=claim.speaker)
    client.force_login(editor)
    html = client.get(reverse("review:queue"), {"sort": "worth"}).content.decode()
    assert html.count("speaker followed by you") == Claim.objects.filter(speaker=claim.speaker).count()
    page = client.get(reverse("review:claim", args=[claim.pk])).content.decode()
    assert '<span class="worth-reason is-followed">speaker followed by you</span>' in page
    other = EditorFactory(username="other-editor")
    client.force_login(other)
    assert "followed by you" not in client.get(reverse("review:queue"), {"sort": "worth"}).content.decode()
