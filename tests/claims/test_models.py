"""Constraints the database enforces, whatever code writes the rows."""

import pytest
from django.db import IntegrityError, transaction

from apps.articles.models import Article, content_hash
from apps.claims.models import Claim, Speaker, normalise_name
from apps.claims.selectors import QueueFilters, capped_status_counts
from apps.sources.models import Source
from tests.factories import ArticleFactory, ClaimFactory, SourceFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def _violates(fn) -> bool:
    try:
        with transaction.atomic():
            fn()
    except IntegrityError:
        return True
    return False


def test_claim_span_must_not_be_empty(claim):
    assert _violates(lambda: Claim.objects.filter(pk=claim.pk).update(end=claim.start))


def test_one_claim_per_span_in_an_article(claim):
    assert _violates(lambda: ClaimFactory(article=claim.article, start=claim.start, end=claim.end))
    ClaimFactory(article=ArticleFactory(), start=claim.start, end=claim.end)  # another article is fine


def test_cue_and_evidence_spans_are_both_or_neither(claim):
    assert _violates(lambda: Claim.objects.filter(pk=claim.pk).update(cue_start=5, cue_end=None))
    assert _violates(lambda: Claim.objects.filter(pk=claim.pk).update(evidence_start=9, evidence_end=3))
    Claim.objects.filter(pk=claim.pk).update(evidence_start=3, evidence_end=9)


def test_a_new_claim_has_no_review_date(claim):
    from django.utils import timezone

    assert _violates(lambda: Claim.objects.filter(pk=claim.pk).update(reviewed_at=timezone.now()))


def test_article_url_unique_when_present_and_text_unique():
    ArticleFactory(url="https://a.example/1", origin=Article.Origin.URL)
    assert _violates(lambda: ArticleFactory(url="https://a.example/1", origin=Article.Origin.URL))
    ArticleFactory(url="")
    ArticleFactory(url="")  # several pasted articles without a URL
    first = ArticleFactory(text="Same words.")
    assert _violates(lambda: ArticleFactory(text="Same  words."))
    dup = ArticleFactory(text="", content_hash=content_hash("Same words."), duplicate_of=first)
    assert dup.pk


def test_failed_article_needs_an_error(article):
    assert _violates(lambda: Article.objects.filter(pk=article.pk).update(status="failed", error=""))


def test_fetched_article_needs_a_url():
    assert _violates(lambda: ArticleFactory(origin=Article.Origin.URL, url=""))


def test_source_poll_interval_at_least_a_minute():
    from datetime import timedelta

    assert _violates(lambda: SourceFactory(poll_interval=timedelta(seconds=5)))
    assert _violates(lambda: (SourceFactory(name="Dup"), Source.objects.create(name="Dup")))


def test_speaker_normalised_name_is_unique():
    SpeakerFactory(name="Vladimir Putin")
    assert _violates(lambda: Speaker.objects.create(name="vladimir  PUTIN"))
    assert _violates(lambda: Speaker.objects.create(name=""))


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Mr. Putin", "putin"),
        ("President Vladimir Putin", "vladimir putin"),
        ("the World Health Organization", "world health organization"),
        ("Dr Ana Müller", "ana muller"),
        ("Putin’s", "putin"),
    ],
)
def test_normalise_name(name, key):
    assert normalise_name(name) == key


def test_queryset_methods(claim):
    other = ClaimFactory(review_status=Claim.ReviewStatus.UNSUPPORTED, reviewed_at="2026-01-01T00:00Z")
    assert list(Claim.objects.unsupported()) == [other]
    counts = capped_status_counts(QueueFilters())  # the counts the queue shows
    assert counts == {"all": 2, "new": 1, "confirmed": 0, "unsupported": 1, "dismissed": 0}
    assert list(Claim.objects.machine_unreviewed()) == [claim]


def test_capped_status_counts_past_the_scan(monkeypatch, django_assert_num_queries):
    """Past SCAN_CAP matching claims: "all" is capped, a status the sample already holds more than `cap` of
    is capped without a second count, and the others are counted exactly up to `cap`."""
    from apps.claims import selectors

    monkeypatch.setattr(selectors, "SCAN_CAP", 3)
    ClaimFactory.create_batch(5)
    ClaimFactory(review_status=Claim.ReviewStatus.CONFIRMED, reviewed_at="2026-01-01T00:00Z")
    with django_assert_num_queries(2):
        counts = capped_status_counts(QueueFilters(), cap=2)
    assert counts == {"all": None, "new": None, "confirmed": 1, "unsupported": 0, "dismissed": 0}


def test_capped_status_counts_of_a_search_past_the_scan(monkeypatch, django_assert_num_queries):
    """A search past SCAN_CAP: the statuses under the cap are counted in one pass (one full-text scan), and
    apart only past RARE_SCAN_CAP."""
    from apps.claims import selectors

    monkeypatch.setattr(selectors, "SCAN_CAP", 3)
    words = {"content": "The budget grew by a third."}
    ClaimFactory.create_batch(5, **words)
    reviewed = {"reviewed_at": "2026-01-01T00:00Z", **words}
    ClaimFactory(review_status=Claim.ReviewStatus.CONFIRMED, **reviewed)
    ClaimFactory.create_batch(2, review_status=Claim.ReviewStatus.DISMISSED, **reviewed)
    ClaimFactory(review_status=Claim.ReviewStatus.DISMISSED, content="Nothing of the sort.")
    expected = {"all": None, "new": None, "confirmed": 1, "unsupported": 0, "dismissed": 2}
    with django_assert_num_queries(2):
        assert capped_status_counts(QueueFilters(q="budget"), cap=2) == expected
    monkeypatch.setattr(selectors, "RARE_SCAN_CAP", 2)
    with django_assert_num_queries(3):
        assert capped_status_counts(QueueFilters(q="budget"), cap=2) == expected
