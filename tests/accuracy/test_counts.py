"""The count tables stay exact: after a realistic mix of writes through the services, what the pages read
equals a full recount (`manage.py rebuild_counts`) and equals the old aggregates over the claims table;
and the pages never aggregate the claims table. Runs on PostgreSQL and in bin/test's SQLite pass."""

from dataclasses import replace
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.accuracy.counts import counts_check
from apps.accuracy.models import AccuracyArticle, AccuracyCount, AccuracyFact
from apps.accuracy.selectors import _AGGREGATES, accuracy_overview, claims_with_outcome_flags
from apps.articles.services import article_correct_text, article_persist_extraction
from apps.claims.models import Claim, ClaimCount, ClaimTally
from apps.claims.selectors import speaker_stats, speaker_timeline
from apps.claims.services import (
    ClaimEdit,
    claim_confirm,
    claim_create_manual,
    claim_dismiss,
    claim_edit,
    claim_flag_unsupported,
    claim_save_in_admin,
    claim_undo_review,
    claims_bulk_set_review_status,
    claims_bulk_undo_review,
    speaker_merge,
    speaker_resolve,
)
from apps.extraction import extract_claims
from apps.extraction.apps import config_from_settings
from apps.publishing.selectors import MONTH, WEEK, DashboardRange, dashboard
from tests.factories import THREE_CLAIMS_TEXT, ArticleFactory, EditorFactory, SourceFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

TEXT = THREE_CLAIMS_TEXT + "\nUnion leaders, for their part, think the cuts will cost jobs."


def _tables() -> dict[str, set]:
    """Every count table as a set of rows (zero rows left out: a row at zero counts nothing)."""
    return {
        "tally": set(
            ClaimTally.objects.values_list(
                "pk", "speaker_id", "source_id", "said_at", "review_status", "evidence"
            )
        ),
        "counts": {
            row
            for row in ClaimCount.objects.values_list("scope", "key", "day", *ClaimCount.COUNT_VALUES)
            if any(row[3:])
        },
        "facts": set(
            AccuracyFact.objects.values_list("pk", "article_id", "source_key", "version", "day", "flags")
        ),
        "accuracy": {
            row
            for row in AccuracyCount.objects.values_list("kind", "key", *AccuracyCount.COUNT_VALUES)
            if any(row[2:])
        },
        "articles": set(
            AccuracyArticle.objects.filter(reviewed__gt=0).values_list(
                "kind", "key", "article_id", "reviewed"
            )
        ),
    }


def _pages() -> tuple:
    today = timezone.localdate()
    year = DashboardRange(today - timedelta(days=365), today + timedelta(days=1), MONTH)
    weeks = DashboardRange(today - timedelta(days=60), today + timedelta(days=1), WEEK)
    speakers = [s for s in Claim.objects.values_list("speaker", flat=True).distinct() if s]
    from apps.claims.models import Speaker

    return (
        accuracy_overview(),
        dashboard(year),
        dashboard(weeks),
        [(speaker_stats(s), speaker_timeline(s)) for s in Speaker.objects.filter(pk__in=speakers)],
    )


def assert_exact() -> None:
    """Incremental counts == a full recount, and the figures == the old aggregates over the claims."""
    incremental, pages = _tables(), _pages()
    call_command("rebuild_counts", stdout=StringIO())
    recounted = _tables()
    for name, rows in incremental.items():
        assert (name, rows - recounted[name], recounted[name] - rows) == (name, set(), set())
    assert _pages() == pages
    overview = pages[0]
    recount = claims_with_outcome_flags().order_by().aggregate(**_AGGREGATES)
    assert {name: getattr(overview.overall, name) for name in _AGGREGATES} == recount
    by_version = {
        row.pop("counted_version"): row
        for row in claims_with_outcome_flags().order_by().values("counted_version").annotate(**_AGGREGATES)
    }
    assert {
        row.slice.version: {k: getattr(row, k) for k in _AGGREGATES} for row in overview.by_version
    } == by_version
    for speaker_id in Claim.objects.exclude(speaker=None).values_list("speaker", flat=True).distinct():
        stats = Claim.objects.filter(speaker_id=speaker_id).aggregate(
            total=Count("id"),
            unsupported=Count("id", filter=Q(review_status="unsupported")),
            no_evidence=Count("id", filter=Q(evidence="not_provided")),
            confirmed=Count("id", filter=Q(review_status="confirmed")),
        )
        from apps.claims.models import Speaker

        assert speaker_stats(Speaker.objects.get(pk=speaker_id)) == stats
    problems = Claim.objects.filter(Q(review_status="unsupported") | Q(evidence="not_provided"))
    assert pages[1].totals == {
        "unsupported": problems.filter(review_status="unsupported").count(),
        "no_evidence": problems.filter(evidence="not_provided").count(),
    }


def _extract(article, version, *, flip_evidence=False) -> None:
    result = extract_claims(article.text, config=config_from_settings())
    if flip_evidence:
        claims = tuple(
            replace(c, evidence="not_stated", evidence_cue=None, evidence_span=None) for c in result.claims
        )
        result = replace(result, claims=claims)
    article_persist_extraction(article=article, result=result, extractor_version=version)


def _edit(claim, user, **changes) -> Claim:
    fields = {
        "content_start": claim.start,
        "content_end": claim.end,
        "speaker": claim.speaker,
        "kind": claim.kind,
        "evidence": claim.evidence,
    }
    fields.update(changes)
    return claim_edit(claim=claim, user=user, edit=ClaimEdit(**fields))


def test_counts_stay_exact_through_a_day_of_work():
    ed1, ed2 = EditorFactory(username="counts-one"), EditorFactory(username="counts-two")
    north, south = SourceFactory(name="North"), SourceFactory(name="South")
    a1 = ArticleFactory(source=north, text=TEXT, status="extracting")
    a2 = ArticleFactory(
        source=south,
        text=TEXT + " (South.)",
        status="extracting",
        published_at=timezone.now() - timedelta(days=40),
    )
    a3 = ArticleFactory(source=None, text=TEXT + " (No source.)", status="extracting")
    for article in (a1, a2, a3):
        _extract(article, "rules-old", flip_evidence=True)
    assert Claim.objects.count() >= 9
    assert_exact()

    c1, c2, c3, *_ = list(a1.claims.order_by("start"))
    claim_confirm(claim=c1, user=ed1)
    claim_flag_unsupported(claim=c2, user=ed2, rationale="No source for it.")
    claim_dismiss(claim=c3, user=ed1)
    c3.refresh_from_db()
    claim_undo_review(claim=c3, user=ed1, expected_version=c3.version)  # back to new
    c1.refresh_from_db()
    _edit(c1, ed2, evidence=Claim.Evidence.NOT_PROVIDED)  # evidence changed
    other = SpeakerFactory(name="Someone Else")
    c2.refresh_from_db()
    _edit(c2, ed1, speaker=other)  # speaker changed
    start = TEXT.index("the cuts will cost jobs")
    manual = claim_create_manual(
        article=a1,
        user=ed2,
        start=start,
        end=start + len("the cuts will cost jobs"),
        speaker=speaker_resolve(name="Union leaders", kind="group"),
    )
    assert_exact()

    b = list(a2.claims.order_by("start"))
    saved = claims_bulk_set_review_status(
        claim_ids=[c.pk for c in b], user=ed2, status=Claim.ReviewStatus.CONFIRMED
    )
    claims_bulk_undo_review(versions={c.pk: c.version for c in saved[:1]}, user=ed2)
    claims_bulk_set_review_status(
        claim_ids=[c.pk for c in a3.claims.all()], user=ed1, status=Claim.ReviewStatus.DISMISSED
    )
    claim_dismiss(claim=manual, user=ed1)  # a missed claim taken back
    assert_exact()

    # a speaker merge (twice), an admin edit, a re-extraction with a new version, a text correction
    target = SpeakerFactory(name="Target Person")
    speaker_merge(source=other, target=target, user=ed1)
    speaker_merge(source=target, target=SpeakerFactory(name="Final Person"), user=ed1)
    admin_claim = a2.claims.order_by("start").last()
    admin_claim.evidence = Claim.Evidence.NOT_PROVIDED
    claim_save_in_admin(claim=admin_claim, user=ed2, before={"evidence": "not_stated"})
    for article in (a1, a2):
        article.refresh_from_db()
        _extract(article, "rules-new")
    a4 = ArticleFactory(source=north, text=TEXT + " (Fourth.)", status="extracting")
    _extract(a4, "rules-new")
    assert_exact()
    a4.refresh_from_db()
    article_correct_text(
        article=a4, text=a4.text.replace("the figures were invented", "the numbers were made up"), user=ed2
    )
    assert_exact()
    assert AccuracyCount.objects.filter(kind="version", key="rules-new").exists()


def test_admin_deletions_are_recounted(admin_client):
    article = ArticleFactory(text=TEXT, status="extracting", source=SourceFactory(name="Gone"))
    _extract(article, "rules-old")
    claim = article.claims.order_by("start").first()
    response = admin_client.post(reverse("admin:claims_claim_delete", args=[claim.pk]), {"post": "yes"})
    assert response.status_code == 302 and not Claim.objects.filter(pk=claim.pk).exists()
    assert_exact()
    response = admin_client.post(reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"})
    assert response.status_code == 302 and not Claim.objects.exists()
    assert_exact()
    assert not ClaimCount.objects.exclude(total=0, problems=0).exists()


def _reads_claims_aggregate(queries) -> list[str]:
    table = Claim._meta.db_table
    return [
        q["sql"]
        for q in queries
        if f'"{table}"' in q["sql"] and ("GROUP BY" in q["sql"].upper() or "COUNT(" in q["sql"].upper())
    ]


@pytest.mark.parametrize("n", [3, 12])
def test_the_pages_never_aggregate_the_claims_table(n, client, django_assert_max_num_queries):
    editor = EditorFactory(username="counts-reader")
    speaker = SpeakerFactory(name="Busy Speaker")
    for i in range(n):
        article = ArticleFactory(
            text=TEXT + f" ({i})", status="extracting", source=SourceFactory(name=f"S{i}")
        )
        _extract(article, f"v{i % 3}")
        for claim in article.claims.all():
            claim_edit(
                claim=claim,
                user=editor,
                edit=ClaimEdit(
                    content_start=claim.start,
                    content_end=claim.end,
                    speaker=speaker,
                    kind=claim.kind,
                    evidence=claim.evidence,
                    status=Claim.ReviewStatus.UNSUPPORTED if i % 2 else Claim.ReviewStatus.CONFIRMED,
                ),
            )
    client.force_login(editor)
    today = date.today()
    urls = [
        reverse("accuracy:overview"),
        reverse("publishing:dashboard"),
        reverse("publishing:dashboard")
        + f"?date_from={today - timedelta(days=365)}&date_to={today}&interval=week",
        reverse("review:speaker", args=[speaker.pk]),
    ]
    for url in urls:
        client.get(url)  # warm the session
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        assert _reads_claims_aggregate(queries.captured_queries) == [], url
        assert 0 < len(queries) <= 12, url  # the same bound at 3 and 12 articles


def test_the_hourly_check_recounts_after_a_bulk_load():
    article = ArticleFactory(text=TEXT, status="extracting")
    _extract(article, "rules-old")
    assert counts_check() is False  # in step: nothing to do
    Claim.objects.bulk_create(
        [Claim(article=article, start=0, end=7, content=TEXT[:7], evidence="not_provided")]
    )
    assert counts_check() is True  # a row written past the services: everything recounted
    assert ClaimTally.objects.count() == AccuracyFact.objects.count() == Claim.objects.count()
    assert (
        dashboard(DashboardRange(date.today() - timedelta(days=1), date.today() + timedelta(days=1))).totals[
            "no_evidence"
        ]
        == Claim.objects.filter(evidence="not_provided").count()
    )
    assert counts_check() is False


def test_a_bulk_action_recounts_once():
    editor = EditorFactory(username="counts-bulk")
    articles = [ArticleFactory(text=TEXT + f" ({i})", status="extracting") for i in range(3)]
    for article in articles:
        _extract(article, "rules-old")
    ids = list(Claim.objects.values_list("pk", flat=True))
    with CaptureQueriesContext(connection) as queries:
        claims_bulk_set_review_status(claim_ids=ids, user=editor, status=Claim.ReviewStatus.UNSUPPORTED)
    upserts = [
        q["sql"] for q in queries.captured_queries if q["sql"].startswith('INSERT INTO "claims_claimcount"')
    ]
    assert len(upserts) == 1  # one pass for the whole action, its rows locked once in key order
    assert_exact()
