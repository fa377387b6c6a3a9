"""The matcher in the worker: claims are indexed and linked to earlier claims that say the same thing."""

from datetime import timedelta
from unittest import mock

import pytest

from apps.claims.models import Claim
from apps.claims.services import ClaimEdit, claim_create_manual, claim_edit
from apps.claims.signals import claims_extracted
from apps.similarity.backends import OFF, active_backend, lexical_text
from apps.similarity.index import index_forget, index_refresh
from apps.similarity.models import ClaimEmbedding, ClaimLink
from apps.similarity.services import claims_link
from tests.factories import ArticleFactory, EditorFactory, SpeakerFactory

from .conftest import T0, said

pytestmark = pytest.mark.django_db

EARLIER = "Police numbers have fallen by 20,000 since 2010."
REWORDED = "There are 20,000 fewer police officers than there were in 2010."
DIFFERENT = "Police numbers have risen by 20,000 since 2010."
UNRELATED = "The bridge will reopen to traffic by May."


def test_links_the_reworded_earlier_claim_and_not_the_different_one(backend):
    earlier = said(EARLIER, days=0)
    different = said(DIFFERENT, days=1)
    unrelated = said(UNRELATED, days=2)
    claims_link(claim_ids=[earlier.pk, different.pk, unrelated.pk], backend=backend)
    assert not ClaimLink.objects.exists()
    new = said(REWORDED, days=30)
    claims_link(claim_ids=[new.pk], backend=backend)
    link = ClaimLink.objects.get()
    assert (link.claim, link.earlier_claim) == (new, earlier)
    assert link.method == backend.name and link.status == ClaimLink.Status.SUGGESTED
    assert backend.threshold <= link.score <= 1.0


def test_the_link_points_to_the_claim_said_first_whatever_the_order_they_arrive(backend):
    later = said(REWORDED, days=30)
    claims_link(claim_ids=[later.pk], backend=backend)
    backfilled = said(EARLIER, days=0)  # an older article ingested afterwards
    claims_link(claim_ids=[backfilled.pk], backend=backend)
    link = ClaimLink.objects.get()
    assert (link.claim, link.earlier_claim) == (later, backfilled)


def test_any_speaker_but_not_the_same_article():
    article = ArticleFactory(text=f"{EARLIER} Later he added: {REWORDED}", published_at=T0)
    a = said(EARLIER, article=article)
    b = said(REWORDED, article=article)
    claims_link(claim_ids=[a.pk, b.pk])
    assert not ClaimLink.objects.exists()
    other = said(REWORDED, days=40, speaker=SpeakerFactory(name="Someone Else"))
    claims_link(claim_ids=[other.pk])
    assert set(ClaimLink.objects.values_list("earlier_claim", flat=True)) == {a.pk, b.pk}


def test_reviewed_links_survive_relinking_and_a_rejected_one_is_not_suggested_again():
    editor = EditorFactory()
    earlier = said(EARLIER)
    also = said("Police numbers are down 20,000 on 2010.", days=3)
    new = said(REWORDED, days=30)
    claims_link(claim_ids=[earlier.pk, also.pk, new.pk])
    links = {link.earlier_claim_id: link for link in ClaimLink.objects.filter(claim=new)}
    assert set(links) == {earlier.pk, also.pk}
    from apps.similarity.services import claim_link_confirm, claim_link_reject

    claim_link_confirm(link=links[earlier.pk], user=editor)
    claim_link_reject(link=links[also.pk], user=editor)
    claims_link(claim_ids=[new.pk])
    statuses = dict(ClaimLink.objects.filter(claim=new).values_list("earlier_claim", "status"))
    assert statuses == {earlier.pk: "confirmed", also.pk: "rejected"}


def test_an_edited_claim_is_indexed_again_and_loses_suggestions_that_no_longer_match():
    editor = EditorFactory()
    earlier = said(EARLIER)
    text = f"{REWORDED} {UNRELATED}"
    new = said(text, days=30)
    Claim.objects.filter(pk=new.pk).update(end=len(REWORDED), content=REWORDED)
    new.refresh_from_db()
    claims_link(claim_ids=[earlier.pk, new.pk])
    assert ClaimLink.objects.filter(claim=new, earlier_claim=earlier).exists()
    first_row = ClaimEmbedding.objects.get(claim=new).pk
    start = text.index(UNRELATED)
    claim_edit(
        claim=new,
        user=editor,
        edit=ClaimEdit(start, len(text), new.speaker, new.kind, new.evidence),
    )
    claims_link(claim_ids=[new.pk])
    entry = ClaimEmbedding.objects.get(claim=new)
    assert entry.pk > first_row and entry.text == lexical_text(UNRELATED)
    assert not ClaimLink.objects.filter(claim=new).exists()


def test_off_links_nothing(settings):
    settings.CLAIMTRACK_SIMILARITY_BACKEND = OFF
    earlier, new = said(EARLIER), said(REWORDED, days=30)
    assert claims_link(claim_ids=[earlier.pk, new.pk]) == 0
    assert not ClaimLink.objects.exists() and not ClaimEmbedding.objects.exists()


def test_the_index_tops_up_and_skips_deleted_claims():
    earlier = said(EARLIER)
    claims_link(claim_ids=[earlier.pk])
    backend = active_backend()
    assert len(index_refresh(backend)) == 1
    gone = said("There are 20,000 fewer police officers than in 2010, figures show.", days=5)
    claims_link(claim_ids=[gone.pk])
    assert len(index_refresh(backend)) == 2
    gone.article.delete()  # the claim, its entry and its links go; the cached row stays until reload
    new = said(REWORDED, days=30)
    claims_link(claim_ids=[new.pk])
    assert list(ClaimLink.objects.values_list("earlier_claim", flat=True)) == [earlier.pk]


def test_new_claims_are_sent_to_the_worker_after_commit(django_capture_on_commit_callbacks):
    editor = EditorFactory()
    article = ArticleFactory(text=f"Intro. {EARLIER}")
    with mock.patch("apps.similarity.tasks.link_claims.delay") as delay:
        with django_capture_on_commit_callbacks(execute=True):
            claim = claim_create_manual(
                article=article,
                user=editor,
                start=7,
                end=len(article.text),
                speaker=SpeakerFactory(),
            )
        delay.assert_called_once_with([claim.pk])
        delay.reset_mock()
        with django_capture_on_commit_callbacks(execute=True):
            claims_extracted.send(sender=Claim, article=article, claims=[claim])
        delay.assert_called_once_with([claim.pk])
        delay.reset_mock()
        with django_capture_on_commit_callbacks(execute=True):
            claim.review_status = Claim.ReviewStatus.CONFIRMED
            claim.save(update_fields=["review_status"])  # a review is not a new text: no relinking
        delay.assert_not_called()


def test_the_task_links(backend):
    from apps.similarity.tasks import link_claims

    earlier, new = said(EARLIER), said(REWORDED, days=30)
    assert link_claims.apply(args=[[earlier.pk, new.pk]]).get() == 1
    assert ClaimLink.objects.get().earlier_claim == earlier


def test_the_said_before_count_is_stored_on_the_claim_and_follows_links_decisions_and_speaker():
    """Claim.said_before: how many earlier claims of the same speaker a claim repeats (suggested or confirmed
    links). Similarity stores it through claims; triage reads it from the claim (no import between them)."""
    from apps.claims.signals import claims_repeats_counted
    from apps.similarity.services import claim_link_reject
    from apps.triage.services import claims_facts

    editor, speaker = EditorFactory(), SpeakerFactory(name="Dana Whitlock")
    earlier = said(EARLIER, speaker=speaker)
    also = said("Police numbers are down 20,000 on 2010.", days=3, speaker=speaker)
    by_another = said("There are 20,000 fewer police officers than in 2010.", days=5)
    new = said(REWORDED, days=30, speaker=speaker)
    told = []

    def receiver(sender, claim_ids, **kwargs):
        told.extend(claim_ids)

    claims_repeats_counted.connect(receiver)
    try:
        claims_link(claim_ids=[earlier.pk, also.pk, by_another.pk, new.pk])
        new.refresh_from_db()
        links_of_new = ClaimLink.objects.filter(claim=new)
        assert {link.earlier_claim_id for link in links_of_new} >= {earlier.pk, also.pk, by_another.pk}
        assert new.said_before == 2  # the other speaker's claim is linked but not counted
        assert new.pk in told
        [facts] = claims_facts([Claim.objects.select_related("speaker").get(pk=new.pk)])
        assert facts.said_before == 2

        told.clear()
        claim_link_reject(link=links_of_new.get(earlier_claim=also), user=editor)
        new.refresh_from_db()
        assert new.said_before == 1 and told == [new.pk]

        told.clear()
        claims_link(claim_ids=[new.pk])  # nothing changed: nothing told
        assert told == []

        claim_edit(
            claim=new,
            user=editor,
            edit=ClaimEdit(new.start, new.end, SpeakerFactory(name="Someone Else"), new.kind, new.evidence),
        )
        new.refresh_from_db()
        assert new.said_before == 0 and told == [new.pk]
    finally:
        claims_repeats_counted.disconnect(receiver)


def _said_in(text: str, *, days: int):
    """`text` said in an article of its own (a different text each time: stored texts are unique)."""
    return said(
        text, article=ArticleFactory(text=f"Report {days}. {text}", published_at=T0 + timedelta(days=days))
    )


def _linked_queries(claims) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    index_forget()
    with CaptureQueriesContext(connection) as queries:
        claims_link(claim_ids=[c.pk for c in claims])
    return len(queries)


def test_linking_takes_as_many_queries_for_many_claims_as_for_two():
    """One query for all the claims' candidates, one for their links, the new links in bulk: no query a
    claim (a worker linking an article's 15 claims made about 200 round trips)."""
    two = [said(EARLIER), said(REWORDED, days=30)]
    assert ClaimLink.objects.count() == 0
    few = _linked_queries(two)
    assert ClaimLink.objects.count() == 1
    many = [_said_in(EARLIER, days=d) for d in range(1, 4)] + [
        _said_in(REWORDED, days=30 + d) for d in range(1, 4)
    ]
    assert _linked_queries(many) == few
    assert ClaimLink.objects.count() > 6


@pytest.mark.django_db(transaction=True)
def test_a_pair_linked_meanwhile_by_another_worker_stands_and_the_other_links_still_go_in():
    """Two worker processes can link the same pair at once (each from its own claim). The other one's link,
    committed while this one inserts, wins; this one's other new links go in, and nothing raises."""
    import threading
    import time

    from django.db import connection, transaction

    earlier = said(EARLIER)
    also = said("Police numbers are down 20,000 on 2010.", days=3)
    claims_link(claim_ids=[earlier.pk, also.pk])
    ClaimLink.objects.all().delete()
    new = said(REWORDED, days=30)
    inserted = threading.Event()

    def other_worker() -> None:
        try:
            with transaction.atomic():
                ClaimLink.objects.create(
                    claim=new, earlier_claim=earlier, score=0.5, method="lexical", reasons=["other worker"]
                )
                inserted.set()
                time.sleep(1)  # this worker's insert of the same pair waits on the unique index meanwhile
        finally:
            connection.close()

    thread = threading.Thread(target=other_worker)
    thread.start()
    assert inserted.wait(10)
    try:
        claims_link(claim_ids=[new.pk])
    finally:
        thread.join(10)
    links = {link.earlier_claim_id: link for link in ClaimLink.objects.filter(claim=new)}
    assert set(links) == {earlier.pk, also.pk}
    assert links[earlier.pk].reasons == ["other worker"]
    assert links[also.pk].history.count() == 1


def test_the_word_index_finds_what_scanning_every_text_finds():
    """The lexical search looks only at texts sharing a word with the query, through the word index: the
    same candidates, in the same order, as scoring every stored text and keeping those sharing a word."""
    import random

    from rapidfuzz import fuzz

    from apps.similarity.index import _Matrix, matrix_search

    rng = random.Random(4)
    words = [
        "police",
        "number",
        "fall",
        "rise",
        "20000",
        "2010",
        "bridge",
        "reopen",
        "traffic",
        "may",
        "tax",
        "rate",
        "cut",
        "wage",
    ]
    texts = [" ".join(rng.sample(words, rng.randint(2, 6))) for _ in range(400)]
    matrix = _Matrix(key=("lexical", ""))
    matrix.add([(i + 1, i + 1, text) for i, text in enumerate(texts)], 0)
    for query in texts[:40]:
        found = matrix_search(matrix, query=query, exclude_claim_ids={-1}, limit=5, min_score=0.5)
        scored = [
            (fuzz.token_set_ratio(query, text) / 100.0, i)
            for i, text in enumerate(texts)
            if not set(query.split()).isdisjoint(text.split())
        ]
        best = sorted((s for s in scored if s[0] >= 0.5), key=lambda s: (-s[0], s[1]))[:10]
        assert [(c.score, c.claim_id) for c in found] == [(s, i + 1) for s, i in best]
